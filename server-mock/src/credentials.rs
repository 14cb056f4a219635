//! The credentials the issuer has issued: where each sits in its key's
//! status list, and its status there (valid, revoked, suspended).

use rusqlite::{Connection, OptionalExtension as _, params};
use serde::Serialize;
use vidi_core::document::DocumentType;
use vidi_core::trust::Status;

use crate::citizens;
use crate::error::{Error, Result};
use crate::secrets;

/// A credential as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedCredential {
    /// Its id in the admin API.
    pub id: i64,
    /// The citizen's number.
    pub citizen: u32,
    /// `national_id`, `driving_licence` or `health_insurance`.
    pub document_type: &'static str,
    /// The credential configuration it was issued under.
    pub configuration_id: String,
    /// The issuer key that signed it.
    pub kid: u16,
    /// Its index in that key's status list.
    pub status_index: u32,
    /// The device key it is bound to (compressed SEC1, hex).
    pub device_key: String,
    /// `valid`, `revoked`, `suspended` or `expired`.
    pub state: &'static str,
    /// Issued at (Unix ms).
    pub issued_at: i64,
    /// Expires at (Unix ms).
    pub expires_at: i64,
}

/// A credential to record.
pub struct NewCredential<'a> {
    /// The citizen.
    pub citizen: u32,
    /// The document it comes from.
    pub document_type: DocumentType,
    /// Its configuration.
    pub configuration_id: &'a str,
    /// The offer whose token asked for it.
    pub offer_id: &'a str,
    /// The signing key.
    pub kid: u16,
    /// Its status list index.
    pub status_index: u32,
    /// The device key, hex.
    pub device_key: String,
    /// Its initial status.
    pub status: Status,
    /// Issued at (Unix ms).
    pub issued_at: i64,
    /// Expires at (Unix ms).
    pub expires_at: i64,
}

fn status_code(status: Status) -> u8 {
    match status {
        Status::Valid => 0,
        Status::Revoked => 1,
        Status::Suspended => 2,
        Status::Other(v) => v,
    }
}

/// Records a credential; returns its id.
pub fn insert(conn: &Connection, new: &NewCredential<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO credentials (citizen, document_type, configuration_id, offer_id, kid,
                                  status_index, device_key, status, issued_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            new.citizen,
            citizens::type_name(new.document_type),
            new.configuration_id,
            new.offer_id,
            new.kid,
            new.status_index,
            new.device_key,
            status_code(new.status),
            new.issued_at,
            new.expires_at,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Whether a credential is already bound to `device_key` (hex).
pub fn device_key_bound(conn: &Connection, device_key: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM credentials WHERE device_key = ?1)",
        [device_key],
        |r| r.get(0),
    )?)
}

/// How many credentials of `configuration_id` were issued under offer
/// `offer_id` (with its access token).
pub fn issued_for(conn: &Connection, offer_id: &str, configuration_id: &str) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM credentials WHERE offer_id = ?1 AND configuration_id = ?2",
        params![offer_id, configuration_id],
        |r| r.get(0),
    )?)
}

/// Whether key `kid`'s list of `len` entries has no free index.
pub fn list_full(conn: &Connection, kid: u16, len: u32) -> Result<bool> {
    let used: u32 = conn.query_row(
        "SELECT COUNT(*) FROM credentials WHERE kid = ?1",
        [kid],
        |r| r.get(0),
    )?;
    Ok(used >= len)
}

/// A random index of key `kid`'s list of `len` entries that no credential
/// holds, so that a credential's index tells nothing about when or to whom
/// it was issued. 503 when the list is full: issuance rolls over to a new
/// key before that ([`list_full`]).
pub fn free_index(conn: &Connection, kid: u16, len: u32) -> Result<u32> {
    let taken = |index: u32| -> rusqlite::Result<bool> {
        conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM credentials WHERE kid = ?1 AND status_index = ?2)",
            params![kid, index],
            |r| r.get(0),
        )
    };
    for _ in 0..64 {
        let index = secrets::random_below(len)?;
        if !taken(index)? {
            return Ok(index);
        }
    }
    // Nearly full: the first free index after a random start.
    let used: u32 = conn.query_row(
        "SELECT COUNT(*) FROM credentials WHERE kid = ?1",
        [kid],
        |r| r.get(0),
    )?;
    if used >= len {
        return Err(Error::unavailable(
            "the active key's status list is full: rotate the key (POST /admin/keys/rotate)",
        ));
    }
    let start = secrets::random_below(len)?;
    for step in 0..len {
        let index = (start + step) % len;
        if !taken(index)? {
            return Ok(index);
        }
    }
    Err(Error::unavailable("the active key's status list is full"))
}

