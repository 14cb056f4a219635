//! The activity log, the citizen's privacy dashboard: what was shown to
//! whom and when, and every document added, replaced, deleted or restored.
//! Time, event kind and document id are plain columns, so filters run in
//! SQL; what was disclosed and to whom is encrypted.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::Wallet;
use super::db::{from_unix, new_id, unix};
use super::documents::DocumentId;
use super::encryption::{EncryptedRecord, Recipient, Vault};
use super::error::{Result, StoreError};
use super::reports::RestoreReport;
use crate::document::DocumentType;
use crate::preset::Preset;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityEvent {
    /// A proof was shown.
    Presented,
    /// A document was issued into the wallet or added to it.
    Added,
    /// A document replaced an older one with the same issuer, type and number.
    Replaced,
    /// A document was deleted with its credentials and keys.
    Deleted,
    /// A backup was restored into the wallet.
    Restored,
}

impl ActivityEvent {
    /// Every event kind.
    pub const ALL: [Self; 5] = [
        Self::Presented,
        Self::Added,
        Self::Replaced,
        Self::Deleted,
        Self::Restored,
    ];

    /// The stored code, e.g. `presented`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Presented => "presented",
            Self::Added => "added",
            Self::Replaced => "replaced",
            Self::Deleted => "deleted",
            Self::Restored => "restored",
        }
    }

    /// The event for a code from [`ActivityEvent::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }
}

/// One thing that happened, as the citizen sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// What happened.
    pub event: ActivityEvent,
    /// The document concerned, if one.
    pub document_id: Option<DocumentId>,
    /// Its type.
    pub document_type: Option<DocumentType>,
    /// The claims disclosed (machine names, e.g. `full_name`).
    pub claims: Vec<String>,
    /// The preset used, if one.
    pub preset: Option<Preset>,
    /// The verifier the proof was made for, when known.
    pub audience: Option<String>,
    /// The online service's name, as its attestation proved it, when the
    /// proof went to one (OpenID4VP).
    pub service: Option<String>,
    /// The document arrived while the wallet was locked.
    pub while_locked: bool,
    /// What a restore did.
    pub restore: Option<RestoreReport>,
}

impl Activity {
    /// An activity of kind `event` and nothing else.
    pub fn new(event: ActivityEvent) -> Self {
        Self {
            event,
            document_id: None,
            document_type: None,
            claims: Vec::new(),
            preset: None,
            audience: None,
            service: None,
            while_locked: false,
            restore: None,
        }
    }

    /// The same activity about document `id` of type `doc_type`.
    pub fn about(mut self, id: &DocumentId, doc_type: DocumentType) -> Self {
        self.document_id = Some(id.clone());
        self.document_type = Some(doc_type);
        self
    }
}

/// A log entry: an activity and when it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// A random id.
    pub id: String,
    /// When.
    pub at: OffsetDateTime,
    /// What.
    pub activity: Activity,
}

/// Which entries [`Wallet::log`] returns; every field narrows. Entries come
/// newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogFilter {
    /// At or after.
    pub from: Option<OffsetDateTime>,
    /// Before.
    pub until: Option<OffsetDateTime>,
    /// Of this kind.
    pub event: Option<ActivityEvent>,
    /// About this document.
    pub document_id: Option<DocumentId>,
    /// At most this many.
    pub limit: Option<usize>,
}

/// What [`Wallet::log_checked`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogListing {
    /// The entries that could be read, newest first.
    pub entries: Vec<LogEntry>,
    /// The ids of entries whose record is damaged (does not decrypt or
    /// parse), newest first; [`Wallet::delete_log_entry`] removes one.
    pub damaged: Vec<String>,
}

/// The encrypted part of an entry.
#[derive(Serialize, Deserialize)]
pub(crate) struct LogRecord {
    document_type: Option<DocumentType>,
    claims: Vec<String>,
    preset: Option<String>,
    audience: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    service: Option<String>,
    while_locked: bool,
    restore: Option<RestoreReport>,
}

