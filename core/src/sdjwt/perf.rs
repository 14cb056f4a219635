//! The SD-JWT VC benchmark (feature `test-support`; `cargo bench -p
//! vidi-core --bench sd_jwt`, and `vidi bench` after the proof table): the
//! size of the reference citizen's SD-JWT VCs and of the presentations of
//! the three online services' claim sets, and the medians of issuing,
//! presenting and verifying, each as a ratio to one P-256 signature or
//! verification timed in the same run.

use std::time::Duration;

use time::OffsetDateTime;

use super::{
    Issuance, JwtVcIssuerMetadata, KeyBindingCheck, SdJwtError, SdJwtVc, StatusReference,
    issue_document, verify, verify_presentation,
};
use crate::document::sample::try_reference_citizen;
use crate::document::{Document, DocumentType};
use crate::error::ProofError;
use crate::issuer::DEFAULT_VALIDITY;
use crate::keys::{DeviceSigner as _, SoftwareDeviceKey};
use crate::perf::{micros, p256_baseline, ratio, time};
use crate::sample::{test_issuer, vector_time};

/// The online services and the claims each asks for.
pub const SERVICES: [(&str, DocumentType, &[&str]); 3] = [
    (
        "temporary residence",
        DocumentType::NationalId,
        &[
            "full_name",
            "personal_id_number",
            "date_of_birth",
            "place_of_residence",
        ],
    ),
    (
        "licence renewal",
        DocumentType::DrivingLicence,
        &[
            "full_name",
            "licence_number",
            "licence_classes",
            "date_of_expiry",
        ],
    ),
    ("age", DocumentType::NationalId, &["age_over_18"]),
];

const ISSUER: &str = "https://issuer.vidi.example";
const AUDIENCE: &str = "https://service.example";
const NONCE: &str = "bench-nonce-0123456789";

/// One document type's credential.
#[derive(Debug, Clone)]
pub struct CredentialFigures {
    /// Which document.
    pub document: DocumentType,
    /// Disclosures (claims).
    pub disclosures: usize,
    /// Characters of the compact SD-JWT VC.
    pub chars: usize,
    /// Median time to issue it (claims, salts, digests, one signature).
    pub issue: Duration,
    /// Median time to verify it whole (signature, every disclosure).
    pub verify: Duration,
}

/// One service's presentation.
#[derive(Debug, Clone)]
pub struct PresentationFigures {
    /// The service.
    pub service: &'static str,
    /// Claims disclosed.
    pub claims: usize,
    /// Characters of the presentation.
    pub chars: usize,
    /// Median time to build it (one device signature).
    pub build: Duration,
    /// Median time to verify it (two verifications: issuer and device).
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
    /// Per document type.
    pub credentials: Vec<CredentialFigures>,
    /// Per service.
    pub presentations: Vec<PresentationFigures>,
}

/// A benchmark step's SD-JWT error as the proof error the reports return.
pub(crate) fn failed(e: SdJwtError) -> ProofError {
    match e {
        SdJwtError::Document(e) => e,
        SdJwtError::Key(e) => ProofError::Key(e),
        _ => ProofError::ClaimsMismatch,
    }
}

/// The reference citizen's documents, the test issuer that issues their
/// SD-JWT VCs to one device key, and its keys as a verifier finds them:
/// what this benchmark and the OpenID4VP one (`oid4vp::perf`) share.
pub struct Reference<'a> {
    /// The three documents.
    pub documents: [Document; 3],
    /// The issuer's keys (JWT VC Issuer Metadata).
    pub keys: JwtVcIssuerMetadata,
    issuer: crate::issuer::Issuer,
    device: &'a SoftwareDeviceKey,
    now: OffsetDateTime,
}

impl<'a> Reference<'a> {
    /// The reference citizen's documents, to be bound to `device`, at `now`.
    pub fn new(device: &'a SoftwareDeviceKey, now: OffsetDateTime) -> Result<Self, ProofError> {
        let issuer = test_issuer()?;
        let keys = JwtVcIssuerMetadata::new(ISSUER, &[(issuer.key.kid(), issuer.key.public_key())]);
        let (card, licence, health) =
            try_reference_citizen().map_err(|_| ProofError::WrongDocument("reference citizen"))?;
        Ok(Self {
            documents: [
                Document::NationalId(card),
                Document::DrivingLicence(licence),
                Document::HealthInsurance(health),
            ],
            keys,
            issuer,
            device,
            now,
        })
    }

    /// `document`'s SD-JWT VC, issued now.
    pub fn issue(&self, document: &Document) -> Result<SdJwtVc, ProofError> {
        let how = Issuance {
            issuer: ISSUER,
            key: &self.issuer.key,
            device_key: self.device.public_key()?,
            status: StatusReference {
                idx: 3001,
                uri: format!("{ISSUER}/status-lists/{}", self.issuer.key.kid()),
            },
            issued_at: self.now,
            expires_at: self.now,
        };
        issue_document(document, how, self.now, DEFAULT_VALIDITY).map_err(failed)
    }

