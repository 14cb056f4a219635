//! What the wallet holds and how it changes: add (or replace), merge what
//! arrived while locked, delete, list, show, and the last known status.
//! Every change is one transaction with its log entry.

use std::sync::Arc;

use rusqlite::{Connection, TransactionBehavior, params};
use time::OffsetDateTime;

use super::db::unix;
use super::device_keys::{self, DeviceKeyStore, HeldKey, StoredDeviceKey};
use super::document_rows::{
    self, CredentialRecord, DocumentRecord, NewRow, StatusRecord, StoredDocument,
};
use super::documents::{
    AddOutcome, DocumentId, DocumentListing, DocumentStatus, DocumentSummary, DocumentView,
    NewDocument,
};
use super::encryption::{EncryptedRecord, Recipient, Vault};
use super::error::{Result, StoreError};
use super::integrity::State;
use super::log::{self, Activity, ActivityEvent};
use super::tampering::Tampering;
use super::{UnlockReport, Wallet};
use crate::credential::CredentialKind;
use crate::document::DocumentType;
use crate::trust::TrustList;

/// Where an incoming copy's credentials come from.
pub(crate) enum IncomingCredentials<'a> {
    /// New rows: each credential with its device key's handle when this
    /// wallet holds that key.
    Insert(Vec<(&'a CredentialRecord, Option<&'a str>)>),
    /// The rows of pending document `id`, moved over.
    MoveFrom(&'a str),
}

/// A copy of a held document, from an addition, the merge of a pending
/// document or a restore.
pub(crate) struct Incoming<'a> {
    pub(crate) record: &'a DocumentRecord,
    pub(crate) encrypted: &'a EncryptedRecord,
    pub(crate) status: Option<&'a EncryptedRecord>,
    pub(crate) needs_rebinding: bool,
    pub(crate) updated_at: i64,
    pub(crate) credentials: IncomingCredentials<'a>,
}

/// What [`replace_held`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replacement {
    /// The incoming copy is held now.
    Replaced,
    /// The held copy was received later: kept.
    KeptNewer,
    /// Both were received at the same moment and ties keep the held one.
    Unchanged,
}

/// The one way a held document is replaced (adding, merging what arrived
/// while locked, restoring): only by a copy received later, or at the same
/// moment when `ties_replace`. The held row keeps its id; its credentials
/// go, and their device keys' handles are returned for the caller to
/// delete once unused. The caller seals the row (it is in the same
/// transaction, which must be `IMMEDIATE` so that two writers cannot both
/// read the old copy).
pub(crate) fn replace_held(
    conn: &Connection,
    recipient: &Recipient,
    held: &StoredDocument,
    held_record: &DocumentRecord,
    incoming: &Incoming<'_>,
    ties_replace: bool,
    now: OffsetDateTime,
) -> Result<(Replacement, Vec<String>)> {
    let (held_at, incoming_at) = (held_record.received_at, incoming.record.received_at);
    if held_at > incoming_at {
        return Ok((Replacement::KeptNewer, Vec::new()));
    }
    if held_at == incoming_at && !ties_replace {
        return Ok((Replacement::Unchanged, Vec::new()));
    }
    let old_keys = document_rows::remove_credentials(conn, &held.id)?;
    conn.execute(
        "UPDATE documents SET record = ?2, status = ?3, updated_at = ?4, needs_rebinding = ?5,
         pending = 0 WHERE id = ?1",
        params![
            held.id,
            incoming.encrypted,
            incoming.status,
            incoming.updated_at,
            incoming.needs_rebinding
        ],
    )?;
    match &incoming.credentials {
        IncomingCredentials::Insert(list) => {
            for (c, key) in list {
                document_rows::insert_credential(conn, recipient, &held.id, c, *key, now)?;
            }
        }
        IncomingCredentials::MoveFrom(pending) => {
            conn.execute(
                "UPDATE credentials SET document_id = ?1 WHERE document_id = ?2",
                [&held.id, *pending],
            )?;
        }
    }
    Ok((Replacement::Replaced, old_keys))
}

