//! The checkpoint's verifier: an officer checks a citizen's QR offline.
//!
//! The trust list and the issuers' status lists are synced from the
//! server while online (`vidi_core::sync::sync` into the platform's
//! verifier folder) and kept in the app's one [`VerifierCaches`], which
//! the documents' status reads too. Each code the camera reads is checked
//! against that cache with core's verifier and default [`Policy`], and the
//! verdict fills the screen until the officer dismisses it.
//!
//! Rules:
//! - the camera runs while the screen is scanning (no verdict shown) and
//!   there are lists to check against;
//! - the same code again within [`REPEAT_SECONDS`] of its last check is
//!   ignored (cameras report every frame), and so is a code arriving while
//!   a verdict is shown; a check is offline and quick, so it runs as the
//!   code arrives and no second one can start meanwhile;
//! - a status list older than the policy's `max_status_age` is stale: every
//!   proof would get "status unknown", so the list and the screen say to
//!   sync. The limit is core's, not a second constant here;
//! - a sync that fails says why in words, and the old lists stay;
//! - the lists' ages are worded at each draw from the platform's clock,
//!   with a tick each minute while there are lists;
//! - the verifier needs no wallet: it works before first run and while locked.

use std::sync::Arc;

use time::OffsetDateTime;
use vidi_core::http::check_server_url;
use vidi_core::sync::{self, CachedList, SyncError, VerifierCache};
use vidi_core::verifier::{self, Policy, RejectReason, Verified};

use super::documents::Tone;
use super::{Command, Ctx, Done as AnyDone, Needs, Screen, VerifierCaches};
use crate::problem::Problem;
use crate::words::{Language, Str, age, claim_label, date_time, t, type_name};

/// How long the same code is not checked again, in seconds.
pub const REPEAT_SECONDS: i64 = 3;

/// How often the lists' ages are worded again while shown.
const AGE_TICK_MS: u32 = 60_000;

/// What the officer does on the verifier screen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum VerifierEvent {
    /// The server URL field changed.
    SetServerUrl {
        /// Its text, as typed.
        url: String,
    },
    /// "Sync the lists": fetch the trust and status lists from the server.
    Sync,
    /// The verdict was read: back to scanning.
    Dismiss,
    /// Read the cached lists again (the documents' status may have synced them).
    Reload,
}

/// A cached list as the verifier shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VerifierList {
    /// Its name: "Trust list", "Status list (key 1)".
    pub name: String,
    /// When it was signed, in words: "Signed 5 minutes ago".
    pub age: String,
    /// A status list older than the verifier's policy allows: every proof
    /// would be "status unknown".
    pub stale: bool,
    /// What to do about it, when stale.
    pub warning: Option<String>,
}

/// A detail the proof disclosed, labelled in the language.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VerdictField {
    /// The claim's machine name (`full_name`).
    pub claim: String,
    /// Its label ("Full name").
    pub label: String,
    /// Its value as people read it.
    pub value: String,
}

/// The verdict, large and plain: "VALID" on green with the disclosed
/// details, or "NOT VALID" on red with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VerdictView {
    /// Whether the proof is accepted.
    pub valid: bool,
    /// "HỢP LỆ" / "VALID", or "KHÔNG HỢP LỆ" / "NOT VALID".
    pub headline: String,
    /// Its colour.
    pub tone: Tone,
    /// The document's name ("Identity card"); "Unknown document" when refused.
    pub document_name: String,
    /// "Issued by …", when valid.
    pub issuer: Option<String>,
    /// The disclosed details, in the card's order (valid proofs).
    pub fields: Vec<VerdictField>,
    /// How many details stayed hidden.
    pub hidden_count: u32,
    /// That count in words, when valid and some are hidden.
    pub hidden: Option<String>,
    /// Why it was refused, as a stable code: `revoked`, `too_old`,
    /// `status_unknown`, ... (core's `RejectReason::code`).
    pub reason_code: Option<String>,
    /// Why it was refused, in words.
    pub reason: Option<String>,
    /// When it was checked, in words.
    pub checked_at: String,
}

