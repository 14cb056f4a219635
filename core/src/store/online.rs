//! What the wallet keeps for online services: the trust list (to check a
//! service's attestation offline) and the requests already answered (so a
//! replayed request is refused). Both are encrypted settings.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::db::{from_unix, unix};
use super::error::{Result, StoreError};
use super::{Wallet, settings};
use crate::trust::TrustList;

/// The setting holding the last verified trust list and when it was fetched.
const TRUST_LIST: &str = "trust_list";
/// The setting holding the answered requests: digests and until when.
const ANSWERED: &str = "answered_requests";

/// A request's identity: the service and its nonce, hashed (the log of
/// answered requests keeps no nonce).
fn request_id(client_id: &str, nonce: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(client_id.as_bytes());
    hash.update([0]);
    hash.update(nonce.as_bytes());
    hex::encode(hash.finalize())
}

impl Wallet {
    /// Keeps `list` (verified against its anchor) as the trust list to
    /// check online services with, fetched at `at`. Works while locked.
    pub fn keep_trust_list(&mut self, list: &TrustList, at: OffsetDateTime) -> Result<()> {
        let value = json!({
            "list": serde_json::to_value(list).map_err(|_| StoreError::CorruptRecord("trust list"))?,
            "fetched_at": unix(at),
        });
        settings::write(
            &self.conn,
            &self.meta.recipient,
            TRUST_LIST,
            &value,
            at,
            false,
        )?;
        Ok(())
    }

    /// The trust list kept, and when it was fetched. Needs the wallet
    /// unlocked.
    pub fn kept_trust_list(&self) -> Result<Option<(TrustList, OffsetDateTime)>> {
        let all = settings::read_all(&self.conn, self.vault()?)?;
        let Some(value) = all.get(TRUST_LIST) else {
            return Ok(None);
        };
        let list: TrustList = value
            .get("list")
            .and_then(|l| serde_json::from_value(l.clone()).ok())
            .ok_or(StoreError::CorruptRecord("trust list"))?;
        let at = value
            .get("fetched_at")
            .and_then(Value::as_i64)
            .ok_or(StoreError::CorruptRecord("trust list"))?;
        Ok(Some((list, from_unix(at)?)))
    }

    /// Whether the request of `client_id` with `nonce` was answered.
    /// Needs the wallet unlocked.
    pub fn request_answered(&self, client_id: &str, nonce: &str) -> Result<bool> {
        let id = request_id(client_id, nonce);
        Ok(self.answered()?.iter().any(|(i, _)| *i == id))
    }

    fn answered(&self) -> Result<Vec<(String, i64)>> {
        let all = settings::read_all(&self.conn, self.vault()?)?;
        Ok(all
            .get(ANSWERED)
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|e| {
                        Some((e.get("id")?.as_str()?.to_owned(), e.get("until")?.as_i64()?))
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Remembers that the request of `client_id` with `nonce` was answered
    /// (or refused), until it expires at `until`; forgets the expired ones.
    pub fn mark_request_answered(
        &mut self,
        client_id: &str,
        nonce: &str,
        until: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut list = self.answered()?;
        list.retain(|(_, u)| *u > unix(now));
        list.push((request_id(client_id, nonce), unix(until)));
        let value = Value::Array(
            list.into_iter()
                .map(|(id, until)| json!({ "id": id, "until": until }))
                .collect(),
        );
        settings::write(
            &self.conn,
            &self.meta.recipient,
            ANSWERED,
            &value,
            now,
            false,
        )?;
        Ok(())
    }
}
