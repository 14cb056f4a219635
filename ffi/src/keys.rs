//! The platform's keys, as foreign traits the apps implement (Android
//! Keystore and StrongBox, iOS Keychain and Secure Enclave), adapted to
//! core's `KeyProvider` and `DeviceKeyStore`; and the software
//! implementations for tests, the CLI's kind of wallet and emulators.

use std::sync::{Arc, Mutex};

use vidi_core::error::KeyError;
use vidi_core::keys::{DeviceSignature, DeviceSigner, PublicKey, SIGNATURE_LEN};
use vidi_core::store::{
    self, DeviceKeyError, DeviceKeyHandle, KeyProviderError, MemoryDeviceKeyStore,
    MemoryKeyProvider, PassphraseKeyProvider,
};
use zeroize::Zeroizing;

use crate::error::VidiError;

/// Seals and unseals the wallet's secret key with a key the platform holds
/// (an AES key in the Android Keystore, a Keychain item), after whatever
/// unlock the platform asks for (biometrics, device PIN).
///
/// `unseal` of a blob sealed under another key must throw
/// `VidiError.WrongKey`; a user who cancels the prompt, `Cancelled`; a key
/// the platform will not release now, `Locked`. The wallet hands the error
/// back to the app unchanged.
#[uniffi::export(with_foreign)]
pub trait KeyProvider: Send + Sync {
    /// A stable name stored with the sealed key, e.g. `android-keystore`:
    /// a wallet opens only with a provider of the kind that sealed it.
    fn kind(&self) -> String;
    /// Seals `secret` (the wallet key, about 74 bytes).
    fn seal(&self, secret: Vec<u8>) -> Result<Vec<u8>, VidiError>;
    /// Opens a blob made by `seal`.
    fn unseal(&self, sealed: Vec<u8>) -> Result<Vec<u8>, VidiError>;
}

/// A device key just made by a `DeviceKeyStore`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CreatedDeviceKey {
    /// The platform's alias for the key; the wallet keeps it. Not secret.
    pub handle: String,
    /// The P-256 public key: SEC1 (33 bytes compressed or 65 uncompressed)
    /// or X.509 SubjectPublicKeyInfo (91 bytes, Java's `PublicKey.getEncoded()`).
    pub public_key: Vec<u8>,
}

/// Hardware device keys (StrongBox or TEE, Secure Enclave): P-256 keys
/// that never leave the store, one per credential. Each credential is bound
/// to one; each QR code is signed by it.
#[uniffi::export(with_foreign)]
pub trait DeviceKeyStore: Send + Sync {
    /// A stable name stored with every handle, e.g. `android-strongbox`.
    fn kind(&self) -> String;
    /// Creates a P-256 signing key.
    fn create(&self) -> Result<CreatedDeviceKey, VidiError>;
    /// The public key of `handle`, in a form `CreatedDeviceKey::public_key` allows.
    fn public_key(&self, handle: String) -> Result<Vec<u8>, VidiError>;
    /// Signs `prehash`, a 32-byte SHA-256 digest, with the key `handle`
    /// (ECDSA over the digest as given: Android `NONEwithECDSA`, iOS a
    /// digest signature). Returns `r || s` (64 bytes) or a DER ECDSA
    /// signature; high or low S. No recovery id is needed: core finds it.
    fn sign(&self, handle: String, prehash: Vec<u8>) -> Result<Vec<u8>, VidiError>;
    /// Deletes the key `handle`; deleting a missing key is not an error.
    fn delete(&self, handle: String) -> Result<(), VidiError>;
}

/// The last error a platform implementation threw during a wallet call, so
/// that the wallet hands it back unchanged: core's key errors keep a kind,
/// not the app's own case (a cancelled prompt, a locked keystore).
#[derive(Clone, Default)]
pub(crate) struct ForeignErrors(Arc<Mutex<Option<VidiError>>>);

impl ForeignErrors {
    fn keep(&self, e: VidiError) -> VidiError {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(e.clone());
        }
        e
    }

    /// Takes the error kept since the last call, if any.
    pub(crate) fn take(&self) -> Option<VidiError> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// A `KeyProvider` as core's.
