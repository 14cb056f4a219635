import XCTest

@testable import Vidi
@testable import VidiUI

/// A wallet file in the temporary folder with the core's in-memory keys,
/// holding the built-in test issuer's sample documents.
private func sampleWallet() throws -> (Wallet, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidi-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let wallet = try Wallet.create(
        path: folder.appendingPathComponent("wallet.db").path, keyProvider: memoryKeyProvider(),
        deviceKeys: memoryDeviceKeyStore())
    _ = try wallet.addSampleDocuments()
    return (wallet, folder)
}

/// The rules of the offer, backup and activity log screens (the Swift
/// mirrors of Kotlin's OfferModel, BackupModel and ActivityLogModel).
@MainActor
final class OfferBackupLogTests: XCTestCase {
    private var folders: [URL] = []

    override func tearDown() {
        for folder in folders { try? FileManager.default.removeItem(at: folder) }
        folders = []
    }

    private func makeWallet() throws -> Wallet {
        let (wallet, folder) = try sampleWallet()
        folders.append(folder)
        return wallet
    }

    // MARK: offer

    func testSomethingThatIsNotAnOfferIsRefusedAndKept() throws {
        let model = OfferModel(language: .english, wallet: try makeWallet())
        model.fromPaste("  https://example.com/not-an-offer \n")
        XCTAssertEqual(model.state.linkError, Str.offerNotAnOffer.text(.english))
        XCTAssertEqual(model.state.link, "https://example.com/not-an-offer")
        XCTAssertNil(model.state.offer)
        model.submit()
        XCTAssertFalse(model.state.busy, "an unreadable link was submitted")
        model.setLanguage(.vietnamese)
        XCTAssertEqual(model.state.linkError, Str.offerNotAnOffer.text(.vietnamese))
    }

    func testAnOfferByReferenceAsksForItsPinBeforeAnything() throws {
        let link = "openid-credential-offer://?credential_offer_uri=http%3A%2F%2F127.0.0.1%3A9%2Foffers%2Fx"
        let model = OfferModel(language: .english, wallet: try makeWallet())
        model.fromScan(link)
        let scanned = model.state
        model.fromDeepLink(link)
        XCTAssertEqual(model.state, scanned, "the same link read another way reads the same")
        let offer = try XCTUnwrap(scanned.offer)
        XCTAssertNil(scanned.linkError)
        XCTAssertTrue(offer.documents.isEmpty && offer.needsPin, "an offer by reference")

        model.submit()
        XCTAssertFalse(model.state.busy)
        XCTAssertEqual(model.state.error, Str.offerPinNeeded.text(.english))
        model.setLanguage(.vietnamese)
        XCTAssertEqual(model.state.error, Str.offerPinNeeded.text(.vietnamese))

        model.setPin(" 482915 ")
        XCTAssertEqual(model.state.pin.text, "482915")
        XCTAssertNil(model.state.error, "typing clears the error")
        XCTAssertFalse("\(model.state)".contains("482915"), "a state's description printed the PIN")
    }

    func testCancellingIsToldApartFromAFailure() {
        XCTAssertTrue(OfferModel.isCancellation(CancellationError()))
        XCTAssertTrue(OfferModel.isCancellation(VidiError.Cancelled(reason: "stopped")))
        XCTAssertFalse(OfferModel.isCancellation(VidiError.Network(reason: "down")))
    }

    // MARK: backup

    func testBackupPassphraseRules() {
        XCTAssertEqual(BackupModel.passphraseProblem("short", "short"), .backupPassphraseShort)
        XCTAssertEqual(BackupModel.passphraseProblem("1234567", "1234567"), .backupPassphraseShort)
        XCTAssertEqual(BackupModel.passphraseProblem("hoa sen 2031", "hoa sen 2032"), .backupPassphraseMismatch)
        XCTAssertNil(BackupModel.passphraseProblem("12345678", "12345678"))
    }

