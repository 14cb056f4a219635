//! The connection, the wallet's metadata row, and the small helpers every
//! table uses: random ids and Unix times.

use std::path::Path;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension as _, params};
use time::OffsetDateTime;

use super::encryption::{EncryptedRecord, Recipient};
use super::error::{Result, StoreError};
use super::schema;
use super::wal;
use crate::keys::random_bytes;

/// SQLite's smallest page size.
const MIN_PAGE_SIZE: u64 = 512;

/// Opens the database at `path`, creating the file when `create` is set,
/// sets the pragmas and brings the schema up to date.
pub(crate) fn open(path: &Path, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if !path.is_file() {
        return Err(StoreError::NoWallet);
    } else if path.metadata().map(|m| m.len())? < MIN_PAGE_SIZE {
        // Not "no wallet": a wallet file lost its contents (or an empty one
        // left by a `create` interrupted before the schema, which `create`
        // accepts). A database with any table has a whole page at least.
        return Err(StoreError::Damaged);
    }
    let opened = (|| {
        if !create && wal_loses_commits(path)? {
            return Err(StoreError::Damaged);
        }
        let mut conn = Connection::open_with_flags(path, flags)?;
        // A database no Vidi schema ever touched is not a wallet: leave it
        // alone (even the journal mode) rather than adding tables to it.
        if !create && schema::version(&conn)? == 0 {
            return Err(StoreError::NoWallet);
        }
        schema::configure(&conn)?;
        if !create {
            // A truncated file opens and even reads its first page: check
            // every page is there and well formed (a wallet is small).
            let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
            if check != "ok" {
                return Err(StoreError::Damaged);
            }
        }
        schema::init(&mut conn)?;
        Ok(conn)
    })();
    opened.map_err(|e| match e {
        StoreError::Sqlite(e) if is_damage(&e) => StoreError::Damaged,
        e => e,
    })
}

/// Whether the wallet's write-ahead log would silently drop committed
/// transactions (see `wal`). Checked on the bytes before SQLite reads them;
/// a finding is checked again while holding the write lock (a write in
/// progress in another process can be read half-done), from a connection
/// that does not checkpoint on close, so the evidence stays for the next open.
fn wal_loses_commits(path: &Path) -> Result<bool> {
    let wal_path = wal::wal_path(path);
    let read = || match std::fs::read(&wal_path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    };
    if !read()?.is_some_and(|wal| wal::loses_commits(&wal)) {
        return Ok(false);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let again = read();
    let _ = conn.execute_batch("ROLLBACK");
    Ok(again?.is_some_and(|wal| wal::loses_commits(&wal)))
}

/// Whether SQLite says the file is not a database or is malformed.
fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// The `wallet_meta` row: everything needed to encrypt while locked and to
/// check a key on unlock.
pub(crate) struct WalletMeta {
    pub(crate) recipient: Recipient,
    pub(crate) sealed_identity: Vec<u8>,
    pub(crate) key_provider: String,
    pub(crate) canary: EncryptedRecord,
}

impl WalletMeta {
    /// Reads the row; a database without one is not a wallet.
    pub(crate) fn read(conn: &Connection) -> Result<Self> {
        let row = conn
            .query_row(
                "SELECT recipient, sealed_identity, key_provider, canary FROM wallet_meta WHERE id = 1",
                [],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, Vec<u8>>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, EncryptedRecord>(3)?,
                    ))
                },
            )
            .optional()?;
        let (recipient, sealed_identity, key_provider, canary) = row.ok_or(StoreError::NoWallet)?;
        Ok(Self {
            recipient: Recipient::parse(&recipient)?,
            sealed_identity,
            key_provider,
            canary,
        })
    }

    /// Writes the row of a new wallet.
    pub(crate) fn insert(&self, conn: &Connection, now: OffsetDateTime) -> Result<()> {
        conn.execute(
            "INSERT INTO wallet_meta (id, recipient, sealed_identity, key_provider, canary, created_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5)",
            params![
                self.recipient.to_text(),
                self.sealed_identity,
                self.key_provider,
                self.canary,
                now.unix_timestamp()
            ],
        )?;
        Ok(())
    }

    /// Replaces the sealed identity (rekeying).
    pub(crate) fn update_seal(&self, conn: &Connection) -> Result<()> {
        conn.execute(
            "UPDATE wallet_meta SET sealed_identity = ?1, key_provider = ?2 WHERE id = 1",
            params![self.sealed_identity, self.key_provider],
        )?;
        Ok(())
    }
}

/// Whether the file at `path` is a SQLite database with a Vidi schema
/// (possibly without a wallet in it, after an interrupted create).
pub(crate) fn is_vidi_database(path: &Path) -> Result<bool> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(schema::version(&conn).unwrap_or(0) > 0)
}

/// Whether the database already holds a wallet.
pub(crate) fn has_wallet(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM wallet_meta WHERE id = 1", [], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A random id: 16 bytes as lowercase hex.
pub(crate) fn new_id() -> Result<String> {
    let mut bytes = [0u8; 16];
    random_bytes(&mut bytes)?;
    Ok(hex::encode(bytes))
}

/// Seconds since the Unix epoch.
pub(crate) fn unix(at: OffsetDateTime) -> i64 {
    at.unix_timestamp()
}

/// The moment `seconds` after the Unix epoch.
pub(crate) fn from_unix(seconds: i64) -> Result<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| StoreError::TimeRange)
}
