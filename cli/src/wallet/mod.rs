//! `vidi wallet`: the citizen's encrypted wallet in a terminal.
//!
//! The wallet is the file `wallet.db` in the folder given with `--dir`; its
//! key is sealed with a passphrase (`VIDI_PASSPHRASE`, or a prompt without
//! echo). Every command opens the wallet, unlocks it (scrypt: about a second
//! or two at the default work factor, announced on stderr), does one thing
//! and drops it, which wipes the unsealed key.
//!
//! Presentation only: every rule (what can be shown, re-binding, backups,
//! the activity log) lives in `vidi_core::store`. Error messages name what
//! went wrong and the document's short id, never a passphrase, a name or a
//! number.

mod activity;
mod backup;
mod documents;
mod issue;
mod online;
mod present;
mod secret;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use time::OffsetDateTime;
use vidi_core::preset::Preset;
use vidi_core::store::{
    ActivityEvent, DocumentId, DocumentListing, StoreError, UnlockReport, Wallet,
};

use crate::output::{Failure, note};
use crate::{HexBytes, parse_hex, parse_time, preset_parser};

/// The wallet file's name inside `--dir`.
pub const WALLET_FILE: &str = "wallet.db";

/// Characters of a document id `list` shows (more when two ids share them).
pub const SHORT_ID_LEN: usize = 8;

/// `vidi wallet`.
#[derive(Debug, Args)]
#[command(
    after_help = "The passphrase comes from VIDI_PASSPHRASE, or a prompt on the terminal (no echo).\n\
                  DOC is a document id as `list` shows it, or any unique beginning of one.\n\
                  VIDI_SCRYPT_LOG_N=N (1-30) lowers the scrypt work factor of new wallets and\n\
                  backups to 2^N: for tests and CI only, it makes the passphrase easy to guess.\n\
                  Exit status: 0 done, 1 refused (wrong passphrase, not found, needs re-binding, ...), 2 usage error."
)]
pub struct WalletArgs {
    /// The wallet's folder (required); the wallet is the file wallet.db in it.
    #[arg(long, value_name = "DIR", global = true)]
    dir: Option<PathBuf>,
    #[command(subcommand)]
    command: WalletCommand,
}

#[derive(Debug, Subcommand)]
enum WalletCommand {
    /// Create the wallet (asks for a new passphrase twice).
    Init,
    /// Check the passphrase: unlock, count the documents, merge what arrived while locked.
    UnlockCheck,
    /// Add the documents of an issuer's credential offer (a link or its JSON, and the PIN).
    Add(issue::OfferArgs),
    /// Add a seeded test citizen's documents, issued by the built-in test issuer.
    #[cfg(feature = "demo")]
    AddSample(AddSampleArgs),
    /// The documents held: id, type, holder, validity, status, flags.
    List(ListArgs),
    /// One document laid out like the card, with its credentials and status.
    Show(ShowArgs),
    /// Show a document as a QR proof (terminal, PNG, SVG, or the payload text).
    Qr(WalletQrArgs),
    /// The privacy dashboard: what was shown to whom and when, newest first.
    Log(LogArgs),
    /// Write the decrypted activity log as JSON (your own copy).
    ExportLog(OutArgs),
    /// Show or set how many days the activity log keeps entries (`off`: for ever).
    Retention(RetentionArgs),
    /// Write an encrypted backup (asks for a backup passphrase twice; VIDI_BACKUP_PASSPHRASE).
    Backup(OutArgs),
    /// Restore a backup into this wallet; never overwrites newer documents.
    Restore(RestoreArgs),
    /// Delete a document with its credentials and device keys.
    Delete(DeleteArgs),
    /// Accept a re-issue offer for restored documents, so that they can be shown again.
    Rebind(issue::OfferArgs),
    /// Prove who you are to an online service (OpenID4VP): shows who asks, for what and why,
    /// asks for consent, then sends only those claims, encrypted to the service.
    Present(online::PresentArgs),
}

