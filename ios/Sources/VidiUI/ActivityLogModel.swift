import Foundation
import Vidi

/// One entry of the activity log in words.
public struct LogItem: Equatable, Identifiable, Sendable {
    public let id: String
    public let atUnix: Int64
    public let event: ActivityEvent
    /// Vietnam time, `09:05 14/05/2031`.
    public let time: String
    /// What happened: "Đã xuất trình thẻ căn cước (Trạm kiểm soát)".
    public let text: String
    /// The claims shown, labelled, for a presentation.
    public let claims: String?
    /// The verifier the code was made for, when it named one.
    public let audience: String?
    /// "Received while the wallet was locked", when it was.
    public let whileLocked: String?
}

/// A filter the screen offers: `event` nil for every entry.
public struct LogFilterChoice: Equatable, Identifiable, Sendable {
    public let event: ActivityEvent?
    public let label: String
    public let selected: Bool
    public var id: String { label }
}

/// The activity log screen.
public struct ActivityLogState: Equatable, Sendable {
    public var entries: [LogItem] = []
    public var filter: ActivityEvent?
    public var filters: [LogFilterChoice] = []
    /// How long entries are kept, nil for ever; `retention` says it in words.
    public var retentionDays: Int?
    public var retention = ""
    /// The log as text to share, after `exportLog()`, until `exportShown()`.
    public var export: String?
    public var loading = false
    public var error: String?

    public init() {}

    /// Nothing to show (and nothing went wrong).
    public var empty: Bool { !loading && error == nil && entries.isEmpty }
}

/// What the wallet did, newest first (mirrors Kotlin's `ActivityLogModel`):
/// `load()`, narrow by event with `setFilter`, change how long entries are
/// kept with `setRetention`, and `exportLog()` as text in the model's language,
/// which the view shares once and then calls `exportShown()`.
@MainActor
public final class ActivityLogModel: ObservableObject {
    /// Every kind of entry, in the order the filters are offered.
    public static let events: [ActivityEvent] = [.presented, .added, .replaced, .deleted, .restored]

    @Published public private(set) var state = ActivityLogState()
    public private(set) var language: Language
    private let wallet: Wallet
    private let clock: WallClock
    private var log: [LogEntry] = []
    private var labels: [String: ClaimLabel] = [:]
    private var filter: ActivityEvent?
    private var retentionDays: Int?
    private var exported: [LogEntry]?
    private var exportedAt: Int64 = 0
    private var failure: Error?

    public init(language: Language, wallet: Wallet, clock: WallClock = SystemClock()) {
        self.language = language
        self.wallet = wallet
        self.clock = clock
    }

    /// Reads the log (with the current filter) and the retention.
    public func load() async {
        state.loading = true
        let wallet = self.wallet, filter = self.filter
        do {
            if labels.isEmpty { labels = try await claimLabels() }
            log = try await offMain { try wallet.activityLog(filter: LogFilter(event: filter)) }
            retentionDays = try await offMain { try wallet.logRetentionDays() }.map { Int($0) }
            failure = nil
        } catch {
            failure = error
        }
        state.loading = false
        render()
    }

    /// Shows only entries of `event`; nil shows all.
    public func setFilter(_ event: ActivityEvent?) async {
        filter = event
        render()
        await load()
    }

    /// Keeps entries `days` days (nil: for ever); older ones are deleted now.
    /// Zero or fewer days is refused (nothing changes).
    public func setRetention(_ days: Int?) async {
        if let days, days <= 0 { return }
        let wallet = self.wallet
        do {
            _ = try await offMain { try wallet.setLogRetentionDays(days: days.map { UInt32($0) }) }
        } catch {
            failure = error
        }
        await load()
    }

    /// Makes `state.export`: every entry (whatever the filter), one per
    /// line, in the model's language.
    public func exportLog() async {
        let wallet = self.wallet
        do {
            exported = try await offMain { try wallet.activityLog(filter: LogFilter()) }
            exportedAt = Int64(clock.now().timeIntervalSince1970)
        } catch {
            failure = error
        }
        render()
    }

    /// The export was handed to the share sheet: clears `state.export`
    /// (also for later re-wordings and reloads), so it is not offered again
    /// until the next `exportLog()`.
    public func exportShown() {
        exported = nil
        state.export = nil
    }

    public func setLanguage(_ language: Language) {
        self.language = language
        render()
    }

    /// Labels for claim names: every preset's, and those of the documents held.
    private func claimLabels() async throws -> [String: ClaimLabel] {
        var all = presets().flatMap { $0.claims }
        for summary in try await wallet.documents() where !summary.pending {
            if let details = try? await wallet.details(of: summary.id) { all += details.claims }
        }
        return Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private func render() {
        state.entries = log.map(item)
        state.filter = filter
        let choices: [ActivityEvent?] = [nil] + ActivityLogModel.events.map { Optional($0) }
        state.filters = choices.map {
            LogFilterChoice(event: $0, label: filterName($0), selected: $0 == filter)
        }
        state.retentionDays = retentionDays
        state.retention = retentionDays.map { Str.logRetentionDays.text(language, $0) }
            ?? Str.logRetentionForever.text(language)
        state.export = exported.map(exportText)
        state.error = failure.map { errorText($0, language) }
    }

    private func item(_ entry: LogEntry) -> LogItem {
        let shown = entry.claims.map { name in
            labels[name].map { language.pick(vi: $0.labelVi, en: $0.labelEn) } ?? name
        }
        return LogItem(
            id: entry.id, atUnix: entry.atUnix, event: entry.event, time: Formatting.dateTime(entry.atUnix),
            text: sentence(entry),
            claims: entry.event == .presented && !shown.isEmpty
                ? Str.logClaims.text(language, Formatting.list(shown.map(Formatting.inSentence), language)) : nil,
            audience: entry.audience.map { Str.logAudience.text(language, $0) },
            whileLocked: entry.whileLocked ? Str.logWhileLocked.text(language) : nil)
    }

    /// What happened, as a sentence.
    private func sentence(_ entry: LogEntry) -> String {
        let document = entry.documentType.map { Formatting.inSentence(Formatting.documentTypeName($0, language)) }
            ?? Str.logUnknownDocument.text(language)
        switch entry.event {
        case .presented:
            return entry.preset.map { Str.logPresentedPreset.text(language, document, Formatting.presetName($0, language)) }
                ?? Str.logPresented.text(language, document)
        case .added: return Str.logAdded.text(language, document)
        case .replaced: return Str.logReplaced.text(language, document)
        case .deleted: return Str.logDeleted.text(language, document)
        case .restored:
            return entry.restore.map { Str.logRestored.text(language, $0.added, $0.replacedOlder) }
                ?? Str.logRestoredPlain.text(language)
        }
    }

    private func exportText(_ entries: [LogEntry]) -> String {
        var lines = [Str.logExportHeader.text(language, Formatting.dateTime(exportedAt))]
        for item in entries.map(item) {
            let extra = [item.claims, item.audience, item.whileLocked].compactMap { $0 }
            lines.append(([item.time + " — " + item.text] + extra).joined(separator: ". "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func filterName(_ event: ActivityEvent?) -> String {
        switch event {
        case nil: return Str.logFilterAll.text(language)
        case .presented: return Str.logFilterPresented.text(language)
        case .added: return Str.logFilterAdded.text(language)
        case .replaced: return Str.logFilterReplaced.text(language)
        case .deleted: return Str.logFilterDeleted.text(language)
        case .restored: return Str.logFilterRestored.text(language)
        }
    }
}
