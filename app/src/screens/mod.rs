//! The screens. Each module holds one screen's state, its events
//! (`…Event`), what it draws (`…View`), the results of its tasks
//! (`Done`), its rules, and its tests.
//!
//! A screen's state is a `State` with:
//! - `update(&mut self, event, &Ctx) -> Vec<Command>`: a user's event;
//! - `done(&mut self, done, &Ctx) -> Vec<Command>`: a task of its ended;
//! - `view(&self, &Ctx) -> …View`: what it draws, in `ctx.language`;
//! - and, where it needs them, `enter` (made when pushed), `resume`
//!   (shown again after the screen above it went), `tick`, `scanned`,
//!   `background`.
//!
//! Screens never touch the shell: they return [`Command`]s (effects,
//! tasks, navigation) that [`crate::App`] carries out.

pub mod backup;
pub mod detail;
pub mod documents;
pub mod log;
pub mod offer;
pub mod present;
pub mod setup;
pub mod show_qr;
pub mod unlock;
pub mod verifier;

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use time::OffsetDateTime;
use vidi_core::store::{self, StoreError};
use vidi_core::sync::{SyncError, VerifierCache};

use crate::effect::Effect;
use crate::nav::Route;
use crate::platform::{AppSettings, Platform};
use crate::problem::Problem;
use crate::words::Language;

/// What a screen's update asks of the app.
pub enum Command {
    /// A one-off platform request.
    Effect(Effect),
    /// Work off the UI thread; its result comes back to the screen's `done`.
    Task(Pin<Box<dyn Future<Output = Done> + Send>>),
    /// Work that reports as it goes (issuance steps): every message sent
    /// on the channel comes back to the screen's `done`, until the sender
    /// is dropped.
    Stream(tokio::sync::mpsc::UnboundedReceiver<Done>),
    /// Push a screen.
    Navigate(Route),
    /// Pop this screen.
    Back,
    /// A wallet was created or unlocked: the documents (and a waiting offer) next.
    Opened(Session),
    /// The settings were saved (first run).
    Settings(AppSettings),
    /// The wallet file and its settings were deleted: first run again.
    Reset,
    /// Lock the wallet.
    Lock,
}

impl Command {
    /// A task running `work`.
    pub fn task(work: impl Future<Output = Done> + Send + 'static) -> Self {
        Self::Task(Box::pin(work))
    }
}

/// A task's result, for the screen that started it.
pub enum Done {
    /// First run.
    Setup(setup::Done),
    /// Unlocking.
    Unlock(unlock::Done),
    /// The documents list.
    Documents(documents::Done),
    /// A document's card.
    Detail(detail::Done),
    /// The QR screen.
    ShowQr(show_qr::Done),
    /// Accepting an offer.
    Offer(offer::Done),
    /// Signing in to an online service.
    Present(present::Done),
    /// The activity log.
    Log(log::Done),
    /// Backup and restore.
    Backup(backup::Done),
    /// The verifier.
    Verifier(verifier::Done),
}

/// What a screen may read while it updates or draws.
pub struct Ctx<'a> {
    /// The platform.
    pub platform: &'a Platform,
    /// The language to word things in.
    pub language: Language,
    /// Now, from the platform's clock.
    pub now: OffsetDateTime,
    /// The unlocked wallet, if any.
    pub session: Option<&'a Session>,
    /// The app's settings.
    pub settings: &'a AppSettings,
    /// The verifier's cached lists (the verifier mode's, also used for the
    /// documents' status).
    pub verifier: &'a VerifierCaches,
}

impl Ctx<'_> {
    /// The issuer's URL: the one chosen at first run, else the platform's default.
    pub fn server_url(&self) -> String {
        self.settings
            .server_url
            .clone()
            .unwrap_or_else(|| self.platform.default_server_url.clone())
    }
}

/// An unlocked wallet, shared with the tasks that use it. Issuance holds
/// it across its network steps, so the screens' quick reads try it and
/// report it busy rather than wait.
#[derive(Clone)]
pub struct Session {
    wallet: Arc<tokio::sync::Mutex<store::Wallet>>,
}

