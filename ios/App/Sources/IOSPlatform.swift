import Foundation
import Vidi
import VidiUI

/// The iOS side of `AppPlatform`: the wallet key sealed by a Keychain item
/// (user presence for the biometric method; for the PIN method the core's
/// `pinKeyProvider` wraps a Keychain item without a prompt), and device
/// keys in the Secure Enclave. The Secure Enclave is used wherever
/// `SecureEnclave.isAvailable` says so (devices, and the simulator on
/// Apple-silicon Macs with recent Xcode); elsewhere the wallet keeps
/// software device keys, encrypted in its own file, rather than fail.
final class IOSPlatform: AppPlatform {
    let defaultServerUrl = "http://localhost:8080"
    let settings: SettingsStore
    let clock: WallClock = SystemClock()
    private let folder: URL

    init() {
        folder = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("Vidi", isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        settings = FileSettingsStore(file: folder.appendingPathComponent("settings.json"))
    }

    var biometricAvailable: Bool { BiometricPrompt.isAvailable }
    var walletPath: String { folder.appendingPathComponent("wallet.db").path }
    var verifierCacheDir: String { folder.appendingPathComponent("verifier", isDirectory: true).path }

    var deviceKeys: DeviceKeyStore? {
        SecureEnclaveDeviceKeyStoreAvailability.isAvailable ? SecureEnclaveDeviceKeyStore() : nil
    }

    func keyProvider(method: UnlockMethod, pin: String?) throws -> KeyProvider {
        switch method {
        case .biometric:
            return KeychainKeyProvider(requireUserPresence: true)
        case .pin:
            let inner = KeychainKeyProvider(account: "wallet-pin", requireUserPresence: false)
            return pinKeyProvider(inner: inner, pin: pin ?? "", workFactor: nil)
        }
    }
}
