//! The core's error types. Messages name what is wrong, never a claim value,
//! a personal number or key material.

use thiserror::Error;

/// A key or signature operation failed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// Bytes that are not a P-256 public key on the curve.
    #[error("not a valid P-256 public key")]
    InvalidPublicKey,
    /// Bytes that are not a P-256 secret scalar.
    #[error("not a valid P-256 secret key")]
    InvalidSecretKey,
    /// A signature that is not a valid ECDSA P-256 signature for the purpose.
    #[error("invalid ECDSA signature")]
    InvalidSignature,
    /// The signer refused or failed.
    #[error("the device key could not sign")]
    Signing,
    /// The operating system's random generator failed.
    #[error("no randomness available from the operating system")]
    Randomness,
}

/// Why a payload could not be parsed (the verifier's `Malformed` reason).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatError {
    /// The text does not start with a known version prefix.
    #[error("not a Vidi proof: expected the prefix VD1: or VD2:")]
    Prefix,
    /// A version this build does not read.
    #[error("unsupported proof format version {0}")]
    UnsupportedVersion(u8),
    /// Not valid Base45.
    #[error("the payload is not valid Base45")]
    Base45,
    /// The bytes end before the structure does.
    #[error("the payload is truncated")]
    Truncated,
    /// Bytes left over after the structure.
    #[error("the payload has {0} unexpected trailing bytes")]
    Trailing(usize),
    /// Reserved flag bits are set.
    #[error("reserved header bits are set")]
    ReservedBits,
    /// A credential kind this build does not know.
    #[error("unknown credential kind {0}/{1}")]
    UnknownKind(u8, u8),
    /// The disclosure mask names slots the credential does not have.
    #[error("the disclosure mask names claims the credential does not have")]
    Mask,
    /// A disclosed value does not decode as its claim's type.
    #[error("the disclosed value of {0} is not valid")]
    ClaimValue(&'static str),
    /// A nonce or audience field is empty or too long.
    #[error("the {0} field has an invalid length")]
    FieldLength(&'static str),
    /// A format 2 time outside what the format carries: an expiry day of 0
    /// or past 2106, a presentation time before 1970.
    #[error("the {0} is out of range")]
    Time(&'static str),
}

/// Building a credential or a presentation failed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProofError {
    /// A key operation failed.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A claim was asked for that this credential kind does not carry.
    #[error("the credential has no claim {0}")]
    NoSuchClaim(String),
    /// The credential's claims do not fit its kind.
    #[error("the claims do not match the credential kind")]
    ClaimsMismatch,
    /// A nonce or audience that is empty, too long (32 and 64 bytes at most)
    /// or holds control characters.
    #[error("the {0} is empty, too long or has control characters")]
    TooLong(&'static str),
    /// The device key does not match the key the credential is bound to.
    #[error("the device key is not the one this credential is bound to")]
    WrongDeviceKey,
    /// The document does not give the claims this credential kind needs.
    #[error("the document cannot back a {0} credential")]
    WrongDocument(&'static str),
    /// The document is not valid yet.
    #[error("the document is not valid yet")]
    NotYetValid,
    /// The document has expired: a credential of it would be expired when issued.
    #[error("the document has expired")]
    Expired,
    /// A credential kind the format cannot carry (an age threshold outside 1-120).
    #[error("the credential kind cannot be carried")]
    InvalidKind,
    /// A credential shown whole (format 2's preset and one-claim kinds) was
    /// asked for only some of its claims.
    #[error("this credential is shown whole, not claim by claim")]
    ShownWhole,
    /// A time outside the range the format can carry (1970 to 2106; in
    /// format 2 an expiry at a midnight in Vietnam, a proof made at most
    /// 194 days before it, a status index below 2^24).
    #[error("time out of range")]
    TimeRange,
    /// The QR could not be drawn.
    #[error("QR rendering failed: {0}")]
    Qr(String),
}