/// `vidi wallet add-sample`.
#[cfg(feature = "demo")]
#[derive(Debug, Args)]
struct AddSampleArgs {
    /// Which seeded test citizen (seed 1): 0 is the reference citizen, 1 a
    /// minor without a licence, 2 an expired licence, 3 a licence the mock
    /// issuer suspends, 4 a long name, 5 a lifelong identity card.
    #[arg(long, value_name = "N", default_value_t = 0)]
    citizen: u32,
    /// Receive the documents without unlocking (no passphrase needed); they
    /// stay pending and are merged at the next unlock.
    #[arg(long)]
    locked: bool,
}

/// `vidi wallet list`.
#[derive(Debug, Args)]
struct ListArgs {
    /// Print JSON (format `vidi-wallet-documents`, see docs/wallet.md).
    #[arg(long)]
    json: bool,
}

/// `vidi wallet show`.
#[derive(Debug, Args)]
struct ShowArgs {
    /// The document's id, or a unique beginning of it.
    doc: String,
    /// Print JSON (format `vidi-wallet-document`, see docs/wallet.md).
    #[arg(long)]
    json: bool,
}

/// `vidi wallet qr`.
#[derive(Debug, Args)]
struct WalletQrArgs {
    /// The document's id, or a unique beginning of it.
    doc: String,
    /// What to disclose. May be left out with --claims.
    #[arg(long, value_parser = preset_parser())]
    preset: Option<Preset>,
    /// Claims to disclose, by name, comma-separated (e.g. full_name,date_of_birth).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    claims: Option<Vec<String>>,
    /// Print only the proof text (VD2:...), e.g. for `vidi verify`.
    #[arg(long, conflicts_with_all = ["watch", "png", "svg"])]
    payload: bool,
    /// The nonce the verifier showed (hex).
    #[arg(long, value_name = "HEX", value_parser = parse_hex)]
    nonce: Option<HexBytes>,
    /// The verifier's name; only that verifier accepts the proof.
    #[arg(long, value_name = "NAME")]
    audience: Option<String>,
    /// Draw a fresh QR every refresh period, with a countdown, until Ctrl-C.
    #[arg(long, conflicts_with_all = ["png", "svg"])]
    watch: bool,
    /// With --watch: stop after N QR codes.
    #[arg(long, value_name = "N", requires = "watch", value_parser = clap::value_parser!(u32).range(1..))]
    watch_count: Option<u32>,
    /// With --watch: the refresh period in milliseconds instead of the
    /// wallet's 15 s (for tests).
    #[arg(long, value_name = "MS", requires = "watch", hide = true, value_parser = clap::value_parser!(u64).range(1..=15_000))]
    watch_interval_ms: Option<u64>,
    /// Write a PNG image to FILE.
    #[arg(long, value_name = "FILE", conflicts_with = "svg")]
    png: Option<PathBuf>,
    /// Write an SVG image to FILE.
    #[arg(long, value_name = "FILE")]
    svg: Option<PathBuf>,
    /// Draw for a terminal with a light background.
    #[arg(long)]
    light: bool,
}

/// Event kinds as `log --event` takes and shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EventArg {
    /// A proof was shown.
    #[value(alias = "presented")]
    Presentation,
    /// A document was issued into the wallet.
    #[value(alias = "added")]
    Issuance,
    /// A document replaced an older copy.
    #[value(alias = "replaced")]
    Replacement,
    /// A document was deleted.
    #[value(alias = "deleted")]
    Deletion,
    /// A backup was restored.
    #[value(alias = "restored")]
    Restore,
}

impl EventArg {
    fn event(self) -> ActivityEvent {
        match self {
            Self::Presentation => ActivityEvent::Presented,
            Self::Issuance => ActivityEvent::Added,
            Self::Replacement => ActivityEvent::Replaced,
            Self::Deletion => ActivityEvent::Deleted,
            Self::Restore => ActivityEvent::Restored,
        }
    }
}

