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
        "| format | preset | citizens | median bytes · chars | max bytes · chars (citizen) | QR versions (M): count |"
    );
    println!("|---|---|---|---|---|---|");
    // Base45: 3 characters per 2 bytes, 2 for a last odd byte; 4 of prefix.
    let bytes = |chars: usize| {
        let body = chars - 4;
        body / 3 * 2 + usize::from(body % 3 == 2)
    };
    for format in [Format::V1, Format::V2] {
        for row in size_survey(format, count).unwrap() {
            let (citizen, max, _) = row.longest().unwrap();
            let versions: Vec<String> = row
                .versions()
                .iter()
                .map(|(v, n)| format!("v{v}: {n}"))
                .collect();
            let median = row.median_chars();
            println!(
                "| {} | `{}` | {} | {} · {} | {} · {} ({}) | {} |",
                format.number(),
                row.preset.name(),
                row.proofs.len(),
                bytes(median),
                median,
                bytes(max),
                max,
                citizen,
                versions.join(", ")
            );
        }
    }
}
