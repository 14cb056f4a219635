//! The mock online public service, "Cổng dịch vụ công (mô phỏng)": a
//! relying party that asks citizens' wallets for claims with OpenID4VP 1.0
//! (`vidi_core::oid4vp`) and checks what they send.
//!
//! - Who it is: `client_id` `verifier_attestation:dichvucong.vidi.test`.
//!   Its verifier attestation is signed by the service attester the trust
//!   list names (kid [`ATTESTER_KID`]). The mock derives the attester's key
//!   from the trust anchor's secret (SHA-256 of a label and the secret), so
//!   no new table is needed; a real authority would keep a key of its own.
//!   The service's request key is made at start and attested then.
//! - A session per request: a fresh nonce, state and ECDH-ES response key,
//!   kept in memory for [`SESSION_LIFETIME`]; a response is accepted once.
//! - The checks of a response: decryption with the session's key, state,
//!   every presentation (issuer signature by a key of the issuer's own
//!   signed trust list, disclosures, key binding nonce, `aud` and `iat`),
//!   exactly the claims asked, then the credential's status in the
//!   issuer's signed status list.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest as _, Sha256};
use time::{Duration, OffsetDateTime};
use vidi_core::claims::ClaimId;
use vidi_core::document::DocumentType;
use vidi_core::keys::IssuerKey;
use vidi_core::oid4vp::jwe::EcdhKey;
use vidi_core::oid4vp::{
    Answer, AttestationParams, CLIENT_ID_PREFIX, DcqlQuery, RequestParams, ResponseError,
    ServiceSession, Words, attest, open_response, request_link, sign_request,
};
use vidi_core::sdjwt::{TrustedKeys, VerifiedSdJwtVc, vct};
use vidi_core::trust::{Status, TrustList, TrustedAttester};

use crate::error::{Error, Result};

/// The service's identifier (the attestation's `sub`).
pub const SERVICE_ID: &str = "dichvucong.vidi.test";
/// The attester's key id in the trust list.
pub const ATTESTER_KID: &str = "dichvucong-attester-1";
/// Who registers services, as the trust list names it.
pub const ATTESTER_NAME: &str = "Bộ Công an — đăng ký dịch vụ trực tuyến (mô phỏng)";
/// Where every wallet posts its answer: the attestation's one
/// `redirect_uris` entry, matched exactly. The JWE's `kid` names the
/// session ([`session_of`]).
pub const RESPONSE_PATH: &str = "/rp/responses";
/// How long a session (and its request object) lives.
pub const SESSION_LIFETIME: Duration = Duration::minutes(5);
/// How old a key binding JWT may be when it arrives.
const KB_MAX_AGE: Duration = Duration::minutes(5);
/// Sessions kept at most; the oldest go first.
const MAX_SESSIONS: usize = 10_000;

/// The service's name.
pub fn service_name() -> Words {
    Words::new(
        "Cổng dịch vụ công (mô phỏng)",
        "Public services portal (mock)",
    )
}

/// The three services the portal offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Register a temporary residence.
    Residence,
    /// Renew a driving licence.
    Licence,
    /// Buy an age-restricted product.
    Age,
}

impl Service {
    /// Every service.
    pub const ALL: [Self; 3] = [Self::Residence, Self::Licence, Self::Age];

    /// Its name in URLs and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Self::Residence => "residence",
            Self::Licence => "licence",
            Self::Age => "age",
        }
    }

    /// The service named `code`.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// What it is, in both languages.
    pub fn title(self) -> Words {
        match self {
            Self::Residence => Words::new("Đăng ký tạm trú", "Register a temporary residence"),
            Self::Licence => Words::new("Cấp đổi giấy phép lái xe", "Renew a driving licence"),
            Self::Age => Words::new(
                "Mua sản phẩm giới hạn độ tuổi",
                "Buy an age-restricted product",
            ),
        }
    }

    /// Why it asks: the request's purpose.
    pub fn purpose(self) -> Words {
        match self {
            Self::Residence => Words::new(
                "Để đăng ký tạm trú tại địa chỉ mới, cơ quan công an cần biết bạn là ai và nơi cư trú hiện tại.",
                "To register your temporary residence, the police need to know who you are and where you live now.",
            ),
            Self::Licence => Words::new(
                "Để cấp đổi giấy phép lái xe, cơ quan cấp cần số, hạng và hạn của giấy phép hiện tại.",
                "To renew your driving licence, the authority needs the number, classes and expiry of the current one.",
            ),
            Self::Age => Words::new(
                "Để bán sản phẩm giới hạn độ tuổi, cửa hàng chỉ cần biết bạn đã đủ 18 tuổi.",
                "To sell an age-restricted product, the shop only needs to know you are over 18.",
            ),
        }
    }

    /// The document asked for and the claims, exactly what the service needs.
    pub fn asks(self) -> (DocumentType, &'static [&'static str]) {
        match self {
            Self::Residence => (
                DocumentType::NationalId,
                &[
                    "full_name",
                    "personal_id_number",
                    "date_of_birth",
                    "place_of_residence",
                ],
            ),
            Self::Licence => (
                DocumentType::DrivingLicence,
                &[
                    "full_name",
                    "licence_number",
                    "licence_classes",
                    "date_of_expiry",
                ],
            ),
            Self::Age => (DocumentType::NationalId, &["age_over_18"]),
        }
    }

    /// The DCQL query.
    pub fn query(self) -> DcqlQuery {
        let (document, claims) = self.asks();
        DcqlQuery::one(document.code(), vct(document), claims)
    }
}

