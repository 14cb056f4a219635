//! Key providers: what seals the wallet's age identity at rest. The platform
//! supplies one (Android Keystore, iOS Keychain); [`PassphraseKeyProvider`]
//! serves the CLI and [`MemoryKeyProvider`] the tests.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use secrecy::{ExposeSecret as _, SecretString};
use zeroize::Zeroizing;

use super::age_file::{age_decrypt, age_encrypt};
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

/// The apps' PIN (age scrypt) as the inner layer of the platform's key
/// provider: opening needs both the phone's key and the PIN. Its kind is
/// `pin+` and the platform's kind.
pub struct PinKeyProvider {
    inner: Arc<dyn KeyProvider>,
    pin: PassphraseKeyProvider,
    platform_failed: AtomicBool,
}

impl PinKeyProvider {
    /// `pin` inside `inner`; `work_factor` is scrypt's log2 N (`None`:
    /// age's default, for real wallets).
    pub fn new(inner: Arc<dyn KeyProvider>, pin: &str, work_factor: Option<u8>) -> Self {
        let pin = match work_factor {
            Some(log_n) => PassphraseKeyProvider::with_work_factor(pin, log_n),
            None => PassphraseKeyProvider::new(pin),
        };
        Self {
            inner,
            pin,
            platform_failed: AtomicBool::new(false),
        }
    }

    /// Whether an unseal failed because the platform's own key did not open
    /// its layer (a key that is gone), not because of the PIN.
    pub fn platform_failed(&self) -> bool {
        self.platform_failed.load(Ordering::SeqCst)
    }
}

impl KeyProvider for PinKeyProvider {
    fn kind(&self) -> String {
        format!("pin+{}", self.inner.kind())
    }

    fn seal(&self, secret: &[u8]) -> Result<Vec<u8>, KeyProviderError> {
        let layer = Zeroizing::new(self.pin.seal(secret)?);
        self.inner.seal(&layer)
    }

    fn unseal(&self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyProviderError> {
        let layer = self.inner.unseal(sealed).inspect_err(|e| {
            if *e == KeyProviderError::WrongKey {
                self.platform_failed.store(true, Ordering::SeqCst);
            }
        })?;
        self.pin.unseal(&layer)
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
    fn the_pin_layer_needs_both_keys_and_says_which_failed() {
        let platform: Arc<dyn KeyProvider> = Arc::new(MemoryKeyProvider::generate());
        let sealed = PinKeyProvider::new(Arc::clone(&platform), "135790", Some(2))
            .seal(b"wallet key")
            .unwrap();
        let right = PinKeyProvider::new(Arc::clone(&platform), "135790", Some(2));
        assert_eq!(right.unseal(&sealed).unwrap().as_slice(), b"wallet key");
        assert_eq!(right.kind(), "pin+memory");
        // The platform's layer is outermost: the PIN alone cannot open it.
        assert!(platform.unseal(&sealed).is_ok());

        let wrong_pin = PinKeyProvider::new(Arc::clone(&platform), "246801", Some(2));
        assert_eq!(
            wrong_pin.unseal(&sealed).unwrap_err(),
            KeyProviderError::WrongKey
        );
        assert!(!wrong_pin.platform_failed());

        let other_phone =
            PinKeyProvider::new(Arc::new(MemoryKeyProvider::generate()), "135790", Some(2));
        assert_eq!(
            other_phone.unseal(&sealed).unwrap_err(),
            KeyProviderError::WrongKey
        );
        assert!(other_phone.platform_failed());
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