/// An `activity_log` row.
pub(crate) struct StoredLogEntry {
    pub(crate) id: String,
    pub(crate) at: i64,
    pub(crate) event: String,
    pub(crate) document_id: Option<String>,
    pub(crate) record: EncryptedRecord,
}

/// Appends `activity` at `at`, encrypted to `recipient`.
pub(crate) fn append(
    conn: &Connection,
    recipient: &Recipient,
    activity: &Activity,
    at: OffsetDateTime,
) -> Result<()> {
    let record = recipient.encrypt(&LogRecord {
        document_type: activity.document_type,
        claims: activity.claims.clone(),
        preset: activity.preset.map(|p| p.name().to_owned()),
        audience: activity.audience.clone(),
        service: activity.service.clone(),
        while_locked: activity.while_locked,
        restore: activity.restore,
    })?;
    insert(
        conn,
        &StoredLogEntry {
            id: new_id()?,
            at: unix(at),
            event: activity.event.code().to_owned(),
            document_id: activity.document_id.as_ref().map(|d| d.as_str().to_owned()),
            record,
        },
    )?;
    Ok(())
}

/// Inserts a row unless one with its id is there; tells whether it did.
pub(crate) fn insert(conn: &Connection, entry: &StoredLogEntry) -> Result<bool> {
    Ok(conn.execute(
        "INSERT OR IGNORE INTO activity_log (id, at, event, document_id, record)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            entry.id,
            entry.at,
            entry.event,
            entry.document_id,
            entry.record
        ],
    )? > 0)
}

/// Deletes entries older than `days` before `now`.
pub(crate) fn prune(conn: &Connection, days: Option<u32>, now: OffsetDateTime) -> Result<usize> {
    let Some(days) = days else { return Ok(0) };
    let cutoff = now - Duration::days(i64::from(days));
    Ok(conn.execute("DELETE FROM activity_log WHERE at < ?1", [unix(cutoff)])?)
}