/// Where a session stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Outcome {
    /// No answer yet.
    Waiting,
    /// The claims were verified.
    Verified {
        /// The claims, worded.
        claims: Vec<ShownClaim>,
    },
    /// The answer was refused, with the reason.
    Refused {
        /// Why, in words (English).
        reason: String,
        /// Why, as a code a page can put in its own words
        /// ([`Refusal::code`]).
        code: &'static str,
    },
    /// The citizen declined.
    Declined,
    /// Nobody answered in time.
    Expired,
}

/// A verified claim as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownClaim {
    /// The machine name.
    pub name: String,
    /// Its label in Vietnamese.
    pub label_vi: String,
    /// Its label in English.
    pub label_en: String,
    /// The value, as text.
    pub value: String,
}

struct Session {
    service: Service,
    nonce: String,
    state: String,
    key: EcdhKey,
    created_at: OffsetDateTime,
    expires_at: OffsetDateTime,
    outcome: Outcome,
}

/// A session as the page reads it.
#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    /// Its id.
    pub id: String,
    /// The service.
    pub service: Service,
    /// Where it stands (`state`, and `claims` or `reason`).
    #[serde(flatten)]
    pub outcome: Outcome,
    /// When it expires (RFC 3339).
    pub expires_at: String,
}

/// A new session as the page gets it.
#[derive(Debug, Clone, Serialize)]
pub struct NewSession {
    /// Its id.
    pub id: String,
    /// The service.
    pub service: Service,
    /// The `openid4vp://` link for the wallet (QR or same device).
    pub link: String,
    /// Where the request object is.
    pub request_uri: String,
    /// Where the page polls.
    pub status_uri: String,
    /// The link's QR code, as SVG.
    pub qr_svg: String,
    /// When it expires (RFC 3339).
    pub expires_at: String,
}

/// The relying party: its key and its sessions.
pub struct RelyingParty {
    request_key: IssuerKey,
    sessions: Mutex<HashMap<String, Session>>,
}

/// The attester's key, derived from the trust anchor's secret.
pub fn attester_key(anchor: &IssuerKey) -> Result<IssuerKey> {
    let mut hash = Sha256::new();
    hash.update(b"vidi-server-mock service attester v1");
    hash.update(anchor.secret_bytes().as_slice());
    let seed = hash.finalize();
    IssuerKey::from_seed(0, &seed).map_err(Error::internal)
}

/// The attester as the trust list names it, trusted from `from`.
pub fn trusted_attester(anchor: &IssuerKey, from: OffsetDateTime) -> Result<TrustedAttester> {
    Ok(TrustedAttester {
        kid: ATTESTER_KID.to_owned(),
        name: ATTESTER_NAME.to_owned(),
        public_key: attester_key(anchor)?.public_key(),
        valid_from: from,
        valid_until: None,
    })
}