    /// The SD-JWT VC of the document of `document_type`.
    pub fn credential(&self, document_type: DocumentType) -> Result<SdJwtVc, ProofError> {
        let document = self
            .documents
            .iter()
            .find(|d| d.document_type() == document_type)
            .ok_or(ProofError::WrongDocument("reference citizen"))?;
        self.issue(document)
    }
}

/// Runs the benchmark with `iterations` per measurement (at least 1).
pub fn run(iterations: usize, mut progress: impl FnMut(&str)) -> Result<Report, ProofError> {
    let iterations = iterations.max(1);
    let now: OffsetDateTime = vector_time();
    let device = SoftwareDeviceKey::from_seed(b"vidi/bench/sd-jwt")?;
    let reference = Reference::new(&device, now)?;
    let keys = &reference.keys;

    progress("p256 baseline");
    let (p256_sign, p256_verify) = p256_baseline(iterations, &device)?;

    let mut credentials = Vec::new();
    let mut held = Vec::new();
    for document in &reference.documents {
        let document_type = document.document_type();
        progress(super::vct(document_type));
        let credential = reference.issue(document)?;
        let issue = time(iterations, || reference.issue(document));
        let verify_time = time(iterations, || {
            verify(credential.as_str(), keys, now).is_ok()
        });
        credentials.push(CredentialFigures {
            document: document_type,
            disclosures: credential.claim_names().len(),
            chars: credential.as_str().len(),
            issue,
            verify: verify_time,
        });
        held.push((document_type, credential));
    }

    let check = KeyBindingCheck {
        audience: AUDIENCE,
        nonce: NONCE,
        now,
        max_age: time::Duration::minutes(5),
    };
    let mut presentations = Vec::new();
    for (service, document_type, names) in SERVICES {
        progress(service);
        let credential = held
            .iter()
            .find(|(t, _)| *t == document_type)
            .map(|(_, c)| c)
            .ok_or(ProofError::WrongDocument("reference citizen"))?;
        let build = || credential.present(names, AUDIENCE, NONCE, now, &device);
        let text = build().map_err(failed)?;
        verify_presentation(&text, keys, &check).map_err(failed)?;
        presentations.push(PresentationFigures {
            service,
            claims: names.len(),
            chars: text.len(),
            build: time(iterations, build),
            verify: time(iterations, || {
                verify_presentation(&text, keys, &check).is_ok()
            }),
        });
    }
    Ok(Report {
        iterations,
        p256_sign,
        p256_verify,
        credentials,
        presentations,
    })
}

impl Report {
    fn sign_ratio(&self, d: Duration) -> f64 {
        ratio(d, self.p256_sign)
    }

    fn verify_ratio(&self, d: Duration) -> f64 {
        ratio(d, self.p256_verify)
    }

    /// Two Markdown tables: the credentials, the presentations.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "SD-JWT VC: medians of {} runs; one p256 signature {:.1} µs, one p256 verification {:.1} µs\n\n",
            self.iterations,
            micros(self.p256_sign),
            micros(self.p256_verify)
        );
        out.push_str(
            "| credential | disclosures | chars | issue µs | × sign | verify µs | × verify |\n",
        );
        out.push_str("|---|---|---|---|---|---|---|\n");
        for c in &self.credentials {
            out.push_str(&format!(
                "| {} | {} | {} | {:.1} | {:.2} | {:.1} | {:.2} |\n",
                super::vct(c.document),
                c.disclosures,
                c.chars,
                micros(c.issue),
                self.sign_ratio(c.issue),
                micros(c.verify),
                self.verify_ratio(c.verify),
            ));
        }
        out.push_str(
            "\n| presentation | claims | chars | build µs | × sign | verify µs | × verify |\n",
        );
        out.push_str("|---|---|---|---|---|---|---|\n");
        for p in &self.presentations {
            out.push_str(&format!(
                "| {} | {} | {} | {:.1} | {:.2} | {:.1} | {:.2} |\n",
                p.service,
                p.claims,
                p.chars,
                micros(p.build),
                self.sign_ratio(p.build),
                micros(p.verify),
                self.verify_ratio(p.verify),
            ));
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn a_short_run_measures_every_credential_and_service() {
        let report = super::run(2, |_| {}).unwrap();
        assert_eq!(report.credentials.len(), 3);
        assert_eq!(report.presentations.len(), 3);
        let table = report.to_markdown();
        assert!(table.contains("urn:vidi:vct:driving_licence"));
        assert!(table.contains("| temporary residence | 4 |"));
        // A presentation of one claim is shorter than the whole credential.
        let age = &report.presentations[2];
        assert!(age.chars < report.credentials[0].chars);
    }
}
