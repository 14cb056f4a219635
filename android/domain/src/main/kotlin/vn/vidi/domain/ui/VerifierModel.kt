package vn.vidi.domain.ui

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import vn.vidi.domain.Language
import vn.vidi.domain.NotFoundException
import vn.vidi.domain.SystemWallClock
import vn.vidi.domain.VerifierState
import vn.vidi.domain.VidiVerifier
import vn.vidi.domain.VidiWalletException
import vn.vidi.domain.WallClock
import vn.vidi.ffi.CachedList
import vn.vidi.ffi.ListAge
import vn.vidi.ffi.Verdict
import java.time.Instant

/**
 * A cached list as the verifier screen shows it.
 *
 * @property age when it was signed, in words ("Ký 5 phút trước" / "Signed 5 minutes ago").
 * @property stale a status list older than 48 hours: every proof would be "status unknown".
 * @property warning what to do about a stale list, in words.
 */
data class ListItem(val name: String, val age: String, val stale: Boolean, val warning: String?)

/** A field the proof disclosed, labelled in the model's language. */
data class VerdictField(val claim: String, val label: String, val value: String)

/**
 * The verdict, large and plain: [headline] "HỢP LỆ" / "VALID" on green
 * ([Tone.Good]) with the disclosed [fields], or "KHÔNG HỢP LỆ" /
 * "NOT VALID" on red ([Tone.Bad]) with the [reason] in words.
 */
data class VerdictView(
    val valid: Boolean,
    val headline: String,
    val tone: Tone,
    val documentName: String,
    val issuer: String?,
    val fields: List<VerdictField>,
    val hiddenCount: Int,
    val hidden: String?,
    val reasonCode: String?,
    val reason: String?,
)

/**
 * The verifier screen.
 *
 * @property lists the cached lists, trust list first; empty before the first sync.
 * @property notReady words asking for a first sync, while there is nothing to verify against.
 * @property scanning the camera is looking for a code (no verdict shown, none being checked).
 */
data class VerifierScreenState(
    val serverUrl: String = "",
    val syncing: Boolean = false,
    val lastSync: String? = null,
    val lists: List<ListItem> = emptyList(),
    val stale: Boolean = false,
    val notReady: String? = null,
    val syncError: String? = null,
    val checking: Boolean = false,
    val verdict: VerdictView? = null,
    val error: String? = null,
) {
    val scanning: Boolean get() = verdict == null && !checking
}

/**
 * The checkpoint's verifier (docs/screens.md) over [verifier]: [sync] the
 * trust and status lists from [serverUrl] when online, then [onScanned]
 * each code the camera reads and show the verdict until [dismiss]. Times
 * (list ages, the verdict's "now") come from [clock].
 */
