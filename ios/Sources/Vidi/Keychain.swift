import Foundation
import LocalAuthentication
import Security

/// One generic-password item in the Keychain, this device only.
struct KeychainItem {
    let service: String
    let account: String

    private var query: [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: account,
        ]
    }

    /// The item's data; `nil` when there is no such item. An item that asks
    /// for user presence shows the system prompt with `context`'s reason.
    func read(context: LAContext? = nil) throws -> Data? {
        var query = self.query
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        if let context {
            query[kSecUseAuthenticationContext as String] = context
        }
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        switch status {
        case errSecSuccess:
            guard let data = result as? Data else {
                throw VidiError.Other(reason: "the Keychain item holds no data")
            }
            return data
        case errSecItemNotFound:
            return nil
        default:
            throw keychainError(status)
        }
    }

    /// Adds the item; it must not exist yet.
    func add(_ data: Data, access: SecAccessControl) throws {
        var query = self.query
        query[kSecValueData as String] = data
        query[kSecAttrAccessControl as String] = access
        let status = SecItemAdd(query as CFDictionary, nil)
        guard status == errSecSuccess else {
            throw keychainError(status)
        }
    }

    /// Deletes the item; a missing item is not an error.
    func delete() throws {
        let status = SecItemDelete(query as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else {
            throw keychainError(status)
        }
    }
}

/// Access for items readable only while the device is unlocked, never
/// migrated to another device or a backup, with `flags` on top.
func thisDeviceOnly(_ flags: SecAccessControlCreateFlags) throws -> SecAccessControl {
    var error: Unmanaged<CFError>?
    guard
        let access = SecAccessControlCreateWithFlags(
            nil, kSecAttrAccessibleWhenUnlockedThisDeviceOnly, flags, &error)
    else {
        _ = error?.takeRetainedValue()
        throw VidiError.Other(reason: "cannot make the Keychain access control")
    }
    return access
}

/// A Keychain status as the case the app acts on.
func keychainError(_ status: OSStatus) -> VidiError {
    switch status {
    case errSecUserCanceled:
        return .Cancelled(reason: "the user cancelled the Keychain prompt")
    case errSecAuthFailed:
        return .Locked(reason: "the Keychain refused the authentication")
    case errSecInteractionNotAllowed:
        return .Locked(reason: "the Keychain is unavailable while the device is locked")
    default:
        return .Other(reason: "the Keychain failed (OSStatus \(status))")
    }
}
