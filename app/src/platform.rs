//! What the shell hands the app core at start: where its files live, the
//! platform's key provider and device key store, what the phone can do,
//! and the clock.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use time::OffsetDateTime;
use vidi_core::store::{self, DeviceKeyStore, KeyProvider, KeyProviderError, PinKeyProvider};

/// How the citizen unlocks the wallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum UnlockMethod {
    /// A 6-digit app PIN, layered over the platform's key.
    Pin,
    /// The phone's fingerprint or face prompt releases the platform's key.
    Biometric,
}

/// The time now. The system's in the apps; one moved by hand in tests.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> OffsetDateTime;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock tests move by hand.
#[cfg(feature = "testing")]
#[derive(Debug)]
pub struct ManualClock(std::sync::Mutex<OffsetDateTime>);

#[cfg(feature = "testing")]
impl ManualClock {
    /// A clock showing `at`.
    pub fn new(at: OffsetDateTime) -> Self {
        Self(std::sync::Mutex::new(at))
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: time::Duration) {
        if let Ok(mut now) = self.0.lock() {
            *now += by;
        }
    }
}

#[cfg(feature = "testing")]
impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        self.0
            .lock()
            .map_or_else(|_| OffsetDateTime::now_utc(), |now| *now)
    }
}

/// The platform the app runs on.
#[derive(Clone)]
pub struct Platform {
    /// The app's private folder: the wallet file, its settings and the
    /// verifier's cache live in it.
    pub data_dir: PathBuf,
    /// The issuer's URL proposed at first run: `http://10.0.2.2:8080` on
    /// the Android emulator, `http://localhost:8080` on the iOS simulator.
    pub default_server_url: String,
    /// Whether the phone can unlock with a fingerprint or face.
    pub biometric_available: bool,
    /// The platform's key that opens without a prompt (Android Keystore,
    /// iOS Keychain; software on desktops and in tests): the PIN method
    /// layers the PIN inside it, and the wrong-PIN count is sealed with it.
    pub key_provider: Arc<dyn KeyProvider>,
    /// The platform's key the biometric prompt releases (a Keystore key
    /// bound to user authentication, a Keychain item with user presence),
    /// for the biometric method; `None` uses `key_provider` for it too.
    pub biometric_key_provider: Option<Arc<dyn KeyProvider>>,
    /// Where device keys are made (StrongBox, Secure Enclave); `None` keeps
    /// software keys inside the wallet.
    pub device_keys: Option<Arc<dyn DeviceKeyStore>>,
    /// scrypt's log2 N for the PIN layer and for backups' passphrases:
    /// `None` in the apps (age's default, about a second); tests pass a
    /// small one.
    pub pin_work_factor: Option<u8>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
}

impl Platform {
    /// A platform with software keys only (desktops, tests): `key_provider`
    /// seals the wallet, device keys are kept in the wallet, the issuer is
    /// proposed at `http://localhost:8080`, no biometrics, age's default
    /// scrypt work factor.
    pub fn software(
        data_dir: PathBuf,
        key_provider: Arc<dyn KeyProvider>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            data_dir,
            default_server_url: "http://localhost:8080".into(),
            biometric_available: false,
            key_provider,
            biometric_key_provider: None,
            device_keys: None,
            pin_work_factor: None,
            clock,
        }
    }

    /// The wallet's file.
    pub fn wallet_path(&self) -> PathBuf {
        self.data_dir.join("wallet.db")
    }

    /// The verifier's cached trust and status lists.
    pub fn verifier_dir(&self) -> PathBuf {
        self.data_dir.join("verifier")
    }

    /// The app's small settings file (server URL, unlock method).
    pub fn settings_path(&self) -> PathBuf {
        self.data_dir.join("app-settings.json")
    }

    /// Whether a wallet file exists (first run when not).
    pub fn wallet_exists(&self) -> bool {
        self.wallet_path().metadata().is_ok_and(|m| m.len() > 0)
    }

    /// The wallet's key provider for `method`: the platform's, with the PIN
    /// layered inside it for [`UnlockMethod::Pin`].
    pub(crate) fn wallet_key(&self, method: UnlockMethod, pin: Option<&str>) -> WalletKey {
        match (method, pin) {
            (UnlockMethod::Pin, Some(pin)) => WalletKey::Pin(PinKeyProvider::new(
                Arc::clone(&self.key_provider),
                pin,
                self.pin_work_factor,
            )),
            _ => WalletKey::Platform(Arc::clone(
                self.biometric_key_provider
                    .as_ref()
                    .unwrap_or(&self.key_provider),
            )),
        }
    }
}

