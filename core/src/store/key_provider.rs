//! Key providers: what seals the wallet's age identity at rest. The platform
//! supplies one (Android Keystore, iOS Keychain); [`PassphraseKeyProvider`]
//! serves the CLI and [`MemoryKeyProvider`] the tests.

use secrecy::{ExposeSecret as _, SecretString};
use zeroize::Zeroizing;

use super::encryption::{age_decrypt, age_encrypt};
use super::error::KeyProviderError;

/// Seals and unseals the wallet's secret (its age identity) with a key the
/// platform holds. `seal` and `unseal` must be inverse; `unseal` of a blob
/// sealed under another key must fail with [`KeyProviderError::WrongKey`].
pub trait KeyProvider: Send + Sync {
    /// A stable name stored with the sealed blob, e.g. `android-keystore`.
    fn kind(&self) -> String;
    /// Seals `secret`.
    fn seal(&self, secret: &[u8]) -> Result<Vec<u8>, KeyProviderError>;
    /// Opens a blob made by [`KeyProvider::seal`].
    fn unseal(&self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyProviderError>;
}

/// Seals with a passphrase through age's scrypt recipient: for the CLI and
/// for platforms without a hardware keystore.
pub struct PassphraseKeyProvider {
    passphrase: SecretString,
    work_factor: Option<u8>,
}

impl PassphraseKeyProvider {
    /// The kind stored with blobs it seals.
    pub const KIND: &'static str = "passphrase";

    /// A provider with age's default work factor (about one second of scrypt
    /// on this device): the one for real wallets.
    pub fn new(passphrase: &str) -> Self {
        Self {
            passphrase: SecretString::from(passphrase.to_owned()),
            work_factor: None,
        }
    }

    /// A provider with scrypt work factor `2^log_n` (clamped to 1..=30): low
    /// values are for tests only.
    pub fn with_work_factor(passphrase: &str, log_n: u8) -> Self {
        Self {
            passphrase: SecretString::from(passphrase.to_owned()),
            work_factor: Some(log_n.clamp(1, 30)),
        }
    }
}

impl KeyProvider for PassphraseKeyProvider {
    fn kind(&self) -> String {
        Self::KIND.to_owned()
    }

    fn seal(&self, secret: &[u8]) -> Result<Vec<u8>, KeyProviderError> {
        let mut recipient = age::scrypt::Recipient::new(self.passphrase.clone());
        if let Some(log_n) = self.work_factor {
            recipient.set_work_factor(log_n);
        }
        age_encrypt(&recipient, secret)
    }

    fn unseal(&self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyProviderError> {
        let identity = age::scrypt::Identity::new(self.passphrase.clone());
        age_decrypt(&identity, sealed)
    }
}

/// Seals with an age X25519 identity held in memory: a stand-in for a
/// hardware keystore in tests.
#[derive(Clone)]
pub struct MemoryKeyProvider {
    identity: age::x25519::Identity,
}

impl MemoryKeyProvider {
    /// The kind stored with blobs it seals.
    pub const KIND: &'static str = "memory";

    /// A provider with a fresh random key.
    pub fn generate() -> Self {
        Self {
            identity: age::x25519::Identity::generate(),
        }
    }

    /// The key as an age secret-key string, to hand to another process in tests.
    pub fn to_secret_string(&self) -> Zeroizing<String> {
        Zeroizing::new(self.identity.to_string().expose_secret().to_owned())
    }

    /// A provider from [`MemoryKeyProvider::to_secret_string`]'s output.
    pub fn from_secret_string(text: &str) -> Result<Self, KeyProviderError> {
        let identity = text
            .parse::<age::x25519::Identity>()
            .map_err(|e| KeyProviderError::Failed(e.to_owned()))?;
        Ok(Self { identity })
    }
}

impl KeyProvider for MemoryKeyProvider {
    fn kind(&self) -> String {
        Self::KIND.to_owned()
    }

    fn seal(&self, secret: &[u8]) -> Result<Vec<u8>, KeyProviderError> {
        age_encrypt(&self.identity.to_public(), secret)
    }

    fn unseal(&self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyProviderError> {
        age_decrypt(&self.identity, sealed)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn memory_provider_round_trips_and_refuses_another_key() {
        let a = MemoryKeyProvider::generate();
        let b = MemoryKeyProvider::generate();
        let sealed = a.seal(b"secret").unwrap();
        assert_eq!(a.unseal(&sealed).unwrap().as_slice(), b"secret");
        assert_eq!(b.unseal(&sealed).unwrap_err(), KeyProviderError::WrongKey);
        let again = MemoryKeyProvider::from_secret_string(&a.to_secret_string()).unwrap();
        assert_eq!(again.unseal(&sealed).unwrap().as_slice(), b"secret");
    }

    #[test]
    fn passphrase_provider_round_trips_and_refuses_another_passphrase() {
        let a = PassphraseKeyProvider::with_work_factor("correct horse", 2);
        let sealed = a.seal(b"secret").unwrap();
        assert_eq!(a.unseal(&sealed).unwrap().as_slice(), b"secret");
        let b = PassphraseKeyProvider::with_work_factor("battery staple", 2);
        assert_eq!(b.unseal(&sealed).unwrap_err(), KeyProviderError::WrongKey);
    }
}
