//! The app's unlock state, kept in the wallet file but outside its
//! encrypted records: it must be read before the wallet is unlocked. The
//! app seals it with the platform's key provider (the Android Keystore,
//! the iOS Keychain) before handing it here, so editing the file can
//! neither read nor forge it; a missing or unreadable record is the app's
//! to treat as tampering.

use rusqlite::{OptionalExtension as _, params};
use time::OffsetDateTime;

use super::Wallet;
use super::db::unix;
use super::error::Result;

impl Wallet {
    /// The sealed app unlock state last stored, if any. Works while locked.
    pub fn sealed_app_lock(&self) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row("SELECT sealed FROM app_lock WHERE id = 1", [], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Replaces the sealed app unlock state. Works while locked; written
    /// durably before it returns.
    pub fn set_sealed_app_lock(&self, sealed: &[u8], now: OffsetDateTime) -> Result<()> {
        self.conn.execute(
            "INSERT INTO app_lock (id, updated_at, sealed) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, sealed = excluded.sealed",
            params![unix(now), sealed],
        )?;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::MemoryKeyProvider;
    use super::*;

    #[test]
    fn the_record_survives_reopening_and_locking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let provider = MemoryKeyProvider::generate();
        let wallet = Wallet::create(&path, &provider).unwrap();
        assert_eq!(wallet.sealed_app_lock().unwrap(), None);
        wallet
            .set_sealed_app_lock(b"one", OffsetDateTime::now_utc())
            .unwrap();
        wallet
            .set_sealed_app_lock(b"two", OffsetDateTime::now_utc())
            .unwrap();
        drop(wallet);
        let locked = Wallet::open(&path).unwrap();
        assert!(!locked.is_unlocked());
        assert_eq!(
            locked.sealed_app_lock().unwrap().as_deref(),
            Some(&b"two"[..])
        );
    }
}
