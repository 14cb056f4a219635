//! The activity log, and the reports of unlocking and restoring.

use vidi_core::store::{
    self, BackupReport as CoreBackupReport, DocumentId, RestoreReport as CoreRestoreReport,
    UnlockReport as CoreUnlockReport,
};

use crate::convert::{DocumentType, count, now_or, unix};
use crate::error::VidiError;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ActivityEvent {
    /// A document was shown as a QR code.
    Presented,
    /// A document was added.
    Added,
    /// A document replaced an older copy (re-issue, re-binding).
    Replaced,
    /// A document was deleted.
    Deleted,
    /// A backup was restored.
    Restored,
}

impl From<store::ActivityEvent> for ActivityEvent {
    fn from(e: store::ActivityEvent) -> Self {
        match e {
            store::ActivityEvent::Presented => Self::Presented,
            store::ActivityEvent::Added => Self::Added,
            store::ActivityEvent::Replaced => Self::Replaced,
            store::ActivityEvent::Deleted => Self::Deleted,
            store::ActivityEvent::Restored => Self::Restored,
        }
    }
}

impl From<ActivityEvent> for store::ActivityEvent {
    fn from(e: ActivityEvent) -> Self {
        match e {
            ActivityEvent::Presented => Self::Presented,
            ActivityEvent::Added => Self::Added,
            ActivityEvent::Replaced => Self::Replaced,
            ActivityEvent::Deleted => Self::Deleted,
            ActivityEvent::Restored => Self::Restored,
        }
    }
}

/// Which log entries to read; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct LogFilter {
    /// Entries at or after this time, Unix seconds.
    #[uniffi(default = None)]
    pub from_unix: Option<i64>,
    /// Entries before this time, Unix seconds.
    #[uniffi(default = None)]
    pub until_unix: Option<i64>,
    /// Entries of this event only.
    #[uniffi(default = None)]
    pub event: Option<ActivityEvent>,
    /// Entries about this document only.
    #[uniffi(default = None)]
    pub document_id: Option<String>,
    /// At most this many, newest first.
    #[uniffi(default = None)]
    pub limit: Option<u32>,
}

impl LogFilter {
    pub(crate) fn to_core(&self) -> Result<store::LogFilter, VidiError> {
        let time = |t: Option<i64>| t.map(|t| now_or(Some(t))).transpose();
        Ok(store::LogFilter {
            from: time(self.from_unix)?,
            until: time(self.until_unix)?,
            event: self.event.map(Into::into),
            document_id: self.document_id.clone().map(DocumentId::new),
            limit: self.limit.map(|l| usize::try_from(l).unwrap_or(usize::MAX)),
        })
    }
}

/// What a backup wrote and what it left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct BackupReport {
    /// Documents written.
    pub documents: u32,
    /// Log entries written.
    pub log_entries: u32,
    /// Ids of documents left out because a stored record of theirs is
    /// damaged; `delete_document` removes one.
    pub damaged_documents: Vec<String>,
    /// Ids of log entries left out because their record is damaged;
    /// `delete_log_entry` removes one.
    pub damaged_log_entries: Vec<String>,
}

impl From<CoreBackupReport> for BackupReport {
    fn from(r: CoreBackupReport) -> Self {
        Self {
            documents: count(r.documents),
            log_entries: count(r.log_entries),
            damaged_documents: r
                .damaged_documents
                .iter()
                .map(|id| id.as_str().to_owned())
                .collect(),
            damaged_log_entries: r.damaged_log_entries,
        }
    }
}

/// What a restore did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, uniffi::Record)]
pub struct RestoreReport {
    /// Documents the wallet did not hold.
    pub added: u32,
    /// Documents that replaced an older copy.
    pub replaced_older: u32,
    /// Documents skipped because the wallet's copy is newer.
    pub kept_newer: u32,
    /// Documents the wallet already held as they are.
    pub unchanged: u32,
    /// Restored documents whose device keys are not in this wallet: they
    /// need re-binding before they can be shown.
    pub needs_rebinding: u32,
    /// Log entries restored.
    pub log_entries: u32,
    /// Log entries skipped (damaged, or already held).
    pub log_entries_skipped: u32,
}

impl From<CoreRestoreReport> for RestoreReport {
    fn from(r: CoreRestoreReport) -> Self {
        Self {
            added: count(r.added),
            replaced_older: count(r.replaced_older),
            kept_newer: count(r.kept_newer),
            unchanged: count(r.unchanged),
            needs_rebinding: count(r.needs_rebinding),
            log_entries: count(r.log_entries),
            log_entries_skipped: count(r.log_entries_skipped),
        }
    }
}

/// What an unlock did besides unlocking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, uniffi::Record)]
pub struct UnlockReport {
    /// Documents received while locked that were new.
    pub merged_added: u32,
    /// Documents received while locked that replaced one already held.
    pub merged_replaced: u32,
    /// Log entries deleted because they were older than the retention.
    pub log_entries_expired: u32,
}

impl From<CoreUnlockReport> for UnlockReport {
    fn from(r: CoreUnlockReport) -> Self {
        Self {
            merged_added: count(r.merged_added),
            merged_replaced: count(r.merged_replaced),
            log_entries_expired: count(r.log_entries_expired),
        }
    }
}

/// One entry of the activity log. It records what was shown and to whom,
/// never the values shown.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LogEntry {
    /// The entry's id.
    pub id: String,
    /// When, Unix seconds.
    pub at_unix: i64,
    /// What happened.
    pub event: ActivityEvent,
    /// The document it was about, if any.
    pub document_id: Option<String>,
    /// That document's type.
    pub document_type: Option<DocumentType>,
    /// The claims shown (machine names), for `Presented`.
    pub claims: Vec<String>,
    /// The preset shown, when one was.
    pub preset: Option<String>,
    /// The verifier the proof was made for, when it named one.
    pub audience: Option<String>,
    /// Received while the wallet was locked.
    pub while_locked: bool,
    /// For `Restored`: what the restore did.
    pub restore: Option<RestoreReport>,
}

impl From<&store::LogEntry> for LogEntry {
    fn from(e: &store::LogEntry) -> Self {
        let a = &e.activity;
        Self {
            id: e.id.clone(),
            at_unix: unix(e.at),
            event: a.event.into(),
            document_id: a.document_id.as_ref().map(|d| d.as_str().to_owned()),
            document_type: a.document_type.map(Into::into),
            claims: a.claims.clone(),
            preset: a.preset.map(|p| p.name().to_owned()),
            audience: a.audience.clone(),
            while_locked: a.while_locked,
            restore: a.restore.map(Into::into),
        }
    }
}
