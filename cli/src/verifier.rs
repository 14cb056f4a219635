//! `vidi verifier sync` and `vidi verifier status`: the verifier's cache of
//! the issuer's signed trust list and status lists (`vidi_core::sync`), and
//! how `vidi verify --verifier-dir` reads it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};
use vidi_core::keys::PublicKey;
use vidi_core::sync::{
    CachedList, ListAge, SyncError, SyncOptions, SyncOutcome, SyncReport, VerifierCache, sync_with,
};
use vidi_core::trust::VerifierData;

use crate::output::{DIM, Failure, Style, emit, human_duration, human_time, note, pad, rfc3339};

/// `vidi verifier`.
#[derive(Debug, Args)]
#[command(
    after_help = "The cache folder holds trust-list.jws, status-lists/<kid>.jws and state.json.\n\
                  The trust anchor's key is pinned at the first sync; a trust list signed by another key is refused.\n\
                  Verify offline from it with `vidi verify --verifier-dir DIR PAYLOAD`.\n\
                  Exit status: 0 done, 1 failed (or some list could not be synced), 2 usage error."
)]
pub struct VerifierArgs {
    #[command(subcommand)]
    command: VerifierCommand,
}

#[derive(Debug, Subcommand)]
enum VerifierCommand {
    /// Fetch the issuer's trust list and status lists (only what changed) and keep them for offline use.
    Sync(SyncArgs),
    /// Show the cached lists and how old they are.
    Status(StatusArgs),
}

/// `vidi verifier sync`.
#[derive(Debug, Args)]
struct SyncArgs {
    /// The issuer's base URL, e.g. http://127.0.0.1:8080 (HTTPS, or HTTP on loopback).
    #[arg(long, value_name = "URL")]
    server: String,
    /// The cache folder (created if missing).
    #[arg(long, value_name = "DIR")]
    dir: PathBuf,
    /// Pin this trust anchor key (compressed SEC1, hex) instead of the one the server publishes.
    #[arg(long, value_name = "HEX", value_parser = parse_key)]
    anchor: Option<PublicKey>,
    /// Seconds each request may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
    /// CA certificates (PEM) to trust beyond the system's, e.g. the test CA
    /// of a vidi-server-mock started with --tls-cert.
    #[arg(long, value_name = "FILE", env = crate::https::EXTRA_CA_VAR)]
    extra_ca: Option<PathBuf>,
}

/// `vidi verifier status`.
#[derive(Debug, Args)]
struct StatusArgs {
    /// The cache folder.
    #[arg(long, value_name = "DIR")]
    dir: PathBuf,
}

fn parse_key(text: &str) -> Result<PublicKey, String> {
    hex::decode(text.trim())
        .ok()
        .and_then(|bytes| PublicKey::from_sec1(&bytes).ok())
        .ok_or_else(|| "not a P-256 public key in hex".to_owned())
}

/// `vidi verifier`.
pub fn run(args: &VerifierArgs) -> Result<ExitCode, Failure> {
    match &args.command {
        VerifierCommand::Sync(a) => sync(a),
        VerifierCommand::Status(a) => status(a),
    }
}

fn sync_failure(e: SyncError) -> Failure {
    match e {
        SyncError::AnchorChanged => Failure::Failed(format!(
            "{e}; the cache was not changed (if the authority really changed its anchor, sync into a new folder)"
        )),
        e => Failure::Failed(format!("cannot sync: {e}")),
    }
}

