//! The issuer's P-256 keys: the trust anchor, which signs only the trust
//! list, and the issuer keys, which sign credentials and their status lists.
//!
//! Both are made on first start and kept in the database. One issuer key is
//! active at a time; rotating retires it (it signs no new credential but
//! keeps signing its status list, and stays in the trust list until its
//! last credential has expired) and makes the next one.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rusqlite::{Connection, OptionalExtension as _, Row, params};
use sha2::{Digest as _, Sha256};
use vidi_core::keys::{IssuerKey, PublicKey};
use vidi_core::oid4vci;
use zeroize::Zeroizing;

use crate::db;
use crate::error::{Error, Result};

/// `meta` key: when the set of keys last changed (Unix ms), the trust
/// list's `iat`.
pub const TRUST_LIST_CHANGED: &str = "trust_list_changed_at";

/// An issuer key as stored, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// The key id credentials carry.
    pub kid: u16,
    /// The public key.
    pub public_key: PublicKey,
    /// Made at (Unix ms).
    pub created_at: i64,
    /// Retired at (Unix ms); `None` for the active key.
    pub retired_at: Option<i64>,
    /// Entries in its status list.
    pub status_list_len: u32,
    /// Its status list token's `iat` (Unix ms).
    pub status_list_iat: i64,
}

const KEY_COLUMNS: &str = "kid, secret, created_at, retired_at, status_list_len, status_list_iat";

/// A row of `issuer_keys`.
struct KeyRow {
    secret: Zeroizing<Vec<u8>>,
    kid: u16,
    created_at: i64,
    retired_at: Option<i64>,
    status_list_len: u32,
    status_list_iat: i64,
}

fn key_row(row: &Row<'_>) -> rusqlite::Result<KeyRow> {
    Ok(KeyRow {
        kid: row.get(0)?,
        secret: Zeroizing::new(row.get(1)?),
        created_at: row.get(2)?,
        retired_at: row.get(3)?,
        status_list_len: row.get(4)?,
        status_list_iat: row.get(5)?,
    })
}

fn to_key(row: KeyRow) -> Result<(IssuerKey, KeyInfo)> {
    let key = IssuerKey::from_secret_bytes(row.kid, &row.secret)?;
    let info = KeyInfo {
        kid: row.kid,
        public_key: key.public_key(),
        created_at: row.created_at,
        retired_at: row.retired_at,
        status_list_len: row.status_list_len,
        status_list_iat: row.status_list_iat,
    };
    Ok((key, info))
}

/// Makes the trust anchor and the first issuer key if the database has none.
pub fn ensure(conn: &mut Connection, status_list_len: u32, now: i64) -> Result<()> {
    let tx = conn.transaction()?;
    let has_anchor: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM trust_anchor)", [], |r| {
        r.get(0)
    })?;
    if !has_anchor {
        let anchor = IssuerKey::generate(0)?;
        tx.execute(
            "INSERT INTO trust_anchor (id, secret, created_at) VALUES (1, ?1, ?2)",
            params![anchor.secret_bytes().as_slice(), now],
        )?;
    }
    let has_key: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM issuer_keys)", [], |r| {
        r.get(0)
    })?;
    if !has_key {
        insert_key(&tx, 1, status_list_len, now)?;
        db::set_meta(&tx, TRUST_LIST_CHANGED, &now.to_string())?;
    }
    tx.commit()?;
    Ok(())
}

fn insert_key(conn: &Connection, kid: u16, status_list_len: u32, now: i64) -> Result<()> {
    let key = IssuerKey::generate(kid)?;
    conn.execute(
        "INSERT INTO issuer_keys (kid, secret, created_at, retired_at, status_list_len, status_list_iat)
         VALUES (?1, ?2, ?3, NULL, ?4, ?3)",
        params![kid, key.secret_bytes().as_slice(), now, status_list_len],
    )?;
    Ok(())
}

/// The trust anchor.
pub fn anchor(conn: &Connection) -> Result<IssuerKey> {
    let secret: Zeroizing<Vec<u8>> = Zeroizing::new(conn.query_row(
        "SELECT secret FROM trust_anchor WHERE id = 1",
        [],
        |r| r.get(0),
    )?);
    Ok(IssuerKey::from_secret_bytes(0, &secret)?)
}

