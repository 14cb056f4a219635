//! `vidi`: the Vidi wallet and verifier in a terminal.
//!
//! A thin presentation layer over `vidi_core`: it makes sample proofs for the
//! reference citizen, verifies proofs against a synced trust list, shows what
//! is inside a proof, draws QR codes, runs the benchmark, tells the whole
//! story against the mock issuer (`vidi demo`) and keeps a citizen's
//! encrypted wallet (`vidi wallet`). Only issuance (`vidi wallet add
//! --offer`, `rebind`), `vidi verifier sync` and `vidi demo` (the mock issuer
//! in-process, on loopback) touch the network, on a tokio runtime of their own.

mod commands;
#[cfg(feature = "demo")]
mod demo;
mod https;
mod inspect;
mod output;
mod runtime;
#[cfg(feature = "demo")]
mod sd_jwt;
mod verdict;
mod verifier;
mod wallet;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use clap::{Args, Parser, Subcommand};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use vidi_core::preset::Preset;
use vidi_core::qr::{Ecc, MAX_SCALE};

use crate::output::{Failure, report_error};

/// Vidi, the Vietnamese digital identity wallet, in a terminal.
#[derive(Debug, Parser)]
#[command(
    name = "vidi",
    version,
    about = "Vidi, the Vietnamese digital identity wallet, in a terminal",
    after_help = "Start with `vidi demo`. Times are RFC 3339, e.g. 2026-06-01T08:00:30Z.\n\
                  Quote a proof on the command line (it can contain spaces and $), or pass - to read it from standard input.\n\
                  Exit status: 0 done / proof valid, 1 proof rejected or failure, 2 usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a fresh proof (VD2:...) of the reference citizen, signed by the built-in test issuer.
    #[cfg(feature = "demo")]
    Sample(SampleArgs),
    /// Verify a proof against a trust file or a synced verifier cache and show the verdict (exit 0 valid, 1 rejected).
    Verify(VerifyArgs),
    /// Show what is inside a proof, without judging it.
    Inspect(InspectArgs),
    /// Draw a proof's QR code in the terminal, or write it as PNG or SVG.
    Qr(QrArgs),
    /// Time building and verifying each preset.
    #[cfg(feature = "demo")]
    Bench(BenchArgs),
    /// The whole story on loopback: an issuer, an offer and PIN, a checkpoint QR, its verdicts.
    #[cfg(feature = "demo")]
    Demo(DemoArgs),
    /// The citizen's encrypted wallet: documents, QR proofs, the activity log, backups.
    Wallet(wallet::WalletArgs),
    /// The verifier's cache of an issuer's signed trust list and status lists, for offline checks.
    Verifier(verifier::VerifierArgs),
    /// SD-JWT VCs: present one with a software device key (tests and demos).
    #[cfg(feature = "demo")]
    SdJwt(sd_jwt::SdJwtArgs),
}

/// `vidi sample`.
#[cfg(feature = "demo")]
#[derive(Debug, Args)]
struct SampleArgs {
    /// What to disclose.
    #[arg(long, value_parser = preset_parser())]
    preset: Preset,
    /// Seed of the reference credential's device key and salts.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write the verifier data (trust list and an all-valid status list) to FILE.
    #[arg(long, value_name = "FILE")]
    trust_out: Option<PathBuf>,
    /// Make the proof at this time instead of now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    at: Option<OffsetDateTime>,
    /// The proof format: 2 (what wallets make) or 1 (from a credential
    /// issued before format 2).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2))]
    format: u8,
}