/// Adds `new` received at `now` inside a transaction (`IMMEDIATE`): pending
/// when there is no vault (locked), else replacing the held document with
/// the same issuer, type and number unless that one was received later
/// ([`StoreError::NewerHeld`]). Returns the device keys it deleted.
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
    let credentials: Vec<CredentialRecord> = new
        .credentials
        .iter()
        .map(|c| CredentialRecord {
            credential: c.credential.clone(),
            device_key: c.device_key.clone(),
        })
        .collect();
    let insert = || {
        IncomingCredentials::Insert(
            credentials
                .iter()
                .map(|c| (c, Some(c.device_key.as_str())))
                .collect(),
        )
    };
    let mut state = match vault {
        Some(vault) => Some(State::load(conn, vault.mac())?),
        None => None,
    };
    let held = match vault {
        Some(vault) => document_rows::find_match(conn, vault, &record, None)?,
        None => None,
    };
    let (outcome, deleted) = match (held, vault, state.as_mut()) {
        (Some((row, held_record)), Some(vault), Some(state)) => {
            state.check(conn, vault.mac(), &row)?;
            let incoming = Incoming {
                record: &record,
                encrypted: &encrypted,
                status: None,
                needs_rebinding: false,
                updated_at: unix(now),
                credentials: insert(),
            };
            let (replacement, old_keys) =
                replace_held(conn, recipient, &row, &held_record, &incoming, true, now)?;
            if replacement != Replacement::Replaced {
                return Err(StoreError::NewerHeld);
            }
            state.seal(conn, vault.mac(), &row.id)?;
            let deleted = device_keys::delete_unused(conn, &old_keys)?;
            (
                AddOutcome::Replaced(DocumentId::from_stored(row.id)),
                deleted,
            )
        }
        _ => {
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
            if let IncomingCredentials::Insert(list) = insert() {
                for (c, key) in list {
                    document_rows::insert_credential(conn, recipient, &id, c, key, now)?;
                }
            }
            if let (Some(vault), Some(state)) = (vault, state.as_mut()) {
                state.seal(conn, vault.mac(), &id)?;
            }
            let id = DocumentId::from_stored(id);
            let outcome = if pending {
                AddOutcome::Pending(id)
            } else {
                AddOutcome::Added(id)
            };
            (outcome, Vec::new())
        }
    };
    if let (Some(vault), Some(state)) = (vault, state) {
        state.store(conn, vault.mac())?;
    }
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

/// What the checks of a document received while locked found.
enum Verdict {
    /// Every check passed: the record, to merge.
    Accept(DocumentRecord),
    /// Nothing failed, but an issuer key or a hardware key store needed for
    /// a check is not known to this wallet now: it stays pending.
    Wait,
    /// A check failed.
    Refuse(&'static str),
}

/// The credential kind that carries a document's every field.
fn main_kind(doc_type: DocumentType) -> CredentialKind {
    match doc_type {
        DocumentType::NationalId => CredentialKind::NationalId,
        DocumentType::DrivingLicence => CredentialKind::DrivingLicence,
        DocumentType::HealthInsurance => CredentialKind::HealthInsurance,
    }
}

/// Checks a document received while locked (its rows carry no MAC, since
/// only the public key was there to write them): its type column is its
/// record's; every credential is of its type, bound to a device key this
/// wallet holds (by public key) and no other document uses, signed by an
/// issuer key `trust` has for its type; and its fields are those the
/// issuer signed in the credential that carries them all.
fn check_pending(
    conn: &Connection,
    vault: &Vault,
    platform: Option<&Arc<dyn DeviceKeyStore>>,
    trust: &TrustList,
    row: &StoredDocument,
    now: OffsetDateTime,
) -> Result<Verdict> {
    let Ok(record) = vault.decrypt::<DocumentRecord>(&row.record, "document") else {
        return Ok(Verdict::Refuse("its record does not decrypt"));
    };
    let doc_type = record.doc_type();
    if doc_type.code() != row.doc_type {
        return Ok(Verdict::Refuse("its type column does not match its record"));
    }
    if !document_rows::sd_jwt_of(conn, &row.id)?.is_empty() {
        // The wallet stores SD-JWT VCs only while unlocked
        // (`Wallet::add_sd_jwt_credentials`).
        return Ok(Verdict::Refuse(
            "it has SD-JWT VCs, which are never received while locked",
        ));
    }
    let credentials = document_rows::credentials_of(conn, &row.id)?;
    let mut wait = false;
    let mut vouched = false;
    for stored in &credentials {
        let Ok(c) = vault.decrypt::<CredentialRecord>(&stored.record, "credential") else {
            return Ok(Verdict::Refuse("a credential does not decrypt"));
        };
        let credential = &c.credential;
        if credential.kind.document_type() != doc_type {
            return Ok(Verdict::Refuse(
                "a credential is for another type of document",
            ));
        }
        if stored.device_key.as_deref() != Some(c.device_key.as_str()) {
            return Ok(Verdict::Refuse(
                "a credential names another device key than its row",
            ));
        }
        let used_elsewhere: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM credentials WHERE device_key = ?1 AND document_id != ?2)",
            [c.device_key.as_str(), row.id.as_str()],
            |r| r.get(0),
        )?;
        if used_elsewhere {
            return Ok(Verdict::Refuse(
                "a credential's device key is already used by another document",
            ));
        }
        match device_keys::held_key(conn, vault, platform, c.device_key.as_str())? {
            HeldKey::Absent => {
                return Ok(Verdict::Refuse(
                    "a credential is bound to a device key this wallet does not hold",
                ));
            }
            HeldKey::Unavailable => wait = true,
            HeldKey::Public(public) if public != credential.device_key => {
                return Ok(Verdict::Refuse(
                    "a credential is bound to another key than this wallet's",
                ));
            }
            HeldKey::Public(_) => {}
        }
        match trust.find(credential.kid, doc_type, now) {
            None => wait = true,
            Some(issuer) => {
                let signed = crate::keys::verify_es256(
                    &issuer.public_key,
                    &credential.statement().to_be_signed(),
                    &credential.issuer_signature,
                );
                if !signed {
                    return Ok(Verdict::Refuse("the issuer's signature does not verify"));
                }
            }
        }
        if credential.kind == main_kind(doc_type) {
            let fields = crate::issuer::claims_for(credential.kind, &record.document(), now.date());
            let Ok((values, _)) = fields else {
                return Ok(Verdict::Refuse("its fields do not fit its type"));
            };
            let encoded: Vec<Vec<u8>> = values
                .iter()
                .map(|v| v.encode_in(credential.format))
                .collect();
            if encoded != credential.values {
                return Ok(Verdict::Refuse(
                    "its fields differ from those the issuer signed",
                ));
            }
            vouched = true;
        }
    }
    if !vouched {
        return Ok(Verdict::Refuse(
            "no credential carries its fields with the issuer's signature",
        ));
    }
    Ok(if wait {
        Verdict::Wait
    } else {
        Verdict::Accept(record)
    })
}

