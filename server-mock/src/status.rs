//! Status list tokens (draft-ietf-oauth-status-list): one 2-bit list per
//! issuer key, as a JWS signed by that key.
//!
//! ```text
//! header  {"typ": "statuslist+jwt", "alg": "ES256", "kid": "<kid>"}
//! payload {"sub": "<base>/status-lists/<kid>", "iat", "exp", "ttl",
//!          "status_list": {"bits": 2, "lst": "<base64url zlib>"}}
//! ```
//!
//! `iat` changes when a status changes, and when the token is served and
//! older than [`crate::config::Ttls::status_list_refresh`]; in between the
//! token is the same bytes (ES256 here is deterministic), so its ETag holds.
//! The server signs it once per change or refresh and serves the stored
//! bytes (`crate::list_cache`).

use rusqlite::Connection;
use serde_json::json;
use vidi_core::oid4vci::{STATUS_LIST_JWT_TYP, sign_with_issuer};
use vidi_core::trust::StatusList;

use crate::config::Ttls;
use crate::credentials;
use crate::db::{self, millis};
use crate::error::{Error, Result};
use crate::keys;

/// Bits per entry.
pub const BITS: u8 = 2;

/// Where key `kid`'s list is, for issuer identifier `base`.
pub fn list_url(base: &str, kid: u16) -> String {
    format!("{base}/status-lists/{kid}")
}

/// Key `kid`'s status list as it stands, dated by its stored `iat`.
pub fn current_list(conn: &Connection, kid: u16) -> Result<Option<StatusList>> {
    let Some((_, info)) = keys::by_kid(conn, kid)? else {
        return Ok(None);
    };
    let len = usize::try_from(info.status_list_len).map_err(Error::internal)?;
    let mut list = StatusList::new(
        kid,
        BITS,
        len,
        db::time_of(info.status_list_iat / 1000 * 1000),
    )
    .map_err(Error::internal)?;
    for (index, status) in credentials::changed_statuses(conn, kid)? {
        list.set(index, status);
    }
    Ok(Some(list))
}

/// A signed status list token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The compact JWS.
    pub jws: String,
    /// The list's stamp (Unix ms) its `iat` is the whole seconds of: the
    /// token is current until a status changes or `stamped_at +
    /// status_list_refresh` passes.
    pub stamped_at: i64,
}

/// Whether a list stamped at `stamped_at` is due for a new `iat` at `now`.
pub fn due(stamped_at: i64, now: i64, ttl: &Ttls) -> bool {
    now.saturating_sub(stamped_at) > millis(ttl.status_list_refresh)
}

/// The status list token of key `kid` for issuer identifier `base`, or
/// `None` for an unknown key.
pub fn token(
    conn: &Connection,
    kid: u16,
    base: &str,
    now: i64,
    ttl: &Ttls,
) -> Result<Option<Token>> {
    let Some((key, info)) = keys::by_kid(conn, kid)? else {
        return Ok(None);
    };
    let stamped_at = if due(info.status_list_iat, now, ttl) {
        credentials::restamp(conn, kid, now)?;
        now
    } else {
        info.status_list_iat
    };
    let Some(list) = current_list(conn, kid)? else {
        return Ok(None);
    };
    let iat = list.issued_at().unix_timestamp();
    let lifetime = i64::try_from(ttl.status_list_lifetime.as_secs()).unwrap_or(i64::MAX);
    let payload = json!({
        "sub": list_url(base, kid),
        "iat": iat,
        "exp": iat.saturating_add(lifetime),
        "ttl": ttl.list_max_age.as_secs(),
        "status_list": { "bits": BITS, "lst": list.lst() },
    });
    let header = json!({ "typ": STATUS_LIST_JWT_TYP, "kid": kid.to_string() });
    Ok(Some(Token {
        jws: sign_with_issuer(header, &payload, &key)?,
        stamped_at,
    }))
}
