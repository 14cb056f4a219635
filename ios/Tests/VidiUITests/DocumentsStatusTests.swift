import XCTest

@testable import Vidi
@testable import VidiUI

/// The document list's status rules (the Swift mirror of Kotlin's
/// DocumentsModel): an empty verifier cache is not an error, an
/// unreachable server is a status error in words with the list kept, and
/// the age line is the oldest check.
@MainActor
final class DocumentsStatusTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A wallet with the built-in test issuer's sample documents, and a
    /// verifier over a cache folder that was never synced.
    private func walletAndCache() throws -> (Wallet, Verifier) {
        let wallet = try Wallet.create(
            path: folder.appendingPathComponent("wallet.db").path, keyProvider: memoryKeyProvider(),
            deviceKeys: memoryDeviceKeyStore())
        _ = try wallet.addSampleDocuments()
        return (wallet, Verifier(cacheDir: folder.appendingPathComponent("verifier").path))
    }

    func testAnEmptyCacheIsNotAnErrorAndTheBadgesStayUnknown() async throws {
        let (wallet, cache) = try walletAndCache()
        let model = DocumentsModel(language: .vietnamese, wallet: wallet, verifier: cache, serverUrl: "http://127.0.0.1:9")
        await model.refresh()
        XCTAssertTrue(model.state.canUpdateStatus)
        XCTAssertNil(model.state.error)
        XCTAssertNil(model.state.statusError)
        XCTAssertEqual(model.state.items.count, 3)
        XCTAssertTrue(model.state.items.allSatisfy { $0.status == .unknown })
        XCTAssertEqual(model.state.statusAge, Str.documentsStatusNeverChecked.text(.vietnamese))
    }

    func testAnUnreachableServerIsAStatusErrorInWordsAndTheListStays() async throws {
        let (wallet, cache) = try walletAndCache()
        let model = DocumentsModel(language: .english, wallet: wallet, verifier: cache, serverUrl: "http://127.0.0.1:9")
        await model.refresh()
        let before = model.state.items
        await model.updateStatus()
        XCTAssertFalse(model.state.statusUpdating)
        XCTAssertNil(model.state.error)
        XCTAssertEqual(model.state.items, before)
        XCTAssertEqual(
            model.state.statusError,
            Str.documentsStatusFailed.text(.english, Str.errorNetwork.text(.english)))
        model.setLanguage(.vietnamese)
        XCTAssertEqual(
            model.state.statusError,
            Str.documentsStatusFailed.text(.vietnamese, Str.errorNetwork.text(.vietnamese)))
    }

    func testWithoutAVerifierThereIsNothingToUpdate() async throws {
        let (wallet, _) = try walletAndCache()
        let model = DocumentsModel(language: .english, wallet: wallet)
        await model.refresh()
        XCTAssertFalse(model.state.canUpdateStatus)
        await model.updateStatus()
        XCTAssertNil(model.state.statusError)
        XCTAssertEqual(model.state.items.count, 3)
    }

    func testTheStatusAgeIsTheOldestCheckPendingDocumentsAside() throws {
        let (wallet, _) = try walletAndCache()
        let sample = try XCTUnwrap(try wallet.listDocuments().first)
        func summary(_ learned: Int64?, pending: Bool = false) -> DocumentSummary {
            var copy = sample
            copy.statusLearnedAtUnix = learned
            copy.pending = pending
            return copy
        }
        let now: Int64 = 1_750_000_000
        let checked = [summary(now - 7200), summary(now - 300), summary(nil, pending: true)]
        XCTAssertEqual(DocumentsModel.statusAge(checked, now: now, .english), "Status checked 2 hours ago")
        XCTAssertEqual(DocumentsModel.statusAge(checked, now: now, .vietnamese), "Trạng thái cập nhật 2 giờ trước")
        XCTAssertEqual(
            DocumentsModel.statusAge(checked + [summary(nil)], now: now, .english), "Document status never checked")
        XCTAssertNil(DocumentsModel.statusAge([summary(nil, pending: true)], now: now, .english))
        XCTAssertNil(DocumentsModel.statusAge([], now: now, .english))
    }
}