    func testARefusedBackupWritesNothingAndKeepsWhatWasTyped() async throws {
        let model = BackupModel(language: .english, wallet: try makeWallet())
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vidi-\(UUID().uuidString).bak")
        model.setPassphrase("hoa sen 2031")
        model.setPassphraseConfirm("hoa sen 2032")
        await model.backup(to: file)
        XCTAssertEqual(model.state.error, Str.backupPassphraseMismatch.text(.english))
        XCTAssertEqual(model.state.passphrase.text, "hoa sen 2031", "the input was lost")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.path))
        model.setLanguage(.vietnamese)
        XCTAssertEqual(model.state.error, Str.backupPassphraseMismatch.text(.vietnamese))
        XCTAssertFalse("\(model.state)".contains("hoa sen"), "a state's description printed the passphrase")

        model.setPassphrase("")
        await model.restore(from: file)
        XCTAssertEqual(model.state.error, Str.backupPassphraseNeeded.text(.vietnamese))
    }

    func testBackupThenRestoreIntoAnotherWalletListsWhatToRebind() async throws {
        let source = BackupModel(language: .english, wallet: try makeWallet())
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vidi-\(UUID().uuidString).bak")
        defer { try? FileManager.default.removeItem(at: file) }
        source.setPassphrase("hoa sen 2031")
        source.setPassphraseConfirm("hoa sen 2031")
        await source.backup(to: file)
        XCTAssertNil(source.state.error)
        XCTAssertEqual(source.state.lastBackup, Str.backupDone.text(.english, file.lastPathComponent))
        XCTAssertTrue(source.state.passphrase.isEmpty && source.state.passphraseConfirm.isEmpty)

        // A wallet with other device keys: the documents come back needing re-binding.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        folders.append(folder)
        let other = try Wallet.create(
            path: folder.appendingPathComponent("wallet.db").path, keyProvider: memoryKeyProvider(),
            deviceKeys: memoryDeviceKeyStore())
        let target = BackupModel(language: .english, wallet: other)
        target.setPassphrase("wrong passphrase")
        await target.restore(from: file)
        XCTAssertEqual(target.state.error, Str.backupWrongPassphrase.text(.english))
        XCTAssertNil(target.state.restoreReport)
        XCTAssertTrue(try other.listDocuments().isEmpty)

        target.setPassphrase("hoa sen 2031")
        await target.restore(from: file)
        XCTAssertNil(target.state.error)
        let report = try XCTUnwrap(target.state.restoreReport)
        XCTAssertTrue(report.contains(Str.backupRestoreAdded.text(.english, 3)), "\(report)")
        XCTAssertTrue(report.contains(Str.backupRestoreNeedsRebinding.text(.english, 3)), "\(report)")
        XCTAssertEqual(target.state.needsRebinding.count, 3)
        target.setLanguage(.vietnamese)
        XCTAssertTrue(target.state.restoreReport?.contains(Str.backupRestoreAdded.text(.vietnamese, 3)) == true)
    }

    // MARK: activity log

    func testTheLogFiltersKeepsAndExports() async throws {
        let wallet = try makeWallet()
        let documents = try wallet.listDocuments()
        let id = try XCTUnwrap(documents.first { $0.documentType == .nationalId }).id
        _ = try wallet.present(id: id, disclose: .preset(name: "checkpoint-id"), nonce: nil, audience: nil)
        try wallet.deleteDocument(id: try XCTUnwrap(documents.first { $0.documentType == .healthInsurance }).id)
        let deleted = Str.logDeleted.text(
            .english, Formatting.inSentence(Formatting.documentTypeName(.healthInsurance, .english)))
        let model = ActivityLogModel(language: .english, wallet: wallet)
        await model.load()
        XCTAssertNil(model.state.error)
        let shown = model.state.entries.filter { $0.event == .presented }
        XCTAssertEqual(shown.count, 1)
        XCTAssertNotNil(shown.first?.claims, "the claims shown are listed")
        XCTAssertEqual(model.state.filters.count, 6)
        XCTAssertEqual(model.state.filters.filter(\.selected).map(\.event), [nil])

        await model.setFilter(.restored)
        XCTAssertTrue(model.state.entries.isEmpty)
        XCTAssertTrue(model.state.empty)
        await model.setFilter(.deleted)
        XCTAssertEqual(model.state.entries.map(\.text), [deleted])
        XCTAssertEqual(model.state.filters.filter(\.selected).map(\.event), [.deleted])
        await model.setFilter(.presented)
        XCTAssertEqual(model.state.entries.map(\.id), shown.map(\.id))

        await model.setRetention(0)
        XCTAssertEqual(model.state.retention, Str.logRetentionForever.text(.english), "zero days was accepted")
        await model.setRetention(30)
        XCTAssertEqual(model.state.retentionDays, 30)
        XCTAssertEqual(model.state.retention, Str.logRetentionDays.text(.english, 30))

        await model.exportLog()
        let export = try XCTUnwrap(model.state.export)
        XCTAssertTrue(export.hasPrefix("Vidi activity log"), export)
        XCTAssertTrue(export.contains(deleted), "the filter narrowed the export")
        model.setLanguage(.vietnamese)
        XCTAssertFalse(model.state.export?.hasPrefix("Vidi activity log") ?? true, "the export was not re-worded")

        // Once shared, the export is gone, and a re-wording or a reload does not bring it back.
        model.exportShown()
        XCTAssertNil(model.state.export)
        model.setLanguage(.english)
        await model.load()
        XCTAssertNil(model.state.export)
        await model.exportLog()
        XCTAssertNotNil(model.state.export)
    }
}