/// The active issuer key.
pub fn active(conn: &Connection) -> Result<(IssuerKey, KeyInfo)> {
    let row = conn.query_row(
        &format!("SELECT {KEY_COLUMNS} FROM issuer_keys WHERE retired_at IS NULL"),
        [],
        key_row,
    )?;
    to_key(row)
}

/// Issuer key `kid`, active or retired.
pub fn by_kid(conn: &Connection, kid: u16) -> Result<Option<(IssuerKey, KeyInfo)>> {
    conn.query_row(
        &format!("SELECT {KEY_COLUMNS} FROM issuer_keys WHERE kid = ?1"),
        [kid],
        key_row,
    )
    .optional()?
    .map(to_key)
    .transpose()
}

/// Every issuer key, oldest first.
pub fn all(conn: &Connection) -> Result<Vec<KeyInfo>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {KEY_COLUMNS} FROM issuer_keys ORDER BY kid"
    ))?;
    let rows = stmt.query_map([], key_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(to_key(row?)?.1);
    }
    Ok(out)
}

/// Retires the active key and makes a new one; returns (retired, new).
pub fn rotate(conn: &mut Connection, status_list_len: u32, now: i64) -> Result<(u16, u16)> {
    let tx = conn.transaction()?;
    let out = rotate_in(&tx, status_list_len, now)?;
    tx.commit()?;
    Ok(out)
}

/// [`rotate`] inside the caller's transaction (issuance rolls a full
/// status list over to a new key this way).
pub fn rotate_in(tx: &Connection, status_list_len: u32, now: i64) -> Result<(u16, u16)> {
    let (old, max): (u16, u16) = tx.query_row(
        "SELECT (SELECT kid FROM issuer_keys WHERE retired_at IS NULL),
                (SELECT MAX(kid) FROM issuer_keys)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let new = max
        .checked_add(1)
        .ok_or_else(|| Error::conflict("no key ids left"))?;
    tx.execute(
        "UPDATE issuer_keys SET retired_at = ?1 WHERE kid = ?2",
        params![now, old],
    )?;
    insert_key(tx, new, status_list_len, now)?;
    db::set_meta(tx, TRUST_LIST_CHANGED, &now.to_string())?;
    Ok((old, new))
}

/// The RFC 7638 JWK thumbprint of a P-256 key: base64url of SHA-256 of
/// `{"crv":"P-256","kty":"EC","x":...,"y":...}`.
pub fn jwk_thumbprint(key: &PublicKey) -> Result<String> {
    let jwk = oid4vci::jwk(key)?;
    let field = |name: &str| jwk.get(name).and_then(|v| v.as_str()).unwrap_or_default();
    let canonical = format!(
        r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
        field("x"),
        field("y")
    );
    Ok(URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes())))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn database() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn).unwrap();
        conn
    }

    #[test]
    fn keys_are_made_once_and_rotate() {
        let mut conn = database();
        ensure(&mut conn, 64, 1000).unwrap();
        let anchor = anchor(&conn).unwrap().public_key();
        let (_, first) = active(&conn).unwrap();
        ensure(&mut conn, 64, 2000).unwrap();
        assert_eq!(anchor, super::anchor(&conn).unwrap().public_key());
        assert_eq!(active(&conn).unwrap().1, first);
        assert_eq!(first.kid, 1);

        assert_eq!(rotate(&mut conn, 64, 3000).unwrap(), (1, 2));
        let (key, second) = active(&conn).unwrap();
        assert_eq!((key.kid(), second.kid), (2, 2));
        let all = all(&conn).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].retired_at, Some(3000));
        assert_eq!(all[0].public_key, first.public_key);
        assert!(by_kid(&conn, 9).unwrap().is_none());
        assert_eq!(
            crate::db::meta(&conn, TRUST_LIST_CHANGED)
                .unwrap()
                .as_deref(),
            Some("3000")
        );
    }

    #[test]
    fn thumbprint_matches_rfc_7638_shape() {
        let key = IssuerKey::from_seed(1, b"t").unwrap().public_key();
        let t = jwk_thumbprint(&key).unwrap();
        assert_eq!(t.len(), 43);
        assert_eq!(t, jwk_thumbprint(&key).unwrap());
    }
}
