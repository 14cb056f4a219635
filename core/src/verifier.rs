//! The offline verifier: one proof in, the disclosed claims or one typed
//! reason out.

use time::{Duration, OffsetDateTime};

use crate::claims::{Claim, ClaimValue};
use crate::credential::CredentialKind;
use crate::document::DocumentType;
use crate::error::FormatError;
use crate::keys::{self, PublicKey};
use crate::presentation::{Presentation, RebuildError};
use crate::trust::{Status, StatusList, TrustList};

/// What a verifier accepts. The defaults are argued in `docs/proof-format.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// How old a proof may be when scanned.
    pub max_age: Duration,
    /// How far in the future a proof's time may be (the two clocks differ).
    pub max_future: Duration,
    /// How old the cached status list may be.
    pub max_status_age: Duration,
    /// The nonce this verifier showed, when it uses one; proofs must carry it.
    pub nonce: Option<Vec<u8>>,
    /// This verifier's name; a proof made for another audience is refused.
    pub audience: Option<String>,
}

/// How often the wallet redraws its QR.
pub const WALLET_REFRESH: Duration = Duration::seconds(15);

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_age: Duration::seconds(60),
            max_future: Duration::seconds(30),
            max_status_age: Duration::hours(48),
            nonce: None,
            audience: None,
        }
    }
}

/// Why a proof was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RejectReason {
    /// Not a well-formed proof.
    #[error("malformed: {0}")]
    Malformed(FormatError),
    /// No trusted issuer key with this key id for this document and time.
    #[error("unknown issuer")]
    UnknownIssuer,
    /// The issuer's signature does not verify.
    #[error("the issuer's signature is not valid")]
    BadIssuerSignature,
    /// A disclosed claim is not the one the issuer signed.
    #[error("a disclosed claim was altered")]
    TamperedClaim,
    /// The device signature does not come from the credential's device key.
    #[error("the device signature is not valid")]
    BadDeviceSignature,
    /// Older than the freshness window: a screenshot or a replay.
    #[error("too old: made {age_seconds} s ago")]
    TooOld {
        /// Seconds since the proof was made.
        age_seconds: i64,
    },
    /// Made later than now, beyond the clock tolerance.
    #[error("from the future: {ahead_seconds} s ahead")]
    FromFuture {
        /// Seconds ahead of the verifier's clock.
        ahead_seconds: i64,
    },
    /// The credential has expired.
    #[error("the credential has expired")]
    Expired,
    /// The issuer revoked the credential.
    #[error("the credential is revoked")]
    Revoked,
    /// The issuer suspended the credential.
    #[error("the credential is suspended")]
    Suspended,
    /// Revocation status cannot be told.
    #[error("status unknown: {0}")]
    StatusUnknown(StatusProblem),
    /// The proof does not answer this verifier's nonce.
    #[error("the proof does not answer this verifier's nonce")]
    WrongNonce,
    /// The proof was made for another verifier.
    #[error("the proof was made for another verifier")]
    WrongAudience,
}

/// Why a credential's status is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StatusProblem {
    /// No status list for this issuer key.
    #[error("no status list for this issuer")]
    Missing,
    /// The cached list is older than the policy allows.
    #[error("the status list is {age_hours} h old")]
    TooOld {
        /// Hours since the issuer made the list.
        age_hours: i64,
    },
    /// The list claims to be made later than now: a wrong clock on one side.
    #[error("the status list is dated in the future")]
    FromFuture,
    /// The credential's index is past the end of the list.
    #[error("the credential is not in the status list")]
    OutOfRange,
    /// A status value other than valid, revoked or suspended.
    #[error("unrecognised status value {0}")]
    Unrecognised(u8),
}

impl RejectReason {
    /// A stable machine code: `malformed`, `unknown_issuer`, ...
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::UnknownIssuer => "unknown_issuer",
            Self::BadIssuerSignature => "bad_issuer_signature",
            Self::TamperedClaim => "tampered_claim",
            Self::BadDeviceSignature => "bad_device_signature",
            Self::TooOld { .. } => "too_old",
            Self::FromFuture { .. } => "from_future",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
            Self::Suspended => "suspended",
            Self::StatusUnknown(_) => "status_unknown",
            Self::WrongNonce => "wrong_nonce",
            Self::WrongAudience => "wrong_audience",
        }
    }

    /// The reason in Vietnamese, for the verifier's screen.
    pub fn label_vi(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "Mã QR không hợp lệ",
            Self::UnknownIssuer => "Cơ quan cấp không được tin cậy",
            Self::BadIssuerSignature => "Chữ ký của cơ quan cấp không hợp lệ",
            Self::TamperedClaim => "Thông tin đã bị sửa đổi",
            Self::BadDeviceSignature => "Chữ ký của thiết bị không hợp lệ",
            Self::TooOld { .. } => "Mã QR đã hết hạn (quá cũ)",
            Self::FromFuture { .. } => "Thời gian của mã QR không hợp lệ",
            Self::Expired => "Giấy tờ đã hết hạn",
            Self::Revoked => "Giấy tờ đã bị thu hồi",
            Self::Suspended => "Giấy tờ đang bị tạm đình chỉ",
            Self::StatusUnknown(_) => "Không xác định được trạng thái",
            Self::WrongNonce => "Mã QR không trả lời mã thử của máy quét",
            Self::WrongAudience => "Mã QR được tạo cho nơi khác",
        }
    }

    /// The reason in plain English, for the verifier's screen (the
    /// `Display` text carries developer detail instead).
    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "Not a valid QR code",
            Self::UnknownIssuer => "The issuer is not trusted",
            Self::BadIssuerSignature => "The issuer's signature is not valid",
            Self::TamperedClaim => "The information has been changed",
            Self::BadDeviceSignature => "The phone's signature is not valid",
            Self::TooOld { .. } => "The QR code has expired (too old)",
            Self::FromFuture { .. } => "The QR code's time is not valid",
            Self::Expired => "The document has expired",
            Self::Revoked => "The document has been revoked",
            Self::Suspended => "The document is suspended",
            Self::StatusUnknown(_) => "The document's status cannot be checked",
            Self::WrongNonce => "The QR code does not answer this scanner's challenge",
            Self::WrongAudience => "The QR code was made for somewhere else",
        }
    }
}

