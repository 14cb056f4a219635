//! The journeys' harness: an app core on a temporary folder, a clock moved
//! by hand, software keys, a shell that records what it is asked, and the
//! mock issuer on loopback.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use time::OffsetDateTime;
use time::macros::datetime;
use vidi_app::{
    App, Core, Effect, Event, Language, ManualClock, Platform, ScreenView, Shell, ViewModel,
};
use vidi_core::store::MemoryKeyProvider;
use vidi_server_mock::{BackgroundServer, Config, OfferRequest};

/// The start of every journey's clock.
pub const T0: OffsetDateTime = datetime!(2026-12-06 08:00 UTC);

/// A shell that keeps the last view and every effect.
#[derive(Default)]
pub struct Recorder {
    pub views: Mutex<Vec<ViewModel>>,
    pub effects: Mutex<Vec<Effect>>,
}

impl Shell for Recorder {
    fn render(&self, view: ViewModel) {
        let mut views = self.views.lock().unwrap();
        // Only the last few: a journey renders hundreds of times.
        if views.len() > 16 {
            views.remove(0);
        }
        views.push(view);
    }
    fn perform(&self, effect: Effect) {
        self.effects.lock().unwrap().push(effect);
    }
}

/// One phone: its folder, its platform key, its clock and the running core.
pub struct Phone {
    pub dir: tempfile::TempDir,
    pub key: MemoryKeyProvider,
    pub clock: Arc<ManualClock>,
    pub shell: Arc<Recorder>,
    pub core: Arc<Core>,
    pub runtime: tokio::runtime::Runtime,
    pub language: Language,
    pub biometric: bool,
    pub server_url: String,
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

impl Phone {
    /// A new phone with nothing on it, in `language`.
    pub fn new(language: Language, server_url: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let key = MemoryKeyProvider::generate();
        let clock = Arc::new(ManualClock::new(T0));
        Self::boot(dir, key, clock, language, false, server_url)
    }

    /// A phone whose fingerprint unlock works.
    pub fn with_biometric(language: Language, server_url: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let key = MemoryKeyProvider::generate();
        let clock = Arc::new(ManualClock::new(T0));
        Self::boot(dir, key, clock, language, true, server_url)
    }

    fn boot(
        dir: tempfile::TempDir,
        key: MemoryKeyProvider,
        clock: Arc<ManualClock>,
        language: Language,
        biometric: bool,
        server_url: &str,
    ) -> Self {
        let runtime = runtime();
        let platform = Platform {
            data_dir: dir.path().to_path_buf(),
            default_server_url: server_url.to_owned(),
            biometric_available: biometric,
            key_provider: Arc::new(key.clone()),
            device_keys: None,
            pin_work_factor: Some(2),
            clock: clock.clone(),
        };
        let shell = Arc::new(Recorder::default());
        let core = Core::new(
            App::new(platform, language),
            shell.clone(),
            runtime.handle().clone(),
        );
        let phone = Self {
            dir,
            key,
            clock,
            shell,
            core,
            runtime,
            language,
            biometric,
            server_url: server_url.to_owned(),
        };
        phone.send(Event::Start);
        phone
    }

    /// A phone with this folder and clock but `key` as its platform key.
    pub fn boot_on(
        dir: tempfile::TempDir,
        key: MemoryKeyProvider,
        clock: Arc<ManualClock>,
        language: Language,
    ) -> Self {
        Self::boot(dir, key, clock, language, false, "http://localhost:8080")
    }

    /// The app closed and started again: same folder, key and clock.
    pub fn restart(self) -> Self {
        let Self {
            dir,
            key,
            clock,
            language,
            biometric,
            server_url,
            runtime,
            ..
        } = self;
        drop(runtime);
        Self::boot(dir, key, clock, language, biometric, &server_url)
    }

    /// Sends `event` and waits for the tasks it started.
    pub fn send(&self, event: Event) {
        self.core.send(event);
        self.settle();
    }

    /// Waits for every task to end.
    pub fn settle(&self) {
        let core = self.core.clone();
        let settled = self
            .runtime
            .block_on(async move { core.settle(Duration::from_secs(30)).await });
        assert!(settled, "tasks still running after 30 s");
    }

    /// The view now.
    pub fn view(&self) -> ViewModel {
        self.core.view().unwrap()
    }

    /// The effects asked for since the last call.
    pub fn effects(&self) -> Vec<Effect> {
        std::mem::take(&mut *self.shell.effects.lock().unwrap())
    }

    /// Moves the clock.
    pub fn wait(&self, seconds: i64) {
        self.clock.advance(time::Duration::seconds(seconds));
    }
}

/// The screen's view, or a panic naming what was shown instead.
#[macro_export]
macro_rules! screen {
    ($phone:expr, $variant:ident) => {
        match $phone.view().screen {
            vidi_app::ScreenView::$variant { view } => view,
            other => panic!("expected {}, showing {:?}", stringify!($variant), other),
        }
    };
}

/// The mock issuer on loopback with its seeded citizens.
pub struct Issuer {
    pub dir: tempfile::TempDir,
    pub server: BackgroundServer,
}

impl Issuer {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let server = BackgroundServer::start(Config::ephemeral(dir.path().join("issuer"))).unwrap();
        Self { dir, server }
    }

    pub fn url(&self) -> String {
        self.server.base_url()
    }

    /// An offer for seeded citizen `citizen`: its link and PIN.
    pub fn offer(&self, citizen: u32) -> (String, String) {
        let admin = self.server.admin().unwrap();
        let offer = self
            .server
            .block_on(admin.create_offer(OfferRequest {
                citizen,
                by_reference: true,
                ..OfferRequest::default()
            }))
            .unwrap();
        (offer.offer_uri, offer.pin)
    }
}

/// Whether `view` is showing `variant`'s screen.
pub fn showing(view: &ViewModel) -> &'static str {
    match view.screen {
        ScreenView::Setup { .. } => "setup",
        ScreenView::Unlock { .. } => "unlock",
        ScreenView::Documents { .. } => "documents",
        ScreenView::Detail { .. } => "detail",
        ScreenView::ShowQr { .. } => "show_qr",
        ScreenView::Offer { .. } => "offer",
        ScreenView::Log { .. } => "log",
        ScreenView::Backup { .. } => "backup",
        ScreenView::Verifier { .. } => "verifier",
    }
}

/// A PIN that passes the rules.
pub const PIN: &str = "135790";
