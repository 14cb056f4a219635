//! The wallet database's schema and its migrations.
//!
//! `PRAGMA user_version` holds the schema version. [`init`] creates a new
//! database through the same steps an old one is upgraded by, so that every
//! migration runs on every fresh wallet. Each step runs in one transaction.
//!
//! | version | adds |
//! |---|---|
//! | 1 | `wallet_meta`, `documents`, `device_keys`, `credentials` |
//! | 2 | `activity_log` |
//! | 3 | `settings`; `documents.pending`, `documents.needs_rebinding` |
//! | 4 | `app_lock` |
//! | 5 | `wallet_meta.state`, `documents.generation`, `documents.auth` (record authentication) |
//! | 6 | `credentials.format`: SD-JWT VCs beside the Vidi (COSE) credentials |
//!
//! Only ids, timestamps, record kinds and foreign keys are plain columns;
//! every `record` and `status` column holds an age ciphertext.

use rusqlite::{Connection, Transaction};

use super::error::{Result, StoreError};

/// The current schema version.
pub const VERSION: u32 = 6;

/// Version 1: the wallet's metadata, documents, device keys and credentials.
const V1: &str = "
CREATE TABLE wallet_meta (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    recipient       TEXT    NOT NULL,  -- age X25519 recipient (public key)
    sealed_identity BLOB    NOT NULL,  -- the age identity, sealed by the key provider
    key_provider    TEXT    NOT NULL,  -- the key provider's kind()
    canary          BLOB    NOT NULL,  -- a known value encrypted to the recipient
    created_at      INTEGER NOT NULL
);
CREATE TABLE documents (
    id          TEXT    PRIMARY KEY,   -- random
    doc_type    TEXT    NOT NULL,      -- 'nid', 'dl', 'hi'
    added_at    INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    record      BLOB    NOT NULL,      -- encrypted document
    status      BLOB                   -- encrypted status as last known; NULL if never learned
);
CREATE TABLE device_keys (
    handle      TEXT    PRIMARY KEY,   -- random for software keys, the platform's alias otherwise
    store       TEXT    NOT NULL,      -- 'software' or the platform store's kind
    created_at  INTEGER NOT NULL,
    record      BLOB                   -- encrypted secret scalar; NULL for hardware keys
);
CREATE TABLE credentials (
    id          TEXT    PRIMARY KEY,   -- random
    document_id TEXT    NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    device_key  TEXT    REFERENCES device_keys(handle),  -- NULL when not in this wallet
    added_at    INTEGER NOT NULL,
    record      BLOB    NOT NULL       -- encrypted credential
);
CREATE INDEX credentials_document ON credentials(document_id);
CREATE INDEX credentials_device_key ON credentials(device_key);
";

/// Version 2: the activity log.
const V2: &str = "
CREATE TABLE activity_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,  -- random; keeps restores from duplicating
    at          INTEGER NOT NULL,
    event       TEXT    NOT NULL,         -- 'presented', 'added', ...
    document_id TEXT,                     -- no foreign key: the log outlives documents
    record      BLOB    NOT NULL          -- encrypted entry
);
CREATE INDEX activity_log_at ON activity_log(at);
CREATE INDEX activity_log_document ON activity_log(document_id, at);
";

/// Version 3: settings, documents received while locked, and documents
/// restored without their device keys.
const V3: &str = "
CREATE TABLE settings (
    key         TEXT    PRIMARY KEY,
    updated_at  INTEGER NOT NULL,
    record      BLOB    NOT NULL          -- encrypted value
);
ALTER TABLE documents ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN needs_rebinding INTEGER NOT NULL DEFAULT 0;
CREATE INDEX documents_pending ON documents(pending) WHERE pending = 1;
";

/// Version 4: the app's unlock state (wrong PINs in a row, the end of the
/// wait), sealed by the platform's key provider so that it can be read
/// before the wallet is unlocked but not forged or reset by editing the file.
const V4: &str = "
CREATE TABLE app_lock (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    updated_at  INTEGER NOT NULL,
    sealed      BLOB    NOT NULL          -- sealed by the platform key provider
);
";

/// Version 5: record authentication (see `integrity`). The rows of an older
/// wallet have no MAC until its first unlock, which seals them.
const V5: &str = "
ALTER TABLE wallet_meta ADD COLUMN state BLOB;  -- the authenticated state: JSON and its HMAC
ALTER TABLE documents ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN auth BLOB;     -- HMAC of the row and its credentials; NULL while pending
";

/// Version 6: a document's SD-JWT VCs (`docs/online.md`) are credential rows
/// too, told apart by their format; every older row is a Vidi credential.
const V6: &str = "
ALTER TABLE credentials ADD COLUMN format TEXT NOT NULL DEFAULT 'vidi_cose_v1';
";

/// Sets the connection's pragmas: foreign keys on, WAL, `synchronous=FULL`
/// (a committed record must survive power loss, not only a crash),
/// `secure_delete`.
pub fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // In-memory databases answer "memory"; files must be in WAL.
        if !mode.eq_ignore_ascii_case("memory") {
            return Err(StoreError::Sqlite(rusqlite::Error::InvalidQuery));
        }
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Freed space is zeroed: a sealed key replaced by rekeying does not
    // linger in the file.
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// The database's schema version.
pub fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

fn set_version(tx: &Transaction<'_>, version: u32) -> Result<()> {
    tx.pragma_update(None, "user_version", version)?;
    Ok(())
}

/// Brings the database to [`VERSION`], creating it if it is empty. Writes
/// nothing when it is already current.
pub fn init(conn: &mut Connection) -> Result<()> {
    upgrade_to(conn, VERSION)
}

