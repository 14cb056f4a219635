import Foundation
import Vidi

/// The words a screen shows for `error`, in `language`: one catalog text
/// per kind of failure (keys `error.*`). The core's `reason` is English
/// detail for developers; a user reads these instead. Anything that is not
/// a `VidiError` (a bug) reads as "something went wrong".
public func errorText(_ error: Error, _ language: Language) -> String {
    guard let error = error as? VidiError else {
        return Str.errorOther.text(language)
    }
    switch error {
    case .WrongPin(let triesLeft, _):
        if let triesLeft {
            return Str.errorWrongPinTries.text(language, triesLeft)
        }
        return Str.errorWrongPin.text(language)
    case .Locked: return Str.errorLocked.text(language)
    case .WrongKey: return Str.errorWrongKey.text(language)
    case .OfferBurned: return Str.errorOfferBurned.text(language)
    case .OfferUsed: return Str.errorOfferUsed.text(language)
    case .Network: return Str.errorNetwork.text(language)
    case .ServerRefused: return Str.errorServerRefused.text(language)
    case .InvalidInput: return Str.errorInvalidInput.text(language)
    case .NotFound: return Str.errorNotFound.text(language)
    case .NeedsRebinding: return Str.errorNeedsRebinding.text(language)
    case .Revoked: return Str.errorRevoked.text(language)
    case .Expired: return Str.errorExpired.text(language)
    case .Cancelled: return Str.errorCancelled.text(language)
    case .Other: return Str.errorOther.text(language)
    }
}