/// What the verifier screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VerifierView {
    /// "Point the camera at the QR code on the citizen's phone".
    pub scan_hint: String,
    /// The camera is looking for a code: lists to check against, no verdict shown.
    pub scanning: bool,
    /// The verdict on the last code, until dismissed.
    pub verdict: Option<VerdictView>,
    /// The words for dismissing it (the verdict is tapped): "Scan the next code".
    pub scan_next_label: String,
    /// A code could not be checked (nothing to check against, a damaged cache).
    pub error: Option<String>,
    /// Nothing to check against yet: sync first, in words.
    pub not_ready: Option<String>,
    /// The lists section's heading.
    pub lists_label: String,
    /// Each cached list, the trust list first; empty before the first sync.
    pub lists: Vec<VerifierList>,
    /// Some status list is stale.
    pub stale: bool,
    /// What to do about stale lists, in words.
    pub stale_warning: Option<String>,
    /// "Last synced 09:05 06/12/2026", once synced.
    pub last_sync: Option<String>,
    /// The server URL field's label.
    pub server_url_label: String,
    /// The server URL as typed.
    pub server_url: String,
    /// The sync button's words ("Syncing…" while syncing).
    pub sync_label: String,
    /// Syncing.
    pub syncing: bool,
    /// Whether the sync button works now.
    pub can_sync: bool,
    /// Why the last sync failed, in words (the old lists stay).
    pub sync_error: Option<String>,
}

/// A task's result.
pub enum Done {
    /// The cache was read: `None` before the first sync.
    Loaded(Result<Option<Arc<VerifierCache>>, Problem>),
    /// A sync ended; the cache as read after it (when it could be).
    Synced {
        /// What went wrong, if it did.
        failure: Option<SyncFailure>,
        /// The cache now.
        cache: Option<Arc<VerifierCache>>,
    },
}

/// Why a sync failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncFailure {
    /// The URL is not one the app syncs from (HTTPS, or HTTP on loopback).
    BadUrl,
    /// The trust list is not signed by the anchor pinned at the first sync.
    AnchorChanged,
    /// Core's sync failed.
    Problem(Problem),
}

/// A checked code.
struct Checked {
    result: Result<Verified, RejectReason>,
    at: OffsetDateTime,
}

/// Why a code could not be checked at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CheckError {
    NotSynced,
    Problem(Problem),
}

/// The verifier screen.
pub struct State {
    server_url: String,
    cache: Option<Arc<VerifierCache>>,
    load_problem: Option<Problem>,
    syncing: bool,
    sync_failure: Option<SyncFailure>,
    verdict: Option<Box<Checked>>,
    error: Option<CheckError>,
    last_scan: Option<(String, OffsetDateTime)>,
}

impl State {
    /// The screen, with the app's server URL; reads the cached lists.
    pub fn enter(ctx: &Ctx) -> (Self, Vec<Command>) {
        let state = Self {
            server_url: ctx.server_url(),
            cache: None,
            load_problem: None,
            syncing: false,
            sync_failure: None,
            verdict: None,
            error: None,
            last_scan: None,
        };
        (state, vec![load(ctx)])
    }

    fn sync(&mut self, ctx: &Ctx) -> Vec<Command> {
        if self.syncing {
            return Vec::new();
        }
        self.syncing = true;
        self.sync_failure = None;
        let url = self.server_url.trim().to_owned();
        let caches = ctx.verifier.clone();
        let dir = ctx.platform.verifier_dir();
        vec![Command::task(async move {
            let Ok(url) = check_server_url(&url) else {
                return AnyDone::Verifier(Done::Synced {
                    failure: Some(SyncFailure::BadUrl),
                    cache: None,
                });
            };
            let failure = sync::sync(&url, &dir).await.err().map(|e| match e {
                SyncError::AnchorChanged => SyncFailure::AnchorChanged,
                e => SyncFailure::Problem(Problem::from(&e)),
            });
            // A failed sync leaves the cache as it was (or as far as it
            // got, still loadable); read it again either way.
            let cache = tokio::task::spawn_blocking(move || {
                caches.reload();
                read(&caches, &dir)
            })
            .await
            .ok()
            .and_then(Result::ok)
            .flatten();
            AnyDone::Verifier(Done::Synced { failure, cache })
        })]
    }

