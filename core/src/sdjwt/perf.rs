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
    /// Characters of the whole OpenID4VP answer: the JWE posted to the
    /// service (`direct_post.jwt`).
    pub response_chars: usize,
    /// Characters of the signed request object (with its attestation).
    pub request_chars: usize,
    /// Median time for the wallet to answer a request: check the request
    /// object and its attestation (two verifications), build the
    /// presentation (one signature) and encrypt it (ECDH-ES).
    pub wallet_answer: Duration,
    /// Median time for the service to take the answer: decrypt (ECDH),
    /// verify the presentation, match it to the query.
    pub service_check: Duration,
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

fn failed(e: SdJwtError) -> ProofError {
    match e {
        SdJwtError::Document(e) => e,
        SdJwtError::Key(e) => ProofError::Key(e),
        _ => ProofError::ClaimsMismatch,
    }
}

/// Runs the benchmark with `iterations` per measurement (at least 1).
pub fn run(iterations: usize, mut progress: impl FnMut(&str)) -> Result<Report, ProofError> {
    let iterations = iterations.max(1);
    let now: OffsetDateTime = vector_time();
    let issuer = test_issuer()?;
    let keys = JwtVcIssuerMetadata::new(ISSUER, &[(issuer.key.kid(), issuer.key.public_key())]);
    let device = SoftwareDeviceKey::from_seed(b"vidi/bench/sd-jwt")?;
    let (card, licence, health) =
        try_reference_citizen().map_err(|_| ProofError::WrongDocument("reference citizen"))?;
    let documents = [
        Document::NationalId(card),
        Document::DrivingLicence(licence),
        Document::HealthInsurance(health),
    ];

    progress("p256 baseline");
    let (p256_sign, p256_verify) = p256_baseline(iterations, &device)?;

    let issue_one = |document: &Document| -> Result<SdJwtVc, ProofError> {
        let how = Issuance {
            issuer: ISSUER,
            key: &issuer.key,
            device_key: device.public_key()?,
            status: StatusReference {
                idx: 3001,
                uri: format!("{ISSUER}/status-lists/{}", issuer.key.kid()),
            },
            issued_at: now,
            expires_at: now,
        };
        issue_document(document, how, now, DEFAULT_VALIDITY).map_err(failed)
    };
    let mut credentials = Vec::new();
    let mut held = Vec::new();
    for document in &documents {
        let document_type = document.document_type();
        progress(super::vct(document_type));
        let credential = issue_one(document)?;
        let issue = time(iterations, || issue_one(document));
        let verify_time = time(iterations, || {
            verify(credential.as_str(), &keys, now).is_ok()
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
    let online = Online::new(now)?;
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
        verify_presentation(&text, &keys, &check).map_err(failed)?;
        let query = crate::oid4vp::DcqlQuery::one("q", super::vct(document_type), names);
        let request = online.request(&query)?;
        let answer = || online.answer(&request, credential, names, &device);
        let response = answer()?;
        online.check(&response, &query, &keys)?;
        presentations.push(PresentationFigures {
            service,
            claims: names.len(),
            chars: text.len(),
            build: time(iterations, build),
            verify: time(iterations, || {
                verify_presentation(&text, &keys, &check).is_ok()
            }),
            response_chars: response.len(),
            request_chars: request.len(),
            wallet_answer: time(iterations, answer),
            service_check: time(iterations, || online.check(&response, &query, &keys)),
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

/// An OpenID4VP service for the benchmark: an attester in the trust list,
/// the service's request and response keys.
struct Online {
    now: OffsetDateTime,
    trust: crate::trust::TrustList,
    service_key: crate::keys::IssuerKey,
    response_key: crate::oid4vp::jwe::EcdhKey,
    attestation: String,
}

const SERVICE: &str = "service.vidi.example";
const RESPONSE_URI: &str = "https://service.vidi.example/responses";

fn oid4vp_failed<E>(_: E) -> ProofError {
    ProofError::ClaimsMismatch
}

impl Online {
    fn new(now: OffsetDateTime) -> Result<Self, ProofError> {
        use crate::oid4vp::{AttestationParams, Words, attest};
        let attester = crate::keys::IssuerKey::from_seed(0, b"vidi/bench/attester")?;
        let service_key = crate::keys::IssuerKey::from_seed(0, b"vidi/bench/service")?;
        let trust = crate::trust::TrustList {
            attesters: vec![crate::trust::TrustedAttester {
                kid: "a1".into(),
                name: "Bench attester".into(),
                public_key: attester.public_key(),
                valid_from: now - time::Duration::days(1),
                valid_until: None,
            }],
            ..Default::default()
        };
        let attestation = attest(
            &AttestationParams {
                issuer: ISSUER,
                kid: "a1",
                service: SERVICE,
                name: &Words::new("Dịch vụ", "Service"),
                redirect_uris: &[RESPONSE_URI.to_owned()],
                request_key: &service_key.public_key(),
                issued_at: now,
                expires_at: now + time::Duration::days(1),
            },
            &attester,
        )
        .map_err(oid4vp_failed)?;
        Ok(Self {
            now,
            trust,
            service_key,
            response_key: crate::oid4vp::jwe::EcdhKey::generate().map_err(oid4vp_failed)?,
            attestation,
        })
    }

    fn request(&self, query: &crate::oid4vp::DcqlQuery) -> Result<String, ProofError> {
        use crate::oid4vp::{RequestParams, Words, sign_request};
        sign_request(
            &RequestParams {
                service: SERVICE,
                attestation: &self.attestation,
                response_uri: RESPONSE_URI,
                nonce: NONCE,
                state: "bench-state",
                query,
                purpose: &Words::new("Vì sao", "Why"),
                response_key: &self.response_key.public_key(),
                response_kid: "1",
                issued_at: self.now,
                expires_at: self.now + time::Duration::minutes(5),
            },
            &self.service_key,
        )
        .map_err(oid4vp_failed)
    }

    fn client_id() -> String {
        format!("{}{SERVICE}", crate::oid4vp::CLIENT_ID_PREFIX)
    }

    /// The wallet's whole answer: check the request, present, encrypt.
    fn answer(
        &self,
        request: &str,
        credential: &SdJwtVc,
        names: &[&str],
        device: &SoftwareDeviceKey,
    ) -> Result<String, ProofError> {
        let checked =
            crate::oid4vp::verify_request(request, &Self::client_id(), &self.trust, self.now)
                .map_err(oid4vp_failed)?;
        let text = credential
            .present(names, &checked.client_id, &checked.nonce, self.now, device)
            .map_err(failed)?;
        let mut map = std::collections::BTreeMap::new();
        map.insert("q".to_owned(), text.to_string());
        let payload = crate::oid4vp::vp_token_payload(&map, &checked.state);
        crate::oid4vp::encrypt_response(&payload, &checked).map_err(oid4vp_failed)
    }

    /// The service's check of the answer.
    fn check(
        &self,
        response: &str,
        query: &crate::oid4vp::DcqlQuery,
        keys: &JwtVcIssuerMetadata,
    ) -> Result<(), ProofError> {
        let client_id = Self::client_id();
        let session = crate::oid4vp::ServiceSession {
            client_id: &client_id,
            nonce: NONCE,
            state: "bench-state",
            query,
            key: &self.response_key,
            now: self.now,
            max_age: time::Duration::minutes(5),
        };
        match crate::oid4vp::open_response(response, &session, keys) {
            Ok(crate::oid4vp::Answer::Presented(_)) => Ok(()),
            _ => Err(ProofError::ClaimsMismatch),
        }
    }
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
        out.push_str(
            "\n| to the service (OpenID4VP) | request chars | response chars | wallet answers µs | × sign | service checks µs | × verify |\n",
        );
        out.push_str("|---|---|---|---|---|---|---|\n");
        for p in &self.presentations {
            out.push_str(&format!(
                "| {} | {} | {} | {:.1} | {:.2} | {:.1} | {:.2} |\n",
                p.service,
                p.request_chars,
                p.response_chars,
                micros(p.wallet_answer),
                self.sign_ratio(p.wallet_answer),
                micros(p.service_check),
                self.verify_ratio(p.service_check),
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
        // The encrypted answer carries the presentation (base64url, plus
        // the JWE header and tag): larger than the presentation alone.
        assert!(age.response_chars > age.chars * 4 / 3);
        assert!(table.contains("| to the service (OpenID4VP) |"));
    }
}
