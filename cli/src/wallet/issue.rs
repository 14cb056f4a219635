//! `add --offer` and `rebind --offer`: documents issued by an issuer
//! (OpenID4VCI, pre-authorized code and PIN) into the wallet, through
//! `vidi_core::issuance`. Progress goes to stderr; the PIN is never printed.

use std::io::{IsTerminal as _, Read as _};
use std::process::ExitCode;

use clap::Args;
use vidi_core::http::trust::HttpTrust;
use vidi_core::issuance::{
    IssuanceError, IssuanceOptions, IssuanceReport, IssuanceStep, RebindReport, accept_offer,
    rebind,
};
use vidi_core::store::{AddOutcome, DocumentId, Wallet};
use zeroize::Zeroizing;

use super::documents::{table, type_label};
use super::{Place, plural, short_ids};
use crate::output::{Failure, Style, emit, note};

/// The PIN's environment variable.
pub const PIN_VAR: &str = "VIDI_OFFER_PIN";

/// `vidi wallet add --offer` and `vidi wallet rebind`.
#[derive(Debug, Args)]
pub struct OfferArgs {
    /// The credential offer: an openid-credential-offer:// link, the offer's
    /// JSON, or - to read either from standard input.
    #[arg(long, value_name = "URI")]
    offer: String,
    /// The PIN the issuer sent separately; else VIDI_OFFER_PIN, else asked
    /// on the terminal (no echo) when the offer needs one.
    #[arg(long, value_name = "PIN")]
    pin: Option<String>,
    /// Credentials of each kind to ask for, each bound to its own device key
    /// (the issuer may allow fewer).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=16))]
    batch: u32,
    /// CA certificates (PEM) to trust beyond the system's, e.g. the test CA
    /// of a vidi-server-mock started with --tls-cert.
    #[arg(long, value_name = "FILE", env = crate::https::EXTRA_CA_VAR)]
    extra_ca: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Add,
    Rebind,
}

enum Done {
    Added(IssuanceReport),
    Rebound(RebindReport),
}

/// `add --offer`.
pub fn add(place: &Place, args: &OfferArgs) -> Result<ExitCode, Failure> {
    run(place, args, Mode::Add)
}

/// `rebind --offer`.
pub fn rebind_documents(place: &Place, args: &OfferArgs) -> Result<ExitCode, Failure> {
    run(place, args, Mode::Rebind)
}

fn read_offer(arg: &str) -> Result<String, Failure> {
    if arg != "-" {
        return Ok(arg.trim().to_owned());
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::Usage(format!("cannot read the offer from standard input: {e}")))?;
    Ok(text.trim().to_owned())
}

fn given_pin(args: &OfferArgs) -> Result<Option<Zeroizing<String>>, Failure> {
    if let Some(pin) = &args.pin {
        return Ok(Some(Zeroizing::new(pin.clone())));
    }
    match std::env::var(PIN_VAR) {
        Ok(pin) => Ok(Some(Zeroizing::new(pin))),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Failure::Usage(format!("{PIN_VAR} is not valid UTF-8")))
        }
    }
}

fn attempt(
    wallet: &mut Wallet,
    link: &str,
    pin: Option<&str>,
    batch: u32,
    trust: &HttpTrust,
    mode: Mode,
) -> Result<Result<Done, IssuanceError>, Failure> {
    let mut progress = |step: IssuanceStep| {
        if step != IssuanceStep::Done {
            note(&format!("issuance: {step}…"));
        }
    };
    let options = IssuanceOptions {
        batch_size: batch,
        trust: trust.clone(),
        progress: Some(&mut progress),
        ..IssuanceOptions::default()
    };
    crate::runtime::block_on(async {
        match mode {
            Mode::Add => accept_offer(wallet, link, pin, options)
                .await
                .map(Done::Added),
            Mode::Rebind => rebind(wallet, link, pin, options).await.map(Done::Rebound),
        }
    })
}

