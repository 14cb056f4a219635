//! The wrong-PIN count and the end of the current wait, kept in the
//! wallet file sealed by the platform's key provider (`app_lock` table):
//! readable before the wallet is unlocked, but editing the file can
//! neither read, forge nor reset it. A record that is missing (after the
//! wallet was created, it always exists) or that the platform key does
//! not open is treated as tampering: one try, then waits, as if every free
//! attempt had been used.

use time::OffsetDateTime;
use vidi_core::app_lock::{self, FREE_ATTEMPTS};
use vidi_core::store::{KeyProvider, StoreError, Wallet};

/// Wrong PINs in a row and the end of the wait they earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct LockState {
    /// Wrong PINs since the last unlock.
    pub failed: u32,
    /// When a PIN may be tried again (Unix seconds); none when it may now.
    pub locked_until: Option<i64>,
}

impl LockState {
    /// What a missing or forged record counts as.
    pub(crate) const TAMPERED: Self = Self {
        failed: FREE_ATTEMPTS,
        locked_until: None,
    };

    /// The state after one more wrong PIN at `now`.
    pub(crate) fn after_wrong_pin(self, now: OffsetDateTime) -> Self {
        let failed = self.failed.saturating_add(1);
        let locked_until = app_lock::wait_after(failed).map(|wait| {
            now.unix_timestamp() + i64::try_from(wait.as_secs()).unwrap_or(i64::MAX / 2)
        });
        Self {
            failed,
            locked_until,
        }
    }

    /// Whole seconds until a PIN may be tried, rounded up; 0 when it may now.
    pub(crate) fn wait_seconds(self, now: OffsetDateTime) -> u32 {
        let remaining = self
            .locked_until
            .map_or(0, |until| until - now.unix_timestamp());
        u32::try_from(remaining.max(0)).unwrap_or(u32::MAX)
    }

    /// Reads the state from `wallet`, opened with the platform's `provider`.
    pub(crate) fn read(wallet: &Wallet, provider: &dyn KeyProvider) -> Result<Self, StoreError> {
        let Some(sealed) = wallet.sealed_app_lock()? else {
            return Ok(Self::TAMPERED);
        };
        let Ok(plain) = provider.unseal(&sealed) else {
            return Ok(Self::TAMPERED);
        };
        Ok(serde_json::from_slice(&plain).unwrap_or(Self::TAMPERED))
    }

    /// Seals the state with `provider` and writes it, durably, before the
    /// screen hears of the failure.
    pub(crate) fn write(
        self,
        wallet: &Wallet,
        provider: &dyn KeyProvider,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let plain =
            serde_json::to_vec(&self).map_err(|e| StoreError::Io(std::io::Error::other(e)))?;
        let sealed = provider.seal(&plain)?;
        wallet.set_sealed_app_lock(&sealed, now)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use time::macros::datetime;
    use vidi_core::store::MemoryKeyProvider;

    use super::*;

    #[test]
    fn waits_begin_after_the_free_attempts_and_double() {
        let now = datetime!(2026-12-06 08:00 UTC);
        let mut state = LockState::default();
        for _ in 0..4 {
            state = state.after_wrong_pin(now);
            assert_eq!(state.wait_seconds(now), 0);
        }
        state = state.after_wrong_pin(now);
        assert_eq!(state.failed, 5);
        assert_eq!(state.wait_seconds(now), 30);
        assert_eq!(state.after_wrong_pin(now).wait_seconds(now), 60);
        assert_eq!(state.wait_seconds(now + time::Duration::seconds(29)), 1);
        assert_eq!(state.wait_seconds(now + time::Duration::seconds(31)), 0);
    }

    #[test]
    fn the_record_is_sealed_and_a_forged_or_missing_one_counts_as_tampering() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let platform = MemoryKeyProvider::generate();
        let wallet = Wallet::create(&path, &platform).unwrap();
        let now = datetime!(2026-12-06 08:00 UTC);
        assert_eq!(
            LockState::read(&wallet, &platform).unwrap(),
            LockState::TAMPERED
        );

        let state = LockState {
            failed: 6,
            locked_until: Some(now.unix_timestamp() + 60),
        };
        state.write(&wallet, &platform, now).unwrap();
        drop(wallet);
        let wallet = Wallet::open(&path).unwrap();
        assert_eq!(LockState::read(&wallet, &platform).unwrap(), state);
        // Not readable as text in the file.
        let raw = wallet.sealed_app_lock().unwrap().unwrap();
        assert!(!String::from_utf8_lossy(&raw).contains("failed"));

        // Someone writes their own record (in plain JSON, or sealed by another key).
        wallet
            .set_sealed_app_lock(br#"{"failed":0,"locked_until":null}"#, now)
            .unwrap();
        assert_eq!(
            LockState::read(&wallet, &platform).unwrap(),
            LockState::TAMPERED
        );
        let other = MemoryKeyProvider::generate();
        LockState::default().write(&wallet, &other, now).unwrap();
        assert_eq!(
            LockState::read(&wallet, &platform).unwrap(),
            LockState::TAMPERED
        );
    }
}
