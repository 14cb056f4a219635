//! Backup and restore of the wallet.
//!
//! A backup holds the documents, the activity log and the settings,
//! encrypted with a passphrase of at least [`MIN_PASSPHRASE`] characters
//! typed twice; never the device keys, so documents restored on another
//! phone must be re-bound: the screen lists them, and its button opens the
//! offer screen, where a re-issue offer re-binds them.
//!
//! The passphrase rules are checked before the shell opens a file picker
//! (no file is made for nothing). The shell answers with the path the core
//! writes to or reads from (`SaveTo`, `RestoreFrom`): where the user's file
//! lives somewhere the core cannot open (Android's `content:` URIs), that
//! path is a temporary copy, which the shell copies out after
//! [`Effect::FileWritten`] (or in, before `RestoreFrom`); a copy that fails
//! comes back as `SaveFailed` / `OpenFailed` and is said in words.
//!
//! The passphrase is wiped once used: it waits, wrapped in [`Zeroizing`],
//! only while the picker is open, and is moved into the task that needs it.

use std::path::Path;

use time::macros::format_description;
use vidi_core::document::DocumentType;
use vidi_core::store::{RestoreReport, StoreError, Wallet};
use zeroize::Zeroizing;

use super::{Command, Ctx, Done as AnyDone, Screen};
use crate::effect::Effect;
use crate::nav::Route;
use crate::problem::Problem;
use crate::screens::offer::document_name;
use crate::words::{Language, Str, t, vietnam};

/// The shortest backup passphrase, in characters.
pub const MIN_PASSPHRASE: usize = 8;

/// What the user does on the backup screen.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum BackupEvent {
    /// "Create backup", with the passphrase typed twice: checked, then the
    /// core asks where to save ([`Effect::PickFileToSave`]).
    Backup {
        /// The passphrase.
        passphrase: String,
        /// The passphrase typed again.
        confirm: String,
    },
    /// The save picker's answer: where to write the backup; none when
    /// the user cancelled.
    SaveTo {
        /// The file the core writes.
        path: Option<String>,
    },
    /// The shell could not copy the backup written to where the user chose.
    SaveFailed,
    /// "Restore from a backup", with the backup's passphrase: the core
    /// asks for the file ([`Effect::PickFileToOpen`]).
    Restore {
        /// The backup's passphrase.
        passphrase: String,
    },
    /// The open picker's answer: the backup to restore; none when the user
    /// cancelled.
    RestoreFrom {
        /// The file the core reads.
        path: Option<String>,
    },
    /// The shell could not open (or copy in) the file the user chose.
    OpenFailed,
    /// "Accept a re-issue offer": the offer screen.
    Rebind,
}

impl std::fmt::Debug for BackupEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Backup { .. } => f.write_str("Backup(hidden)"),
            Self::SaveTo { path } => write!(f, "SaveTo(chosen: {})", path.is_some()),
            Self::SaveFailed => f.write_str("SaveFailed"),
            Self::Restore { .. } => f.write_str("Restore(hidden)"),
            Self::RestoreFrom { path } => write!(f, "RestoreFrom(chosen: {})", path.is_some()),
            Self::OpenFailed => f.write_str("OpenFailed"),
            Self::Rebind => f.write_str("Rebind"),
        }
    }
}

/// What the backup screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BackupView {
    /// What a backup holds, and why restored documents need re-binding.
    pub intro: String,
    /// The passphrase field's label.
    pub passphrase_label: String,
    /// The confirmation field's label (for a backup).
    pub passphrase_confirm_label: String,
    /// The shortest passphrase, in characters.
    pub min_passphrase: u32,
    /// "Create backup".
    pub create_label: String,
    /// "Restore from a backup".
    pub restore_label: String,
    /// Writing or restoring.
    pub busy: bool,
    /// What it is doing, while busy.
    pub busy_text: Option<String>,
    /// What went wrong, in words.
    pub error: Option<String>,
    /// "Backup saved: …" after a backup this time.
    pub last_backup: Option<String>,
    /// What a restore did, a line per kind of outcome.
    pub restore_report: Option<Vec<String>>,
    /// Documents to re-bind with a re-issue offer.
    pub needs_rebinding: Vec<RebindItem>,
    /// Their list's title.
    pub needs_rebinding_title: String,
    /// What to do about them.
    pub needs_rebinding_hint: String,
    /// The button that opens the offer screen for them.
    pub rebind_label: String,
}

