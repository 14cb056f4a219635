//! The activity log: what the wallet did, newest first, in words. Each
//! entry has its Vietnam time, what happened as a sentence, the claims a
//! presentation disclosed (by label), the verifier it was made for (an
//! online service by the name its registration proved), and
//! whether the document arrived while the wallet was locked.
//!
//! The entries can be narrowed to one kind of event, kept for a chosen
//! number of days (older ones are deleted at once), and exported: every
//! entry, whatever the filter, as text under a header, handed to the share
//! sheet once ([`Effect::Share`]); re-wordings and reloads never share it
//! again. The wallet is read in tasks (entries are decrypted one by one).

use time::OffsetDateTime;
use vidi_core::claims::ClaimId;
use vidi_core::preset::Preset;
use vidi_core::store::{ActivityEvent, LogEntry, LogFilter};

use super::{Command, Ctx, Done as AnyDone, Screen};
use crate::effect::Effect;
use crate::problem::Problem;
use crate::words::{Language, Str, date_time, in_sentence, list, t};
use crate::words::{claim_label, preset_name, type_name};

/// The retention periods offered, in days; none keeps entries for ever.
pub const RETENTION_CHOICES: [Option<u32>; 4] = [None, Some(30), Some(90), Some(365)];

/// A kind of log entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ActivityKind {
    /// A document was shown as a QR code.
    Presented,
    /// A document was added.
    Added,
    /// A document replaced an older copy (re-issue, re-binding).
    Replaced,
    /// A document was deleted.
    Deleted,
    /// A backup was restored.
    Restored,
}

impl ActivityKind {
    /// Every kind, in the order the filters are offered.
    pub const ALL: [Self; 5] = [
        Self::Presented,
        Self::Added,
        Self::Replaced,
        Self::Deleted,
        Self::Restored,
    ];

    fn core(self) -> ActivityEvent {
        match self {
            Self::Presented => ActivityEvent::Presented,
            Self::Added => ActivityEvent::Added,
            Self::Replaced => ActivityEvent::Replaced,
            Self::Deleted => ActivityEvent::Deleted,
            Self::Restored => ActivityEvent::Restored,
        }
    }

    fn of(event: ActivityEvent) -> Self {
        match event {
            ActivityEvent::Presented => Self::Presented,
            ActivityEvent::Added => Self::Added,
            ActivityEvent::Replaced => Self::Replaced,
            ActivityEvent::Deleted => Self::Deleted,
            ActivityEvent::Restored => Self::Restored,
        }
    }
}

/// What the user does on the activity log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum LogEvent {
    /// Show only entries of `event`; none shows all.
    SetFilter {
        /// The kind kept.
        event: Option<ActivityKind>,
    },
    /// Keep entries `days` days (none: for ever); older ones are deleted
    /// now. Zero days is refused.
    SetRetention {
        /// The days.
        days: Option<u32>,
    },
    /// Export the whole log as text, to share.
    Export,
    /// Read the log again.
    Reload,
}

/// One entry in words.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogItem {
    /// The entry's id.
    pub id: String,
    /// When, Unix seconds.
    pub at_unix: i64,
    /// What kind of entry.
    pub event: ActivityKind,
    /// When, Vietnam time: `09:05 14/05/2031`.
    pub time: String,
    /// What happened: "Đã xuất trình thẻ căn cước (Trạm kiểm soát)".
    pub text: String,
    /// The claims a presentation disclosed, labelled ("Thông tin đã chia
    /// sẻ: họ, chữ đệm và tên và ngày sinh").
    pub claims: Option<String>,
    /// The verifier the code was made for, when it named one.
    pub audience: Option<String>,
    /// "Received while the wallet was locked", when it was.
    pub while_locked: Option<String>,
}

/// A filter offered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogFilterChoice {
    /// The kind it keeps; none for every entry.
    pub event: Option<ActivityKind>,
    /// Its words.
    pub label: String,
    /// It is the one applied.
    pub selected: bool,
}

/// A retention period offered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RetentionChoice {
    /// Days kept; none for ever.
    pub days: Option<u32>,
    /// Its words ("Lưu 30 ngày").
    pub label: String,
    /// It is the one in force.
    pub selected: bool,
}

