//! `vidi sd-jwt present`: a presentation of an SD-JWT VC with key binding,
//! signed by a software device key read from a file. For tests and demos
//! (the interop checks in tests/interop): a phone's device key never leaves
//! its hardware.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use time::OffsetDateTime;
use vidi_core::keys::SoftwareDeviceKey;
use vidi_core::sdjwt::SdJwtVc;
use zeroize::Zeroizing;

use crate::output::{Failure, emit, read_payload};

/// `vidi sd-jwt`.
#[derive(Debug, Args)]
pub struct SdJwtArgs {
    #[command(subcommand)]
    command: SdJwtCommand,
}

#[derive(Debug, Subcommand)]
enum SdJwtCommand {
    /// Print a presentation of an SD-JWT VC disclosing CLAIMS, with a key binding JWT for AUDIENCE and NONCE.
    Present(PresentArgs),
}

/// `vidi sd-jwt present`.
#[derive(Debug, Args)]
struct PresentArgs {
    /// The device key's secret scalar, hex (a software key: tests and demos only).
    #[arg(long, value_name = "FILE")]
    device_key: PathBuf,
    /// The claims to disclose, by machine name, comma-separated (e.g. full_name,date_of_birth).
    #[arg(long, value_delimiter = ',', required = true)]
    claims: Vec<String>,
    /// The verifier's identifier (`aud`).
    #[arg(long)]
    audience: String,
    /// The verifier's nonce.
    #[arg(long)]
    nonce: String,
    /// Make the presentation at this time instead of now.
    #[arg(long, value_name = "TIME", value_parser = crate::parse_time)]
    at: Option<OffsetDateTime>,
    /// The SD-JWT VC (`<JWT>~<disclosure>~...~`), or `-` to read it from standard input.
    credential: String,
}

/// Runs `vidi sd-jwt`.
pub fn run(args: &SdJwtArgs) -> Result<ExitCode, Failure> {
    match &args.command {
        SdJwtCommand::Present(args) => present(args),
    }
}

fn present(args: &PresentArgs) -> Result<ExitCode, Failure> {
    let text = Zeroizing::new(read_payload(&args.credential)?);
    let credential =
        SdJwtVc::parse(&text).map_err(|e| Failure::Usage(format!("not an SD-JWT VC: {e}")))?;
    let hex_key = Zeroizing::new(std::fs::read_to_string(&args.device_key).map_err(|e| {
        Failure::Usage(format!(
            "cannot read the device key file {}: {}",
            args.device_key.display(),
            e.kind()
        ))
    })?);
    let secret = Zeroizing::new(
        hex::decode(hex_key.trim())
            .map_err(|_| Failure::Usage("the device key file is not hex".to_owned()))?,
    );
    let key = SoftwareDeviceKey::from_secret_bytes(&secret)
        .map_err(|e| Failure::Usage(format!("the device key file: {e}")))?;
    let names: Vec<&str> = args.claims.iter().map(|c| c.trim()).collect();
    let at = args.at.unwrap_or_else(OffsetDateTime::now_utc);
    let presentation = credential
        .present(&names, &args.audience, &args.nonce, at, &key)
        .map_err(|e| Failure::Failed(format!("cannot present the credential: {e}")))?;
    emit(&format!("{}\n", presentation.as_str()))?;
    Ok(ExitCode::SUCCESS)
}