/// A document restored from a backup that must be re-bound before it can be shown.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RebindItem {
    /// The document's id.
    pub id: String,
    /// Its type's name.
    pub name: String,
    /// Its holder's name.
    pub holder: String,
}

impl std::fmt::Debug for RebindItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No names in logs.
        f.debug_struct("RebindItem")
            .field("id", &self.id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// A task's result.
pub enum Done {
    /// The backup is written at `path`.
    Saved {
        /// Where.
        path: String,
        /// The ids of the documents and log entries left out (damaged).
        left_out: Vec<String>,
    },
    /// Restored.
    Restored {
        /// What it did.
        report: RestoreReport,
        /// The documents that now need re-binding.
        waiting: Vec<Waiting>,
    },
    /// Writing or restoring failed.
    Failed(Failure),
}

/// A document waiting for re-binding, as the wallet lists it.
pub struct Waiting {
    id: String,
    document_type: DocumentType,
    holder: String,
}

/// Why a backup or restore failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The backup's passphrase is not this one.
    WrongPassphrase,
    /// Not a Vidi backup, or damaged.
    Damaged,
    /// The file could not be written.
    SaveFailed,
    /// The file could not be read.
    OpenFailed,
    /// Anything else.
    Problem(Problem),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Error {
    Short,
    Mismatch,
    Needed,
    Failed(Failure),
}

/// A passphrase waiting for the picker's answer.
enum Pending {
    Backup(Zeroizing<String>),
    Restore(Zeroizing<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    Saving,
    Restoring,
}

/// The backup screen.
pub struct State {
    pending: Option<Pending>,
    work: Option<Work>,
    error: Option<Error>,
    last_backup: Option<String>,
    left_out: Vec<String>,
    report: Option<RestoreReport>,
    waiting: Vec<Waiting>,
}

impl State {
    /// The screen, with the documents waiting for re-binding.
    pub fn enter(ctx: &Ctx) -> (Self, Vec<Command>) {
        let mut state = Self {
            pending: None,
            work: None,
            error: None,
            last_backup: None,
            left_out: Vec::new(),
            report: None,
            waiting: Vec::new(),
        };
        state.load_waiting(ctx);
        (state, Vec::new())
    }

    fn load_waiting(&mut self, ctx: &Ctx) {
        if let Some(waiting) = ctx.session.and_then(|s| s.now(waiting).ok()) {
            self.waiting = waiting;
        }
    }

    fn backup(
        &mut self,
        passphrase: Zeroizing<String>,
        confirm: Zeroizing<String>,
        ctx: &Ctx,
    ) -> Vec<Command> {
        if self.work.is_some() {
            return Vec::new();
        }
        self.pending = None;
        if let Some(problem) = passphrase_problem(&passphrase, &confirm) {
            self.error = Some(problem);
            return Vec::new();
        }
        self.error = None;
        self.pending = Some(Pending::Backup(passphrase));
        vec![Command::Effect(Effect::PickFileToSave {
            suggested_name: suggested_name(ctx.now),
            title: t(ctx.language, Str::BackupSaveTitle, &[]),
        })]
    }

    fn save_to(&mut self, path: Option<String>, ctx: &Ctx) -> Vec<Command> {
        if self.work.is_some() || !matches!(self.pending, Some(Pending::Backup(_))) {
            return Vec::new();
        }
        let (Some(Pending::Backup(passphrase)), Some(path)) = (self.pending.take(), path) else {
            // The picker was cancelled: the passphrase goes.
            return Vec::new();
        };
        let Some(session) = ctx.session.cloned() else {
            self.error = Some(Error::Failed(Failure::Problem(Problem::Locked)));
            return Vec::new();
        };
        self.work = Some(Work::Saving);
        let work_factor = ctx.platform.pin_work_factor;
        vec![Command::task(async move {
            let written = path.clone();
            let done = session
                .blocking(move |w| w.backup_with_work_factor(&written, &passphrase, work_factor))
                .await;
            AnyDone::Backup(match done {
                Ok(report) => Done::Saved {
                    path,
                    left_out: report
                        .damaged_documents
                        .iter()
                        .map(|id| id.as_str().to_owned())
                        .chain(report.damaged_log_entries)
                        .collect(),
                },
                Err(e) => Done::Failed(failure(&e, Work::Saving)),
            })
        })]
    }

    fn restore(&mut self, passphrase: Zeroizing<String>, ctx: &Ctx) -> Vec<Command> {
        if self.work.is_some() {
            return Vec::new();
        }
        self.pending = None;
        if passphrase.is_empty() {
            self.error = Some(Error::Needed);
            return Vec::new();
        }
        self.error = None;
        self.pending = Some(Pending::Restore(passphrase));
        vec![Command::Effect(Effect::PickFileToOpen {
            title: t(ctx.language, Str::BackupOpenTitle, &[]),
        })]
    }

    fn restore_from(&mut self, path: Option<String>, ctx: &Ctx) -> Vec<Command> {
        if self.work.is_some() || !matches!(self.pending, Some(Pending::Restore(_))) {
            return Vec::new();
        }
        let (Some(Pending::Restore(passphrase)), Some(path)) = (self.pending.take(), path) else {
            return Vec::new();
        };
        let Some(session) = ctx.session.cloned() else {
            self.error = Some(Error::Failed(Failure::Problem(Problem::Locked)));
            return Vec::new();
        };
        self.work = Some(Work::Restoring);
        let now = ctx.now;
        vec![Command::task(async move {
            let done = session
                .blocking(move |w| {
                    let report = w.restore(&path, &passphrase, now)?;
                    Ok((report, waiting(w)?))
                })
                .await;
            AnyDone::Backup(match done {
                Ok((report, waiting)) => Done::Restored { report, waiting },
                Err(e) => Done::Failed(failure(&e, Work::Restoring)),
            })
        })]
    }
}

/// Why `passphrase` (typed again as `confirm`) cannot make a backup.
fn passphrase_problem(passphrase: &str, confirm: &str) -> Option<Error> {
    if passphrase.chars().count() < MIN_PASSPHRASE {
        Some(Error::Short)
    } else if passphrase != confirm {
        Some(Error::Mismatch)
    } else {
        None
    }
}

/// The name offered for a backup made at `now`: `vidi-backup-2026-12-06.age`
/// (the day in Vietnam; an age file, as the CLI's `wallet.age`).
fn suggested_name(now: time::OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]");
    let day = now
        .to_offset(vietnam())
        .date()
        .format(&format)
        .unwrap_or_default();
    format!("vidi-backup-{day}.age")
}

/// The documents waiting for re-binding.
fn waiting(wallet: &mut Wallet) -> Result<Vec<Waiting>, StoreError> {
    Ok(wallet
        .list_documents_checked()?
        .documents
        .into_iter()
        .filter(|d| d.needs_rebinding)
        .map(|d| Waiting {
            id: d.id.as_str().to_owned(),
            document_type: d.document_type,
            holder: d.holder_name,
        })
        .collect())
}

/// A failure in words of this screen: a wrong key is the backup's passphrase.
fn failure(e: &StoreError, work: Work) -> Failure {
    match e {
        StoreError::BackupPassphrase | StoreError::WrongKey => Failure::WrongPassphrase,
        StoreError::BackupCorrupt | StoreError::BackupFormat => Failure::Damaged,
        StoreError::Io(_) => match work {
            Work::Saving => Failure::SaveFailed,
            Work::Restoring => Failure::OpenFailed,
        },
        e => Failure::Problem(Problem::from(e)),
    }
}

impl Screen for State {
    type Event = BackupEvent;
    type View = BackupView;
    type Done = Done;

    fn title(&self, ctx: &Ctx) -> String {
        t(ctx.language, Str::BackupTitle, &[])
    }

    fn update(&mut self, event: BackupEvent, ctx: &Ctx) -> Vec<Command> {
        match event {
            BackupEvent::Backup {
                passphrase,
                confirm,
            } => self.backup(Zeroizing::new(passphrase), Zeroizing::new(confirm), ctx),
            BackupEvent::SaveTo { path } => self.save_to(path, ctx),
            BackupEvent::SaveFailed => {
                if self.work.is_none() {
                    self.last_backup = None;
                    self.error = Some(Error::Failed(Failure::SaveFailed));
                }
                Vec::new()
            }
            BackupEvent::Restore { passphrase } => self.restore(Zeroizing::new(passphrase), ctx),
            BackupEvent::RestoreFrom { path } => self.restore_from(path, ctx),
            BackupEvent::OpenFailed => {
                if self.work.is_none() {
                    self.pending = None;
                    self.error = Some(Error::Failed(Failure::OpenFailed));
                }
                Vec::new()
            }
            BackupEvent::Rebind => {
                if self.work.is_some() {
                    return Vec::new();
                }
                vec![Command::Navigate(Route::AcceptOffer { link: None })]
            }
        }
    }

    fn done(&mut self, done: Done, _ctx: &Ctx) -> Vec<Command> {
        self.work = None;
        match done {
            Done::Saved { path, left_out } => {
                self.error = None;
                self.left_out = left_out;
                self.last_backup = Some(
                    Path::new(&path)
                        .file_name()
                        .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned()),
                );
                vec![Command::Effect(Effect::FileWritten { path })]
            }
            Done::Restored { report, waiting } => {
                self.error = None;
                self.report = Some(report);
                self.waiting = waiting;
                Vec::new()
            }
            Done::Failed(failure) => {
                self.error = Some(Error::Failed(failure));
                Vec::new()
            }
        }
    }

    fn resume(&mut self, ctx: &Ctx) -> Vec<Command> {
        // Back from the offer screen: some may be re-bound now.
        self.load_waiting(ctx);
        Vec::new()
    }

    fn view(&self, ctx: &Ctx) -> BackupView {
        let l = ctx.language;
        BackupView {
            intro: t(l, Str::BackupIntro, &[]),
            passphrase_label: t(l, Str::BackupPassphraseLabel, &[]),
            passphrase_confirm_label: t(l, Str::BackupPassphraseConfirmLabel, &[]),
            min_passphrase: MIN_PASSPHRASE as u32,
            create_label: t(l, Str::BackupCreate, &[]),
            restore_label: t(l, Str::BackupRestore, &[]),
            busy: self.work.is_some(),
            busy_text: self.work.map(|w| match w {
                Work::Saving => t(l, Str::BackupSaving, &[]),
                Work::Restoring => t(l, Str::BackupRestoring, &[]),
            }),
            error: self.error.map(|e| error_words(e, l)),
            last_backup: self.last_backup.as_ref().map(|name| {
                let done = t(l, Str::BackupDone, &[name]);
                if self.left_out.is_empty() {
                    return done;
                }
                // What the backup could not hold, named by id.
                let short: Vec<&str> = self
                    .left_out
                    .iter()
                    .map(|id| id.get(..8).unwrap_or(id))
                    .collect();
                let left_out = t(l, Str::BackupLeftOut, &[&short.len(), &short.join(", ")]);
                format!("{done}. {left_out}")
            }),
            restore_report: self.report.as_ref().map(|r| report_lines(r, l)),
            needs_rebinding: self
                .waiting
                .iter()
                .map(|w| RebindItem {
                    id: w.id.clone(),
                    name: document_name(w.document_type, l),
                    holder: w.holder.clone(),
                })
                .collect(),
            needs_rebinding_title: t(l, Str::BackupNeedsRebindingTitle, &[]),
            needs_rebinding_hint: t(l, Str::BackupNeedsRebindingHint, &[]),
            rebind_label: t(l, Str::BackupRebindAction, &[]),
        }
    }
}