fn run(place: &Place, args: &OfferArgs, mode: Mode) -> Result<ExitCode, Failure> {
    let link = read_offer(&args.offer)?;
    if link.is_empty() {
        return Err(Failure::Usage("--offer is empty".to_owned()));
    }
    let mut pin = given_pin(args)?;
    let trust = crate::https::trust(args.extra_ca.as_deref())?;
    let (mut wallet, _) = place.unlocked()?;
    let mut result = attempt(
        &mut wallet,
        &link,
        pin.as_deref().map(|p| p.as_str()),
        args.batch,
        &trust,
        mode,
    )?;
    if matches!(result, Err(IssuanceError::PinRequired))
        && pin.is_none()
        && std::io::stdin().is_terminal()
    {
        let asked = rpassword::prompt_password("PIN from the issuer: ")
            .map(Zeroizing::new)
            .map_err(|e| {
                Failure::Usage(format!(
                    "cannot ask for the PIN on a terminal ({e}); give --pin or set {PIN_VAR}"
                ))
            })?;
        pin = Some(asked);
        result = attempt(
            &mut wallet,
            &link,
            pin.as_deref().map(|p| p.as_str()),
            args.batch,
            &trust,
            mode,
        )?;
    }
    match result {
        Ok(Done::Added(report)) => emit(&added(&report, &[])),
        Ok(Done::Rebound(report)) => emit(&rebound(&report)),
        Err(e) => Err(failure(mode, e)),
    }?;
    Ok(ExitCode::SUCCESS)
}

/// An issuance error in words; none carries a code, PIN, token or URL.
fn failure(mode: Mode, e: IssuanceError) -> Failure {
    let doing = match mode {
        Mode::Add => "cannot add the documents",
        Mode::Rebind => "cannot re-bind the documents",
    };
    match e {
        IssuanceError::InvalidOffer(_) => Failure::Usage(format!("--offer: {e}")),
        IssuanceError::PinRequired => Failure::Failed(format!(
            "{doing}: this offer needs the PIN the issuer sent separately: give --pin or set {PIN_VAR}; nothing was stored"
        )),
        IssuanceError::Store(_) => Failure::Failed(format!("{doing}: {e}")),
        e => Failure::Failed(format!("{doing}: {e}; nothing was stored")),
    }
}

fn outcome_words(outcome: &AddOutcome, rebound: &[DocumentId]) -> &'static str {
    match outcome {
        AddOutcome::Replaced(id) if rebound.contains(id) => "re-bound to this wallet",
        AddOutcome::Replaced(_) => "replaced the copy held",
        AddOutcome::Added(_) => "added",
        AddOutcome::Pending(_) => "received while locked (pending)",
    }
}

fn added(report: &IssuanceReport, rebound: &[DocumentId]) -> String {
    let issuer = match &report.issuer_name {
        Some(name) => format!("\u{201c}{name}\u{201d} ({})", report.issuer),
        None => report.issuer.clone(),
    };
    let n = report.documents.len();
    let mut out = format!("{n} document{} from {issuer}:\n", plural(n));
    let shorts = short_ids(report.documents.iter().map(|d| d.outcome.id()));
    let rows: Vec<Vec<String>> = report
        .documents
        .iter()
        .zip(&shorts)
        .map(|(d, (_, id))| {
            vec![
                id.clone(),
                type_label(d.document_type),
                outcome_words(&d.outcome, rebound).to_owned(),
                format!(
                    "{} ({})",
                    d.credentials,
                    d.kinds
                        .iter()
                        .map(|k| k.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ]
        })
        .collect();
    for line in table(
        &["ID", "TYPE", "OUTCOME", "CREDENTIALS"],
        &rows,
        Style::detect(),
    )
    .lines()
    {
        out.push_str(&format!("  {line}\n"));
    }
    if report.batch_size > 1 {
        out.push_str(&format!(
            "{} credentials of each kind, each bound to its own device key.\n",
            report.batch_size
        ));
    }
    let sd_jwt: usize = report.documents.iter().map(|d| d.sd_jwt).sum();
    if sd_jwt > 0 {
        out.push_str(&format!(
            "Also {sd_jwt} SD-JWT VC{} for online services, each bound to its own device key.\n",
            plural(sd_jwt)
        ));
    }
    for refused in &report.refused {
        out.push_str(&format!(
            "Not added: the {}: {}.\n",
            type_label(refused.document_type),
            refused.reason
        ));
    }
    out
}

fn rebound(report: &RebindReport) -> String {
    let mut out = added(&report.issuance, &report.rebound);
    let n = report.rebound.len();
    if n == 0 {
        out.push_str("No document needing re-binding was in this offer.\n");
    } else {
        out.push_str(&format!(
            "{n} document{} re-bound: {} can be shown again.\n",
            plural(n),
            if n == 1 { "it" } else { "they" }
        ));
    }
    let left = report.still_needs_rebinding.len();
    if left > 0 {
        out.push_str(&format!(
            "{left} document{} still need{} re-binding (see `list`).\n",
            plural(left),
            if left == 1 { "s" } else { "" }
        ));
    }
    out
}