/// `vidi wallet log`.
#[derive(Debug, Args)]
struct LogArgs {
    /// Only entries at or after this time (RFC 3339).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    since: Option<OffsetDateTime>,
    /// Only entries of this kind.
    #[arg(long, value_enum)]
    event: Option<EventArg>,
    /// Only entries about this document (held or deleted).
    #[arg(long, value_name = "DOC")]
    doc: Option<String>,
    /// At most N entries.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Print JSON (the export-log format).
    #[arg(long)]
    json: bool,
    /// Delete the log entry with this id (a damaged one, say) and print nothing else.
    #[arg(long, value_name = "ID", conflicts_with_all = ["since", "event", "doc", "limit", "json"])]
    delete_entry: Option<String>,
}

/// An output file.
#[derive(Debug, Args)]
struct OutArgs {
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// `vidi wallet retention`.
#[derive(Debug, Args)]
struct RetentionArgs {
    /// Days to keep log entries, or `off` to keep them all; without it, show the setting.
    #[arg(value_name = "DAYS|off", value_parser = parse_retention)]
    days: Option<Retention>,
}

/// A retention setting from the command line.
#[derive(Debug, Clone, Copy)]
struct Retention(Option<u32>);

fn parse_retention(text: &str) -> Result<Retention, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("off") {
        return Ok(Retention(None));
    }
    match text.parse::<u32>() {
        Ok(0) | Err(_) => Err("expected a number of days (1 or more) or `off`".to_owned()),
        Ok(days) => Ok(Retention(Some(days))),
    }
}

/// `vidi wallet restore`.
#[derive(Debug, Args)]
struct RestoreArgs {
    /// The backup file.
    file: PathBuf,
}

/// `vidi wallet delete`.
#[derive(Debug, Args)]
struct DeleteArgs {
    /// The document's id, or a unique beginning of it.
    doc: String,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

/// Where the wallet is.
struct Place {
    dir: PathBuf,
    file: PathBuf,
}

impl Place {
    fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
            file: dir.join(WALLET_FILE),
        }
    }

    /// Opens the wallet, locked.
    fn open(&self) -> Result<Wallet, Failure> {
        Wallet::open(&self.file).map_err(|e| self.open_error(e))
    }

    /// Opens and unlocks the wallet with the passphrase.
    fn unlocked(&self) -> Result<(Wallet, UnlockReport), Failure> {
        let mut wallet = self.open()?;
        // What `add-sample --locked` left pending is checked at the merge
        // against the issuer's key: the CLI's samples come from the
        // built-in test issuer (only in a build with the demo).
        #[cfg(feature = "demo")]
        {
            let issuer = vidi_core::sample::test_issuer()
                .map_err(|e| Failure::Failed(format!("cannot make the test issuer: {e}")))?;
            wallet.trust_issuers(&vidi_core::sample::test_trust_list(&issuer));
        }
        let provider = secret::wallet_key_provider()?;
        note("unlocking…");
        let report = wallet
            .unlock(&provider)
            .map_err(|e| store_failure("cannot unlock the wallet", e))?;
        let merged = report.merged_added + report.merged_replaced;
        if merged > 0 {
            note(&format!(
                "merged {merged} document{} received while the wallet was locked",
                plural(merged)
            ));
        }
        for refused in &report.refused {
            note(&format!("vidi: {refused}"));
        }
        if report.pending_unverified > 0 {
            note(&format!(
                "{} document{} received while locked wait{}: the issuer's key is not known to this \
                 wallet yet",
                report.pending_unverified,
                plural(report.pending_unverified),
                if report.pending_unverified == 1 {
                    "s"
                } else {
                    ""
                }
            ));
        }
        if report.log_entries_expired > 0 {
            note(&format!(
                "deleted {} log entr{} older than the retention",
                report.log_entries_expired,
                if report.log_entries_expired == 1 {
                    "y"
                } else {
                    "ies"
                }
            ));
        }
        Ok((wallet, report))
    }

    fn open_error(&self, e: StoreError) -> Failure {
        match e {
            StoreError::NoWallet => Failure::Failed(format!(
                "no wallet at {}; create one with `vidi wallet --dir {} init`",
                self.file.display(),
                self.dir.display()
            )),
            StoreError::Damaged => Failure::Failed(format!(
                "{} is damaged (empty, truncated, not a database, or its write-ahead log lost \
                 committed changes); move it away and restore your backup into a new wallet (if \
                 `init` was interrupted, run it again)",
                self.file.display()
            )),
            e => store_failure(&format!("cannot open {}", self.file.display()), e),
        }
    }
}

