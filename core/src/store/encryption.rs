//! Record encryption with age. Every record is a serde-JSON value encrypted
//! to the wallet's X25519 recipient, which is stored in clear so that the
//! wallet can take in documents while locked; reading needs the identity,
//! which only a [`Vault`] holds. [`Vault::decrypt`] is the one place records
//! are decrypted.

use std::collections::HashMap;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use secrecy::{ExposeSecret as _, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use super::age_file::{age_decrypt, age_encrypt};
use super::error::{KeyProviderError, Result, StoreError};
use super::key_provider::KeyProvider;
use super::mac::MacKey;
use crate::keys::{DeviceSigner as _, PublicKey, SoftwareDeviceKey};

/// The known value encrypted to the recipient at creation: an identity that
/// decrypts it is the wallet's.
const CANARY: &str = "vidi wallet canary v1";

/// An age ciphertext as stored in a `record` column. Only [`Recipient::encrypt`]
/// makes one from a value, and only [`Vault::decrypt`] reads one.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct EncryptedRecord(Vec<u8>);

impl ToSql for EncryptedRecord {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Blob(&self.0)))
    }
}

impl EncryptedRecord {
    /// The ciphertext, for record authentication.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl FromSql for EncryptedRecord {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_blob().map(|b| Self(b.to_vec()))
    }
}

/// The wallet's public age key: anyone holding the database can encrypt to
/// it, only the identity decrypts.
#[derive(Clone)]
pub(crate) struct Recipient(age::x25519::Recipient);

impl Recipient {
    /// Parses the `age1...` form stored in the metadata.
    pub(crate) fn parse(text: &str) -> Result<Self> {
        text.parse()
            .map(Self)
            .map_err(|_| StoreError::CorruptRecord("wallet metadata"))
    }

    /// The `age1...` form.
    pub(crate) fn to_text(&self) -> String {
        self.0.to_string()
    }

    /// Encrypts `value` as JSON.
    pub(crate) fn encrypt<T: Serialize + ?Sized>(&self, value: &T) -> Result<EncryptedRecord> {
        let json = Zeroizing::new(serde_json::to_vec(value).map_err(|_| StoreError::Encryption)?);
        age_encrypt(&self.0, &json)
            .map(EncryptedRecord)
            .map_err(|_| StoreError::Encryption)
    }
}

/// A fresh wallet key: the identity sealed by `provider`, the recipient,
/// and the canary encrypted to it.
pub(crate) struct NewWalletKey {
    pub(crate) recipient: Recipient,
    pub(crate) sealed_identity: Vec<u8>,
    pub(crate) canary: EncryptedRecord,
    pub(crate) vault: Vault,
}

impl NewWalletKey {
    /// A key sealed as wallets before schema version 5 sealed it, without
    /// the mark of authenticated records (the legacy writers use it).
    #[cfg(any(test, feature = "test-support"))]
    pub(crate) fn generate(provider: &dyn KeyProvider) -> Result<Self> {
        Self::generate_marked(provider, false)
    }

    /// A key for a wallet whose records are authenticated from the start.
    pub(crate) fn generate_authenticated(provider: &dyn KeyProvider) -> Result<Self> {
        Self::generate_marked(provider, true)
    }

    fn generate_marked(provider: &dyn KeyProvider, authenticated: bool) -> Result<Self> {
        let identity = age::x25519::Identity::generate();
        let recipient = Recipient(identity.to_public());
        let mut vault = Vault::new(identity);
        vault.authenticated = authenticated;
        let sealed_identity = vault.seal(provider)?;
        let canary = recipient.encrypt(CANARY)?;
        Ok(Self {
            recipient,
            sealed_identity,
            canary,
            vault,
        })
    }
}

/// Appended to the identity inside the sealed blob of a wallet whose
/// records are authenticated. Only the key provider can write the sealed
/// blob, so whoever edits the file cannot make an authenticated wallet look
/// like one from before authentication (whose rows would be adopted).
const AUTHENTICATED_MARK: &str = "\nvidi-authenticated-records-v1";

/// What an unlocked wallet holds: the age identity, the key records are
/// authenticated with, and the software device keys decrypted so far.
/// Dropping it (on lock, on drop of the wallet) zeroizes them. Deliberately
/// not `Debug`.
pub(crate) struct Vault {
    identity: age::x25519::Identity,
    mac: MacKey,
    /// Whether the sealed blob carries [`AUTHENTICATED_MARK`]: the rows of
    /// a wallet without it are sealed at its first unlock.
    authenticated: bool,
    software_keys: HashMap<String, SoftwareDeviceKey>,
}

impl Vault {
    fn new(identity: age::x25519::Identity) -> Self {
        let mac = MacKey::derive(identity.to_string().expose_secret().as_bytes());
        Self {
            identity,
            mac,
            authenticated: false,
            software_keys: HashMap::new(),
        }
    }

    /// The key rows are authenticated with.
    pub(crate) fn mac(&self) -> &MacKey {
        &self.mac
    }

    /// Whether the wallet's records were authenticated when it was sealed.
    pub(crate) fn is_authenticated(&self) -> bool {
        self.authenticated
    }

