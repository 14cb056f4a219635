//! `vidi demo`: the offline tour. The reference citizen's wallet shows a
//! checkpoint proof, the checkpoint verifies it, every preset is tried, and
//! three proofs are refused: a replayed screenshot, an altered claim and an
//! unknown issuer.

use std::process::ExitCode;

use time::{Duration, OffsetDateTime};
use vidi_core::claims::ClaimValue;
use vidi_core::presentation::{Presentation, from_text, to_text};
use vidi_core::preset::Preset;
use vidi_core::qr::{Ecc, TerminalTheme, min_version};
use vidi_core::sample::{TEST_ISSUER_KID, TEST_ISSUER_NAME, sample_proof, test_verifier_data};
use vidi_core::trust::VerifierData;
use vidi_core::verifier::{Policy, RejectReason, Verified, verify};

use crate::DemoArgs;
use crate::commands::{caption, qr_code};
use crate::output::{BAD_TEXT, BOLD, DIM, Failure, GOOD_TEXT, Style, emit, pad};
use crate::verdict;

/// The seed of the demo's credentials.
const SEED: u64 = 1;

fn heading(out: &mut String, title: &str, style: Style) {
    out.push('\n');
    out.push_str(&style.paint(BOLD, &format!("── {title} ")));
    out.push_str(&style.paint(
        BOLD,
        &"─".repeat(60usize.saturating_sub(title.chars().count())),
    ));
    out.push_str("\n\n");
}

fn check(text: &str, data: &VerifierData, at: OffsetDateTime) -> Result<Verified, RejectReason> {
    verify(
        text,
        &data.trust_list,
        &data.status_lists,
        at,
        &Policy::default(),
    )
}

fn proof(preset: Preset, now: OffsetDateTime) -> Result<String, Failure> {
    sample_proof(preset, SEED, now)
        .map_err(|e| Failure::Failed(format!("cannot make the {} proof: {e}", preset.name())))
}

/// `text` with one letter of the disclosed full name changed in the
/// Base45-decoded bytes, re-encoded; and a description of the change.
fn tamper(text: &str) -> Result<(String, String), Failure> {
    let fail = || Failure::Failed("demo: cannot find the full name to alter".to_owned());
    let mut bytes = from_text(text).map_err(|e| Failure::Failed(format!("demo: {e}")))?;
    let proof =
        Presentation::from_bytes(&bytes).map_err(|e| Failure::Failed(format!("demo: {e}")))?;
    let (name, label) = proof
        .disclosed
        .iter()
        .find_map(|(_, claim, _)| match &claim.value {
            ClaimValue::Name(name) => {
                Some((name.as_str().as_bytes().to_vec(), claim.id.label_en()))
            }
            _ => None,
        })
        .ok_or_else(fail)?;
    let start = bytes
        .windows(name.len())
        .rposition(|w| w == name.as_slice())
        .ok_or_else(fail)?;
    let offset = name
        .iter()
        .position(u8::is_ascii_uppercase)
        .ok_or_else(fail)?;
    let byte = bytes.get_mut(start + offset).ok_or_else(fail)?;
    let was = char::from(*byte);
    *byte = if *byte == b'Z' { b'A' } else { *byte + 1 };
    let now = char::from(*byte);
    Ok((
        to_text(&bytes),
        format!(
            "'{was}' → '{now}' in the disclosed {}",
            label.to_lowercase()
        ),
    ))
}

fn verdict_word(result: &Result<Verified, RejectReason>, style: Style) -> String {
    match result {
        Ok(_) => style.paint(GOOD_TEXT, "✔ hợp lệ · valid"),
        Err(reason) => style.paint(BAD_TEXT, &format!("✘ {}", reason.code())),
    }
}

/// Builds the whole tour.
fn tour(now: OffsetDateTime, theme: TerminalTheme, style: Style) -> Result<String, Failure> {
    let data = test_verifier_data(now)
        .map_err(|e| Failure::Failed(format!("cannot make the test verifier data: {e}")))?;
    let mut out = String::new();
    out.push_str(&style.paint(
        BOLD,
        "Vidi · ví giấy tờ tùy thân số · digital identity wallet",
    ));
    out.push('\n');
    out.push_str(&style.paint(
        DIM,
        &format!(
            "Offline demo: a fictional citizen and the built-in test issuer,\n\
             \u{201c}{TEST_ISSUER_NAME}\u{201d}. No network; nothing real is signed.\nTime: {}",
            crate::output::human_time(now)
        ),
    ));
    out.push('\n');

    let preset = Preset::CheckpointId;
    let text = proof(preset, now)?;
    heading(
        &mut out,
        "1 · The wallet shows its QR (checkpoint-id)",
        style,
    );
    let code = qr_code(&text, Ecc::M)?;
    out.push_str(&code.to_terminal_for(theme));
    out.push('\n');
    out.push_str(&style.paint(DIM, &caption(&code, text.len())));
    out.push('\n');
    let shown: Vec<String> = preset.claims().iter().map(|c| c.label_en()).collect();
    out.push_str(&format!(
        "It discloses {}; every other claim stays hidden.\n",
        shown.join(", ")
    ));

    heading(&mut out, "2 · The checkpoint scans and verifies it", style);
    out.push_str(&verdict::human(&check(&text, &data, now), now, true, style));

    heading(&mut out, "3 · Every preset", style);
    out.push_str(&format!(
        "  {} {:>5}  {:>6}  verdict\n",
        pad("preset", 14),
        "chars",
        "QR (M)"
    ));
    for preset in Preset::ALL {
        let text = proof(preset, now)?;
        let version =
            min_version(text.len(), Ecc::M).map_or_else(|| "-".to_owned(), |v| format!("v{v}"));
        out.push_str(&format!(
            "  {} {:>5}  {version:>6}  {}\n",
            pad(preset.name(), 14),
            text.len(),
            verdict_word(&check(&text, &data, now), style)
        ));
    }

    heading(&mut out, "4 · Three refusals", style);
    let later = now + Duration::minutes(2);
    out.push_str("a) The same proof, scanned 2 minutes later (a screenshot replayed):\n\n");
    out.push_str(&verdict::human(
        &check(&text, &data, later),
        later,
        false,
        style,
    ));

    let (altered, change) = tamper(&text)?;
    out.push_str(&format!(
        "\nb) The same proof with one claim byte changed ({change}):\n\n"
    ));
    out.push_str(&verdict::human(
        &check(&altered, &data, now),
        now,
        false,
        style,
    ));

    let mut stranger = data.clone();
    stranger
        .trust_list
        .issuers
        .retain(|issuer| issuer.kid != TEST_ISSUER_KID);
    out.push_str("\nc) The same proof at a checkpoint whose trust list lacks the issuer:\n\n");
    out.push_str(&verdict::human(
        &check(&text, &stranger, now),
        now,
        false,
        style,
    ));

    heading(&mut out, "Next", style);
    out.push_str(
        "  vidi sample --preset hospital --trust-out trust.json > proof.txt\n\
         \x20 vidi verify --trust trust.json - < proof.txt\n\
         \x20 vidi inspect - < proof.txt\n\
         \x20 vidi qr --png proof.png - < proof.txt\n",
    );
    Ok(out)
}

/// `vidi demo`.
pub fn run(args: &DemoArgs) -> Result<ExitCode, Failure> {
    let theme = if args.light {
        TerminalTheme::Light
    } else {
        TerminalTheme::Dark
    };
    emit(&tour(OffsetDateTime::now_utc(), theme, Style::detect())?)?;
    Ok(ExitCode::SUCCESS)
}
