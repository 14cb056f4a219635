//! `vidi demo`: the whole story in one run, on this machine only. The mock
//! issuer starts in-process on a free loopback port, a wallet accepts an
//! offer for the reference citizen with its PIN, shows a checkpoint QR, a
//! verifier syncs the signed lists and accepts the QR offline, the issuer
//! revokes the identity card and the next proof is refused, and
//! two offline refusals follow (a replayed screenshot, an altered claim).
//!
//! The issuer's database, the wallet and the verifier cache live in one
//! temporary folder, removed at the end (also when a step fails). Each step
//! that fails stops the demo with an error naming it (exit 1).

use std::fmt::Display;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use vidi_core::claims::ClaimValue;
use vidi_core::document::DocumentType;
use vidi_core::issuance::{IssuanceOptions, IssuanceReport, IssuanceStep, accept_offer};
use vidi_core::presentation::{Presentation, from_text_any, to_text_in};
use vidi_core::preset::Preset;
use vidi_core::qr::TerminalTheme;
use vidi_core::store::{Disclose, DocumentId, MemoryKeyProvider, PresentationOutput, Wallet};
use vidi_core::sync::{CachedList, SyncOptions, SyncOutcome, VerifierCache, sync_with};
use vidi_core::verifier::{Policy, RejectReason, Verified, verify};
use vidi_server_mock::{BackgroundServer, Change, Config, OfferRequest, catalog, citizens};

use crate::DemoArgs;
use crate::commands::caption;
use crate::output::{BOLD, DIM, Failure, GOOD_TEXT, Style, emit, human_duration, pad, width};
use crate::verdict;

/// The reference citizen, whom the demo's offer is for.
const CITIZEN: u32 = 0;

/// How late the replayed screenshot is scanned.
const REPLAY_DELAY: Duration = Duration::minutes(2);

/// Offer links longer than this are shortened on screen.
const LINK_SHOWN: usize = 60;

/// One step of the tour: its heading, and the error that names it.
#[derive(Debug, Clone, Copy)]
struct Step {
    number: u8,
    title: &'static str,
}

const START: Step = Step {
    number: 1,
    title: "The issuer starts",
};
const WALLET: Step = Step {
    number: 2,
    title: "The citizen makes a wallet",
};
const OFFER: Step = Step {
    number: 3,
    title: "The issuer makes an offer",
};
const ACCEPT: Step = Step {
    number: 4,
    title: "The wallet accepts the offer",
};
const SHOW: Step = Step {
    number: 5,
    title: "The wallet shows its QR at a checkpoint",
};
const VERIFY: Step = Step {
    number: 6,
    title: "The checkpoint syncs, then verifies offline",
};
const REVOKE: Step = Step {
    number: 7,
    title: "The issuer revokes the identity card",
};
const REFUSE: Step = Step {
    number: 8,
    title: "Two more refusals, offline",
};

impl Step {
    /// The demo stopped here because of `e`.
    fn fail(self, e: impl Display) -> Failure {
        Failure::Failed(format!(
            "demo stopped at step {} ({}): {e}",
            self.number,
            self.title.to_lowercase()
        ))
    }

    /// Runs `future` on a runtime of its own, naming this step if none starts.
    fn block_on<F: std::future::Future>(self, future: F) -> Result<F::Output, Failure> {
        crate::runtime::block_on(future).map_err(|f| match f {
            Failure::Failed(m) | Failure::Usage(m) => self.fail(m),
        })
    }

    /// `── 4 · The wallet accepts the offer ─────`, with blank lines around.
    fn heading(self, style: Style) -> String {
        heading(&format!("{} · {}", self.number, self.title), style)
    }
}

fn heading(title: &str, style: Style) -> String {
    let rule = "─".repeat(60usize.saturating_sub(width(title)));
    format!("\n{}\n\n", style.paint(BOLD, &format!("── {title} {rule}")))
}

/// `just now`, `12 s ago`, `3 min ago`.
fn ago(now: OffsetDateTime, then: OffsetDateTime) -> String {
    let d = now - then;
    if d.abs() < Duration::seconds(2) {
        "just now".to_owned()
    } else if d.is_negative() {
        format!("{} ahead", human_duration(d))
    } else {
        format!("{} ago", human_duration(d))
    }
}

