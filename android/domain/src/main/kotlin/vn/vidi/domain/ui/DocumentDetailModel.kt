package vn.vidi.domain.ui

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import vn.vidi.domain.Language
import vn.vidi.domain.VidiWallet
import vn.vidi.domain.VidiWalletException
import vn.vidi.ffi.DisplayField
import vn.vidi.ffi.DocumentDetails
import vn.vidi.ffi.DocumentStatus
import vn.vidi.ffi.CardTheme

/**
 * One printed line of a card: [label] in the model's language, and both
 * labels for the card's own look (Vietnamese cards print "Họ, chữ đệm và
 * tên / Full name").
 */
data class CardLine(
    val claim: String,
    val label: String,
    val labelVi: String,
    val labelEn: String,
    val value: String,
) {
    companion object {
        /** [field] labelled in [language]. */
        fun of(field: DisplayField, language: Language) =
            CardLine(field.claim, language.pick(field.labelVi, field.labelEn), field.labelVi, field.labelEn, field.value)
    }
}

/**
 * A document laid out like the card people know (the core's `CardLayout`
 * in the model's language): [theme] picks the colours and emblem,
 * [header] and [title] are printed across the top, [number] stands out
 * under the title, [portrait] is the photo's slot (draw a placeholder),
 * and the fields are split into [front] and [back] as printed. The
 * Vietnamese ([headerVi], [titleVi]) and English texts are both kept, for
 * cards that print both.
 */
data class CardView(
    val theme: CardTheme,
    val header: List<String>,
    val headerVi: List<String>,
    val headerEn: List<String>,
    val title: String,
    val titleVi: String,
    val titleEn: String,
    val number: CardLine,
    val portrait: CardLine?,
    val front: List<CardLine>,
    val back: List<CardLine>,
)

/**
 * The document detail screen.
 *
 * @property card the card's layout, in the model's language.
 * @property canShowQr the document can be shown now (not pending, revoked,
 *   expired or waiting for re-binding, and it has something to show).
 * @property deleteQuestion the confirmation's words, while [confirmDelete].
 */
data class DocumentDetailState(
    val loading: Boolean = false,
    val card: CardView? = null,
    val typeName: String = "",
    val holder: String = "",
    val validity: String = "",
    val status: StatusBadge? = null,
    val badge: String = "",
    val tone: Tone = Tone.Neutral,
    val issuer: String = "",
    val received: String = "",
    val statusChecked: String = "",
    val canShowQr: Boolean = false,
    val needsRebinding: Boolean = false,
    val rebindingNote: String? = null,
    val confirmDelete: Boolean = false,
    val deleteQuestion: String? = null,
    val deleted: Boolean = false,
    val error: String? = null,
)

/**
 * One document (docs/screens.md): [load] it from [wallet], show it as its
 * card, delete it after a confirmation ([askDelete], then [delete] or
 * [cancelDelete]).
 */
class DocumentDetailModel(
    scope: CoroutineScope,
    language: Language,
    private val wallet: VidiWallet,
    val documentId: String,
) : ScreenModel<DocumentDetailState>(scope, language, DocumentDetailState()) {
    private var details: DocumentDetails? = null
    private var failure: Throwable? = null

    /** Reads the document. */
    fun load(): Job = scope.launch {
        update { it.copy(loading = true) }
        try {
            details = wallet.document(documentId)
            failure = null
        } catch (e: VidiWalletException) {
            failure = e
        } finally {
            update { render(it.copy(loading = false)) }
        }
    }

    /** Asks the user to confirm the deletion. */
    fun askDelete() = update { render(it.copy(confirmDelete = true)) }

    /** The user kept the document. */
    fun cancelDelete() = update { render(it.copy(confirmDelete = false)) }

    /** Deletes the document once the user confirmed ([askDelete]); does nothing otherwise. */
    fun delete(): Job? {
        if (!state.value.confirmDelete) return null
        return scope.launch {
            update { it.copy(loading = true) }
            try {
                wallet.deleteDocument(documentId)
                update { it.copy(deleted = true, confirmDelete = false, error = null) }
            } catch (e: VidiWalletException) {
                failure = e
                update { render(it.copy(confirmDelete = false)) }
            } finally {
                update { it.copy(loading = false) }
            }
        }
    }

    override fun onLanguageChanged() = update { render(it) }

    /** [base] with everything worded from the document in the current language. */
    private fun render(base: DocumentDetailState): DocumentDetailState {
        val error = failure?.let(::describe)
        val d = details ?: return base.copy(error = error)
        val summary = d.summary
        val badge = StatusBadge.of(summary)
        val typeName = language.pick(summary.typeLabelVi, summary.typeLabelEn)
        return base.copy(
            card = cardOf(d, language),
            typeName = typeName,
            holder = summary.holderName,
            validity = DocumentsModel.validity(summary, language),
            status = badge,
            badge = badge.text(language),
            tone = badge.tone,
            issuer = Str.DETAIL_ISSUER.text(language, d.issuer),
            received = Str.DETAIL_RECEIVED.text(language, Formatting.dateTime(d.receivedAtUnix)),
            statusChecked = summary.statusLearnedAtUnix
                ?.let { Str.STATUS_CHECKED.text(language, Formatting.dateTime(it)) }
                ?: Str.DETAIL_STATUS_NEVER_CHECKED.text(language),
            canShowQr = !summary.pending && !summary.needsRebinding && !summary.expired &&
                summary.status != DocumentStatus.REVOKED && (d.presets.isNotEmpty() || d.claims.isNotEmpty()),
            needsRebinding = summary.needsRebinding,
            rebindingNote = if (summary.needsRebinding) Str.ERROR_NEEDS_REBINDING.text(language) else null,
            deleteQuestion = if (base.confirmDelete) Str.DETAIL_DELETE_CONFIRM.text(language, Formatting.inSentence(typeName)) else null,
            error = error,
        )
    }

    companion object {
        /** The card of [details] in [language]. */
        fun cardOf(details: DocumentDetails, language: Language): CardView {
            val card = details.card
            val line = { field: DisplayField -> CardLine.of(field, language) }
            return CardView(
                theme = card.theme,
                header = language.pick(card.headerVi, card.headerEn),
                headerVi = card.headerVi,
                headerEn = card.headerEn,
                title = language.pick(card.titleVi, card.titleEn),
                titleVi = card.titleVi,
                titleEn = card.titleEn,
                number = line(card.number),
                portrait = card.portrait?.let(line),
                front = card.front.map(line),
                back = card.back.map(line),
            )
        }
    }
}