/// `s` when `n` is not 1.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A store error in words, prefixed by `doing` where the store's own
/// message needs it. Store messages carry no personal data.
fn store_failure(doing: &str, e: StoreError) -> Failure {
    match e {
        StoreError::WrongKey => Failure::Failed("wrong passphrase".to_owned()),
        StoreError::WrongKeyProvider { expected } => Failure::Failed(format!(
            "{doing}: its key is sealed by the {expected} key provider, not a passphrase"
        )),
        StoreError::BackupPassphrase => Failure::Failed("wrong backup passphrase".to_owned()),
        StoreError::AlreadyExists => {
            Failure::Failed(format!("{doing}: a wallet already exists there"))
        }
        StoreError::Tampered(t) => Failure::Failed(format!(
            "{doing}: the wallet file was altered: {t}; delete that document, or move the \
             wallet away and restore your backup into a new wallet"
        )),
        e => Failure::Failed(format!("{doing}: {e}")),
    }
}

/// The shortest beginning of each id, at least [`SHORT_ID_LEN`] characters,
/// that no other id in `ids` shares.
fn short_ids<'a>(
    ids: impl IntoIterator<Item = &'a DocumentId> + Clone,
) -> Vec<(DocumentId, String)> {
    let all: Vec<&str> = ids.clone().into_iter().map(DocumentId::as_str).collect();
    ids.into_iter()
        .map(|id| {
            let text = id.as_str();
            // Ids are ASCII hex; count in characters anyway, so that no id
            // can make a slice fall inside a character.
            let prefix = |n: usize| text.chars().take(n).collect::<String>();
            let total = text.chars().count();
            let mut len = SHORT_ID_LEN.min(total);
            while len < total
                && all
                    .iter()
                    .any(|other| *other != text && other.starts_with(&prefix(len)))
            {
                len += 1;
            }
            (id.clone(), prefix(len))
        })
        .collect()
}

/// The first [`SHORT_ID_LEN`] characters of `id`.
fn short(id: &DocumentId) -> &str {
    let text = id.as_str();
    text.get(..SHORT_ID_LEN).unwrap_or(text)
}

/// The one id among `ids` that `prefix` begins; ids are lowercase hex.
fn resolve(ids: &BTreeSet<DocumentId>, prefix: &str) -> Result<DocumentId, Failure> {
    let wanted = prefix.trim().to_ascii_lowercase();
    if wanted.is_empty() || !wanted.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Failure::Usage(format!(
            "`{}` is not a document id: give the id as `list` shows it, or its first characters",
            prefix.escape_default()
        )));
    }
    if let Some(id) = ids.iter().find(|id| id.as_str() == wanted) {
        return Ok(id.clone());
    }
    let matches: Vec<&DocumentId> = ids
        .iter()
        .filter(|id| id.as_str().starts_with(&wanted))
        .collect();
    match matches.as_slice() {
        [] => Err(Failure::Failed(format!(
            "no document with an id beginning {wanted} (see `list`)"
        ))),
        [one] => Ok((*one).clone()),
        many => {
            let shown: Vec<&str> = many.iter().map(|id| id.as_str()).collect();
            Err(Failure::Usage(format!(
                "{wanted} is ambiguous: {} documents have ids beginning with it ({}); give more characters",
                many.len(),
                shown.join(", ")
            )))
        }
    }
}

