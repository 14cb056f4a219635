package vn.vidi.domain.ui

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import vn.vidi.domain.Language
import vn.vidi.domain.VidiWallet
import vn.vidi.domain.VidiWalletException
import vn.vidi.ffi.DocumentDetails
import vn.vidi.ffi.DocumentStatus
import vn.vidi.ffi.DocumentSummary
import vn.vidi.ffi.DocumentType
import kotlin.coroutines.cancellation.CancellationException

/** The colour family of a badge or verdict: the screen picks the colours. */
enum class Tone { Good, Caution, Bad, Neutral }

/**
 * A document's state as one badge, the most pressing first: pending (not
 * merged yet), revoked, expired, suspended, needs re-binding, valid, and
 * unknown when the status was never learned.
 */
enum class StatusBadge(val tone: Tone, private val words: Str) {
    Valid(Tone.Good, Str.STATUS_VALID),
    Suspended(Tone.Caution, Str.STATUS_SUSPENDED),
    Revoked(Tone.Bad, Str.STATUS_REVOKED),
    Expired(Tone.Bad, Str.STATUS_EXPIRED),
    Unknown(Tone.Neutral, Str.STATUS_UNKNOWN),
    Pending(Tone.Neutral, Str.STATUS_PENDING),
    NeedsRebinding(Tone.Caution, Str.STATUS_NEEDS_REBINDING),
    ;

    /** The badge's words in [language]. */
    fun text(language: Language): String = words.text(language)

    companion object {
        /** The badge of [document]. */
        fun of(document: DocumentSummary): StatusBadge = when {
            document.pending -> Pending
            document.status == DocumentStatus.REVOKED -> Revoked
            document.expired -> Expired
            document.status == DocumentStatus.SUSPENDED -> Suspended
            document.needsRebinding -> NeedsRebinding
            document.status == DocumentStatus.VALID -> Valid
            else -> Unknown
        }
    }
}

/**
 * A row of the document list, in the model's language.
 *
 * @property number the document's number (personal ID, licence or card number); null when it could not be read.
 * @property validity "Có giá trị đến 14/05/2031" / "Valid until 14/05/2031", "Không thời hạn" / "No expiry".
 */
data class DocumentItem(
    val id: String,
    val documentType: DocumentType,
    val typeName: String,
    val holder: String,
    val number: String?,
    val validity: String,
    val badge: String,
    val tone: Tone,
    val status: StatusBadge,
    val pending: Boolean,
    val expired: Boolean,
    val needsRebinding: Boolean,
)

/** The document list screen. [empty] only once loaded without error and with nothing in the wallet. */
data class DocumentsState(
    val items: List<DocumentItem> = emptyList(),
    val loading: Boolean = false,
    val error: String? = null,
) {
    val empty: Boolean get() = !loading && error == null && items.isEmpty()
}

/**
 * The wallet's documents as the list screen shows them (docs/screens.md):
 * [refresh] reads them from [wallet], each with its number from its
 * details; the status is the one last learned (after a verifier sync).
 */
class DocumentsModel(
    scope: CoroutineScope,
    language: Language,
    private val wallet: VidiWallet,
) : ScreenModel<DocumentsState>(scope, language, DocumentsState()) {
    private var rows: List<Pair<DocumentSummary, String?>> = emptyList()
    private var failure: Throwable? = null

    /** Reads the documents again; the items already shown stay until the new ones arrive. */
    fun refresh(): Job = scope.launch {
        update { it.copy(loading = true) }
        try {
            rows = wallet.documents().map { it to numberOf(it) }
            failure = null
        } catch (e: CancellationException) {
            update { it.copy(loading = false) }
            throw e
        } catch (e: VidiWalletException) {
            failure = e
        }
        update { render(loading = false) }
    }

    override fun onLanguageChanged() = update { render(loading = it.loading) }

    private fun render(loading: Boolean) = DocumentsState(
        items = rows.map { (summary, number) -> item(summary, number) },
        loading = loading,
        error = failure?.let(::describe),
    )

    private fun item(summary: DocumentSummary, number: String?): DocumentItem {
        val badge = StatusBadge.of(summary)
        return DocumentItem(
            id = summary.id,
            documentType = summary.documentType,
            typeName = language.pick(summary.typeLabelVi, summary.typeLabelEn),
            holder = summary.holderName,
            number = number,
            validity = validity(summary, language),
            badge = badge.text(language),
            tone = badge.tone,
            status = badge,
            pending = summary.pending,
            expired = summary.expired,
            needsRebinding = summary.needsRebinding,
        )
    }

    /** The number from the details; a document whose details cannot be read (pending) lists without one. */
    private suspend fun numberOf(summary: DocumentSummary): String? = try {
        documentNumber(wallet.document(summary.id))
    } catch (_: VidiWalletException) {
        null
    }

    companion object {
        /** The document's number as its card prints it (personal ID, licence or card number). */
        fun documentNumber(details: DocumentDetails): String = details.card.number.value

        /** The validity line of [summary] in [language]. */
        fun validity(summary: DocumentSummary, language: Language): String {
            val until = summary.validUntil ?: return Str.DOCUMENTS_NO_EXPIRY.text(language)
            val date = Formatting.date(until)
            return if (summary.expired) Str.DOCUMENTS_EXPIRED_ON.text(language, date) else Str.DOCUMENTS_VALID_UNTIL.text(language, date)
        }
    }
}
