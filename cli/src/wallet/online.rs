//! `present --request`: the wallet proves who the citizen is to an online
//! service (OpenID4VP 1.0, `vidi_core::oid4vp`). It says who asks (the
//! service's name as its attestation proves it), for what (each claim,
//! worded) and why (the purpose), asks for consent (`--yes` answers for
//! scripts, `--no` declines), then sends the encrypted answer.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;

use clap::Args;
use time::OffsetDateTime;
use vidi_core::claims::ClaimId;
use vidi_core::oid4vp::{
    Consent, PresentError, PresentOptions, PresentOutcome, RequestError, RequestLink, answer,
    fetch_request, prepare,
};
use vidi_core::sdjwt::document_type_of_vct;

use super::Place;
use super::documents::type_label;
use crate::output::{Failure, emit, human_time, note};

/// `vidi wallet present`.
#[derive(Debug, Args)]
pub struct PresentArgs {
    /// The service's request: an openid4vp:// link (from its QR code or
    /// page), its JSON, or - to read either from standard input.
    #[arg(long, value_name = "URI")]
    request: String,
    /// Consent without asking (for scripts).
    #[arg(long, conflicts_with = "no")]
    yes: bool,
    /// Decline without asking: the service is told the citizen declined.
    #[arg(long)]
    no: bool,
    /// Print the outcome as JSON (`vidi-online-presentation`).
    #[arg(long)]
    json: bool,
    /// CA certificates (PEM) to trust beyond the system's.
    #[arg(long, value_name = "FILE", env = crate::https::EXTRA_CA_VAR)]
    extra_ca: Option<std::path::PathBuf>,
}

fn read_request(arg: &str) -> Result<String, Failure> {
    if arg != "-" {
        return Ok(arg.trim().to_owned());
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
        .map_err(|e| Failure::Usage(format!("cannot read the request from standard input: {e}")))?;
    Ok(text.trim().to_owned())
}

fn claim_words(name: &str) -> String {
    ClaimId::from_name(name).map_or_else(|| name.to_owned(), ClaimId::label_en)
}

fn document_words(vct: &str) -> String {
    document_type_of_vct(vct).map_or_else(|| vct.to_owned(), |d| type_label(d).to_owned())
}

/// What the citizen is asked, in words.
fn consent_text(consent: &Consent) -> String {
    let r = &consent.request;
    let mut out = format!("{} ({}) asks for:\n", r.service_name.en, r.service_name.vi);
    for m in &consent.matches {
        out.push_str(&format!("  from your {}:\n", type_label(m.document_type)));
        for c in &m.claims {
            out.push_str(&format!("    - {}\n", claim_words(c)));
        }
    }
    out.push_str(&format!("Why: {}\n     {}\n", r.purpose.en, r.purpose.vi));
    out.push_str(&format!(
        "Registered by {} (checked offline with the trust list fetched {}); client_id {}.\n",
        r.attester_name,
        human_time(consent.trust_fetched_at),
        r.client_id
    ));
    out
}

fn ask() -> Result<bool, Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Usage(
            "consent is needed: give --yes to share or --no to decline (standard input is not a terminal)".to_owned(),
        ));
    }
    eprint!("Share these with the service? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::Usage(format!("cannot read the answer: {e}")))?;
    Ok(matches!(
        line.trim().to_lowercase().as_str(),
        "y" | "yes" | "c" | "có"
    ))
}

/// A presentation error in words; none carries a claim value or nonce.
fn failure(e: PresentError) -> Failure {
    let doing = "cannot answer the service";
    match e {
        PresentError::Request(RequestError::Link(_)) => Failure::Usage(format!("--request: {e}")),
        PresentError::Request(r) => Failure::Failed(format!("{doing}: {}", request_words(&r))),
        PresentError::NotHeld { document, missing } => Failure::Failed(format!(
            "{doing}: the service asks for what this wallet does not hold: {} with {}; nothing was sent",
            document_words(&document),
            missing
                .iter()
                .map(|m| claim_words(m))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        e => Failure::Failed(format!("{doing}: {e}")),
    }
}

fn request_words(e: &RequestError) -> String {
    let why = match e {
        RequestError::Unsigned => "the request is not signed, so nobody vouches for who sent it",
        RequestError::UnknownService => {
            "the request is signed by a service nobody this wallet trusts has registered"
        }
        RequestError::ClientIdMismatch => {
            "the request names another service than the one that signed it"
        }
        RequestError::Signature => "the request is not signed by the registered service's key",
        RequestError::Expired => "the request has expired: start again on the service's page",
        RequestError::Replayed => {
            "this request was already answered: start again on the service's page"
        }
        RequestError::AttestationExpired => "the service's registration has expired",
        _ => return format!("{e}; nothing was sent"),
    };
    format!("{why}; nothing was sent")
}

/// `vidi wallet present --request`.
pub fn present(place: &Place, args: &PresentArgs) -> Result<ExitCode, Failure> {
    let text = read_request(&args.request)?;
    let link = RequestLink::parse(&text).map_err(|e| failure(e.into()))?;
    let options = PresentOptions {
        trust: crate::https::trust(args.extra_ca.as_deref())?,
        ..PresentOptions::default()
    };
    let (mut wallet, _) = place.unlocked()?;
    note("presentation: fetching the request…");
    let jws = crate::runtime::block_on(fetch_request(&link, &options))?.map_err(failure)?;
    let consent = prepare(&wallet, &link, &jws, OffsetDateTime::now_utc()).map_err(failure)?;
    eprint!("{}", consent_text(&consent));
    let accept = if args.yes {
        true
    } else if args.no {
        false
    } else {
        ask()?
    };
    note(if accept {
        "presentation: sending the claims, encrypted to the service…"
    } else {
        "presentation: telling the service you declined…"
    });
    let outcome = crate::runtime::block_on(answer(
        &mut wallet,
        &consent,
        accept,
        &options,
        OffsetDateTime::now_utc(),
    ))?
    .map_err(failure)?;
    let r = &consent.request;
    if args.json {
        let claims: Vec<&String> = consent.matches.iter().flat_map(|m| &m.claims).collect();
        let (result, redirect) = match &outcome {
            PresentOutcome::Sent { redirect_uri } => ("shared", redirect_uri.clone()),
            PresentOutcome::Declined => ("declined", None),
        };
        let value = serde_json::json!({
            "format": "vidi-online-presentation",
            "result": result,
            "service": { "client_id": r.client_id, "name": r.service_name, "registered_by": r.attester_name },
            "purpose": r.purpose,
            "claims": if accept { claims } else { Vec::new() },
            "redirect_uri": redirect,
        });
        emit(&format!("{value:#}\n"))?;
    } else {
        match outcome {
            PresentOutcome::Sent { redirect_uri } => {
                let n: usize = consent.matches.iter().map(|m| m.claims.len()).sum();
                let mut out = format!(
                    "Shared {n} claim{} with {}; logged in the activity log.\n",
                    if n == 1 { "" } else { "s" },
                    r.service_name.en
                );
                if let Some(uri) = redirect_uri {
                    out.push_str(&format!("Continue on the service's page: {uri}\n"));
                }
                emit(&out)?;
            }
            PresentOutcome::Declined => emit(&format!(
                "Declined: nothing was shared; {} was told.\n",
                r.service_name.en
            ))?,
        }
    }
    Ok(ExitCode::SUCCESS)
}