    /// From now on the identity is sealed with the mark of authenticated records.
    pub(crate) fn mark_authenticated(&mut self) {
        self.authenticated = true;
    }

    /// Unseals the identity with `provider` and checks it against the
    /// stored recipient and canary; any mismatch is [`StoreError::WrongKey`].
    pub(crate) fn unseal(
        provider: &dyn KeyProvider,
        sealed: &[u8],
        recipient: &Recipient,
        canary: &EncryptedRecord,
    ) -> Result<Self> {
        let secret = provider.unseal(sealed).map_err(|e| match e {
            KeyProviderError::WrongKey => StoreError::WrongKey,
            other => StoreError::KeyProvider(other),
        })?;
        let text = std::str::from_utf8(&secret).map_err(|_| StoreError::WrongKey)?;
        let (text, authenticated) = match text.strip_suffix(AUTHENTICATED_MARK) {
            Some(identity) => (identity, true),
            None => (text, false),
        };
        let identity: age::x25519::Identity = text.parse().map_err(|_| StoreError::WrongKey)?;
        if identity.to_public().to_string() != recipient.to_text() {
            return Err(StoreError::WrongKey);
        }
        let mut vault = Self::new(identity);
        vault.authenticated = authenticated;
        match vault.decrypt::<String>(canary, "canary") {
            Ok(value) if value == CANARY => Ok(vault),
            _ => Err(StoreError::WrongKey),
        }
    }

    /// The identity sealed by `provider` (for creation and rekeying).
    pub(crate) fn seal(&self, provider: &dyn KeyProvider) -> Result<Vec<u8>> {
        let text: SecretString = self.identity.to_string();
        let mut secret = Zeroizing::new(text.expose_secret().as_bytes().to_vec());
        if self.authenticated {
            secret.extend_from_slice(AUTHENTICATED_MARK.as_bytes());
        }
        Ok(provider.seal(&secret)?)
    }

    /// Decrypts and parses a `what` record.
    pub(crate) fn decrypt<T: DeserializeOwned>(
        &self,
        record: &EncryptedRecord,
        what: &'static str,
    ) -> Result<T> {
        let json =
            age_decrypt(&self.identity, &record.0).map_err(|_| StoreError::CorruptRecord(what))?;
        serde_json::from_slice(&json).map_err(|_| StoreError::CorruptRecord(what))
    }

    /// The public key of the software device key stored in `record`.
    pub(crate) fn software_public_key(&self, record: &EncryptedRecord) -> Result<PublicKey> {
        Ok(software_key_from(self, record)?.public_key()?)
    }

    /// The software device key `handle`, decrypting `record` the first time.
    pub(crate) fn software_key(
        &mut self,
        handle: &str,
        record: &EncryptedRecord,
    ) -> Result<&SoftwareDeviceKey> {
        if !self.software_keys.contains_key(handle) {
            let key = software_key_from(self, record)?;
            self.software_keys.insert(handle.to_owned(), key);
        }
        self.software_keys
            .get(handle)
            .ok_or(StoreError::NotFound("device key"))
    }

    /// Forgets a deleted software key.
    pub(crate) fn forget_key(&mut self, handle: &str) {
        self.software_keys.remove(handle);
    }
}

/// Decrypts a software key's record.
fn software_key_from(vault: &Vault, record: &EncryptedRecord) -> Result<SoftwareDeviceKey> {
    let secret: Zeroizing<String> = Zeroizing::new(vault.decrypt(record, "device key")?);
    let bytes = Zeroizing::new(
        hex::decode(secret.as_bytes()).map_err(|_| StoreError::CorruptRecord("device key"))?,
    );
    SoftwareDeviceKey::from_secret_bytes(&bytes)
        .map_err(|_| StoreError::CorruptRecord("device key"))
}

/// The stored form of a software key's secret scalar (hex in a JSON string).
pub(crate) fn software_key_secret(key: &SoftwareDeviceKey) -> Zeroizing<String> {
    Zeroizing::new(hex::encode(key.secret_bytes().as_slice()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::store::key_provider::MemoryKeyProvider;

    #[test]
    fn records_round_trip_and_the_canary_checks_the_key() {
        let provider = MemoryKeyProvider::generate();
        let key = NewWalletKey::generate(&provider).unwrap();
        let record = key.recipient.encrypt(&vec![1u32, 2, 3]).unwrap();
        let back: Vec<u32> = key.vault.decrypt(&record, "test").unwrap();
        assert_eq!(back, [1, 2, 3]);
        let vault = Vault::unseal(&provider, &key.sealed_identity, &key.recipient, &key.canary);
        assert!(vault.is_ok());
        let other = MemoryKeyProvider::generate();
        let wrong = Vault::unseal(&other, &key.sealed_identity, &key.recipient, &key.canary);
        assert!(matches!(wrong, Err(StoreError::WrongKey)));
        // The right identity with another wallet's canary is refused too.
        let key2 = NewWalletKey::generate(&provider).unwrap();
        let mixed = Vault::unseal(
            &provider,
            &key.sealed_identity,
            &key.recipient,
            &key2.canary,
        );
        assert!(matches!(mixed, Err(StoreError::WrongKey)));
    }
}
