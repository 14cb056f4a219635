//! The texts the scan benchmark (`tests/interop/scan_bench.py`) draws as QR
//! codes and degrades: `cargo run -p vidi-core --example scan_corpus [TRIALS]`.
//!
//! One line per proof, tab-separated: `who`, `preset`, `text`. `who` is
//! `reference` (the sample citizen) or `long-name` (seeded citizen 4, the
//! 66-character name). Each trial is a fresh proof (another device key and
//! salts), so the codes differ as real ones would.
#![allow(clippy::unwrap_used, missing_docs)]

use vidi_core::document::citizens::{LONG_NAME_NUMBER, citizen};
use vidi_core::keys::{DeviceSigner as _, SoftwareDeviceKey};
use vidi_core::presentation::{Disclosure, present};
use vidi_core::preset::Preset;
use vidi_core::sample::{sample_proof, test_issuer, vector_time};

fn main() {
    let trials: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(24);
    let now = vector_time();
    let at = now.unix_timestamp() as u32;
    let issuer = test_issuer().unwrap();
    let person = citizen(1, LONG_NAME_NUMBER, now.date()).unwrap();
    for preset in Preset::ALL {
        for trial in 0..trials {
            println!(
                "reference\t{}\t{}",
                preset.name(),
                sample_proof(preset, trial, now).unwrap()
            );
            let document = person.document(preset.kind().document_type());
            let Some(document) = document else { continue };
            let device = SoftwareDeviceKey::from_seed(format!("scan/{trial}").as_bytes()).unwrap();
            let credential = issuer
                .issue(
                    preset.kind(),
                    &document,
                    device.public_key().unwrap(),
                    trial as u32,
                    now,
                )
                .unwrap();
            let disclosure = Disclosure {
                claims: preset.claims(),
                ..Default::default()
            };
            let text = present(&credential, &disclosure, at, &device).unwrap();
            println!("long-name\t{}\t{text}", preset.name());
        }
    }
}
