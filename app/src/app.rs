//! The app: the back stack of screens, the mode, the language, the
//! unlocked wallet and the automatic lock. [`App::update`] takes a
//! message and returns what the shell must do; [`App::view`] is what it
//! draws.

use std::future::Future;
use std::pin::Pin;

use time::{Duration, OffsetDateTime};

use crate::effect::Effect;
use crate::event::{Event, Lifecycle};
use crate::nav::{Mode, Route, is_request_link};
use crate::platform::{AppSettings, Platform};
use crate::screens::{
    Command, Ctx, Done, Screen, Session, VerifierCaches, backup, detail, documents, log, offer,
    present, setup, show_qr, unlock, verifier,
};
use crate::view::{
    AutoLockView, Header, MenuAction, MenuItem, PlatformView, ScreenView, ShellWords, ViewModel,
};
use crate::words::{Language, Str, t};

/// Seconds in the background before the wallet locks.
pub const BACKGROUND_GRACE_SECONDS: u32 = 30;
/// Seconds without a user's event before the wallet locks.
pub const IDLE_SECONDS: u32 = 5 * 60;
/// How often the idle check runs while unlocked and no screen ticks faster.
const IDLE_TICK_MS: u32 = 10_000;

/// A message for [`App::update`]: the shell's event, or a task's result.
pub enum Msg {
    /// From the shell.
    Event(Event),
    /// A task ended. `epoch` is the app's when it started: results of
    /// work begun before the wallet was locked are dropped.
    Done {
        /// The epoch the task started in.
        epoch: u64,
        /// Its result.
        done: Done,
    },
}

/// What the shell (the [`crate::Core`] driver) must do after an update.
pub enum Outgoing {
    /// A platform request.
    Effect(Effect),
    /// Run this on the runtime and send its message back.
    Task(Pin<Box<dyn Future<Output = Msg> + Send>>),
    /// Send back every message received on this channel, in order.
    Stream {
        /// The epoch the work started in.
        epoch: u64,
        /// Its messages.
        receiver: tokio::sync::mpsc::UnboundedReceiver<Done>,
    },
}

/// One screen of the back stack with its state.
enum Page {
    Setup(setup::State),
    Unlock(unlock::State),
    Documents(documents::State),
    Detail(detail::State),
    ShowQr(show_qr::State),
    Offer(offer::State),
    Present(present::State),
    Log(log::State),
    Backup(backup::State),
    Verifier(verifier::State),
}

/// Calls `$body` with `$s` bound to the page's screen state.
macro_rules! with_page {
    ($page:expr, $s:ident => $body:expr) => {
        match $page {
            Page::Setup($s) => $body,
            Page::Unlock($s) => $body,
            Page::Documents($s) => $body,
            Page::Detail($s) => $body,
            Page::ShowQr($s) => $body,
            Page::Offer($s) => $body,
            Page::Present($s) => $body,
            Page::Log($s) => $body,
            Page::Backup($s) => $body,
            Page::Verifier($s) => $body,
        }
    };
}

/// A screen's own event, for that screen when it is on top (else dropped:
/// a late tap on a screen already gone).
macro_rules! to_screen {
    ($app:expr, $variant:ident, $event:expr) => {
        $app.on_top(|page, ctx| match page {
            Page::$variant(s) => s.update($event, ctx),
            _ => Vec::new(),
        })
    };
}

/// What every screen reads (a [`Ctx`] is made from it), apart from the
/// back stack, so a screen on the stack can be changed while it is read.
struct Env {
    platform: Platform,
    language: Language,
    session: Option<Session>,
    settings: AppSettings,
    verifier: VerifierCaches,
}

impl Env {
    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            platform: &self.platform,
            language: self.language,
            now: self.platform.clock.now(),
            session: self.session.as_ref(),
            settings: &self.settings,
            verifier: &self.verifier,
        }
    }
}

/// The app core.
pub struct App {
    env: Env,
    mode: Mode,
    stack: Vec<Page>,
    pending_link: Option<String>,
    epoch: u64,
    background_since: Option<OffsetDateTime>,
    last_activity: OffsetDateTime,
}

impl App {
    /// The app on `platform`, speaking `language`. Send [`Event::Start`] first.
    pub fn new(platform: Platform, language: Language) -> Self {
        let settings = AppSettings::load(&platform.settings_path());
        let now = platform.clock.now();
        Self {
            env: Env {
                platform,
                language,
                session: None,
                settings,
                verifier: VerifierCaches::default(),
            },
            mode: Mode::Citizen,
            stack: Vec::new(),
            pending_link: None,
            epoch: 0,
            background_since: None,
            last_activity: now,
        }
    }

