package vn.vidi.domain

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext
import vn.vidi.ffi.ActivityEvent
import vn.vidi.ffi.ClaimLabel
import vn.vidi.ffi.DeviceKeyStore
import vn.vidi.ffi.Disclose
import vn.vidi.ffi.DocumentDetails
import vn.vidi.ffi.DocumentSummary
import vn.vidi.ffi.DocumentType
import vn.vidi.ffi.KeyProvider
import vn.vidi.ffi.LogEntry
import vn.vidi.ffi.LogFilter
import vn.vidi.ffi.RestoreReport
import vn.vidi.ffi.UnlockReport
import vn.vidi.ffi.Wallet
import java.time.Instant
import kotlin.math.abs
import vn.vidi.ffi.Presentation as FfiPresentation

/**
 * A citizen's wallet: the core's encrypted wallet file behind suspend
 * functions. Every call runs the blocking core call on [io]
 * ([Dispatchers.IO] unless told otherwise), so any thread may call it, the
 * main one included; failures arrive as [VidiWalletException]s.
 *
 * One object may be shared by many coroutines: the core serialises the
 * calls, and while an issuance runs the other calls wait for it.
 * [close] it when done (the file stays; the key is wiped from memory).
 *
 * [ffi] is the generated object, for calls this facade does not wrap; its errors are the bindings'
 * [vn.vidi.ffi.VidiException]s, which [toDomain] maps.
 */
