package vn.vidi.domain.ui

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import vn.vidi.domain.Language
import vn.vidi.domain.NotFoundException
import vn.vidi.domain.SystemWallClock
import vn.vidi.domain.VidiVerifier
import vn.vidi.domain.VidiWallet
import vn.vidi.domain.VidiWalletException
import vn.vidi.domain.WallClock
import vn.vidi.ffi.DocumentDetails
import vn.vidi.ffi.DocumentStatus
import vn.vidi.ffi.DocumentSummary
import vn.vidi.ffi.DocumentType

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

/**
 * The document list screen. [empty] only once loaded without error and with nothing in the wallet.
 *
 * @property canUpdateStatus the model has a verifier cache, so [DocumentsModel.updateStatus] does something.
 * @property statusUpdating an [DocumentsModel.updateStatus] is running (sync, then the badges).
 * @property statusAge how old the badges are, from the document checked longest ago:
 *   "Trạng thái cập nhật 5 phút trước" / "Status checked 5 minutes ago", or
 *   "Chưa kiểm tra trạng thái" / "Status never checked"; null with no documents.
 * @property statusError why the status could not be updated (e.g. offline), in words; the list stays.
 */
data class DocumentsState(
    val items: List<DocumentItem> = emptyList(),
    val loading: Boolean = false,
    val error: String? = null,
    val canUpdateStatus: Boolean = false,
    val statusUpdating: Boolean = false,
    val statusAge: String? = null,
    val statusError: String? = null,
) {
    val empty: Boolean get() = !loading && error == null && items.isEmpty()
}

/**
 * The wallet's documents as the list screen shows them (docs/screens.md):
 * [refresh] reads them from [wallet], each with its number from its
 * details, after applying [verifier]'s cached status lists (offline);
 * [updateStatus] first syncs that cache from [serverUrl]. Without a
 * [verifier] the status is the one last learned. Ages come from [clock].
 */
class DocumentsModel(
    scope: CoroutineScope,
    language: Language,
    private val wallet: VidiWallet,
    private val verifier: VidiVerifier? = null,
    private val serverUrl: String = "",
    private val clock: WallClock = SystemWallClock,
) : ScreenModel<DocumentsState>(scope, language, DocumentsState(canUpdateStatus = verifier != null)) {
    private var rows: List<Pair<DocumentSummary, String?>> = emptyList()
    private var failure: Throwable? = null
    private var applyFailure: Throwable? = null
    private var syncFailure: Throwable? = null

    /**
     * Applies the verifier's cached status lists (offline; no cache yet is
     * not an error), then reads the documents again; the items already
     * shown stay until the new ones arrive.
     */
    fun refresh(): Job = scope.launch {
        update { it.copy(loading = true) }
        try {
            applyCachedStatus()
            load()
        } finally {
            update { render(it, loading = false) }
        }
    }

    /**
     * Syncs the verifier's trust and status lists from the server, applies
     * them, and reads the documents again. A failure (offline, server
     * refused) is [DocumentsState.statusError]; the list stays. Nothing
     * without a verifier, or while an update runs.
     */
    fun updateStatus(): Job = scope.launch {
        val verifier = verifier ?: return@launch
        if (state.value.statusUpdating) return@launch
        syncFailure = null
        update { render(it.copy(statusUpdating = true), loading = it.loading) }
        try {
            syncFailure = try {
                verifier.sync(serverUrl)
                null
            } catch (e: VidiWalletException) {
                e
            }
            if (syncFailure == null) applyCachedStatus()
            load()
        } finally {
            update { render(it.copy(statusUpdating = false), loading = it.loading) }
        }
    }

    /** `wallet.updateStatus` from the cache; before any sync there is nothing to apply. */
    private suspend fun applyCachedStatus() {
        val verifier = verifier ?: return
        applyFailure = try {
            wallet.updateStatus(verifier, clock.nowMillis() / MILLIS)
            null
        } catch (_: NotFoundException) {
            null
        } catch (e: VidiWalletException) {
            e
        }
    }

    /** Reads the documents into [rows], or the failure into [failure]. */
    private suspend fun load() {
        try {
            rows = wallet.documents().map { it to numberOf(it) }
            failure = null
        } catch (e: VidiWalletException) {
            failure = e
        }
    }

    override fun onLanguageChanged() = update { render(it, loading = it.loading) }

    private fun render(base: DocumentsState, loading: Boolean) = base.copy(
        items = rows.map { (summary, number) -> item(summary, number) },
        loading = loading,
        error = failure?.let(::describe),
        statusAge = statusAge(rows.map { it.first }, clock.nowMillis() / MILLIS, language),
        // A wallet that cannot be listed says so once, in [error].
        statusError = (syncFailure ?: applyFailure)?.takeIf { failure == null }
            ?.let { Str.DOCUMENTS_STATUS_FAILED.text(language, describe(it)) },
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
        private const val MILLIS = 1000L

        /**
         * How old the badges of [documents] are at [nowUnix], from the one
         * checked longest ago (never, if any was not); pending documents
         * have no status yet and do not count. Null with no documents.
         */
        fun statusAge(documents: List<DocumentSummary>, nowUnix: Long, language: Language): String? {
            val counted = documents.filterNot { it.pending }
            if (counted.isEmpty()) return null
            val learned = counted.map { it.statusLearnedAtUnix }
            if (learned.any { it == null }) return Str.DOCUMENTS_STATUS_NEVER_CHECKED.text(language)
            val oldest = learned.minOf { it!! }
            return Str.STATUS_CHECKED.text(language, Formatting.age(nowUnix - oldest, language))
        }

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