impl Session {
    pub(crate) fn new(wallet: store::Wallet) -> Self {
        Self {
            wallet: Arc::new(tokio::sync::Mutex::new(wallet)),
        }
    }

    /// Runs a quick read or write `f` on the wallet now; `Other` when a
    /// task holds it.
    pub fn now<T>(
        &self,
        f: impl FnOnce(&mut store::Wallet) -> Result<T, StoreError>,
    ) -> Result<T, Problem> {
        let mut wallet = self.wallet.try_lock().map_err(|_| Problem::Other)?;
        f(&mut wallet).map_err(|e| Problem::from(&e))
    }

    /// Runs `f` on the wallet on a blocking thread (scrypt, signing with a
    /// platform key that may prompt), waiting for a task that holds it.
    pub async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut store::Wallet) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let mut wallet = Arc::clone(&self.wallet).lock_owned().await;
        tokio::task::spawn_blocking(move || f(&mut wallet))
            .await
            .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?
    }

    /// The wallet for an async task that holds it throughout (issuance).
    pub async fn hold(&self) -> tokio::sync::OwnedMutexGuard<store::Wallet> {
        Arc::clone(&self.wallet).lock_owned().await
    }

    /// Locks the wallet (forgets its key), waiting for a task that holds it.
    pub(crate) fn lock(&self) {
        let wallet = Arc::clone(&self.wallet);
        if let Ok(mut w) = wallet.try_lock() {
            w.lock();
            return;
        }
        {
            {
                // A task holds it: lock it as soon as the task lets go.
                if let Ok(handle) = tokio::runtime::Handle::try_current() {
                    handle.spawn(async move { wallet.lock().await.lock() });
                }
            }
        }
    }
}

/// The verifier's cache as last loaded or synced, shared by the verifier
/// and the documents' status.
#[derive(Clone, Default)]
pub struct VerifierCaches {
    held: Arc<Mutex<Option<Arc<VerifierCache>>>>,
}

impl VerifierCaches {
    /// The cache in `dir`, loaded once (signatures checked) and kept.
    pub fn get(&self, dir: &Path) -> Result<Arc<VerifierCache>, SyncError> {
        let mut held = self.held.lock().map_err(|_| SyncError::Cache("poisoned"))?;
        if let Some(cache) = held.as_ref() {
            return Ok(Arc::clone(cache));
        }
        let cache = Arc::new(VerifierCache::load(dir)?);
        *held = Some(Arc::clone(&cache));
        Ok(cache)
    }

    /// Forgets the cache held, so the next `get` reads the folder again
    /// (after a sync wrote it).
    pub fn reload(&self) {
        if let Ok(mut held) = self.held.lock() {
            *held = None;
        }
    }
}

/// What a screen needs of the platform while it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// The camera, its codes sent to `scanned`.
    pub camera: bool,
    /// Full brightness.
    pub full_brightness: bool,
    /// `tick` every this many milliseconds.
    pub tick_ms: Option<u32>,
}

/// One screen's behaviour; [`crate::App`] calls it for the screen on top.
pub trait Screen {
    /// The user's events for it.
    type Event;
    /// What it draws.
    type View;
    /// Its tasks' results.
    type Done;

    /// The header's title.
    fn title(&self, ctx: &Ctx) -> String;
    /// A user's event.
    fn update(&mut self, event: Self::Event, ctx: &Ctx) -> Vec<Command>;
    /// What it draws now.
    fn view(&self, ctx: &Ctx) -> Self::View;
    /// A task it started ended.
    fn done(&mut self, _done: Self::Done, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }
    /// Shown again after the screen above it went.
    fn resume(&mut self, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }
    /// The timer it asked for fired.
    fn tick(&mut self, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }
    /// The camera read a code.
    fn scanned(&mut self, _text: String, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }
    /// The app went to the background.
    fn background(&mut self, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }
    /// The app came back.
    fn foreground(&mut self, _ctx: &Ctx) -> Vec<Command> {
        Vec::new()
    }
    /// What it needs of the platform now.
    fn needs(&self) -> Needs {
        Needs::default()
    }
}
