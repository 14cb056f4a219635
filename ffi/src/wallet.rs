//! The wallet object: core's encrypted store behind a lock, so that one
//! object can be shared by the app's threads (Send + Sync). Its methods
//! are synchronous, as the store is: call them off the main thread
//! (unlocking runs scrypt or waits for a biometric prompt). While an
//! issuance runs on a wallet, its other calls wait for it.

use std::sync::Arc;

use time::OffsetDateTime;
use tokio::sync::{Mutex, MutexGuard};
use vidi_core::store::{self, DocumentId};
use vidi_core::verifier::Policy;
use zeroize::Zeroizing;

use crate::activity::{BackupReport, LogEntry, LogFilter, RestoreReport, UnlockReport};
use crate::convert::{count, now_or};
use crate::documents::{
    Disclose, DocumentDetails, DocumentSummary, Presentation, claims_named, preset_named,
    showable_claims, today,
};
use crate::error::VidiError;
use crate::keys::{
    DeviceKeyStore, ForeignErrors, KeyProvider, PlatformDeviceKeys, PlatformKeyProvider,
};
use crate::runtime;
use crate::verifier::Verifier;

/// Core's wallet and the key provider it unlocks with.
pub(crate) struct Held {
    pub(crate) wallet: store::Wallet,
    provider: PlatformKeyProvider,
}

/// A citizen's wallet: one encrypted SQLite file. Documents, credentials,
/// software device keys, the activity log and settings are each encrypted
/// to the wallet's key, which the platform's `KeyProvider` seals.
#[derive(uniffi::Object)]
pub struct Wallet {
    held: Mutex<Held>,
    errors: ForeignErrors,
}

impl Wallet {
    fn new(
        wallet: store::Wallet,
        provider: PlatformKeyProvider,
        device_keys: Option<Arc<dyn DeviceKeyStore>>,
        errors: ForeignErrors,
    ) -> Arc<Self> {
        let mut wallet = wallet;
        if let Some(keys) = device_keys {
            wallet.set_device_key_store(Arc::new(PlatformDeviceKeys::new(keys, errors.clone())));
        }
        Arc::new(Self {
            held: Mutex::new(Held { wallet, provider }),
            errors,
        })
    }

    /// The error to hand back for `e`: what a platform key implementation
    /// threw during the call when it did, else core's error flattened.
    pub(crate) fn fail(&self, e: impl Into<VidiError>) -> VidiError {
        self.errors.take().unwrap_or_else(|| e.into())
    }

    /// Waits for the wallet (issuance, on the runtime).
    pub(crate) async fn lock_async(&self) -> MutexGuard<'_, Held> {
        let held = self.held.lock().await;
        self.errors.take();
        held
    }

    /// Runs `f` on the wallet, waiting for an issuance to finish first.
    fn with<T>(&self, f: impl FnOnce(&mut Held) -> Result<T, VidiError>) -> Result<T, VidiError> {
        let mut held = if runtime::in_async_context() {
            // A platform callback made during an issuance on this wallet
            // (a key store calling back into it): waiting would never end.
            self.held
                .try_lock()
                .map_err(|_| VidiError::other("the wallet is busy with an issuance"))?
        } else {
            self.held.blocking_lock()
        };
        self.errors.take();
        f(&mut held).map_err(|e| self.fail(e))
    }
}

fn open_error(errors: &ForeignErrors, e: store::StoreError) -> VidiError {
    errors.take().unwrap_or_else(|| e.into())
}

#[uniffi::export]
impl Wallet {
    /// Creates a wallet file at `path` with a fresh key sealed by
    /// `key_provider`, and returns it unlocked. Refuses a path that holds a
    /// file already (`InvalidInput`). With `device_keys`, device keys are
    /// made in that hardware store; without, as software keys kept
    /// encrypted in the wallet (desktops, emulators).
    #[uniffi::constructor(default(device_keys = None))]
    pub fn create(
        path: String,
        key_provider: Arc<dyn KeyProvider>,
        device_keys: Option<Arc<dyn DeviceKeyStore>>,
    ) -> Result<Arc<Self>, VidiError> {
        let errors = ForeignErrors::default();
        let provider = PlatformKeyProvider::new(key_provider, errors.clone());
        let wallet = store::Wallet::create(&path, &provider).map_err(|e| open_error(&errors, e))?;
        Ok(Self::new(wallet, provider, device_keys, errors))
    }

