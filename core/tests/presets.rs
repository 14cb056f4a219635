//! Every preset builds, verifies, and meets its QR size goal.
#![allow(clippy::unwrap_used, missing_docs)]

use vidi_core::preset::Preset;
use vidi_core::qr::{Ecc, QrCode};
use vidi_core::sample::{sample_proof, test_verifier_data, vector_time};
use vidi_core::verifier::{Policy, verify};

#[test]
fn presets_verify_and_fit_their_goal() {
    let now = vector_time();
    let data = test_verifier_data(now).unwrap();
    for preset in Preset::ALL {
        let text = sample_proof(preset, 1, now).unwrap();
        let verified = verify(&text, &data.trust_list, &data.status_lists, now, &Policy::default())
            .unwrap_or_else(|r| panic!("{}: {r}", preset.name()));
        let names: Vec<_> = verified.claims.iter().map(|c| c.id).collect();
        assert_eq!(names, preset.claims(), "{}", preset.name());
        let qr = QrCode::alphanumeric(&text, Ecc::M).unwrap();
        println!("{} {} chars v{}", preset.name(), text.len(), qr.version());
        assert!(qr.version() <= preset.version_goal(), "{} v{}", preset.name(), qr.version());
        assert!(text.len() < 552, "{} is not shorter than the EU DCC median", preset.name());
    }
}
