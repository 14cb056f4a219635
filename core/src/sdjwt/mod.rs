//! SD-JWT VC credentials (IETF SD-JWT, RFC 9901, and SD-JWT-based
//! Verifiable Credentials, draft-ietf-oauth-sd-jwt-vc): the online
//! counterpart of the checkpoint QR's COSE credentials.
//!
//! - [`issue`] / [`issue_document`]: the issuer's side. One credential per
//!   document type (its `vct`, [`vct`]), ES256, `typ` `dc+sd-jwt`, bound to
//!   a device key (`cnf.jwk`), with its place in the issuer's IETF Token
//!   Status List (`status.status_list`); every claim is its own disclosure
//!   under a fresh 128-bit salt.
//! - [`SdJwtVc`]: what the holder keeps; [`SdJwtVc::present`] picks
//!   disclosures and adds a key binding JWT (`kb+jwt`) signed through
//!   [`DeviceSigner`](crate::keys::DeviceSigner).
//! - [`verify`] and [`verify_presentation`]: the verifier's checks, with the
//!   issuer's keys from its JWT VC Issuer Metadata ([`JwtVcIssuerMetadata`])
//!   or from the trust list ([`TrustedKeys`]).
//!
//! The claims are those of the COSE credentials of the same document, under
//! the verifier's machine names ([`ClaimId::name`](crate::claims::ClaimId::name))
//! with values as [`ClaimValue::to_json`](crate::claims::ClaimValue::to_json)
//! writes them; `docs/online.md` lists them.
//!
//! The JWS is core's own ([`crate::oid4vci`]): the device keys never leave
//! the platform's hardware, which JWT crates (wanting key bytes) cannot use.

mod disclosure;
mod error;
mod issue;
#[cfg(feature = "test-support")]
pub mod perf;
mod present;
mod verify;

#[cfg(test)]
mod tests;

use serde_json::{Value, json};

use crate::credential::CredentialKind;
use crate::document::DocumentType;

pub use disclosure::{SALT_LEN, digest as disclosure_digest};
pub use error::{KeyBindingError, SdJwtError};
pub use issue::{Issuance, document_claims, issue, issue_document};
pub use present::{KeyBindingCheck, VerifiedPresentation, verify_presentation};
pub use verify::{
    CLOCK_SKEW, IssuerKeys, JwtVcIssuerMetadata, SdJwtVc, TrustedKeys, VerifiedSdJwtVc, verify,
};

/// `typ` of an SD-JWT VC's issuer-signed JWT.
pub const SD_JWT_VC_TYP: &str = "dc+sd-jwt";
/// `typ` of a key binding JWT.
pub const KB_JWT_TYP: &str = "kb+jwt";
/// The OpenID4VCI credential format identifier of an SD-JWT VC.
pub const SD_JWT_VC_FORMAT: &str = "dc+sd-jwt";
/// `_sd_alg`: the one digest algorithm used and accepted.
pub const SD_ALG: &str = "sha-256";
/// Where an issuer publishes its JWT VC Issuer Metadata, under its identifier.
pub const JWT_VC_ISSUER_PATH: &str = "/.well-known/jwt-vc-issuer";
/// What every Vidi `vct` starts with.
pub const VCT_PREFIX: &str = "urn:vidi:vct:";

/// The age thresholds a national ID's SD-JWT VC carries as `age_over_N`:
/// the same as the national ID's COSE age credentials.
pub const AGE_THRESHOLDS: [u8; 3] = [16, 18, 21];

/// The `vct` (credential type) of a document type's SD-JWT VC:
/// `urn:vidi:vct:national_id`, `urn:vidi:vct:driving_licence`,
/// `urn:vidi:vct:health_insurance`.
pub fn vct(document: DocumentType) -> &'static str {
    match document {
        DocumentType::NationalId => "urn:vidi:vct:national_id",
        DocumentType::DrivingLicence => "urn:vidi:vct:driving_licence",
        DocumentType::HealthInsurance => "urn:vidi:vct:health_insurance",
    }
}

/// The document type of a Vidi `vct`.
pub fn document_type_of_vct(vct: &str) -> Option<DocumentType> {
    DocumentType::ALL.into_iter().find(|t| self::vct(*t) == vct)
}

/// The COSE credential kinds whose claims a document type's SD-JWT VC
/// carries, in order: the document's main kind, and for the national ID
/// the `age_over_N` claims of [`AGE_THRESHOLDS`].
pub fn kinds(document: DocumentType) -> Vec<CredentialKind> {
    match document {
        DocumentType::NationalId => {
            let mut kinds = vec![CredentialKind::NationalId];
            kinds.extend(AGE_THRESHOLDS.map(CredentialKind::AgeOver));
            kinds
        }
        DocumentType::DrivingLicence => vec![CredentialKind::DrivingLicence],
        DocumentType::HealthInsurance => vec![CredentialKind::HealthInsurance],
    }
}

/// Where a credential's status is: entry `idx` of the IETF Token Status
/// List at `uri` (`status.status_list`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReference {
    /// The index in the list.
    pub idx: u32,
    /// The status list token's URL.
    pub uri: String,
}

impl StatusReference {
    /// The `status` claim: `{"status_list": {"idx": .., "uri": ..}}`.
    pub fn to_claim(&self) -> Value {
        json!({ "status_list": { "idx": self.idx, "uri": self.uri } })
    }

    fn from_claim(value: &Value) -> Result<Self, SdJwtError> {
        let list = value
            .get("status_list")
            .ok_or(SdJwtError::Claim("status"))?;
        let idx = list
            .get("idx")
            .and_then(Value::as_u64)
            .and_then(|i| u32::try_from(i).ok())
            .ok_or(SdJwtError::Claim("status"))?;
        let uri = list
            .get("uri")
            .and_then(Value::as_str)
            .filter(|u| !u.is_empty())
            .ok_or(SdJwtError::Claim("status"))?
            .to_owned();
        Ok(Self { idx, uri })
    }
}