pub(crate) struct PlatformKeyProvider {
    inner: Arc<dyn KeyProvider>,
    errors: ForeignErrors,
}

impl PlatformKeyProvider {
    pub(crate) fn new(inner: Arc<dyn KeyProvider>, errors: ForeignErrors) -> Self {
        Self { inner, errors }
    }
}

fn provider_error(e: VidiError) -> KeyProviderError {
    match e {
        VidiError::WrongKey { .. } => KeyProviderError::WrongKey,
        VidiError::Locked { reason } | VidiError::Cancelled { reason } => {
            KeyProviderError::Unavailable(reason)
        }
        other => KeyProviderError::Failed(other.reason().to_owned()),
    }
}

impl store::KeyProvider for PlatformKeyProvider {
    fn kind(&self) -> String {
        self.inner.kind()
    }

    fn seal(&self, secret: &[u8]) -> Result<Vec<u8>, KeyProviderError> {
        self.inner
            .seal(secret.to_vec())
            .map_err(|e| provider_error(self.errors.keep(e)))
    }

    fn unseal(&self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyProviderError> {
        self.inner
            .unseal(sealed.to_vec())
            .map(Zeroizing::new)
            .map_err(|e| provider_error(self.errors.keep(e)))
    }
}

/// A `DeviceKeyStore` as core's.
pub(crate) struct PlatformDeviceKeys {
    inner: Arc<dyn DeviceKeyStore>,
    errors: ForeignErrors,
}

impl PlatformDeviceKeys {
    pub(crate) fn new(inner: Arc<dyn DeviceKeyStore>, errors: ForeignErrors) -> Self {
        Self { inner, errors }
    }
}

fn device_key_error(e: VidiError) -> DeviceKeyError {
    match e {
        VidiError::NotFound { .. } => DeviceKeyError::UnknownHandle,
        other => DeviceKeyError::Platform(other.reason().to_owned()),
    }
}

/// P-256 SubjectPublicKeyInfo up to the uncompressed point: SEQUENCE,
/// AlgorithmIdentifier (id-ecPublicKey, prime256v1), BIT STRING header.
const P256_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

/// A platform's public key bytes: SEC1, or P-256 SubjectPublicKeyInfo.
pub(crate) fn platform_public_key(bytes: &[u8]) -> Result<PublicKey, KeyError> {
    let sec1 = bytes.strip_prefix(&P256_SPKI_PREFIX).unwrap_or(bytes);
    PublicKey::from_sec1(sec1)
}

/// A platform's signature bytes as raw `r || s`: 64 bytes as they are, or
/// a DER `ECDSA-Sig-Value` (what Android's Keystore and `SecKeyCreateSignature` give).
pub(crate) fn platform_signature(bytes: &[u8]) -> Result<[u8; SIGNATURE_LEN], KeyError> {
    if let Ok(raw) = <[u8; SIGNATURE_LEN]>::try_from(bytes) {
        return Ok(raw);
    }
    let signature =
        p256::ecdsa::Signature::from_der(bytes).map_err(|_| KeyError::InvalidSignature)?;
    Ok(signature.to_bytes().into())
}

impl store::DeviceKeyStore for PlatformDeviceKeys {
    fn kind(&self) -> String {
        self.inner.kind()
    }

    fn create(&self) -> Result<(DeviceKeyHandle, PublicKey), DeviceKeyError> {
        let key = self
            .inner
            .create()
            .map_err(|e| device_key_error(self.errors.keep(e)))?;
        let public = platform_public_key(&key.public_key).map_err(|_| {
            DeviceKeyError::Platform("the platform's new key is not a P-256 public key".into())
        })?;
        Ok((DeviceKeyHandle::new(key.handle), public))
    }

    fn signer(&self, handle: &DeviceKeyHandle) -> Result<Box<dyn DeviceSigner>, DeviceKeyError> {
        Ok(Box::new(PlatformSigner {
            store: Arc::clone(&self.inner),
            handle: handle.as_str().to_owned(),
            errors: self.errors.clone(),
        }))
    }

