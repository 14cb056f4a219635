//! Sizes of every preset across the seeded test citizens:
//! `cargo run -p vidi-core --example size_survey [COUNT]`.
#![allow(clippy::unwrap_used, missing_docs)]

use vidi_core::document::citizens::citizens;
use vidi_core::keys::{DeviceSigner as _, SoftwareDeviceKey};
use vidi_core::presentation::{Disclosure, present};
use vidi_core::preset::Preset;
use vidi_core::qr::{Ecc, QrCode};
use vidi_core::sample::{test_issuer, vector_time};

fn main() {
    let count = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let now = vector_time();
    let issuer = test_issuer().unwrap();
    let device = SoftwareDeviceKey::from_seed(b"survey").unwrap();
    let people = citizens(1, count, now.date()).unwrap();
    println!("| preset | citizens | median chars | max chars | QR versions (M): count |");
    println!("|---|---|---|---|---|");
    for preset in Preset::ALL {
        let mut chars = Vec::new();
        let mut versions = std::collections::BTreeMap::new();
        for person in &people {
            let document = person.document(preset.kind().document_type());
            let Some(document) = document else { continue };
            let Ok(credential) = issuer.issue(
                preset.kind(),
                &document,
                device.public_key().unwrap(),
                1,
                now,
            ) else {
                continue;
            };
            let text = present(
                &credential,
                &Disclosure {
                    claims: preset.claims(),
                    ..Default::default()
                },
                now.unix_timestamp() as u32,
                &device,
            )
            .unwrap();
            *versions
                .entry(QrCode::alphanumeric(&text, Ecc::M).unwrap().version())
                .or_insert(0) += 1;
            chars.push(text.len());
        }
        chars.sort_unstable();
        let summary: Vec<String> = versions.iter().map(|(v, n)| format!("v{v}: {n}")).collect();
        println!(
            "| `{}` | {} | {} | {} | {} |",
            preset.name(),
            chars.len(),
            chars[chars.len() / 2],
            chars[chars.len() - 1],
            summary.join(", ")
        );
    }
}
