import CryptoKit
import XCTest

@testable import Vidi

/// The Secure Enclave device key store. The Secure Enclave exists on
/// devices and, in recent Xcode, in the simulator on Apple-silicon Macs;
/// where it does not, the signing tests are skipped (XCTSkip) and the store
/// must refuse to make a key rather than fall back to software.
final class SecureEnclaveDeviceKeyStoreTests: XCTestCase {
    private var store: SecureEnclaveDeviceKeyStore!
    private var handles: [String] = []

    override func setUp() {
        store = SecureEnclaveDeviceKeyStore(service: "vn.vidi.tests.se." + UUID().uuidString)
    }

    override func tearDownWithError() throws {
        for handle in handles {
            try store.delete(handle: handle)
        }
    }

    private func requireSecureEnclave() throws {
        try XCTSkipUnless(SecureEnclave.isAvailable, "no Secure Enclave on this device or simulator")
    }

    private func newKey() throws -> CreatedDeviceKey {
        do {
            let key = try store.create()
            handles.append(key.handle)
            return key
        } catch VidiError.Other(let reason) where reason.contains("-34018") {
            throw XCTSkip("no Keychain entitlement in this test host")
        }
    }

    func testWithoutASecureEnclaveNoKeyIsMade() throws {
        try XCTSkipIf(SecureEnclave.isAvailable, "this device has a Secure Enclave")
        XCTAssertThrowsError(try store.create()) { error in
            guard case VidiError.Other = error else {
                return XCTFail("expected Other, got \(error)")
            }
        }
    }

    func testASignatureOverThePrehashVerifiesWithThePublicKey() throws {
        try requireSecureEnclave()
        let key = try newKey()
        XCTAssertTrue(key.handle.hasPrefix("se-"))
        XCTAssertEqual(key.publicKey.count, 65)  // 04 ‖ x ‖ y
        XCTAssertEqual(try store.publicKey(handle: key.handle), key.publicKey)

        let message = Data("the core's signing input".utf8)
        let digest = SHA256.hash(data: message)
        let signature = try store.sign(handle: key.handle, prehash: Data(digest))
        XCTAssertEqual(signature.count, 64)  // raw r ‖ s

        let publicKey = try P256.Signing.PublicKey(x963Representation: key.publicKey)
        let parsed = try P256.Signing.ECDSASignature(rawRepresentation: signature)
        // The prehash was signed as it is: it verifies as the message's
        // digest, not as a message hashed once more.
        XCTAssertTrue(publicKey.isValidSignature(parsed, for: digest))
        XCTAssertFalse(publicKey.isValidSignature(parsed, for: Data(digest)))
    }

    func testAPrehashMustBe32Bytes() throws {
        try requireSecureEnclave()
        let key = try newKey()
        XCTAssertThrowsError(try store.sign(handle: key.handle, prehash: Data(repeating: 1, count: 31))) {
            guard case VidiError.InvalidInput = $0 else {
                return XCTFail("expected InvalidInput, got \($0)")
            }
        }
    }

    func testADeletedOrUnknownHandleIsNotFound() throws {
        try requireSecureEnclave()
        let key = try newKey()
        try store.delete(handle: key.handle)
        handles.removeAll()
        for handle in [key.handle, "se-unknown"] {
            XCTAssertThrowsError(try store.publicKey(handle: handle)) {
                guard case VidiError.NotFound = $0 else {
                    return XCTFail("expected NotFound, got \($0)")
                }
            }
        }
    }

    func testAWalletPresentsWithSecureEnclaveKeys() throws {
        try requireSecureEnclave()
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("vidi-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wallet = try Wallet.create(path: path, keyProvider: memoryKeyProvider(), deviceKeys: store)
        let ids = try wallet.addSampleDocuments()
        let proof = try wallet.present(id: ids[0], disclose: .preset(name: "checkpoint-id"))
        XCTAssertTrue(proof.payload.hasPrefix("VD2:"))
    }
}