/// `vidi verify`.
#[derive(Debug, Args)]
struct VerifyArgs {
    /// The verifier data (trust list and status lists), as `vidi sample --trust-out` writes it.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "verifier_dir",
        conflicts_with = "verifier_dir"
    )]
    trust: Option<PathBuf>,
    /// The verifier cache `vidi verifier sync` keeps (its signatures are checked again); the verdict shows its ages.
    #[arg(long, value_name = "DIR")]
    verifier_dir: Option<PathBuf>,
    /// Verify as if it were this time instead of now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    at: Option<OffsetDateTime>,
    /// Print the verdict as JSON.
    #[arg(long)]
    json: bool,
    /// The nonce this verifier showed (hex); the proof must carry it.
    #[arg(long, value_name = "HEX", value_parser = parse_hex)]
    nonce: Option<HexBytes>,
    /// This verifier's name; a proof made for another audience is refused.
    #[arg(long, value_name = "NAME")]
    audience: Option<String>,
    /// The proof text (VD2:...), or `-` to read it from standard input.
    payload: String,
}

/// `vidi inspect`.
#[derive(Debug, Args)]
struct InspectArgs {
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Take the issuer's key from this verifier data file.
    #[arg(long, value_name = "FILE")]
    trust: Option<PathBuf>,
    /// The proof text (VD2:...), or `-` to read it from standard input.
    payload: String,
}

/// `vidi qr`.
#[derive(Debug, Args)]
struct QrArgs {
    /// The proof text (VD2:...), or `-` to read it from standard input.
    payload: String,
    /// Write a PNG image to FILE.
    #[arg(long, value_name = "FILE", conflicts_with = "svg")]
    png: Option<PathBuf>,
    /// Write an SVG image to FILE.
    #[arg(long, value_name = "FILE")]
    svg: Option<PathBuf>,
    /// Error-correction level.
    #[arg(long, default_value = "M", ignore_case = true, value_parser = ecc_parser())]
    ecc: Ecc,
    /// Pixels per module in the PNG.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_SCALE)))]
    scale: u32,
    /// Draw for a terminal with a light background.
    #[arg(long)]
    light: bool,
}

/// `vidi bench`.
#[cfg(feature = "demo")]
#[derive(Debug, Args)]
struct BenchArgs {
    /// Runs per measurement.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..))]
    iterations: u32,
}

/// `vidi demo`.
#[cfg(feature = "demo")]
#[derive(Debug, Args)]
struct DemoArgs {
    /// Draw the QR for a terminal with a light background.
    #[arg(long)]
    light: bool,
}

/// Bytes given in hex on the command line.
#[derive(Debug, Clone)]
struct HexBytes(Vec<u8>);

fn parse_hex(text: &str) -> Result<HexBytes, String> {
    match hex::decode(text.trim()) {
        Ok(bytes) if bytes.is_empty() => Err("the nonce is empty".to_owned()),
        Ok(bytes) => Ok(HexBytes(bytes)),
        Err(e) => Err(format!("not hex: {e}")),
    }
}

fn parse_time(text: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .map_err(|e| format!("expected an RFC 3339 time such as 2026-06-01T08:00:30Z ({e})"))
}

fn preset_parser() -> impl clap::builder::TypedValueParser<Value = Preset> {
    PossibleValuesParser::new(Preset::ALL.map(Preset::name))
        .try_map(|name| Preset::from_name(&name).ok_or("unknown preset"))
}

fn ecc_parser() -> impl clap::builder::TypedValueParser<Value = Ecc> {
    PossibleValuesParser::new(Ecc::ALL.map(Ecc::as_str)).try_map(|name| name.parse::<Ecc>())
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        #[cfg(feature = "demo")]
        Command::Sample(args) => commands::sample(&args),
        Command::Verify(args) => commands::verify(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Qr(args) => commands::qr(&args),
        #[cfg(feature = "demo")]
        Command::Bench(args) => commands::bench(&args),
        #[cfg(feature = "demo")]
        Command::Demo(args) => demo::run(&args),
        Command::Wallet(args) => wallet::run(args),
        Command::Verifier(args) => verifier::run(&args),
        #[cfg(feature = "demo")]
        Command::SdJwt(args) => sd_jwt::run(&args),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return output::clap_error(&e),
    };
    match run(cli) {
        Ok(code) => code,
        Err(failure) => report_error(&failure),
    }
}