fn query(conn: &Connection, filter: &LogFilter) -> Result<Vec<StoredLogEntry>> {
    let limit = filter
        .limit
        .map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, event, document_id, record FROM activity_log
         WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < ?2)
           AND (?3 IS NULL OR event = ?3) AND (?4 IS NULL OR document_id = ?4)
         ORDER BY at DESC, seq DESC LIMIT ?5",
    )?;
    let rows = stmt.query_map(
        params![
            filter.from.map(unix),
            filter.until.map(unix),
            filter.event.map(ActivityEvent::code),
            filter.document_id.as_ref().map(DocumentId::as_str),
            limit
        ],
        |row| {
            Ok(StoredLogEntry {
                id: row.get(0)?,
                at: row.get(1)?,
                event: row.get(2)?,
                document_id: row.get(3)?,
                record: row.get(4)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every row, oldest first (for backups).
pub(crate) fn all_stored(conn: &Connection) -> Result<Vec<StoredLogEntry>> {
    let mut rows = query(conn, &LogFilter::default())?;
    rows.reverse();
    Ok(rows)
}

/// Decrypts a row.
pub(crate) fn open_entry(vault: &Vault, row: &StoredLogEntry) -> Result<LogEntry> {
    let record: LogRecord = vault.decrypt(&row.record, "log entry")?;
    let event =
        ActivityEvent::from_code(&row.event).ok_or(StoreError::CorruptRecord("log entry"))?;
    Ok(LogEntry {
        id: row.id.clone(),
        at: from_unix(row.at)?,
        activity: Activity {
            event,
            document_id: row.document_id.clone().map(DocumentId::from_stored),
            document_type: record.document_type,
            claims: record.claims,
            preset: record.preset.as_deref().and_then(Preset::from_name),
            audience: record.audience,
            service: record.service,
            while_locked: record.while_locked,
            restore: record.restore,
        },
    })
}

/// An entry as the exported JSON shows it.
pub(crate) fn entry_json(entry: &LogEntry) -> serde_json::Value {
    entry.to_json()
}

impl LogEntry {
    /// The entry as `export_log` and `vidi wallet log --json` show it.
    pub fn to_json(&self) -> serde_json::Value {
        let entry = self;
        let a = &entry.activity;
        serde_json::json!({
            "id": entry.id,
            "at": entry.at.format(&Rfc3339).unwrap_or_default(),
            "event": a.event.code(),
            "document_id": a.document_id.as_ref().map(DocumentId::as_str),
            "document_type": a.document_type.map(DocumentType::code),
            "claims": a.claims,
            "preset": a.preset.map(Preset::name),
            "audience": a.audience,
            "service": a.service,
            "while_locked": a.while_locked,
            "restore": a.restore,
        })
    }
}

impl Wallet {
    /// Appends `activity` at `at` in its own transaction, then applies the
    /// retention when unlocked. Works while locked (entries are encrypted
    /// to the wallet's public key).
    pub fn record_activity(&mut self, activity: &Activity, at: OffsetDateTime) -> Result<()> {
        let tx = self.conn.transaction()?;
        append(&tx, &self.meta.recipient, activity, at)?;
        if self.vault.is_some() {
            prune(&tx, self.settings.log_retention_days, at)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The entries `filter` selects, newest first, decrypted. One damaged
    /// entry makes it fail with [`StoreError::DamagedRecord`] naming it;
    /// see [`Wallet::log_checked`] for the rest.
    pub fn log(&self, filter: &LogFilter) -> Result<Vec<LogEntry>> {
        let vault = self.vault()?;
        query(&self.conn, filter)?
            .iter()
            .map(|row| open_entry(vault, row).map_err(|e| e.in_record("log entry", &row.id)))
            .collect()
    }

    /// The entries `filter` selects that can be read, newest first, and the
    /// ids of those whose record is damaged: one damaged entry no longer
    /// hides the others.
    pub fn log_checked(&self, filter: &LogFilter) -> Result<LogListing> {
        let vault = self.vault()?;
        let mut listing = LogListing::default();
        for row in query(&self.conn, filter)? {
            match open_entry(vault, &row) {
                Ok(entry) => listing.entries.push(entry),
                Err(e) if e.is_damaged_record() => listing.damaged.push(row.id),
                Err(e) => return Err(e),
            }
        }
        Ok(listing)
    }

    /// Deletes log entry `id` (a damaged one, say) without reading it.
    /// Needs the wallet unlocked.
    pub fn delete_log_entry(&mut self, id: &str) -> Result<()> {
        self.vault()?;
        let deleted = self
            .conn
            .execute("DELETE FROM activity_log WHERE id = ?1", [id])?;
        if deleted == 0 {
            return Err(StoreError::NotFound("log entry"));
        }
        Ok(())
    }

    /// The whole log as JSON for the citizen (decrypted, newest first). The
    /// ids of damaged entries, left out, are listed under `damaged`.
    pub fn export_log(&self) -> Result<String> {
        let listing = self.log_checked(&LogFilter::default())?;
        let json = serde_json::json!({
            "format": "vidi-activity-log",
            "version": 1,
            "entries": listing.entries.iter().map(entry_json).collect::<Vec<_>>(),
            "damaged": listing.damaged,
        });
        serde_json::to_string_pretty(&json).map_err(|_| StoreError::Encryption)
    }

    /// Deletes entries older than the retention as of `now`.
    pub(crate) fn apply_retention(&mut self, now: OffsetDateTime) -> Result<usize> {
        if self.settings.log_retention_days.is_none() {
            return Ok(0);
        }
        let tx = self.conn.transaction()?;
        let deleted = prune(&tx, self.settings.log_retention_days, now)?;
        tx.commit()?;
        Ok(deleted)
    }
}
