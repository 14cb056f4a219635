//! The issuer's SQLite database: schema, migrations, the connection behind
//! a lock, and the `meta` table.
//!
//! `PRAGMA user_version` holds the schema version; [`migrate`] brings any
//! older database up one version and one transaction at a time, and a new
//! database goes through the same steps.
//!
//! | version | adds |
//! |---|---|
//! | 1 | `meta`, `trust_anchor`, `issuer_keys`, `citizens`, `offers`, `access_tokens`, `nonces`, `credentials` |
//! | 2 | indexes on `credentials(device_key)` and `credentials(offer_id, configuration_id)`: a device key is bound once, a token's allowance is counted |
//!
//! Times are Unix milliseconds. Codes, PINs, access tokens and nonces are
//! kept only as SHA-256 hashes. The keys' secret scalars are stored in the
//! clear: this is a mock, and its data directory is its only protection.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use crate::error::{Error, Result, StartError};

/// The current schema version.
pub const VERSION: u32 = 2;

const V1: &str = "
CREATE TABLE meta (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
CREATE TABLE trust_anchor (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    secret      BLOB    NOT NULL,     -- P-256 secret scalar
    created_at  INTEGER NOT NULL
);
CREATE TABLE issuer_keys (
    kid             INTEGER PRIMARY KEY CHECK (kid BETWEEN 1 AND 65535),
    secret          BLOB    NOT NULL,  -- P-256 secret scalar
    created_at      INTEGER NOT NULL,
    retired_at      INTEGER,           -- NULL while it signs credentials
    status_list_len INTEGER NOT NULL,
    status_list_iat INTEGER NOT NULL   -- the status list token's iat, re-stamped on change
);
CREATE UNIQUE INDEX issuer_keys_one_active ON issuer_keys((retired_at IS NULL)) WHERE retired_at IS NULL;
CREATE TABLE citizens (
    number      INTEGER PRIMARY KEY,
    record      TEXT    NOT NULL       -- vidi_core TestCitizen as JSON
);
CREATE TABLE offers (
    id                TEXT    PRIMARY KEY,  -- random, in credential_offer_uri
    citizen           INTEGER NOT NULL REFERENCES citizens(number),
    configuration_ids TEXT    NOT NULL,     -- JSON array
    code_hash         BLOB    NOT NULL UNIQUE,
    pin_hash          BLOB    NOT NULL,
    failed_pins       INTEGER NOT NULL DEFAULT 0,
    state             TEXT    NOT NULL CHECK (state IN ('open', 'redeemed', 'burned')),
    rebind            INTEGER NOT NULL,     -- 1: redeeming revokes the older credentials
    issuer_url        TEXT    NOT NULL,
    offer_json        TEXT    NOT NULL,     -- the offer, code included, for credential_offer_uri
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL
);
CREATE TABLE access_tokens (
    token_hash  BLOB    PRIMARY KEY,
    offer_id    TEXT    NOT NULL REFERENCES offers(id),
    expires_at  INTEGER NOT NULL
);
CREATE INDEX access_tokens_expiry ON access_tokens(expires_at);
CREATE TABLE nonces (
    nonce_hash  BLOB    PRIMARY KEY,    -- deleted when used
    expires_at  INTEGER NOT NULL
);
CREATE INDEX nonces_expiry ON nonces(expires_at);
CREATE TABLE credentials (
    id               INTEGER PRIMARY KEY,
    citizen          INTEGER NOT NULL REFERENCES citizens(number),
    document_type    TEXT    NOT NULL,  -- 'national_id', 'driving_licence', 'health_insurance'
    configuration_id TEXT    NOT NULL,
    offer_id         TEXT    NOT NULL REFERENCES offers(id),
    kid              INTEGER NOT NULL REFERENCES issuer_keys(kid),
    status_index     INTEGER NOT NULL,
    device_key       TEXT    NOT NULL,  -- compressed SEC1, hex
    status           INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),
    issued_at        INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    UNIQUE (kid, status_index)
);
CREATE INDEX credentials_citizen ON credentials(citizen, document_type);
CREATE INDEX credentials_changed ON credentials(kid) WHERE status != 0;
";

const V2: &str = "
CREATE INDEX credentials_device_key ON credentials(device_key);
CREATE INDEX credentials_offer ON credentials(offer_id, configuration_id);
";

