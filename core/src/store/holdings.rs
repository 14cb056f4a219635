//! What the wallet holds and how it changes: add (or replace), merge what
//! arrived while locked, delete, list, show, and the last known status.
//! Every change is one transaction with its log entry.

use rusqlite::{Connection, params};
use time::OffsetDateTime;

use super::Wallet;
use super::db::unix;
use super::device_keys::{self, StoredDeviceKey};
use super::document_rows::{self, CredentialRecord, DocumentRecord, NewRow, StatusRecord};
use super::documents::{
    AddOutcome, DocumentId, DocumentListing, DocumentStatus, DocumentSummary, DocumentView,
    NewDocument,
};
use super::encryption::{Recipient, Vault};
use super::error::{Result, StoreError};
use super::log::{self, Activity, ActivityEvent};

/// Adds `new` received at `now` inside a transaction: pending when there
/// is no vault (locked), else replacing the held document with the same
/// issuer, type and number. Returns the device keys it deleted.
pub(crate) fn add_in_tx(
    conn: &Connection,
    recipient: &Recipient,
    vault: Option<&Vault>,
    retention: Option<u32>,
    new: &NewDocument,
    now: OffsetDateTime,
) -> Result<(AddOutcome, Vec<StoredDeviceKey>)> {
    let record = DocumentRecord::new(&new.issuer, &new.document, now);
    let doc_type = record.doc_type();
    let encrypted = recipient.encrypt(&record)?;
    let held = match vault {
        Some(vault) => document_rows::find_match(conn, vault, &record, None)?,
        None => None,
    };
    let (outcome, deleted) = match held {
        Some((row, _)) => {
            let old_keys = document_rows::remove_credentials(conn, &row.id)?;
            conn.execute(
                "UPDATE documents SET record = ?2, updated_at = ?3, status = NULL,
                 needs_rebinding = 0, pending = 0 WHERE id = ?1",
                params![row.id, encrypted, unix(now)],
            )?;
            insert_credentials(conn, recipient, &row.id, new, now)?;
            let deleted = device_keys::delete_unused(conn, &old_keys)?;
            (
                AddOutcome::Replaced(DocumentId::from_stored(row.id)),
                deleted,
            )
        }
        None => {
            let pending = vault.is_none();
            let id = document_rows::insert_document(
                conn,
                &NewRow {
                    id: None,
                    doc_type,
                    record: &encrypted,
                    status: None,
                    pending,
                    needs_rebinding: false,
                    added_at: unix(now),
                    updated_at: unix(now),
                },
            )?;
            insert_credentials(conn, recipient, &id, new, now)?;
            let id = DocumentId::from_stored(id);
            let outcome = if pending {
                AddOutcome::Pending(id)
            } else {
                AddOutcome::Added(id)
            };
            (outcome, Vec::new())
        }
    };
    let event = match outcome {
        AddOutcome::Replaced(_) => ActivityEvent::Replaced,
        AddOutcome::Added(_) | AddOutcome::Pending(_) => ActivityEvent::Added,
    };
    let mut activity = Activity::new(event).about(outcome.id(), doc_type);
    activity.while_locked = matches!(outcome, AddOutcome::Pending(_));
    log::append(conn, recipient, &activity, now)?;
    log::prune(conn, retention, now)?;
    Ok((outcome, deleted))
}

fn insert_credentials(
    conn: &Connection,
    recipient: &Recipient,
    document_id: &str,
    new: &NewDocument,
    now: OffsetDateTime,
) -> Result<()> {
    for c in &new.credentials {
        let record = CredentialRecord {
            credential: c.credential.clone(),
            device_key: c.device_key.clone(),
        };
        document_rows::insert_credential(
            conn,
            recipient,
            document_id,
            &record,
            Some(c.device_key.as_str()),
            now,
        )?;
    }
    Ok(())
}

