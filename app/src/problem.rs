//! What went wrong, as the user reads it: the handful of cases a screen
//! words differently, classified from core's rich errors. The words come
//! from the catalog; core's English detail never reaches the screen (it
//! names no personal data, but it is for developers).

use vidi_core::issuance::IssuanceError;
use vidi_core::store::{KeyProviderError, StoreError};
use vidi_core::sync::SyncError;

use crate::words::{Language, Str, t};

/// A failure a screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Problem {
    /// The issuer refused the offer's PIN.
    WrongPin {
        /// Tries the offer still allows, when the issuer says.
        tries_left: Option<u32>,
    },
    /// The wallet is locked, or the platform would not release its key.
    Locked,
    /// The key or passphrase does not open the wallet or the backup.
    WrongKey,
    /// The offer was blocked after too many wrong PINs.
    OfferBurned,
    /// The offer was used already or is no longer accepted.
    OfferUsed,
    /// The server could not be reached.
    Network,
    /// The server refused.
    ServerRefused,
    /// The input is not valid (a damaged file, a bad link).
    InvalidInput,
    /// Nothing there.
    NotFound,
    /// The document needs re-binding before it can be shown.
    NeedsRebinding,
    /// The document was revoked.
    Revoked,
    /// The document has expired.
    Expired,
    /// Cancelled.
    Cancelled,
    /// The wallet file is damaged (empty, truncated, not a database).
    WalletDamaged,
    /// One stored record (a document, a log entry) is damaged; the rest works.
    RecordDamaged,
    /// Anything else.
    Other,
}

impl Problem {
    /// The words for it.
    pub fn words(self, language: Language) -> String {
        match self {
            Self::WrongPin {
                tries_left: Some(n),
            } => t(language, Str::ErrorWrongPinTries, &[&n]),
            Self::WrongPin { tries_left: None } => t(language, Str::ErrorWrongPin, &[]),
            Self::Locked => t(language, Str::ErrorLocked, &[]),
            Self::WrongKey => t(language, Str::ErrorWrongKey, &[]),
            Self::OfferBurned => t(language, Str::ErrorOfferBurned, &[]),
            Self::OfferUsed => t(language, Str::ErrorOfferUsed, &[]),
            Self::Network => t(language, Str::ErrorNetwork, &[]),
            Self::ServerRefused => t(language, Str::ErrorServerRefused, &[]),
            Self::InvalidInput => t(language, Str::ErrorInvalidInput, &[]),
            Self::NotFound => t(language, Str::ErrorNotFound, &[]),
            Self::NeedsRebinding => t(language, Str::ErrorNeedsRebinding, &[]),
            Self::Revoked => t(language, Str::ErrorRevoked, &[]),
            Self::Expired => t(language, Str::ErrorExpired, &[]),
            Self::Cancelled => t(language, Str::ErrorCancelled, &[]),
            Self::WalletDamaged => t(language, Str::ErrorWalletDamaged, &[]),
            Self::RecordDamaged => t(language, Str::ErrorRecordDamaged, &[]),
            Self::Other => t(language, Str::ErrorOther, &[]),
        }
    }
}

impl From<&StoreError> for Problem {
    fn from(e: &StoreError) -> Self {
        match e {
            StoreError::Locked => Self::Locked,
            StoreError::WrongKey
            | StoreError::WrongKeyProvider { .. }
            | StoreError::BackupPassphrase => Self::WrongKey,
            StoreError::NoWallet | StoreError::NotFound(_) => Self::NotFound,
            StoreError::AlreadyExists
            | StoreError::NoSuitableCredential
            | StoreError::BackupCorrupt
            | StoreError::BackupFormat
            | StoreError::TimeRange => Self::InvalidInput,
            StoreError::NeedsRebinding => Self::NeedsRebinding,
            StoreError::Damaged => Self::WalletDamaged,
            StoreError::Tampered(t) if t.document().is_none() => Self::WalletDamaged,
            StoreError::Tampered(_) => Self::RecordDamaged,
            StoreError::NewerHeld => Self::InvalidInput,
            StoreError::DamagedRecord { .. } | StoreError::CorruptRecord(_) => Self::RecordDamaged,
            StoreError::CredentialExpired => Self::Expired,
            StoreError::Revoked => Self::Revoked,
            StoreError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => Self::NotFound,
            StoreError::KeyProvider(KeyProviderError::WrongKey) => Self::WrongKey,
            StoreError::KeyProvider(KeyProviderError::Unavailable(_)) => Self::Locked,
            _ => Self::Other,
        }
    }
}

impl From<&IssuanceError> for Problem {
    fn from(e: &IssuanceError) -> Self {
        match e {
            IssuanceError::InvalidOffer(_) | IssuanceError::PinRequired => Self::InvalidInput,
            IssuanceError::WrongPin { tries_left } => Self::WrongPin {
                tries_left: *tries_left,
            },
            IssuanceError::OfferUsed | IssuanceError::InvalidGrant => Self::OfferUsed,
            IssuanceError::OfferBurned => Self::OfferBurned,
            IssuanceError::Network { .. } => Self::Network,
            IssuanceError::ServerRefused { .. } => Self::ServerRefused,
            IssuanceError::Store(e) => e.into(),
            IssuanceError::Cancelled => Self::Cancelled,
            _ => Self::Other,
        }
    }
}

impl From<&SyncError> for Problem {
    fn from(e: &SyncError) -> Self {
        match e {
            SyncError::Network { .. } => Self::Network,
            SyncError::ServerRefused { .. } => Self::ServerRefused,
            SyncError::NotSynced => Self::NotFound,
            _ => Self::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_has_its_own_words() {
        let record = StoreError::DamagedRecord {
            kind: "document",
            id: "0123abcd".into(),
        };
        assert_eq!(Problem::from(&record), Problem::RecordDamaged);
        assert_eq!(
            Problem::from(&IssuanceError::Store(StoreError::Damaged)),
            Problem::WalletDamaged
        );
        assert_eq!(
            Problem::WalletDamaged.words(Language::English),
            "The wallet file is damaged and cannot be read. Restore the wallet from a backup."
        );
        assert!(
            Problem::RecordDamaged
                .words(Language::Vietnamese)
                .starts_with("Một mục lưu trong ví bị hỏng")
        );
    }
}
