//! Device keys: the P-256 keys credentials are bound to.
//!
//! On a phone the platform creates them in hardware (StrongBox, Secure
//! Enclave) through a [`DeviceKeyStore`] it supplies; the wallet records
//! only their handles. Without one, the wallet makes software keys and keeps
//! their secret scalars encrypted in its database (the CLI, tests,
//! emulators): those can be made while locked and sign only when unlocked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension as _, params};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::Wallet;
use super::db::unix;
use super::encryption::{EncryptedRecord, Recipient, Vault, software_key_secret};
use super::error::{DeviceKeyError, Result, StoreError};
use crate::error::KeyError;
use crate::keys::{DeviceSignature, DeviceSigner, PublicKey, SoftwareDeviceKey};

/// The `store` column of software keys kept in the wallet.
pub const SOFTWARE_STORE: &str = "software";

/// A device key's handle: the platform's key alias, or a random id for
/// software keys. Not secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeviceKeyHandle(String);

impl DeviceKeyHandle {
    /// A handle from the platform's alias.
    pub fn new(alias: impl Into<String>) -> Self {
        Self(alias.into())
    }

    /// The alias.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DeviceKeyHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Hardware device keys, as the platform supplies them (Android StrongBox,
/// iOS Secure Enclave). Keys never leave the store; the wallet keeps handles.
pub trait DeviceKeyStore: Send + Sync {
    /// A stable name stored with every handle, e.g. `android-strongbox`.
    fn kind(&self) -> String;
    /// Creates a P-256 key and returns its handle and public key.
    fn create(&self) -> Result<(DeviceKeyHandle, PublicKey), DeviceKeyError>;
    /// A signer for the key `handle`.
    fn signer(&self, handle: &DeviceKeyHandle) -> Result<Box<dyn DeviceSigner>, DeviceKeyError>;
    /// Deletes the key `handle`; deleting a missing key is not an error.
    fn delete(&self, handle: &DeviceKeyHandle) -> Result<(), DeviceKeyError>;
}

/// A [`DeviceKeyStore`] that keeps keys in memory only, standing in for a
/// hardware store in tests: its keys are gone when it is dropped.
#[derive(Default)]
pub struct MemoryDeviceKeyStore {
    keys: Mutex<HashMap<String, Arc<SoftwareDeviceKey>>>,
}

impl MemoryDeviceKeyStore {
    /// The kind it reports.
    pub const KIND: &'static str = "memory-hardware";

    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.keys.lock().map(|k| k.len()).unwrap_or_default()
    }

    /// Whether it holds no key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

struct SharedSigner(Arc<SoftwareDeviceKey>);

impl DeviceSigner for SharedSigner {
    fn public_key(&self) -> Result<PublicKey, KeyError> {
        self.0.public_key()
    }
    fn sign_prehash(&self, prehash: &[u8; 32]) -> Result<DeviceSignature, KeyError> {
        // Hardware signers do not report the recovery id; neither does this one.
        let signature = self.0.sign_prehash(prehash)?;
        Ok(DeviceSignature {
            recovery_id: None,
            ..signature
        })
    }
}

impl DeviceKeyStore for MemoryDeviceKeyStore {
    fn kind(&self) -> String {
        Self::KIND.to_owned()
    }

    fn create(&self) -> Result<(DeviceKeyHandle, PublicKey), DeviceKeyError> {
        let platform = |e: KeyError| DeviceKeyError::Platform(e.to_string());
        let key = SoftwareDeviceKey::generate().map_err(platform)?;
        let public = key.public_key().map_err(platform)?;
        let handle = format!("hw-{}", &public.to_hex()[2..18]);
        self.keys
            .lock()
            .map_err(|_| DeviceKeyError::Platform("poisoned".into()))?
            .insert(handle.clone(), Arc::new(key));
        Ok((DeviceKeyHandle(handle), public))
    }

    fn signer(&self, handle: &DeviceKeyHandle) -> Result<Box<dyn DeviceSigner>, DeviceKeyError> {
        let keys = self
            .keys
            .lock()
            .map_err(|_| DeviceKeyError::Platform("poisoned".into()))?;
        let key = keys.get(&handle.0).ok_or(DeviceKeyError::UnknownHandle)?;
        Ok(Box::new(SharedSigner(Arc::clone(key))))
    }