impl Wallet {
    /// Adds a document with its credentials, received at `now`. When the
    /// wallet holds a document with the same issuer, type and number, the
    /// new one replaces it (keeping its id) and the old credentials and
    /// their device keys are deleted, in one transaction. While locked the
    /// document is kept as pending and merged at the next unlock.
    pub fn add_document(&mut self, new: NewDocument, now: OffsetDateTime) -> Result<AddOutcome> {
        self.check_new(&new)?;
        let tx = self.conn.transaction()?;
        let (outcome, deleted) = add_in_tx(
            &tx,
            &self.meta.recipient,
            self.vault.as_ref(),
            self.settings.log_retention_days,
            &new,
            now,
        )?;
        tx.commit()?;
        self.forget_deleted_keys(deleted);
        Ok(outcome)
    }

    /// Checks that each credential fits the document and names a device
    /// key the wallet holds, with the public key the credential is bound to
    /// when the key can be read now.
    fn check_new(&mut self, new: &NewDocument) -> Result<()> {
        let doc_type = new.document.document_type();
        for c in &new.credentials {
            if c.credential.kind.document_type() != doc_type {
                return Err(StoreError::CredentialMismatch("credential kind"));
            }
            let row = device_keys::get(&self.conn, c.device_key.as_str())?
                .ok_or(StoreError::NotFound("device key"))?;
            let readable = row.store != device_keys::SOFTWARE_STORE || self.vault.is_some();
            if readable {
                let public = self.with_signer(&row.handle, |s| Ok(s.public_key()?))?;
                if public != c.credential.device_key {
                    return Err(StoreError::CredentialMismatch("device key"));
                }
            }
        }
        Ok(())
    }

    /// Merges the documents received while locked, oldest first, with
    /// replace semantics. Returns (added, replaced).
    pub(crate) fn merge_pending(&mut self, now: OffsetDateTime) -> Result<(usize, usize)> {
        let vault = self.vault.as_ref().ok_or(StoreError::Locked)?;
        let recipient = &self.meta.recipient;
        let tx = self.conn.transaction()?;
        let pending = document_rows::documents_where(&tx, "pending = 1", None)?;
        if pending.is_empty() {
            return Ok((0, 0));
        }
        let (mut added, mut replaced, mut deleted) = (0, 0, Vec::new());
        for row in pending {
            let record: DocumentRecord = vault.decrypt(&row.record, "document")?;
            match document_rows::find_match(&tx, vault, &record, Some(&row.id))? {
                Some((held, _)) => {
                    let old_keys = document_rows::remove_credentials(&tx, &held.id)?;
                    tx.execute(
                        "UPDATE credentials SET document_id = ?1 WHERE document_id = ?2",
                        [&held.id, &row.id],
                    )?;
                    tx.execute(
                        "UPDATE documents SET record = ?2, updated_at = ?3, status = NULL,
                         needs_rebinding = 0 WHERE id = ?1",
                        params![held.id, row.record, row.added_at],
                    )?;
                    // The pending copy's history belongs to the held document now.
                    tx.execute(
                        "UPDATE activity_log SET document_id = ?1 WHERE document_id = ?2",
                        [&held.id, &row.id],
                    )?;
                    tx.execute("DELETE FROM documents WHERE id = ?1", [&row.id])?;
                    deleted.extend(device_keys::delete_unused(&tx, &old_keys)?);
                    let id = DocumentId::from_stored(held.id);
                    let activity =
                        Activity::new(ActivityEvent::Replaced).about(&id, record.doc_type());
                    log::append(&tx, recipient, &activity, now)?;
                    replaced += 1;
                }
                None => {
                    tx.execute("UPDATE documents SET pending = 0 WHERE id = ?1", [&row.id])?;
                    added += 1;
                }
            }
        }
        tx.commit()?;
        self.forget_deleted_keys(deleted);
        Ok((added, replaced))
    }

