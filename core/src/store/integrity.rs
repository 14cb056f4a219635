//! Record authentication: what stops whoever can write the wallet file
//! from planting, swapping or rolling back documents.
//!
//! Records are encrypted to the wallet's public recipient (a locked wallet
//! can receive), so encryption alone says nothing about who wrote them.
//! Every document row the unlocked wallet writes carries an HMAC-SHA256
//! (key derived from the wallet's age identity, which only an unlocked
//! wallet holds) over its id, its `doc_type` column, its generation, its
//! flags and times, its record, its status and all its credential rows.
//! The wallet's **state** (the store generation and, for every document
//! held, the generation it was last written at) is kept in `wallet_meta`
//! under the same key. A row is accepted only when its MAC verifies for
//! its own id and type and its generation is the one the state names; the
//! state must name exactly the rows there are.
//!
//! Rows received while locked (pending) carry no MAC: the merge at unlock
//! checks them against the issuer's signature and the wallet's own device
//! keys (`holdings`) and seals those it accepts.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension as _, params};
use serde::{Deserialize, Serialize};

use super::document_rows::{self, StoredCredential, StoredDocument};
use super::documents::DocumentId;
use super::error::{Result, StoreError};
use super::mac::{Input, MacKey};
use super::tampering::Tampering;

/// The MAC input of a document row and its credentials, as if it were row
/// `id` of type `doc_type` (the columns the row claims, or another row's
/// when looking for where a record came from).
fn row_input(
    id: &str,
    doc_type: &str,
    row: &StoredDocument,
    credentials: &[StoredCredential],
    sd_jwt: &[StoredCredential],
) -> Input {
    let mut input = Input::new("vidi wallet document row v1");
    input
        .field(id.as_bytes())
        .field(doc_type.as_bytes())
        .number(row.generation)
        .number(row.added_at)
        .number(row.updated_at)
        .field(&[u8::from(row.needs_rebinding)])
        .field(row.record.as_bytes())
        .optional(row.status.as_ref().map(|s| s.as_bytes()));
    let mut sorted: Vec<&StoredCredential> = credentials.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    input.number(sorted.len() as i64);
    for c in sorted {
        input
            .field(c.id.as_bytes())
            .optional(c.device_key.as_deref().map(str::as_bytes))
            .field(c.record.as_bytes());
    }
    // The SD-JWT VCs (schema 6) follow as their own section, only when
    // there are any: a row without them keeps the MAC it had, and a row
    // moved from one section to the other (its format column changed) no
    // longer verifies.
    if !sd_jwt.is_empty() {
        let mut sorted: Vec<&StoredCredential> = sd_jwt.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        input.field(b"dc+sd-jwt").number(sorted.len() as i64);
        for c in sorted {
            input
                .field(c.id.as_bytes())
                .optional(c.device_key.as_deref().map(str::as_bytes))
                .field(c.record.as_bytes());
        }
    }
    input
}

/// The wallet's authenticated state: a counter bumped by every
/// authenticated write, and each held document's generation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct State {
    pub(crate) generation: i64,
    pub(crate) documents: BTreeMap<String, i64>,
}

fn state_input(json: &[u8]) -> Input {
    let mut input = Input::new("vidi wallet state v1");
    input.field(json);
    input
}

