import Foundation
import Vidi

/// How the citizen unlocks the wallet: an app PIN, or Face ID / Touch ID.
public enum UnlockMethod: String, Sendable {
    case pin = "Pin"
    case biometric = "Biometric"
}

/// Where time comes from: the system clock in the app, a virtual one in
/// tests (lock-out waits and countdowns).
public protocol WallClock: Sendable {
    /// Now.
    func now() -> Date
}

/// The system clock.
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Date { Date() }
}

/// What differs between the iOS app and the tests; the screen models reach
/// the device only through it (docs/screens.md, "The platform").
///
/// - The app: `http://localhost:8080` (the simulator shares the Mac's
///   network), the Keychain key provider and the Secure Enclave.
/// - Tests: the core's in-memory key provider and device keys.
public protocol AppPlatform: AnyObject {
    /// The issuer's URL proposed at first run.
    var defaultServerUrl: String { get }

    /// Whether Face ID or Touch ID is enrolled and allowed.
    var biometricAvailable: Bool { get }

    /// The wallet's file (absolute path).
    var walletPath: String { get }

    /// The folder of the verifier's cached trust and status lists.
    var verifierCacheDir: String { get }

    /// Where device keys are made (the Secure Enclave); `nil` keeps
    /// software keys in the wallet.
    var deviceKeys: DeviceKeyStore? { get }

    /// The app's small settings file.
    var settings: SettingsStore { get }

    /// The clock lock-out waits and countdowns run on.
    var clock: WallClock { get }

    /// The wallet's key provider for `method`. For `.pin` the provider opens
    /// only with `pin` (a wrong one is the core's `WrongKey`); for
    /// `.biometric` the system asks for Face ID / Touch ID when the key is
    /// used and `pin` is ignored.
    func keyProvider(method: UnlockMethod, pin: String?) throws -> KeyProvider
}

extension AppPlatform {
    /// Whether a wallet file exists already (first run when not).
    public func walletExists() -> Bool {
        FileManager.default.fileExists(atPath: walletPath)
    }
}
