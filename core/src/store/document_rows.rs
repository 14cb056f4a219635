//! The encrypted payloads of documents, credentials and statuses, and the
//! rows that hold them. Two documents are the same when issuer, type and
//! number agree; since those are encrypted, matching happens after
//! decryption, in [`find_match`].

use rusqlite::{Connection, OptionalExtension as _, Row, params};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::db::{from_unix, new_id, unix};
use super::device_keys::DeviceKeyHandle;
use super::documents::{CredentialView, DocumentId, DocumentStatus, DocumentSummary, KnownStatus};
use super::encryption::{EncryptedRecord, Recipient, Vault};
use super::error::{Result, StoreError};
use crate::credential::Credential;
use crate::document::{DocumentType, DrivingLicence, HealthInsuranceCard, NationalIdCard};
use crate::issuer::Document;

/// The document inside a record.
#[derive(Clone, Serialize, Deserialize)]
#[serde(tag = "type", content = "card", rename_all = "snake_case")]
pub(crate) enum DocumentBody {
    NationalId(NationalIdCard),
    DrivingLicence(DrivingLicence),
    HealthInsurance(HealthInsuranceCard),
}

impl From<&Document> for DocumentBody {
    fn from(document: &Document) -> Self {
        match document {
            Document::NationalId(c) => Self::NationalId(c.clone()),
            Document::DrivingLicence(l) => Self::DrivingLicence(l.clone()),
            Document::HealthInsurance(h) => Self::HealthInsurance(h.clone()),
        }
    }
}

/// A document's encrypted payload.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct DocumentRecord {
    pub(crate) issuer: String,
    /// When the wallet received this version: what "newer" means on restore.
    pub(crate) received_at: i64,
    pub(crate) body: DocumentBody,
}

impl DocumentRecord {
    pub(crate) fn new(issuer: &str, document: &Document, received_at: OffsetDateTime) -> Self {
        Self {
            issuer: issuer.to_owned(),
            received_at: unix(received_at),
            body: DocumentBody::from(document),
        }
    }

    pub(crate) fn document(&self) -> Document {
        match &self.body {
            DocumentBody::NationalId(c) => Document::NationalId(c.clone()),
            DocumentBody::DrivingLicence(l) => Document::DrivingLicence(l.clone()),
            DocumentBody::HealthInsurance(h) => Document::HealthInsurance(h.clone()),
        }
    }

    pub(crate) fn doc_type(&self) -> DocumentType {
        self.document().document_type()
    }

    fn number(&self) -> &str {
        match &self.body {
            DocumentBody::NationalId(c) => c.number().as_str(),
            DocumentBody::DrivingLicence(l) => l.number().as_str(),
            DocumentBody::HealthInsurance(h) => h.card_number().as_str(),
        }
    }

    /// Same issuer, type and number.
    pub(crate) fn same_document(&self, other: &Self) -> bool {
        self.issuer == other.issuer
            && self.doc_type() == other.doc_type()
            && self.number() == other.number()
    }

    fn holder_and_validity(&self) -> (&str, Date, Option<Date>) {
        match &self.body {
            DocumentBody::NationalId(c) => (
                c.full_name().as_str(),
                c.date_of_issue(),
                c.date_of_expiry(),
            ),
            DocumentBody::DrivingLicence(l) => (
                l.full_name().as_str(),
                l.date_of_issue(),
                l.date_of_expiry(),
            ),
            DocumentBody::HealthInsurance(h) => {
                (h.full_name().as_str(), h.valid_from(), Some(h.valid_to()))
            }
        }
    }
}

/// A credential's encrypted payload.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct CredentialRecord {
    pub(crate) credential: Credential,
    pub(crate) device_key: DeviceKeyHandle,
}

/// A status's encrypted payload.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub(crate) struct StatusRecord {
    pub(crate) status: DocumentStatus,
    pub(crate) learned_at: i64,
}

/// A `documents` row.
pub(crate) struct StoredDocument {
    pub(crate) id: String,
    pub(crate) doc_type: String,
    pub(crate) added_at: i64,
    pub(crate) updated_at: i64,
    pub(crate) pending: bool,
    pub(crate) needs_rebinding: bool,
    pub(crate) record: EncryptedRecord,
    pub(crate) status: Option<EncryptedRecord>,
    /// The store generation it was last written at by the unlocked wallet.
    pub(crate) generation: i64,
    /// Its MAC (see `integrity`); `None` while pending.
    pub(crate) auth: Option<Vec<u8>>,
}

