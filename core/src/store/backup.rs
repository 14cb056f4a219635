//! Backups: documents, credentials, the log and the settings in one file
//! encrypted with age to a passphrase (scrypt), binary age format (not
//! armored: a file for the phone's backup service, not for e-mail).
//! Device keys are not in it: hardware keys cannot leave the phone, so a
//! document restored where its keys are not must be re-bound before it
//! can be shown.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::Wallet;
use super::age_file::{passphrase_decrypt, passphrase_encrypt};
use super::db::unix;
use super::device_keys::{self, HeldKey};
use super::document_rows::{self, CredentialRecord, DocumentRecord, NewRow, StatusRecord};
use super::documents::DocumentId;
use super::error::{Result, StoreError};
use super::holdings::{Incoming, IncomingCredentials, Replacement, replace_held};
use super::integrity::State;
use super::log::{self, Activity, ActivityEvent, LogRecord, StoredLogEntry};
use super::reports::{BackupReport, RestoreReport};
use super::settings;

const FORMAT: &str = "vidi-wallet-backup";
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct BackupFile {
    format: String,
    version: u32,
    made_at: i64,
    documents: Vec<BackupDocument>,
    log: Vec<BackupLogEntry>,
    settings: BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize, Deserialize)]
struct BackupDocument {
    id: String,
    added_at: i64,
    record: DocumentRecord,
    status: Option<StatusRecord>,
    credentials: Vec<CredentialRecord>,
}

#[derive(Serialize, Deserialize)]
struct BackupLogEntry {
    id: String,
    at: i64,
    event: String,
    document_id: Option<String>,
    entry: LogRecord,
}

impl Wallet {
    /// Writes a backup to `path` encrypted to `passphrase` with age's default
    /// scrypt work factor (about a second here). Needs the wallet unlocked.
    ///
    /// A document one of whose records (document, status, credential) is
    /// damaged, and a damaged log entry, are left out and named in the
    /// report: the healthy rest is backed up.
    pub fn backup(&self, path: impl AsRef<Path>, passphrase: &str) -> Result<BackupReport> {
        self.backup_with_work_factor(path, passphrase, None)
    }

    /// [`Wallet::backup`] with scrypt work factor `2^log_n` (`None`: age's
    /// default); low values are for tests.
    pub fn backup_with_work_factor(
        &self,
        path: impl AsRef<Path>,
        passphrase: &str,
        log_n: Option<u8>,
    ) -> Result<BackupReport> {
        let (json, report) = self.backup_json()?;
        let encrypted = passphrase_encrypt(passphrase, log_n, &json)?;
        // Readable by its owner only: a backup invites offline guessing of
        // its passphrase. A crash leaves the old backup or the new one.
        crate::fs::write_atomic(path.as_ref(), &encrypted)?;
        Ok(report)
    }

    fn backup_json(&self) -> Result<(Zeroizing<Vec<u8>>, BackupReport)> {
        let vault = self.vault()?;
        let state = State::load(&self.conn, vault.mac())?;
        let mut report = BackupReport::default();
        let mut docs = Vec::new();
        for row in document_rows::documents_where(&self.conn, "1 = 1", None)? {
            // A row this wallet did not write is left out and named, never
            // laundered into a backup that another wallet would accept.
            let checked = state
                .check(&self.conn, vault.mac(), &row)
                .and_then(|()| self.backup_document(&row));
            match checked {
                Ok(doc) => docs.push(doc),
                Err(e) if e.is_damaged_record() => report
                    .damaged_documents
                    .push(DocumentId::from_stored(row.id)),
                Err(e) => return Err(e),
            }
        }
        let mut log = Vec::new();
        for row in log::all_stored(&self.conn)? {
            let entry = match vault.decrypt(&row.record, "log entry") {
                Ok(entry) => entry,
                Err(e) if e.is_damaged_record() => {
                    report.damaged_log_entries.push(row.id);
                    continue;
                }
                Err(e) => return Err(e),
            };
            log.push(BackupLogEntry {
                entry,
                id: row.id,
                at: row.at,
                event: row.event,
                document_id: row.document_id,
            });
        }
        report.documents = docs.len();
        report.log_entries = log.len();
        let file = BackupFile {
            format: FORMAT.to_owned(),
            version: VERSION,
            made_at: unix(OffsetDateTime::now_utc()),
            documents: docs,
            log,
            settings: settings::read_all(&self.conn, vault)?,
        };
        let json = serde_json::to_vec(&file)
            .map(Zeroizing::new)
            .map_err(|_| StoreError::Encryption)?;
        Ok((json, report))
    }

    /// A document row with its status and credentials, decrypted.
    fn backup_document(&self, row: &document_rows::StoredDocument) -> Result<BackupDocument> {
        let vault = self.vault()?;
        let credentials = document_rows::credentials_of(&self.conn, &row.id)?
            .iter()
            .map(|c| vault.decrypt(&c.record, "credential"))
            .collect::<Result<_>>()?;
        let status = match &row.status {
            Some(s) => Some(vault.decrypt(s, "status")?),
            None => None,
        };
        Ok(BackupDocument {
            record: vault.decrypt(&row.record, "document")?,
            id: row.id.clone(),
            added_at: row.added_at,
            status,
            credentials,
        })
    }

