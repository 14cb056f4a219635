//! The signed lists as served: each list is signed (and its status list
//! compressed) once per change, and its bytes and ETag kept until the next
//! change, so that a `GET` copies stored bytes and a `304` compares two
//! strings.
//!
//! An entry holds while [`Database::list_generation`] is the one it was
//! signed at (any write to the keys, credentials, `meta` or the anchor moves
//! it on) and, for a status list, until its stamp is due for a new `iat`
//! ([`status::due`]): the token's `exp` is its `iat` plus
//! `status_list_lifetime`, so a served token is never older than
//! `status_list_refresh`, as when every request signed anew.
//!
//! The issuer identifier is part of every list (the URLs in them), and it
//! comes from the request's `Host` when no public URL is configured, so
//! entries are per (list, base URL); at most [`MAX_ENTRIES`] of them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use axum::http::HeaderValue;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};

use crate::config::Ttls;
use crate::db::Database;
use crate::error::{Error, Result};
use crate::{status, trust};

/// Base URLs kept before the cache starts again from empty (a client
/// sending many `Host` values must not grow it without end).
pub const MAX_BASES: usize = 16;

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    /// `/trust-list`.
    Trust,
    /// `/status-lists/{kid}`.
    Status(u16),
}

/// A signed list: its bytes, its strong ETag, what it was signed at.
#[derive(Debug)]
pub struct Signed {
    /// The compact JWS.
    pub body: Bytes,
    /// `"<base64url of the first 18 bytes of SHA-256(body)>"`.
    pub etag: HeaderValue,
    generation: u64,
    /// A status list's stamp (Unix ms); `None` for the trust list.
    stamped_at: Option<i64>,
}

impl Signed {
    fn new(body: String, generation: u64, stamped_at: Option<i64>) -> Result<Self> {
        let etag = HeaderValue::from_str(&etag(&body)).map_err(Error::internal)?;
        Ok(Self {
            body: Bytes::from(body),
            etag,
            generation,
            stamped_at,
        })
    }

    fn current(&self, generation: u64, now: i64, ttl: &Ttls) -> bool {
        self.generation == generation
            && self
                .stamped_at
                .is_none_or(|stamped| !status::due(stamped, now, ttl))
    }
}

/// A strong ETag: a digest of the exact bytes.
pub fn etag(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    format!("\"{}\"", URL_SAFE_NO_PAD.encode(&digest[..18]))
}

/// What the lists' signing needs besides the database.
#[derive(Debug, Clone)]
pub struct Signing {
    /// The issuer name in the trust list.
    pub issuer_name: String,
    /// How long a retired key stays in the trust list.
    pub credential_validity: time::Duration,
    /// The status list refresh and lifetime, the `ttl` claim.
    pub ttl: Ttls,
    /// `max-age=<list_max_age>`.
    pub cache_control: HeaderValue,
}

impl Signing {
    /// What `config` says.
    pub fn new(config: &crate::config::Config) -> Self {
        let max_age = format!("max-age={}", config.ttl.list_max_age.as_secs());
        Self {
            issuer_name: config.issuer_name.clone(),
            credential_validity: config.credential_validity,
            ttl: config.ttl,
            cache_control: HeaderValue::from_str(&max_age)
                .unwrap_or(HeaderValue::from_static("max-age=0")),
        }
    }
}

/// The signed lists, per (list, base URL).
#[derive(Debug, Default)]
pub struct ListCache {
    entries: RwLock<HashMap<String, HashMap<List, Arc<Signed>>>>,
    signed: AtomicU64,
}

impl ListCache {
    /// How many lists were signed since start: the cache's hit rate is
    /// checked against it.
    pub fn signed(&self) -> u64 {
        self.signed.load(Ordering::Relaxed)
    }

    fn lookup(
        &self,
        list: List,
        base: &str,
        generation: u64,
        now: i64,
        ttl: &Ttls,
    ) -> Option<Arc<Signed>> {
        let entries = self.entries.read().unwrap_or_else(|p| p.into_inner());
        entries
            .get(base)?
            .get(&list)
            .filter(|s| s.current(generation, now, ttl))
            .cloned()
    }

    fn store(&self, list: List, base: String, signed: Arc<Signed>) {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_BASES && !entries.contains_key(&base) {
            entries.clear();
        }
        entries.entry(base).or_default().insert(list, signed);
    }

    /// `list` for issuer identifier `base` as it stands at `now` (Unix ms):
    /// the stored one while current, else signed anew (once, however many
    /// requests ask at the same time) and stored. `None`: no such list.
    pub async fn get(
        self: &Arc<Self>,
        db: &Database,
        signing: &Arc<Signing>,
        list: List,
        base: String,
        now: i64,
    ) -> Result<Option<Arc<Signed>>> {
        if let Some(hit) = self.lookup(list, &base, db.list_generation(), now, &signing.ttl) {
            return Ok(Some(hit));
        }
        let (cache, signing, database) = (self.clone(), signing.clone(), db.clone());
        db.run(move |conn| {
            // With the connection's lock held nothing writes: the first of
            // the requests that missed signs, the others find its entry.
            let generation = database.list_generation();
            if let Some(hit) = cache.lookup(list, &base, generation, now, &signing.ttl) {
                return Ok(Some(hit));
            }
            let (jws, stamped_at) = match list {
                List::Trust => (
                    trust::token(
                        conn,
                        &base,
                        &signing.issuer_name,
                        signing.credential_validity,
                    )?,
                    None,
                ),
                List::Status(kid) => match status::token(conn, kid, &base, now, &signing.ttl)? {
                    Some(token) => (token.jws, Some(token.stamped_at)),
                    None => return Ok(None),
                },
            };
            cache.signed.fetch_add(1, Ordering::Relaxed);
            // Read after signing: a re-stamp while signing moved it on.
            let signed = Arc::new(Signed::new(jws, database.list_generation(), stamped_at)?);
            cache.store(list, base, signed.clone());
            Ok(Some(signed))
        })
        .await
    }
}
