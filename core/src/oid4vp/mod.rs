//! OpenID for Verifiable Presentations 1.0: a citizen proves who they are to
//! an online service with an SD-JWT VC.
//!
//! - The service ([`sign_request`], [`open_response`]): a signed request
//!   object (JAR, `typ` `oauth-authz-req+jwt`) with a [`DcqlQuery`] for
//!   exactly the claims it needs, its purpose in Vietnamese and English,
//!   a fresh nonce and state, and a key to encrypt the answer to
//!   (`response_mode` `direct_post.jwt`).
//! - Who the service is: the client identifier prefix
//!   `verifier_attestation:`. The request's header carries a verifier
//!   attestation (`typ` `verifier-attestation+jwt`) signed by an attester
//!   the trust list names ([`TrustedAttester`](crate::trust::TrustedAttester)):
//!   the service's identifier (`sub`), its name in both languages, where
//!   its answers may go (`redirect_uris`, matched exactly) and the key that signs its
//!   requests (`cnf.jwk`). A wallet checks it all offline with its cached
//!   trust list ([`verify_request`]).
//! - The wallet's answer ([`encrypt_response`]): an SD-JWT VC presentation
//!   per credential query, with a key binding JWT over the request's
//!   nonce and `client_id`, encrypted (ECDH-ES, A128GCM) to the service.
//!
//! `docs/online.md` describes the flows, the trust model and what a
//! service learns.

mod dcql;
mod error;
pub mod jwe;
#[cfg(feature = "test-support")]
pub mod perf;
mod request;
mod response;
mod wallet;

use serde::{Deserialize, Serialize};

pub use dcql::{ClaimQuery, CredentialMeta, CredentialQuery, DcqlQuery};
pub use error::{PresentError, RequestError, ResponseError};
pub use request::{
    AttestationParams, RequestLink, RequestParams, VerifiedRequest, attest, request_link,
    sign_request, verify_request,
};
pub use response::{
    Answer, Presented, ServiceSession, encrypt_response, error_payload, open_response,
    vp_token_payload,
};
pub use wallet::{
    Consent, ConsentMatch, PresentOptions, PresentOutcome, answer, fetch_request, prepare,
};

/// The client identifier prefix of a service attested by a trusted attester.
pub const CLIENT_ID_PREFIX: &str = "verifier_attestation:";
/// `typ` of a request object.
pub const REQUEST_TYP: &str = "oauth-authz-req+jwt";
/// `typ` of a verifier attestation.
pub const ATTESTATION_TYP: &str = "verifier-attestation+jwt";
/// The one response mode used and accepted: the answer is encrypted.
pub const RESPONSE_MODE: &str = "direct_post.jwt";
/// A request object's `aud` when the wallet is not known beforehand.
pub const SELF_ISSUED_AUD: &str = "https://self-issued.me/v2";
/// The scheme of a request link.
pub const LINK_SCHEME: &str = "openid4vp://";
/// The longest a request object may live (`exp` − `iat`).
pub const MAX_REQUEST_LIFETIME: time::Duration = time::Duration::minutes(10);

/// A text in Vietnamese and English, as a service states its name or
/// purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Words {
    /// Both texts.
    pub fn new(vi: &str, en: &str) -> Self {
        Self {
            vi: vi.to_owned(),
            en: en.to_owned(),
        }
    }

    /// Read from JSON, each text made printable and bounded (a service's
    /// words are shown to the citizen as they are).
    fn from_json(value: &serde_json::Value, max_chars: usize) -> Option<Self> {
        let text = |lang: &str| {
            value
                .get(lang)
                .and_then(serde_json::Value::as_str)
                .map(|t| crate::http::printable(t.trim(), max_chars))
                .filter(|t| !t.is_empty())
        };
        Some(Self {
            vi: text("vi")?,
            en: text("en")?,
        })
    }
}

#[cfg(test)]
mod tests;