fn random_text() -> Result<String> {
    use base64::Engine as _;
    let mut bytes = [0u8; 18];
    vidi_core::keys::random_bytes(&mut bytes).map_err(Error::internal)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The session a response is for: its JWE header's `kid` (the session's
/// response key id, from the request's `client_metadata`).
pub fn session_of(jwe: &str) -> Option<String> {
    vidi_core::oid4vp::jwe::header(jwe)
        .ok()?
        .get("kid")?
        .as_str()
        .filter(|k| !k.is_empty() && k.len() <= 64)
        .map(str::to_owned)
}

/// The service's `client_id`.
pub fn client_id() -> String {
    format!("{CLIENT_ID_PREFIX}{SERVICE_ID}")
}

impl RelyingParty {
    /// A relying party with a fresh request key.
    pub fn new() -> Result<Self> {
        Ok(Self {
            request_key: IssuerKey::generate(0).map_err(Error::internal)?,
            sessions: Mutex::new(HashMap::new()),
        })
    }

    fn sessions(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts a session of `service` for a page served from `base`.
    pub fn start(&self, service: Service, base: &str, now: OffsetDateTime) -> Result<NewSession> {
        let id = random_text()?;
        let session = Session {
            service,
            nonce: random_text()?,
            state: random_text()?,
            key: EcdhKey::generate().map_err(Error::internal)?,
            created_at: now,
            expires_at: now + SESSION_LIFETIME,
            outcome: Outcome::Waiting,
        };
        let request_uri = format!("{base}/rp/requests/{id}");
        let link = request_link(SERVICE_ID, &request_uri);
        let qr_svg = crate::qr::OfferQr::encode(&link)?.to_svg();
        let new = NewSession {
            id: id.clone(),
            service,
            link,
            request_uri,
            status_uri: format!("{base}/rp/sessions/{id}"),
            qr_svg,
            expires_at: rfc3339(session.expires_at),
        };
        let mut sessions = self.sessions();
        if sessions.len() >= MAX_SESSIONS {
            sessions.retain(|_, s| s.expires_at > now);
            if sessions.len() >= MAX_SESSIONS
                && let Some(oldest) = sessions
                    .iter()
                    .min_by_key(|(_, s)| s.created_at)
                    .map(|(k, _)| k.clone())
            {
                sessions.remove(&oldest);
            }
        }
        sessions.insert(id, session);
        Ok(new)
    }

    /// The signed request object of session `id`, for a wallet reaching
    /// the service at `base`.
    pub fn request_object(
        &self,
        id: &str,
        base: &str,
        anchor: &IssuerKey,
        now: OffsetDateTime,
    ) -> Result<String> {
        let sessions = self.sessions();
        let session = sessions
            .get(id)
            .filter(|s| s.expires_at > now && s.outcome == Outcome::Waiting)
            .ok_or_else(|| Error::not_found("no such presentation session, or it has ended"))?;
        let attester = attester_key(anchor)?;
        let attestation = attest(
            &AttestationParams {
                issuer: base,
                kid: ATTESTER_KID,
                service: SERVICE_ID,
                name: &service_name(),
                redirect_uris: &[format!("{base}{RESPONSE_PATH}")],
                request_key: &self.request_key.public_key(),
                issued_at: now - Duration::minutes(1),
                expires_at: now + Duration::days(1),
            },
            &attester,
        )
        .map_err(Error::internal)?;
        let query = session.service.query();
        let purpose = session.service.purpose();
        let response_key = session.key.public_key();
        sign_request(
            &RequestParams {
                service: SERVICE_ID,
                attestation: &attestation,
                response_uri: &format!("{base}{RESPONSE_PATH}"),
                nonce: &session.nonce,
                state: &session.state,
                query: &query,
                purpose: &purpose,
                response_key: &response_key,
                response_kid: id,
                issued_at: session.created_at,
                expires_at: session.expires_at,
            },
            &self.request_key,
        )
        .map_err(Error::internal)
    }

    /// Where session `id` stands.
    pub fn view(&self, id: &str, now: OffsetDateTime) -> Result<SessionView> {
        let mut sessions = self.sessions();
        let session = sessions
            .get_mut(id)
            .ok_or_else(|| Error::not_found("no such presentation session"))?;
        if session.outcome == Outcome::Waiting && session.expires_at <= now {
            session.outcome = Outcome::Expired;
        }
        Ok(SessionView {
            id: id.to_owned(),
            service: session.service,
            outcome: session.outcome.clone(),
            expires_at: rfc3339(session.expires_at),
        })
    }

    /// Takes the wallet's encrypted response for session `id`: checks it
    /// with `trust` (the issuer's signed trust list) and `status` (a
    /// credential's status by issuer key id and index), and records the
    /// outcome. A session takes one response.
    pub fn respond(
        &self,
        id: &str,
        jwe: &str,
        issuer: &str,
        trust: &TrustList,
        status: &dyn Fn(u16, u32) -> Option<Status>,
        now: OffsetDateTime,
    ) -> std::result::Result<Outcome, Refusal> {
        let mut sessions = self.sessions();
        let session = sessions.get_mut(id).ok_or(Refusal::NoSession)?;
        if session.outcome != Outcome::Waiting {
            return Err(Refusal::Answered);
        }
        if session.expires_at <= now {
            session.outcome = Outcome::Expired;
            return Err(Refusal::Expired);
        }
        let query = session.service.query();
        let client_id = client_id();
        let check = ServiceSession {
            client_id: &client_id,
            nonce: &session.nonce,
            state: &session.state,
            query: &query,
            key: &session.key,
            now,
            max_age: KB_MAX_AGE,
        };
        let keys = TrustedKeys { issuer, trust };
        let outcome = match open_response(jwe, &check, &keys) {
            // Not this session's: the session stays open for its wallet.
            Err(e @ (ResponseError::Encryption(_) | ResponseError::State)) => {
                return Err(Refusal::Response(e));
            }
            Err(e) => Err(Refusal::Response(e)),
            Ok(Answer::Declined { .. }) => Ok(Outcome::Declined),
            Ok(Answer::Presented(list)) => {
                let mut claims = Vec::new();
                let mut revoked = None;
                for p in &list {
                    let credential = &p.presentation.credential;
                    match credential_status(credential, issuer, status) {
                        Some(Status::Valid) => {}
                        Some(Status::Suspended) => revoked = Some(Refusal::Suspended),
                        Some(_) => revoked = Some(Refusal::Revoked),
                        None => revoked = Some(Refusal::NoStatus),
                    }
                    claims.extend(shown(credential));
                }
                match revoked {
                    Some(r) => Err(r),
                    None => Ok(Outcome::Verified { claims }),
                }
            }
        };
        session.outcome = match &outcome {
            Ok(o) => o.clone(),
            Err(r) => Outcome::Refused {
                reason: r.to_string(),
                code: r.code(),
            },
        };
        outcome
    }
}

/// The status of a presented credential: its `status_list.uri` must be the
/// issuer's (`<issuer>/status-lists/<kid>`).
fn credential_status(
    credential: &VerifiedSdJwtVc,
    issuer: &str,
    status: &dyn Fn(u16, u32) -> Option<Status>,
) -> Option<Status> {
    let reference = credential.status.as_ref()?;
    let kid: u16 = reference
        .uri
        .strip_prefix(issuer)?
        .strip_prefix("/status-lists/")?
        .parse()
        .ok()?;
    status(kid, reference.idx)
}

fn shown(credential: &VerifiedSdJwtVc) -> Vec<ShownClaim> {
    credential
        .claims
        .iter()
        .map(|(name, value)| {
            let id = ClaimId::from_name(name);
            ShownClaim {
                name: name.clone(),
                label_vi: id.map_or_else(|| name.clone(), ClaimId::label_vi),
                label_en: id.map_or_else(|| name.clone(), ClaimId::label_en),
                value: text_of(value),
            }
        })
        .collect()
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "✓".to_owned(),
        Value::Bool(false) => "✗".to_owned(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(", "),
        Value::Object(map) => map.values().map(text_of).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

/// Why the service refused a response.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// No session with that id.
    #[error("no such presentation session")]
    NoSession,
    /// The session already took a response.
    #[error("this session was already answered")]
    Answered,
    /// The session expired.
    #[error("the session has expired")]
    Expired,
    /// The response failed a check.
    #[error("{0}")]
    Response(ResponseError),
    /// The credential is revoked (or has a status other than valid or
    /// suspended).
    #[error("the credential has been revoked")]
    Revoked,
    /// The credential is suspended.
    #[error("the credential is suspended")]
    Suspended,
    /// The credential's status could not be found in the issuer's lists.
    #[error("the credential's status cannot be checked")]
    NoStatus,
}

impl Refusal {
    /// A stable code for the refusal, for pages to word it themselves:
    /// `no_session`, `answered`, `session_expired`, `revoked`, `suspended`,
    /// `no_status`, `not_for_session` (does not decrypt with the session's
    /// key, or another session's state), `malformed`, `query` (a query not
    /// answered, a claim missing), `extra_claim`, `nonce`, `audience`,
    /// `stale` (key binding too old or from the future), `tampered`
    /// (disclosures or `sd_hash`), `signature` (issuer or device key),
    /// `credential_expired`, `credential_invalid` (anything else about the
    /// credential).
    pub fn code(&self) -> &'static str {
        use vidi_core::sdjwt::{KeyBindingError as K, SdJwtError as S};
        match self {
            Self::NoSession => "no_session",
            Self::Answered => "answered",
            Self::Expired => "session_expired",
            Self::Revoked => "revoked",
            Self::Suspended => "suspended",
            Self::NoStatus => "no_status",
            Self::Response(e) => match e {
                ResponseError::Encryption(_) | ResponseError::State => "not_for_session",
                ResponseError::Malformed(_) => "malformed",
                ResponseError::Query(_)
                | ResponseError::MissingClaim { .. }
                | ResponseError::Vct(_) => "query",
                ResponseError::ExtraClaim { .. } => "extra_claim",
                ResponseError::Presentation { error, .. } => match error {
                    S::KeyBinding(K::Nonce) => "nonce",
                    S::KeyBinding(K::Audience) => "audience",
                    S::KeyBinding(K::IssuedAt) => "stale",
                    S::KeyBinding(K::SdHash)
                    | S::Unreferenced
                    | S::Duplicate
                    | S::Disclosure
                    | S::ClaimClash => "tampered",
                    S::KeyBinding(K::Signature) | S::Signature | S::UnknownKey => "signature",
                    S::Expired | S::NotYetValid => "credential_expired",
                    _ => "credential_invalid",
                },
                _ => "malformed",
            },
        }
    }
}