    /// Restores the backup at `path` into this wallet (unlocked), at `now`.
    ///
    /// Documents are matched by issuer, type and number, and the newer
    /// version (by when the wallet received it) is kept: restoring never
    /// overwrites newer data. Documents whose device keys are not in this
    /// wallet are marked as needing re-binding. Log entries the wallet lacks
    /// are added, settings it lacks are set. All in one transaction: a wrong
    /// passphrase ([`StoreError::BackupPassphrase`]) or a damaged file
    /// ([`StoreError::BackupCorrupt`]) changes nothing.
    pub fn restore(
        &mut self,
        path: impl AsRef<Path>,
        passphrase: &str,
        now: OffsetDateTime,
    ) -> Result<RestoreReport> {
        self.vault()?;
        let bytes = std::fs::read(path.as_ref())?;
        let json = passphrase_decrypt(passphrase, &bytes)?;
        let file: BackupFile =
            serde_json::from_slice(&json).map_err(|_| StoreError::BackupFormat)?;
        if file.format != FORMAT || file.version != VERSION {
            return Err(StoreError::BackupFormat);
        }
        let report = self.restore_file(file, now)?;
        self.reload_settings()?;
        Ok(report)
    }

    fn restore_file(&mut self, file: BackupFile, now: OffsetDateTime) -> Result<RestoreReport> {
        let vault = self.vault.as_ref().ok_or(StoreError::Locked)?;
        let recipient = &self.meta.recipient;
        let mut report = RestoreReport::default();
        let mut deleted = Vec::new();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Settings come back only into a wallet that holds nothing yet (a new
        // phone); a wallet in use keeps its own (a backup's short log
        // retention must not prune this wallet's log).
        let fresh: bool = tx.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM documents) AND NOT EXISTS (SELECT 1 FROM activity_log)",
            [],
            |row| row.get(0),
        )?;
        let mut state = State::load(&tx, vault.mac())?;
        for doc in &file.documents {
            // Credentials keep their key only where this wallet holds that
            // very key: judged by public key, not by handle.
            let mut keys = Vec::new();
            for c in &doc.credentials {
                let held = device_keys::held_key(
                    &tx,
                    vault,
                    self.platform_keys.as_ref(),
                    c.device_key.as_str(),
                )?;
                let ours = matches!(held, HeldKey::Public(p) if p == c.credential.device_key);
                keys.push(ours.then(|| c.device_key.as_str().to_owned()));
            }
            let needs_rebinding = keys.iter().any(Option::is_none);
            let record = recipient.encrypt(&doc.record)?;
            let status = doc.status.map(|s| recipient.encrypt(&s)).transpose()?;
            let incoming_credentials = || {
                IncomingCredentials::Insert(
                    doc.credentials
                        .iter()
                        .zip(&keys)
                        .map(|(c, key)| (c, key.as_deref()))
                        .collect(),
                )
            };
            match document_rows::find_match(&tx, vault, &doc.record, None)? {
                Some((row, held)) => {
                    state.check(&tx, vault.mac(), &row)?;
                    let incoming = Incoming {
                        record: &doc.record,
                        encrypted: &record,
                        status: status.as_ref(),
                        needs_rebinding,
                        updated_at: unix(now),
                        credentials: incoming_credentials(),
                    };
                    let (replacement, old_keys) =
                        replace_held(&tx, recipient, &row, &held, &incoming, false, now)?;
                    match replacement {
                        Replacement::KeptNewer => report.kept_newer += 1,
                        Replacement::Unchanged => report.unchanged += 1,
                        Replacement::Replaced => {
                            state.seal(&tx, vault.mac(), &row.id)?;
                            deleted.push(old_keys);
                            report.replaced_older += 1;
                            report.needs_rebinding += usize::from(needs_rebinding);
                        }
                    }
                }
                None => {
                    // A backup is trusted only as far as its format: ids
                    // that are not ours get a fresh one.
                    let free =
                        is_record_id(&doc.id) && document_rows::document(&tx, &doc.id).is_err();
                    let id = document_rows::insert_document(
                        &tx,
                        &NewRow {
                            id: free.then_some(doc.id.as_str()),
                            doc_type: doc.record.doc_type(),
                            record: &record,
                            status: status.as_ref(),
                            pending: false,
                            needs_rebinding,
                            added_at: doc.added_at,
                            updated_at: unix(now),
                        },
                    )?;
                    if let IncomingCredentials::Insert(list) = incoming_credentials() {
                        for (c, key) in list {
                            document_rows::insert_credential(&tx, recipient, &id, c, key, now)?;
                        }
                    }
                    state.seal(&tx, vault.mac(), &id)?;
                    report.added += 1;
                    report.needs_rebinding += usize::from(needs_rebinding);
                }
            }
        }
        state.store(&tx, vault.mac())?;
        let mut deleted_keys = Vec::new();
        for old_keys in deleted {
            deleted_keys.extend(device_keys::delete_unused(&tx, &old_keys)?);
        }
        for entry in &file.log {
            if !is_record_id(&entry.id)
                || ActivityEvent::from_code(&entry.event).is_none()
                || super::db::from_unix(entry.at).is_err()
            {
                report.log_entries_skipped += 1;
                continue;
            }
            let stored = StoredLogEntry {
                id: entry.id.clone(),
                at: entry.at,
                event: entry.event.clone(),
                document_id: entry.document_id.clone(),
                record: recipient.encrypt(&entry.entry)?,
            };
            report.log_entries += usize::from(log::insert(&tx, &stored)?);
        }
        if fresh {
            for (key, value) in &file.settings {
                settings::write(&tx, recipient, key, value, now, true)?;
            }
        }
        let mut activity = Activity::new(ActivityEvent::Restored);
        activity.restore = Some(report);
        log::append(&tx, recipient, &activity, now)?;
        let retention = settings::read(&tx, vault)?.log_retention_days;
        log::prune(&tx, retention, now)?;
        tx.commit()?;
        self.forget_deleted_keys(deleted_keys);
        Ok(report)
    }
}

/// Whether `id` looks like the ids this store makes (32 lowercase hex digits).
fn is_record_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