/// The link as it fits on a line: its beginning and its length.
fn shortened(link: &str) -> String {
    let count = link.chars().count();
    if count <= LINK_SHOWN {
        return link.to_owned();
    }
    let head: String = link.chars().take(LINK_SHOWN).collect();
    format!("{head}… ({count} chars)")
}

/// Rows with columns two spaces apart, each line indented by four.
fn rows_text(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: String = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| pad(cell, w + 2))
            .collect();
        out.push_str(&format!("    {}\n", line.trim_end()));
    }
    out
}

/// What the progress display shows for an issuance step, as it happens:
/// one line per step, the credential requests of a document on one line.
struct Progress {
    document: Option<DocumentType>,
    error: Option<Failure>,
}

impl Progress {
    fn show(&mut self, step: &IssuanceStep) {
        let text = match step {
            IssuanceStep::RequestingCredentials { kind, .. } => {
                let document = kind.document_type();
                let text = match self.document {
                    None => format!(
                        "  · credentials, each after a fresh nonce and a proof of a new device key:\n      {}",
                        kind.name()
                    ),
                    Some(d) if d == document => format!(", {}", kind.name()),
                    Some(_) => format!("\n      {}", kind.name()),
                };
                self.document = Some(document);
                text
            }
            IssuanceStep::Done => return,
            step => {
                let close = if self.document.take().is_some() {
                    "\n"
                } else {
                    ""
                };
                format!("{close}  · {step}\n")
            }
        };
        if let Err(e) = emit(&text)
            && self.error.is_none()
        {
            self.error = Some(e);
        }
    }
}

/// Accepts the offer into `wallet`, showing each step as it starts.
fn accept(wallet: &mut Wallet, link: &str, pin: &str) -> Result<IssuanceReport, Failure> {
    let mut progress = Progress {
        document: None,
        error: None,
    };
    let mut show = |step: IssuanceStep| progress.show(&step);
    let options = IssuanceOptions {
        progress: Some(&mut show),
        ..IssuanceOptions::default()
    };
    let report = ACCEPT
        .block_on(accept_offer(wallet, link, Some(pin), options))?
        .map_err(|e| ACCEPT.fail(e))?;
    match progress.error {
        Some(e) => Err(e),
        None => Ok(report),
    }
}

/// Syncs the verifier cache in `dir` from `server`, shows each list and its
/// age, and loads the cache as `vidi verify --verifier-dir` does (every
/// signature checked again).
fn sync(step: Step, server: &str, dir: &Path) -> Result<(VerifierCache, String), Failure> {
    let report = step
        .block_on(sync_with(server, dir, &SyncOptions::default()))?
        .map_err(|e| step.fail(format!("cannot sync: {e}")))?;
    let now = report.synced_at;
    let mut rows = Vec::new();
    for list in &report.lists {
        let outcome = match &list.outcome {
            SyncOutcome::New => "new",
            SyncOutcome::Changed => "changed",
            SyncOutcome::Unchanged => "unchanged",
            SyncOutcome::NotModified => "not modified (304)",
            SyncOutcome::Failed(e) => {
                return Err(step.fail(format!("cannot sync the {}: {e}", list.list)));
            }
            _ => "?",
        };
        let signed = list
            .issued_at
            .map_or_else(|| "-".to_owned(), |t| format!("signed {}", ago(now, t)));
        rows.push(vec![list.list.to_string(), outcome.to_owned(), signed]);
    }
    let mut text = rows_text(&rows);
    if report.anchor_pinned_now {
        let anchor = report.anchor.to_hex();
        text.push_str(&format!(
            "    trust anchor {}… pinned at this first sync\n",
            anchor.get(..16).unwrap_or(&anchor)
        ));
    }
    let cache = VerifierCache::load(dir).map_err(|e| step.fail(e))?;
    if let Some((kid, e)) = cache.refused.first() {
        return Err(step.fail(format!("the status list of key {kid:04x}: {e}")));
    }
    Ok((cache, text))
}

