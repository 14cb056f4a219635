package vn.vidi.domain

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.withContext
import vn.vidi.ffi.CachedList
import vn.vidi.ffi.ListAge
import vn.vidi.ffi.SyncReport
import vn.vidi.ffi.Verdict
import vn.vidi.ffi.Verifier
import java.time.Instant
import kotlin.coroutines.cancellation.CancellationException

/**
 * What a checkpoint's verifier screen shows, as [VidiVerifier.state].
 *
 * @property server the server the cache was last synced from; `null` before the first sync.
 * @property syncing a sync is running.
 * @property lastSync the report of the last sync that completed in this session.
 * @property syncError why the last sync failed, until the next one starts.
 * @property cacheAges each cached list's age when last looked at (after each
 *   sync and verification, or [VidiVerifier.refreshAges]): the trust list
 *   first, then the status lists. Empty when there is no cache.
 * @property lastVerdict the verdict on the last proof checked.
 * @property verified how many proofs were checked in this session.
 */
data class VerifierState(
    val server: String? = null,
    val syncing: Boolean = false,
    val lastSync: SyncReport? = null,
    val syncError: VidiWalletException? = null,
    val cacheAges: List<ListAge> = emptyList(),
    val lastVerdict: Verdict? = null,
    val verified: Int = 0,
) {
    /** There is a cache to verify against. */
    val ready: Boolean get() = cacheAges.isNotEmpty()

    /**
     * The age of the oldest status list in seconds, `null` with none. Past
     * [STATUS_LIST_MAX_AGE_SECONDS] every proof gets "status unknown": sync.
     */
    val oldestStatusListAgeSeconds: Long?
        get() = cacheAges.filter { it.list is CachedList.StatusList }.maxOfOrNull { it.ageSeconds }

    companion object {
        /** The verifier's policy: status lists older than 48 h are not trusted. */
        const val STATUS_LIST_MAX_AGE_SECONDS = 48L * 3600
    }
}

/**
 * A checkpoint's verifier over a cache folder [cacheDir]: [sync] when
 * online, [verify] offline. The first sync pins the server's trust anchor;
 * later trust lists must be signed by it. Blocking core calls run on [io];
 * [state] follows every call, for the screen to collect.
 */
class VidiVerifier(
    cacheDir: String,
    private val io: CoroutineDispatcher = Dispatchers.IO,
) : AutoCloseable {
    /** The generated object, for calls this facade does not wrap. */
    val ffi: Verifier = Verifier(cacheDir)

    private val mutableState = MutableStateFlow(VerifierState())

    /** The screen's state. */
    val state: StateFlow<VerifierState> = mutableState.asStateFlow()

    /**
     * Fetches and verifies the trust list and every status list from
     * [serverUrl] (HTTPS; HTTP on loopback only). A trust list that cannot
     * be had or does not verify fails the whole sync ([NetworkException],
     * [ServerRefusedException], [OtherException]), and the old cache stays;
     * a status list that cannot be had is reported in the [SyncReport].
     */
    suspend fun sync(serverUrl: String): SyncReport {
        mutableState.update { it.copy(syncing = true, syncError = null) }
        try {
            val report = withContext(io) { mapped { ffi.sync(serverUrl) } }
            val ages = ages(null)
            mutableState.update { it.copy(syncing = false, server = report.server, lastSync = report, cacheAges = ages) }
            return report
        } catch (e: VidiWalletException) {
            mutableState.update { it.copy(syncing = false, syncError = e) }
            throw e
        } catch (e: CancellationException) {
            mutableState.update { it.copy(syncing = false) }
            throw e
        }
    }

    /**
     * The verdict on a scanned proof, offline, at [at] (default: now). A
     * verifier that showed a [nonce] or has an [audience] name passes them.
     * A proof that does not pass is a verdict with a reason, not an
     * exception; the only failure is having nothing to check against
     * ([NotFoundException]: sync first).
     */
    suspend fun verify(
        payload: String,
        nonce: ByteArray? = null,
        audience: String? = null,
        at: Instant? = null,
    ): Verdict {
        val verdict = withContext(io) { mapped { ffi.verify(payload, at?.epochSecond, nonce, audience) } }
        val ages = ages(at)
        val server = state.value.server ?: server()
        mutableState.update {
            it.copy(lastVerdict = verdict, verified = it.verified + 1, cacheAges = ages, server = it.server ?: server)
        }
        return verdict
    }

    /** Reads the cache's ages at [at] (default: now) into [state], e.g. when the screen opens. */
    suspend fun refreshAges(at: Instant? = null): List<ListAge> {
        val ages = ages(at)
        val server = if (ages.isEmpty()) null else server()
        mutableState.update { it.copy(cacheAges = ages, server = server ?: it.server) }
        return ages
    }

    /** The cache's ages, empty when there is no cache yet. */
    private suspend fun ages(at: Instant?): List<ListAge> = withContext(io) {
        try {
            mapped { ffi.cacheAges(at?.epochSecond) }
        } catch (_: NotFoundException) {
            emptyList()
        }
    }

    private suspend fun server(): String? = withContext(io) {
        try {
            mapped { ffi.server() }
        } catch (_: NotFoundException) {
            null
        }
    }

    override fun close() = ffi.close()
}
