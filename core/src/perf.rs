//! The proof benchmark behind `cargo bench -p vidi-core` and `vidi bench`:
//! medians of building + rendering and of verifying each preset, each as a
//! ratio to one P-256 signature / verification timed in the same run, so the
//! figures mean something on a shared, noisy machine.

use std::time::{Duration, Instant};

use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use sha2::{Digest as _, Sha256};

use crate::error::ProofError;
use crate::format::Format;
use crate::keys::{DeviceSigner as _, SoftwareDeviceKey};
use crate::presentation::{Disclosure, present};
use crate::preset::Preset;
use crate::qr::{Ecc, QrCode};
use crate::sample::{reference_credential_in, test_issuer, test_verifier_data, vector_time};
use crate::verifier::{Policy, verify};

/// One preset's figures in one format.
#[derive(Debug, Clone)]
pub struct PresetFigures {
    /// The proof format.
    pub format: Format,
    /// The preset.
    pub preset: Preset,
    /// Payload characters.
    pub chars: usize,
    /// Payload bytes before Base45.
    pub bytes: usize,
    /// QR version at ECC M.
    pub qr_version: u8,
    /// Median time to build the proof and encode its QR.
    pub build_and_render: Duration,
    /// Median time to verify it.
    pub verify: Duration,
}

/// A whole run.
#[derive(Debug, Clone)]
pub struct Report {
    /// Iterations per measurement.
    pub iterations: usize,
    /// Median of one P-256 ECDSA signature over a digest.
    pub p256_sign: Duration,
    /// Median of one P-256 ECDSA verification over a digest.
    pub p256_verify: Duration,
    /// Per format (1, then 2) and preset.
    pub presets: Vec<PresetFigures>,
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// The median of `iterations` runs of `f`.
pub(crate) fn time<T>(iterations: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        std::hint::black_box(f());
        samples.push(start.elapsed());
    }
    median(samples)
}

/// The medians of one P-256 signature and one verification over a digest
/// with `key`, after a warm-up: what every figure here is a ratio to.
pub(crate) fn p256_baseline(
    iterations: usize,
    key: &SoftwareDeviceKey,
) -> Result<(Duration, Duration), ProofError> {
    let digest: [u8; 32] = Sha256::digest(b"vidi bench").into();
    let signature = key.sign_prehash(&digest)?;
    let verifying = key.public_key()?.verifying_key()?;
    let sig = p256::ecdsa::Signature::from_slice(&signature.signature)
        .map_err(|_| ProofError::Key(crate::error::KeyError::InvalidSignature))?;
    // Warm up caches and the allocator once before timing anything.
    for _ in 0..iterations.min(50) {
        let _ = key.sign_prehash(&digest);
        let _ = verifying.verify_prehash(&digest, &sig);
    }
    let sign = time(iterations, || key.sign_prehash(&digest));
    let verify = time(iterations, || {
        verifying.verify_prehash(&digest, &sig).is_ok()
    });
    Ok((sign, verify))
}

/// `d` as a multiple of `unit` (a baseline median).
pub(crate) fn ratio(d: Duration, unit: Duration) -> f64 {
    micros(d) / micros(unit).max(f64::MIN_POSITIVE)
}

/// Runs the benchmark with `iterations` per measurement (at least 1).
pub fn run(iterations: usize, mut progress: impl FnMut(&str)) -> Result<Report, ProofError> {
    let iterations = iterations.max(1);
    let now = vector_time();
    let at = u32::try_from(now.unix_timestamp()).map_err(|_| ProofError::TimeRange)?;
    let data = test_verifier_data(now)?;
    let policy = Policy::default();

    progress("p256 baseline");
    let (p256_sign, p256_verify) = p256_baseline(iterations, &SoftwareDeviceKey::generate()?)?;

    let mut presets = Vec::new();
    for (format, preset) in [Format::V1, Format::V2]
        .into_iter()
        .flat_map(|f| Preset::ALL.map(|p| (f, p)))
    {
        progress(&format!("{} (format {})", preset.name(), format.number()));
        let held = reference_credential_in(format, preset.kind_in(format), 1, now)?;
        let disclosure = Disclosure {
            claims: preset.claims(),
            ..Disclosure::default()
        };
        let build = || -> Result<(String, QrCode), ProofError> {
            let text = present(&held.credential, &disclosure, at, &held.device_key)?;
            let qr =
                QrCode::alphanumeric(&text, Ecc::M).map_err(|e| ProofError::Qr(e.to_string()))?;
            Ok((text, qr))
        };
        let (text, qr) = build()?;
        let bytes = crate::presentation::from_text_any(&text)
            .map(|(_, b)| b.len())
            .unwrap_or_default();
        let build_and_render = time(iterations, build);
        let verify = time(iterations, || {
            verify(&text, &data.trust_list, &data.status_lists, now, &policy).is_ok()
        });
        presets.push(PresetFigures {
            format,
            preset,
            chars: text.len(),
            bytes,
            qr_version: qr.version(),
            build_and_render,
            verify,
        });
    }
    Ok(Report {
        iterations,
        p256_sign,
        p256_verify,
        presets,
    })
}

