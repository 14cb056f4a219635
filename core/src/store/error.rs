//! The store's error type. Messages name what went wrong, never a claim
//! value, a document number, a passphrase or key material.

use thiserror::Error;

use super::tampering::Tampering;
use crate::error::ProofError;
use crate::qr::QrError;

/// A key provider (Android Keystore, iOS Keychain, a passphrase) failed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyProviderError {
    /// The key or passphrase does not open the sealed secret.
    #[error("the key or passphrase does not open the wallet key")]
    WrongKey,
    /// The platform key cannot be used now (user cancelled, key invalidated,
    /// keystore unavailable).
    #[error("the platform key is unavailable: {0}")]
    Unavailable(String),
    /// Sealing or unsealing failed for another reason.
    #[error("the key provider failed: {0}")]
    Failed(String),
}

/// A device key store (StrongBox, Secure Enclave, software) failed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeviceKeyError {
    /// No key with this handle in the store.
    #[error("no device key with this handle")]
    UnknownHandle,
    /// The key belongs to a store this wallet was not given.
    #[error("the device key lives in the {0} key store, which this wallet was not given")]
    StoreUnavailable(String),
    /// The platform refused or failed.
    #[error("the device key store failed: {0}")]
    Platform(String),
}

/// Everything the wallet store can report.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The operation reads encrypted records and the wallet is locked.
    #[error("the wallet is locked")]
    Locked,
    /// The key provider's key or the passphrase is not the wallet's; nothing
    /// was changed.
    #[error("wrong key or passphrase")]
    WrongKey,
    /// The wallet key is sealed by another kind of key provider.
    #[error("the wallet key is sealed by the {expected} key provider")]
    WrongKeyProvider {
        /// The kind stored with the sealed key.
        expected: String,
    },
    /// No wallet database at the path.
    #[error("no wallet at this path")]
    NoWallet,
    /// The wallet file is there but empty, truncated or not a database, or
    /// its write-ahead log lost committed changes: it holds (or held) a
    /// wallet that cannot be read whole; restore from a backup.
    #[error(
        "the wallet file is damaged (empty, truncated, not a database, or its write-ahead log lost committed changes)"
    )]
    Damaged,
    /// A wallet already exists at the path.
    #[error("a wallet already exists at this path")]
    AlreadyExists,
    /// The database was written by a newer version of the app.
    #[error("the wallet database has schema version {found}; this build reads up to {supported}")]
    TooNew {
        /// The database's version.
        found: u32,
        /// The newest this build knows.
        supported: u32,
    },
    /// No such document, credential or device key.
    #[error("no such {0}")]
    NotFound(&'static str),
    /// The document was restored from a backup and its device keys are not
    /// in this wallet: it must be re-issued to this device before it can be shown.
    #[error("the document must be re-bound to this device before it can be shown")]
    NeedsRebinding,
    /// The credential needed for this presentation has expired.
    #[error("the credential has expired; it must be renewed")]
    CredentialExpired,
    /// The issuer revoked the document, as last learned.
    #[error("the document is revoked")]
    Revoked,
    /// The document has no credential that carries the claims asked for.
    #[error("the document has no credential that can show these claims")]
    NoSuitableCredential,
    /// A credential offered with a document does not belong to it (another
    /// document type, or bound to another device key).
    #[error("a credential does not fit its document: {0}")]
    CredentialMismatch(&'static str),
    /// The backup passphrase is wrong; nothing was changed.
    #[error("wrong backup passphrase")]
    BackupPassphrase,
    /// The backup file is damaged or was altered; nothing was changed.
    #[error("the backup file is damaged or was altered")]
    BackupCorrupt,
    /// The file is not a Vidi backup, or one of a newer format.
    #[error("not a Vidi wallet backup, or a backup format this build does not read")]
    BackupFormat,
    /// The wallet file was altered by someone without the wallet's key, or
    /// lost committed changes: what and where is in the [`Tampering`].
    #[error("the wallet file was altered: {0}")]
    Tampered(Tampering),
    /// The wallet already holds a newer copy of this document (received
    /// later); the older one was not stored.
    #[error("the wallet already holds a newer copy of this document")]
    NewerHeld,
    /// A stored record does not decrypt or does not parse.
    #[error("a stored {0} record is damaged")]
    CorruptRecord(&'static str),
    /// One stored record does not decrypt or does not parse: a document's
    /// (its document, status or a credential record) or a log entry's. The
    /// rest of the wallet is usable; this one can be deleted by its id.
    #[error("the stored {kind} record of {id} is damaged; delete {id} or restore it from a backup")]
    DamagedRecord {
        /// Which record: `document`, `status`, `credential`, `log entry`.
        kind: &'static str,
        /// The id of the document or log entry it belongs to (random, not
        /// personal data).
        id: String,
    },
    /// Encrypting a record failed.
    #[error("encryption failed")]
    Encryption,
    /// A time outside the range the store and the proof format carry.
    #[error("time out of range")]
    TimeRange,
    /// The database failed.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A file could not be read or written.
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    /// The key provider failed.
    #[error(transparent)]
    KeyProvider(#[from] KeyProviderError),
    /// A device key store failed.
    #[error(transparent)]
    DeviceKey(#[from] DeviceKeyError),
    /// Building a credential or a presentation failed.
    #[error(transparent)]
    Proof(#[from] ProofError),
    /// The QR could not be drawn.
    #[error(transparent)]
    Qr(#[from] QrError),
}

impl StoreError {
    /// Whether this is damage to one stored record (a record that does not
    /// decrypt or parse, a stored time out of range, a document row this
    /// wallet did not write as it is) rather than a failure
    /// of the database, a key or the caller.
    pub fn is_damaged_record(&self) -> bool {
        matches!(
            self,
            Self::CorruptRecord(_) | Self::DamagedRecord { .. } | Self::TimeRange
        ) || matches!(self, Self::Tampered(t) if t.document().is_some())
    }

    /// The same error, naming record `id` when it is damage to stored data
    /// (`kind` names a stored time out of range); other errors unchanged.
    /// Only for errors of reading what `id` holds.
    pub(crate) fn in_record(self, kind: &'static str, id: &str) -> Self {
        match self {
            Self::CorruptRecord(kind) => Self::DamagedRecord {
                kind,
                id: id.to_owned(),
            },
            Self::TimeRange => Self::DamagedRecord {
                kind,
                id: id.to_owned(),
            },
            e => e,
        }
    }
}

impl From<crate::error::KeyError> for StoreError {
    fn from(e: crate::error::KeyError) -> Self {
        Self::Proof(ProofError::Key(e))
    }
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
