//! The encrypted wallet store: every credential a citizen holds, its device
//! keys' handles and a log of what was shown, in SQLite, each record
//! encrypted with age.
//!
//! - The wallet's age identity is sealed by a [`KeyProvider`] the platform
//!   supplies; its public recipient is stored in clear, so documents can be
//!   received while the wallet is locked (they wait as *pending* and are
//!   merged at the next unlock), while reading anything needs [`Wallet::unlock`].
//! - Only ids, timestamps, record kinds and foreign keys are plain columns
//!   (see [`schema`]); claim values, names, numbers and dates exist only
//!   inside age ciphertexts.
//! - Stored and shown are different types: rows carry encrypted records,
//!   and views such as [`DocumentView`] are made by the vault, the one place
//!   records are decrypted.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use vidi_core::store::{CitizenDocuments, MemoryKeyProvider, Wallet};
//! let dir = tempfile::tempdir()?;
//! let key = MemoryKeyProvider::generate();
//! let now = vidi_core::sample::vector_time();
//! let mut wallet = Wallet::create(dir.path().join("wallet.db"), &key)?;
//! let issuer = vidi_core::sample::test_issuer()?;
//! wallet.add_sample_citizen(&issuer, CitizenDocuments::reference()?, now)?;
//! assert_eq!(wallet.list_documents()?.len(), 3);
//! wallet.lock();
//! assert!(wallet.list_documents().is_err());
//! # Ok(()) }
//! ```

mod age_file;
mod app_lock;
mod backup;
mod db;
mod device_keys;
mod document_id;
mod document_rows;
mod documents;
mod encryption;
mod error;
mod holdings;
mod integrity;
mod key_provider;
#[cfg(any(test, feature = "test-support"))]
#[doc(hidden)]
pub mod legacy;
mod log;
mod mac;
mod online;
mod present;
mod reports;
#[cfg(any(test, feature = "test-support"))]
mod sample;
pub mod schema;
mod sd_jwt;
mod settings;
mod status;
mod tampering;
mod wal;

use std::path::Path;
use std::sync::Arc;

use rusqlite::{Connection, TransactionBehavior};
use time::OffsetDateTime;

use crate::trust::TrustList;

pub use device_keys::{DeviceKeyHandle, DeviceKeyStore, MemoryDeviceKeyStore, SOFTWARE_STORE};
pub use documents::{
    AddOutcome, CredentialView, DocumentId, DocumentListing, DocumentStatus, DocumentSummary,
    DocumentView, KnownStatus, NewCredential, NewDocument,
};
pub use error::{DeviceKeyError, KeyProviderError, Result, StoreError};
pub use key_provider::{KeyProvider, MemoryKeyProvider, PassphraseKeyProvider, PinKeyProvider};
pub use log::{Activity, ActivityEvent, LogEntry, LogFilter, LogListing};
pub use present::{Disclose, PresentationOutput};
pub use reports::{BackupReport, RestoreReport};
#[cfg(any(test, feature = "test-support"))]
pub use sample::CitizenDocuments;
pub use sd_jwt::{HeldSdJwt, NewSdJwt};
pub use tampering::Tampering;

use db::WalletMeta;
use encryption::{NewWalletKey, Vault};

/// What an unlock did besides unlocking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnlockReport {
    /// Documents received while locked that were new.
    pub merged_added: usize,
    /// Documents received while locked that replaced one already held.
    pub merged_replaced: usize,
    /// Documents received while locked that an older copy of was held
    /// or that were already held as they are: dropped.
    pub merged_dropped: usize,
    /// Documents received while locked that failed the checks (issuer
    /// signature, this wallet's device keys, fields matching the
    /// credentials) and were deleted, each with the reason.
    pub refused: Vec<Tampering>,
    /// Documents received while locked whose issuer key the wallet was not
    /// given ([`Wallet::trust_issuers`]) or whose hardware key store is not
    /// set: they stay pending, unchecked, until a later unlock can check them.
    pub pending_unverified: usize,
    /// Log entries deleted because they were older than the retention.
    pub log_entries_expired: usize,
}

/// The settings kept encrypted in the `settings` table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Log entries older than this many days are deleted; `None` keeps all.
    pub(crate) log_retention_days: Option<u32>,
}

/// A citizen's wallet: one SQLite database. Locked when opened; reading
/// needs [`Wallet::unlock`]. Dropping or locking it zeroizes its secrets.
///
/// Deliberately not `Debug`.
pub struct Wallet {
    conn: Connection,
    meta: WalletMeta,
    vault: Option<Vault>,
    settings: Settings,
    platform_keys: Option<Arc<dyn DeviceKeyStore>>,
    /// Issuer keys documents received while locked are checked against.
    trusted: TrustList,
}

impl Wallet {
    /// Creates a wallet at `path` with a fresh key sealed by `provider`, and
    /// returns it unlocked. Refuses a path that already holds a file.
    pub fn create(path: impl AsRef<Path>, provider: &dyn KeyProvider) -> Result<Self> {
        let path = path.as_ref();
        // Seal the key first (scrypt takes a while; an interruption then
        // leaves no file), and accept a file left by an interrupted create:
        // a schema without the wallet's key row holds nothing.
        if path.metadata().is_ok_and(|m| m.len() > 0) && !db::is_vidi_database(path)? {
            return Err(StoreError::AlreadyExists);
        }
        let key = NewWalletKey::generate_authenticated(provider)?;
        let mut conn = db::open(path, true)?;
        if db::has_wallet(&conn)? {
            return Err(StoreError::AlreadyExists);
        }
        let meta = WalletMeta {
            recipient: key.recipient,
            sealed_identity: key.sealed_identity,
            key_provider: provider.kind(),
            canary: key.canary,
        };
        let tx = conn.transaction()?;
        meta.insert(&tx, OffsetDateTime::now_utc())?;
        integrity::State::default().store(&tx, key.vault.mac())?;
        tx.commit()?;
        Ok(Self {
            conn,
            meta,
            vault: Some(key.vault),
            settings: Settings::default(),
            platform_keys: None,
            trusted: TrustList::default(),
        })
    }