const DOCUMENT_COLUMNS: &str = "id, doc_type, added_at, updated_at, pending, needs_rebinding, record, status, generation, auth";

fn document_row(row: &Row<'_>) -> rusqlite::Result<StoredDocument> {
    Ok(StoredDocument {
        id: row.get(0)?,
        doc_type: row.get(1)?,
        added_at: row.get(2)?,
        updated_at: row.get(3)?,
        pending: row.get(4)?,
        needs_rebinding: row.get(5)?,
        record: row.get(6)?,
        status: row.get(7)?,
        generation: row.get(8)?,
        auth: row.get(9)?,
    })
}

/// Rows matching `condition` (an SQL expression over `?1`), oldest first.
pub(crate) fn documents_where(
    conn: &Connection,
    condition: &str,
    param: Option<&str>,
) -> Result<Vec<StoredDocument>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE {condition} ORDER BY added_at, rowid"
    ))?;
    let rows = match param {
        Some(p) => stmt.query_map([p], document_row)?,
        None => stmt.query_map([], document_row)?,
    };
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The row of document `id`.
pub(crate) fn document(conn: &Connection, id: &str) -> Result<StoredDocument> {
    conn.query_row(
        &format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?1"),
        [id],
        document_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound("document"))
}

/// A document row to insert.
pub(crate) struct NewRow<'a> {
    /// Its id; a new one when `None`.
    pub(crate) id: Option<&'a str>,
    pub(crate) doc_type: DocumentType,
    pub(crate) record: &'a EncryptedRecord,
    pub(crate) status: Option<&'a EncryptedRecord>,
    pub(crate) pending: bool,
    pub(crate) needs_rebinding: bool,
    pub(crate) added_at: i64,
    pub(crate) updated_at: i64,
}

/// Inserts a document row and returns its id.
pub(crate) fn insert_document(conn: &Connection, row: &NewRow<'_>) -> Result<String> {
    let id = match row.id {
        Some(id) => id.to_owned(),
        None => new_id()?,
    };
    conn.execute(
        "INSERT INTO documents (id, doc_type, added_at, updated_at, record, status, pending, needs_rebinding)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            row.doc_type.code(),
            row.added_at,
            row.updated_at,
            row.record,
            row.status,
            row.pending,
            row.needs_rebinding
        ],
    )?;
    Ok(id)
}

/// A `credentials` row.
pub(crate) struct StoredCredential {
    pub(crate) id: String,
    pub(crate) device_key: Option<String>,
    pub(crate) record: EncryptedRecord,
}

/// The `format` column of a Vidi (COSE) credential row, whatever its proof
/// format (1 or 2): the column's default since schema 6, fixed forever.
pub(crate) const VIDI_FORMAT: &str = "vidi_cose_v1";
/// The `format` column of an SD-JWT VC row.
pub(crate) const SD_JWT_FORMAT: &str = crate::sdjwt::SD_JWT_VC_FORMAT;

/// An SD-JWT VC's encrypted payload: its compact text as issued, and its
/// device key.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct SdJwtRecord {
    #[serde(with = "zeroizing_text")]
    pub(crate) sd_jwt: zeroize::Zeroizing<String>,
    pub(crate) device_key: DeviceKeyHandle,
}

/// A text wiped on drop, as a JSON string.
mod zeroizing_text {
    use serde::{Deserialize as _, Deserializer, Serializer};
    use zeroize::Zeroizing;

