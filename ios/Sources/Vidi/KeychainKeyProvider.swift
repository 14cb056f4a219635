import CryptoKit
import Foundation
import LocalAuthentication

/// Seals the wallet key with an AES-256-GCM key kept in the Keychain,
/// readable on this device only, while it is unlocked, and (by default)
/// after Face ID, Touch ID or the passcode.
///
/// `unseal` throws `VidiError.Cancelled` when the user dismisses the
/// prompt, `Locked` when the Keychain will not answer, and `WrongKey` when
/// the Keychain key does not open the blob; the wallet hands these back as
/// they are.
///
/// The app asks for Face ID itself first (the app core's biometric prompt)
/// and hands the evaluated `LAContext` here (`useAuthentication`), so the
/// Keychain does not ask a second time.
public final class KeychainKeyProvider: KeyProvider, @unchecked Sendable {
    /// The kind stored with the sealed wallet key.
    public static let kindName = "ios-keychain"

    private let item: KeychainItem
    private let requireUserPresence: Bool
    private let prompt: String
    /// Guards `authenticated` and `created`.
    private let lock = NSLock()
    /// A context the app's own prompt evaluated, for the next read.
    private var authenticated: LAContext?
    /// The key this provider made, kept to seal with (the wallet is made,
    /// then its first records sealed) without asking for Face ID again.
    private var created: SymmetricKey?

    /// A provider whose key is the Keychain item `service`/`account`.
    public init(
        service: String = "vn.vidi.wallet-key",
        account: String = "wallet",
        requireUserPresence: Bool = true,
        prompt: String = "Mở ví Vidi · Unlock your Vidi wallet"
    ) {
        self.item = KeychainItem(service: service, account: account)
        self.requireUserPresence = requireUserPresence
        self.prompt = prompt
    }

    /// The next read of the key uses `context`, which the app's own Face ID
    /// prompt evaluated, instead of prompting again; `nil` forgets it.
    public func useAuthentication(_ context: LAContext?) {
        lock.withLock { authenticated = context }
    }

    public func kind() -> String {
        Self.kindName
    }

    public func seal(secret: Data) throws -> Data {
        let key = try lock.withLock({ created }) ?? storedKey() ?? newKey()
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(secret, using: key)
        } catch {
            throw VidiError.Other(reason: "sealing the wallet key failed")
        }
        // The combined form (nonce, ciphertext, tag) exists for the default nonce.
        guard let combined = box.combined else {
            throw VidiError.Other(reason: "sealing the wallet key failed")
        }
        return combined
    }

    public func unseal(sealed: Data) throws -> Data {
        guard let key = try storedKey() else {
            throw VidiError.WrongKey(reason: "no wallet key in the Keychain")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return try AES.GCM.open(box, using: key)
        } catch {
            throw VidiError.WrongKey(reason: "the Keychain key does not open the wallet key")
        }
    }

    private func storedKey() throws -> SymmetricKey? {
        let context = lock.withLock { () -> LAContext in
            defer { authenticated = nil }
            if let authenticated {
                return authenticated
            }
            let fresh = LAContext()
            fresh.localizedReason = prompt
            return fresh
        }
        return try item.read(context: context).map { SymmetricKey(data: $0) }
    }

    private func newKey() throws -> SymmetricKey {
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        let flags: SecAccessControlCreateFlags = requireUserPresence ? [.userPresence] : []
        try item.add(bytes, access: try thisDeviceOnly(flags))
        lock.withLock { created = key }
        return key
    }
}
