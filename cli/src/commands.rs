//! `vidi sample`, `vidi verify`, `vidi qr` and `vidi bench`.

use std::process::ExitCode;

use time::OffsetDateTime;
use vidi_core::qr::{Ecc, QrCode, TerminalTheme};
use vidi_core::verifier::{Policy, verify as verify_proof};

use crate::output::{Failure, Style, emit, note, read_payload, write_file};
use crate::verdict;
#[cfg(feature = "demo")]
use crate::{BenchArgs, SampleArgs};
use crate::{QrArgs, VerifyArgs};

/// `vidi sample`: the proof alone on stdout, so that it can be captured.
#[cfg(feature = "demo")]
pub fn sample(args: &SampleArgs) -> Result<ExitCode, Failure> {
    use vidi_core::sample::{sample_proof_in, test_verifier_data};
    let now = args.at.unwrap_or_else(OffsetDateTime::now_utc);
    if let Some(path) = &args.trust_out {
        let data = test_verifier_data(now)
            .map_err(|e| Failure::Failed(format!("cannot make the test verifier data: {e}")))?;
        let text = serde_json::to_string_pretty(&data)
            .map_err(|e| Failure::Failed(format!("cannot serialise the verifier data: {e}")))?;
        write_file(path, format!("{text}\n").as_bytes())?;
        note(&format!(
            "wrote the test issuer's trust list and an all-valid status list to {}",
            path.display()
        ));
    }
    let format = vidi_core::format::Format::from_number(args.format)
        .ok_or_else(|| Failure::Failed(format!("no proof format {}", args.format)))?;
    let proof = sample_proof_in(format, args.preset, args.seed, now).map_err(|e| {
        Failure::Failed(format!("cannot make the {} proof: {e}", args.preset.name()))
    })?;
    emit(&format!("{proof}\n"))?;
    Ok(ExitCode::SUCCESS)
}

/// `vidi verify`: exit 0 when valid, 1 when rejected.
pub fn verify(args: &VerifyArgs) -> Result<ExitCode, Failure> {
    let (data, cache) =
        crate::verifier::verifier_data(args.trust.as_deref(), args.verifier_dir.as_deref())?;
    let payload = read_payload(&args.payload)?;
    let now = args.at.unwrap_or_else(OffsetDateTime::now_utc);
    let policy = Policy {
        nonce: args.nonce.as_ref().map(|n| n.0.clone()),
        audience: args.audience.clone(),
        ..Policy::default()
    };
    let result = verify_proof(&payload, &data.trust_list, &data.status_lists, now, &policy);
    let ages = cache.as_ref().map(|c| c.ages(now));
    if args.json {
        let mut verdict = verdict::json(&result);
        if let (Some(ages), Some(object)) = (&ages, verdict.as_object_mut()) {
            object.insert("verifier_cache".into(), crate::verifier::ages_json(ages));
        }
        let text = serde_json::to_string_pretty(&verdict)
            .map_err(|e| Failure::Failed(format!("cannot write JSON: {e}")))?;
        emit(&format!("{text}\n"))?;
    } else {
        let style = Style::detect();
        let mut text = verdict::human(&result, now, true, style);
        if let Some(ages) = &ages {
            text.push_str("\n  Bộ nhớ đệm / Verifier cache:\n");
            text.push_str(&crate::verifier::ages_text(ages, now, style));
        }
        emit(&text)?;
    }
    Ok(if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The QR code of `payload`, or why there is none (no payload text in the message).
pub fn qr_code(payload: &str, ecc: Ecc) -> Result<QrCode, Failure> {
    QrCode::alphanumeric(payload, ecc)
        .map_err(|e| Failure::Failed(format!("cannot draw the QR code: {e}")))
}

/// The line under a QR code.
pub fn caption(code: &QrCode, chars: usize) -> String {
    format!(
        "QR version {} · ECC {} · {} modules · {chars} characters",
        code.version(),
        code.ecc(),
        code.size()
    )
}

/// `vidi qr`.
pub fn qr(args: &QrArgs) -> Result<ExitCode, Failure> {
    let payload = read_payload(&args.payload)?;
    let code = qr_code(&payload, args.ecc)?;
    if let Some(path) = &args.png {
        let png = code
            .to_png(args.scale)
            .map_err(|e| Failure::Failed(format!("cannot draw the PNG: {e}")))?;
        write_file(path, &png)?;
        note(&format!(
            "wrote {} ({})",
            path.display(),
            caption(&code, payload.len())
        ));
    } else if let Some(path) = &args.svg {
        write_file(path, code.to_svg().as_bytes())?;
        note(&format!(
            "wrote {} ({})",
            path.display(),
            caption(&code, payload.len())
        ));
    } else {
        let theme = if args.light {
            TerminalTheme::Light
        } else {
            TerminalTheme::Dark
        };
        emit(&format!(
            "{}\n{}\n",
            code.to_terminal_for(theme),
            caption(&code, payload.len())
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `vidi bench`.
#[cfg(feature = "demo")]
pub fn bench(args: &BenchArgs) -> Result<ExitCode, Failure> {
    use vidi_core::perf;
    let iterations = usize::try_from(args.iterations).unwrap_or(usize::MAX);
    note(&format!("bench: {iterations} runs per measurement"));
    let report = perf::run(iterations, |step| note(&format!("bench: {step}…")))
        .map_err(|e| Failure::Failed(format!("the benchmark failed: {e}")))?;
    emit(&report.to_markdown())?;
    let sd_jwt = vidi_core::sdjwt::perf::run(iterations, |step| note(&format!("bench: {step}…")))
        .map_err(|e| Failure::Failed(format!("the SD-JWT VC benchmark failed: {e}")))?;
    emit(&format!("\n{}", sd_jwt.to_markdown()))?;
    let online = vidi_core::oid4vp::perf::run(iterations, |step| note(&format!("bench: {step}…")))
        .map_err(|e| Failure::Failed(format!("the OpenID4VP benchmark failed: {e}")))?;
    emit(&format!("\n{}", online.to_markdown()))?;
    Ok(ExitCode::SUCCESS)
}
