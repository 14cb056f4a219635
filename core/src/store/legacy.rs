//! Writers of the old schema versions, with the SQL those versions used, so
//! that tests can build the databases older app versions left behind and
//! open them with the current code. Not for apps.

use std::path::Path;

use rusqlite::{Connection, params};
use time::OffsetDateTime;

use super::db::{self, WalletMeta, unix};
use super::device_keys::{self, DeviceKeyHandle};
use super::document_rows::{CredentialRecord, DocumentRecord};
use super::documents::{DocumentId, NewDocument};
use super::encryption::{NewWalletKey, Recipient};
use super::error::{Result, StoreError};
use super::key_provider::KeyProvider;
use super::log::{self, Activity};
use super::schema;
use crate::keys::PublicKey;

/// A wallet at schema version 1, 2 or 3, written as those versions did.
pub struct LegacyWallet {
    conn: Connection,
    recipient: Recipient,
    version: u32,
}

impl LegacyWallet {
    /// Creates a wallet at `path` with schema `version` (1 to 3), its key
    /// sealed by `provider`.
    pub fn create(path: &Path, provider: &dyn KeyProvider, version: u32) -> Result<Self> {
        if !(1..schema::VERSION).contains(&version) {
            return Err(StoreError::TooNew {
                found: version,
                supported: schema::VERSION - 1,
            });
        }
        let mut conn = Connection::open(path)?;
        schema::configure(&conn)?;
        schema::upgrade_to(&mut conn, version)?;
        let key = NewWalletKey::generate(provider)?;
        let meta = WalletMeta {
            recipient: key.recipient.clone(),
            sealed_identity: key.sealed_identity,
            key_provider: provider.kind(),
            canary: key.canary,
        };
        meta.insert(&conn, OffsetDateTime::now_utc())?;
        Ok(Self {
            conn,
            recipient: key.recipient,
            version,
        })
    }

    /// A software device key (the same table since version 1).
    pub fn create_device_key(&mut self) -> Result<(DeviceKeyHandle, PublicKey)> {
        device_keys::insert_software_key(&self.conn, &self.recipient, OffsetDateTime::now_utc())
    }

    /// Adds a document as versions 1 and 2 did: no pending or re-binding
    /// flags, no replacement.
    pub fn add_document(&mut self, new: &NewDocument, now: OffsetDateTime) -> Result<DocumentId> {
        let tx = self.conn.transaction()?;
        let id = db::new_id()?;
        let record = DocumentRecord::new(&new.issuer, &new.document, now);
        tx.execute(
            "INSERT INTO documents (id, doc_type, added_at, updated_at, record, status)
             VALUES (?1, ?2, ?3, ?3, ?4, NULL)",
            params![
                id,
                record.doc_type().code(),
                unix(now),
                self.recipient.encrypt(&record)?
            ],
        )?;
        for c in &new.credentials {
            let record = CredentialRecord {
                credential: c.credential.clone(),
                device_key: c.device_key.clone(),
            };
            tx.execute(
                "INSERT INTO credentials (id, document_id, device_key, added_at, record)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    db::new_id()?,
                    id,
                    c.device_key.as_str(),
                    unix(now),
                    self.recipient.encrypt(&record)?
                ],
            )?;
        }
        tx.commit()?;
        Ok(DocumentId::from_stored(id))
    }

    /// Appends a log entry (version 2).
    pub fn append_log(&mut self, activity: &Activity, at: OffsetDateTime) -> Result<()> {
        if self.version < 2 {
            return Err(StoreError::NotFound("activity log"));
        }
        let tx = self.conn.transaction()?;
        log::append(&tx, &self.recipient, activity, at)?;
        tx.commit()?;
        Ok(())
    }
}