class VerifierModel(
    scope: CoroutineScope,
    language: Language,
    private val verifier: VidiVerifier,
    serverUrl: String,
    private val clock: WallClock = SystemWallClock,
) : ScreenModel<VerifierScreenState>(scope, language, VerifierScreenState(serverUrl = serverUrl)) {
    private var ages: List<ListAge> = emptyList()
    private var syncedAt: Long? = null
    private var syncFailure: Throwable? = null
    private var verdict: Verdict? = null
    private var failure: Throwable? = null
    private var lastScan: String? = null
    private var lastScanAt: Long = 0

    /** Reads the cache's ages (when the screen opens). */
    fun load(): Job = scope.launch {
        readAges()
        update { render(it) }
    }

    /** The server to sync from (the officer may type another). */
    fun setServerUrl(url: String) = update { it.copy(serverUrl = url.trim()) }

    /** Fetches the trust and status lists; a failure keeps the old cache and says why. */
    fun sync(): Job = scope.launch {
        update { it.copy(syncing = true, syncError = null) }
        syncFailure = try {
            val report = verifier.sync(state.value.serverUrl)
            syncedAt = report.syncedAtUnix
            null
        } catch (e: VidiWalletException) {
            e
        }
        readAges()
        update { render(it.copy(syncing = false)) }
    }

    /**
     * A code the camera read. The same text again within [REPEAT_MILLIS]
     * of its last check is ignored (cameras report every frame), and so is
     * anything while a check runs. Returns the check's job, or null when
     * ignored.
     */
    fun onScanned(text: String): Job? {
        val at = clock.nowMillis()
        if (state.value.checking) return null
        if (text == lastScan && at - lastScanAt in 0 until REPEAT_MILLIS) return null
        lastScan = text
        lastScanAt = at
        update { it.copy(checking = true) }
        return scope.launch {
            try {
                verdict = verifier.verify(text.trim(), at = Instant.ofEpochMilli(at))
                failure = null
                ages = verifier.state.value.cacheAges
            } catch (e: VidiWalletException) {
                verdict = null
                failure = e
            }
            update { render(it.copy(checking = false)) }
        }
    }

    /** Back to scanning. */
    fun dismiss() {
        verdict = null
        failure = null
        update { render(it) }
    }

    override fun onLanguageChanged() = update { render(it) }

    private fun now(): Instant = Instant.ofEpochMilli(clock.nowMillis())

    /** The cache's ages now; a cache that cannot be read is shown as an error, not thrown. */
    private suspend fun readAges() {
        try {
            ages = verifier.refreshAges(now())
        } catch (e: VidiWalletException) {
            failure = e
        }
    }

    private fun render(base: VerifierScreenState): VerifierScreenState {
        val lists = ages.map(::listItem)
        return base.copy(
            lastSync = syncedAt?.let { Str.VERIFIER_SYNCED.text(language, Formatting.dateTime(it)) },
            lists = lists,
            stale = lists.any { it.stale },
            notReady = if (ages.isEmpty()) Str.VERIFIER_NEVER_SYNCED.text(language) else null,
            syncError = syncFailure?.let(::describe),
            verdict = verdict?.let(::view),
            error = failure?.let {
                if (it is NotFoundException) Str.VERIFIER_NEVER_SYNCED.text(language) else describe(it)
            },
        )
    }

    private fun listItem(age: ListAge): ListItem {
        val stale = age.list is CachedList.StatusList && age.ageSeconds > VerifierState.STATUS_LIST_MAX_AGE_SECONDS
        return ListItem(
            name = when (val list = age.list) {
                CachedList.TrustList -> Str.VERIFIER_TRUST_LIST.text(language)
                is CachedList.StatusList -> Str.VERIFIER_STATUS_LIST.text(language, list.kid)
            },
            age = Str.VERIFIER_LIST_AGE.text(language, Formatting.age(age.ageSeconds, language)),
            stale = stale,
            warning = if (stale) Str.VERIFIER_STALE.text(language) else null,
        )
    }

    private fun view(v: Verdict): VerdictView {
        val hidden = v.hiddenClaims.toInt()
        val name = if (v.documentLabelVi != null && v.documentLabelEn != null) {
            language.pick(v.documentLabelVi!!, v.documentLabelEn!!)
        } else {
            v.documentType?.let { Formatting.documentTypeName(it, language) } ?: Str.VERIFIER_UNKNOWN_DOCUMENT.text(language)
        }
        return VerdictView(
            valid = v.valid,
            headline = (if (v.valid) Str.VERIFIER_VALID else Str.VERIFIER_NOT_VALID).text(language),
            tone = if (v.valid) Tone.Good else Tone.Bad,
            documentName = name,
            issuer = v.issuer?.let { Str.VERIFIER_ISSUER.text(language, it) },
            fields = v.claims.map { VerdictField(it.claim, language.pick(it.labelVi, it.labelEn), it.value) },
            hiddenCount = hidden,
            hidden = when {
                !v.valid || hidden == 0 -> null
                hidden == 1 -> Str.VERIFIER_HIDDEN_ONE.text(language)
                else -> Str.VERIFIER_HIDDEN.text(language, hidden)
            },
            reasonCode = v.reasonCode,
            reason = if (v.valid) {
                null
            } else {
                language.pick(v.reasonVi ?: "", v.reasonEn ?: "").ifBlank { Str.VERIFIER_REASON_UNKNOWN.text(language) }
            },
        )
    }

    companion object {
        /** How long the same code is not checked again. */
        const val REPEAT_MILLIS = 3_000L
    }
}
