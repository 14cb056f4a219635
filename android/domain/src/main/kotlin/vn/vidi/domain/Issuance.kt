package vn.vidi.domain

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.withContext
import vn.vidi.ffi.CancelHandle
import vn.vidi.ffi.IssuanceProgress
import vn.vidi.ffi.IssuanceReport
import vn.vidi.ffi.IssuanceStep
import vn.vidi.ffi.OfferInfo
import vn.vidi.ffi.RebindReport
import vn.vidi.ffi.acceptOffer
import vn.vidi.ffi.checkServerUrl as ffiCheckServerUrl
import vn.vidi.ffi.readOffer as ffiReadOffer
import vn.vidi.ffi.rebind
import kotlin.coroutines.cancellation.CancellationException

/**
 * Getting documents into a [VidiWallet] from the issuer: an OpenID4VCI
 * offer (scanned or opened as a link) and the PIN the citizen received
 * separately.
 *
 * Both calls are cancellable: cancelling the calling coroutine drops the
 * core's future, which aborts the issuance at its next network step, and
 * also raises the core's cancel flag, which stops it before its next step
 * should it be between awaits. Nothing is stored until every credential
 * has arrived and checked out, so a cancelled issuance leaves the wallet
 * as it was (unless it was already storing: then it completes). While an
 * issuance runs, the wallet's other calls wait for it.
 */
class Issuance internal constructor(
    private val wallet: VidiWallet,
    private val io: CoroutineDispatcher,
) {
    /**
     * Accepts the credential [offer] (an `openid-credential-offer://`
     * link, or the offer's JSON) with [pin], adding its documents to the
     * wallet. [batchSize] credentials of each kind are asked for, each bound
     * to its own device key, so that verifiers cannot link presentations.
     * [onStep] hears each step as it starts, on the core's thread: return
     * quickly (post to the UI); what it throws is ignored.
     *
     * Fails with [WrongPinException] (with the tries left),
     * [OfferBurnedException], [OfferUsedException], [NetworkException],
     * [ServerRefusedException], [InvalidInputException] (not an offer, or no
     * PIN where one is needed), [LockedException].
     */
    suspend fun accept(
        offer: String,
        pin: String?,
        batchSize: Int = 1,
        onStep: ((IssuanceStep) -> Unit)? = null,
    ): IssuanceReport = cancellable { cancel ->
        acceptOffer(wallet.ffi, offer, pin, batchSize.toUInt(), cancel, onStep?.let(::Progress))
    }

    /**
     * Accepts a re-issue offer for documents restored from a backup, so
     * that they can be shown again (their credentials are bound to this
     * device's keys). Fails as [accept] does.
     */
    suspend fun rebind(
        offer: String,
        pin: String?,
        batchSize: Int = 1,
        onStep: ((IssuanceStep) -> Unit)? = null,
    ): RebindReport = cancellable { cancel ->
        rebind(wallet.ffi, offer, pin, batchSize.toUInt(), cancel, onStep?.let(::Progress))
    }

    /**
     * Runs [block] with a fresh cancel handle that is raised when the
     * coroutine is cancelled. The uniffi future is polled from [io]; it
     * does not block it, the work runs on the core's own threads.
     */
    private suspend fun <T> cancellable(block: suspend (CancelHandle) -> T): T = withContext(io) {
        CancelHandle().use { handle ->
            try {
                mapped { block(handle) }
            } catch (e: CancellationException) {
                handle.cancel()
                throw e
            }
        }
    }

    /**
     * [onStep] as the core's progress callback. What it throws is dropped:
     * a progress display that fails must not fail the issuance (an
     * exception escaping a callback without an error type would end it as
     * an internal error).
     */
    private class Progress(private val onStep: (IssuanceStep) -> Unit) : IssuanceProgress {
        override fun step(step: IssuanceStep) {
            runCatching { onStep(step) }
        }
    }
}

/**
 * Reads the offer [link] (scanned, opened as a deep link, pasted; the
 * offer's bare JSON too) offline, before it is accepted: its issuer, the
 * documents offered and whether it needs a PIN. Not an offer is
 * [InvalidInputException].
 */
fun readOffer(link: String): OfferInfo = mapped { ffiReadOffer(link) }

/**
 * The server address [url] as typed, normalised (trimmed, no trailing
 * slash): HTTPS, or plain HTTP only to this device or the Android
 * emulator's host `10.0.2.2`. Anything else is [InvalidInputException].
 */
fun checkServerUrl(url: String): String = mapped { ffiCheckServerUrl(url) }
