//! Why an SD-JWT VC or a presentation of one was refused. The words name a
//! part or a rule, never a claim value, a salt or key material.

use crate::error::{KeyError, ProofError};

/// An SD-JWT VC could not be issued, read, verified or presented.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SdJwtError {
    /// The text is not an SD-JWT: `<JWT>~<disclosure>~...~[<KB-JWT>]`, or
    /// one of its parts is not base64url JSON. Names the part.
    #[error("the SD-JWT is malformed: {0}")]
    Malformed(&'static str),
    /// The issuer-signed JWT's header is not what an SD-JWT VC has (`alg`
    /// ES256, `typ` dc+sd-jwt, no `crit`). Names the field.
    #[error("the SD-JWT's header field {0} is missing or not accepted")]
    Header(&'static str),
    /// No key trusted for this issuer, key id and credential type.
    #[error("no trusted key of this issuer signs this type of credential with this key id")]
    UnknownKey,
    /// The issuer's signature does not verify.
    #[error("the issuer's signature does not verify")]
    Signature,
    /// A registered claim (`iss`, `iat`, `exp`, `vct`, `cnf`, `status`, ...)
    /// is missing or wrong. Names the claim.
    #[error("the credential's {0} claim is missing or wrong")]
    Claim(&'static str),
    /// `exp` has passed.
    #[error("the credential has expired")]
    Expired,
    /// `nbf` or `iat` is in the future.
    #[error("the credential is not valid yet")]
    NotYetValid,
    /// `_sd_alg` is not `sha-256`, the one digest this implementation takes.
    #[error("the credential's digest algorithm is not sha-256")]
    DigestAlgorithm,
    /// A disclosure is not a base64url JSON array of salt, name and value
    /// (or salt and value for an array element).
    #[error("a disclosure is malformed")]
    Disclosure,
    /// The same disclosure twice, or the same digest twice in the payload.
    #[error("a disclosure or a digest appears twice")]
    Duplicate,
    /// A disclosure whose digest the issuer did not sign.
    #[error("a disclosure matches no digest the issuer signed")]
    Unreferenced,
    /// A disclosure names a claim the payload already has, or a reserved
    /// name (`_sd`, `...`), or a registered claim that must not be
    /// selectively disclosed.
    #[error("a disclosure names a claim that is already present or may not be disclosed")]
    ClaimClash,
    /// A claim was asked for that the credential does not hold (its
    /// machine name, never a value).
    #[error("the credential holds no claim named {0}")]
    NoSuchClaim(String),
    /// The device key asked to sign is not the one the credential is bound to.
    #[error("the device key is not the one this credential is bound to")]
    KeyMismatch,
    /// The key binding JWT is missing or does not hold.
    #[error("key binding: {0}")]
    KeyBinding(#[from] KeyBindingError),
    /// The document cannot give a credential (expired, not valid yet, ...).
    #[error("the document cannot be issued: {0}")]
    Document(#[from] ProofError),
    /// A key operation or the random generator failed.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// Why a presentation's key binding JWT (`kb+jwt`) was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyBindingError {
    /// The presentation ends in `~`: no key binding JWT.
    #[error("the presentation has no key binding JWT")]
    Missing,
    /// Not a compact ES256 JWS with `typ` kb+jwt and JSON parts, or a
    /// `crit` header.
    #[error("the key binding JWT is malformed or its header is not accepted")]
    Malformed,
    /// Not signed by the device key the credential is bound to.
    #[error("the key binding JWT is not signed by the credential's device key")]
    Signature,
    /// Another nonce than the verifier's.
    #[error("the key binding JWT answers another nonce")]
    Nonce,
    /// Another audience than the verifier.
    #[error("the key binding JWT is for another verifier")]
    Audience,
    /// `iat` missing, too old, or in the future.
    #[error("the key binding JWT was made too long ago or in the future")]
    IssuedAt,
    /// `sd_hash` does not cover this very SD-JWT and these disclosures.
    #[error("the key binding JWT covers other disclosures than the presentation's")]
    SdHash,
}
