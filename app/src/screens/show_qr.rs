//! Show QR: a document as a QR code that renews itself.
//!
//! The code discloses one of the document's presets (a checkpoint's
//! needs: the first one the document can show is chosen at entry) or
//! claims picked one by one; picking a claim while a preset is chosen
//! starts from the preset's claims, and with nothing picked no code is
//! shown. Every change replaces a running code at once.
//!
//! Each code is a fresh signature made in a task (`Wallet::present` at the
//! platform's `now`), drawn from core's QR module. It stays on screen
//! until its refresh time, 15 s after it was made, then the next `tick`
//! makes a new one; a code whose credential ends before its refresh
//! counts down to that end instead, then shows as expired and no new code
//! is made. The countdown rules ([`RefreshSchedule`]) and the 5-second
//! clock tolerance ([`CLOCK_TOLERANCE_MS`]) live here and only here.
//!
//! Codes run only while the screen is shown and the app is in the
//! foreground: `background` (also called when the screen is left) stops
//! them and forgets the last code, `foreground` makes a new one. While
//! a code runs the screen asks for full brightness and a tick every second.

use time::OffsetDateTime;
use vidi_core::claims::ClaimId;
use vidi_core::document::DocumentType;
use vidi_core::preset::Preset;
use vidi_core::qr::{QUIET_ZONE, QrCode};
use vidi_core::store::{Disclose, DocumentId, PresentationOutput};

use super::{Command, Ctx, Done as AnyDone, Needs, Screen};
use crate::problem::Problem;
use crate::words::{Language, Str, claim_label, in_sentence, list, preset_name, t, type_name};

/// What the user does on the QR screen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ShowQrEvent {
    /// Show the preset named `name` (one of the view's `choices`).
    ChoosePreset {
        /// The preset's machine name (`checkpoint-id`, `age-18`...).
        name: String,
    },
    /// Pick or unpick the claim named `name` (one of the view's `claims`).
    ToggleClaim {
        /// The claim's machine name (`full_name`...).
        name: String,
    },
    /// Show codes again (after `Stop`, an error or an expired code).
    Start,
    /// Stop showing codes; the last one is forgotten.
    Stop,
}

/// What the QR code discloses.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum QrSelection {
    /// A checkpoint's preset.
    Preset {
        /// Its machine name.
        name: String,
    },
    /// Claims picked one by one (maybe none).
    Claims {
        /// Their machine names, in the document's order.
        names: Vec<String>,
    },
}

/// A preset the document can show.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct QrChoice {
    /// Its machine name, for `ChoosePreset`.
    pub preset: String,
    /// Its name in words ("Trạm kiểm soát").
    pub name: String,
    /// The labels of the claims it discloses, in order.
    pub claims: Vec<String>,
    /// It is the one chosen.
    pub selected: bool,
}

/// A claim the document can show on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ClaimChoice {
    /// Its machine name, for `ToggleClaim`.
    pub claim: String,
    /// Its label.
    pub label: String,
    /// It is picked (only while claims are picked one by one).
    pub selected: bool,
}

/// A QR code to draw module by module: `size` × `size` modules inside a
/// light margin of `quiet_zone` modules on every side.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct QrImage {
    /// The QR version, 1 to 40.
    pub version: u8,
    /// Width and height in modules, without the quiet zone (`4 * version + 17`).
    pub size: u32,
    /// The light margin to draw around the code, in modules.
    pub quiet_zone: u32,
    /// `size * size` bytes, row by row from the top left: 1 for a dark
    /// module, 0 for a light one; column x of row y is `modules[y * size + x]`.
    pub modules: Vec<u8>,
}

impl QrImage {
    fn of(code: &QrCode) -> Self {
        Self {
            version: code.version(),
            size: u32::try_from(code.size()).unwrap_or(0),
            quiet_zone: QUIET_ZONE,
            modules: code.modules().iter().map(|&dark| u8::from(dark)).collect(),
        }
    }

    /// Whether the module at column `x`, row `y` (from the top left of the
    /// code, quiet zone excluded) is dark; false outside the code.
    pub fn is_dark(&self, x: u32, y: u32) -> bool {
        if x >= self.size || y >= self.size {
            return false;
        }
        let at = usize::try_from(u64::from(y) * u64::from(self.size) + u64::from(x));
        at.ok()
            .and_then(|i| self.modules.get(i))
            .is_some_and(|&m| m != 0)
    }
}

impl std::fmt::Debug for QrImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The modules are the proof: no personal data in logs.
        f.debug_struct("QrImage")
            .field("version", &self.version)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// What the QR screen draws.