/// Deletes pending row `id` with its credentials; returns their device keys.
fn drop_pending(conn: &Connection, id: &str) -> Result<Vec<String>> {
    let keys = document_rows::remove_credentials(conn, id)?;
    conn.execute("DELETE FROM documents WHERE id = ?1", [id])?;
    Ok(keys)
}

impl Wallet {
    /// Adds a document with its credentials, received at `now`. When the
    /// wallet holds a document with the same issuer, type and number, the
    /// new one replaces it (keeping its id) and the old credentials and
    /// their device keys are deleted, in one transaction. While locked the
    /// document is kept as pending and merged at the next unlock.
    pub fn add_document(&mut self, new: NewDocument, now: OffsetDateTime) -> Result<AddOutcome> {
        self.check_new(&new)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
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

    /// Merges the documents received while locked, oldest first, with the
    /// one replace path, after checking each ([`check_pending`]): refused
    /// ones are deleted, unverifiable ones wait.
    pub(crate) fn merge_pending(&mut self, now: OffsetDateTime) -> Result<UnlockReport> {
        let vault = self.vault.as_ref().ok_or(StoreError::Locked)?;
        let recipient = &self.meta.recipient;
        let mut report = UnlockReport::default();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let pending = document_rows::documents_where(&tx, "pending = 1", None)?;
        if pending.is_empty() {
            return Ok(report);
        }
        let mut state = State::load(&tx, vault.mac())?;
        let mut unused = Vec::new();
        for row in pending {
            let verdict = check_pending(
                &tx,
                vault,
                self.platform_keys.as_ref(),
                &self.trusted,
                &row,
                now,
            )?;
            let record = match verdict {
                Verdict::Accept(record) => record,
                Verdict::Wait => {
                    report.pending_unverified += 1;
                    continue;
                }
                Verdict::Refuse(reason) => {
                    unused.extend(drop_pending(&tx, &row.id)?);
                    report.refused.push(Tampering::Unverified {
                        document: DocumentId::from_stored(row.id),
                        reason,
                    });
                    continue;
                }
            };
            let Some((held, held_record)) =
                document_rows::find_match(&tx, vault, &record, Some(&row.id))?
            else {
                // A status in a pending row was written without the key.
                tx.execute(
                    "UPDATE documents SET pending = 0, status = NULL WHERE id = ?1",
                    [&row.id],
                )?;
                state.seal(&tx, vault.mac(), &row.id)?;
                report.merged_added += 1;
                continue;
            };
            state.check(&tx, vault.mac(), &held)?;
            let incoming = Incoming {
                record: &record,
                encrypted: &row.record,
                status: None,
                needs_rebinding: false,
                updated_at: row.added_at,
                credentials: IncomingCredentials::MoveFrom(&row.id),
            };
            let (replacement, old_keys) =
                replace_held(&tx, recipient, &held, &held_record, &incoming, true, now)?;
            unused.extend(old_keys);
            if replacement != Replacement::Replaced {
                unused.extend(drop_pending(&tx, &row.id)?);
                report.merged_dropped += 1;
                continue;
            }
            // The pending copy's history belongs to the held document now.
            tx.execute(
                "UPDATE activity_log SET document_id = ?1 WHERE document_id = ?2",
                [&held.id, &row.id],
            )?;
            tx.execute("DELETE FROM documents WHERE id = ?1", [&row.id])?;
            state.seal(&tx, vault.mac(), &held.id)?;
            let id = DocumentId::from_stored(held.id);
            let activity = Activity::new(ActivityEvent::Replaced).about(&id, record.doc_type());
            log::append(&tx, recipient, &activity, now)?;
            report.merged_replaced += 1;
        }
        let deleted = device_keys::delete_unused(&tx, &unused)?;
        state.store(&tx, vault.mac())?;
        tx.commit()?;
        self.forget_deleted_keys(deleted);
        Ok(report)
    }

    /// Deletes a document with its credentials and their device keys, and
    /// logs it. Needs the wallet unlocked.
    pub fn delete_document(&mut self, id: &DocumentId, now: OffsetDateTime) -> Result<()> {
        let vault = self.vault.as_ref().ok_or(StoreError::Locked)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row = document_rows::document(&tx, id.as_str())?;
        let old_keys = document_rows::remove_credentials(&tx, &row.id)?;
        tx.execute("DELETE FROM documents WHERE id = ?1", [&row.id])?;
        let mut state = State::load(&tx, vault.mac())?;
        state.forget(&row.id);
        state.store(&tx, vault.mac())?;
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
        let state = State::load(&self.conn, vault.mac())?;
        document_rows::documents_where(&self.conn, "1 = 1", None)?
            .iter()
            .map(|row| {
                state.check(&self.conn, vault.mac(), row)?;
                vault
                    .decrypt::<DocumentRecord>(&row.record, "document")
                    .and_then(|record| document_rows::summary(vault, row, &record))
                    .map_err(|e| e.in_record("document", &row.id))
            })
            .collect()
    }

    /// Every document that can be read, oldest first, and the ids of those
    /// whose document or status record does not decrypt or parse, or was
    /// not written by this wallet as it is (one damaged row no longer hides
    /// the others; [`Wallet::document`] says what is wrong with it). A
    /// damaged document can be deleted by id with [`Wallet::delete_document`].
    pub fn list_documents_checked(&self) -> Result<DocumentListing> {
        let vault = self.vault()?;
        let state = State::load(&self.conn, vault.mac())?;
        let mut listing = DocumentListing::default();
        for row in document_rows::documents_where(&self.conn, "1 = 1", None)? {
            let summary = state
                .check(&self.conn, vault.mac(), &row)
                .and_then(|()| vault.decrypt::<DocumentRecord>(&row.record, "document"))
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
        let row = self.checked_row(id)?;
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

    /// The row of document `id`, checked against the authenticated state.
    pub(crate) fn checked_row(&self, id: &DocumentId) -> Result<StoredDocument> {
        let vault = self.vault()?;
        let state = State::load(&self.conn, vault.mac())?;
        let row = document_rows::document(&self.conn, id.as_str())?;
        state.check(&self.conn, vault.mac(), &row)?;
        Ok(row)
    }

    /// Records the document's status as learned at `learned_at` (from the
    /// issuer's status list). Needs the wallet unlocked: the status is part
    /// of the authenticated row (a status written without the wallet's key
    /// could turn a revoked document valid).
    pub fn set_status(
        &mut self,
        id: &DocumentId,
        status: DocumentStatus,
        learned_at: OffsetDateTime,
    ) -> Result<()> {
        let vault = self.vault.as_ref().ok_or(StoreError::Locked)?;
        let record = self.meta.recipient.encrypt(&StatusRecord {
            status,
            learned_at: unix(learned_at),
        })?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut state = State::load(&tx, vault.mac())?;
        let row = document_rows::document(&tx, id.as_str())?;
        state.check(&tx, vault.mac(), &row)?;
        tx.execute(
            "UPDATE documents SET status = ?2 WHERE id = ?1",
            params![id.as_str(), record],
        )?;
        if !row.pending {
            state.seal(&tx, vault.mac(), &row.id)?;
            state.store(&tx, vault.mac())?;
        }
        tx.commit()?;
        Ok(())
    }
}