    fn delete(&self, handle: &DeviceKeyHandle) -> Result<(), DeviceKeyError> {
        self.inner
            .delete(handle.as_str().to_owned())
            .map_err(|e| device_key_error(self.errors.keep(e)))
    }
}

/// One platform key as core's signer.
struct PlatformSigner {
    store: Arc<dyn DeviceKeyStore>,
    handle: String,
    errors: ForeignErrors,
}

impl DeviceSigner for PlatformSigner {
    fn public_key(&self) -> Result<PublicKey, KeyError> {
        let bytes = self.store.public_key(self.handle.clone()).map_err(|e| {
            self.errors.keep(e);
            KeyError::Signing
        })?;
        platform_public_key(&bytes)
    }

    fn sign_prehash(&self, prehash: &[u8; 32]) -> Result<DeviceSignature, KeyError> {
        let bytes = self
            .store
            .sign(self.handle.clone(), prehash.to_vec())
            .map_err(|e| {
                self.errors.keep(e);
                KeyError::Signing
            })?;
        Ok(DeviceSignature {
            signature: platform_signature(&bytes)?,
            recovery_id: None,
        })
    }
}

/// The software key provider: the wallet key sealed with a passphrase
/// (age scrypt), as the CLI does. For desktops, tests and emulators.
struct SoftwareKeyProvider(PassphraseKeyProvider);

/// Core's in-memory provider, for tests.
struct InMemoryKeyProvider(MemoryKeyProvider);

fn seal_with(provider: &dyn store::KeyProvider, secret: &[u8]) -> Result<Vec<u8>, VidiError> {
    Ok(provider.seal(secret)?)
}

fn unseal_with(provider: &dyn store::KeyProvider, sealed: &[u8]) -> Result<Vec<u8>, VidiError> {
    // Handed to the caller as a plain Vec, as a foreign provider's would be.
    Ok(provider.unseal(sealed)?.to_vec())
}

impl KeyProvider for SoftwareKeyProvider {
    fn kind(&self) -> String {
        store::KeyProvider::kind(&self.0)
    }
    fn seal(&self, secret: Vec<u8>) -> Result<Vec<u8>, VidiError> {
        seal_with(&self.0, &Zeroizing::new(secret))
    }
    fn unseal(&self, sealed: Vec<u8>) -> Result<Vec<u8>, VidiError> {
        unseal_with(&self.0, &sealed)
    }
}

impl KeyProvider for InMemoryKeyProvider {
    fn kind(&self) -> String {
        store::KeyProvider::kind(&self.0)
    }
    fn seal(&self, secret: Vec<u8>) -> Result<Vec<u8>, VidiError> {
        seal_with(&self.0, &Zeroizing::new(secret))
    }
    fn unseal(&self, sealed: Vec<u8>) -> Result<Vec<u8>, VidiError> {
        unseal_with(&self.0, &sealed)
    }
}

/// A key provider that seals the wallet key with `passphrase` (age scrypt,
/// kind `passphrase`, the same as the `vidi` CLI's wallets). `work_factor`
/// is scrypt's log2 N: leave it out for real wallets (about a second of
/// work); tests pass a small one.
#[uniffi::export(default(work_factor = None))]
pub fn software_key_provider(passphrase: String, work_factor: Option<u8>) -> Arc<dyn KeyProvider> {
    let passphrase = Zeroizing::new(passphrase);
    Arc::new(SoftwareKeyProvider(match work_factor {
        Some(log_n) => PassphraseKeyProvider::with_work_factor(&passphrase, log_n),
        None => PassphraseKeyProvider::new(&passphrase),
    }))
}

/// A key provider with a fresh random key held in memory only (kind
/// `memory`): a wallet it creates opens again only with this same object.
/// For tests.
#[uniffi::export]
pub fn memory_key_provider() -> Arc<dyn KeyProvider> {
    Arc::new(InMemoryKeyProvider(MemoryKeyProvider::generate()))
}

/// Core's in-memory device key store, for tests.
struct InMemoryDeviceKeys(MemoryDeviceKeyStore);

impl InMemoryDeviceKeys {
    fn signer(&self, handle: String) -> Result<Box<dyn DeviceSigner>, VidiError> {
        Ok(store::DeviceKeyStore::signer(
            &self.0,
            &DeviceKeyHandle::new(handle),
        )?)
    }
}

impl DeviceKeyStore for InMemoryDeviceKeys {
    fn kind(&self) -> String {
        store::DeviceKeyStore::kind(&self.0)
    }