fn check(text: &str, cache: &VerifierCache, at: OffsetDateTime) -> Result<Verified, RejectReason> {
    verify(
        text,
        &cache.data.trust_list,
        &cache.data.status_lists,
        at,
        &Policy::default(),
    )
}

/// A verdict other than the one the story needs stops the demo.
fn expect_verdict(
    step: Step,
    result: &Result<Verified, RejectReason>,
    wanted: &str,
    ok: impl Fn(&Result<Verified, RejectReason>) -> bool,
) -> Result<(), Failure> {
    if ok(result) {
        return Ok(());
    }
    let got = match result {
        Ok(_) => "valid".to_owned(),
        Err(reason) => format!("rejected: {reason}"),
    };
    Err(step.fail(format!("the verifier should have said {wanted}, not {got}")))
}

/// `text` with one letter of the disclosed full name changed in the
/// Base45-decoded bytes, re-encoded; and a description of the change.
fn tamper(text: &str) -> Result<(String, String), Failure> {
    let fail = || REFUSE.fail("cannot find the full name to alter");
    let (format, mut bytes) = from_text_any(text).map_err(|e| REFUSE.fail(e))?;
    let proof = Presentation::parse(text).map_err(|e| REFUSE.fail(e))?;
    // The name's value as sent (UTF-8 in format 1, VISCII in format 2),
    // with its CBOR head.
    let (raw, label) = proof
        .disclosed
        .iter()
        .find_map(|(_, claim, raw)| match &claim.value {
            ClaimValue::Name(_) => Some((raw.clone(), claim.id.label_en())),
            _ => None,
        })
        .ok_or_else(fail)?;
    let start = bytes
        .windows(raw.len())
        .rposition(|w| w == raw.as_slice())
        .ok_or_else(fail)?;
    let head = if raw.first().is_some_and(|b| b & 0x1f >= 24) {
        2
    } else {
        1
    };
    let offset = head
        + raw
            .iter()
            .skip(head)
            .position(u8::is_ascii_uppercase)
            .ok_or_else(fail)?;
    let byte = bytes.get_mut(start + offset).ok_or_else(fail)?;
    let was = char::from(*byte);
    *byte = if *byte == b'Z' { b'A' } else { *byte + 1 };
    let now = char::from(*byte);
    Ok((
        to_text_in(format, &bytes),
        format!("'{was}' → '{now}' in the {}", label.to_lowercase()),
    ))
}

/// A fresh checkpoint-id proof of document `id`.
fn present(
    step: Step,
    wallet: &mut Wallet,
    id: &DocumentId,
) -> Result<PresentationOutput, Failure> {
    wallet
        .present(
            id,
            Disclose::Preset(Preset::CheckpointId),
            None,
            None,
            OffsetDateTime::now_utc(),
        )
        .map_err(|e| step.fail(format!("the wallet cannot show the identity card: {e}")))
}

