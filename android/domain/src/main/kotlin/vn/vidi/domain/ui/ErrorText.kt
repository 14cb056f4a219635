package vn.vidi.domain.ui

import vn.vidi.domain.CancelledException
import vn.vidi.domain.ExpiredException
import vn.vidi.domain.InvalidInputException
import vn.vidi.domain.Language
import vn.vidi.domain.LockedException
import vn.vidi.domain.NeedsRebindingException
import vn.vidi.domain.NetworkException
import vn.vidi.domain.NotFoundException
import vn.vidi.domain.OfferBurnedException
import vn.vidi.domain.OfferUsedException
import vn.vidi.domain.OtherException
import vn.vidi.domain.RevokedException
import vn.vidi.domain.ServerRefusedException
import vn.vidi.domain.VidiWalletException
import vn.vidi.domain.WrongKeyException
import vn.vidi.domain.WrongPinException

/**
 * The words a screen shows for [error], in [language]: one catalog text per
 * kind of failure. The core's `reason` is English detail for developers and
 * logs; a user reads these instead. Anything that is not a
 * [VidiWalletException] (a bug) reads as "something went wrong".
 */
fun errorText(error: Throwable, language: Language): String = when (error) {
    is WrongPinException -> error.triesLeft?.let { Str.ERROR_WRONG_PIN_TRIES.text(language, it) }
        ?: Str.ERROR_WRONG_PIN.text(language)
    is LockedException -> Str.ERROR_LOCKED.text(language)
    is WrongKeyException -> Str.ERROR_WRONG_KEY.text(language)
    is OfferBurnedException -> Str.ERROR_OFFER_BURNED.text(language)
    is OfferUsedException -> Str.ERROR_OFFER_USED.text(language)
    is NetworkException -> Str.ERROR_NETWORK.text(language)
    is ServerRefusedException -> Str.ERROR_SERVER_REFUSED.text(language)
    is InvalidInputException -> Str.ERROR_INVALID_INPUT.text(language)
    is NotFoundException -> Str.ERROR_NOT_FOUND.text(language)
    is NeedsRebindingException -> Str.ERROR_NEEDS_REBINDING.text(language)
    is RevokedException -> Str.ERROR_REVOKED.text(language)
    is ExpiredException -> Str.ERROR_EXPIRED.text(language)
    is CancelledException -> Str.ERROR_CANCELLED.text(language)
    is OtherException -> Str.ERROR_OTHER.text(language)
    is VidiWalletException -> Str.ERROR_OTHER.text(language)
    else -> Str.ERROR_OTHER.text(language)
}
