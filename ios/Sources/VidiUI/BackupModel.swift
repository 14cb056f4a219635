import Foundation
import Vidi

/// A document restored from a backup that must be re-bound before it can be shown.
public struct RebindItem: Equatable, Identifiable, Sendable {
    public let id: String
    public let name: String
    public let holder: String
}

/// What the backup screen shows. The passphrases never print.
public struct BackupState: Equatable, Sendable {
    public var passphrase = Secret.empty
    public var passphraseConfirm = Secret.empty
    public var error: String?
    public var busy = false
    /// "Backup saved: ..." after a backup.
    public var lastBackup: String?
    /// The file the last backup was written to, to share it.
    public var backupFile: URL?
    /// What a restore did, a line per kind of outcome.
    public var restoreReport: [String]?
    /// Documents to re-bind with a new offer (the accept-offer screen does it).
    public var needsRebinding: [RebindItem] = []

    public init() {}
}

/// Backup and restore of the wallet (mirrors Kotlin's `BackupModel`). A
/// backup holds the documents, the activity log and the settings,
/// encrypted with a passphrase of at least `minPassphrase` characters typed
/// twice; never the device keys, so documents restored on another phone
/// must be re-bound: `needsRebinding` lists them, and a re-issue offer
/// accepted on the offer screen re-binds them. The passphrases are cleared
/// after each try.
@MainActor
public final class BackupModel: ObservableObject {
    /// The shortest backup passphrase.
    public static let minPassphrase = 8

    @Published public private(set) var state = BackupState()
    public private(set) var language: Language
    private let wallet: Wallet
    private var report: RestoreReport?
    private var documents: [DocumentSummary] = []
    private var failure: Error?
    /// The catalog text of a refused input (short, different or missing
    /// passphrases); worded with `minPassphrase`, the only argument any takes.
    private var problem: Str?

    public init(language: Language, wallet: Wallet) {
        self.language = language
        self.wallet = wallet
    }

    public func setPassphrase(_ text: String) {
        state.passphrase = Secret(text)
        clearError()
    }

    public func setPassphraseConfirm(_ text: String) {
        state.passphraseConfirm = Secret(text)
        clearError()
    }

    /// What is wrong with a new backup's passphrases, if anything: too
    /// short, or the two entries differ.
    public static func passphraseProblem(_ passphrase: String, _ confirm: String) -> Str? {
        if passphrase.count < minPassphrase { return .backupPassphraseShort }
        if passphrase != confirm { return .backupPassphraseMismatch }
        return nil
    }

    /// Loads the documents waiting for re-binding (when the screen opens).
    public func refresh() async {
        await guarded { try await self.loadRebinding() }
    }

    /// Writes a backup to `file` (in the app's Documents folder, to share).
    public func backup(to file: URL) async {
        guard !state.busy else { return }
        let passphrase = state.passphrase.text
        if let refused = BackupModel.passphraseProblem(passphrase, state.passphraseConfirm.text) {
            problem = refused
            state.error = refused.text(language, BackupModel.minPassphrase)
            return
        }
        start()
        await guarded {
            try await self.wallet.backup(to: file, passphrase: passphrase)
            self.state.backupFile = file
            self.state.lastBackup = Str.backupDone.text(self.language, file.lastPathComponent)
        }
    }

    /// Restores the backup at `file` into this wallet with the passphrase typed.
    public func restore(from file: URL) async {
        guard !state.busy else { return }
        let passphrase = state.passphrase.text
        if passphrase.isEmpty {
            problem = .backupPassphraseNeeded
            state.error = Str.backupPassphraseNeeded.text(language)
            return
        }
        start()
        await guarded {
            let restored = try await self.wallet.restore(from: file, passphrase: passphrase)
            self.report = restored
            self.state.restoreReport = self.reportLines(restored)
            try await self.loadRebinding()
        }
    }

    public func setLanguage(_ language: Language) {
        self.language = language
        if let file = state.backupFile { state.lastBackup = Str.backupDone.text(language, file.lastPathComponent) }
        state.restoreReport = report.map(reportLines)
        state.needsRebinding = rebindItems()
        if let failure {
            state.error = words(failure)
        } else if let problem, state.error != nil {
            state.error = problem.text(language, BackupModel.minPassphrase)
        }
    }

    private func clearError() {
        state.error = nil
        problem = nil
    }

    /// Marks the screen busy and clears what the user typed.
    private func start() {
        failure = nil
        problem = nil
        state.busy = true
        state.error = nil
        state.passphrase = .empty
        state.passphraseConfirm = .empty
    }

    /// Runs `work`, turning a failure into the screen's error.
    private func guarded(_ work: () async throws -> Void) async {
        do {
            try await work()
        } catch {
            failure = error
            state.error = words(error)
        }
        state.busy = false
    }

    /// A failure in words; on this screen a wrong key is the backup's passphrase.
    private func words(_ error: Error) -> String {
        if case .WrongKey? = error as? VidiError {
            return Str.backupWrongPassphrase.text(language)
        }
        return errorText(error, language)
    }

    private func loadRebinding() async throws {
        documents = try await wallet.documents().filter { $0.needsRebinding }
        state.needsRebinding = rebindItems()
    }

    private func rebindItems() -> [RebindItem] {
        documents.map {
            RebindItem(id: $0.id, name: language.pick(vi: $0.typeLabelVi, en: $0.typeLabelEn), holder: $0.holderName)
        }
    }

    /// The restore in words: a line for each count that is not zero
    /// ("nothing new" when all are).
    private func reportLines(_ report: RestoreReport) -> [String] {
        let counts: [(UInt32, Str)] = [
            (report.added, .backupRestoreAdded),
            (report.replacedOlder, .backupRestoreReplaced),
            (report.keptNewer, .backupRestoreKeptNewer),
            (report.unchanged, .backupRestoreUnchanged),
            (report.logEntries, .backupRestoreLog),
            (report.needsRebinding, .backupRestoreNeedsRebinding),
        ]
        let lines = counts.filter { $0.0 > 0 }.map { $0.1.text(language, Int($0.0)) }
        return lines.isEmpty ? [Str.backupRestoreNothing.text(language)] : lines
    }
}