fn error_words(error: Error, l: Language) -> String {
    match error {
        Error::Short => t(l, Str::BackupPassphraseShort, &[&MIN_PASSPHRASE]),
        Error::Mismatch => t(l, Str::BackupPassphraseMismatch, &[]),
        Error::Needed => t(l, Str::BackupPassphraseNeeded, &[]),
        Error::Failed(Failure::WrongPassphrase) => t(l, Str::BackupWrongPassphrase, &[]),
        Error::Failed(Failure::Damaged) => t(l, Str::BackupDamaged, &[]),
        Error::Failed(Failure::SaveFailed) => t(l, Str::BackupSaveFailed, &[]),
        Error::Failed(Failure::OpenFailed) => t(l, Str::BackupOpenFailed, &[]),
        Error::Failed(Failure::Problem(p)) => p.words(l),
    }
}

/// The restore in words: a line for each count that is not zero
/// ("nothing new" when all are).
fn report_lines(report: &RestoreReport, l: Language) -> Vec<String> {
    let lines: Vec<String> = [
        (report.added, Str::BackupRestoreAdded),
        (report.replaced_older, Str::BackupRestoreReplaced),
        (report.kept_newer, Str::BackupRestoreKeptNewer),
        (report.unchanged, Str::BackupRestoreUnchanged),
        (report.log_entries, Str::BackupRestoreLog),
        (report.needs_rebinding, Str::BackupRestoreNeedsRebinding),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, text)| t(l, text, &[&count]))
    .collect();
    if lines.is_empty() {
        vec![t(l, Str::BackupRestoreNothing, &[])]
    } else {
        lines
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn passphrases_need_eight_characters_typed_twice_the_same() {
        assert_eq!(passphrase_problem("short", "short"), Some(Error::Short));
        assert_eq!(passphrase_problem("1234567", "1234567"), Some(Error::Short));
        // Characters, not bytes: "mật khẩu" is 8 characters in 11 bytes.
        assert_eq!(passphrase_problem("mật khẩ", "mật khẩ"), Some(Error::Short));
        assert_eq!(passphrase_problem("mật khẩu", "mật khẩu"), None);
        assert_eq!(
            passphrase_problem("hoa sen 2031", "hoa sen 2032"),
            Some(Error::Mismatch)
        );
        assert_eq!(passphrase_problem("12345678", "12345678"), None);
        assert_eq!(
            error_words(Error::Short, Language::English),
            "The passphrase must be at least 8 characters."
        );
    }

    #[test]
    fn the_suggested_name_is_the_day_in_vietnam() {
        assert_eq!(
            suggested_name(datetime!(2025-01-31 08:00 UTC)),
            "vidi-backup-2025-01-31.age"
        );
        // 20:00 UTC is already the next day in Vietnam.
        assert_eq!(
            suggested_name(datetime!(2025-01-31 20:00 UTC)),
            "vidi-backup-2025-02-01.age"
        );
    }

    #[test]
    fn the_report_has_a_line_per_count_and_says_when_nothing_changed() {
        let report = RestoreReport {
            added: 3,
            log_entries: 4,
            needs_rebinding: 3,
            ..RestoreReport::default()
        };
        assert_eq!(
            report_lines(&report, Language::English),
            [
                "Documents added: 3",
                "Log entries restored: 4",
                "Documents to re-bind: 3"
            ]
        );
        assert_eq!(
            report_lines(&RestoreReport::default(), Language::Vietnamese),
            ["Bản sao lưu không có gì mới cho ví này."]
        );
    }

    #[test]
    fn events_never_print_a_passphrase() {
        let backup = BackupEvent::Backup {
            passphrase: "hoa sen 2031".into(),
            confirm: "hoa sen 2031".into(),
        };
        let restore = BackupEvent::Restore {
            passphrase: "hoa sen 2031".into(),
        };
        assert!(!format!("{backup:?} {restore:?}").contains("hoa sen"));
        let item = RebindItem {
            id: "d1".into(),
            name: "Identity card".into(),
            holder: "Nguyễn Thị Thanh Hương".into(),
        };
        assert!(!format!("{item:?}").contains("Hương"));
    }
}
