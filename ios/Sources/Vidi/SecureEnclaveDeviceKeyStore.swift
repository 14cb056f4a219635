import CryptoKit
import Foundation

/// Device keys in the Secure Enclave: P-256 signing keys that never leave
/// it. The Keychain keeps each key's `dataRepresentation` under its handle:
/// a blob wrapped by this device's Secure Enclave, useless anywhere else.
///
/// Keys sign without a prompt while the device is unlocked: the app gates
/// showing a QR code with its own unlock, and a code is redrawn every 15 s.
public final class SecureEnclaveDeviceKeyStore: DeviceKeyStore {
    /// The kind stored with every handle.
    public static let kindName = "ios-secure-enclave"

    private let service: String

    /// A store keeping its key blobs under the Keychain service `service`.
    public init(service: String = "vn.vidi.device-keys") {
        self.service = service
    }

    public func kind() -> String {
        Self.kindName
    }

    public func create() throws -> CreatedDeviceKey {
        guard SecureEnclave.isAvailable else {
            throw VidiError.Other(reason: "this device has no Secure Enclave")
        }
        let access = try thisDeviceOnly([.privateKeyUsage])
        let key: SecureEnclave.P256.Signing.PrivateKey
        do {
            key = try SecureEnclave.P256.Signing.PrivateKey(accessControl: access)
        } catch {
            throw VidiError.Other(reason: "the Secure Enclave could not make a key")
        }
        let handle = "se-" + UUID().uuidString.lowercased()
        try item(handle).add(key.dataRepresentation, access: try thisDeviceOnly([]))
        return CreatedDeviceKey(handle: handle, publicKey: key.publicKey.x963Representation)
    }

    public func publicKey(handle: String) throws -> Data {
        try load(handle).publicKey.x963Representation
    }

    public func sign(handle: String, prehash: Data) throws -> Data {
        guard prehash.count == Prehash.byteCount else {
            throw VidiError.InvalidInput(reason: "a prehash is 32 bytes")
        }
        let key = try load(handle)
        do {
            return try key.signature(for: Prehash(bytes: Array(prehash))).rawRepresentation
        } catch {
            throw VidiError.Other(reason: "the Secure Enclave could not sign")
        }
    }

    public func delete(handle: String) throws {
        try item(handle).delete()
    }

    private func item(_ handle: String) -> KeychainItem {
        KeychainItem(service: service, account: handle)
    }

    private func load(_ handle: String) throws -> SecureEnclave.P256.Signing.PrivateKey {
        guard let blob = try item(handle).read() else {
            throw VidiError.NotFound(reason: "no device key with this handle")
        }
        do {
            return try SecureEnclave.P256.Signing.PrivateKey(dataRepresentation: blob)
        } catch {
            throw VidiError.Other(reason: "the Secure Enclave refused the key")
        }
    }
}

/// A SHA-256 digest the core computed, handed to CryptoKit as it is: the
/// Secure Enclave signs a digest and does not hash it again.
struct Prehash: Digest {
    static var byteCount: Int { 32 }

    let bytes: [UInt8]

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    func makeIterator() -> IndexingIterator<[UInt8]> {
        bytes.makeIterator()
    }

    var description: String {
        "Prehash(\(bytes.count) bytes)"
    }
}
