//! The texts the scan benchmark (`tests/interop/scan_bench.py`) draws as QR
//! codes and degrades: `cargo run -p vidi-core --example scan_corpus [TRIALS]`.
//!
//! One line per proof, tab-separated: `who`, `preset`, `text`. `who` is
//! `reference` (the sample citizen) or `long-name` (seeded citizen 4, the
//! 66-character name), then the proof format (`f1`, `f2`). Each trial is a
//! fresh proof (another device key and salts), so the codes differ as real
//! ones would.
#![allow(clippy::unwrap_used, missing_docs)]

use vidi_core::document::citizens::{LONG_NAME_NUMBER, citizen};
use vidi_core::format::Format;
use vidi_core::keys::{DeviceSigner as _, SoftwareDeviceKey};
use vidi_core::presentation::{Disclosure, present};
use vidi_core::preset::Preset;
use vidi_core::sample::{sample_proof_in, test_issuer, vector_time};
use zeroize::Zeroizing;

fn main() {
    let trials: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(24);
    let now = vector_time();
    let at = now.unix_timestamp() as u32;
    let issuer = test_issuer().unwrap();
    let person = citizen(1, LONG_NAME_NUMBER, now.date()).unwrap();
    for format in [Format::V1, Format::V2] {
        let f = format.number();
        for preset in Preset::ALL {
            let kind = preset.kind_in(format);
            for trial in 0..trials {
                println!(
                    "reference f{f}\t{}\t{}",
                    preset.name(),
                    sample_proof_in(format, preset, trial, now).unwrap()
                );
                let document = person.document(kind.document_type());
                let Some(document) = document else { continue };
                let device =
                    SoftwareDeviceKey::from_seed(format!("scan/{trial}").as_bytes()).unwrap();
                let mut seed = Zeroizing::new([0u8; 16]);
                seed[..8].copy_from_slice(&trial.to_be_bytes());
                let credential = issuer
                    .issue_with_salt_seed(
                        format,
                        kind,
                        &document,
                        device.public_key().unwrap(),
                        trial as u32,
                        now,
                        seed,
                    )
                    .unwrap();
                let disclosure = Disclosure {
                    claims: preset.claims(),
                    ..Default::default()
                };
                let text = present(&credential, &disclosure, at, &device).unwrap();
                println!("long-name f{f}\t{}\t{text}", preset.name());
            }
        }
    }
}