/// What the activity log draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogView {
    /// "Nhật ký hoạt động".
    pub title: String,
    /// The entries, newest first.
    pub entries: Vec<LogItem>,
    /// The kind of entry shown; none for all.
    pub filter: Option<ActivityKind>,
    /// Every filter, "all" first.
    pub filters: Vec<LogFilterChoice>,
    /// How long entries are kept, in days; none for ever.
    pub retention_days: Option<u32>,
    /// The retention in words.
    pub retention: String,
    /// The retention periods offered.
    pub retention_choices: Vec<RetentionChoice>,
    /// The export button's words.
    pub export_label: String,
    /// Reading the log.
    pub loading: bool,
    /// What went wrong.
    pub error: Option<String>,
    /// Words for an empty log, when there is nothing to show (and nothing
    /// went wrong).
    pub empty: Option<String>,
}

/// A task's result.
pub enum Done {
    /// The log as read for request `generation`.
    Loaded {
        /// The request it answers.
        generation: u64,
        /// The entries the filter keeps, newest first.
        entries: Vec<LogEntry>,
        /// The retention in days.
        retention: Option<u32>,
        /// The claims the wallet knows labels for.
        known: Vec<ClaimId>,
        /// The ids of the entries that cannot be read (damaged).
        damaged: Vec<String>,
    },
    /// Every entry, for the export asked for at `at`.
    Exported {
        /// The entries, newest first.
        entries: Vec<LogEntry>,
        /// When the export was asked for.
        at: OffsetDateTime,
    },
    /// Reading the log for the export failed.
    ExportFailed(Problem),
    /// Reading or changing the log failed.
    Failed {
        /// The request it answers.
        generation: u64,
        /// Why.
        problem: Problem,
    },
}

/// The activity log screen.
pub struct State {
    filter: Option<ActivityKind>,
    entries: Vec<LogEntry>,
    known: Vec<ClaimId>,
    retention: Option<u32>,
    loading: bool,
    exporting: bool,
    generation: u64,
    failure: Option<Problem>,
    damaged: Vec<String>,
}

impl State {
    /// The screen, reading the whole log.
    pub fn enter(ctx: &Ctx) -> (Self, Vec<Command>) {
        let mut state = Self {
            filter: None,
            entries: Vec::new(),
            known: Vec::new(),
            retention: None,
            loading: false,
            exporting: false,
            generation: 0,
            failure: None,
            damaged: Vec::new(),
        };
        let commands = state.load(None, ctx);
        (state, commands)
    }

    /// Reads the log with the filter (after setting the retention to
    /// `retention`, when given) in a task.
    fn load(&mut self, retention: Option<Option<u32>>, ctx: &Ctx) -> Vec<Command> {
        let Some(session) = ctx.session.cloned() else {
            self.failure = Some(Problem::Locked);
            return Vec::new();
        };
        self.generation += 1;
        self.loading = true;
        let generation = self.generation;
        let filter = LogFilter {
            event: self.filter.map(ActivityKind::core),
            ..LogFilter::default()
        };
        let now = ctx.now;
        vec![Command::task(async move {
            let read = session
                .blocking(move |w| {
                    if let Some(days) = retention {
                        w.set_log_retention(days, now)?;
                    }
                    let listing = w.log_checked(&filter)?;
                    let retention = w.log_retention()?;
                    // Labels for claim names: every preset's, and those of the documents held.
                    let mut known: Vec<ClaimId> = Preset::ALL
                        .iter()
                        .flat_map(|p| p.claims().iter().copied())
                        .collect();
                    for summary in w.list_documents_checked()?.documents {
                        if summary.pending {
                            continue;
                        }
                        if let Ok(view) = w.document(&summary.id) {
                            known.extend(view.showable_claims());
                        }
                    }
                    Ok((listing, retention, known))
                })
                .await;
            AnyDone::Log(match read {
                Ok((listing, retention, known)) => Done::Loaded {
                    generation,
                    entries: listing.entries,
                    retention,
                    known,
                    damaged: listing.damaged,
                },
                Err(e) => Done::Failed {
                    generation,
                    problem: Problem::from(&e),
                },
            })
        })]
    }

    fn export(&mut self, ctx: &Ctx) -> Vec<Command> {
        if self.exporting {
            return Vec::new();
        }
        let Some(session) = ctx.session.cloned() else {
            self.failure = Some(Problem::Locked);
            return Vec::new();
        };
        self.exporting = true;
        let at = ctx.now;
        vec![Command::task(async move {
            // The readable entries; the damaged ones are named on the screen.
            let read = session
                .blocking(|w| w.log_checked(&LogFilter::default()))
                .await;
            AnyDone::Log(match read {
                Ok(listing) => Done::Exported {
                    entries: listing.entries,
                    at,
                },
                Err(e) => Done::ExportFailed(Problem::from(&e)),
            })
        })]
    }