    /// A code the camera read.
    fn check(&mut self, text: String, ctx: &Ctx) -> Vec<Command> {
        if self.verdict.is_some() {
            return Vec::new();
        }
        let now = ctx.now;
        if let Some((last, at)) = &self.last_scan {
            let since = now - *at;
            if *last == text
                && since >= time::Duration::ZERO
                && since.whole_seconds() < REPEAT_SECONDS
            {
                return Vec::new();
            }
        }
        let Some(cache) = &self.cache else {
            self.error = Some(match self.load_problem {
                Some(problem) => CheckError::Problem(problem),
                None => CheckError::NotSynced,
            });
            self.last_scan = Some((text, now));
            return Vec::new();
        };
        let result = verifier::verify(
            text.trim(),
            &cache.data.trust_list,
            &cache.data.status_lists,
            now,
            &Policy::default(),
        );
        self.verdict = Some(Box::new(Checked { result, at: now }));
        self.error = None;
        self.last_scan = Some((text, now));
        Vec::new()
    }

    fn lists(&self, ctx: &Ctx) -> Vec<VerifierList> {
        let l = ctx.language;
        let Some(cache) = &self.cache else {
            return Vec::new();
        };
        let limit = Policy::default().max_status_age;
        cache
            .ages(ctx.now)
            .into_iter()
            .map(|a| {
                let (name, stale) = match a.list {
                    CachedList::TrustList => (t(l, Str::VerifierTrustList, &[]), false),
                    CachedList::StatusList(kid) => (
                        t(
                            l,
                            Str::VerifierStatusList,
                            &[&vidi_core::trust::kid_text(kid)],
                        ),
                        a.age > limit,
                    ),
                };
                VerifierList {
                    name,
                    age: t(l, Str::VerifierListAge, &[&age(a.age.whole_seconds(), l)]),
                    stale,
                    warning: stale.then(|| t(l, Str::VerifierStaleAfter, &[&limit_hours()])),
                }
            })
            .collect()
    }
}

/// Core's limit on a status list's age, in whole hours.
fn limit_hours() -> i64 {
    Policy::default().max_status_age.whole_hours()
}

/// The cache in `dir`, `None` before the first sync.
fn read(
    caches: &VerifierCaches,
    dir: &std::path::Path,
) -> Result<Option<Arc<VerifierCache>>, Problem> {
    match caches.get(dir) {
        Ok(cache) => Ok(Some(cache)),
        Err(SyncError::NotSynced) => Ok(None),
        Err(e) => Err(Problem::from(&e)),
    }
}

/// Reads the cache (files and signatures) off the UI thread.
fn load(ctx: &Ctx) -> Command {
    let caches = ctx.verifier.clone();
    let dir = ctx.platform.verifier_dir();
    Command::task(async move {
        let read = tokio::task::spawn_blocking(move || read(&caches, &dir)).await;
        AnyDone::Verifier(Done::Loaded(read.unwrap_or(Err(Problem::Other))))
    })
}

fn verdict_view(checked: &Checked, l: Language) -> VerdictView {
    let checked_at = t(l, Str::VerifierCheckedAt, &[&date_time(checked.at)]);
    match &checked.result {
        Ok(v) => {
            let hidden = u32::try_from(v.hidden_claims).unwrap_or(u32::MAX);
            VerdictView {
                valid: true,
                headline: t(l, Str::VerifierValid, &[]),
                tone: Tone::Good,
                document_name: type_name(v.document_type, l),
                issuer: Some(t(l, Str::VerifierIssuer, &[&v.issuer])),
                fields: v
                    .claims
                    .iter()
                    .map(|c| VerdictField {
                        claim: c.id.name(),
                        label: claim_label(c.id, l),
                        value: c.value.display(),
                    })
                    .collect(),
                hidden_count: hidden,
                hidden: match hidden {
                    0 => None,
                    1 => Some(t(l, Str::VerifierHiddenOne, &[])),
                    n => Some(t(l, Str::VerifierHidden, &[&n])),
                },
                reason_code: None,
                reason: None,
                checked_at,
            }
        }
        Err(reason) => {
            // Core's words for the reason, in the screen's language.
            let words = l.pick(reason.label_vi(), reason.label_en()).to_owned();
            VerdictView {
                valid: false,
                headline: t(l, Str::VerifierNotValid, &[]),
                tone: Tone::Bad,
                document_name: t(l, Str::VerifierUnknownDocument, &[]),
                issuer: None,
                fields: Vec::new(),
                hidden_count: 0,
                hidden: None,
                reason_code: Some(reason.code().to_owned()),
                reason: Some(if words.trim().is_empty() {
                    t(l, Str::VerifierReasonUnknown, &[])
                } else {
                    words
                }),
                checked_at,
            }
        }
    }
}