    /// Opens the wallet at `path`, locked, upgrading its schema if it was
    /// written by an older version.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let conn = db::open(path.as_ref(), false)?;
        let meta = WalletMeta::read(&conn)?;
        Ok(Self {
            conn,
            meta,
            vault: None,
            settings: Settings::default(),
            platform_keys: None,
            trusted: TrustList::default(),
        })
    }

    /// Unlocks with `provider` at the system clock's time; see [`Wallet::unlock_at`].
    pub fn unlock(&mut self, provider: &dyn KeyProvider) -> Result<UnlockReport> {
        self.unlock_at(provider, OffsetDateTime::now_utc())
    }

    /// Unlocks with `provider`: a wrong key or passphrase is
    /// [`StoreError::WrongKey`] and changes nothing. Then merges the
    /// documents received while locked and applies the log retention as of `now`.
    pub fn unlock_at(
        &mut self,
        provider: &dyn KeyProvider,
        now: OffsetDateTime,
    ) -> Result<UnlockReport> {
        if provider.kind() != self.meta.key_provider {
            return Err(StoreError::WrongKeyProvider {
                expected: self.meta.key_provider.clone(),
            });
        }
        let vault = Vault::unseal(
            provider,
            &self.meta.sealed_identity,
            &self.meta.recipient,
            &self.meta.canary,
        )?;
        self.settings = settings::read(&self.conn, &vault)?;
        self.vault = Some(vault);
        match self
            .check_integrity(provider)
            .and_then(|()| self.after_unlock(now))
        {
            Ok(report) => Ok(report),
            Err(e) => {
                self.lock();
                Err(e)
            }
        }
    }

    /// Checks the authenticated state against the rows: none missing (rows
    /// themselves are checked as they are read). A wallet written before
    /// records were authenticated has its rows sealed as they are, and its
    /// key sealed again with the mark that it is authenticated, in one
    /// transaction.
    fn check_integrity(&mut self, provider: &dyn KeyProvider) -> Result<()> {
        let vault = self.vault.as_mut().ok_or(StoreError::Locked)?;
        if vault.is_authenticated() {
            let state = integrity::State::load(&self.conn, vault.mac())?;
            return state.check_none_missing(&self.conn);
        }
        vault.mark_authenticated();
        let sealed_identity = vault.seal(provider)?;
        let meta = WalletMeta {
            recipient: self.meta.recipient.clone(),
            sealed_identity,
            key_provider: self.meta.key_provider.clone(),
            canary: self.meta.canary.clone(),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        integrity::adopt_all(&tx, vault.mac())?;
        meta.update_seal(&tx)?;
        tx.commit()?;
        self.meta = meta;
        Ok(())
    }

    fn after_unlock(&mut self, now: OffsetDateTime) -> Result<UnlockReport> {
        let mut report = self.merge_pending(now)?;
        report.log_entries_expired = self.apply_retention(now)?;
        Ok(report)
    }

    /// Trusts the issuer keys of `list` (from a trust list verified against
    /// its anchor) for checking documents received while locked, at the
    /// next unlock. Kept in memory only; issuance calls it with the list it
    /// fetched.
    pub fn trust_issuers(&mut self, list: &TrustList) {
        for issuer in &list.issuers {
            if !self.trusted.issuers.contains(issuer) {
                self.trusted.issuers.push(issuer.clone());
            }
        }
    }

    /// Locks: forgets the identity, the decrypted device keys and the
    /// settings (zeroizing the secrets).
    pub fn lock(&mut self) {
        self.vault = None;
        self.settings = Settings::default();
    }

    /// Whether the wallet is unlocked.
    pub fn is_unlocked(&self) -> bool {
        self.vault.is_some()
    }

    /// The kind of key provider the wallet key is sealed by.
    pub fn key_provider_kind(&self) -> &str {
        &self.meta.key_provider
    }

    /// Seals the wallet key with `provider` instead (a new passphrase, a
    /// move to a hardware keystore). Needs the wallet unlocked.
    ///
    /// The wallet's identity stays the same and the records are not
    /// re-encrypted: the old sealed key is overwritten in the file and the
    /// WAL is truncated, but a copy of the file made before the rekey still
    /// opens with the old key.
    pub fn rekey(&mut self, provider: &dyn KeyProvider) -> Result<()> {
        let vault = self.vault.as_ref().ok_or(StoreError::Locked)?;
        let sealed_identity = vault.seal(provider)?;
        let meta = WalletMeta {
            recipient: self.meta.recipient.clone(),
            sealed_identity,
            key_provider: provider.kind(),
            canary: self.meta.canary.clone(),
        };
        let tx = self.conn.transaction()?;
        meta.update_seal(&tx)?;
        tx.commit()?;
        self.meta = meta;
        // The old seal's page images leave the WAL (best effort: a reader
        // in another process can hold the checkpoint back).
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    fn vault(&self) -> Result<&Vault> {
        self.vault.as_ref().ok_or(StoreError::Locked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wallet_can_move_to_another_thread() {
        // The FFI layer keeps it behind a mutex shared across threads.
        fn assert_send<T: Send>() {}
        assert_send::<Wallet>();
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<MemoryKeyProvider>();
        assert_send_sync::<PassphraseKeyProvider>();
        assert_send_sync::<MemoryDeviceKeyStore>();
    }
}