    /// `entry` in words.
    fn item(&self, entry: &LogEntry, l: Language) -> LogItem {
        let a = &entry.activity;
        let shown: Vec<String> = a
            .claims
            .iter()
            .map(|name| {
                self.known
                    .iter()
                    .find(|c| c.name() == *name)
                    .map_or_else(|| name.clone(), |&c| in_sentence(&claim_label(c, l)))
            })
            .collect();
        LogItem {
            id: entry.id.clone(),
            at_unix: entry.at.unix_timestamp(),
            event: ActivityKind::of(a.event),
            time: date_time(entry.at),
            text: sentence(entry, l),
            claims: (a.event == ActivityEvent::Presented && !shown.is_empty())
                .then(|| t(l, Str::LogClaims, &[&list(&shown, l)])),
            // An online service is named in the sentence; its client_id
            // would say nothing more.
            audience: a
                .audience
                .as_ref()
                .filter(|_| a.service.is_none())
                .map(|who| t(l, Str::LogAudience, &[who])),
            while_locked: a.while_locked.then(|| t(l, Str::LogWhileLocked, &[])),
        }
    }

    /// Every entry, one per line, under a header naming when it was made.
    fn export_text(&self, entries: &[LogEntry], at: OffsetDateTime, l: Language) -> String {
        let mut out = t(l, Str::LogExportHeader, &[&date_time(at)]);
        out.push('\n');
        for entry in entries {
            let item = self.item(entry, l);
            out.push_str(&item.time);
            out.push_str(" — ");
            out.push_str(&item.text);
            for extra in [&item.claims, &item.audience, &item.while_locked]
                .into_iter()
                .flatten()
            {
                out.push_str(". ");
                out.push_str(extra);
            }
            out.push('\n');
        }
        out
    }
}

/// What happened, as a sentence.
fn sentence(entry: &LogEntry, l: Language) -> String {
    let a = &entry.activity;
    let document = a.document_type.map_or_else(
        || t(l, Str::LogUnknownDocument, &[]),
        |d| in_sentence(&type_name(d, l)),
    );
    match a.event {
        ActivityEvent::Presented => match (&a.service, a.preset) {
            // Online, to a service whose registration named it.
            (Some(service), _) => t(l, Str::LogPresentedService, &[&document, service]),
            (None, Some(p)) => t(l, Str::LogPresentedPreset, &[&document, &preset_name(p, l)]),
            (None, None) => t(l, Str::LogPresented, &[&document]),
        },
        ActivityEvent::Added => t(l, Str::LogAdded, &[&document]),
        ActivityEvent::Replaced => t(l, Str::LogReplaced, &[&document]),
        ActivityEvent::Deleted => t(l, Str::LogDeleted, &[&document]),
        ActivityEvent::Restored => match a.restore {
            Some(r) => t(l, Str::LogRestored, &[&r.added, &r.replaced_older]),
            None => t(l, Str::LogRestoredPlain, &[]),
        },
    }
}

fn filter_name(event: Option<ActivityKind>, l: Language) -> String {
    let key = match event {
        None => Str::LogFilterAll,
        Some(ActivityKind::Presented) => Str::LogFilterPresented,
        Some(ActivityKind::Added) => Str::LogFilterAdded,
        Some(ActivityKind::Replaced) => Str::LogFilterReplaced,
        Some(ActivityKind::Deleted) => Str::LogFilterDeleted,
        Some(ActivityKind::Restored) => Str::LogFilterRestored,
    };
    t(l, key, &[])
}

fn retention_words(days: Option<u32>, l: Language) -> String {
    match days {
        Some(days) => t(l, Str::LogRetentionDays, &[&days]),
        None => t(l, Str::LogRetentionForever, &[]),
    }
}

impl Screen for State {
    type Event = LogEvent;
    type View = LogView;
    type Done = Done;

    fn title(&self, ctx: &Ctx) -> String {
        t(ctx.language, Str::LogTitle, &[])
    }

    fn update(&mut self, event: LogEvent, ctx: &Ctx) -> Vec<Command> {
        match event {
            LogEvent::SetFilter { event } => {
                self.filter = event;
                self.load(None, ctx)
            }
            LogEvent::SetRetention { days } => {
                if days == Some(0) {
                    return Vec::new();
                }
                self.load(Some(days), ctx)
            }
            LogEvent::Export => self.export(ctx),
            LogEvent::Reload => self.load(None, ctx),
        }
    }

