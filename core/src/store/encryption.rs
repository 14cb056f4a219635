//! Record encryption with age. Every record is a serde-JSON value encrypted
//! to the wallet's X25519 recipient, which is stored in clear so that the
//! wallet can take in documents while locked; reading needs the identity,
//! which only a [`Vault`] holds. [`Vault::decrypt`] is the one place records
//! are decrypted.

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::iter;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use secrecy::{ExposeSecret as _, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use super::error::{KeyProviderError, Result, StoreError};
use super::key_provider::KeyProvider;
use crate::keys::SoftwareDeviceKey;

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
    pub(crate) fn generate(provider: &dyn KeyProvider) -> Result<Self> {
        let identity = age::x25519::Identity::generate();
        let recipient = Recipient(identity.to_public());
        let vault = Vault::new(identity);
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

/// What an unlocked wallet holds: the age identity and the software device
/// keys decrypted so far. Dropping it (on lock, on drop of the wallet)
/// zeroizes both. Deliberately not `Debug`.
pub(crate) struct Vault {
    identity: age::x25519::Identity,
    software_keys: HashMap<String, SoftwareDeviceKey>,
}

impl Vault {
    fn new(identity: age::x25519::Identity) -> Self {
        Self {
            identity,
            software_keys: HashMap::new(),
        }
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
        let identity: age::x25519::Identity = text.parse().map_err(|_| StoreError::WrongKey)?;
        if identity.to_public().to_string() != recipient.to_text() {
            return Err(StoreError::WrongKey);
        }
        let vault = Self::new(identity);
        match vault.decrypt::<String>(canary, "canary") {
            Ok(value) if value == CANARY => Ok(vault),
            _ => Err(StoreError::WrongKey),
        }
    }

    /// The identity sealed by `provider` (for creation and rekeying).
    pub(crate) fn seal(&self, provider: &dyn KeyProvider) -> Result<Vec<u8>> {
        let text: SecretString = self.identity.to_string();
        Ok(provider.seal(text.expose_secret().as_bytes())?)
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

    /// The software device key `handle`, decrypting `record` the first time.
    pub(crate) fn software_key(
        &mut self,
        handle: &str,
        record: &EncryptedRecord,
    ) -> Result<&SoftwareDeviceKey> {
        if !self.software_keys.contains_key(handle) {
            let secret: Zeroizing<String> = Zeroizing::new(self.decrypt(record, "device key")?);
            let bytes = Zeroizing::new(
                hex::decode(secret.as_bytes())
                    .map_err(|_| StoreError::CorruptRecord("device key"))?,
            );
            let key = SoftwareDeviceKey::from_secret_bytes(&bytes)
                .map_err(|_| StoreError::CorruptRecord("device key"))?;
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

/// The stored form of a software key's secret scalar (hex in a JSON string).
pub(crate) fn software_key_secret(key: &SoftwareDeviceKey) -> Zeroizing<String> {
    Zeroizing::new(hex::encode(key.secret_bytes().as_slice()))
}

/// Encrypts `plaintext` to one age recipient, binary format.
pub(crate) fn age_encrypt(
    recipient: &dyn age::Recipient,
    plaintext: &[u8],
) -> Result<Vec<u8>, KeyProviderError> {
    let failed = |e: &dyn std::fmt::Display| KeyProviderError::Failed(e.to_string());
    let encryptor =
        age::Encryptor::with_recipients(iter::once(recipient)).map_err(|e| failed(&e))?;
    let mut out = Vec::with_capacity(plaintext.len() + 256);
    let mut writer = encryptor.wrap_output(&mut out).map_err(|e| failed(&e))?;
    writer.write_all(plaintext).map_err(|e| failed(&e))?;
    writer.finish().map_err(|e| failed(&e))?;
    Ok(out)
}

fn map_decrypt(e: age::DecryptError) -> KeyProviderError {
    match e {
        age::DecryptError::DecryptionFailed
        | age::DecryptError::NoMatchingKeys
        | age::DecryptError::KeyDecryptionFailed
        | age::DecryptError::InvalidMac => KeyProviderError::WrongKey,
        other => KeyProviderError::Failed(other.to_string()),
    }
}

/// Decrypts an age file with one identity. Used by the key providers to
/// unseal, and by [`Vault::decrypt`].
pub(crate) fn age_decrypt(
    identity: &dyn age::Identity,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, KeyProviderError> {
    let decryptor = age::Decryptor::new_buffered(ciphertext).map_err(map_decrypt)?;
    let mut reader = decryptor
        .decrypt(iter::once(identity))
        .map_err(map_decrypt)?;
    let mut out = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    reader
        .read_to_end(&mut out)
        .map_err(|_| KeyProviderError::WrongKey)?;
    Ok(out)
}

/// Encrypts `plaintext` under a passphrase (age scrypt, binary format), with
/// work factor `2^log_n` or age's default.
pub(crate) fn passphrase_encrypt(
    passphrase: &str,
    work_factor: Option<u8>,
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let mut recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
    if let Some(log_n) = work_factor {
        recipient.set_work_factor(log_n.clamp(1, 30));
    }
    age_encrypt(&recipient, plaintext).map_err(|_| StoreError::Encryption)
}

/// Decrypts a file made by [`passphrase_encrypt`], telling a wrong
/// passphrase from a damaged file as far as age can.
pub(crate) fn passphrase_decrypt(
    passphrase: &str,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    // Another file, or an age version this build does not read.
    if !ciphertext.starts_with(b"age-encryption.org/v1\n") {
        return Err(StoreError::BackupFormat);
    }
    let decryptor = match age::Decryptor::new_buffered(ciphertext) {
        Ok(d) if d.is_scrypt() => d,
        // An age file for a key, not a passphrase.
        Ok(_) => return Err(StoreError::BackupFormat),
        Err(_) => return Err(StoreError::BackupCorrupt),
    };
    let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
    let mut reader = decryptor
        .decrypt(iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            // The stanza's AEAD failing is what a wrong passphrase looks like;
            // a flipped bit in the stanza body looks the same, and age cannot
            // tell them apart.
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys => StoreError::BackupPassphrase,
            _ => StoreError::BackupCorrupt,
        })?;
    let mut out = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    reader
        .read_to_end(&mut out)
        .map_err(|_| StoreError::BackupCorrupt)?;
    Ok(out)
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

    #[test]
    fn passphrase_files_tell_wrong_passphrase_from_damage() {
        let file = passphrase_encrypt("pw", Some(2), b"hello").unwrap();
        assert_eq!(
            passphrase_decrypt("pw", &file).unwrap().as_slice(),
            b"hello"
        );
        assert!(matches!(
            passphrase_decrypt("nope", &file),
            Err(StoreError::BackupPassphrase)
        ));
        let mut damaged = file.clone();
        let last = damaged.len() - 3;
        damaged[last] ^= 1;
        assert!(matches!(
            passphrase_decrypt("pw", &damaged),
            Err(StoreError::BackupCorrupt)
        ));
        assert!(matches!(
            passphrase_decrypt("pw", b"not an age file"),
            Err(StoreError::BackupFormat)
        ));
    }
}
