import CryptoKit

/// Whether CryptoKit can make Secure Enclave keys here.
enum SecureEnclaveDeviceKeyStoreAvailability {
    static var isAvailable: Bool { SecureEnclave.isAvailable }
}
