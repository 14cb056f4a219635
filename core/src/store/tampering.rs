//! What record authentication found wrong (see `integrity`), on its own so
//! that the store's error can carry it without importing the checks.

use thiserror::Error;

use super::document_id::DocumentId;

/// What is wrong with the wallet file's authenticated records. Each names
/// the document (by its random id, never by a value) and what happened.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Tampering {
    /// The row's MAC does not verify under this wallet's key: planted from
    /// another wallet, or altered.
    #[error(
        "document {document} was not written by this wallet as it is (planted from another wallet, swapped or altered)"
    )]
    Forged {
        /// The row.
        document: DocumentId,
    },
    /// The row holds what this wallet wrote for another row: two rows were
    /// swapped, or one copied over another.
    #[error(
        "document {document} holds the record of document {belongs_to} (rows swapped or copied)"
    )]
    Moved {
        /// The row.
        document: DocumentId,
        /// The row the record was written for.
        belongs_to: DocumentId,
    },
    /// The row is a copy this wallet wrote earlier than its latest one.
    #[error("document {document} was rolled back to an older copy")]
    RolledBack {
        /// The row.
        document: DocumentId,
    },
    /// The row was deleted from this wallet and has been put back.
    #[error("document {document} was deleted from this wallet and has been put back")]
    Reinserted {
        /// The row.
        document: DocumentId,
    },
    /// Documents the wallet holds are missing from the file (rows deleted,
    /// or committed changes lost).
    #[error("{count} document(s) this wallet holds are missing from the file (one is {first})")]
    Missing {
        /// How many.
        count: usize,
        /// The first by id.
        first: DocumentId,
    },
    /// The wallet's authenticated state is missing or does not verify.
    #[error("the wallet's integrity record is missing or altered")]
    StateAltered,
    /// A document received while locked failed the checks at the merge and
    /// was refused (deleted).
    #[error("document {document}, received while locked, was refused: {reason}")]
    Unverified {
        /// The pending row.
        document: DocumentId,
        /// Which check failed.
        reason: &'static str,
    },
}

impl Tampering {
    /// The document row this is about, when it is about one row (and not
    /// the wallet's state as a whole).
    pub fn document(&self) -> Option<&DocumentId> {
        match self {
            Self::Forged { document }
            | Self::Moved { document, .. }
            | Self::RolledBack { document }
            | Self::Reinserted { document }
            | Self::Unverified { document, .. } => Some(document),
            Self::Missing { .. } | Self::StateAltered => None,
        }
    }
}
