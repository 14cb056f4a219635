//! Every preset builds, verifies, meets its QR size goal, and has the size
//! `docs/performance.md` states.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use vidi_core::format::Format;
use vidi_core::perf::size_survey;
use vidi_core::presentation::from_text_any;
use vidi_core::preset::Preset;
use vidi_core::qr::{Ecc, QrCode};
use vidi_core::sample::{sample_proof_in, test_verifier_data, vector_time};
use vidi_core::verifier::{Policy, verify};

/// The EU Digital COVID Certificate's median length (shared/research/qr-proof.md).
const DCC_MEDIAN_CHARS: usize = 552;

/// The rows of the "Size of each preset" table in docs/performance.md:
/// format, preset, bytes, characters, QR version.
fn documented_sizes() -> Vec<(u8, String, usize, usize, u8)> {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/performance.md"
    ))
    .unwrap();
    let section = doc.split("## Size of each preset").nth(1).unwrap();
    let table = section.split("\n#").next().unwrap();
    table
        .lines()
        .filter(|l| l.starts_with("| 1 | `") || l.starts_with("| 2 | `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (
                cells[1].parse().unwrap(),
                cells[2].trim_matches('`').to_owned(),
                cells[3].parse().unwrap(),
                cells[4].parse().unwrap(),
                cells[5].trim_start_matches('v').parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn presets_verify_fit_their_goal_and_match_the_doc() {
    let now = vector_time();
    let data = test_verifier_data(now).unwrap();
    let documented = documented_sizes();
    assert_eq!(documented.len(), 2 * Preset::ALL.len());
    for (format, preset) in [Format::V1, Format::V2]
        .into_iter()
        .flat_map(|f| Preset::ALL.map(|p| (f, p)))
    {
        let text = sample_proof_in(format, preset, 1, now).unwrap();
        assert!(text.starts_with(format.prefix()));
        let verified = verify(
            &text,
            &data.trust_list,
            &data.status_lists,
            now,
            &Policy::default(),
        )
        .unwrap_or_else(|r| panic!("{}: {r}", preset.name()));
        let names: Vec<_> = verified.claims.iter().map(|c| c.id).collect();
        assert_eq!(names, preset.claims(), "{}", preset.name());

        let qr = QrCode::alphanumeric(&text, Ecc::M).unwrap();
        assert!(
            qr.version() <= preset.version_goal_in(format),
            "{} v{}",
            preset.name(),
            qr.version()
        );
        assert!(
            text.len() < DCC_MEDIAN_CHARS,
            "{} is not shorter than the EU DCC",
            preset.name()
        );

        let bytes = from_text_any(&text).unwrap().1.len();
        let row = documented
            .iter()
            .find(|r| r.0 == format.number() && r.1 == preset.name())
            .unwrap();
        assert_eq!(
            (row.2, row.3, row.4),
            (bytes, text.len(), qr.version()),
            "docs/performance.md is out of date for {} in format {}",
            preset.name(),
            format.number()
        );
    }
}

/// Issue 12's goal: in format 2 every preset of every one of the 200
/// surveyed citizens (the 66-character name included) fits version 11 at
/// ECC M, and `age-18` version 8.
#[test]
fn every_surveyed_citizen_fits_the_format_2_goals() {
    let rows = size_survey(Format::V2, 200).unwrap();
    assert_eq!(rows.len(), Preset::ALL.len());
    for row in rows {
        assert!(row.proofs.len() > 150, "{}", row.preset.name());
        let goal = row.preset.version_goal_in(Format::V2);
        assert_eq!(goal, if row.preset == Preset::Age18 { 8 } else { 11 });
        for (citizen, chars, version) in &row.proofs {
            assert!(
                *version <= goal,
                "{} of citizen {citizen}: {chars} characters, v{version} (goal v{goal})",
                row.preset.name()
            );
        }
    }
}