    /// Opens the wallet file at `path`, locked; `Wallet::unlock` opens it
    /// with `key_provider`. Give the same kind of `device_keys` store the
    /// wallet was created with. A missing file is `NotFound`.
    #[uniffi::constructor(default(device_keys = None))]
    pub fn open(
        path: String,
        key_provider: Arc<dyn KeyProvider>,
        device_keys: Option<Arc<dyn DeviceKeyStore>>,
    ) -> Result<Arc<Self>, VidiError> {
        let errors = ForeignErrors::default();
        let provider = PlatformKeyProvider::new(key_provider, errors.clone());
        let wallet = store::Wallet::open(&path).map_err(|e| open_error(&errors, e))?;
        Ok(Self::new(wallet, provider, device_keys, errors))
    }

    /// Unlocks with the key provider (a wrong key is `WrongKey` and changes
    /// nothing), merges the documents received while locked and applies
    /// the log retention.
    pub fn unlock(&self) -> Result<UnlockReport, VidiError> {
        self.with(|held| {
            let report = held.wallet.unlock(&held.provider)?;
            Ok(report.into())
        })
    }

    /// Locks: forgets the wallet key and any decrypted device key.
    pub fn lock(&self) -> Result<(), VidiError> {
        self.with(|held| {
            held.wallet.lock();
            Ok(())
        })
    }

    /// Whether the wallet is unlocked.
    pub fn is_unlocked(&self) -> Result<bool, VidiError> {
        self.with(|held| Ok(held.wallet.is_unlocked()))
    }

    /// The kind of key provider the wallet key is sealed by.
    pub fn key_provider_kind(&self) -> Result<String, VidiError> {
        self.with(|held| Ok(held.wallet.key_provider_kind().to_owned()))
    }

    /// Seals the wallet key with `key_provider` from now on (a new
    /// passphrase, a move to a hardware keystore). Needs the wallet unlocked.
    pub fn rekey(&self, key_provider: Arc<dyn KeyProvider>) -> Result<(), VidiError> {
        self.with(|held| {
            let provider = PlatformKeyProvider::new(key_provider, self.errors.clone());
            held.wallet.rekey(&provider)?;
            held.provider = provider;
            Ok(())
        })
    }

    /// Every document, oldest first. Needs the wallet unlocked.
    pub fn list_documents(&self) -> Result<Vec<DocumentSummary>, VidiError> {
        self.with(|held| {
            let today = today(OffsetDateTime::now_utc());
            Ok(held
                .wallet
                .list_documents()?
                .iter()
                .map(|d| DocumentSummary::new(d, today))
                .collect())
        })
    }

    /// Sets each document's last-known status from `verifier`'s cached
    /// status lists, offline (sync the verifier first when online): the
    /// worst of its credentials' statuses (revoked, then suspended, then
    /// valid). A document whose lists are not cached, or older than the
    /// verifier's limit (48 hours), keeps the status it had. Returns every
    /// document's summary afterwards. `NotFound` before the verifier's
    /// first sync.
    #[uniffi::method(default(now_unix = None))]
    pub fn update_status(
        &self,
        verifier: Arc<Verifier>,
        now_unix: Option<i64>,
    ) -> Result<Vec<DocumentSummary>, VidiError> {
        let cache = verifier.cache()?;
        let now = now_or(now_unix)?;
        self.with(|held| {
            let summaries =
                held.wallet
                    .update_status(&cache.data.status_lists, now, &Policy::default())?;
            let today = today(now);
            Ok(summaries
                .iter()
                .map(|d| DocumentSummary::new(d, today))
                .collect())
        })
    }

    /// One document with its fields, credentials and what it can show.
    pub fn document(&self, id: String) -> Result<DocumentDetails, VidiError> {
        self.with(|held| {
            let view = held.wallet.document(&DocumentId::new(id))?;
            DocumentDetails::new(&view, today(OffsetDateTime::now_utc()))
        })
    }

    /// Deletes a document with its credentials and device keys.
    pub fn delete_document(&self, id: String) -> Result<(), VidiError> {
        self.with(|held| {
            held.wallet
                .delete_document(&DocumentId::new(id), OffsetDateTime::now_utc())?;
            Ok(())
        })
    }

    /// How many documents wait to be merged at the next unlock. Works while locked.
    pub fn pending_count(&self) -> Result<u32, VidiError> {
        self.with(|held| Ok(count(held.wallet.pending_count()?)))
    }

