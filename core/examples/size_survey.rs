//! Sizes of every preset across the seeded test citizens, in both proof
//! formats: `cargo run --release -p vidi-core --example size_survey [COUNT]`.
#![allow(clippy::unwrap_used, missing_docs)]

use vidi_core::format::Format;
use vidi_core::perf::size_survey;

fn main() {
    let count = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    println!(
        "| format | preset | citizens | median chars | max chars (citizen) | QR versions (M): count |"
    );
    println!("|---|---|---|---|---|---|");
    for format in [Format::V1, Format::V2] {
        for row in size_survey(format, count).unwrap() {
            let (citizen, max, _) = row.longest().unwrap();
            let versions: Vec<String> = row
                .versions()
                .iter()
                .map(|(v, n)| format!("v{v}: {n}"))
                .collect();
            println!(
                "| {} | `{}` | {} | {} | {} ({}) | {} |",
                format.number(),
                row.preset.name(),
                row.proofs.len(),
                row.median_chars(),
                max,
                citizen,
                versions.join(", ")
            );
        }
    }
}
