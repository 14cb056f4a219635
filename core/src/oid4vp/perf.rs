//! The OpenID4VP benchmark (feature `test-support`; `cargo bench -p
//! vidi-core --bench sd_jwt` and `vidi bench` print it after the SD-JWT VC
//! tables): each online service's whole exchange in memory. The service's
//! signed request object (with its verifier attestation); the wallet's
//! answer (checking the attestation and the request, the presentation, the
//! JWE); the service's check of it. Sizes in characters; times as medians
//! and as ratios to one P-256 signature / verification timed in the same run.

use std::time::Duration;

use time::OffsetDateTime;

use crate::error::ProofError;
use crate::keys::{IssuerKey, SoftwareDeviceKey};
use crate::perf::{micros, p256_baseline, ratio, time};
use crate::sample::vector_time;
use crate::sdjwt::perf::{Reference, SERVICES, failed};
use crate::sdjwt::{JwtVcIssuerMetadata, SdJwtVc};

const ISSUER: &str = "https://issuer.vidi.example";
const NONCE: &str = "bench-nonce-0123456789";

/// One service's exchange.
#[derive(Debug, Clone)]
pub struct ExchangeFigures {
    /// The service.
    pub service: &'static str,
    /// Claims asked and disclosed.
    pub claims: usize,
    /// Characters of the signed request object (with its attestation).
    pub request_chars: usize,
    /// Characters of the presentation inside the answer.
    pub presentation_chars: usize,
    /// Characters of the encrypted answer (JWE) posted to the service.
    pub response_chars: usize,
    /// Median time for the wallet to answer: check the request object and
    /// its attestation (two verifications), build the presentation (one
    /// signature), encrypt it (ECDH-ES).
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
    /// Per service.
    pub exchanges: Vec<ExchangeFigures>,
}

/// Runs the benchmark with `iterations` per measurement (at least 1).
pub fn run(iterations: usize, mut progress: impl FnMut(&str)) -> Result<Report, ProofError> {
    let iterations = iterations.max(1);
    let now: OffsetDateTime = vector_time();
    let device = SoftwareDeviceKey::from_seed(b"vidi/bench/oid4vp")?;
    let reference = Reference::new(&device, now)?;
    progress("p256 baseline");
    let (p256_sign, p256_verify) = p256_baseline(iterations, &device)?;
    let online = Online::new(now)?;
    let mut exchanges = Vec::new();
    for (service, document_type, names) in SERVICES {
        progress(service);
        let credential = reference.credential(document_type)?;
        let query = super::DcqlQuery::one("q", crate::sdjwt::vct(document_type), names);
        let request = online.request(&query)?;
        let answer = || online.answer(&request, &credential, names, &device);
        let (response, presentation_chars) = answer()?;
        online.check(&response, &query, &reference.keys)?;
        exchanges.push(ExchangeFigures {
            service,
            claims: names.len(),
            request_chars: request.len(),
            presentation_chars,
            response_chars: response.len(),
            wallet_answer: time(iterations, answer),
            service_check: time(iterations, || {
                online.check(&response, &query, &reference.keys)
            }),
        });
    }
    Ok(Report {
        iterations,
        p256_sign,
        p256_verify,
        exchanges,
    })
}

/// An OpenID4VP service for the benchmark: an attester in the trust list,
/// the service's request and response keys.
struct Online {
    now: OffsetDateTime,
    trust: crate::trust::TrustList,
    service_key: IssuerKey,
    response_key: super::jwe::EcdhKey,
    attestation: String,
}

const SERVICE: &str = "service.vidi.example";
const RESPONSE_URI: &str = "https://service.vidi.example/responses";

fn oid4vp_failed<E>(_: E) -> ProofError {
    ProofError::ClaimsMismatch
}

impl Online {
    fn new(now: OffsetDateTime) -> Result<Self, ProofError> {
        use super::{AttestationParams, Words, attest};
        let attester = IssuerKey::from_seed(0, b"vidi/bench/attester")?;
        let service_key = IssuerKey::from_seed(0, b"vidi/bench/service")?;
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
            response_key: super::jwe::EcdhKey::generate().map_err(oid4vp_failed)?,
            attestation,
        })
    }

    fn request(&self, query: &super::DcqlQuery) -> Result<String, ProofError> {
        use super::{RequestParams, Words, sign_request};
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
        format!("{}{SERVICE}", super::CLIENT_ID_PREFIX)
    }

    /// The wallet's whole answer: check the request, present, encrypt.
    fn answer(
        &self,
        request: &str,
        credential: &SdJwtVc,
        names: &[&str],
        device: &SoftwareDeviceKey,
    ) -> Result<(String, usize), ProofError> {
        let checked = super::verify_request(request, &Self::client_id(), &self.trust, self.now)
            .map_err(oid4vp_failed)?;
        let text = credential
            .present(names, &checked.client_id, &checked.nonce, self.now, device)
            .map_err(failed)?;
        let chars = text.len();
        let mut map = std::collections::BTreeMap::new();
        map.insert("q".to_owned(), text.to_string());
        let payload = super::vp_token_payload(&map, &checked.state);
        let jwe = super::encrypt_response(&payload, &checked).map_err(oid4vp_failed)?;
        Ok((jwe, chars))
    }

    /// The service's check of the answer.
    fn check(
        &self,
        response: &str,
        query: &super::DcqlQuery,
        keys: &JwtVcIssuerMetadata,
    ) -> Result<(), ProofError> {
        let client_id = Self::client_id();
        let session = super::ServiceSession {
            client_id: &client_id,
            nonce: NONCE,
            state: "bench-state",
            query,
            key: &self.response_key,
            now: self.now,
            max_age: time::Duration::minutes(5),
        };
        match super::open_response(response, &session, keys) {
            Ok(super::Answer::Presented(_)) => Ok(()),
            _ => Err(ProofError::ClaimsMismatch),
        }
    }
}

impl Report {
    /// One Markdown table.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "OpenID4VP: medians of {} runs; one p256 signature {:.1} µs, one p256 verification {:.1} µs\n\n",
            self.iterations,
            micros(self.p256_sign),
            micros(self.p256_verify)
        );
        out.push_str(
            "| to the service (OpenID4VP) | claims | request chars | presentation chars | response chars | wallet answers µs | × sign | service checks µs | × verify |\n",
        );
        out.push_str("|---|---|---|---|---|---|---|---|---|\n");
        for e in &self.exchanges {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {:.1} | {:.2} | {:.1} | {:.2} |\n",
                e.service,
                e.claims,
                e.request_chars,
                e.presentation_chars,
                e.response_chars,
                micros(e.wallet_answer),
                ratio(e.wallet_answer, self.p256_sign),
                micros(e.service_check),
                ratio(e.service_check, self.p256_verify),
            ));
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn a_short_run_measures_every_service() {
        let report = super::run(2, |_| {}).unwrap();
        assert_eq!(report.exchanges.len(), 3);
        let table = report.to_markdown();
        assert!(table.contains("| temporary residence | 4 |"), "{table}");
        // The encrypted answer carries the presentation in base64url (4/3
        // of it) plus the JWE's header and tag.
        for e in &report.exchanges {
            assert!(e.response_chars > e.presentation_chars * 4 / 3, "{e:?}");
        }
    }
}
