//! The one public error: the cases an app acts on, each with a `reason` in
//! English for logs and developers (never a claim value, a PIN, a URL or key
//! material: it is core's message, and core's messages carry none).
//!
//! The field is `reason`, not `message`: Kotlin exceptions already have a
//! `message` and a field of that name breaks the generated bindings.

use vidi_core::error::{KeyError, ProofError};
use vidi_core::issuance::IssuanceError;
use vidi_core::qr::{QrError, QrReadError};
use vidi_core::store::{DeviceKeyError, KeyProviderError, StoreError};
use vidi_core::sync::SyncError;

/// Why a call failed. Kotlin: `VidiException.WrongPin`, ...; Swift:
/// `VidiError.WrongPin`, ...
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum VidiError {
    /// The issuer refused the offer's PIN.
    #[error("{reason}")]
    WrongPin {
        /// How many more tries the offer allows, when the issuer says.
        tries_left: Option<u32>,
        /// What happened.
        reason: String,
    },
    /// The wallet is locked (or the platform would not release its key).
    #[error("{reason}")]
    Locked {
        /// What happened.
        reason: String,
    },
    /// The key, passphrase or backup passphrase does not open the wallet or
    /// the backup; nothing was changed.
    #[error("{reason}")]
    WrongKey {
        /// What happened.
        reason: String,
    },
    /// The offer was blocked after too many wrong PINs.
    #[error("{reason}")]
    OfferBurned {
        /// What happened.
        reason: String,
    },
    /// The offer was already used, or the issuer no longer accepts it
    /// (unknown or expired code): ask the issuer for a new one.
    #[error("{reason}")]
    OfferUsed {
        /// What happened.
        reason: String,
    },
    /// The server could not be reached.
    #[error("{reason}")]
    Network {
        /// What happened.
        reason: String,
    },
    /// The server answered with an error.
    #[error("{reason}")]
    ServerRefused {
        /// What happened.
        reason: String,
    },
    /// An argument is not valid: not an offer link, an unknown preset or
    /// claim name, a path that already holds a wallet, a time out of range.
    #[error("{reason}")]
    InvalidInput {
        /// What is wrong.
        reason: String,
    },
    /// No such document, wallet, device key or verifier cache.
    #[error("{reason}")]
    NotFound {
        /// What is missing.
        reason: String,
    },
    /// The document was restored from a backup without its device keys: it
    /// must be re-issued to this device (an offer and a PIN) before it can be shown.
    #[error("{reason}")]
    NeedsRebinding {
        /// What happened.
        reason: String,
    },
    /// The issuer revoked the document.
    #[error("{reason}")]
    Revoked {
        /// What happened.
        reason: String,
    },
    /// The credential needed has expired and must be renewed.
    #[error("{reason}")]
    Expired {
        /// What happened.
        reason: String,
    },
    /// Cancelled by the app or the user.
    #[error("{reason}")]
    Cancelled {
        /// What happened.
        reason: String,
    },
    /// Anything else: a damaged file, a failed platform key store, an
    /// issuer answer that breaks the protocol, an internal error.
    #[error("{reason}")]
    Other {
        /// What happened.
        reason: String,
    },
    // Last of the cases, so that the others keep their numbers on the wire.
    /// `read_qr_image` found no code to return; `problem` says why, so the
    /// shell can tell a picture without a code from a file that is not a
    /// picture.
    #[error("{reason}")]
    QrImage {
        /// Which problem.
        problem: QrImageProblem,
        /// What happened, in words.
        reason: String,
    },
    /// Stored data is damaged. With `record_id`: one document's or log
    /// entry's record cannot be read; the rest of the wallet is usable and
    /// that one can be deleted by its id. Without: the wallet file itself
    /// is damaged (empty, truncated, not a database); restore a backup.
    #[error("{reason}")]
    Damaged {
        /// The damaged document or log entry, when it is one record.
        record_id: Option<String>,
        /// What happened.
        reason: String,
    },
}

