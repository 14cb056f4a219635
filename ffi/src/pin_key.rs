//! The app PIN as a layer over a platform key provider: the wallet key is
//! sealed first with the PIN (age scrypt, core's `PassphraseKeyProvider`),
//! then by the platform (Android Keystore, iOS Keychain). Opening needs
//! both the platform's key and the PIN.

use std::sync::Arc;

use vidi_core::store::{self, KeyProviderError};
use zeroize::Zeroizing;

use crate::error::VidiError;
use crate::keys::{ForeignErrors, KeyProvider, PlatformKeyProvider};

/// Core's PIN layer over the platform's provider, as a foreign provider.
struct PinKeyProvider {
    layered: store::PinKeyProvider,
    errors: ForeignErrors,
}

impl PinKeyProvider {
    /// The platform's own error when it threw one, else core's flattened.
    fn fail(&self, e: KeyProviderError) -> VidiError {
        self.errors.take().unwrap_or_else(|| e.into())
    }
}

impl KeyProvider for PinKeyProvider {
    fn kind(&self) -> String {
        store::KeyProvider::kind(&self.layered)
    }

    fn seal(&self, secret: Vec<u8>) -> Result<Vec<u8>, VidiError> {
        let secret = Zeroizing::new(secret);
        store::KeyProvider::seal(&self.layered, &secret).map_err(|e| self.fail(e))
    }

    fn unseal(&self, sealed: Vec<u8>) -> Result<Vec<u8>, VidiError> {
        match store::KeyProvider::unseal(&self.layered, &sealed) {
            // Handed over as a plain Vec, as a foreign provider's would be.
            Ok(secret) => Ok(secret.to_vec()),
            Err(KeyProviderError::WrongKey) if !self.layered.platform_failed() => {
                Err(VidiError::WrongKey {
                    reason: "wrong PIN".into(),
                })
            }
            // The platform's error (wrong key, cancelled prompt, locked
            // keystore) goes back as the platform threw it.
            Err(e) => Err(self.fail(e)),
        }
    }
}

/// A key provider that seals with the app's `pin` inside `inner`, the
/// platform's provider (kind `pin+` and the inner kind, e.g.
/// `pin+android-keystore`): core's `PinKeyProvider`, the layering the app
/// core uses. A wrong PIN is `WrongKey` with the reason `wrong PIN`, and
/// changes nothing. The platform's own errors pass through unchanged.
/// `work_factor` is scrypt's log2 N: leave it out for real wallets; tests
/// pass a small one.
#[uniffi::export(default(work_factor = None))]
pub fn pin_key_provider(
    inner: Arc<dyn KeyProvider>,
    pin: String,
    work_factor: Option<u8>,
) -> Arc<dyn KeyProvider> {
    let pin = Zeroizing::new(pin);
    let errors = ForeignErrors::default();
    let platform = Arc::new(PlatformKeyProvider::new(inner, errors.clone()));
    Arc::new(PinKeyProvider {
        layered: store::PinKeyProvider::new(platform, &pin, work_factor),
        errors,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::keys::memory_key_provider;

    fn pin(inner: &Arc<dyn KeyProvider>, pin: &str) -> Arc<dyn KeyProvider> {
        pin_key_provider(Arc::clone(inner), pin.into(), Some(2))
    }

    #[test]
    fn the_right_pin_opens_and_a_wrong_one_does_not() {
        let platform = memory_key_provider();
        let provider = pin(&platform, "123456");
        assert_eq!(provider.kind(), "pin+memory");
        let sealed = provider.seal(b"wallet key".to_vec()).unwrap();
        // The platform's layer is outermost: the PIN alone cannot open it.
        assert!(platform.unseal(sealed.clone()).is_ok());
        assert_eq!(
            pin(&platform, "123456").unseal(sealed.clone()).unwrap(),
            b"wallet key"
        );
        assert_eq!(
            pin(&platform, "654321").unseal(sealed).unwrap_err(),
            VidiError::WrongKey {
                reason: "wrong PIN".into()
            }
        );
    }

    #[test]
    fn another_platform_key_does_not_open_it() {
        let sealed = pin(&memory_key_provider(), "123456")
            .seal(b"wallet key".to_vec())
            .unwrap();
        let elsewhere = pin(&memory_key_provider(), "123456").unseal(sealed);
        let Err(VidiError::WrongKey { reason }) = elsewhere else {
            panic!("{elsewhere:?}");
        };
        assert_ne!(reason, "wrong PIN");
    }

    #[test]
    fn the_platform_s_errors_pass_through() {
        struct Prompting;
        impl KeyProvider for Prompting {
            fn kind(&self) -> String {
                "prompting".into()
            }
            fn seal(&self, _: Vec<u8>) -> Result<Vec<u8>, VidiError> {
                Err(VidiError::Locked {
                    reason: "the keystore is locked".into(),
                })
            }
            fn unseal(&self, _: Vec<u8>) -> Result<Vec<u8>, VidiError> {
                Err(VidiError::Cancelled {
                    reason: "the user dismissed the prompt".into(),
                })
            }
        }
        let provider = pin_key_provider(Arc::new(Prompting), "123456".into(), Some(2));
        assert_eq!(
            provider.seal(b"k".to_vec()).unwrap_err(),
            VidiError::Locked {
                reason: "the keystore is locked".into()
            }
        );
        assert_eq!(
            provider.unseal(b"k".to_vec()).unwrap_err(),
            VidiError::Cancelled {
                reason: "the user dismissed the prompt".into()
            }
        );
    }
}