    fn delete(&self, handle: &DeviceKeyHandle) -> Result<(), DeviceKeyError> {
        self.keys
            .lock()
            .map_err(|_| DeviceKeyError::Platform("poisoned".into()))?
            .remove(&handle.0);
        Ok(())
    }
}

/// A `device_keys` row.
pub(crate) struct StoredDeviceKey {
    pub(crate) handle: String,
    pub(crate) store: String,
    pub(crate) record: Option<EncryptedRecord>,
}

/// Makes a software key and stores its scalar encrypted to `recipient`.
pub(crate) fn insert_software_key(
    conn: &Connection,
    recipient: &Recipient,
    now: OffsetDateTime,
) -> Result<(DeviceKeyHandle, PublicKey)> {
    let key = SoftwareDeviceKey::generate()?;
    let public = key.public_key()?;
    let handle = format!("sw-{}", super::db::new_id()?);
    let record = recipient.encrypt(software_key_secret(&key).as_str())?;
    conn.execute(
        "INSERT INTO device_keys (handle, store, created_at, record) VALUES (?1, ?2, ?3, ?4)",
        params![handle, SOFTWARE_STORE, unix(now), record],
    )?;
    Ok((DeviceKeyHandle(handle), public))
}

/// Records the handle of a key the platform made.
pub(crate) fn insert_platform_key(
    conn: &Connection,
    store: &str,
    handle: &DeviceKeyHandle,
    now: OffsetDateTime,
) -> Result<()> {
    conn.execute(
        "INSERT INTO device_keys (handle, store, created_at, record) VALUES (?1, ?2, ?3, NULL)",
        params![handle.0, store, unix(now)],
    )?;
    Ok(())
}

/// Creates a key in the platform store when there is one, else a software
/// key, and records it.
pub(crate) fn create_key(
    conn: &Connection,
    platform: Option<&Arc<dyn DeviceKeyStore>>,
    recipient: &Recipient,
    now: OffsetDateTime,
) -> Result<(DeviceKeyHandle, PublicKey)> {
    match platform {
        Some(store) => {
            let (handle, public) = store.create()?;
            if let Err(e) = insert_platform_key(conn, &store.kind(), &handle, now) {
                // Unrecorded, the key would never be deleted.
                let _ = store.delete(&handle);
                return Err(e);
            }
            Ok((handle, public))
        }
        None => insert_software_key(conn, recipient, now),
    }
}

/// The row for `handle`.
pub(crate) fn get(conn: &Connection, handle: &str) -> Result<Option<StoredDeviceKey>> {
    Ok(conn
        .query_row(
            "SELECT handle, store, record FROM device_keys WHERE handle = ?1",
            [handle],
            |row| {
                Ok(StoredDeviceKey {
                    handle: row.get(0)?,
                    store: row.get(1)?,
                    record: row.get(2)?,
                })
            },
        )
        .optional()?)
}

/// What this wallet knows of a device key named by a handle.
pub(crate) enum HeldKey {
    /// No such key in this wallet (or its record is unreadable).
    Absent,
    /// A hardware key in a store this wallet was not given: cannot be checked now.
    Unavailable,
    /// The key's public key.
    Public(PublicKey),
}

/// The public key of the device key `handle` this wallet holds: what a
/// credential's binding is judged by (a handle is only a name; another
/// wallet's key can have the same one).
pub(crate) fn held_key(
    conn: &Connection,
    vault: &Vault,
    platform: Option<&Arc<dyn DeviceKeyStore>>,
    handle: &str,
) -> Result<HeldKey> {
    let Some(row) = get(conn, handle)? else {
        return Ok(HeldKey::Absent);
    };
    if row.store == SOFTWARE_STORE {
        let public = row
            .record
            .as_ref()
            .and_then(|record| vault.software_public_key(record).ok());
        return Ok(public.map_or(HeldKey::Absent, HeldKey::Public));
    }
    let Some(store) = platform.filter(|s| s.kind() == row.store) else {
        return Ok(HeldKey::Unavailable);
    };
    match store.signer(&DeviceKeyHandle(row.handle)) {
        Ok(signer) => Ok(HeldKey::Public(signer.public_key()?)),
        Err(DeviceKeyError::UnknownHandle) => Ok(HeldKey::Absent),
        Err(_) => Ok(HeldKey::Unavailable),
    }
}

/// Deletes those of `handles` that no credential uses any more, returning
/// the deleted rows so the caller can tell the platform and the vault.
pub(crate) fn delete_unused(conn: &Connection, handles: &[String]) -> Result<Vec<StoredDeviceKey>> {
    let mut deleted = Vec::new();
    for handle in handles {
        let used: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM credentials WHERE device_key = ?1)",
            [handle],
            |row| row.get(0),
        )?;
        if used {
            continue;
        }
        if let Some(row) = get(conn, handle)? {
            conn.execute("DELETE FROM device_keys WHERE handle = ?1", [handle])?;
            deleted.push(row);
        }
    }
    Ok(deleted)
}