/// Why `read_qr_image` returned no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum QrImageProblem {
    /// The file is not a PNG or JPEG picture, or it is damaged.
    NotAnImage,
    /// The file is over 20 MB or the picture over 40 megapixels; it was
    /// not decoded.
    TooLarge,
    /// The picture holds no QR code that could be read.
    NoCode,
}

impl VidiError {
    pub(crate) fn invalid(reason: impl Into<String>) -> Self {
        Self::InvalidInput {
            reason: reason.into(),
        }
    }

    pub(crate) fn other(reason: impl Into<String>) -> Self {
        Self::Other {
            reason: reason.into(),
        }
    }

    pub(crate) fn cancelled() -> Self {
        Self::Cancelled {
            reason: "cancelled".into(),
        }
    }

    /// The reason text, whatever the case.
    pub(crate) fn reason(&self) -> &str {
        match self {
            Self::WrongPin { reason, .. }
            | Self::Locked { reason }
            | Self::WrongKey { reason }
            | Self::OfferBurned { reason }
            | Self::OfferUsed { reason }
            | Self::Network { reason }
            | Self::ServerRefused { reason }
            | Self::InvalidInput { reason }
            | Self::NotFound { reason }
            | Self::NeedsRebinding { reason }
            | Self::Revoked { reason }
            | Self::Expired { reason }
            | Self::Cancelled { reason }
            | Self::Other { reason }
            | Self::QrImage { reason, .. }
            | Self::Damaged { reason, .. } => reason,
        }
    }
}

/// A foreign implementation threw something other than a `VidiError`.
impl From<uniffi::UnexpectedUniFFICallbackError> for VidiError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::other(format!("the platform callback failed: {}", e.reason))
    }
}

impl From<StoreError> for VidiError {
    fn from(e: StoreError) -> Self {
        let reason = e.to_string();
        match e {
            StoreError::Locked => Self::Locked { reason },
            StoreError::WrongKey
            | StoreError::WrongKeyProvider { .. }
            | StoreError::BackupPassphrase => Self::WrongKey { reason },
            StoreError::NoWallet | StoreError::NotFound(_) => Self::NotFound { reason },
            StoreError::AlreadyExists
            | StoreError::NoSuitableCredential
            | StoreError::BackupCorrupt
            | StoreError::BackupFormat
            | StoreError::TimeRange => Self::InvalidInput { reason },
            StoreError::NeedsRebinding => Self::NeedsRebinding { reason },
            StoreError::DamagedRecord { id, .. } => Self::Damaged {
                record_id: Some(id),
                reason,
            },
            StoreError::Tampered(t) => Self::Damaged {
                record_id: t.document().map(|d| d.as_str().to_owned()),
                reason,
            },
            StoreError::Damaged | StoreError::CorruptRecord(_) => Self::Damaged {
                record_id: None,
                reason,
            },
            StoreError::NewerHeld => Self::InvalidInput { reason },
            StoreError::CredentialExpired => Self::Expired { reason },
            StoreError::Revoked => Self::Revoked { reason },
            StoreError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
                Self::NotFound { reason }
            }
            StoreError::KeyProvider(e) => e.into(),
            StoreError::DeviceKey(e) => e.into(),
            StoreError::Proof(e) => e.into(),
            StoreError::Qr(e) => e.into(),
            _ => Self::Other { reason },
        }
    }
}

impl From<KeyProviderError> for VidiError {
    fn from(e: KeyProviderError) -> Self {
        let reason = e.to_string();
        match e {
            KeyProviderError::WrongKey => Self::WrongKey { reason },
            KeyProviderError::Unavailable(_) => Self::Locked { reason },
            _ => Self::Other { reason },
        }
    }
}

impl From<DeviceKeyError> for VidiError {
    fn from(e: DeviceKeyError) -> Self {
        let reason = e.to_string();
        match e {
            DeviceKeyError::UnknownHandle => Self::NotFound { reason },
            DeviceKeyError::StoreUnavailable(_) => Self::InvalidInput { reason },
            _ => Self::Other { reason },
        }
    }
}

impl From<ProofError> for VidiError {
    fn from(e: ProofError) -> Self {
        let reason = e.to_string();
        match e {
            ProofError::TooLong(_) | ProofError::NoSuchClaim(_) | ProofError::NotYetValid => {
                Self::InvalidInput { reason }
            }
            _ => Self::Other { reason },
        }
    }
}

