//! Why a request, a response or a presentation was refused. No variant
//! carries a claim value, a nonce or a key.

use crate::http::{Endpoint, NetworkProblem};
use crate::oid4vci::OAuthError;
use crate::sdjwt::SdJwtError;
use crate::store::StoreError;

use super::jwe::JweError;

/// A request the wallet will not answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// Not an `openid4vp://` link (or its JSON) with `client_id` and
    /// `request_uri` or `request`.
    #[error("not a presentation request: {0}")]
    Link(&'static str),
    /// The request is not signed: plain parameters, or `alg` `none`.
    #[error("the request is not signed")]
    Unsigned,
    /// The request object or its attestation is not a well-formed JWT.
    #[error("the request is malformed: {0}")]
    Malformed(&'static str),
    /// The attestation is not signed by an attester the trust list names
    /// (unknown key id, out of its validity, or a signature that fails).
    #[error("the service is not registered by anyone this wallet trusts")]
    UnknownService,
    /// The attestation has expired or is not valid yet.
    #[error("the service's registration has expired or is not valid yet")]
    AttestationExpired,
    /// `client_id` differs between the link, the request and the
    /// attestation, or uses another prefix.
    #[error("the request's client_id does not match who signed it")]
    ClientIdMismatch,
    /// The request is not signed by the key the attestation names.
    #[error("the request is not signed by the service's key")]
    Signature,
    /// `exp` has passed (or `iat` is too old, or the request lives longer
    /// than allowed).
    #[error("the request has expired")]
    Expired,
    /// `iat` is in the future.
    #[error("the request is dated in the future")]
    NotYetValid,
    /// This wallet already answered this request (same service and nonce).
    #[error("the request was already answered")]
    Replayed,
    /// The answer would go somewhere the attestation does not allow.
    #[error("the request sends the answer to an address its service does not own")]
    ResponseUri,
    /// Not `response_type` vp_token with `response_mode` direct_post.jwt.
    #[error("the request asks for an unencrypted or unknown response mode")]
    ResponseMode,
    /// No P-256 key to encrypt the answer to, or no content encryption
    /// this wallet has.
    #[error("the request gives no key to encrypt the answer to")]
    EncryptionKey,
    /// The DCQL query asks in a way this wallet does not answer.
    #[error("the request's query is not understood: {0}")]
    Query(&'static str),
}

/// A response the service will not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The JWE does not open with this session's key: made for another
    /// session or service, or changed.
    #[error("the response is not encrypted to this session: {0}")]
    Encryption(#[from] JweError),
    /// Not the JSON of an authorization response.
    #[error("the response is malformed: {0}")]
    Malformed(&'static str),
    /// `state` is another session's.
    #[error("the response answers another session")]
    State,
    /// A credential query has no presentation, or an unasked one came.
    #[error("the response does not answer the query: {0}")]
    Query(&'static str),
    /// A presentation failed its checks (issuer signature, disclosures,
    /// key binding: nonce, audience, time).
    #[error("presentation {id}: {error}")]
    Presentation {
        /// The credential query id.
        id: String,
        /// What failed.
        error: SdJwtError,
    },
    /// A presentation is of a type the query did not ask for.
    #[error("presentation {0} is not of the type asked for")]
    Vct(String),
    /// A claim asked for was not disclosed.
    #[error("presentation {id} does not disclose {claim}")]
    MissingClaim {
        /// The credential query id.
        id: String,
        /// The claim's name.
        claim: String,
    },
    /// A claim not asked for was disclosed: the service keeps none.
    #[error("presentation {id} discloses {claim}, which was not asked for")]
    ExtraClaim {
        /// The credential query id.
        id: String,
        /// The claim's name.
        claim: String,
    },
}

/// Presenting to a service failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PresentError {
    /// The request was refused.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// The wallet holds no credential with these claims.
    #[error("the wallet holds no {document} with {}", missing.join(", "))]
    NotHeld {
        /// The credential type asked (`vct`).
        document: String,
        /// The claims missing (all of the query's when no such credential).
        missing: Vec<String>,
    },
    /// The wallet has no trust list to check services with.
    #[error("the wallet has no trust list yet: accept a document offer first")]
    NoTrustList,
    /// No answer from the service.
    #[error("{endpoint}: {problem}")]
    Network {
        /// Which request.
        endpoint: Endpoint,
        /// What happened.
        problem: NetworkProblem,
    },
    /// The service answered with an error.
    #[error("the service refused the answer ({status}): {}", .error.as_ref().map_or("no reason given", |e| e.error_description.as_deref().unwrap_or(&e.error)))]
    Refused {
        /// The HTTP status.
        status: u16,
        /// Its OAuth error, when it sent one.
        error: Option<OAuthError>,
    },
    /// The service's answer is not what OpenID4VP says.
    #[error("the service's answer is malformed: {0}")]
    Protocol(&'static str),
    /// Making the presentation failed.
    #[error(transparent)]
    SdJwt(#[from] SdJwtError),
    /// Encrypting the answer failed.
    #[error(transparent)]
    Jwe(#[from] JweError),
    /// The wallet store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