fn sync(args: &SyncArgs) -> Result<ExitCode, Failure> {
    let options = SyncOptions {
        timeout: std::time::Duration::from_secs(args.timeout),
        anchor: args.anchor,
        trust: crate::https::trust(args.extra_ca.as_deref())?,
    };
    note(&format!("syncing from {}…", args.server));
    let report = crate::runtime::block_on(sync_with(&args.server, &args.dir, &options))?
        .map_err(sync_failure)?;
    emit(&sync_text(&report, &args.dir, Style::detect()))?;
    Ok(if report.is_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn anchor_short(key: &PublicKey) -> String {
    let hex = key.to_hex();
    format!("{}…", &hex[..hex.len().min(16)])
}

fn ago(now: OffsetDateTime, then: OffsetDateTime) -> String {
    let d = now - then;
    if d < Duration::seconds(2) && d > Duration::seconds(-2) {
        "just now".to_owned()
    } else if d.is_negative() {
        format!("{} ahead", human_duration(d))
    } else {
        format!("{} ago", human_duration(d))
    }
}

fn rows_text(rows: &[[String; 4]], style: Style) -> String {
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .map(|r| crate::output::width(&r[i]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (n, row) in rows.iter().enumerate() {
        let line = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| pad(cell, *w + 2))
            .collect::<String>();
        let line = line.trim_end();
        if n == 0 {
            out.push_str(&format!("  {}\n", style.paint(DIM, line)));
        } else {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

/// The sync report for people: each list, what happened, how old it is.
fn sync_text(report: &SyncReport, dir: &Path, style: Style) -> String {
    let now = report.synced_at;
    let mut out = format!("synced {} into {}\n", report.server, dir.display());
    out.push_str(&format!(
        "trust anchor {} {}\n",
        anchor_short(&report.anchor),
        if report.anchor_pinned_now {
            "(pinned now, at the first sync)"
        } else {
            "(pinned, unchanged)"
        }
    ));
    let mut rows = vec![[
        "LIST".to_owned(),
        "THIS SYNC".to_owned(),
        "ISSUED (IAT)".to_owned(),
        "LAST SYNCED".to_owned(),
    ]];
    for list in &report.lists {
        let what = match &list.outcome {
            SyncOutcome::New => "new".to_owned(),
            SyncOutcome::Changed => "changed".to_owned(),
            SyncOutcome::Unchanged => "unchanged".to_owned(),
            SyncOutcome::NotModified => "not modified (304)".to_owned(),
            SyncOutcome::Failed(e) => format!("FAILED, old copy kept: {e}"),
            _ => "?".to_owned(),
        };
        rows.push([
            list.list.to_string(),
            what,
            list.issued_at
                .map_or_else(|| "-".to_owned(), |t| ago(now, t)),
            list.last_synced
                .map_or_else(|| "never".to_owned(), |t| ago(now, t)),
        ]);
    }
    out.push_str(&rows_text(&rows, style));
    for kid in &report.removed {
        out.push_str(&format!(
            "removed {} (its key left the trust list)\n",
            CachedList::StatusList(*kid)
        ));
    }
    out
}

fn status(args: &StatusArgs) -> Result<ExitCode, Failure> {
    let cache = load(&args.dir)?;
    let now = OffsetDateTime::now_utc();
    let mut out = format!(
        "verifier cache {} (from {}, trust anchor {})\n",
        args.dir.display(),
        cache.server,
        anchor_short(&cache.anchor)
    );
    out.push_str(&ages_text(&cache.ages(now), now, Style::detect()));
    for (kid, e) in &cache.refused {
        out.push_str(&format!("refused {}: {e}\n", CachedList::StatusList(*kid)));
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the cache in `dir` for verification, re-checking its signatures.
pub fn load(dir: &Path) -> Result<VerifierCache, Failure> {
    VerifierCache::load(dir).map_err(|e| match e {
        SyncError::NotSynced => Failure::Usage(format!(
            "no verifier cache in {}: run `vidi verifier sync --server URL --dir {}` first",
            dir.display(),
            dir.display()
        )),
        e => Failure::Failed(format!(
            "cannot use the verifier cache in {}: {e}",
            dir.display()
        )),
    })
}

/// Each cached list's age, as aligned lines.
pub fn ages_text(ages: &[ListAge], now: OffsetDateTime, style: Style) -> String {
    let mut rows = vec![[
        "LIST".to_owned(),
        "ISSUED (IAT)".to_owned(),
        "LAST SYNCED".to_owned(),
        "LAST CHANGED".to_owned(),
    ]];
    for a in ages {
        rows.push([
            a.list.to_string(),
            format!("{} ({})", ago(now, a.issued_at), human_time(a.issued_at)),
            ago(now, a.synced_at),
            ago(now, a.changed_at),
        ]);
    }
    rows_text(&rows, style)
}

/// The ages as JSON, for `vidi verify --json`.
pub fn ages_json(ages: &[ListAge]) -> Value {
    Value::Array(
        ages.iter()
            .map(|a| {
                json!({
                    "list": match a.list {
                        CachedList::TrustList => "trust_list".to_owned(),
                        CachedList::StatusList(kid) => format!("status_list/{kid}"),
                    },
                    "kid": match a.list {
                        CachedList::TrustList => Value::Null,
                        CachedList::StatusList(kid) => Value::from(kid),
                    },
                    "issued_at": rfc3339(a.issued_at),
                    "age_seconds": a.age.whole_seconds(),
                    "synced_at": rfc3339(a.synced_at),
                    "since_sync_seconds": a.since_sync.whole_seconds(),
                })
            })
            .collect(),
    )
}

/// What `vidi verify` checks against: a trust file, or a synced cache
/// (with its ages, to print under the verdict).
pub fn verifier_data(
    trust: Option<&Path>,
    cache_dir: Option<&Path>,
) -> Result<(VerifierData, Option<VerifierCache>), Failure> {
    match (trust, cache_dir) {
        (_, Some(dir)) => {
            let cache = load(dir)?;
            for (kid, e) in &cache.refused {
                note(&format!(
                    "vidi: ignoring the cached {}: {e}",
                    CachedList::StatusList(*kid)
                ));
            }
            Ok((cache.data.clone(), Some(cache)))
        }
        (Some(path), None) => Ok((crate::output::read_verifier_data(path)?, None)),
        (None, None) => Err(Failure::Usage(
            "give the verifier data with --trust FILE or --verifier-dir DIR".to_owned(),
        )),
    }
}
