import XCTest

@testable import Vidi

/// The async wrappers over a real wallet file (in the temporary folder)
/// with the core's in-memory key provider and device key store, holding
/// the built-in test issuer's sample documents.
final class WalletAsyncTests: XCTestCase {
    private var path: String!
    private var wallet: Wallet!
    private var ids: [String] = []

    override func setUpWithError() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("vidi-\(UUID().uuidString).db").path
        wallet = try Wallet.create(
            path: path, keyProvider: memoryKeyProvider(), deviceKeys: memoryDeviceKeyStore())
        ids = try wallet.addSampleDocuments()
    }

    override func tearDownWithError() throws {
        wallet = nil
        try? FileManager.default.removeItem(atPath: path)
    }

    func testDocumentsAndDetails() async throws {
        let documents = try await wallet.documents()
        XCTAssertEqual(Set(documents.map(\.documentType)), [.nationalId, .drivingLicence, .healthInsurance])
        XCTAssertEqual(Set(documents.map(\.id)), Set(ids))
        let id = try XCTUnwrap(documents.first { $0.documentType == .nationalId }).id
        let details = try await wallet.details(of: id)
        XCTAssertEqual(details.summary.id, id)
        XCTAssertTrue(details.presets.contains("checkpoint-id"))
        XCTAssertFalse(details.fields.isEmpty)
    }

    func testAPresentationIsAFreshQrWithItsTimes() async throws {
        let id = try await nationalId()
        let first = try await wallet.presentation(of: id, disclosing: .preset(name: "checkpoint-id"))
        let second = try await wallet.presentation(
            of: id, disclosing: .claims(names: ["full_name"]))
        XCTAssertTrue(first.payload.hasPrefix("VD1:"))
        XCTAssertNotEqual(first.payload, second.payload)
        XCTAssertLessThan(first.madeAt, first.refreshAt)
        XCTAssertLessThanOrEqual(first.refreshAt, first.expiresAt)
        let side = Int(first.qr.size)
        XCTAssertEqual(first.qr.modules.count, side * side)
        // The finder pattern's corner is dark; the quiet zone is light.
        XCTAssertTrue(first.qr.isDark(x: 0, y: 0))
        XCTAssertFalse(first.qr.isDark(x: -1, y: 0))
        XCTAssertFalse(first.qr.isDark(x: side, y: side))
    }

    func testAnUnknownPresetIsInvalidInput() async throws {
        let id = try await nationalId()
        do {
            _ = try await wallet.presentation(of: id, disclosing: .preset(name: "no-such-preset"))
            XCTFail("an unknown preset made a proof")
        } catch VidiError.InvalidInput {
        }
    }

    func testALockedWalletRefusesToPresent() async throws {
        let id = try await nationalId()
        try wallet.lock()
        do {
            _ = try await wallet.presentation(of: id, disclosing: .preset(name: "checkpoint-id"))
            XCTFail("a locked wallet made a proof")
        } catch VidiError.Locked {
        }
    }

    func testBackupThenRestoreIntoANewWallet() async throws {
        let backup = FileManager.default.temporaryDirectory
            .appendingPathComponent("vidi-\(UUID().uuidString).backup")
        defer { try? FileManager.default.removeItem(at: backup) }
        try await wallet.backup(to: backup, passphrase: "correct horse battery")

        let otherPath = path + ".restored"
        defer { try? FileManager.default.removeItem(atPath: otherPath) }
        let other = try Wallet.create(
            path: otherPath, keyProvider: memoryKeyProvider(), deviceKeys: memoryDeviceKeyStore())
        do {
            _ = try await other.restore(from: backup, passphrase: "wrong passphrase")
            XCTFail("a wrong passphrase restored")
        } catch VidiError.WrongKey {
        }
        let report = try await other.restore(from: backup, passphrase: "correct horse battery")
        XCTAssertEqual(report.added, 3)
        // Device keys stay on the old phone: every document needs re-binding.
        XCTAssertEqual(report.needsRebinding, 3)
        let restored = try await other.documents()
        XCTAssertTrue(restored.allSatisfy(\.needsRebinding))
    }

    func testAnOfferThatIsNotALinkIsInvalidInput() async throws {
        do {
            _ = try await wallet.acceptOffer("https://example.invalid/", pin: nil)
            XCTFail("a bad link was accepted")
        } catch VidiError.InvalidInput {
        }
    }

    private func nationalId() async throws -> String {
        let documents = try await wallet.documents()
        return try XCTUnwrap(documents.first { $0.documentType == .nationalId }).id
    }
}