#[derive(Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ShowQrView {
    /// "Xuất trình thẻ căn cước".
    pub title: String,
    /// The presets the document can show.
    pub choices: Vec<QrChoice>,
    /// The heading over the claims to pick one by one.
    pub choose_claims_label: String,
    /// The document's claims to pick one by one.
    pub claims: Vec<ClaimChoice>,
    /// What the code discloses.
    pub selected: Option<QrSelection>,
    /// The code to draw, large, at full brightness; none while there is none.
    pub qr: Option<QrImage>,
    /// The text the code holds (`VD2:` + Base45).
    pub payload: Option<String>,
    /// Seconds to the next code (0 while it is being made); none without a code.
    pub seconds_to_refresh: Option<u32>,
    /// The countdown over the whole refresh interval, for a ring: 1 for a
    /// fresh code, 0 at the refresh.
    pub fraction: f32,
    /// Under the code: the countdown and how long the code stays valid, or
    /// why there is no code.
    pub caption: String,
    /// What a screen reader says for the code: which document, which
    /// claims, when the next code comes.
    pub accessibility_label: String,
    /// The code ran out before its refresh (the credential ended): no new one comes.
    pub expired: bool,
    /// Codes are being shown (or the next one made).
    pub running: bool,
    /// What went wrong, in words.
    pub error: Option<String>,
}

impl std::fmt::Debug for ShowQrView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The payload carries the disclosed values: left out.
        f.debug_struct("ShowQrView")
            .field("title", &self.title)
            .field("selected", &self.selected)
            .field("qr", &self.qr)
            .field("seconds_to_refresh", &self.seconds_to_refresh)
            .field("caption", &self.caption)
            .field("expired", &self.expired)
            .field("running", &self.running)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

/// A task's result.
pub enum Done {
    /// A code was made for request `generation`.
    Made {
        /// The request it answers.
        generation: u64,
        /// The code.
        output: Box<PresentationOutput>,
    },
    /// Making it failed.
    Failed {
        /// The request it answers.
        generation: u64,
        /// Why.
        problem: Problem,
    },
}

// ---------------------------------------------------------------------------
// The refresh schedule.

/// How far the platform's clock may be from a code's `made_at` before the
/// code's schedule is moved onto the platform's clock (a clock changed
/// while the code was being made), so that every fresh code still counts
/// down its whole refresh interval instead of asking for another at once.
pub(crate) const CLOCK_TOLERANCE_MS: i64 = 5_000;

const MILLIS_PER_SECOND: i64 = 1_000;

/// Where a code's countdown stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QrTick {
    /// The code on screen is current: a new one is drawn in
    /// `seconds_to_refresh` seconds, and verifiers accept this one for
    /// `seconds_to_expiry` more seconds. Both are rounded up, so a
    /// countdown never shows 0 while the code is still in use.
    Countdown {
        seconds_to_refresh: u32,
        seconds_to_expiry: u32,
    },
    /// The refresh time is reached: draw a new code.
    Refresh,
    /// The code expired before its refresh time, because the credential it
    /// was made from ends first: stop showing it.
    Expired,
}

/// When a code on screen is replaced: the times core gives with every
/// presentation, as Unix milliseconds. Normally the refresh comes 15 s
/// after the code was made and its expiry 60 s after; the expiry is
/// earlier when the credential itself ends sooner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RefreshSchedule {
    made_at: i64,
    refresh_at: i64,
    expires_at: i64,
}

