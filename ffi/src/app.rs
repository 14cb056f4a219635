//! The app core (`vidi-app`) for the shells: an `AppCore` object that takes
//! events and hands the view model and effects to the shell's `AppShell`.
//! Events, view models and effects are vidi-app's own uniffi records and
//! enums; this file only wires the platform's traits and the runtime in.

use std::path::PathBuf;
use std::sync::Arc;

use vidi_app::{App, Core, Effect, Event, Language, Platform, Shell, SystemClock, ViewModel};

use crate::error::VidiError;
use crate::keys::{
    DeviceKeyStore, ForeignErrors, KeyProvider, PlatformDeviceKeys, PlatformKeyProvider,
};
use crate::runtime;

/// What the shell does for the app core. `render` and `perform` are called
/// on the thread that sent the event, or on the core's worker threads when
/// a task ends: hop to the main thread before touching the UI.
#[uniffi::export(with_foreign)]
pub trait AppShell: Send + Sync {
    /// Draw `view` (after every event and every task's result).
    fn render(&self, view: ViewModel);
    /// Do `effect` once.
    fn perform(&self, effect: Effect);
}

/// Where and how the app runs.
#[derive(Debug, Clone, uniffi::Record)]
pub struct AppConfig {
    /// The app's private folder (Android `filesDir`, iOS Application
    /// Support): the wallet, its settings and the verifier's cache.
    pub data_dir: String,
    /// The issuer's URL proposed at first run.
    pub default_server_url: String,
    /// Whether the phone can unlock with a fingerprint or face.
    pub biometric_available: bool,
    /// The phone's preferred languages (BCP 47 tags, first preferred).
    pub languages: Vec<String>,
    /// scrypt's log2 N for the app PIN: leave it out in the apps; tests
    /// pass a small one.
    pub pin_work_factor: Option<u8>,
}

struct ForeignShell(Arc<dyn AppShell>);

impl Shell for ForeignShell {
    fn render(&self, view: ViewModel) {
        self.0.render(view);
    }
    fn perform(&self, effect: Effect) {
        self.0.perform(effect);
    }
}

/// The app: every screen's state and rules. One per app process.
#[derive(uniffi::Object)]
pub struct AppCore {
    core: Arc<Core>,
}

#[uniffi::export]
impl AppCore {
    /// The app over the platform's key provider (Android Keystore, iOS
    /// Keychain) and device key store (StrongBox, Secure Enclave; none
    /// keeps software keys in the wallet), drawing through `shell`. Send
    /// `Event::Start` next.
    /// `biometric_key_provider` is the key the biometric prompt releases,
    /// for wallets that unlock with it (none: `key_provider` serves both).
    #[uniffi::constructor(default(device_keys = None, biometric_key_provider = None))]
    pub fn new(
        config: AppConfig,
        key_provider: Arc<dyn KeyProvider>,
        device_keys: Option<Arc<dyn DeviceKeyStore>>,
        shell: Arc<dyn AppShell>,
        biometric_key_provider: Option<Arc<dyn KeyProvider>>,
    ) -> Result<Arc<Self>, VidiError> {
        let errors = ForeignErrors::default();
        let platform = Platform {
            data_dir: PathBuf::from(config.data_dir),
            default_server_url: config.default_server_url,
            biometric_available: config.biometric_available,
            key_provider: Arc::new(PlatformKeyProvider::new(key_provider, errors.clone())),
            biometric_key_provider: biometric_key_provider.map(|p| {
                Arc::new(PlatformKeyProvider::new(p, errors.clone()))
                    as Arc<dyn vidi_core::store::KeyProvider>
            }),
            device_keys: device_keys.map(|keys| {
                Arc::new(PlatformDeviceKeys::new(keys, errors))
                    as Arc<dyn vidi_core::store::DeviceKeyStore>
            }),
            pin_work_factor: config.pin_work_factor,
            clock: Arc::new(SystemClock),
        };
        let app = App::new(platform, Language::for_device(&config.languages));
        let handle = runtime::runtime()?.handle().clone();
        Ok(Arc::new(Self {
            core: Core::new(app, Arc::new(ForeignShell(shell)), handle),
        }))
    }

    /// Handles `event`: renders, performs effects, starts the work it
    /// needs. Returns at once; task results render later.
    pub fn send(&self, event: Event) {
        self.core.send(event);
    }

    /// The view model now (the shell's first frame, or after re-creating
    /// its UI).
    pub fn view(&self) -> Result<ViewModel, VidiError> {
        self.core
            .view()
            .ok_or_else(|| VidiError::other("the app core is unavailable"))
    }
}

/// The language the apps speak on a phone whose preferred languages are
/// `languages` (BCP 47 tags, first preferred): for `Event::SetLanguage`
/// when the phone's language changes while the app runs.
#[uniffi::export]
pub fn language_for(languages: Vec<String>) -> Language {
    Language::for_device(&languages)
}