/// The key provider a wallet is created or unlocked with.
pub(crate) enum WalletKey {
    /// The platform's alone (biometric).
    Platform(Arc<dyn KeyProvider>),
    /// The PIN inside the platform's.
    Pin(PinKeyProvider),
}

impl WalletKey {
    pub(crate) fn provider(&self) -> &dyn KeyProvider {
        match self {
            Self::Platform(p) => p.as_ref(),
            Self::Pin(p) => p,
        }
    }

    /// Whether the last unseal failed because the platform's own key did not
    /// open its layer: the key is gone (a phone restored from a device
    /// backup brings the wallet file back but not its this-device-only key).
    pub(crate) fn platform_key_gone(&self, error: &store::StoreError) -> bool {
        match self {
            Self::Platform(_) => matches!(
                error,
                store::StoreError::WrongKey
                    | store::StoreError::KeyProvider(KeyProviderError::WrongKey)
            ),
            Self::Pin(p) => p.platform_failed(),
        }
    }
}

/// The wallet key provider the app uses for the PIN method, for tests that
/// open a phone's wallet file beside the app.
#[cfg(feature = "testing")]
pub fn pin_key_provider(
    platform: Arc<dyn KeyProvider>,
    pin: &str,
    work_factor: Option<u8>,
) -> impl KeyProvider {
    PinKeyProvider::new(platform, pin, work_factor)
}

/// The app's settings outside the wallet (needed before it is unlocked):
/// never a PIN or a key. The wrong-PIN count is not here: it is sealed in
/// the wallet file (`lock_state`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AppSettings {
    /// The issuer's URL chosen at first run.
    pub server_url: Option<String>,
    /// How the wallet unlocks.
    pub unlock_method: Option<UnlockMethod>,
}

impl AppSettings {
    /// The settings in `path`; the defaults when there is none or it is unreadable.
    pub fn load(path: &Path) -> Self {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes them to a temporary file and moves it over `path`, so a crash
    /// leaves the old settings or the new ones.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temp = path.with_extension("json.tmp");
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&temp, bytes)?;
        std::fs::rename(&temp, path)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_a_damaged_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        assert_eq!(AppSettings::load(&path), AppSettings::default());
        let s = AppSettings {
            server_url: Some("http://localhost:8080".into()),
            unlock_method: Some(UnlockMethod::Pin),
        };
        s.save(&path).unwrap();
        assert_eq!(AppSettings::load(&path), s);
        std::fs::write(&path, b"{broken").unwrap();
        assert_eq!(AppSettings::load(&path), AppSettings::default());
    }

    #[test]
    fn saving_leaves_no_temporary_file_and_a_later_load_sees_the_last_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app-settings.json");
        let first = AppSettings {
            server_url: Some("http://10.0.2.2:8080".into()),
            unlock_method: Some(UnlockMethod::Biometric),
        };
        first.save(&path).unwrap();
        let second = AppSettings {
            unlock_method: Some(UnlockMethod::Pin),
            ..first.clone()
        };
        second.save(&path).unwrap();
        assert_eq!(AppSettings::load(&path), second);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["app-settings.json"], "no temporary file left");
    }

    #[test]
    fn settings_with_an_unknown_method_read_as_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app-settings.json");
        std::fs::write(
            &path,
            br#"{"server_url":"http://localhost:8080","unlock_method":"Retina"}"#,
        )
        .unwrap();
        assert_eq!(AppSettings::load(&path), AppSettings::default());
    }
}