/// The held documents, with a warning on stderr naming any damaged ones.
fn listing(wallet: &Wallet) -> Result<DocumentListing, Failure> {
    let listing = wallet
        .list_documents_checked()
        .map_err(|e| store_failure("cannot list the documents", e))?;
    if !listing.damaged.is_empty() {
        let ids: Vec<&str> = listing.damaged.iter().map(DocumentId::as_str).collect();
        note(&format!(
            "warning: {} stored document record{} damaged and cannot be read: {}; \
             delete with `vidi wallet delete ID`",
            ids.len(),
            if ids.len() == 1 { " is" } else { "s are" },
            ids.join(", ")
        ));
    }
    Ok(listing)
}

/// The held document `prefix` names (a damaged one too, so it can be deleted).
fn resolve_held(wallet: &Wallet, prefix: &str) -> Result<DocumentId, Failure> {
    let listing = listing(wallet)?;
    let ids: BTreeSet<DocumentId> = listing
        .documents
        .into_iter()
        .map(|d| d.id)
        .chain(listing.damaged)
        .collect();
    resolve(&ids, prefix)
}

/// `vidi wallet`.
pub fn run(args: WalletArgs) -> Result<ExitCode, Failure> {
    let dir = args.dir.ok_or_else(|| {
        Failure::Usage(
            "give the wallet's folder with --dir DIR, e.g. `vidi wallet --dir ~/.vidi init`"
                .to_owned(),
        )
    })?;
    let place = Place::new(&dir);
    match args.command {
        WalletCommand::Init => documents::init(&place),
        WalletCommand::UnlockCheck => documents::unlock_check(&place),
        WalletCommand::Add(a) => issue::add(&place, &a),
        #[cfg(feature = "demo")]
        WalletCommand::AddSample(a) => documents::add_sample(&place, &a),
        WalletCommand::List(a) => documents::list(&place, &a),
        WalletCommand::Show(a) => documents::show(&place, &a),
        WalletCommand::Delete(a) => documents::delete(&place, &a),
        WalletCommand::Qr(a) => present::qr(&place, &a),
        WalletCommand::Log(a) => activity::log(&place, &a),
        WalletCommand::ExportLog(a) => activity::export(&place, &a),
        WalletCommand::Retention(a) => activity::retention(&place, &a),
        WalletCommand::Backup(a) => backup::backup(&place, &a),
        WalletCommand::Restore(a) => backup::restore(&place, &a),
        WalletCommand::Rebind(a) => issue::rebind_documents(&place, &a),
        WalletCommand::Present(a) => online::present(&place, &a),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> BTreeSet<DocumentId> {
        list.iter().map(|s| DocumentId::new(*s)).collect()
    }

    #[test]
    fn prefixes_resolve_uniquely() {
        let held = ids(&["abcdef0011", "abcdef0022", "0123456789"]);
        assert_eq!(resolve(&held, "01").unwrap().as_str(), "0123456789");
        assert_eq!(resolve(&held, "ABCDEF001").unwrap().as_str(), "abcdef0011");
        assert!(matches!(resolve(&held, "abc"), Err(Failure::Usage(_))));
        assert!(matches!(resolve(&held, "ff"), Err(Failure::Failed(_))));
        assert!(matches!(resolve(&held, "x!"), Err(Failure::Usage(_))));
        assert!(matches!(resolve(&held, ""), Err(Failure::Usage(_))));
    }

    #[test]
    fn short_ids_grow_until_unique() {
        let held = ids(&["abcdef0011", "abcdef0022", "0123456789"]);
        let shorts: Vec<String> = short_ids(&held).into_iter().map(|(_, s)| s).collect();
        assert_eq!(shorts, ["01234567", "abcdef001", "abcdef002"]);
        // Not hex, not ASCII: still no panic.
        let odd = ids(&["aéééééééééé", "aééééééééèè"]);
        let shorts: Vec<String> = short_ids(&odd).into_iter().map(|(_, s)| s).collect();
        assert_eq!(shorts, ["aééééééééè", "aééééééééé"]);
    }

    #[test]
    fn retention_takes_days_or_off() {
        assert_eq!(parse_retention("off").unwrap().0, None);
        assert_eq!(parse_retention("30").unwrap().0, Some(30));
        assert!(parse_retention("0").is_err());
        assert!(parse_retention("-3").is_err());
    }
}
