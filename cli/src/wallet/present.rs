//! `qr`: a document shown as a fresh QR proof.

use std::io::{self, IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::time::{Duration as StdDuration, Instant};

use time::OffsetDateTime;
use vidi_core::claims::{ClaimId, ClaimNameError, claims_named};
use vidi_core::document::DocumentType;
use vidi_core::preset::Preset;
use vidi_core::qr::TerminalTheme;
use vidi_core::store::{
    Disclose, DocumentId, DocumentView, PresentationOutput, StoreError, Wallet,
};
use vidi_core::verifier::WALLET_REFRESH;

use super::documents::type_label;
use super::{Place, WalletQrArgs, resolve_held, short, store_failure};
use crate::commands::caption;
use crate::output::{DIM, Failure, Style, emit, human_time, note, write_file};

/// The presets the document can show (core's rule: those whose credential it holds).
fn presets_for(view: &DocumentView) -> Vec<&'static str> {
    Preset::showable(view.credentials.iter().map(|c| c.kind))
        .into_iter()
        .map(Preset::name)
        .collect()
}

/// `an identity card`, `a driving licence`.
fn with_article(t: DocumentType) -> String {
    let name = t.label_en().to_lowercase();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// Turns `--claims` names into claims this document can show.
fn parse_claims(
    names: &[String],
    view: &DocumentView,
    id: &DocumentId,
) -> Result<Vec<ClaimId>, Failure> {
    let available = view.showable_claims();
    let known = available
        .iter()
        .map(|c| c.name())
        .collect::<Vec<_>>()
        .join(", ");
    claims_named(names.iter().map(String::as_str), &available).map_err(|e| match e {
        ClaimNameError::Unknown(name) => Failure::Usage(format!(
            "document {} ({}) has no claim `{}`; it has: {known}",
            short(id),
            type_label(view.summary.document_type),
            name.escape_default()
        )),
        ClaimNameError::Empty => Failure::Usage(format!(
            "--claims names no claim; this document has: {known}"
        )),
    })
}

/// What to disclose, and what the caption says about it.
struct Request {
    claims: Vec<ClaimId>,
    preset: Option<Preset>,
}

impl Request {
    fn disclose(&self) -> Disclose<'_> {
        match self.preset {
            Some(p) if p.claims() == self.claims.as_slice() => Disclose::Preset(p),
            _ => Disclose::Claims(&self.claims),
        }
    }
}

fn request(args: &WalletQrArgs, view: &DocumentView, id: &DocumentId) -> Result<Request, Failure> {
    let t = view.summary.document_type;
    if let Some(preset) = args.preset
        && preset.kind().document_type() != t
    {
        return Err(Failure::Failed(format!(
            "preset {} shows {}; document {} is {} (presets for it: {})",
            preset.name(),
            with_article(preset.kind().document_type()),
            short(id),
            with_article(t),
            presets_for(view).join(", ")
        )));
    }
    match (args.preset, &args.claims) {
        (Some(preset), None) => Ok(Request {
            claims: preset.claims().to_vec(),
            preset: Some(preset),
        }),
        (preset, Some(names)) => {
            let claims = parse_claims(names, view, id)?;
            if let Some(preset) = preset {
                // The preset names the credential; the claims narrow what it shows.
                let slots = preset.kind().slots();
                if let Some(outside) = claims.iter().find(|c| !slots.contains(c)) {
                    return Err(Failure::Usage(format!(
                        "claim {} is not in the {} credential that preset {} shows from",
                        outside.name(),
                        preset.kind().name(),
                        preset.name()
                    )));
                }
            }
            Ok(Request { claims, preset })
        }
        (None, None) => Err(Failure::Usage(format!(
            "say what to show with --preset ({}) or --claims NAMES",
            presets_for(view).join(", ")
        ))),
    }
}

/// A refusal to present, in words.
fn present_failure(id: &DocumentId, e: StoreError) -> Failure {
    let id = short(id);
    match e {
        StoreError::NeedsRebinding => Failure::Failed(format!(
            "document {id} needs re-binding: it was restored from a backup and its device keys \
             stayed on the old device; ask the issuer to re-issue it to this wallet before showing it"
        )),
        StoreError::CredentialExpired => Failure::Failed(format!(
            "document {id} cannot be shown: its credential for these claims has expired; \
             ask the issuer to renew it"
        )),
        StoreError::Revoked => Failure::Failed(format!(
            "document {id} is revoked by its issuer (as last known) and cannot be shown"
        )),
        StoreError::NoSuitableCredential => Failure::Failed(format!(
            "document {id} has no credential that can show these claims"
        )),
        e => store_failure(&format!("cannot show document {id}"), e),
    }
}

/// One presentation.
fn make(
    wallet: &mut Wallet,
    id: &DocumentId,
    request: &Request,
    args: &WalletQrArgs,
) -> Result<PresentationOutput, Failure> {
    wallet
        .present(
            id,
            request.disclose(),
            args.nonce.as_ref().map(|n| n.0.as_slice()),
            args.audience.as_deref(),
            OffsetDateTime::now_utc(),
        )
        .map_err(|e| present_failure(id, e))
}

