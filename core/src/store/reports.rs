//! What a backup and a restore did: the reports their callers show and
//! the activity log keeps (a restore's report is inside its log entry, so
//! the log depends on this module, not on the backup code).

use serde::{Deserialize, Serialize};

use super::documents::DocumentId;

/// What a backup wrote and what it left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupReport {
    /// Documents written, with their credentials and status.
    pub documents: usize,
    /// Log entries written.
    pub log_entries: usize,
    /// Documents left out because one of their records (document, status,
    /// credential) is damaged: they can be deleted by id.
    pub damaged_documents: Vec<DocumentId>,
    /// Log entries left out because their record is damaged.
    pub damaged_log_entries: Vec<String>,
}

impl BackupReport {
    /// Whether the backup holds everything the wallet holds.
    pub fn is_complete(&self) -> bool {
        self.damaged_documents.is_empty() && self.damaged_log_entries.is_empty()
    }
}

/// What a restore did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreReport {
    /// Documents the wallet did not hold.
    pub added: usize,
    /// Held documents the backup had a newer version of.
    pub replaced_older: usize,
    /// Documents the wallet holds a newer version of, left as they are.
    pub kept_newer: usize,
    /// Documents the wallet holds in the same version.
    pub unchanged: usize,
    /// Restored documents whose device keys are not in this wallet.
    pub needs_rebinding: usize,
    /// Log entries the wallet did not have.
    pub log_entries: usize,
    /// Log entries of the backup that were not well formed, left out.
    #[serde(default)]
    pub log_entries_skipped: usize,
}