    fn done(&mut self, done: Done, ctx: &Ctx) -> Vec<Command> {
        match done {
            Done::Loaded {
                generation,
                entries,
                retention,
                known,
                damaged,
            } => {
                if generation == self.generation {
                    self.loading = false;
                    self.entries = entries;
                    self.damaged = damaged;
                    self.retention = retention;
                    self.known = known;
                    self.failure = None;
                }
                Vec::new()
            }
            Done::Exported { entries, at } => {
                self.exporting = false;
                let l = ctx.language;
                vec![Command::Effect(Effect::Share {
                    subject: t(l, Str::LogExportSubject, &[]),
                    text: self.export_text(&entries, at, l),
                })]
            }
            Done::ExportFailed(problem) => {
                self.exporting = false;
                self.failure = Some(problem);
                Vec::new()
            }
            Done::Failed {
                generation,
                problem,
            } => {
                if generation == self.generation {
                    self.loading = false;
                    self.failure = Some(problem);
                }
                Vec::new()
            }
        }
    }

    fn view(&self, ctx: &Ctx) -> LogView {
        let l = ctx.language;
        let entries: Vec<LogItem> = self.entries.iter().map(|e| self.item(e, l)).collect();
        let empty = (!self.loading && self.failure.is_none() && entries.is_empty())
            .then(|| t(l, Str::LogEmpty, &[]));
        LogView {
            title: self.title(ctx),
            entries,
            filter: self.filter,
            filters: std::iter::once(None)
                .chain(ActivityKind::ALL.into_iter().map(Some))
                .map(|event| LogFilterChoice {
                    event,
                    label: filter_name(event, l),
                    selected: event == self.filter,
                })
                .collect(),
            retention_days: self.retention,
            retention: retention_words(self.retention, l),
            retention_choices: RETENTION_CHOICES
                .into_iter()
                .map(|days| RetentionChoice {
                    days,
                    label: retention_words(days, l),
                    selected: days == self.retention,
                })
                .collect(),
            export_label: t(l, Str::LogExport, &[]),
            loading: self.loading,
            // A failure to read, else the entries that could not be read.
            error: self.failure.map(|p| p.words(l)).or_else(|| {
                let short: Vec<&str> = self
                    .damaged
                    .iter()
                    .map(|id| id.get(..8).unwrap_or(id))
                    .collect();
                (!short.is_empty())
                    .then(|| t(l, Str::LogDamaged, &[&short.len(), &short.join(", ")]))
            }),
            empty,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use std::sync::Arc;

    use vidi_core::store::{MemoryKeyProvider, Wallet};

    use super::*;
    use crate::platform::{AppSettings, Platform, SystemClock};
    use crate::screens::{Session, VerifierCaches};

    #[test]
    fn a_locked_wallet_is_an_error_in_words_and_no_empty_log() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let key = MemoryKeyProvider::generate();
        let wallet = Wallet::create(dir.path().join("wallet.db"), &key).unwrap();
        let session = Session::new(wallet);
        session.lock();
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
        let ctx = Ctx {
            platform: &platform,
            language: Language::English,
            now: OffsetDateTime::UNIX_EPOCH,
            session: Some(&session),
            settings: &settings,
            verifier: &verifier,
        };
        let (mut state, commands) = State::enter(&ctx);
        assert!(state.view(&ctx).loading);
        assert!(state.view(&ctx).empty.is_none(), "not empty while loading");
        let Some(Command::Task(work)) = commands.into_iter().next() else {
            panic!("a task");
        };
        let AnyDone::Log(done) = runtime.block_on(work) else {
            panic!("another screen's result");
        };
        state.done(done, &ctx);
        let view = state.view(&ctx);
        assert_eq!(
            view.error.as_deref(),
            Some("The wallet is locked. Unlock it and try again.")
        );
        assert!(!view.loading && view.empty.is_none() && view.entries.is_empty());

        // Exporting fails the same way, and shares nothing.
        let Some(Command::Task(work)) = state.update(LogEvent::Export, &ctx).into_iter().next()
        else {
            panic!("a task");
        };
        let AnyDone::Log(done) = runtime.block_on(work) else {
            panic!("another screen's result");
        };
        assert!(state.done(done, &ctx).is_empty());
        assert!(state.view(&ctx).error.is_some());
    }
}