class VidiWallet private constructor(
    val ffi: Wallet,
    private val io: CoroutineDispatcher,
) : AutoCloseable {

    /** Issuance into this wallet: offers and PINs, re-binding. */
    val issuance: Issuance = Issuance(this, io)

    /** Runs a blocking call into the core on [io]. */
    private suspend fun <T> call(block: Wallet.() -> T): T = withContext(io) { mapped { ffi.block() } }

    /** Unlocks with the key provider: a wrong key is [WrongKeyException] and changes nothing. */
    suspend fun unlock(): UnlockReport = call { unlock() }

    /** Locks: forgets the wallet key and any decrypted device key. */
    suspend fun lock() = call { lock() }

    suspend fun isUnlocked(): Boolean = call { isUnlocked() }

    /** Every document, oldest first. Needs the wallet unlocked. */
    suspend fun documents(): List<DocumentSummary> = call { listDocuments() }

    /** One document with its fields, credentials and what it can show. */
    suspend fun document(id: String): DocumentDetails = call { document(id) }

    /** Deletes a document with its credentials and device keys. */
    suspend fun deleteDocument(id: String) = call { deleteDocument(id) }

    /** How many documents received while locked wait for the next unlock. Works while locked. */
    suspend fun pendingCount(): Int = call { pendingCount().toInt() }

    /** Activity log entries, newest first; [event] keeps only that kind. */
    suspend fun activityLog(event: ActivityEvent? = null): List<LogEntry> = call { activityLog(LogFilter(event = event)) }

    /**
     * Adds the reference citizen's three documents from the core's built-in
     * test issuer (not a real authority), for demos and emulators. Returns their ids.
     */
    suspend fun addSampleDocuments(): List<String> = call { addSampleDocuments() }

    /**
     * A fresh proof of document [documentId] showing the claims of [preset]
     * (`checkpoint-id`, `traffic-stop`, `hospital`, `age-18`), for a
     * verifier's [nonce] (at most 32 bytes) and [audience] when it asks for
     * them. Fails with [NeedsRebindingException], [RevokedException],
     * [ExpiredException], [LockedException], [InvalidInputException] (an
     * unknown preset, or one the document cannot show).
     */
    suspend fun present(
        documentId: String,
        preset: String,
        nonce: ByteArray? = null,
        audience: String? = null,
    ): Presentation = call { Presentation.of(present(documentId, Disclose.Preset(preset), nonce, audience)) }

    /** [present] for chosen claims (names as in [DocumentDetails.claims]) instead of a preset. */
    suspend fun presentClaims(
        documentId: String,
        claims: List<String>,
        nonce: ByteArray? = null,
        audience: String? = null,
    ): Presentation = call { Presentation.of(present(documentId, Disclose.Claims(claims), nonce, audience)) }

    /**
     * The QR screen of document [documentId] with [preset]: a
     * [QrFrame] for every tick of each code's countdown
     * ([QrRefreshSchedule.ticks] on [clock]), and a new presentation at each
     * [QrTick.Refresh] (after the frame with that tick, so the screen can
     * say "making a new code"). When a code expires before its refresh (the
     * credential ends sooner) the last frame carries [QrTick.Expired] and
     * the flow ends. Cold: each collector makes its own codes; cancelling
     * the collector stops it. A failed presentation (locked, revoked, ...)
     * ends it with that exception.
     *
     * The core dates presentations by the system clock. When [clock]
     * disagrees with it by more than [CLOCK_TOLERANCE_MILLIS] (a test's
     * virtual clock, a clock changed during the call), each code's schedule
     * is moved onto [clock], so that every fresh code still counts down its
     * whole refresh interval instead of asking for another one at once.
     */
    fun refreshingQr(
        documentId: String,
        preset: String,
        clock: WallClock = SystemWallClock,
        nonce: ByteArray? = null,
        audience: String? = null,
    ): Flow<QrFrame> = flow {
        while (true) {
            val presentation = present(documentId, preset, nonce, audience)
            val skew = clock.nowMillis() - presentation.madeAt.toEpochMilli()
            val schedule = presentation.schedule.let { if (abs(skew) > CLOCK_TOLERANCE_MILLIS) it.shiftedBy(skew) else it }
            var last: QrTick? = null
            schedule.ticks(clock).collect { tick ->
                last = tick
                emit(QrFrame(presentation, tick))
            }
            if (last != QrTick.Refresh) return@flow
        }
    }

    /**
     * Writes a backup of the documents, the activity log and the settings to
     * [path], encrypted with [passphrase]. Device keys are never in it:
     * restored documents need re-binding.
     */
    suspend fun backup(path: String, passphrase: String) = call { backup(path, passphrase) }

    /**
     * Restores the backup at [path] into this unlocked wallet. A wrong
     * [passphrase] is [WrongKeyException], a damaged file
     * [InvalidInputException]; nothing changes then.
     */
    suspend fun restore(path: String, passphrase: String): RestoreReport = call { restore(path, passphrase) }

    /** Seals the wallet key with [keyProvider] from now on (a new PIN, another unlock method). Needs it unlocked. */
    suspend fun rekey(keyProvider: KeyProvider) = call { rekey(keyProvider) }

    /** The kind of key provider the wallet key is sealed by. */
    suspend fun keyProviderKind(): String = call { keyProviderKind() }

    /** The log retention in days; null keeps every entry. */
    suspend fun logRetentionDays(): Int? = call { logRetentionDays()?.toInt() }

    /** Keeps log entries [days] days (null: for ever), deleting older ones now; returns how many went. */
    suspend fun setLogRetentionDays(days: Int?): Int {
        require(days == null || days > 0) { "a retention is at least one day" }
        return call { setLogRetentionDays(days?.toUInt()).toInt() }
    }

    /**
     * Learns each document's revocation status from [verifier]'s cached
     * status lists (after a sync) and returns the documents as updated.
     * [nowUnix] dates the learning (the system clock when null).
     */
    suspend fun updateStatus(verifier: VidiVerifier, nowUnix: Long? = null): List<DocumentSummary> =
        call { updateStatus(verifier.ffi, nowUnix) }

    /** The whole activity log as JSON, for the citizen to keep or share. */
    suspend fun exportActivityLog(): String = call { exportActivityLog() }

    /** Releases the core's wallet; its key is wiped from memory. Calls in flight finish first. */
    override fun close() = ffi.close()

    companion object {
        /** How far the screen's clock may be from the core's before [refreshingQr] follows the screen's. */
        const val CLOCK_TOLERANCE_MILLIS = 5_000L

        /**
         * Creates a wallet file at [path] with a fresh key sealed by
         * [keyProvider], unlocked. [deviceKeys] makes the device keys in
         * that (hardware) store; without it they are software keys kept
         * encrypted in the wallet. A path holding a file is [InvalidInputException].
         */
        suspend fun create(
            path: String,
            keyProvider: KeyProvider,
            deviceKeys: DeviceKeyStore? = null,
            io: CoroutineDispatcher = Dispatchers.IO,
        ): VidiWallet = withContext(io) { VidiWallet(mapped { Wallet.create(path, keyProvider, deviceKeys) }, io) }

        /**
         * Opens the wallet file at [path], locked ([unlock] next), with the
         * same kind of [deviceKeys] store it was created with. A missing file
         * is [NotFoundException].
         */
        suspend fun open(
            path: String,
            keyProvider: KeyProvider,
            deviceKeys: DeviceKeyStore? = null,
            io: CoroutineDispatcher = Dispatchers.IO,
        ): VidiWallet = withContext(io) { VidiWallet(mapped { Wallet.open(path, keyProvider, deviceKeys) }, io) }
    }
}