    /// Deletes a document with its credentials and their device keys, and
    /// logs it. Needs the wallet unlocked.
    pub fn delete_document(&mut self, id: &DocumentId, now: OffsetDateTime) -> Result<()> {
        self.vault()?;
        let tx = self.conn.transaction()?;
        let row = document_rows::document(&tx, id.as_str())?;
        let old_keys = document_rows::remove_credentials(&tx, &row.id)?;
        tx.execute("DELETE FROM documents WHERE id = ?1", [&row.id])?;
        let deleted = device_keys::delete_unused(&tx, &old_keys)?;
        let mut activity = Activity::new(ActivityEvent::Deleted);
        activity.document_id = Some(id.clone());
        activity.document_type = crate::document::DocumentType::from_code(&row.doc_type);
        log::append(&tx, &self.meta.recipient, &activity, now)?;
        log::prune(&tx, self.settings.log_retention_days, now)?;
        tx.commit()?;
        self.forget_deleted_keys(deleted);
        Ok(())
    }

    /// Every document, oldest first. One damaged document makes it fail
    /// with [`StoreError::DamagedRecord`] naming it; see
    /// [`Wallet::list_documents_checked`] for the rest.
    pub fn list_documents(&self) -> Result<Vec<DocumentSummary>> {
        let vault = self.vault()?;
        document_rows::documents_where(&self.conn, "1 = 1", None)?
            .iter()
            .map(|row| {
                vault
                    .decrypt::<DocumentRecord>(&row.record, "document")
                    .and_then(|record| document_rows::summary(vault, row, &record))
                    .map_err(|e| e.in_record("document", &row.id))
            })
            .collect()
    }

    /// Every document that can be read, oldest first, and the ids of those
    /// whose document or status record does not decrypt or parse (one
    /// damaged row no longer hides the others). A damaged document can be
    /// deleted by id with [`Wallet::delete_document`].
    pub fn list_documents_checked(&self) -> Result<DocumentListing> {
        let vault = self.vault()?;
        let mut listing = DocumentListing::default();
        for row in document_rows::documents_where(&self.conn, "1 = 1", None)? {
            let summary = vault
                .decrypt::<DocumentRecord>(&row.record, "document")
                .and_then(|record| document_rows::summary(vault, &row, &record));
            match summary {
                Ok(summary) => listing.documents.push(summary),
                Err(e) if e.is_damaged_record() => {
                    listing.damaged.push(DocumentId::from_stored(row.id));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(listing)
    }

    /// One document with every field and its credentials. A damaged one
    /// is [`StoreError::DamagedRecord`] naming it.
    pub fn document(&self, id: &DocumentId) -> Result<DocumentView> {
        let vault = self.vault()?;
        let row = document_rows::document(&self.conn, id.as_str())?;
        self.open_document(vault, row)
            .map_err(|e| e.in_record("document", id.as_str()))
    }

    fn open_document(
        &self,
        vault: &Vault,
        row: document_rows::StoredDocument,
    ) -> Result<DocumentView> {
        let record: DocumentRecord = vault.decrypt(&row.record, "document")?;
        let credentials = document_rows::credentials_of(&self.conn, &row.id)?
            .iter()
            .map(|c| document_rows::credential_view(vault, c).map(|(view, _)| view))
            .collect::<Result<_>>()?;
        Ok(DocumentView {
            summary: document_rows::summary(vault, &row, &record)?,
            issuer: record.issuer.clone(),
            received_at: super::db::from_unix(record.received_at)?,
            document: record.document(),
            credentials,
        })
    }

    /// How many documents wait to be merged at the next unlock. Works while locked.
    pub fn pending_count(&self) -> Result<usize> {
        let count: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM documents WHERE pending = 1",
            [],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(count).unwrap_or_default())
    }

    /// Records the document's status as learned at `learned_at` (from the
    /// issuer's status list). Works while locked.
    pub fn set_status(
        &mut self,
        id: &DocumentId,
        status: DocumentStatus,
        learned_at: OffsetDateTime,
    ) -> Result<()> {
        let record = self.meta.recipient.encrypt(&StatusRecord {
            status,
            learned_at: unix(learned_at),
        })?;
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE documents SET status = ?2 WHERE id = ?1",
            params![id.as_str(), record],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound("document"));
        }
        tx.commit()?;
        Ok(())
    }
}
