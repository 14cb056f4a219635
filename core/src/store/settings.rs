//! Settings: one encrypted JSON value per key in the `settings` table.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};
use time::OffsetDateTime;

use super::db::unix;
use super::encryption::{EncryptedRecord, Recipient, Vault};
use super::error::Result;
use super::{Settings, Wallet};

/// The key of the log retention, in days (`null` keeps every entry).
const LOG_RETENTION_DAYS: &str = "log_retention_days";

/// Every setting, decrypted, by key.
pub(crate) fn read_all(
    conn: &Connection,
    vault: &Vault,
) -> Result<BTreeMap<String, serde_json::Value>> {
    let mut stmt = conn.prepare("SELECT key, record FROM settings ORDER BY key")?;
    let rows = stmt.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, EncryptedRecord>(1)?))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (key, record) = row?;
        out.insert(key, vault.decrypt(&record, "setting")?);
    }
    Ok(out)
}

/// The typed settings.
pub(crate) fn read(conn: &Connection, vault: &Vault) -> Result<Settings> {
    let all = read_all(conn, vault)?;
    let log_retention_days = all
        .get(LOG_RETENTION_DAYS)
        .and_then(serde_json::Value::as_u64)
        .and_then(|d| u32::try_from(d).ok());
    Ok(Settings { log_retention_days })
}

/// Writes one setting; `only_if_absent` leaves an existing value alone.
pub(crate) fn write(
    conn: &Connection,
    recipient: &Recipient,
    key: &str,
    value: &serde_json::Value,
    now: OffsetDateTime,
    only_if_absent: bool,
) -> Result<bool> {
    let record = recipient.encrypt(value)?;
    let sql = if only_if_absent {
        "INSERT OR IGNORE INTO settings (key, updated_at, record) VALUES (?1, ?2, ?3)"
    } else {
        "INSERT INTO settings (key, updated_at, record) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET updated_at = excluded.updated_at, record = excluded.record"
    };
    Ok(conn.execute(sql, params![key, unix(now), record])? > 0)
}

impl Wallet {
    /// Keeps log entries for `days` days (`None`: for ever) and deletes the
    /// older ones now. Returns how many were deleted. Needs the wallet unlocked.
    pub fn set_log_retention(&mut self, days: Option<u32>, now: OffsetDateTime) -> Result<usize> {
        self.vault()?;
        let tx = self.conn.transaction()?;
        write(
            &tx,
            &self.meta.recipient,
            LOG_RETENTION_DAYS,
            &serde_json::json!(days),
            now,
            false,
        )?;
        let deleted = super::log::prune(&tx, days, now)?;
        tx.commit()?;
        self.settings.log_retention_days = days;
        Ok(deleted)
    }

    /// The log retention in days; `None` keeps every entry.
    pub fn log_retention(&self) -> Result<Option<u32>> {
        self.vault()?;
        Ok(self.settings.log_retention_days)
    }

    /// Re-reads the settings after a restore wrote some.
    pub(crate) fn reload_settings(&mut self) -> Result<()> {
        let settings = read(&self.conn, self.vault()?)?;
        self.settings = settings;
        Ok(())
    }
}