/**
 * A proof ready to show: [payload] (`VD1:` + Base45) is what the QR code
 * [qr] holds. Draw a new one at [refreshAt]; verifiers refuse it after
 * [expiresAt] (60 s after [madeAt], or sooner when the credential ends).
 */
data class Presentation(
    val payload: String,
    val qr: QrCode,
    /** The QR code as a standalone SVG with its quiet zone, scaling to its box. */
    val svg: String,
    /** The credential kind it was made from (`national-id`, `age-over-18`, ...). */
    val kind: String,
    val madeAt: Instant,
    val refreshAt: Instant,
    val expiresAt: Instant,
    /** The document it shows. */
    val documentType: DocumentType,
    /** The claims it discloses, in order, labelled in both languages. */
    val claims: List<ClaimLabel>,
) {
    /** The countdown for the QR screen. */
    val schedule: QrRefreshSchedule
        get() = QrRefreshSchedule(madeAt.toEpochMilli(), refreshAt.toEpochMilli(), expiresAt.toEpochMilli())

    override fun toString(): String = "Presentation(kind=$kind, madeAt=$madeAt, ${payload.length} characters)"

    companion object {
        internal fun of(p: FfiPresentation) = Presentation(
            payload = p.payload,
            qr = QrCode(p.qr.version.toInt(), p.qr.size.toInt(), p.qr.modules),
            svg = p.svg,
            kind = p.kind,
            madeAt = Instant.ofEpochSecond(p.madeAtUnix),
            refreshAt = Instant.ofEpochSecond(p.refreshAtUnix),
            expiresAt = Instant.ofEpochSecond(p.expiresAtUnix),
            documentType = p.documentType,
            claims = p.claims,
        )
    }
}

/**
 * A QR code's modules (error correction M), for drawing it natively: [size]
 * by [size] modules, without the quiet zone of [QUIET_ZONE] light modules
 * to draw around it.
 */
class QrCode(val version: Int, val size: Int, private val modules: ByteArray) {
    init {
        require(modules.size == size * size) { "${modules.size} modules for a $size x $size code" }
    }

    /** Whether the module at column [x], row [y] (from the top left) is dark. */
    fun isDark(x: Int, y: Int): Boolean {
        require(x in 0 until size && y in 0 until size) { "($x, $y) is outside a $size x $size code" }
        return modules[y * size + x] != 0.toByte()
    }

    override fun equals(other: Any?): Boolean =
        other is QrCode && other.version == version && other.size == size && other.modules.contentEquals(modules)

    override fun hashCode(): Int = modules.contentHashCode()

    override fun toString(): String = "QrCode(version=$version, size=$size)"

    companion object {
        const val QUIET_ZONE = 4
    }
}

/** What the QR screen shows: a code and where its countdown is. */
data class QrFrame(val presentation: Presentation, val tick: QrTick)
