//! `log`, `export-log` and `retention`: the privacy dashboard.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value, json};
use time::OffsetDateTime;
use vidi_core::store::{
    ActivityEvent, DocumentId, LogEntry, LogFilter, LogListing, RestoreReport, Wallet,
};

use super::documents::table;
use super::{EventArg, LogArgs, OutArgs, Place, RetentionArgs, plural, resolve, store_failure};
use crate::output::{Failure, Style, emit, human_time, note};

/// The name `log` shows and `--event` takes.
fn event_name(event: ActivityEvent) -> &'static str {
    match event {
        ActivityEvent::Presented => "presentation",
        ActivityEvent::Added => "issuance",
        ActivityEvent::Replaced => "replacement",
        ActivityEvent::Deleted => "deletion",
        ActivityEvent::Restored => "restore",
    }
}

/// What a restore did, in words.
pub fn restore_words(r: &RestoreReport) -> Vec<String> {
    vec![
        format!("{} added", r.added),
        format!("{} replaced an older copy", r.replaced_older),
        format!("{} kept because the wallet's copy is newer", r.kept_newer),
        format!("{} unchanged", r.unchanged),
        format!("{} need re-binding", r.needs_rebinding),
        format!(
            "{} log entr{} added",
            r.log_entries,
            if r.log_entries == 1 { "y" } else { "ies" }
        ),
    ]
}

/// The "disclosed / details" cell of an entry.
fn details(entry: &LogEntry) -> String {
    let a = &entry.activity;
    match a.event {
        ActivityEvent::Presented => a.claims.join(", "),
        ActivityEvent::Restored => a
            .restore
            .as_ref()
            .map(|r| {
                format!(
                    "documents: {} added, {} replaced, {} kept newer, {} need re-binding; {} log entries",
                    r.added, r.replaced_older, r.kept_newer, r.needs_rebinding, r.log_entries
                )
            })
            .unwrap_or_default(),
        _ if a.while_locked => "received while locked".to_owned(),
        _ => String::new(),
    }
}

/// An entry as JSON, as `export-log` writes it.
fn entry_json(entry: &LogEntry) -> Value {
    entry.to_json()
}