    fn create(&self) -> Result<CreatedDeviceKey, VidiError> {
        let (handle, public) = store::DeviceKeyStore::create(&self.0)?;
        Ok(CreatedDeviceKey {
            handle: handle.as_str().to_owned(),
            public_key: public.0.to_vec(),
        })
    }

    fn public_key(&self, handle: String) -> Result<Vec<u8>, VidiError> {
        Ok(self.signer(handle)?.public_key()?.0.to_vec())
    }

    fn sign(&self, handle: String, prehash: Vec<u8>) -> Result<Vec<u8>, VidiError> {
        let prehash = <[u8; 32]>::try_from(prehash.as_slice())
            .map_err(|_| VidiError::invalid("a prehash is 32 bytes"))?;
        Ok(self
            .signer(handle)?
            .sign_prehash(&prehash)?
            .signature
            .to_vec())
    }

    fn delete(&self, handle: String) -> Result<(), VidiError> {
        Ok(store::DeviceKeyStore::delete(
            &self.0,
            &DeviceKeyHandle::new(handle),
        )?)
    }
}

/// A device key store that keeps P-256 keys in memory only (kind
/// `memory-hardware`), standing in for StrongBox or the Secure Enclave in
/// tests: its keys are gone when it is dropped. Without any device key
/// store, a wallet keeps software keys encrypted in its own file instead.
#[uniffi::export]
pub fn memory_device_key_store() -> Arc<dyn DeviceKeyStore> {
    Arc::new(InMemoryDeviceKeys(MemoryDeviceKeyStore::new()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use p256::ecdsa::SigningKey;
    use p256::ecdsa::signature::hazmat::PrehashSigner as _;

    #[test]
    fn public_keys_come_as_sec1_or_spki() {
        let key = SigningKey::from_slice(&[7u8; 32]).unwrap();
        let point = key.verifying_key().to_sec1_point(false);
        let uncompressed = point.as_bytes();
        let expected = platform_public_key(uncompressed).unwrap();
        let mut spki = P256_SPKI_PREFIX.to_vec();
        spki.extend_from_slice(uncompressed);
        assert_eq!(spki.len(), 91);
        assert_eq!(platform_public_key(&spki).unwrap(), expected);
        assert_eq!(platform_public_key(&expected.0).unwrap(), expected);
        assert!(platform_public_key(&[4u8; 65]).is_err());
    }

    #[test]
    fn signatures_come_raw_or_der() {
        let key = SigningKey::from_slice(&[9u8; 32]).unwrap();
        let signature: p256::ecdsa::Signature = key.sign_prehash(&[1u8; 32]).unwrap();
        let raw: [u8; 64] = signature.to_bytes().into();
        assert_eq!(platform_signature(&raw).unwrap(), raw);
        let der = signature.to_der();
        assert_eq!(platform_signature(der.as_bytes()).unwrap(), raw);
        assert!(platform_signature(&[0u8; 63]).is_err());
    }

    #[test]
    fn a_foreign_error_is_kept_for_the_wallet() {
        struct Refusing;
        impl KeyProvider for Refusing {
            fn kind(&self) -> String {
                "refusing".into()
            }
            fn seal(&self, _: Vec<u8>) -> Result<Vec<u8>, VidiError> {
                Err(VidiError::cancelled())
            }
            fn unseal(&self, _: Vec<u8>) -> Result<Vec<u8>, VidiError> {
                Err(VidiError::WrongKey {
                    reason: "not ours".into(),
                })
            }
        }
        let errors = ForeignErrors::default();
        let provider = PlatformKeyProvider::new(Arc::new(Refusing), errors.clone());
        let e = store::KeyProvider::seal(&provider, b"x").unwrap_err();
        assert!(matches!(e, KeyProviderError::Unavailable(_)));
        assert_eq!(errors.take(), Some(VidiError::cancelled()));
        assert_eq!(errors.take(), None);
        let e = store::KeyProvider::unseal(&provider, b"x").unwrap_err();
        assert_eq!(e, KeyProviderError::WrongKey);
    }
}