/// Steps 1 to 8, everything kept under `root`. Returns when the server,
/// the wallet and the cache are closed.
fn tour(root: &Path, theme: TerminalTheme, style: Style) -> Result<(), Failure> {
    let mut out = String::new();
    out.push_str(&style.paint(
        BOLD,
        "Vidi · ví giấy tờ tùy thân số · digital identity wallet",
    ));
    out.push('\n');
    out.push_str(&style.paint(
        DIM,
        "The whole story in one run: an issuer, a citizen's wallet and a checkpoint's\n\
         verifier, on this machine over loopback. Test citizens; nothing real is signed.",
    ));
    out.push('\n');

    // 1. The issuer.
    out.push_str(&START.heading(style));
    emit(&out)?;
    let server = BackgroundServer::start(Config::ephemeral(root.join("issuer")))
        .map_err(|e| START.fail(format!("the mock issuer did not start: {e}")))?;
    let url = server.base_url();
    let seeded = server.startup().map_or(0, |s| s.citizens);
    let admin = server.admin().map_err(|e| START.fail(e))?;
    let citizen = server
        .block_on(admin.citizen(CITIZEN))
        .map_err(|e| START.fail(e))?;
    emit(&format!(
        "  The mock issuer (not a real authority) listens on {}.\n\
         \x20 Test citizens seeded: {seeded}. The story follows number {CITIZEN}, {}.\n",
        style.paint(BOLD, &url),
        style.paint(BOLD, &citizen.name),
    ))?;

    // 2. The wallet.
    let mut out = WALLET.heading(style);
    let wallet_dir = root.join("wallet");
    std::fs::create_dir(&wallet_dir).map_err(|e| WALLET.fail(e))?;
    let key = MemoryKeyProvider::generate();
    let mut wallet = Wallet::create(wallet_dir.join(crate::wallet::WALLET_FILE), &key)
        .map_err(|e| WALLET.fail(e))?;
    out.push_str(
        "  An empty encrypted wallet. For the demo its key stays in memory; the real CLI\n\
         \x20 seals it with a passphrase (`vidi wallet init`), a phone with its secure chip.\n",
    );
    emit(&out)?;

    // 3. The offer.
    let offer = server
        .block_on(admin.create_offer(OfferRequest {
            citizen: CITIZEN,
            by_reference: true,
            ..OfferRequest::default()
        }))
        .map_err(|e| OFFER.fail(e))?;
    let lifetime = OffsetDateTime::parse(&offer.expires_at, &Rfc3339)
        .map(|at| {
            format!(
                " (valid {})",
                human_duration(at - OffsetDateTime::now_utc() + Duration::seconds(1))
            )
        })
        .unwrap_or_default();
    let mut out = OFFER.heading(style);
    out.push_str(&format!(
        "  Through its admin API, the issuer makes an offer for citizen {CITIZEN}. Its link,\n\
         \x20 shown as a QR at the counter:\n    {}\n\
         \x20 and its PIN, sent separately (by SMS, say): {}{lifetime}.\n\
         \x20 The link alone is not enough: whoever redeems it must also give the PIN.\n",
        shortened(&offer.offer_uri),
        style.paint(BOLD, &offer.pin)
    ));
    emit(&out)?;

    // 4. Issuance.
    emit(&format!(
        "{}  The wallet follows the link and gives the PIN (OpenID4VCI):\n",
        ACCEPT.heading(style)
    ))?;
    let report = accept(&mut wallet, &offer.offer_uri, &offer.pin)?;
    let held = wallet.list_documents().map_err(|e| ACCEPT.fail(e))?;
    let mut out = format!("\n  The wallet now holds {} documents:\n", held.len());
    let rows: Vec<Vec<String>> = held
        .iter()
        .map(|doc| {
            let credentials = report
                .documents
                .iter()
                .find(|d| d.outcome.id() == &doc.id)
                .map_or(0, |d| d.credentials);
            vec![
                format!(
                    "{} · {}",
                    doc.document_type.label_vi(),
                    doc.document_type.label_en()
                ),
                doc.holder_name.clone(),
                format!(
                    "{credentials} credential{}",
                    if credentials == 1 { "" } else { "s" }
                ),
            ]
        })
        .collect();
    out.push_str(&rows_text(&rows));
    emit(&out)?;
    let card = report
        .documents
        .iter()
        .find(|d| d.document_type == DocumentType::NationalId)
        .map(|d| d.outcome.id().clone())
        .ok_or_else(|| ACCEPT.fail("the offer brought no identity card"))?;

    // 5. The QR.
    let preset = Preset::CheckpointId;
    let first = present(SHOW, &mut wallet, &card)?;
    let mut out = SHOW.heading(style);
    out.push_str(&format!(
        "  The citizen opens the identity card and picks \u{201c}{}\u{201d}:\n\n",
        preset.name()
    ));
    out.push_str(&first.qr.to_terminal_for(theme));
    out.push('\n');
    out.push_str(&style.paint(DIM, &caption(&first.qr, first.text.len())));
    out.push('\n');
    let shown: Vec<String> = preset.claims().iter().map(|c| c.label_en()).collect();
    out.push_str(&format!(
        "  Disclosed: {}. The rest stays hidden.\n\
         \x20 Signed by the phone's key, it expires in {} s: a screenshot is worthless.\n",
        shown.join(", "),
        (first.expires_at - first.made_at).whole_seconds()
    ));
    emit(&out)?;

    // 6. Sync and verify.
    let cache_dir = root.join("verifier");
    let mut out = VERIFY.heading(style);
    out.push_str("  The checkpoint's verifier syncs the issuer's signed lists into its cache:\n");
    emit(&out)?;
    let (cache, lists) = sync(VERIFY, &url, &cache_dir)?;
    let now = OffsetDateTime::now_utc();
    let result = check(&first.text, &cache, now);
    expect_verdict(VERIFY, &result, "valid", Result::is_ok)?;
    emit(&format!(
        "{lists}  Then, offline, it scans the QR:\n\n{}",
        verdict::human(&result, now, true, style)
    ))?;

    // 7. Revocation.
    let mut out = REVOKE.heading(style);
    let view = server
        .block_on(admin.citizen(CITIZEN))
        .map_err(|e| REVOKE.fail(e))?;
    let targets: Vec<_> = view
        .documents
        .iter()
        .filter(|d| d.document_type == citizens::type_name(DocumentType::NationalId))
        .flat_map(|d| &d.credentials)
        .filter(|c| c.state == "valid")
        .collect();
    if targets.is_empty() {
        return Err(REVOKE.fail("the issuer holds no valid identity card credential"));
    }
    let mut kinds = Vec::new();
    let mut lists = Vec::new();
    for credential in &targets {
        server
            .block_on(admin.change_credential(credential.id, Change::Revoke))
            .map_err(|e| REVOKE.fail(e))?;
        let kind = catalog::kind_of(&credential.configuration_id)
            .map_or_else(|| credential.configuration_id.clone(), |k| k.name());
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        let list = CachedList::StatusList(credential.kid).to_string();
        if !lists.contains(&list) {
            lists.push(list);
        }
    }
    out.push_str(&format!(
        "  Through its admin API, the issuer revokes the card's {} credential{}\n\
         \x20 ({}), in {}.\n",
        targets.len(),
        if targets.len() == 1 { "" } else { "s" },
        kinds.join(", "),
        lists.join(", ")
    ));
    out.push_str("  The verifier syncs again:\n");
    emit(&out)?;
    let (cache, lists) = sync(REVOKE, &url, &cache_dir)?;
    let second = present(REVOKE, &mut wallet, &card)?;
    let now = OffsetDateTime::now_utc();
    let result = check(&second.text, &cache, now);
    expect_verdict(REVOKE, &result, "revoked", |r| {
        matches!(r, Err(RejectReason::Revoked))
    })?;
    emit(&format!(
        "{lists}  The wallet does not know yet, and shows a fresh {} QR:\n\n{}",
        preset.name(),
        verdict::human(&result, now, true, style)
    ))?;

    // 8. Offline refusals.
    let mut out = REFUSE.heading(style);
    let later = first.made_at + REPLAY_DELAY;
    let result = check(&first.text, &cache, later);
    expect_verdict(REFUSE, &result, "too old", |r| {
        matches!(r, Err(RejectReason::TooOld { .. }))
    })?;
    out.push_str(&format!(
        "  a) The first proof, scanned {} later (a screenshot replayed):\n\n",
        human_duration(REPLAY_DELAY)
    ));
    out.push_str(&verdict::human(&result, later, false, style));
    let (altered, change) = tamper(&first.text)?;
    let now = OffsetDateTime::now_utc();
    let result = check(&altered, &cache, now);
    expect_verdict(REFUSE, &result, "tampered", |r| {
        matches!(r, Err(RejectReason::TamperedClaim))
    })?;
    out.push_str(&format!(
        "\n  b) The first proof with one byte changed ({change}):\n\n"
    ));
    out.push_str(&verdict::human(&result, now, false, style));
    emit(&out)?;

    // The wallet and the server close here, before their folder goes.
    drop(wallet);
    server.stop();
    Ok(())
}