/// The tables the trust list and the status lists are made from: a write
/// to any of them bumps [`Database::list_generation`].
const LIST_TABLES: [&str; 4] = ["issuer_keys", "credentials", "meta", "trust_anchor"];

/// The database, one connection behind a lock.
#[derive(Clone)]
pub struct Database {
    conn: Arc<Mutex<Connection>>,
    list_generation: Arc<AtomicU64>,
}

impl Database {
    /// Opens (creating) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Self, StartError> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrate(&mut conn)?;
        let list_generation = Arc::new(AtomicU64::new(0));
        let bump = list_generation.clone();
        // SQLite calls this on every row inserted, updated or deleted
        // through this connection (a rolled-back write bumps it too, which
        // only costs a re-signing). It runs with the connection's lock held,
        // so a reader that takes the lock sees the bump and the committed
        // rows together.
        conn.update_hook(Some(move |_, _: &str, table: &str, _| {
            if LIST_TABLES.contains(&table) {
                bump.fetch_add(1, Ordering::Release);
            }
        }))?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            list_generation,
        })
    }

    /// A counter that changes whenever a table the lists are made from is
    /// written through this database (keys, credentials, `meta`, the
    /// anchor): equal values mean the lists' contents are unchanged, so a
    /// list signed at one generation can be served while it holds.
    pub fn list_generation(&self) -> u64 {
        self.list_generation.load(Ordering::Acquire)
    }

    /// Runs `f` with the connection, on the calling thread.
    pub fn with<T, E>(&self, f: impl FnOnce(&mut Connection) -> Result<T, E>) -> Result<T, E> {
        // A panic while holding the lock leaves SQLite consistent (the
        // transaction rolls back on drop), so a poisoned lock is still usable.
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn)
    }

    /// Runs `f` with the connection on tokio's blocking pool.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.with(f))
            .await
            .map_err(Error::internal)?
    }
}

/// Foreign keys on, WAL, a busy timeout.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let _mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// The database's schema version.
pub fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the database to [`VERSION`]; writes nothing when it is current.
pub fn migrate(conn: &mut Connection) -> Result<(), StartError> {
    let found = version(conn)?;
    if found > VERSION {
        return Err(StartError::SchemaTooNew {
            found,
            supported: VERSION,
        });
    }
    for from in found..VERSION {
        let tx = conn.transaction()?;
        upgrade_from(&tx, from)?;
        tx.pragma_update(None, "user_version", from + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn upgrade_from(tx: &Transaction<'_>, version: u32) -> rusqlite::Result<()> {
    match version {
        0 => tx.execute_batch(V1),
        1 => tx.execute_batch(V2),
        // `migrate` never asks for a version past VERSION.
        _ => Err(rusqlite::Error::InvalidQuery),
    }
}

/// A value of the `meta` table.
pub fn meta(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
        row.get(0)
    })
    .optional()
}

/// Sets a value of the `meta` table.
pub fn set_meta(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// `ms` Unix milliseconds as a time.
pub fn time_of(ms: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::UNIX_EPOCH + time::Duration::milliseconds(ms)
}

/// A duration in whole milliseconds, saturating.
pub fn millis(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_newer() {
        let mut conn = Connection::open_in_memory().unwrap();
        configure(&conn).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), VERSION);
        migrate(&mut conn).unwrap();
        set_meta(&conn, "a", "1").unwrap();
        set_meta(&conn, "a", "2").unwrap();
        assert_eq!(meta(&conn, "a").unwrap().as_deref(), Some("2"));
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut conn),
            Err(StartError::SchemaTooNew { .. })
        ));
    }

    #[test]
    fn one_active_key_and_foreign_keys() {
        let mut conn = Connection::open_in_memory().unwrap();
        configure(&conn).unwrap();
        migrate(&mut conn).unwrap();
        let add = |kid: i64| {
            conn.execute(
                "INSERT INTO issuer_keys VALUES (?1, x'00', 0, NULL, 8, 0)",
                [kid],
            )
        };
        add(1).unwrap();
        assert!(add(2).is_err(), "a second active key");
        let orphan = conn.execute("INSERT INTO access_tokens VALUES (x'00', 'nope', 0)", []);
        assert!(orphan.is_err());
    }
}
