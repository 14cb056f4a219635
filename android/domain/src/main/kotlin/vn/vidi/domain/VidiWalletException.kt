package vn.vidi.domain

import vn.vidi.ffi.VidiException

/**
 * Why a wallet, issuance or verifier call failed: one subclass per case the
 * app acts on, mapped from the core's `VidiError` (the bindings'
 * [VidiException], kept as the [cause]). [message] is the core's reason in
 * English, for logs and developers; it never holds a claim value, a PIN, a
 * URL or key material. Show the user a text of the app's own per subclass.
 *
 * The generated [VidiException] is already a sealed class, but its
 * `message` is a debugging dump (`triesLeft=2, reason=...`), its counts are
 * unsigned, and catching it ties every screen to the generated package;
 * these are what the facade throws instead.
 */
sealed class VidiWalletException(val reason: String, cause: Throwable?) : Exception(reason, cause)

/** The issuer refused the offer's PIN; [triesLeft] more tries when it says how many. */
class WrongPinException(val triesLeft: Int?, reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** The wallet is locked, or the platform would not release its key (the user has not authenticated). */
class LockedException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** The key, passphrase or backup passphrase does not open the wallet or the backup; nothing was changed. */
class WrongKeyException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** The offer was blocked after too many wrong PINs: ask the issuer for a new one. */
class OfferBurnedException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** The offer was used already, expired or is unknown: ask the issuer for a new one. */
class OfferUsedException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** The server could not be reached. */
class NetworkException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** The server answered with an error. */
class ServerRefusedException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** An argument is not valid: not an offer link, an unknown preset or claim, a path that holds a wallet already. */
class InvalidInputException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** No such document, wallet, device key or verifier cache (a verifier that never synced). */
class NotFoundException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** Restored from a backup without its device keys: re-issue it to this device before showing it. */
class NeedsRebindingException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** The issuer revoked the document. */
class RevokedException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** The credential needed has expired and must be renewed. */
class ExpiredException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/**
 * Cancelled by the user (a dismissed biometric prompt) or the core. Not a
 * coroutine [kotlin.coroutines.cancellation.CancellationException]: a
 * cancelled coroutine sees that one, this is an ordinary failure to show.
 */
class CancelledException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** Anything else: a damaged file, a failing platform key store, an issuer breaking the protocol, an internal error. */
class OtherException(reason: String, cause: Throwable? = null) : VidiWalletException(reason, cause)

/** This error as the facade's exception, with this one as its cause. */
fun VidiException.toDomain(): VidiWalletException = when (this) {
    is VidiException.WrongPin -> WrongPinException(triesLeft?.toInt(), reason, this)
    is VidiException.Locked -> LockedException(reason, this)
    is VidiException.WrongKey -> WrongKeyException(reason, this)
    is VidiException.OfferBurned -> OfferBurnedException(reason, this)
    is VidiException.OfferUsed -> OfferUsedException(reason, this)
    is VidiException.Network -> NetworkException(reason, this)
    is VidiException.ServerRefused -> ServerRefusedException(reason, this)
    is VidiException.InvalidInput -> InvalidInputException(reason, this)
    is VidiException.NotFound -> NotFoundException(reason, this)
    is VidiException.NeedsRebinding -> NeedsRebindingException(reason, this)
    is VidiException.Revoked -> RevokedException(reason, this)
    is VidiException.Expired -> ExpiredException(reason, this)
    is VidiException.Cancelled -> CancelledException(reason, this)
    is VidiException.Other -> OtherException(reason, this)
}

/** Runs [block], a call into the bindings, throwing the facade's exceptions. */
internal inline fun <T> mapped(block: () -> T): T = try {
    block()
} catch (e: VidiException) {
    throw e.toDomain()
}