    pub(crate) fn serialize<S: Serializer>(
        text: &Zeroizing<String>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(text)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Zeroizing<String>, D::Error> {
        String::deserialize(d).map(Zeroizing::new)
    }
}

/// The Vidi credentials of document `id`, in the order they were added.
pub(crate) fn credentials_of(conn: &Connection, id: &str) -> Result<Vec<StoredCredential>> {
    credentials_in_format(conn, id, VIDI_FORMAT)
}

/// The SD-JWT VCs of document `id`, in the order they were added.
pub(crate) fn sd_jwt_of(conn: &Connection, id: &str) -> Result<Vec<StoredCredential>> {
    credentials_in_format(conn, id, SD_JWT_FORMAT)
}

fn credentials_in_format(
    conn: &Connection,
    id: &str,
    format: &str,
) -> Result<Vec<StoredCredential>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, device_key, record FROM credentials WHERE document_id = ?1 AND format = ?2
         ORDER BY rowid",
    )?;
    let rows = stmt.query_map([id, format], |row| {
        Ok(StoredCredential {
            id: row.get(0)?,
            device_key: row.get(1)?,
            record: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Inserts a credential of document `document_id`, bound to `device_key`
/// when that key is in the wallet.
pub(crate) fn insert_credential(
    conn: &Connection,
    recipient: &Recipient,
    document_id: &str,
    credential: &CredentialRecord,
    device_key: Option<&str>,
    now: OffsetDateTime,
) -> Result<()> {
    conn.execute(
        "INSERT INTO credentials (id, document_id, device_key, added_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            new_id()?,
            document_id,
            device_key,
            unix(now),
            recipient.encrypt(credential)?
        ],
    )?;
    Ok(())
}

/// Inserts an SD-JWT VC of document `document_id`, bound to its device key.
pub(crate) fn insert_sd_jwt(
    conn: &Connection,
    recipient: &Recipient,
    document_id: &str,
    record: &SdJwtRecord,
    now: OffsetDateTime,
) -> Result<()> {
    conn.execute(
        "INSERT INTO credentials (id, document_id, device_key, added_at, record, format)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            new_id()?,
            document_id,
            record.device_key.as_str(),
            unix(now),
            recipient.encrypt(record)?,
            SD_JWT_FORMAT
        ],
    )?;
    Ok(())
}

/// Deletes the credentials of document `id`, of every format, and returns
/// their device keys.
pub(crate) fn remove_credentials(conn: &Connection, id: &str) -> Result<Vec<String>> {
    let handles = credentials_of(conn, id)?
        .into_iter()
        .chain(sd_jwt_of(conn, id)?)
        .filter_map(|c| c.device_key)
        .collect();
    conn.execute("DELETE FROM credentials WHERE document_id = ?1", [id])?;
    Ok(handles)
}

/// The held, non-pending document with the same issuer, type and number as
/// `record`, other than `except`.
pub(crate) fn find_match(
    conn: &Connection,
    vault: &Vault,
    record: &DocumentRecord,
    except: Option<&str>,
) -> Result<Option<(StoredDocument, DocumentRecord)>> {
    for row in documents_where(
        conn,
        "pending = 0 AND doc_type = ?1",
        Some(record.doc_type().code()),
    )? {
        if Some(row.id.as_str()) == except {
            continue;
        }
        let held: DocumentRecord = vault.decrypt(&row.record, "document")?;
        if held.same_document(record) {
            return Ok(Some((row, held)));
        }
    }
    Ok(None)
}

/// Decrypts a row's status.
pub(crate) fn open_status(vault: &Vault, row: &StoredDocument) -> Result<KnownStatus> {
    let Some(status) = &row.status else {
        return Ok(KnownStatus::UNKNOWN);
    };
    let record: StatusRecord = vault.decrypt(status, "status")?;
    Ok(KnownStatus {
        status: record.status,
        learned_at: Some(from_unix(record.learned_at)?),
    })
}

/// The summary of a row and its decrypted record.
pub(crate) fn summary(
    vault: &Vault,
    row: &StoredDocument,
    record: &DocumentRecord,
) -> Result<DocumentSummary> {
    let (holder, valid_from, valid_until) = record.holder_and_validity();
    Ok(DocumentSummary {
        id: DocumentId::from_stored(row.id.clone()),
        document_type: DocumentType::from_code(&row.doc_type)
            .ok_or(StoreError::CorruptRecord("document"))?,
        holder_name: holder.to_owned(),
        valid_from,
        valid_until,
        status: open_status(vault, row)?,
        needs_rebinding: row.needs_rebinding,
        pending: row.pending,
        added_at: from_unix(row.added_at)?,
        updated_at: from_unix(row.updated_at)?,
    })
}

/// The view of a credential row.
pub(crate) fn credential_view(
    vault: &Vault,
    row: &StoredCredential,
) -> Result<(CredentialView, CredentialRecord)> {
    let record: CredentialRecord = vault.decrypt(&row.record, "credential")?;
    let view = CredentialView {
        id: row.id.clone(),
        kind: record.credential.kind,
        expires_at: from_unix(i64::from(record.credential.expires_at))?,
        status_index: record.credential.status_index,
        device_key: row.device_key.clone().map(DeviceKeyHandle::new),
        kid: record.credential.kid,
    };
    Ok((view, record))
}