/// The lines under the QR code: its size, what it discloses, how long it lives.
fn caption_lines(output: &PresentationOutput, request: &Request, args: &WalletQrArgs) -> String {
    let labels: Vec<String> = request.claims.iter().map(|c| c.label_en()).collect();
    let source = match request.preset {
        Some(p) => format!("preset {}, ", p.name()),
        None => String::new(),
    };
    let mut out = format!(
        "{}\nTiết lộ / Discloses: {} ({source}from the {} credential)\n",
        caption(&output.qr, output.text.len()),
        labels.join(", "),
        output.kind.name()
    );
    if let Some(audience) = &args.audience {
        out.push_str(&format!("For / Cho: {audience}\n"));
    }
    if let Some(nonce) = &args.nonce {
        out.push_str(&format!("Nonce: {}\n", hex::encode(&nonce.0)));
    }
    out.push_str(&format!(
        "Hiệu lực / Valid for {} s (until {}) · refresh in {} s\n",
        (output.expires_at - output.made_at).whole_seconds(),
        human_time(output.expires_at),
        (output.refresh_at - output.made_at).whole_seconds()
    ));
    out
}

fn theme(args: &WalletQrArgs) -> TerminalTheme {
    if args.light {
        TerminalTheme::Light
    } else {
        TerminalTheme::Dark
    }
}

/// `qr`.
pub fn qr(place: &Place, args: &WalletQrArgs) -> Result<ExitCode, Failure> {
    let (mut wallet, _) = place.unlocked()?;
    let id = resolve_held(&wallet, &args.doc)?;
    let view = wallet
        .document(&id)
        .map_err(|e| store_failure("cannot read the document", e))?;
    let request = request(args, &view, &id)?;
    if view.summary.needs_rebinding {
        return Err(present_failure(&id, StoreError::NeedsRebinding));
    }
    if args.watch {
        return watch(&mut wallet, &id, &request, args);
    }
    let output = make(&mut wallet, &id, &request, args)?;
    if args.payload {
        emit(&format!("{}\n", output.text))?;
    } else if let Some(path) = &args.png {
        let png = output
            .qr
            .to_png(8)
            .map_err(|e| Failure::Failed(format!("cannot draw the PNG: {e}")))?;
        write_file(path, &png)?;
        note(&format!(
            "wrote {}\n{}",
            path.display(),
            caption_lines(&output, &request, args).trim_end()
        ));
    } else if let Some(path) = &args.svg {
        write_file(path, output.qr.to_svg().as_bytes())?;
        note(&format!(
            "wrote {}\n{}",
            path.display(),
            caption_lines(&output, &request, args).trim_end()
        ));
    } else {
        emit(&format!(
            "{}\n{}",
            output.qr.to_terminal_for(theme(args)),
            caption_lines(&output, &request, args)
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes to stdout; `false` when the reader has gone (a closed pipe).
fn write_out(text: &str) -> Result<bool, Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::Failed(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// `qr --watch`: a fresh QR every refresh period until Ctrl-C or `--watch-count`.
fn watch(
    wallet: &mut Wallet,
    id: &DocumentId,
    request: &Request,
    args: &WalletQrArgs,
) -> Result<ExitCode, Failure> {
    let period = args.watch_interval_ms.map_or_else(
        || StdDuration::from_secs(WALLET_REFRESH.whole_seconds().unsigned_abs()),
        StdDuration::from_millis,
    );
    let terminal = io::stdout().is_terminal();
    let style = Style::detect();
    let mut shown = 0u32;
    loop {
        let output = make(wallet, id, request, args)?;
        shown += 1;
        let mut text = String::new();
        if terminal {
            // Home and clear, so the new code replaces the old one.
            text.push_str("\x1b[H\x1b[2J");
        } else if shown > 1 {
            text.push('\n');
        }
        text.push_str(&output.qr.to_terminal_for(theme(args)));
        text.push('\n');
        text.push_str(&caption_lines(&output, request, args));
        let of = args
            .watch_count
            .map_or_else(String::new, |n| format!(" of {n}"));
        text.push_str(&style.paint(
            DIM,
            &format!(
                "QR {shown}{of} · a new one every {} · Ctrl-C to stop",
                period_text(period)
            ),
        ));
        text.push('\n');
        if !write_out(&text)? {
            break;
        }
        if args.watch_count.is_some_and(|n| shown >= n) {
            break;
        }
        if !countdown(period, terminal)? {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `15 s`, or `300 ms` below a second.
fn period_text(period: StdDuration) -> String {
    if period.as_millis() < 1000 {
        format!("{} ms", period.as_millis())
    } else {
        format!("{} s", period.as_secs())
    }
}

/// Waits `period`, counting the seconds down on one line in a terminal.
fn countdown(period: StdDuration, terminal: bool) -> Result<bool, Failure> {
    let deadline = Instant::now() + period;
    loop {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        let left = deadline - now;
        if terminal {
            let seconds = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            if !write_out(&format!("\rrefresh in {seconds:>2} s "))? {
                return Ok(false);
            }
        }
        std::thread::sleep(left.min(StdDuration::from_secs(1)));
    }
    if terminal && !write_out("\r                \r")? {
        return Ok(false);
    }
    Ok(true)
}