/// Unix milliseconds.
fn millis(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Milliseconds as whole seconds, rounded up.
fn seconds_up_to(millis: i64) -> u32 {
    u32::try_from((millis + MILLIS_PER_SECOND - 1).div_euclid(MILLIS_PER_SECOND)).unwrap_or(0)
}

impl RefreshSchedule {
    /// The schedule; none when the refresh or the expiry comes before the
    /// code was made.
    pub(crate) fn new(made_at: i64, refresh_at: i64, expires_at: i64) -> Option<Self> {
        (refresh_at >= made_at && expires_at >= made_at).then_some(Self {
            made_at,
            refresh_at,
            expires_at,
        })
    }

    /// A presentation's schedule.
    fn of(p: &PresentationOutput) -> Option<Self> {
        Self::new(
            millis(p.made_at),
            millis(p.refresh_at),
            millis(p.expires_at),
        )
    }

    /// The same schedule `ms` later (earlier when negative).
    pub(crate) fn shifted_by(self, ms: i64) -> Self {
        Self {
            made_at: self.made_at + ms,
            refresh_at: self.refresh_at + ms,
            expires_at: self.expires_at + ms,
        }
    }

    /// The schedule as the platform's clock, at `now`, should follow it:
    /// moved onto that clock when it is more than [`CLOCK_TOLERANCE_MS`]
    /// away from the code's `made_at`, unchanged otherwise.
    pub(crate) fn following(self, now: i64) -> Self {
        let skew = now - self.made_at;
        if skew.abs() > CLOCK_TOLERANCE_MS {
            self.shifted_by(skew)
        } else {
            self
        }
    }

    /// The moment the code leaves the screen: its refresh, or its expiry if sooner.
    fn end(self) -> i64 {
        self.refresh_at.min(self.expires_at)
    }

    /// Where the countdown stands at `now`. The clock is read afresh each
    /// time, so a phone that slept through the countdown, or a clock that
    /// jumped, gets the right tick at once rather than the seconds it missed.
    pub(crate) fn tick(self, now: i64) -> QrTick {
        let left = self.end() - now;
        if left <= 0 {
            return if self.expires_at <= self.refresh_at {
                QrTick::Expired
            } else {
                QrTick::Refresh
            };
        }
        QrTick::Countdown {
            seconds_to_refresh: seconds_up_to(left),
            seconds_to_expiry: seconds_up_to(self.expires_at - now),
        }
    }

    /// How long after `now` the tick next changes: when the rounded-up
    /// seconds change (14.5 s left waits 0.5 s); none once the countdown
    /// has ended. (The app ticks every second and reads the clock afresh
    /// at each view; the tests live the countdown with this wait, as the
    /// old apps' timers did.)
    #[cfg(test)]
    pub(crate) fn wait_ms(self, now: i64) -> Option<i64> {
        let left = self.end() - now;
        (left > 0).then(|| (left - 1) % MILLIS_PER_SECOND + 1)
    }

    /// The countdown's share of the whole refresh interval at `tick`: 1 for
    /// a fresh code, 0 at the refresh.
    fn fraction(self, tick: QrTick) -> f32 {
        let QrTick::Countdown {
            seconds_to_refresh, ..
        } = tick
        else {
            return 0.0;
        };
        let interval = ((self.refresh_at - self.made_at) / MILLIS_PER_SECOND).max(1);
        #[allow(clippy::cast_precision_loss)]
        let share = f64::from(seconds_to_refresh) / interval as f64;
        #[allow(clippy::cast_possible_truncation)]
        let share = share.clamp(0.0, 1.0) as f32;
        share
    }
}

// ---------------------------------------------------------------------------
// The screen.

/// The document as the screen needs it.
struct Document {
    doc_type: DocumentType,
    presets: Vec<Preset>,
    claims: Vec<ClaimId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Selection {
    Preset(Preset),
    /// In the document's order.
    Claims(Vec<ClaimId>),
}

impl Selection {
    fn claims(&self) -> &[ClaimId] {
        match self {
            Self::Preset(p) => p.claims(),
            Self::Claims(c) => c,
        }
    }
}

/// The code on screen.
struct Shown {
    payload: String,
    qr: QrImage,
    claims: Vec<ClaimId>,
    schedule: RefreshSchedule,
}

/// The QR screen.
pub struct State {
    id: String,
    document: Option<Document>,
    selection: Option<Selection>,
    shown: Option<Shown>,
    /// The screen wants codes (entered or `Start`ed, not `Stop`ped).
    wanted: bool,
    /// The app is in the background, or the screen was left.
    away: bool,
    /// A code is being made for the current request.
    signing: bool,
    /// The current request; results of older ones are dropped.
    generation: u64,
    /// The last code expired before its refresh: no new one.
    ended: bool,
    failure: Option<Problem>,
}

impl State {
    /// The screen for document `id`: its first preset (or nothing picked),
    /// and the first code on its way.
    pub fn enter(id: String, ctx: &Ctx) -> (Self, Vec<Command>) {
        let mut state = Self {
            id,
            document: None,
            selection: None,
            shown: None,
            wanted: true,
            away: false,
            signing: false,
            generation: 0,
            ended: false,
            failure: None,
        };
        let commands = if state.load(ctx) {
            state.sign(ctx)
        } else {
            Vec::new()
        };
        (state, commands)
    }

    /// The document shown.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Reads the document once; false (with the error kept) when it cannot be had.
    fn load(&mut self, ctx: &Ctx) -> bool {
        if self.document.is_some() {
            return true;
        }
        let Some(session) = ctx.session else {
            self.failure = Some(Problem::Locked);
            return false;
        };
        let id = DocumentId::new(self.id.clone());
        match session.now(|w| w.document(&id)) {
            Ok(view) => {
                let presets = Preset::showable(view.credentials.iter().map(|c| c.kind));
                if self.selection.is_none() {
                    self.selection = Some(
                        presets
                            .first()
                            .map_or(Selection::Claims(Vec::new()), |p| Selection::Preset(*p)),
                    );
                }
                self.document = Some(Document {
                    doc_type: view.summary.document_type,
                    presets,
                    claims: view.showable_claims(),
                });
                self.failure = None;
                true
            }
            Err(problem) => {
                self.failure = Some(problem);
                false
            }
        }
    }

    /// Codes are wanted and may run now.
    fn shown_on_screen(&self) -> bool {
        self.wanted && !self.away
    }

    /// Codes are being shown or made.
    fn running(&self) -> bool {
        self.shown_on_screen()
            && !self.ended
            && self.failure.is_none()
            && self.document.is_some()
            && self
                .selection
                .as_ref()
                .is_some_and(|s| !s.claims().is_empty())
    }

    /// Forgets the code on screen and any code being made.
    fn drop_code(&mut self) {
        self.generation += 1;
        self.signing = false;
        self.shown = None;
    }

    /// Starts making a code for the selection (none when nothing is picked).
    fn sign(&mut self, ctx: &Ctx) -> Vec<Command> {
        let Some(selection) = self.selection.clone() else {
            return Vec::new();
        };
        if selection.claims().is_empty() {
            return Vec::new();
        }
        let Some(session) = ctx.session.cloned() else {
            self.failure = Some(Problem::Locked);
            return Vec::new();
        };
        self.generation += 1;
        self.signing = true;
        let generation = self.generation;
        let id = DocumentId::new(self.id.clone());
        let now = ctx.now;
        vec![Command::task(async move {
            let made = session
                .blocking(move |w| {
                    let disclose = match &selection {
                        Selection::Preset(p) => Disclose::Preset(*p),
                        Selection::Claims(c) => Disclose::Claims(c),
                    };
                    w.present(&id, disclose, None, None, now)
                })
                .await;
            AnyDone::ShowQr(match made {
                Ok(output) => Done::Made {
                    generation,
                    output: Box::new(output),
                },
                Err(e) => Done::Failed {
                    generation,
                    problem: Problem::from(&e),
                },
            })
        })]
    }

    /// A new selection: the code on screen goes, and a new one is made at once.
    fn select(&mut self, selection: Selection, ctx: &Ctx) -> Vec<Command> {
        self.selection = Some(selection);
        self.drop_code();
        self.failure = None;
        self.ended = false;
        if self.shown_on_screen() {
            self.sign(ctx)
        } else {
            Vec::new()
        }
    }

    fn toggle_claim(&mut self, name: &str, ctx: &Ctx) -> Vec<Command> {
        let Some(document) = &self.document else {
            return Vec::new();
        };
        let Some(&claim) = document.claims.iter().find(|c| c.name() == name) else {
            return Vec::new();
        };
        let mut picked: Vec<ClaimId> = match &self.selection {
            Some(Selection::Claims(c)) => c.clone(),
            Some(Selection::Preset(p)) => p
                .claims()
                .iter()
                .copied()
                .filter(|c| document.claims.contains(c))
                .collect(),
            None => Vec::new(),
        };
        if picked.contains(&claim) {
            picked.retain(|c| *c != claim);
        } else {
            picked.push(claim);
        }
        let ordered = document
            .claims
            .iter()
            .copied()
            .filter(|c| picked.contains(c))
            .collect();
        self.select(Selection::Claims(ordered), ctx)
    }

    /// (Re)starts the codes when they may run and none is on its way.
    fn restart(&mut self, ctx: &Ctx) -> Vec<Command> {
        self.failure = None;
        if self.ended {
            // The expired code goes; a new one is tried.
            self.ended = false;
            self.drop_code();
        }
        if !self.load(ctx) || !self.shown_on_screen() || self.signing || self.shown.is_some() {
            return Vec::new();
        }
        self.sign(ctx)
    }

    /// The claims on screen: those the shown code carries (what a screen
    /// reader must say), else those the selection will disclose.
    fn disclosed(&self) -> &[ClaimId] {
        match (&self.shown, &self.selection) {
            (Some(shown), _) => &shown.claims,
            (None, Some(selection)) => selection.claims(),
            (None, None) => &[],
        }
    }

    fn type_words(&self, language: Language) -> String {
        match &self.document {
            Some(d) => in_sentence(&type_name(d.doc_type, language)),
            None => t(language, Str::LogUnknownDocument, &[]),
        }
    }
}

impl Screen for State {
    type Event = ShowQrEvent;
    type View = ShowQrView;
    type Done = Done;

    fn title(&self, ctx: &Ctx) -> String {
        t(
            ctx.language,
            Str::QrTitle,
            &[&self.type_words(ctx.language)],
        )
    }

    fn update(&mut self, event: ShowQrEvent, ctx: &Ctx) -> Vec<Command> {
        match event {
            ShowQrEvent::ChoosePreset { name } => {
                let Some(preset) = Preset::from_name(&name) else {
                    return Vec::new();
                };
                if !self
                    .document
                    .as_ref()
                    .is_some_and(|d| d.presets.contains(&preset))
                {
                    return Vec::new();
                }
                self.select(Selection::Preset(preset), ctx)
            }
            ShowQrEvent::ToggleClaim { name } => self.toggle_claim(&name, ctx),
            ShowQrEvent::Start => {
                self.wanted = true;
                self.restart(ctx)
            }
            ShowQrEvent::Stop => {
                self.wanted = false;
                self.drop_code();
                Vec::new()
            }
        }
    }

    fn done(&mut self, done: Done, ctx: &Ctx) -> Vec<Command> {
        match done {
            Done::Made { generation, output } => {
                if generation != self.generation || !self.shown_on_screen() {
                    return Vec::new();
                }
                self.signing = false;
                let Some(schedule) = RefreshSchedule::of(&output) else {
                    self.failure = Some(Problem::Other);
                    self.shown = None;
                    return Vec::new();
                };
                self.shown = Some(Shown {
                    qr: QrImage::of(&output.qr),
                    payload: output.text,
                    claims: output.claims,
                    schedule: schedule.following(millis(ctx.now)),
                });
                self.failure = None;
                Vec::new()
            }
            Done::Failed {
                generation,
                problem,
            } => {
                if generation != self.generation {
                    return Vec::new();
                }
                self.signing = false;
                self.shown = None;
                self.failure = Some(problem);
                Vec::new()
            }
        }
    }

    fn tick(&mut self, ctx: &Ctx) -> Vec<Command> {
        if !self.running() || self.signing {
            return Vec::new();
        }
        let Some(shown) = &self.shown else {
            return Vec::new();
        };
        match shown.schedule.tick(millis(ctx.now)) {
            QrTick::Countdown { .. } => Vec::new(),
            // The old code stays up ("making a new code") until the new one comes.
            QrTick::Refresh => self.sign(ctx),
            QrTick::Expired => {
                self.ended = true;
                Vec::new()
            }
        }
    }

    fn background(&mut self, _ctx: &Ctx) -> Vec<Command> {
        // No codes made in the background, and none left on screen.
        self.away = true;
        self.drop_code();
        Vec::new()
    }

    fn foreground(&mut self, ctx: &Ctx) -> Vec<Command> {
        self.away = false;
        if !self.wanted {
            return Vec::new();
        }
        self.restart(ctx)
    }

    fn needs(&self) -> Needs {
        let running = self.running();
        Needs {
            full_brightness: running,
            tick_ms: running.then_some(1000),
            ..Needs::default()
        }
    }

    fn view(&self, ctx: &Ctx) -> ShowQrView {
        let l = ctx.language;
        let type_words = self.type_words(l);
        let selected = self.selection.as_ref().map(|s| match s {
            Selection::Preset(p) => QrSelection::Preset {
                name: p.name().to_owned(),
            },
            Selection::Claims(c) => QrSelection::Claims {
                names: c.iter().map(|c| c.name()).collect(),
            },
        });
        let choices = self.document.as_ref().map_or_else(Vec::new, |d| {
            d.presets
                .iter()
                .map(|&p| QrChoice {
                    preset: p.name().to_owned(),
                    name: preset_name(p, l),
                    claims: p.claims().iter().map(|&c| claim_label(c, l)).collect(),
                    selected: self.selection == Some(Selection::Preset(p)),
                })
                .collect()
        });
        let picked = match &self.selection {
            Some(Selection::Claims(c)) => Some(c.as_slice()),
            _ => None,
        };
        let claims = self.document.as_ref().map_or_else(Vec::new, |d| {
            d.claims
                .iter()
                .map(|&c| ClaimChoice {
                    claim: c.name(),
                    label: claim_label(c, l),
                    selected: picked.is_some_and(|p| p.contains(&c)),
                })
                .collect()
        });
        let claim_words = list(
            &self
                .disclosed()
                .iter()
                .map(|&c| in_sentence(&claim_label(c, l)))
                .collect::<Vec<_>>(),
            l,
        );
        let tick = self
            .shown
            .as_ref()
            .map(|s| (s, s.schedule.tick(millis(ctx.now))));
        let (seconds_to_refresh, fraction, caption, accessibility_label) = match tick {
            Some((
                shown,
                tick @ QrTick::Countdown {
                    seconds_to_refresh,
                    seconds_to_expiry,
                },
            )) => (
                Some(seconds_to_refresh),
                shown.schedule.fraction(tick),
                t(
                    l,
                    Str::QrCountdown,
                    &[&seconds_to_refresh, &seconds_to_expiry],
                ),
                t(
                    l,
                    Str::QrA11yCountdown,
                    &[&type_words, &claim_words, &seconds_to_refresh],
                ),
            ),
            Some((_, QrTick::Refresh)) => (
                Some(0),
                0.0,
                t(l, Str::QrRefreshing, &[]),
                t(l, Str::QrA11yRefreshing, &[&type_words, &claim_words]),
            ),
            Some((_, QrTick::Expired)) => (
                None,
                0.0,
                t(l, Str::QrExpired, &[]),
                t(l, Str::QrA11yExpired, &[&type_words]),
            ),
            None => {
                let caption = if picked.is_some_and(<[ClaimId]>::is_empty) {
                    t(l, Str::QrNoClaims, &[])
                } else if self.signing {
                    t(l, Str::QrRefreshing, &[])
                } else {
                    String::new()
                };
                (None, 0.0, caption, String::new())
            }
        };
        let expired = matches!(tick, Some((_, QrTick::Expired)));
        let qr = tick.filter(|_| !expired).map(|(s, _)| s);
        ShowQrView {
            title: self.title(ctx),
            choices,
            choose_claims_label: t(l, Str::QrChooseClaims, &[]),
            claims,
            selected,
            qr: qr.map(|s| s.qr.clone()),
            payload: qr.map(|s| s.payload.clone()),
            seconds_to_refresh,
            fraction,
            caption,
            accessibility_label,
            expired,
            running: self.running() && !expired,
            error: self.failure.map(|p| p.words(l)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// A clock the schedule tests move: each sleep is recorded and moves it
    /// on by what was slept, plus `oversleep` (a phone that slept).
    struct FakeClock {
        now: i64,
        oversleep: i64,
        sleeps: Vec<i64>,
    }

    impl FakeClock {
        fn at(now: i64) -> Self {
            Self {
                now,
                oversleep: 0,
                sleeps: Vec::new(),
            }
        }

        fn sleep(&mut self, ms: i64) {
            assert!(ms > 0, "asked to sleep {ms} ms");
            self.sleeps.push(ms);
            self.now += ms + self.oversleep;
        }
    }

    /// The countdown as the screen lives it: a tick at once, then after
    /// each wait, until the refresh or the expiry (or `limit` ticks).
    /// `after` runs after each tick, before the wait (a user changing the
    /// clock meanwhile).
    fn ticks(
        schedule: RefreshSchedule,
        clock: &mut FakeClock,
        limit: usize,
        mut after: impl FnMut(QrTick, &mut FakeClock),
    ) -> Vec<QrTick> {
        let mut out = Vec::new();
        loop {
            let now = clock.now;
            let tick = schedule.tick(now);
            out.push(tick);
            after(tick, clock);
            if out.len() == limit {
                return out;
            }
            match schedule.wait_ms(now) {
                Some(wait) => clock.sleep(wait),
                None => return out,
            }
        }
    }

    const MADE: i64 = 1_750_000_000_000;

    fn usual() -> RefreshSchedule {
        RefreshSchedule::new(MADE, MADE + 15_000, MADE + 60_000).unwrap()
    }

    fn countdown(refresh: u32, expiry: u32) -> QrTick {
        QrTick::Countdown {
            seconds_to_refresh: refresh,
            seconds_to_expiry: expiry,
        }
    }

    #[test]
    fn counts_down_every_second_from_15_to_1_then_refreshes_at_refresh_at() {
        let mut clock = FakeClock::at(MADE);
        let got = ticks(usual(), &mut clock, usize::MAX, |_, _| {});
        let mut expected: Vec<QrTick> = (1..=15).rev().map(|s| countdown(s, s + 45)).collect();
        expected.push(QrTick::Refresh);
        assert_eq!(got, expected);
        assert_eq!(clock.sleeps, vec![1_000; 15]);
        assert_eq!(clock.now, MADE + 15_000);
    }

    #[test]
    fn a_screen_opened_mid_second_rounds_up_then_waits_for_the_next_whole_second() {
        let mut clock = FakeClock::at(MADE + 2_300);
        let got = ticks(usual(), &mut clock, usize::MAX, |_, _| {});
        assert_eq!(got[0], countdown(13, 58));
        assert_eq!(got[1], countdown(12, 57));
        assert_eq!(got.last(), Some(&QrTick::Refresh));
        let mut sleeps = vec![700];
        sleeps.extend([1_000; 12]);
        assert_eq!(clock.sleeps, sleeps);
    }

    #[test]
    fn a_credential_ending_before_the_refresh_makes_the_code_expire_instead() {
        let schedule = RefreshSchedule::new(MADE, MADE + 15_000, MADE + 4_500).unwrap();
        let mut clock = FakeClock::at(MADE);
        let got = ticks(schedule, &mut clock, usize::MAX, |_, _| {});
        // Counting down to the expiry, which comes first: 4.5 s away at the start.
        assert_eq!(
            got,
            vec![
                countdown(5, 5),
                countdown(4, 4),
                countdown(3, 3),
                countdown(2, 2),
                countdown(1, 1),
                QrTick::Expired,
            ]
        );
        assert_eq!(clock.now, MADE + 4_500);
    }

    #[test]
    fn a_device_that_slept_through_the_countdown_refreshes_at_once_without_the_missed_seconds() {
        let mut clock = FakeClock::at(MADE);
        clock.oversleep = 30_000;
        let got = ticks(usual(), &mut clock, usize::MAX, |_, _| {});
        assert_eq!(got, vec![countdown(15, 60), QrTick::Refresh]);
    }

    #[test]
    fn a_code_already_past_its_refresh_time_only_asks_for_a_new_one() {
        let mut clock = FakeClock::at(MADE + 20_000);
        assert_eq!(
            ticks(usual(), &mut clock, usize::MAX, |_, _| {}),
            vec![QrTick::Refresh]
        );
        assert!(clock.sleeps.is_empty());
    }

    #[test]
    fn a_clock_set_back_mid_countdown_counts_from_the_new_time() {
        let mut clock = FakeClock::at(MADE + 10_000);
        let got = ticks(usual(), &mut clock, 5, |tick, clock| {
            if tick == countdown(3, 48) {
                clock.now -= 5_000; // the user corrects the time
            }
        });
        let counts: Vec<u32> = got
            .iter()
            .map(|t| match t {
                QrTick::Countdown {
                    seconds_to_refresh, ..
                } => *seconds_to_refresh,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(counts, vec![5, 4, 3, 7, 6]);
    }

    #[test]
    fn the_system_clock_drives_the_same_countdown_in_real_time() {
        let now = || millis(OffsetDateTime::now_utc());
        let start = now();
        let schedule = RefreshSchedule::new(start, start + 300, start + 60_000).unwrap();
        let began = std::time::Instant::now();
        let mut got = Vec::new();
        loop {
            let at = now();
            let tick = schedule.tick(at);
            got.push(tick);
            let Some(wait) = schedule.wait_ms(at) else {
                break;
            };
            std::thread::sleep(std::time::Duration::from_millis(wait.unsigned_abs()));
        }
        let took = began.elapsed().as_millis();
        assert_eq!(got.last(), Some(&QrTick::Refresh));
        assert!(
            matches!(
                got[0],
                QrTick::Countdown {
                    seconds_to_refresh: 1,
                    ..
                }
            ),
            "{got:?}"
        );
        assert!((250..=5_000).contains(&took), "took {took} ms");
    }

    #[test]
    fn times_out_of_order_are_refused() {
        assert!(RefreshSchedule::new(MADE, MADE - 1, MADE + 60_000).is_none());
        assert!(RefreshSchedule::new(MADE, MADE + 15_000, MADE - 1).is_none());
    }

    #[test]
    fn a_clock_more_than_5_seconds_off_moves_the_schedule_onto_it() {
        let schedule = usual();
        // Within the tolerance: the core's times stand.
        assert_eq!(schedule.following(MADE + 5_000), schedule);
        assert_eq!(schedule.following(MADE - 5_000), schedule);
        // Beyond it, either way: every fresh code counts down its whole interval.
        let ahead = schedule.following(MADE + 5_001);
        assert_eq!(ahead, schedule.shifted_by(5_001));
        assert_eq!(ahead.tick(MADE + 5_001), countdown(15, 60));
        let behind = schedule.following(MADE - 3_600_000);
        assert_eq!(behind.tick(MADE - 3_600_000), countdown(15, 60));
        // Unmoved, a clock 20 s ahead would ask for a new code at once.
        assert_eq!(schedule.tick(MADE + 20_000), QrTick::Refresh);
    }

    #[test]
    fn the_ring_is_full_for_a_fresh_code_and_empty_at_the_refresh() {
        let s = usual();
        assert!((s.fraction(s.tick(MADE)) - 1.0).abs() < f32::EPSILON);
        assert!((s.fraction(s.tick(MADE + 1_000)) - 14.0 / 15.0).abs() < 1e-6);
        assert!(s.fraction(QrTick::Refresh).abs() < f32::EPSILON);
        // A schedule with no interval at all does not divide by zero.
        let flat = RefreshSchedule::new(MADE, MADE, MADE + 60_000).unwrap();
        assert_eq!(flat.tick(MADE), QrTick::Refresh);
    }

    /// Runs a screen's task to its end.
    fn finish(runtime: &tokio::runtime::Runtime, commands: Vec<Command>) -> Done {
        let mut tasks = commands.into_iter().filter_map(|c| match c {
            Command::Task(work) => Some(work),
            _ => None,
        });
        let work = tasks.next().expect("a task");
        assert!(tasks.next().is_none(), "one task");
        match runtime.block_on(work) {
            AnyDone::ShowQr(done) => done,
            _ => panic!("another screen's result"),
        }
    }

    #[test]
    fn a_locked_wallet_is_an_error_in_words_not_a_crash() {
        use std::sync::Arc;

        use vidi_core::store::{CitizenDocuments, MemoryKeyProvider, Wallet};

        use crate::platform::{AppSettings, Platform, SystemClock};
        use crate::screens::{Session, VerifierCaches};

        let runtime = tokio::runtime::Runtime::new().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let key = MemoryKeyProvider::generate();
        let t0 = time::macros::datetime!(2026-12-06 08:00 UTC);
        let mut wallet = Wallet::create(dir.path().join("wallet.db"), &key).unwrap();
        let added = wallet
            .add_sample_citizen(
                &vidi_core::sample::test_issuer().unwrap(),
                CitizenDocuments::reference().unwrap(),
                t0,
            )
            .unwrap();
        let id = added[0].id().as_str().to_owned();
        let session = Session::new(wallet);
        let platform = Platform {
            pin_work_factor: Some(2),
            ..Platform::software(
                dir.path().to_path_buf(),
                Arc::new(key),
                Arc::new(SystemClock),
            )
        };
        let settings = AppSettings::default();
        let verifier = VerifierCaches::default();
        let ctx = |now, session| Ctx {
            platform: &platform,
            language: Language::Vietnamese,
            now,
            session,
            settings: &settings,
            verifier: &verifier,
        };

        // Loaded and showing; then the wallet locks under the screen.
        let (mut state, commands) = State::enter(id.clone(), &ctx(t0, Some(&session)));
        let done = finish(&runtime, commands);
        assert!(state.done(done, &ctx(t0, Some(&session))).is_empty());
        assert!(state.view(&ctx(t0, Some(&session))).qr.is_some());
        session.lock();
        let later = ctx(t0 + time::Duration::seconds(15), Some(&session));
        let commands = state.tick(&later);
        let done = finish(&runtime, commands);
        state.done(done, &later);
        let failed = state.view(&later);
        assert_eq!(
            failed.error.as_deref(),
            Some("Ví đang khoá. Hãy mở khoá rồi thử lại.")
        );
        assert!(failed.qr.is_none() && failed.payload.is_none());
        assert!(!failed.running);
        assert_eq!(state.needs(), Needs::default());
        // No code is tried again on its own.
        assert!(
            state
                .tick(&ctx(t0 + time::Duration::seconds(40), Some(&session)))
                .is_empty()
        );

        // Entering with the wallet locked: the same words, and nothing to choose.
        let (state, commands) = State::enter(id.clone(), &ctx(t0, Some(&session)));
        assert!(commands.is_empty());
        let view = state.view(&ctx(t0, Some(&session)));
        assert_eq!(
            view.error.as_deref(),
            Some("Ví đang khoá. Hãy mở khoá rồi thử lại.")
        );
        assert!(view.choices.is_empty() && !view.running);
        // And with no wallet at all.
        let (state, _) = State::enter(id, &ctx(t0, None));
        assert_eq!(
            state.view(&ctx(t0, None)).error.as_deref(),
            Some("Ví đang khoá. Hãy mở khoá rồi thử lại.")
        );
    }

    #[test]
    fn the_matrix_reads_its_modules_row_by_row() {
        let code = QrCode::alphanumeric("VD1:6BFOXN*TS0BI$ZDFRH", vidi_core::qr::Ecc::M).unwrap();
        let matrix = QrImage::of(&code);
        assert_eq!(matrix.size, 25);
        assert_eq!(matrix.quiet_zone, 4);
        assert_eq!(matrix.modules.len(), 25 * 25);
        for y in 0..25 {
            for x in 0..25 {
                assert_eq!(
                    matrix.is_dark(x, y),
                    code.is_dark(x as usize, y as usize),
                    "{x},{y}"
                );
            }
        }
        assert!(!matrix.is_dark(25, 0));
        assert!(!format!("{matrix:?}").contains("modules"));
    }
}
