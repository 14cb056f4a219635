//! Access tokens (what a redeemed offer allows) and nonces (single use,
//! short-lived, answered by key proofs).

use rusqlite::{Connection, OptionalExtension as _, params};

use crate::error::{Error, Result};
use crate::secrets;

fn token_hash(token: &str) -> Vec<u8> {
    secrets::hash(&[b"access_token", token.as_bytes()])
}

fn nonce_hash(nonce: &str) -> Vec<u8> {
    secrets::hash(&[b"c_nonce", nonce.as_bytes()])
}

/// Makes an access token for offer `offer_id`; forgets expired ones.
pub fn issue_access_token(
    conn: &Connection,
    offer_id: &str,
    now: i64,
    ttl_ms: i64,
) -> Result<String> {
    conn.execute("DELETE FROM access_tokens WHERE expires_at <= ?1", [now])?;
    let token = secrets::random_token(32)?;
    conn.execute(
        "INSERT INTO access_tokens (token_hash, offer_id, expires_at) VALUES (?1, ?2, ?3)",
        params![token_hash(&token), offer_id, now.saturating_add(ttl_ms)],
    )?;
    Ok(token)
}

/// What an access token allows: the configurations of its offer, for its
/// citizen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The offer it was issued for.
    pub offer_id: String,
    /// The citizen.
    pub citizen: u32,
    /// The configurations it may request.
    pub configuration_ids: Vec<String>,
    /// A re-binding offer.
    pub rebind: bool,
}

/// The grant of a bearer token, or 401 `invalid_token`.
pub fn authenticate(conn: &Connection, token: &str, now: i64) -> Result<Grant> {
    let row: Option<(String, u32, String, bool, i64)> = conn
        .query_row(
            "SELECT o.id, o.citizen, o.configuration_ids, o.rebind, t.expires_at
             FROM access_tokens t JOIN offers o ON o.id = t.offer_id
             WHERE t.token_hash = ?1",
            [token_hash(token)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let (offer_id, citizen, ids, rebind, expires_at) =
        row.ok_or_else(|| Error::invalid_token("unknown access token"))?;
    if expires_at <= now {
        return Err(Error::invalid_token("the access token has expired"));
    }
    Ok(Grant {
        offer_id,
        citizen,
        configuration_ids: serde_json::from_str(&ids)?,
        rebind,
    })
}

/// A new nonce; forgets expired ones.
pub fn new_nonce(conn: &Connection, now: i64, ttl_ms: i64) -> Result<String> {
    conn.execute("DELETE FROM nonces WHERE expires_at <= ?1", [now])?;
    let nonce = secrets::random_token(24)?;
    conn.execute(
        "INSERT INTO nonces (nonce_hash, expires_at) VALUES (?1, ?2)",
        params![nonce_hash(&nonce), now.saturating_add(ttl_ms)],
    )?;
    Ok(nonce)
}

/// Uses `nonce` up, or `invalid_nonce` if this server did not issue it, it
/// was used, or it expired.
pub fn consume_nonce(conn: &Connection, nonce: &str, now: i64) -> Result<()> {
    let expires_at: Option<i64> = conn
        .query_row(
            "DELETE FROM nonces WHERE nonce_hash = ?1 RETURNING expires_at",
            [nonce_hash(nonce)],
            |r| r.get(0),
        )
        .optional()?;
    match expires_at {
        Some(at) if at > now => Ok(()),
        _ => Err(Error::invalid_nonce()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_single_use_and_expire() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn).unwrap();
        let n = new_nonce(&conn, 1000, 100).unwrap();
        consume_nonce(&conn, &n, 1050).unwrap();
        assert_eq!(
            consume_nonce(&conn, &n, 1050).unwrap_err().code,
            "invalid_nonce"
        );
        let stale = new_nonce(&conn, 1000, 100).unwrap();
        assert_eq!(
            consume_nonce(&conn, &stale, 1100).unwrap_err().code,
            "invalid_nonce"
        );
        assert_eq!(
            consume_nonce(&conn, "made-up", 0).unwrap_err().code,
            "invalid_nonce"
        );
    }
}
