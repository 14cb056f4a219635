import XCTest

@testable import Vidi

/// The Keychain key provider as the core calls it: sealing and unsealing
/// the wallet key, and the errors a wrong or damaged blob gives.
///
/// Each test uses its own Keychain service, without user presence (no
/// prompt can be answered in a test), and deletes its item afterwards.
final class KeychainKeyProviderTests: XCTestCase {
    private var services: [String] = []

    override func tearDownWithError() throws {
        for service in services {
            try KeychainItem(service: service, account: "wallet").delete()
            try KeychainItem(service: service, account: "wallet-pin").delete()
        }
        services.removeAll()
    }

    /// A provider with a fresh service name, cleaned up after the test.
    private func provider() -> KeychainKeyProvider {
        let service = "vn.vidi.tests." + UUID().uuidString
        services.append(service)
        return KeychainKeyProvider(service: service, requireUserPresence: false)
    }

    /// Runs `body`, skipping the test when the test host has no Keychain
    /// access (a simulator test bundle without a host app may lack the
    /// entitlement: errSecMissingEntitlement, -34018).
    private func withKeychain<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch VidiError.Other(let reason) where reason.contains("-34018") {
            throw XCTSkip("no Keychain entitlement in this test host")
        }
    }

    func testSealThenUnsealGivesTheSecretBack() throws {
        let keys = provider()
        let secret = Data((0..<32).map { UInt8($0) })
        let sealed = try withKeychain { try keys.seal(secret: secret) }
        XCTAssertNotEqual(sealed, secret)
        // nonce (12) + ciphertext (32) + tag (16)
        XCTAssertEqual(sealed.count, 12 + secret.count + 16)
        XCTAssertEqual(try keys.unseal(sealed: sealed), secret)
        XCTAssertEqual(keys.kind(), "ios-keychain")
    }

    func testSealingTwiceReusesTheKeyWithFreshNonces() throws {
        let keys = provider()
        let secret = Data("wallet key".utf8)
        let first = try withKeychain { try keys.seal(secret: secret) }
        let second = try keys.seal(secret: secret)
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(try keys.unseal(sealed: first), secret)
        XCTAssertEqual(try keys.unseal(sealed: second), secret)
    }

    func testAnotherProvidersKeyIsWrongKey() throws {
        let mine = provider()
        let theirs = provider()
        let sealed = try withKeychain { try mine.seal(secret: Data(repeating: 7, count: 32)) }
        _ = try theirs.seal(secret: Data([1]))  // gives `theirs` a key of its own
        XCTAssertThrowsError(try theirs.unseal(sealed: sealed)) { error in
            guard case VidiError.WrongKey = error else {
                return XCTFail("expected WrongKey, got \(error)")
            }
        }
    }

    func testADamagedBlobIsWrongKey() throws {
        let keys = provider()
        var sealed = try withKeychain { try keys.seal(secret: Data(repeating: 1, count: 32)) }
        sealed[sealed.count - 1] ^= 0x01
        XCTAssertThrowsError(try keys.unseal(sealed: sealed)) { error in
            guard case VidiError.WrongKey = error else {
                return XCTFail("expected WrongKey, got \(error)")
            }
        }
        XCTAssertThrowsError(try keys.unseal(sealed: Data([1, 2, 3])))
    }

    func testNoKeyInTheKeychainIsWrongKey() throws {
        let keys = provider()
        try withKeychain {
            XCTAssertThrowsError(try keys.unseal(sealed: Data(repeating: 0, count: 60))) { error in
                guard case VidiError.WrongKey = error else {
                    return XCTFail("expected WrongKey, got \(error)")
                }
            }
        }
    }

    func testAWalletSealedByTheKeychainOpensAgain() throws {
        let keys = provider()
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("vidi-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wallet = try withKeychain { try Wallet.create(path: path, keyProvider: keys) }
        _ = try wallet.addSampleDocuments()
        try wallet.lock()
        let reopened = try Wallet.open(path: path, keyProvider: keys)
        _ = try reopened.unlock()
        XCTAssertEqual(try reopened.listDocuments().count, 3)
        XCTAssertEqual(try reopened.keyProviderKind(), "ios-keychain")
    }

    func testThePinAndBiometricKeysAreTwoItems() throws {
        let service = "vn.vidi.tests." + UUID().uuidString
        services.append(service)
        let pinKey = KeychainKeyProvider(service: service, account: "wallet-pin", requireUserPresence: false)
        let biometricKey = KeychainKeyProvider(service: service, account: "wallet", requireUserPresence: true)
        let secret = Data("wallet key".utf8)
        // The PIN method's key: made and used without a prompt.
        let sealed = try withKeychain { try pinKey.seal(secret: secret) }
        XCTAssertEqual(try pinKey.unseal(sealed: sealed), secret)
        XCTAssertEqual(pinKey.kind(), "ios-keychain")
        // The biometric method's key is another item, not made yet.
        XCTAssertThrowsError(try biometricKey.unseal(sealed: sealed)) { error in
            guard case VidiError.WrongKey = error else {
                return XCTFail("expected WrongKey, got \(error)")
            }
        }
    }
}
