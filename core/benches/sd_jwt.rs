//! `cargo bench -p vidi-core --bench sd_jwt`: the SD-JWT VC benchmark (see
//! `vidi_core::sdjwt::perf`), then the OpenID4VP exchange's
//! (`vidi_core::oid4vp::perf`).
#![allow(missing_docs)]

fn main() {
    // `cargo bench` passes `--bench`; an iteration count may follow `--`.
    let iterations = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    match vidi_core::sdjwt::perf::run(iterations, |step| eprintln!("measuring {step}")) {
        Ok(report) => print!("{}", report.to_markdown()),
        Err(e) => {
            eprintln!("benchmark failed: {e}");
            std::process::exit(1);
        }
    }
    match vidi_core::oid4vp::perf::run(iterations, |step| eprintln!("measuring {step}")) {
        Ok(report) => print!("\n{}", report.to_markdown()),
        Err(e) => {
            eprintln!("benchmark failed: {e}");
            std::process::exit(1);
        }
    }
}