/// Brings the database to `target` (at most [`VERSION`]), one step and one
/// transaction at a time: tests build old databases with it.
pub fn upgrade_to(conn: &mut Connection, target: u32) -> Result<()> {
    let found = version(conn)?;
    if found > VERSION {
        return Err(StoreError::TooNew {
            found,
            supported: VERSION,
        });
    }
    let mut current = found;
    while current < target.min(VERSION) {
        let tx = conn.transaction()?;
        upgrade_from(&tx, current)?;
        current += 1;
        set_version(&tx, current)?;
        tx.commit()?;
    }
    Ok(())
}

fn upgrade_from(tx: &Transaction<'_>, version: u32) -> Result<()> {
    match version {
        0 => create_v1(tx),
        1 => upgrade_v1_to_v2(tx),
        2 => upgrade_v2_to_v3(tx),
        3 => upgrade_v3_to_v4(tx),
        4 => upgrade_v4_to_v5(tx),
        5 => upgrade_v5_to_v6(tx),
        _ => Err(StoreError::TooNew {
            found: version,
            supported: VERSION,
        }),
    }
}

/// Creates the version 1 tables in an empty database.
pub fn create_v1(conn: &Connection) -> Result<()> {
    conn.execute_batch(V1)?;
    Ok(())
}

/// Version 1 to 2: adds the activity log.
pub fn upgrade_v1_to_v2(conn: &Connection) -> Result<()> {
    conn.execute_batch(V2)?;
    Ok(())
}

/// Version 2 to 3: adds settings and the `pending` and `needs_rebinding` flags.
pub fn upgrade_v2_to_v3(conn: &Connection) -> Result<()> {
    conn.execute_batch(V3)?;
    Ok(())
}

/// Version 3 to 4: adds the sealed app unlock state.
pub fn upgrade_v3_to_v4(conn: &Connection) -> Result<()> {
    conn.execute_batch(V4)?;
    Ok(())
}

/// Version 4 to 5: adds the columns of record authentication.
pub fn upgrade_v4_to_v5(conn: &Connection) -> Result<()> {
    conn.execute_batch(V5)?;
    Ok(())
}

/// Version 5 to 6: adds the credentials' format (SD-JWT VCs).
pub fn upgrade_v5_to_v6(conn: &Connection) -> Result<()> {
    conn.execute_batch(V6)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    /// A shipped migration never changes: wallets in the field were built by
    /// these exact statements, and the migration tests build old wallets
    /// with them. A new schema change is a new version.
    #[test]
    fn shipped_migrations_are_frozen() {
        use sha2::{Digest as _, Sha256};
        let pinned = [
            (
                V1,
                "115ae85d7d30b011257d40d565ae16098d627a77ba7ef86032afa25707684d5c",
            ),
            (
                V2,
                "30e2afcc2533986fdc064b22e5f421e799ae1aa34cc0bf153f63a73ceee07112",
            ),
            (
                V3,
                "ed0140db6c4d84cd330f51f3e4d6426defbf35487f04bc48e9109d6e5f81bc72",
            ),
            (
                V4,
                "11fffd8e2a287a9ef91d011a4cfd544ebed5c05b989116397ae89574488a686c",
            ),
            (
                V5,
                "76911119d3241b3208352236d0bfdf11302239590afd1f43e16af0758a1b5142",
            ),
            (
                V6,
                "cab2209c54a1e276cdb38d20bf52b3a38e01d9bc713aca4dbaf60efce9ef6ea7",
            ),
        ];
        for (i, (sql, hash)) in pinned.iter().enumerate() {
            assert_eq!(
                hex::encode(Sha256::digest(sql.as_bytes())),
                *hash,
                "V{}",
                i + 1
            );
        }
        assert_eq!(VERSION as usize, pinned.len());
    }

    use super::*;

    fn columns(conn: &Connection, table: &str) -> Vec<String> {
        let mut stmt = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        stmt.query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn each_version_has_its_tables() {
        let mut conn = Connection::open_in_memory().unwrap();
        configure(&conn).unwrap();
        upgrade_to(&mut conn, 1).unwrap();
        assert_eq!(version(&conn).unwrap(), 1);
        assert!(columns(&conn, "activity_log").is_empty());
        assert!(!columns(&conn, "documents").contains(&"pending".to_owned()));
        upgrade_to(&mut conn, 2).unwrap();
        assert_eq!(columns(&conn, "activity_log").len(), 6);
        upgrade_to(&mut conn, 5).unwrap();
        assert!(!columns(&conn, "credentials").contains(&"format".to_owned()));
        init(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), VERSION);
        assert!(columns(&conn, "documents").contains(&"needs_rebinding".to_owned()));
        assert!(columns(&conn, "credentials").contains(&"format".to_owned()));
        assert_eq!(columns(&conn, "settings").len(), 3);
        assert_eq!(columns(&conn, "app_lock").len(), 3);
        // Idempotent.
        init(&mut conn).unwrap();
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        assert!(matches!(
            init(&mut conn),
            Err(StoreError::TooNew { found: 7, .. })
        ));
    }

    #[test]
    fn foreign_keys_are_enforced() {
        let mut conn = Connection::open_in_memory().unwrap();
        configure(&conn).unwrap();
        init(&mut conn).unwrap();
        let orphan = conn.execute(
            "INSERT INTO credentials (id, document_id, added_at, record) VALUES ('c', 'nope', 0, x'00')",
            [],
        );
        assert!(orphan.is_err());
    }
}
