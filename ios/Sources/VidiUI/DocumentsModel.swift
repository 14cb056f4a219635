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
    /// Only once loaded without error and with nothing in the wallet.
    public var empty: Bool { !loading && error == nil && items.isEmpty }
}

/// The wallet's documents (mirrors Kotlin's `DocumentsModel`).
@MainActor
public final class DocumentsModel: ObservableObject {
    @Published public private(set) var state = DocumentsState()
    public private(set) var language: Language
    private let wallet: Wallet
    private var rows: [(DocumentSummary, String?)] = []
    private var failure: Error?

    public init(language: Language, wallet: Wallet) {
        self.language = language
        self.wallet = wallet
    }

    /// Reads the documents again.
    public func refresh() async {
        state.loading = true
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
        render(loading: false)
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
            loading: loading, error: failure.map { errorText($0, language) })
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
