//! Documents and their credentials as the wallet's API takes and shows
//! them. These views are made by decrypting rows (see `document_rows`) and
//! cannot be stored: only the encrypted payloads there can.
//!
//! A wallet document is one source document (national ID card, driving
//! licence, health insurance card) with the credentials issued for it.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::device_keys::DeviceKeyHandle;
pub use super::document_id::DocumentId;
use crate::credential::{Credential, CredentialKind};
use crate::document::DocumentType;
use crate::issuer::Document;

/// A document's revocation status as the issuer's status list last told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    /// Valid.
    Valid,
    /// Suspended; may become valid again.
    Suspended,
    /// Revoked for good.
    Revoked,
    /// Never learned, or the list did not say.
    Unknown,
}

/// A status and when it was learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownStatus {
    /// The status.
    pub status: DocumentStatus,
    /// When it was learned; `None` if never.
    pub learned_at: Option<OffsetDateTime>,
}

impl KnownStatus {
    pub(crate) const UNKNOWN: Self = Self {
        status: DocumentStatus::Unknown,
        learned_at: None,
    };
}

/// A credential to add, with the handle of the device key it is bound to.
#[derive(Clone)]
pub struct NewCredential {
    /// The credential.
    pub credential: Credential,
    /// Its device key, made by [`super::Wallet::create_device_key`].
    pub device_key: DeviceKeyHandle,
}

/// A document to add, with its credentials.
#[derive(Clone)]
pub struct NewDocument {
    /// Who issued it (the issuance service's identifier); with the type and
    /// number it identifies the document.
    pub issuer: String,
    /// The document.
    pub document: Document,
    /// The credentials issued for it.
    pub credentials: Vec<NewCredential>,
}

/// What adding a document did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    /// A document the wallet did not hold.
    Added(DocumentId),
    /// It replaced the document with the same issuer, type and number,
    /// which keeps its id; the old credentials and their keys are gone.
    Replaced(DocumentId),
    /// The wallet is locked: kept as pending, merged at the next unlock.
    Pending(DocumentId),
}

impl AddOutcome {
    /// The document's id.
    pub fn id(&self) -> &DocumentId {
        match self {
            Self::Added(id) | Self::Replaced(id) | Self::Pending(id) => id,
        }
    }
}

/// What the wallet's document list shows.
#[derive(Clone, PartialEq, Eq)]
pub struct DocumentSummary {
    /// The id.
    pub id: DocumentId,
    /// The type.
    pub document_type: DocumentType,
    /// The holder's full name.
    pub holder_name: String,
    /// Date of issue (valid-from for the health card).
    pub valid_from: Date,
    /// Expiry; `None` for documents that do not expire.
    pub valid_until: Option<Date>,
    /// Revocation status as last known.
    pub status: KnownStatus,
    /// Restored without its device keys: it shows but cannot be presented.
    pub needs_rebinding: bool,
    /// Received while locked and not merged yet.
    pub pending: bool,
    /// When the wallet first held it.
    pub added_at: OffsetDateTime,
    /// When it last changed (replacement).
    pub updated_at: OffsetDateTime,
}

impl std::fmt::Debug for DocumentSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No name and no dates in logs.
        f.debug_struct("DocumentSummary")
            .field("id", &self.id)
            .field("document_type", &self.document_type)
            .field("status", &self.status)
            .field("needs_rebinding", &self.needs_rebinding)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

/// A credential as the document view shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialView {
    /// The credential's id in the wallet.
    pub id: String,
    /// Its kind.
    pub kind: CredentialKind,
    /// When it expires.
    pub expires_at: OffsetDateTime,
    /// Its index in the issuer's status list.
    pub status_index: u32,
    /// Its device key; `None` when the key is not in this wallet.
    pub device_key: Option<DeviceKeyHandle>,
    /// The issuer key that signed it, whose status list covers it.
    pub kid: u16,
}

impl std::fmt::Debug for CredentialView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // An age credential's expiry can give away a birthday.
        f.debug_struct("CredentialView")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// A document with every field, and its credentials.
#[derive(Clone)]
pub struct DocumentView {
    /// What the list shows.
    pub summary: DocumentSummary,
    /// Who issued it.
    pub issuer: String,
    /// When the wallet received this version from the issuer.
    pub received_at: OffsetDateTime,
    /// The document's fields.
    pub document: Document,
    /// Its credentials.
    pub credentials: Vec<CredentialView>,
}

impl DocumentView {
    /// The claims the document's credentials can show, in slot order.
    pub fn showable_claims(&self) -> Vec<crate::claims::ClaimId> {
        let mut out = Vec::new();
        for id in self.credentials.iter().flat_map(|c| c.kind.slots()) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }
}

impl std::fmt::Debug for DocumentView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentView")
            .field("summary", &self.summary)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// What [`Wallet::list_documents_checked`](super::Wallet::list_documents_checked) found.
#[derive(Debug, Clone, Default)]
pub struct DocumentListing {
    /// The documents that could be read, oldest first.
    pub documents: Vec<DocumentSummary>,
    /// Documents whose stored record is damaged (does not decrypt or parse).
    pub damaged: Vec<DocumentId>,
}