    /// Makes a fresh proof of document `id` disclosing `disclose`, for a
    /// verifier's `nonce` (at most 32 bytes) and `audience` (its name) when
    /// it asks for them, and logs it. Refuses a document that needs
    /// re-binding (`NeedsRebinding`), is revoked (`Revoked`) or whose
    /// credential has expired (`Expired`).
    #[uniffi::method(default(nonce = None, audience = None))]
    pub fn present(
        &self,
        id: String,
        disclose: Disclose,
        nonce: Option<Vec<u8>>,
        audience: Option<String>,
    ) -> Result<Presentation, VidiError> {
        self.with(|held| {
            let id = DocumentId::new(id);
            let now = OffsetDateTime::now_utc();
            let (nonce, audience) = (nonce.as_deref(), audience.as_deref());
            let output = match disclose {
                Disclose::Preset { name } => held.wallet.present(
                    &id,
                    store::Disclose::Preset(preset_named(&name)?),
                    nonce,
                    audience,
                    now,
                )?,
                Disclose::Claims { names } => {
                    let available = showable_claims(&held.wallet.document(&id)?);
                    let claims = claims_named(&names, &available)?;
                    held.wallet.present(
                        &id,
                        store::Disclose::Claims(&claims),
                        nonce,
                        audience,
                        now,
                    )?
                }
            };
            Ok(Presentation::from(&output))
        })
    }

    /// Log entries matching `filter`, newest first.
    #[uniffi::method(default(filter))]
    pub fn activity_log(&self, filter: LogFilter) -> Result<Vec<LogEntry>, VidiError> {
        self.with(|held| {
            let entries = held.wallet.log(&filter.to_core()?)?;
            Ok(entries.iter().map(LogEntry::from).collect())
        })
    }

    /// The whole activity log as JSON (`{"format": "vidi-activity-log",
    /// "version": 1, "entries": [...]}`), for the citizen to keep or share.
    pub fn export_activity_log(&self) -> Result<String, VidiError> {
        self.with(|held| Ok(held.wallet.export_log()?))
    }

    /// Keeps log entries for `days` days (`None`: for ever) and deletes the
    /// older ones now; returns how many were deleted.
    pub fn set_log_retention_days(&self, days: Option<u32>) -> Result<u32, VidiError> {
        self.with(|held| {
            Ok(count(
                held.wallet
                    .set_log_retention(days, OffsetDateTime::now_utc())?,
            ))
        })
    }

    /// The log retention in days; `None` keeps every entry.
    pub fn log_retention_days(&self) -> Result<Option<u32>, VidiError> {
        self.with(|held| Ok(held.wallet.log_retention()?))
    }

    /// Writes a backup of the documents, the activity log and the settings
    /// to `path`, encrypted with `passphrase` (age scrypt). Device keys are
    /// never in it: restored documents need re-binding. Documents and log
    /// entries whose stored record is damaged are left out and named in
    /// the report.
    pub fn backup(&self, path: String, passphrase: String) -> Result<BackupReport, VidiError> {
        let passphrase = Zeroizing::new(passphrase);
        self.with(|held| Ok(held.wallet.backup(&path, &passphrase)?.into()))
    }

    /// Deletes log entry `id` (one reported damaged, say) without reading it.
    pub fn delete_log_entry(&self, id: String) -> Result<(), VidiError> {
        self.with(|held| Ok(held.wallet.delete_log_entry(&id)?))
    }

    /// Restores the backup at `path` into this (unlocked) wallet. A wrong
    /// passphrase is `WrongKey`; a damaged file `InvalidInput`; nothing is
    /// changed then. A document already held and newer is kept.
    pub fn restore(&self, path: String, passphrase: String) -> Result<RestoreReport, VidiError> {
        let passphrase = Zeroizing::new(passphrase);
        self.with(|held| {
            let report = held
                .wallet
                .restore(&path, &passphrase, OffsetDateTime::now_utc())?;
            Ok(report.into())
        })
    }
}

#[uniffi::export]
impl Wallet {
    /// Adds the reference citizen's three documents, issued by core's
    /// built-in test issuer (not a real authority): for demos, emulators,
    /// tests and benchmarks without an issuance server. Returns the
    /// documents' ids.
    ///
    /// Only a library built with the `testing` feature has the test issuer;
    /// the phones' library (`scripts/build-android.sh`, `build-ios.sh`)
    /// answers `Other` and adds nothing. The function is exported either
    /// way, so both libraries share one set of bindings.
    pub fn add_sample_documents(&self) -> Result<Vec<String>, VidiError> {
        #[cfg(feature = "testing")]
        {
            self.with(|held| {
                let issuer = vidi_core::sample::test_issuer()?;
                let documents = vidi_core::store::CitizenDocuments::reference()
                    .map_err(|e| VidiError::other(e.to_string()))?;
                let outcomes = held.wallet.add_sample_citizen(
                    &issuer,
                    documents,
                    OffsetDateTime::now_utc(),
                )?;
                Ok(outcomes
                    .iter()
                    .map(|o| o.id().as_str().to_owned())
                    .collect())
            })
        }
        #[cfg(not(feature = "testing"))]
        {
            Err(VidiError::other(
                "this library has no sample documents (built without the `testing` feature)"
                    .to_owned(),
            ))
        }
    }
}
