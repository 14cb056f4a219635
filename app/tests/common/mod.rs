//! The journeys' harness: an app core on a temporary folder, a clock moved
//! by hand, software keys, a shell that records what it is asked, and the
//! mock issuer on loopback; with the steps many journeys share (first run,
//! the wallet file seen beside the app, accepting an offer).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use time::OffsetDateTime;
use time::macros::datetime;
use vidi_app::screens::offer::OfferEvent;
use vidi_app::screens::present::PresentEvent;
use vidi_app::screens::setup::SetupEvent;
use vidi_app::screens::unlock::UnlockEvent;
use vidi_app::{
    App, Clock, Core, Effect, Event, Language, ManualClock, Platform, Route, ScreenView, Shell,
    UnlockMethod, ViewModel, pin_key_provider,
};
use vidi_core::document::DocumentType;
use vidi_core::store::{MemoryKeyProvider, Wallet};
use vidi_server_mock::{BackgroundServer, Change, Config, OfferRequest, citizens};

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
            default_server_url: server_url.to_owned(),
            biometric_available: biometric,
            pin_work_factor: Some(2),
            ..Platform::software(
                dir.path().to_path_buf(),
                Arc::new(key.clone()),
                clock.clone(),
            )
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

    /// Moves the clock to the real time (never back), for journeys that
    /// meet the mock issuer: it signs its trust and status lists by the real
    /// clock. The first jump, from [`T0`], is best made before first run:
    /// made later it is idle time, and the app locks.
    pub fn catch_up(&self) {
        let behind = OffsetDateTime::now_utc() - self.clock.now();
        if behind > time::Duration::ZERO {
            self.clock.advance(behind);
        }
    }

    /// A phone past first run with [`PIN`], on the documents list.
    pub fn set_up(language: Language, server_url: &str) -> Self {
        let phone = Self::new(language, server_url);
        phone.first_run();
        phone
    }

    /// A phone past first run with the biometric method, on the documents
    /// list. Its wallet's key is the platform key alone, so that a journey
    /// can open the wallet file itself while the app is locked
    /// ([`Phone::with_wallet_file`]).
    pub fn biometric(language: Language, server_url: &str) -> Self {
        let phone = Self::with_biometric(language, server_url);
        phone.first_run_biometric();
        phone
    }

    /// First run with [`PIN`]; ends on the documents list.
    pub fn first_run(&self) {
        self.send(Event::Setup {
            event: SetupEvent::Finish {
                pin: PIN.into(),
                confirm: PIN.into(),
            },
        });
        assert_eq!(showing(&self.view()), "documents");
    }

    /// First run with the biometric method (no PIN); ends on the documents
    /// list.
    pub fn first_run_biometric(&self) {
        self.send(Event::Setup {
            event: SetupEvent::Method {
                method: UnlockMethod::Biometric,
            },
        });
        self.send(Event::Setup {
            event: SetupEvent::Finish {
                pin: String::new(),
                confirm: String::new(),
            },
        });
        assert_eq!(showing(&self.view()), "documents");
    }

    /// For a phone set up with the biometric method: locks the app, hands
    /// its wallet file (opened, still locked) and the platform key that
    /// unlocks it to `change`, closes the file, then unlocks the app by
    /// fingerprint (which reads the wallet again) back to the documents
    /// list. Returns what `change` returned.
    pub fn with_wallet_file<T>(
        &self,
        change: impl FnOnce(&mut Wallet, &MemoryKeyProvider) -> T,
    ) -> T {
        self.send(Event::Lock);
        assert_eq!(showing(&self.view()), "unlock");
        let out = {
            let mut wallet = Wallet::open(self.wallet_path()).unwrap();
            change(&mut wallet, &self.key)
        };
        self.send(Event::Unlock {
            event: UnlockEvent::Biometric {
                ok: true,
                cancelled: false,
            },
        });
        assert_eq!(showing(&self.view()), "documents");
        out
    }

    /// For a phone set up with [`PIN`]: its wallet file, opened and
    /// unlocked beside the running app with the app's own key layering (the
    /// PIN inside the platform key), to see what it holds. Open it once a
    /// journey: the PIN layer's scrypt is slow in a debug build.
    pub fn peek(&self) -> Wallet {
        let mut wallet = Wallet::open(self.wallet_path()).unwrap();
        wallet
            .unlock(&pin_key_provider(Arc::new(self.key.clone()), PIN, Some(2)))
            .unwrap();
        wallet
    }

    /// The app's wallet file.
    pub fn wallet_path(&self) -> std::path::PathBuf {
        self.dir.path().join("wallet.db")
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

impl Phone {
    /// Sends `event` to the offer screen.
    pub fn offer_event(&self, event: OfferEvent) {
        self.send(Event::Offer { event });
    }

    /// Sends `event` to the sign-in screen.
    pub fn present_event(&self, event: PresentEvent) {
        self.send(Event::Present { event });
    }

    /// Accepts `link` with `pin` on the offer screen, opened from the menu,
    /// and closes it once done.
    pub fn accept(&self, link: &str, pin: &str) {
        self.send(Event::Open {
            route: Route::AcceptOffer { link: None },
        });
        self.offer_event(OfferEvent::Paste { text: link.into() });
        self.offer_event(OfferEvent::Submit { pin: pin.into() });
        let offer = screen!(self, Offer);
        assert!(offer.error.is_none(), "{:?}", offer.error);
        self.offer_event(OfferEvent::Close);
    }
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

    /// An offer for seeded citizen `citizen`, its documents fetched from
    /// the issuer: its link and PIN.
    pub fn offer(&self, citizen: u32) -> (String, String) {
        self.create_offer(citizen, true)
    }

    /// An offer for seeded citizen `citizen` with the documents in the
    /// link: its link and PIN.
    pub fn offer_by_value(&self, citizen: u32) -> (String, String) {
        self.create_offer(citizen, false)
    }

    fn create_offer(&self, citizen: u32, by_reference: bool) -> (String, String) {
        let request = OfferRequest {
            citizen,
            by_reference,
            ..OfferRequest::default()
        };
        let admin = self.server.admin().unwrap();
        let offer = self.server.block_on(admin.create_offer(request)).unwrap();
        (offer.offer_uri, offer.pin)
    }

    /// The ids of seeded citizen `citizen`'s credentials for
    /// `document_type` that are still valid.
    fn credential_ids(&self, citizen: u32, document_type: DocumentType) -> Vec<i64> {
        let admin = self.server.admin().unwrap();
        let view = self.server.block_on(admin.citizen(citizen)).unwrap();
        let name = citizens::type_name(document_type);
        view.documents
            .iter()
            .filter(|d| d.document_type == name)
            .flat_map(|d| &d.credentials)
            .filter(|c| c.state == "valid")
            .map(|c| c.id)
            .collect()
    }

    /// The issuer applies `change` (revokes, suspends...) to every valid
    /// credential of citizen `citizen`'s `document_type`; there is one at
    /// least.
    pub fn change(&self, citizen: u32, document_type: DocumentType, change: Change) {
        let ids = self.credential_ids(citizen, document_type);
        assert!(!ids.is_empty(), "no valid {document_type:?} to change");
        let admin = self.server.admin().unwrap();
        for id in ids {
            self.server
                .block_on(admin.change_credential(id, change))
                .unwrap();
        }
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
        ScreenView::Present { .. } => "present",
        ScreenView::Log { .. } => "log",
        ScreenView::Backup { .. } => "backup",
        ScreenView::Verifier { .. } => "verifier",
    }
}

/// A PIN that passes the rules.
pub const PIN: &str = "135790";