pub(crate) fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

impl Report {
    /// Build-and-render of `f` as a multiple of one signature.
    pub fn build_ratio(&self, f: &PresetFigures) -> f64 {
        ratio(f.build_and_render, self.p256_sign)
    }

    /// Verification of `f` as a multiple of one verification.
    pub fn verify_ratio(&self, f: &PresetFigures) -> f64 {
        ratio(f.verify, self.p256_verify)
    }

    /// A Markdown table of the run.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "medians of {} runs; one p256 signature {:.1} µs, one p256 verification {:.1} µs\n\n",
            self.iterations,
            micros(self.p256_sign),
            micros(self.p256_verify)
        );
        out.push_str("| format | preset | bytes | chars | QR (M) | build+render µs | × sign (goal ≤ 6) | verify µs | × verify (goal ≤ 3) |\n");
        out.push_str("|---|---|---|---|---|---|---|---|---|\n");
        for f in &self.presets {
            out.push_str(&format!(
                "| {} | {} | {} | {} | v{} | {:.1} | {:.2} | {:.1} | {:.2} |\n",
                f.format.number(),
                f.preset.name(),
                f.bytes,
                f.chars,
                f.qr_version,
                micros(f.build_and_render),
                self.build_ratio(f),
                micros(f.verify),
                self.verify_ratio(f),
            ));
        }
        out
    }
}

/// One preset's sizes across the surveyed citizens, in one format.
#[derive(Debug, Clone)]
pub struct SurveyRow {
    /// The format.
    pub format: Format,
    /// The preset.
    pub preset: Preset,
    /// Each surveyed citizen's proof: citizen number, characters, QR version.
    pub proofs: Vec<(usize, usize, u8)>,
}

impl SurveyRow {
    /// The median length in characters.
    pub fn median_chars(&self) -> usize {
        let mut chars: Vec<usize> = self.proofs.iter().map(|p| p.1).collect();
        chars.sort_unstable();
        chars.get(chars.len() / 2).copied().unwrap_or_default()
    }

    /// The longest proof: citizen number, characters, QR version.
    pub fn longest(&self) -> Option<(usize, usize, u8)> {
        self.proofs.iter().copied().max_by_key(|p| (p.1, p.0))
    }

    /// The count of proofs at each QR version.
    pub fn versions(&self) -> std::collections::BTreeMap<u8, usize> {
        let mut out = std::collections::BTreeMap::new();
        for (_, _, version) in &self.proofs {
            *out.entry(*version).or_insert(0) += 1;
        }
        out
    }
}

/// Every preset's proof for each of the first `count` seeded citizens of
/// seed 1 who hold its document (the `size_survey` example and the size
/// test), in `format`, with no nonce or audience, at [`vector_time`].
pub fn size_survey(format: Format, count: usize) -> Result<Vec<SurveyRow>, ProofError> {
    let now = vector_time();
    let at = u32::try_from(now.unix_timestamp()).map_err(|_| ProofError::TimeRange)?;
    let issuer = test_issuer()?;
    let device = SoftwareDeviceKey::from_seed(b"survey")?;
    let count = u32::try_from(count).map_err(|_| ProofError::TimeRange)?;
    let people = crate::document::citizens::citizens(1, count, now.date())
        .map_err(|_| ProofError::WrongDocument("seeded citizens"))?;
    let mut rows = Vec::new();
    for preset in Preset::ALL {
        let kind = preset.kind_in(format);
        let mut proofs = Vec::new();
        for (number, person) in people.iter().enumerate() {
            let Some(document) = person.document(kind.document_type()) else {
                continue;
            };
            let seed = zeroize::Zeroizing::new([7u8; crate::tree::NODE_LEN]);
            // An expired document gives no credential, as at the issuer.
            let Ok(credential) = issuer.issue_with_salt_seed(
                format,
                kind,
                &document,
                device.public_key()?,
                1,
                now,
                seed,
            ) else {
                continue;
            };
            let text = present(
                &credential,
                &Disclosure {
                    claims: preset.claims(),
                    ..Disclosure::default()
                },
                at,
                &device,
            )?;
            let qr =
                QrCode::alphanumeric(&text, Ecc::M).map_err(|e| ProofError::Qr(e.to_string()))?;
            proofs.push((number, text.len(), qr.version()));
        }
        rows.push(SurveyRow {
            format,
            preset,
            proofs,
        });
    }
    Ok(rows)
}