impl From<KeyError> for VidiError {
    fn from(e: KeyError) -> Self {
        Self::other(e.to_string())
    }
}

impl From<QrError> for VidiError {
    fn from(e: QrError) -> Self {
        Self::other(e.to_string())
    }
}

impl From<QrReadError> for VidiError {
    fn from(e: QrReadError) -> Self {
        let reason = e.to_string();
        let problem = match e {
            QrReadError::NotAnImage => QrImageProblem::NotAnImage,
            QrReadError::TooLarge => QrImageProblem::TooLarge,
            QrReadError::NoCode => QrImageProblem::NoCode,
            // A case core adds later: the nearest, until mapped.
            _ => QrImageProblem::NotAnImage,
        };
        Self::QrImage { problem, reason }
    }
}

impl From<IssuanceError> for VidiError {
    fn from(e: IssuanceError) -> Self {
        let reason = e.to_string();
        match e {
            IssuanceError::WrongPin { tries_left } => Self::WrongPin { tries_left, reason },
            IssuanceError::OfferBurned => Self::OfferBurned { reason },
            IssuanceError::OfferUsed | IssuanceError::InvalidGrant => Self::OfferUsed { reason },
            IssuanceError::InvalidOffer(_) | IssuanceError::PinRequired => {
                Self::InvalidInput { reason }
            }
            IssuanceError::Network { .. } => Self::Network { reason },
            IssuanceError::ServerRefused { .. } => Self::ServerRefused { reason },
            IssuanceError::Cancelled => Self::Cancelled { reason },
            IssuanceError::Store(e) => e.into(),
            _ => Self::Other { reason },
        }
    }
}

impl From<SyncError> for VidiError {
    fn from(e: SyncError) -> Self {
        let reason = e.to_string();
        match e {
            SyncError::Network { .. } => Self::Network { reason },
            SyncError::ServerRefused { .. } => Self::ServerRefused { reason },
            SyncError::NotSynced => Self::NotFound { reason },
            _ => Self::Other { reason },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_keeps_core_s_words() {
        let e: VidiError = StoreError::Locked.into();
        assert_eq!(
            e,
            VidiError::Locked {
                reason: "the wallet is locked".into()
            }
        );
        let e: VidiError = IssuanceError::WrongPin {
            tries_left: Some(2),
        }
        .into();
        assert_eq!(
            e,
            VidiError::WrongPin {
                tries_left: Some(2),
                reason: "wrong PIN (2 tries left)".into()
            }
        );
        let e: VidiError = IssuanceError::Store(StoreError::NeedsRebinding).into();
        assert!(matches!(e, VidiError::NeedsRebinding { .. }));
        let e: VidiError = StoreError::KeyProvider(KeyProviderError::WrongKey).into();
        assert!(matches!(e, VidiError::WrongKey { .. }));
        let e: VidiError = SyncError::NotSynced.into();
        assert!(matches!(e, VidiError::NotFound { .. }));
        assert_eq!(e.reason(), "no verifier cache here; run a sync first");
    }

    #[test]
    #[allow(clippy::panic)]
    fn damage_is_its_own_case_naming_the_record() {
        let e: VidiError = StoreError::DamagedRecord {
            kind: "log entry",
            id: "0123abcd".into(),
        }
        .into();
        let VidiError::Damaged { record_id, reason } = &e else {
            panic!("{e:?}");
        };
        assert_eq!(record_id.as_deref(), Some("0123abcd"));
        assert!(reason.contains("0123abcd"), "{reason}");
        let e: VidiError = IssuanceError::Store(StoreError::Damaged).into();
        assert!(
            matches!(
                e,
                VidiError::Damaged {
                    record_id: None,
                    ..
                }
            ),
            "{e:?}"
        );
        let e: VidiError = StoreError::CorruptRecord("setting").into();
        assert!(
            matches!(
                e,
                VidiError::Damaged {
                    record_id: None,
                    ..
                }
            ),
            "{e:?}"
        );
    }
}