/// The commands that do the same by hand.
fn try_it(style: Style) -> String {
    let mut out = heading("Try it yourself", style);
    out.push_str(
        "  cargo run --release -p vidi-server-mock -- --data-dir /tmp/vidi-issuer\n\
         \x20 # an offer and its PIN, from the portal (http://127.0.0.1:8080/) or the admin API:\n\
         \x20 curl -s http://127.0.0.1:8080/admin/offers \\\n\
         \x20      -H 'content-type: application/json' -d '{\"citizen\": 0}'\n\
         \x20 export VIDI_PASSPHRASE='correct horse battery staple'\n\
         \x20 vidi wallet --dir ~/.vidi init\n\
         \x20 vidi wallet --dir ~/.vidi add --offer 'openid-credential-offer://…' --pin 123456\n\
         \x20 vidi wallet --dir ~/.vidi qr <DOC> --preset checkpoint-id --payload > proof.txt\n\
         \x20 vidi verifier sync --server http://127.0.0.1:8080 --dir ~/.vidi-verifier\n\
         \x20 vidi verify --verifier-dir ~/.vidi-verifier - < proof.txt\n",
    );
    out.push_str(&style.paint(
        DIM,
        "  (vidi is `cargo run -q --release -p vidi-cli --`; `wallet list` shows <DOC>)",
    ));
    out.push('\n');
    out
}

