import Foundation
import Vidi

/// The colour family of a badge or verdict: the screen picks the colours.
public enum Tone: Sendable { case good, caution, bad, neutral }

/// A document's state as one badge, the most pressing first.
public enum StatusBadge: Sendable {
    case valid, suspended, revoked, expired, unknown, pending, needsRebinding

    public var tone: Tone {
        switch self {
        case .valid: return .good
        case .suspended, .needsRebinding: return .caution
        case .revoked, .expired: return .bad
        case .unknown, .pending: return .neutral
        }
    }

    public func text(_ language: Language) -> String {
        switch self {
        case .valid: return Str.statusValid.text(language)
        case .suspended: return Str.statusSuspended.text(language)
        case .revoked: return Str.statusRevoked.text(language)
        case .expired: return Str.statusExpired.text(language)
        case .unknown: return Str.statusUnknown.text(language)
        case .pending: return Str.statusPending.text(language)
        case .needsRebinding: return Str.statusNeedsRebinding.text(language)
        }
    }

    /// The badge of `document`.
    public static func of(_ document: DocumentSummary) -> StatusBadge {
        if document.pending { return .pending }
        if document.status == .revoked { return .revoked }
        if document.expired { return .expired }
        if document.status == .suspended { return .suspended }
        if document.needsRebinding { return .needsRebinding }
        if document.status == .valid { return .valid }
        return .unknown
    }
}

/// A row of the document list, in the model's language.
public struct DocumentItem: Equatable, Identifiable, Sendable {
    public let id: String
    public let documentType: DocumentType
    public let typeName: String
    public let holder: String
    public let number: String?
    public let validity: String
    public let badge: String
    public let tone: Tone
    public let status: StatusBadge
}

/// The document list screen.
public struct DocumentsState: Equatable, Sendable {
    public var items: [DocumentItem] = []
    public var loading = false
    public var error: String?
    /// The model has a verifier cache, so `updateStatus()` does something.
    public var canUpdateStatus = false
    /// An `updateStatus()` is running (sync, then the badges).
    public var statusUpdating = false
    /// How old the badges are, from the document checked longest ago
    /// ("Trạng thái cập nhật 5 phút trước" / "Status checked 5 minutes
    /// ago", or never checked); nil with no documents.
    public var statusAge: String?
    /// Why the status could not be updated (e.g. offline); the list stays.
    public var statusError: String?
    /// Only once loaded without error and with nothing in the wallet.
    public var empty: Bool { !loading && error == nil && items.isEmpty }
}

/// The wallet's documents (mirrors Kotlin's `DocumentsModel`): `refresh()`
/// applies the verifier's cached status lists offline (no cache yet is not
/// an error), then lists; `updateStatus()` first syncs that cache from the
/// server. Without a verifier the status is the one last learned.
@MainActor
public final class DocumentsModel: ObservableObject {
    @Published public private(set) var state = DocumentsState()
    public private(set) var language: Language
    private let wallet: Wallet
    private let verifier: Verifier?
    private let serverUrl: String
    private let clock: WallClock
    private var rows: [(DocumentSummary, String?)] = []
    private var failure: Error?
    private var applyFailure: Error?
    private var syncFailure: Error?

    public init(
        language: Language, wallet: Wallet, verifier: Verifier? = nil, serverUrl: String = "",
        clock: WallClock = SystemClock()
    ) {
        self.language = language
        self.wallet = wallet
        self.verifier = verifier
        self.serverUrl = serverUrl
        self.clock = clock
        state.canUpdateStatus = verifier != nil
    }

    /// Applies the cached status lists, then reads the documents again.
    public func refresh() async {
        state.loading = true
        await applyCachedStatus()
        await load()
        render(loading: false)
    }

    /// Syncs the status lists from the server, applies them and reads the
    /// documents again; a failure is `statusError` and the list stays.
    /// Nothing without a verifier, or while an update runs.
    public func updateStatus() async {
        guard let verifier, !state.statusUpdating else { return }
        syncFailure = nil
        state.statusUpdating = true
        state.statusError = nil
        do {
            _ = try await verifier.sync(serverUrl: serverUrl)
            await applyCachedStatus()
        } catch {
            syncFailure = error
        }
        await load()
        state.statusUpdating = false
        render(loading: state.loading)
    }

    /// `updateStatus(verifier:nowUnix:)` from the cache; before any sync
    /// there is nothing to apply, which is not an error.
    private func applyCachedStatus() async {
        guard let verifier else { return }
        let wallet = self.wallet
        let now = nowUnix()
        do {
            _ = try await Task.detached { try wallet.updateStatus(verifier: verifier, nowUnix: now) }.value
            applyFailure = nil
        } catch VidiError.NotFound {
            applyFailure = nil
        } catch {
            applyFailure = error
        }
    }

    /// Reads the documents into `rows`, or the failure into `failure`.
    private func load() async {
        do {
            var read: [(DocumentSummary, String?)] = []
            for summary in try await wallet.documents() {
                let details = try? await wallet.details(of: summary.id)
                read.append((summary, details.map(Self.documentNumber)))
            }
            rows = read
            failure = nil
        } catch {
            failure = error
        }
    }

    public func setLanguage(_ language: Language) {
        self.language = language
        render(loading: state.loading)
    }

    private func render(loading: Bool) {
        state = DocumentsState(
            items: rows.map { summary, number in
                let badge = StatusBadge.of(summary)
                return DocumentItem(
                    id: summary.id, documentType: summary.documentType,
                    typeName: language.pick(vi: summary.typeLabelVi, en: summary.typeLabelEn),
                    holder: summary.holderName, number: number,
                    validity: Self.validity(summary, language), badge: badge.text(language),
                    tone: badge.tone, status: badge)
            },
            loading: loading, error: failure.map { errorText($0, language) },
            canUpdateStatus: verifier != nil, statusUpdating: state.statusUpdating,
            statusAge: Self.statusAge(rows.map { $0.0 }, now: nowUnix(), language),
            // A wallet that cannot be listed says so once, in `error`.
            statusError: failure == nil
                ? (syncFailure ?? applyFailure).map { Str.documentsStatusFailed.text(language, errorText($0, language)) }
                : nil)
    }

    private func nowUnix() -> Int64 { Int64(clock.now().timeIntervalSince1970) }

    /// How old the badges of `documents` are at `now`, from the one checked
    /// longest ago (never, if any was not); pending documents have no
    /// status yet and do not count. Nil with no documents.
    public static func statusAge(_ documents: [DocumentSummary], now: Int64, _ language: Language) -> String? {
        let counted = documents.filter { !$0.pending }
        if counted.isEmpty { return nil }
        let learned = counted.compactMap(\.statusLearnedAtUnix)
        guard learned.count == counted.count, let oldest = learned.min() else {
            return Str.documentsStatusNeverChecked.text(language)
        }
        return Str.statusChecked.text(language, Formatting.age(now - oldest, language))
    }

    /// The document's number as its card prints it (personal ID, licence
    /// or card number): the card layout's `number` field.
    public static func documentNumber(_ details: DocumentDetails) -> String {
        details.card.number.value
    }

    /// The validity line of `summary`.
    public static func validity(_ summary: DocumentSummary, _ language: Language) -> String {
        guard let until = summary.validUntil else { return Str.documentsNoExpiry.text(language) }
        let date = Formatting.date(until)
        return summary.expired
            ? Str.documentsExpiredOn.text(language, date) : Str.documentsValidUntil.text(language, date)
    }
}