    /// Whether a wallet is open and unlocked.
    pub fn is_unlocked(&self) -> bool {
        self.env.session.is_some()
    }

    /// The route of the screen shown.
    pub fn route(&self) -> Option<Route> {
        self.stack.last().map(page_route)
    }

    /// Every route of the back stack, bottom first.
    pub fn stack(&self) -> Vec<Route> {
        self.stack.iter().map(page_route).collect()
    }

    fn ctx(&self) -> Ctx<'_> {
        self.env.ctx()
    }

    /// Handles `msg`; returns what the shell must do. Draw [`App::view`] after.
    pub fn update(&mut self, msg: Msg) -> Vec<Outgoing> {
        let commands = match msg {
            Msg::Event(event) => self.event(event),
            Msg::Done { epoch, done } if epoch == self.epoch => self.done(done),
            Msg::Done { .. } => Vec::new(),
        };
        self.run(commands)
    }

    fn event(&mut self, event: Event) -> Vec<Command> {
        let now = self.env.platform.clock.now();
        if !matches!(event, Event::Tick | Event::Lifecycle { .. }) {
            self.last_activity = now;
        }
        match event {
            Event::Start => {
                self.mode = Mode::Citizen;
                let (page, commands) = self.entry();
                self.stack = vec![page];
                commands
            }
            Event::Back => self.back(),
            Event::Open { route } => self.open(route),
            Event::OpenLink { uri } => {
                if self.env.session.is_some() {
                    self.mode = Mode::Citizen;
                    self.stack.retain(|p| matches!(p, Page::Documents(_)));
                    let mut commands = Vec::new();
                    if self.stack.is_empty() {
                        commands.extend(self.push(Route::Documents));
                    }
                    commands.extend(self.push(link_route(uri)));
                    commands
                } else {
                    let request = is_request_link(&uri);
                    self.pending_link = Some(uri);
                    self.on_top(|s, ctx| match s {
                        Page::Unlock(u) if request => u.request_waiting(ctx),
                        Page::Unlock(u) => u.offer_waiting(true, ctx),
                        _ => Vec::new(),
                    })
                }
            }
            Event::Menu { action } => match action {
                MenuAction::AddDocument => self.open(Route::AcceptOffer { link: None }),
                MenuAction::ActivityLog => self.open(Route::ActivityLog),
                MenuAction::Backup => self.open(Route::Backup),
                MenuAction::SwitchMode => self.switch_mode(),
                MenuAction::Lock => self.lock(),
            },
            Event::SwitchMode => self.switch_mode(),
            Event::Lock => self.lock(),
            Event::SetLanguage { language } => {
                self.env.language = language;
                Vec::new()
            }
            Event::Lifecycle { state } => self.lifecycle(state, now),
            Event::Tick => {
                let idle = now - self.last_activity;
                if self.env.session.is_some() && idle >= Duration::seconds(IDLE_SECONDS.into()) {
                    return self.lock();
                }
                self.on_top(|page, ctx| with_page!(page, s => s.tick(ctx)))
            }
            Event::Scanned { text } => {
                self.on_top(|page, ctx| with_page!(page, s => s.scanned(text, ctx)))
            }
            Event::Setup { event } => to_screen!(self, Setup, event),
            Event::Unlock { event } => to_screen!(self, Unlock, event),
            Event::Documents { event } => to_screen!(self, Documents, event),
            Event::Detail { event } => to_screen!(self, Detail, event),
            Event::ShowQr { event } => to_screen!(self, ShowQr, event),
            Event::Offer { event } => to_screen!(self, Offer, event),
            Event::Present { event } => to_screen!(self, Present, event),
            Event::Log { event } => to_screen!(self, Log, event),
            Event::Backup { event } => to_screen!(self, Backup, event),
            Event::Verifier { event } => to_screen!(self, Verifier, event),
        }
    }

    /// A task's result goes to the topmost screen of its kind.
    fn done(&mut self, done: Done) -> Vec<Command> {
        let ctx = self.env.ctx();
        macro_rules! deliver {
            ($variant:ident, $d:expr) => {
                self.stack
                    .iter_mut()
                    .rev()
                    .find_map(|p| match p {
                        Page::$variant(s) => Some(s),
                        _ => None,
                    })
                    .map(|s| s.done($d, &ctx))
                    .unwrap_or_default()
            };
        }
        match done {
            Done::Setup(d) => deliver!(Setup, d),
            Done::Unlock(d) => deliver!(Unlock, d),
            Done::Documents(d) => deliver!(Documents, d),
            Done::Detail(d) => deliver!(Detail, d),
            Done::ShowQr(d) => deliver!(ShowQr, d),
            Done::Offer(d) => deliver!(Offer, d),
            Done::Present(d) => deliver!(Present, d),
            Done::Log(d) => deliver!(Log, d),
            Done::Backup(d) => deliver!(Backup, d),
            Done::Verifier(d) => deliver!(Verifier, d),
        }
    }

    /// Runs `f` on the screen on top.
    fn on_top(&mut self, f: impl FnOnce(&mut Page, &Ctx) -> Vec<Command>) -> Vec<Command> {
        let ctx = self.env.ctx();
        match self.stack.last_mut() {
            Some(page) => f(page, &ctx),
            None => Vec::new(),
        }
    }

    /// Carries out screens' commands, turning them into the shell's work.
    fn run(&mut self, commands: Vec<Command>) -> Vec<Outgoing> {
        let mut out = Vec::new();
        let mut queue: std::collections::VecDeque<Command> = commands.into();
        while let Some(command) = queue.pop_front() {
            match command {
                Command::Effect(effect) => out.push(Outgoing::Effect(effect)),
                Command::Task(work) => {
                    let epoch = self.epoch;
                    out.push(Outgoing::Task(Box::pin(async move {
                        Msg::Done {
                            epoch,
                            done: work.await,
                        }
                    })));
                }
                Command::Stream(receiver) => out.push(Outgoing::Stream {
                    epoch: self.epoch,
                    receiver,
                }),
                Command::Navigate(route) => queue.extend(self.push(route)),
                Command::Back => queue.extend(self.back()),
                Command::Opened(session) => queue.extend(self.opened(session)),
                Command::Settings(settings) => self.env.settings = settings,
                Command::Reset => {
                    self.env.settings = AppSettings::default();
                    self.mode = Mode::Citizen;
                    let (page, commands) = self.entry();
                    self.stack = vec![page];
                    queue.extend(commands);
                }
                Command::Lock => queue.extend(self.lock()),
            }
        }
        out
    }

    /// First run when there is no wallet file, else the unlock screen.
    fn entry(&self) -> (Page, Vec<Command>) {
        let ctx = self.ctx();
        if self.env.platform.wallet_exists() {
            let (mut state, commands) = unlock::State::enter(&ctx);
            match &self.pending_link {
                Some(link) if is_request_link(link) => drop(state.request_waiting(&ctx)),
                Some(_) => drop(state.offer_waiting(true, &ctx)),
                None => {}
            }
            (Page::Unlock(state), commands)
        } else {
            (Page::Setup(setup::State::enter(&ctx)), Vec::new())
        }
    }

    /// Pushes the screen for `route`.
    fn push(&mut self, route: Route) -> Vec<Command> {
        let ctx = self.ctx();
        let (page, commands) = match route {
            Route::Setup => (Page::Setup(setup::State::enter(&ctx)), Vec::new()),
            Route::Unlock => {
                let (s, c) = unlock::State::enter(&ctx);
                (Page::Unlock(s), c)
            }
            Route::Documents => {
                let (s, c) = documents::State::enter(&ctx);
                (Page::Documents(s), c)
            }
            Route::DocumentDetail { id } => {
                let (s, c) = detail::State::enter(id, &ctx);
                (Page::Detail(s), c)
            }
            Route::ShowQr { id } => {
                let (s, c) = show_qr::State::enter(id, &ctx);
                (Page::ShowQr(s), c)
            }
            Route::AcceptOffer { link } => {
                let (s, c) = offer::State::enter(link, &ctx);
                (Page::Offer(s), c)
            }
            Route::Present { link } => {
                let (s, c) = present::State::enter(link, &ctx);
                (Page::Present(s), c)
            }
            Route::ActivityLog => {
                let (s, c) = log::State::enter(&ctx);
                (Page::Log(s), c)
            }
            Route::Backup => {
                let (s, c) = backup::State::enter(&ctx);
                (Page::Backup(s), c)
            }
            Route::Verifier => {
                let (s, c) = verifier::State::enter(&ctx);
                (Page::Verifier(s), c)
            }
        };
        self.stack.push(page);
        commands
    }

    /// A screen that needs the wallet is only opened while it is unlocked.
    fn open(&mut self, route: Route) -> Vec<Command> {
        let needs_wallet = !matches!(route, Route::Verifier | Route::Setup | Route::Unlock);
        if needs_wallet && self.env.session.is_none() {
            return Vec::new();
        }
        if route == Route::Verifier {
            return self.switch_to(Mode::Verifier);
        }
        self.push(route)
    }

    fn back(&mut self) -> Vec<Command> {
        if self.stack.len() <= 1 {
            return vec![Command::Effect(Effect::Close)];
        }
        if let Some(mut gone) = self.stack.pop() {
            let ctx = self.ctx();
            // A screen leaving stops what it runs (a QR, the camera).
            drop(with_page!(&mut gone, s => s.background(&ctx)));
        }
        self.on_top(|page, ctx| with_page!(page, s => s.resume(ctx)))
    }

    fn switch_mode(&mut self) -> Vec<Command> {
        match self.mode {
            Mode::Citizen => self.switch_to(Mode::Verifier),
            Mode::Verifier => self.switch_to(Mode::Citizen),
        }
    }

    fn switch_to(&mut self, mode: Mode) -> Vec<Command> {
        self.mode = mode;
        self.stack.clear();
        match mode {
            Mode::Verifier => self.push(Route::Verifier),
            Mode::Citizen if self.env.session.is_some() => self.push(Route::Documents),
            Mode::Citizen => {
                let (page, commands) = self.entry();
                self.stack = vec![page];
                commands
            }
        }
    }

    /// The wallet was created or unlocked: the documents, then a waiting offer.
    fn opened(&mut self, session: Session) -> Vec<Command> {
        if let Some(old) = self.env.session.replace(session) {
            old.lock();
        }
        self.mode = Mode::Citizen;
        self.last_activity = self.env.platform.clock.now();
        self.background_since = None;
        self.stack.clear();
        let mut commands = self.push(Route::Documents);
        if let Some(link) = self.pending_link.take() {
            commands.extend(self.push(link_route(link)));
        }
        commands
    }

    /// Locks the wallet and forgets it; the unlock screen (the verifier
    /// mode stays where it is: it needs no wallet).
    fn lock(&mut self) -> Vec<Command> {
        let Some(session) = self.env.session.take() else {
            return Vec::new();
        };
        session.lock();
        self.epoch += 1;
        // The session is gone already: the screens see no wallet.
        let ctx = self.env.ctx();
        for page in &mut self.stack {
            drop(with_page!(page, s => s.background(&ctx)));
        }
        if self.mode == Mode::Verifier {
            return Vec::new();
        }
        let (page, commands) = self.entry();
        self.stack = vec![page];
        commands
    }

    fn lifecycle(&mut self, state: Lifecycle, now: OffsetDateTime) -> Vec<Command> {
        match state {
            Lifecycle::Background => {
                self.background_since = Some(now);
                self.on_top(|page, ctx| with_page!(page, s => s.background(ctx)))
            }
            Lifecycle::Foreground => {
                let since = self.background_since.take();
                let away = since.map_or(Duration::ZERO, |since| now - since);
                if self.env.session.is_some()
                    && away >= Duration::seconds(BACKGROUND_GRACE_SECONDS.into())
                {
                    return self.lock();
                }
                self.on_top(|page, ctx| with_page!(page, s => s.foreground(ctx)))
            }
        }
    }

    /// What the shell draws now.
    pub fn view(&self) -> ViewModel {
        let ctx = self.ctx();
        let language = self.env.language;
        let Some(page) = self.stack.last() else {
            // Before Start: the entry screen, not yet entered.
            let (page, _) = self.entry();
            return self.view_of(&page, &ctx);
        };
        let _ = language;
        self.view_of(page, &ctx)
    }

    fn view_of(&self, page: &Page, ctx: &Ctx) -> ViewModel {
        let language = self.env.language;
        let title = with_page!(page, s => s.title(ctx));
        let needs = with_page!(page, s => s.needs());
        let screen = match page {
            Page::Setup(s) => ScreenView::Setup { view: s.view(ctx) },
            Page::Unlock(s) => ScreenView::Unlock { view: s.view(ctx) },
            Page::Documents(s) => ScreenView::Documents { view: s.view(ctx) },
            Page::Detail(s) => ScreenView::Detail { view: s.view(ctx) },
            Page::ShowQr(s) => ScreenView::ShowQr { view: s.view(ctx) },
            Page::Offer(s) => ScreenView::Offer { view: s.view(ctx) },
            Page::Present(s) => ScreenView::Present { view: s.view(ctx) },
            Page::Log(s) => ScreenView::Log { view: s.view(ctx) },
            Page::Backup(s) => ScreenView::Backup { view: s.view(ctx) },
            Page::Verifier(s) => ScreenView::Verifier { view: s.view(ctx) },
        };
        let menu = match page {
            Page::Documents(_) => vec![
                item(language, Str::AppMenuAddDocument, MenuAction::AddDocument),
                item(language, Str::AppMenuActivity, MenuAction::ActivityLog),
                item(language, Str::AppMenuBackup, MenuAction::Backup),
                item(language, Str::AppSwitchToVerifier, MenuAction::SwitchMode),
                item(language, Str::AppLock, MenuAction::Lock),
            ],
            Page::Verifier(_) => vec![item(
                language,
                Str::AppSwitchToCitizen,
                MenuAction::SwitchMode,
            )],
            _ => Vec::new(),
        };
        let unlocked = self.env.session.is_some();
        let tick_ms = match (needs.tick_ms, unlocked) {
            (Some(ms), true) => Some(ms.min(IDLE_TICK_MS)),
            (None, true) => Some(IDLE_TICK_MS),
            (ms, false) => ms,
        };
        ViewModel {
            language,
            mode: self.mode,
            header: Header {
                title,
                can_go_back: self.stack.len() > 1,
                back_label: t(language, Str::CommonBack, &[]),
                menu,
                mode_label: t(
                    language,
                    match self.mode {
                        Mode::Citizen => Str::AppModeCitizen,
                        Mode::Verifier => Str::AppModeVerifier,
                    },
                    &[],
                ),
            },
            screen,
            platform: PlatformView {
                secure_display: !matches!(page, Page::Setup(_)),
                full_brightness: needs.full_brightness,
                camera: needs.camera,
                tick_ms,
            },
            auto_lock: unlocked.then(|| AutoLockView {
                background_grace_seconds: BACKGROUND_GRACE_SECONDS,
                idle_seconds: IDLE_SECONDS,
                text: t(
                    language,
                    Str::AppAutoLock,
                    &[&BACKGROUND_GRACE_SECONDS, &(IDLE_SECONDS / 60)],
                ),
            }),
            shell: ShellWords {
                menu: t(language, Str::AppMenu, &[]),
                camera_denied: t(language, Str::AppCameraDenied, &[]),
                allow_camera: t(language, Str::AppAllowCamera, &[]),
                screenshot_notice: t(language, Str::AppScreenshotNotice, &[]),
                no_file_picker: t(language, Str::AppNoFilePicker, &[]),
                share_file: t(language, Str::AppShareFile, &[]),
                ok: t(language, Str::CommonOk, &[]),
                retry: t(language, Str::CommonRetry, &[]),
                cancel: t(language, Str::CommonCancel, &[]),
                open_settings: t(language, Str::AppOpenSettings, &[]),
                privacy_cover: t(language, Str::AppPrivacyCover, &[]),
                paste_code: t(language, Str::AppPasteCode, &[]),
                paste_code_hint: t(language, Str::AppPasteCodeHint, &[]),
                read_code: t(language, Str::AppReadCode, &[]),
                open_image: t(language, Str::AppOpenImage, &[]),
                no_code_in_image: t(language, Str::AppNoCodeInImage, &[]),
                unreadable_image: t(language, Str::AppUnreadableImage, &[]),
                copied: t(language, Str::AppCopied, &[]),
            },
        }
    }
}

fn item(language: Language, label: Str, action: MenuAction) -> MenuItem {
    MenuItem {
        label: t(language, label, &[]),
        action,
    }
}

/// The screen a deep link opens: a sign-in request's, else the offer's.
fn link_route(uri: String) -> Route {
    if is_request_link(&uri) {
        Route::Present { link: Some(uri) }
    } else {
        Route::AcceptOffer { link: Some(uri) }
    }
}

fn page_route(page: &Page) -> Route {
    match page {
        Page::Setup(_) => Route::Setup,
        Page::Unlock(_) => Route::Unlock,
        Page::Documents(_) => Route::Documents,
        Page::Detail(s) => Route::DocumentDetail {
            id: s.id().to_owned(),
        },
        Page::ShowQr(s) => Route::ShowQr {
            id: s.id().to_owned(),
        },
        Page::Offer(s) => Route::AcceptOffer { link: s.link() },
        Page::Present(s) => Route::Present { link: s.link() },
        Page::Log(_) => Route::ActivityLog,
        Page::Backup(_) => Route::Backup,
        Page::Verifier(_) => Route::Verifier,
    }
}