/// `vidi demo`.
pub fn run(args: &DemoArgs) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let theme = if args.light {
        TerminalTheme::Light
    } else {
        TerminalTheme::Dark
    };
    let style = Style::detect();
    let root = tempfile::Builder::new()
        .prefix("vidi-demo-")
        .tempdir()
        .map_err(|e| Failure::Failed(format!("demo: cannot make a temporary folder: {e}")))?;
    let shown = tour(root.path(), theme, style);
    let folder = root.path().display().to_string();
    let removed = root.close();
    shown?;
    removed.map_err(|e| {
        Failure::Failed(format!(
            "demo: cannot remove its temporary folder {folder}: {e}"
        ))
    })?;
    let mut out = try_it(style);
    out.push('\n');
    out.push_str(&style.paint(
        GOOD_TEXT,
        &format!("Done in {:.1} s.", started.elapsed().as_secs_f64()),
    ));
    out.push_str(
        " The issuer has stopped; its database, the wallet and the verifier\n\
         cache lived in a temporary folder, now removed.\n",
    );
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn message(failure: Failure) -> String {
        match failure {
            Failure::Failed(m) => m,
            Failure::Usage(m) => format!("usage: {m}"),
        }
    }

    #[test]
    fn a_failure_names_its_step() {
        assert_eq!(
            message(ACCEPT.fail("wrong PIN")),
            "demo stopped at step 4 (the wallet accepts the offer): wrong PIN"
        );
        let steps = [START, WALLET, OFFER, ACCEPT, SHOW, VERIFY, REVOKE, REFUSE];
        for (n, step) in steps.iter().enumerate() {
            assert_eq!(usize::from(step.number), n + 1, "{}", step.title);
        }
    }

    #[test]
    fn long_links_are_shortened() {
        assert_eq!(
            shortened("openid-credential-offer://?x=1"),
            "openid-credential-offer://?x=1"
        );
        let long = format!(
            "openid-credential-offer://?credential_offer_uri={}",
            "a".repeat(80)
        );
        let short = shortened(&long);
        assert!(
            short.ends_with(&format!("… ({} chars)", long.len())),
            "{short}"
        );
        assert!(short.chars().count() < 80, "{short}");
    }

    #[test]
    fn tampering_changes_one_letter_of_the_name() {
        let now = vidi_core::sample::vector_time();
        let text = vidi_core::sample::sample_proof(Preset::CheckpointId, 1, now).unwrap();
        let (altered, change) = tamper(&text).unwrap();
        assert_ne!(altered, text);
        assert_eq!(change, "'N' → 'O' in the full name");
    }

    #[test]
    fn ages_read_well() {
        let now = vidi_core::sample::vector_time();
        assert_eq!(ago(now, now - Duration::seconds(1)), "just now");
        assert_eq!(ago(now, now - Duration::seconds(30)), "30 s ago");
        assert_eq!(ago(now, now + Duration::minutes(3)), "3 min ahead");
    }
}