impl Wallet {
    /// Has the wallet create hardware keys through `store` from now on;
    /// keys already made stay where they are.
    pub fn set_device_key_store(&mut self, store: Arc<dyn DeviceKeyStore>) {
        self.platform_keys = Some(store);
    }

    /// Creates a device key to have a credential issued to: in the platform
    /// store when one was given, else a software key kept encrypted in the
    /// wallet. Works while locked.
    pub fn create_device_key(&mut self) -> Result<(DeviceKeyHandle, PublicKey)> {
        create_key(
            &self.conn,
            self.platform_keys.as_ref(),
            &self.meta.recipient,
            OffsetDateTime::now_utc(),
        )
    }

    /// Deletes those of `handles` that no stored credential uses (keys
    /// made for an issuance that failed, say), from the platform's key
    /// store too, and returns how many it deleted. Works while locked.
    pub fn discard_unused_device_keys(&mut self, handles: &[DeviceKeyHandle]) -> Result<usize> {
        if handles.is_empty() {
            return Ok(0);
        }
        let handles: Vec<String> = handles.iter().map(|h| h.0.clone()).collect();
        let tx = self.conn.transaction()?;
        let deleted = delete_unused(&tx, &handles)?;
        tx.commit()?;
        let count = deleted.len();
        self.forget_deleted_keys(deleted);
        Ok(count)
    }

    /// Every device key handle the wallet records, in order.
    pub fn device_keys(&self) -> Result<Vec<DeviceKeyHandle>> {
        let mut stmt = self
            .conn
            .prepare("SELECT handle FROM device_keys ORDER BY handle")?;
        let rows = stmt.query_map([], |row| row.get(0).map(DeviceKeyHandle))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Runs `f` with the signer of key `handle`. Software keys need the
    /// wallet unlocked.
    pub(crate) fn with_signer<R>(
        &mut self,
        handle: &str,
        f: impl FnOnce(&dyn DeviceSigner) -> Result<R>,
    ) -> Result<R> {
        let row = get(&self.conn, handle)?.ok_or(StoreError::NotFound("device key"))?;
        if row.store == SOFTWARE_STORE {
            let vault = self.vault.as_mut().ok_or(StoreError::Locked)?;
            let record = row.record.ok_or(StoreError::CorruptRecord("device key"))?;
            let key = vault.software_key(&row.handle, &record)?;
            return f(key);
        }
        let store = self
            .platform_keys
            .as_ref()
            .filter(|s| s.kind() == row.store)
            .ok_or_else(|| DeviceKeyError::StoreUnavailable(row.store.clone()))?;
        let signer = store.signer(&DeviceKeyHandle(row.handle))?;
        f(signer.as_ref())
    }

    /// Tells the platform store and the vault about keys deleted from the
    /// database (after the transaction committed; the platform cannot roll back).
    pub(crate) fn forget_deleted_keys(&mut self, deleted: Vec<StoredDeviceKey>) {
        for key in deleted {
            if key.store == SOFTWARE_STORE {
                if let Some(vault) = self.vault.as_mut() {
                    vault.forget_key(&key.handle);
                }
            } else if let Some(store) = self
                .platform_keys
                .as_ref()
                .filter(|s| s.kind() == key.store)
            {
                // Best effort: an orphaned hardware key signs nothing the
                // wallet still holds.
                let _ = store.delete(&DeviceKeyHandle(key.handle));
            }
        }
    }
}
