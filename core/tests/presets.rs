//! Every preset builds, verifies, meets its QR size goal, and has the size
//! `docs/performance.md` states.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use vidi_core::presentation::from_text;
use vidi_core::preset::Preset;
use vidi_core::qr::{Ecc, QrCode};
use vidi_core::sample::{sample_proof, test_verifier_data, vector_time};
use vidi_core::verifier::{Policy, verify};

/// The EU Digital COVID Certificate's median length (shared/research/qr-proof.md).
const DCC_MEDIAN_CHARS: usize = 552;

/// The rows of the "Size of each preset" table in docs/performance.md:
/// preset, bytes, characters, QR version.
fn documented_sizes() -> Vec<(String, usize, usize, u8)> {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/performance.md"
    ))
    .unwrap();
    let section = doc.split("## Size of each preset").nth(1).unwrap();
    let table = section.split("\n#").next().unwrap();
    table
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (
                cells[1].trim_matches('`').to_owned(),
                cells[2].parse().unwrap(),
                cells[3].parse().unwrap(),
                cells[4].trim_start_matches('v').parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn presets_verify_fit_their_goal_and_match_the_doc() {
    let now = vector_time();
    let data = test_verifier_data(now).unwrap();
    let documented = documented_sizes();
    assert_eq!(documented.len(), Preset::ALL.len());
    for preset in Preset::ALL {
        let text = sample_proof(preset, 1, now).unwrap();
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
            qr.version() <= preset.version_goal(),
            "{} v{}",
            preset.name(),
            qr.version()
        );
        assert!(
            text.len() < DCC_MEDIAN_CHARS,
            "{} is not shorter than the EU DCC",
            preset.name()
        );

        let bytes = from_text(&text).unwrap().len();
        let row = documented.iter().find(|r| r.0 == preset.name()).unwrap();
        assert_eq!(
            (row.1, row.2, row.3),
            (bytes, text.len(), qr.version()),
            "docs/performance.md is out of date for {}",
            preset.name()
        );
    }
}
