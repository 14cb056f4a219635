import Foundation
import Vidi

/// One printed line of a card, labelled in the model's language; both
/// labels kept for the card's bilingual print ("Họ, chữ đệm và tên / Full name").
public struct CardLine: Equatable, Identifiable, Sendable {
    public let claim: String
    public let label: String
    public let labelVi: String
    public let labelEn: String
    public let value: String
    public var id: String { claim }

    /// `field` labelled in `language`.
    public static func of(_ field: DisplayField, _ language: Language) -> CardLine {
        CardLine(
            claim: field.claim, label: language.pick(vi: field.labelVi, en: field.labelEn),
            labelVi: field.labelVi, labelEn: field.labelEn, value: field.value)
    }
}

/// A document laid out like the card people know (the core's `CardLayout`
/// in the model's language): `theme` picks the colours, `header` and
/// `title` are printed across the top, `number` stands out under the
/// title, `portrait` is the photo's slot (a placeholder is drawn), and the
/// fields are split into `front` and `back` as printed. Both languages'
/// header and title are kept for cards that print both.
public struct CardView: Equatable, Sendable {
    public let theme: CardTheme
    public let header: [String]
    public let headerVi: [String]
    public let headerEn: [String]
    public let title: String
    public let titleVi: String
    public let titleEn: String
    public let number: CardLine
    public let portrait: CardLine?
    public let front: [CardLine]
    public let back: [CardLine]

    /// The card of `details` in `language`.
    public static func of(_ details: DocumentDetails, _ language: Language) -> CardView {
        let card = details.card
        return CardView(
            theme: card.theme, header: language == .vietnamese ? card.headerVi : card.headerEn,
            headerVi: card.headerVi, headerEn: card.headerEn,
            title: language.pick(vi: card.titleVi, en: card.titleEn), titleVi: card.titleVi, titleEn: card.titleEn,
            number: .of(card.number, language), portrait: card.portrait.map { .of($0, language) },
            front: card.front.map { .of($0, language) }, back: card.back.map { .of($0, language) })
    }
}

/// The document detail screen.
public struct DocumentDetailState: Equatable, Sendable {
    public var loading = false
    public var card: CardView?
    public var typeName = ""
    public var holder = ""
    public var validity = ""
    public var status: StatusBadge?
    public var badge = ""
    public var tone = Tone.neutral
    public var issuer = ""
    public var received = ""
    public var statusChecked = ""
    public var canShowQr = false
    public var needsRebinding = false
    public var rebindingNote: String?
    public var confirmDelete = false
    public var deleteQuestion: String?
    public var deleted = false
    public var error: String?
}

/// One document (mirrors Kotlin's `DocumentDetailModel`).
@MainActor
public final class DocumentDetailModel: ObservableObject {
    @Published public private(set) var state = DocumentDetailState()
    public let documentId: String
    public private(set) var language: Language
    private let wallet: Wallet
    private var details: DocumentDetails?
    private var failure: Error?

    public init(language: Language, wallet: Wallet, documentId: String) {
        self.language = language
        self.wallet = wallet
        self.documentId = documentId
    }

    public func load() async {
        state.loading = true
        do {
            details = try await wallet.details(of: documentId)
            failure = nil
        } catch {
            failure = error
        }
        state.loading = false
        render()
    }

    public func askDelete() {
        state.confirmDelete = true
        render()
    }

    public func cancelDelete() {
        state.confirmDelete = false
        render()
    }

    /// Deletes the document once the user confirmed.
    public func delete() async {
        guard state.confirmDelete else { return }
        let wallet = self.wallet, id = documentId
        do {
            try await Task.detached { try wallet.deleteDocument(id: id) }.value
            state.deleted = true
        } catch {
            failure = error
        }
        state.confirmDelete = false
        render()
    }

    public func setLanguage(_ language: Language) {
        self.language = language
        render()
    }

    private func render() {
        state.error = failure.map { errorText($0, language) }
        guard let d = details else { return }
        let summary = d.summary
        let badge = StatusBadge.of(summary)
        let typeName = language.pick(vi: summary.typeLabelVi, en: summary.typeLabelEn)
        state.card = CardView.of(d, language)
        state.typeName = typeName
        state.holder = summary.holderName
        state.status = badge
        state.validity = DocumentsModel.validity(summary, language)
        state.badge = badge.text(language)
        state.tone = badge.tone
        state.issuer = Str.detailIssuer.text(language, d.issuer)
        state.received = Str.detailReceived.text(language, Formatting.dateTime(d.receivedAtUnix))
        state.statusChecked =
            summary.statusLearnedAtUnix.map { Str.statusChecked.text(language, Formatting.dateTime($0)) }
            ?? Str.detailStatusNeverChecked.text(language)
        state.canShowQr =
            !summary.pending && !summary.needsRebinding && !summary.expired && summary.status != .revoked
            && !(d.presets.isEmpty && d.claims.isEmpty)
        state.needsRebinding = summary.needsRebinding
        state.rebindingNote = summary.needsRebinding ? Str.errorNeedsRebinding.text(language) : nil
        state.deleteQuestion =
            state.confirmDelete ? Str.detailDeleteConfirm.text(language, Formatting.inSentence(typeName)) : nil
    }
}