/// `log`.
pub fn log(place: &Place, args: &LogArgs) -> Result<ExitCode, Failure> {
    let (mut wallet, _) = place.unlocked()?;
    if let Some(id) = &args.delete_entry {
        wallet
            .delete_log_entry(id)
            .map_err(|e| store_failure(&format!("cannot delete log entry {id}"), e))?;
        emit(&format!("deleted log entry {id}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let all = checked_log(&wallet, &LogFilter::default())?;
    warn_damaged(&all.damaged);
    let all = all.entries;
    let document_id = match &args.doc {
        None => None,
        Some(prefix) => {
            // Deleted documents live on in the log: their ids count too.
            let listing = wallet
                .list_documents_checked()
                .map_err(|e| store_failure("cannot list the documents", e))?;
            let mut ids: BTreeSet<DocumentId> = listing
                .documents
                .into_iter()
                .map(|d| d.id)
                .chain(listing.damaged)
                .collect();
            ids.extend(all.iter().filter_map(|e| e.activity.document_id.clone()));
            Some(resolve(&ids, prefix)?)
        }
    };
    let filter = LogFilter {
        from: args.since,
        until: None,
        event: args.event.map(EventArg::event),
        document_id,
        limit: args.limit,
    };
    let listing = checked_log(&wallet, &filter)?;
    let entries = listing.entries;
    if args.json {
        let text = serde_json::to_string_pretty(&json!({
            "format": "vidi-activity-log",
            "version": 1,
            "entries": entries.iter().map(entry_json).collect::<Vec<_>>(),
            "damaged": listing.damaged,
        }))
        .map_err(|e| Failure::Failed(format!("cannot write JSON: {e}")))?;
        emit(&format!("{text}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    if entries.is_empty() {
        emit(if all.is_empty() {
            "the activity log is empty\n"
        } else {
            "no log entries match\n"
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let dash = || "-".to_owned();
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let a = &e.activity;
            let document = match (&a.document_id, a.document_type) {
                (Some(id), Some(t)) => format!("{} {}", super::short(id), t.label_en()),
                (Some(id), None) => super::short(id).to_owned(),
                (None, _) => dash(),
            };
            let details = details(e);
            vec![
                human_time(e.at),
                event_name(a.event).to_owned(),
                document,
                if details.is_empty() { dash() } else { details },
                a.preset.map_or_else(dash, |p| p.name().to_owned()),
                a.audience.clone().unwrap_or_else(dash),
            ]
        })
        .collect();
    let mut out = table(
        &[
            "TIME",
            "EVENT",
            "DOCUMENT",
            "DISCLOSED / DETAILS",
            "PRESET",
            "AUDIENCE",
        ],
        &rows,
        Style::detect(),
    );
    out.push_str(&format!(
        "{} entr{}, newest first\n",
        entries.len(),
        if entries.len() == 1 { "y" } else { "ies" }
    ));
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The entries `filter` selects that can be read, and the damaged ones' ids.
fn checked_log(wallet: &Wallet, filter: &LogFilter) -> Result<LogListing, Failure> {
    wallet
        .log_checked(filter)
        .map_err(|e| store_failure("cannot read the activity log", e))
}

/// A warning on stderr naming the log entries that cannot be read.
fn warn_damaged(damaged: &[String]) {
    if damaged.is_empty() {
        return;
    }
    note(&format!(
        "warning: {} activity log entr{} damaged and cannot be read: {}; the other entries \
         are shown; delete one with `vidi wallet log --delete-entry ID`",
        damaged.len(),
        if damaged.len() == 1 {
            "y is"
        } else {
            "ies are"
        },
        damaged.join(", ")
    ));
}

/// Writes `text` to `path`, readable by its owner only (it holds personal data).
pub fn write_private(path: &Path, text: &str) -> Result<(), Failure> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())
                .and_then(|()| file.sync_all())
        })
        .map_err(|e| Failure::Failed(format!("cannot write {}: {e}", path.display())))
}

/// `export-log`.
pub fn export(place: &Place, args: &OutArgs) -> Result<ExitCode, Failure> {
    let (wallet, _) = place.unlocked()?;
    let text = wallet
        .export_log()
        .map_err(|e| store_failure("cannot export the activity log", e))?;
    let listing = checked_log(&wallet, &LogFilter::default())?;
    warn_damaged(&listing.damaged);
    let count = listing.entries.len();
    write_private(&args.out, &format!("{text}\n"))?;
    emit(&format!(
        "wrote {} log entr{} to {} (decrypted: it shows what you disclosed, keep it safe)\n",
        count,
        if count == 1 { "y" } else { "ies" },
        args.out.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `retention`.
pub fn retention(place: &Place, args: &RetentionArgs) -> Result<ExitCode, Failure> {
    let (mut wallet, _) = place.unlocked()?;
    let Some(setting) = args.days else {
        let current = wallet
            .log_retention()
            .map_err(|e| store_failure("cannot read the retention", e))?;
        emit(&match current {
            Some(days) => format!(
                "the activity log keeps entries for {days} day{}\n",
                plural(days as usize)
            ),
            None => "the activity log keeps every entry (retention off)\n".to_owned(),
        })?;
        return Ok(ExitCode::SUCCESS);
    };
    let deleted = wallet
        .set_log_retention(setting.0, OffsetDateTime::now_utc())
        .map_err(|e| store_failure("cannot set the retention", e))?;
    if deleted > 0 {
        note(&format!(
            "deleted {deleted} older log entr{}",
            if deleted == 1 { "y" } else { "ies" }
        ));
    }
    emit(&match setting.0 {
        Some(days) => format!(
            "the activity log now keeps entries for {days} day{}; older ones are deleted\n",
            plural(days as usize)
        ),
        None => "the activity log now keeps every entry (retention off)\n".to_owned(),
    })?;
    Ok(ExitCode::SUCCESS)
}