impl State {
    /// Reads and verifies the state; missing or altered is
    /// [`Tampering::StateAltered`].
    pub(crate) fn load(conn: &Connection, key: &MacKey) -> Result<Self> {
        let stored: Option<Vec<u8>> = conn
            .query_row("SELECT state FROM wallet_meta WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        let stored = stored.ok_or(Tampering::StateAltered)?;
        let (json, tag) = stored
            .split_at_checked(stored.len().saturating_sub(32))
            .ok_or(Tampering::StateAltered)?;
        if tag.len() != 32 || !key.verify(&state_input(json), tag) {
            return Err(Tampering::StateAltered.into());
        }
        Ok(serde_json::from_slice(json).map_err(|_| Tampering::StateAltered)?)
    }

    /// Writes the state with its MAC.
    pub(crate) fn store(&self, conn: &Connection, key: &MacKey) -> Result<()> {
        let mut blob = serde_json::to_vec(self).map_err(|_| StoreError::Encryption)?;
        let tag = key.tag(&state_input(&blob));
        blob.extend_from_slice(&tag);
        conn.execute("UPDATE wallet_meta SET state = ?1 WHERE id = 1", [blob])?;
        Ok(())
    }

    /// Seals row `id` as it now is (record, status, flags, credentials) at
    /// the next generation and records it.
    pub(crate) fn seal(&mut self, conn: &Connection, key: &MacKey, id: &str) -> Result<()> {
        self.generation += 1;
        conn.execute(
            "UPDATE documents SET generation = ?2 WHERE id = ?1",
            params![id, self.generation],
        )?;
        let row = document_rows::document(conn, id)?;
        let credentials = document_rows::credentials_of(conn, id)?;
        let sd_jwt = document_rows::sd_jwt_of(conn, id)?;
        let tag = key.tag(&row_input(id, &row.doc_type, &row, &credentials, &sd_jwt));
        conn.execute(
            "UPDATE documents SET auth = ?2 WHERE id = ?1",
            params![id, tag.as_slice()],
        )?;
        self.documents.insert(id.to_owned(), self.generation);
        Ok(())
    }

    /// Forgets a deleted document.
    pub(crate) fn forget(&mut self, id: &str) {
        self.generation += 1;
        self.documents.remove(id);
    }

    /// Checks one row (pending rows are not authenticated and pass; the
    /// merge checks them).
    pub(crate) fn check(
        &self,
        conn: &Connection,
        key: &MacKey,
        row: &StoredDocument,
    ) -> Result<()> {
        if row.pending {
            return Ok(());
        }
        let credentials = document_rows::credentials_of(conn, &row.id)?;
        let sd_jwt = document_rows::sd_jwt_of(conn, &row.id)?;
        let document = || DocumentId::from_stored(row.id.clone());
        let genuine = row.auth.as_deref().is_some_and(|tag| {
            key.verify(
                &row_input(&row.id, &row.doc_type, row, &credentials, &sd_jwt),
                tag,
            )
        });
        if !genuine {
            // Written by this wallet for another row?
            if let Some(tag) = row.auth.as_deref() {
                for other in document_rows::documents_where(conn, "id != ?1", Some(&row.id))? {
                    for doc_type in ["nid", "dl", "hi"] {
                        let input = row_input(&other.id, doc_type, row, &credentials, &sd_jwt);
                        if key.verify(&input, tag) {
                            return Err(Tampering::Moved {
                                document: document(),
                                belongs_to: DocumentId::from_stored(other.id),
                            }
                            .into());
                        }
                    }
                }
            }
            return Err(Tampering::Forged {
                document: document(),
            }
            .into());
        }
        match self.documents.get(&row.id) {
            Some(&generation) if generation == row.generation => Ok(()),
            Some(_) => Err(Tampering::RolledBack {
                document: document(),
            }
            .into()),
            None => Err(Tampering::Reinserted {
                document: document(),
            }
            .into()),
        }
    }

    /// The documents the state names that have no row (or only a pending one).
    pub(crate) fn check_none_missing(&self, conn: &Connection) -> Result<()> {
        let present: std::collections::BTreeSet<String> =
            document_rows::documents_where(conn, "pending = 0", None)?
                .into_iter()
                .map(|r| r.id)
                .collect();
        let missing: Vec<&String> = self
            .documents
            .keys()
            .filter(|id| !present.contains(*id))
            .collect();
        match missing.first() {
            None => Ok(()),
            Some(first) => Err(Tampering::Missing {
                count: missing.len(),
                first: DocumentId::from_stored((*first).clone()),
            }
            .into()),
        }
    }
}

/// Seals every held (non-pending) row as it is, in a wallet written before
/// records were authenticated: its first unlock under this version.
pub(crate) fn adopt_all(conn: &Connection, key: &MacKey) -> Result<State> {
    let mut state = State::default();
    for row in document_rows::documents_where(conn, "pending = 0", None)? {
        state.seal(conn, key, &row.id)?;
    }
    state.store(conn, key)?;
    Ok(state)
}

impl From<Tampering> for StoreError {
    fn from(t: Tampering) -> Self {
        Self::Tampered(t)
    }
}