/// An accepted proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The document type.
    pub document_type: DocumentType,
    /// The credential kind.
    pub kind: CredentialKind,
    /// The issuer's name from the trust list.
    pub issuer: String,
    /// The issuer key id.
    pub kid: u16,
    /// The disclosed claims, in slot order.
    pub claims: Vec<Claim>,
    /// How many claims stayed hidden.
    pub hidden_claims: usize,
    /// When the proof was made.
    pub presented_at: OffsetDateTime,
    /// When the credential expires.
    pub expires_at: OffsetDateTime,
    /// The device key the proof was signed with.
    pub device_key: PublicKey,
    /// The status list's age at verification.
    pub status_list_age: Duration,
}

/// A facility sent as its code (format 2's `hospital` kind), with its name
/// from the trust list's registry when the registry has it; an unknown code
/// stays a code, shown as not in the registry.
fn named_facility(claim: Claim, trust: &TrustList) -> Claim {
    match &claim.value {
        ClaimValue::FacilityCode(code) => match trust.facility(code) {
            Some(facility) => Claim {
                id: claim.id,
                value: ClaimValue::Facility(facility.clone()),
            },
            None => claim,
        },
        _ => claim,
    }
}

/// Verifies proof `text` (format 1 or 2) at `now`.
pub fn verify(
    text: &str,
    trust: &TrustList,
    status_lists: &[StatusList],
    now: OffsetDateTime,
    policy: &Policy,
) -> Result<Verified, RejectReason> {
    let proof = Presentation::parse(text).map_err(RejectReason::Malformed)?;
    verify_parsed(&proof, trust, status_lists, now, policy)
}

fn verify_parsed(
    proof: &Presentation,
    trust: &TrustList,
    status_lists: &[StatusList],
    now: OffsetDateTime,
    policy: &Policy,
) -> Result<Verified, RejectReason> {
    let presented_at = proof.presented_time();
    let document_type = proof.kind.document_type();
    let issuer = trust
        .find(proof.kid, document_type, now)
        .ok_or(RejectReason::UnknownIssuer)?;

    let statement = proof.rebuild_statement().map_err(|e| match e {
        RebuildError::ClaimsHint => RejectReason::TamperedClaim,
        RebuildError::DeviceSignature => RejectReason::BadDeviceSignature,
    })?;
    if !keys::verify_es256(
        &issuer.public_key,
        &statement.to_be_signed(),
        &proof.issuer_signature,
    ) {
        return Err(RejectReason::BadIssuerSignature);
    }

    if let Some(expected) = &policy.nonce
        && proof.nonce.as_ref() != Some(expected)
    {
        return Err(RejectReason::WrongNonce);
    }
    if policy.audience.is_some() && proof.audience != policy.audience {
        return Err(RejectReason::WrongAudience);
    }

    let age = now - presented_at;
    if age > policy.max_age {
        return Err(RejectReason::TooOld {
            age_seconds: age.whole_seconds(),
        });
    }
    if -age > policy.max_future {
        return Err(RejectReason::FromFuture {
            ahead_seconds: (-age).whole_seconds(),
        });
    }
    let expires_at = proof.expiry_time();
    if expires_at <= now {
        return Err(RejectReason::Expired);
    }

    let list = status_lists
        .iter()
        .find(|l| l.kid() == proof.kid)
        .ok_or(RejectReason::StatusUnknown(StatusProblem::Missing))?;
    let list_age = now - list.issued_at();
    if -list_age > policy.max_future {
        return Err(RejectReason::StatusUnknown(StatusProblem::FromFuture));
    }
    if list_age > policy.max_status_age {
        return Err(RejectReason::StatusUnknown(StatusProblem::TooOld {
            age_hours: list_age.whole_hours(),
        }));
    }
    match list.get(proof.status_index) {
        None => return Err(RejectReason::StatusUnknown(StatusProblem::OutOfRange)),
        Some(Status::Valid) => {}
        Some(Status::Revoked) => return Err(RejectReason::Revoked),
        Some(Status::Suspended) => return Err(RejectReason::Suspended),
        Some(Status::Other(v)) => {
            return Err(RejectReason::StatusUnknown(StatusProblem::Unrecognised(v)));
        }
    }

    Ok(Verified {
        document_type,
        kind: proof.kind,
        issuer: issuer.name.clone(),
        kid: proof.kid,
        claims: proof
            .disclosed
            .iter()
            .map(|(_, claim, _)| named_facility(claim.clone(), trust))
            .collect(),
        hidden_claims: proof.hidden_count(),
        presented_at,
        expires_at,
        device_key: statement.device_key,
        status_list_age: list_age,
    })
}