impl Screen for State {
    type Event = VerifierEvent;
    type View = VerifierView;
    type Done = Done;

    fn title(&self, ctx: &Ctx) -> String {
        t(ctx.language, Str::VerifierTitle, &[])
    }

    fn update(&mut self, event: VerifierEvent, ctx: &Ctx) -> Vec<Command> {
        match event {
            VerifierEvent::SetServerUrl { url } => {
                self.server_url = url;
                Vec::new()
            }
            VerifierEvent::Sync => self.sync(ctx),
            VerifierEvent::Dismiss => {
                self.verdict = None;
                self.error = None;
                Vec::new()
            }
            VerifierEvent::Reload => {
                if self.syncing {
                    return Vec::new();
                }
                ctx.verifier.reload();
                vec![load(ctx)]
            }
        }
    }

    fn done(&mut self, done: Done, _ctx: &Ctx) -> Vec<Command> {
        match done {
            Done::Loaded(Ok(cache)) => {
                self.cache = cache;
                self.load_problem = None;
            }
            Done::Loaded(Err(problem)) => {
                self.cache = None;
                self.load_problem = Some(problem);
            }
            Done::Synced { failure, cache } => {
                self.syncing = false;
                self.sync_failure = failure;
                if cache.is_some() {
                    self.cache = cache;
                    self.load_problem = None;
                }
                if matches!(self.error, Some(CheckError::NotSynced)) && self.cache.is_some() {
                    self.error = None;
                }
            }
        }
        Vec::new()
    }

    fn resume(&mut self, ctx: &Ctx) -> Vec<Command> {
        if self.syncing {
            return Vec::new();
        }
        vec![load(ctx)]
    }

    fn scanned(&mut self, text: String, ctx: &Ctx) -> Vec<Command> {
        self.check(text, ctx)
    }

    fn needs(&self) -> Needs {
        Needs {
            camera: self.verdict.is_none() && self.cache.is_some(),
            // The lists' ages in words ("Signed 5 minutes ago") and their
            // staleness follow the clock while the screen is shown.
            tick_ms: self.cache.as_ref().map(|_| AGE_TICK_MS),
            ..Needs::default()
        }
    }

    fn view(&self, ctx: &Ctx) -> VerifierView {
        let l = ctx.language;
        let lists = self.lists(ctx);
        let stale = lists.iter().any(|list| list.stale);
        let last_sync = self.cache.as_ref().and_then(|cache| {
            cache
                .ages(ctx.now)
                .into_iter()
                .find(|a| a.list == CachedList::TrustList)
                .map(|a| t(l, Str::VerifierSynced, &[&date_time(a.synced_at)]))
        });
        VerifierView {
            scan_hint: t(l, Str::VerifierScanHint, &[]),
            scanning: self.verdict.is_none() && self.cache.is_some(),
            verdict: self.verdict.as_ref().map(|v| verdict_view(v, l)),
            scan_next_label: t(l, Str::VerifierScanNext, &[]),
            error: match (self.error, self.load_problem) {
                (Some(CheckError::NotSynced), _) => Some(t(l, Str::VerifierNeverSynced, &[])),
                (Some(CheckError::Problem(p)), _) | (None, Some(p)) => Some(p.words(l)),
                (None, None) => None,
            },
            not_ready: self
                .cache
                .is_none()
                .then(|| t(l, Str::VerifierNeverSynced, &[])),
            lists_label: t(l, Str::VerifierLists, &[]),
            lists,
            stale,
            stale_warning: stale.then(|| t(l, Str::VerifierStaleLists, &[&limit_hours()])),
            last_sync,
            server_url_label: t(l, Str::SetupServerUrlLabel, &[]),
            server_url: self.server_url.clone(),
            sync_label: t(
                l,
                if self.syncing {
                    Str::VerifierSyncing
                } else {
                    Str::VerifierSync
                },
                &[],
            ),
            syncing: self.syncing,
            can_sync: !self.syncing,
            sync_error: self.sync_failure.map(|f| match f {
                SyncFailure::BadUrl => t(l, Str::SetupServerUrlInvalid, &[]),
                SyncFailure::AnchorChanged => t(l, Str::VerifierAnchorChanged, &[]),
                SyncFailure::Problem(p) => p.words(l),
            }),
        }
    }
}