/// The statuses other than valid in key `kid`'s list: (index, status).
pub fn changed_statuses(conn: &Connection, kid: u16) -> Result<Vec<(u32, Status)>> {
    let mut stmt = conn
        .prepare("SELECT status_index, status FROM credentials WHERE kid = ?1 AND status != 0")?;
    let rows = stmt.query_map([kid], |r| {
        let status: u8 = r.get(1)?;
        Ok((
            r.get::<_, u32>(0)?,
            match status {
                1 => Status::Revoked,
                2 => Status::Suspended,
                other => Status::Other(other),
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const COLUMNS: &str = "id, citizen, document_type, configuration_id, kid, status_index, \
                       device_key, status, issued_at, expires_at";

fn summary(row: &rusqlite::Row<'_>, now: i64) -> rusqlite::Result<IssuedCredential> {
    let document_type: String = row.get(2)?;
    let status: u8 = row.get(7)?;
    let expires_at: i64 = row.get(9)?;
    Ok(IssuedCredential {
        id: row.get(0)?,
        citizen: row.get(1)?,
        document_type: citizens::type_of(&document_type)
            .map(citizens::type_name)
            .unwrap_or("unknown"),
        configuration_id: row.get(3)?,
        kid: row.get(4)?,
        status_index: row.get(5)?,
        device_key: row.get(6)?,
        state: match status {
            1 => "revoked",
            2 => "suspended",
            _ if expires_at <= now => "expired",
            _ => "valid",
        },
        issued_at: row.get(8)?,
        expires_at,
    })
}

/// Credential `id`.
pub fn get(conn: &Connection, id: i64, now: i64) -> Result<Option<IssuedCredential>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM credentials WHERE id = ?1"),
            [id],
            |r| summary(r, now),
        )
        .optional()?)
}

/// Every credential of `citizen`, oldest first.
pub fn of_citizen(conn: &Connection, citizen: u32, now: i64) -> Result<Vec<IssuedCredential>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM credentials WHERE citizen = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([citizen], |r| summary(r, now))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A change of status the admin API asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// To 1 (INVALID), for good.
    Revoke,
    /// To 2 (SUSPENDED).
    Suspend,
    /// Back to 0 (VALID) from suspended.
    Reinstate,
}

/// Applies `change` to credential `id` and re-stamps its list when the list
/// changed. Revoked is final.
pub fn change_status(
    conn: &mut Connection,
    id: i64,
    change: Change,
    now: i64,
) -> Result<IssuedCredential> {
    let tx = conn.transaction()?;
    let (kid, status): (u16, u8) = tx
        .query_row(
            "SELECT kid, status FROM credentials WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("no credential with this id"))?;
    let target = match (change, status) {
        (Change::Revoke, _) => 1,
        (Change::Suspend | Change::Reinstate, 1) => {
            return Err(Error::conflict("the credential is revoked, which is final"));
        }
        (Change::Suspend, _) => 2,
        (Change::Reinstate, _) => 0,
    };
    if target != status {
        tx.execute(
            "UPDATE credentials SET status = ?1 WHERE id = ?2",
            params![target, id],
        )?;
        restamp(&tx, kid, now)?;
    }
    let out = get(&tx, id, now)?.ok_or_else(|| Error::not_found("no credential with this id"))?;
    tx.commit()?;
    Ok(out)
}

/// Revokes `citizen`'s credentials of `document_type` issued under offers
/// other than `keep_offer` (re-binding to a new device); returns how many.
pub fn revoke_older(
    conn: &Connection,
    citizen: u32,
    document_type: DocumentType,
    keep_offer: &str,
    now: i64,
) -> Result<usize> {
    let mut stmt = conn.prepare(
        "UPDATE credentials SET status = 1
         WHERE citizen = ?1 AND document_type = ?2 AND offer_id != ?3 AND status != 1
         RETURNING kid",
    )?;
    let kids: Vec<u16> = stmt
        .query_map(
            params![citizen, citizens::type_name(document_type), keep_offer],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut touched = kids.clone();
    touched.sort_unstable();
    touched.dedup();
    for kid in touched {
        restamp(conn, kid, now)?;
    }
    Ok(kids.len())
}

/// Marks key `kid`'s status list as changed at `now` (its token's new `iat`).
pub fn restamp(conn: &Connection, kid: u16, now: i64) -> Result<()> {
    conn.execute(
        "UPDATE issuer_keys SET status_list_iat = ?1 WHERE kid = ?2",
        params![now, kid],
    )?;
    Ok(())
}
