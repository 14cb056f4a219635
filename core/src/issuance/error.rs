//! Why an issuance failed. Messages name a step, an endpoint or a rule;
//! never a code, a PIN, a token, a URL or anything from a document.

use thiserror::Error;

use crate::http::{Endpoint, HttpError, NetworkProblem, printable};
use crate::store::StoreError;
use crate::trust::SignedListError;

/// Longest server `error_description` kept, in characters.
const MAX_DESCRIPTION: usize = 200;

/// Why an offer could not be accepted.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum IssuanceError {
    /// The link or the offer it leads to is not a usable credential offer.
    #[error("the credential offer is not valid: {0}")]
    InvalidOffer(&'static str),
    /// The offer asks for a PIN and none was given.
    #[error("this offer needs the PIN the issuer sent separately")]
    PinRequired,
    /// The issuer refused the PIN.
    #[error("wrong PIN{}", tries_left.map(|n| format!(" ({n} tr{} left)", if n == 1 { "y" } else { "ies" })).unwrap_or_default())]
    WrongPin {
        /// How many more tries the offer allows, when the issuer says.
        tries_left: Option<u32>,
    },
    /// The offer was already redeemed (by this wallet or another).
    #[error("this offer has already been used")]
    OfferUsed,
    /// The offer no longer works: too many wrong PINs.
    #[error("this offer was blocked after too many wrong PINs; ask the issuer for a new one")]
    OfferBurned,
    /// The issuer no longer accepts the offer: its code is unknown or
    /// expired, or (for an offer given by reference, whose address then
    /// leads nowhere) it was used or blocked.
    #[error("the issuer no longer accepts this offer (unknown, expired, used or blocked)")]
    InvalidGrant,
    /// The issuer could not be reached.
    #[error("{}", crate::http::trust::network_words("issuer", *endpoint, *problem))]
    Network {
        /// Where the request went.
        endpoint: Endpoint,
        /// What went wrong.
        problem: NetworkProblem,
    },
    /// The issuer answered with an error.
    #[error(
        "the issuer refused the {endpoint} request (HTTP {status}): {error}{}",
        description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
    )]
    ServerRefused {
        /// Where the request went.
        endpoint: Endpoint,
        /// The HTTP status.
        status: u16,
        /// The OAuth error code (`invalid_proof`, `invalid_token`, ...), or
        /// `http_<status>` when the body was not an OAuth error.
        error: String,
        /// The server's words for a developer, made printable and shortened.
        description: Option<String>,
    },
    /// The issuer's answer does not follow the protocol.
    #[error("the issuer's {endpoint} answer is not valid: {reason}")]
    UnexpectedResponse {
        /// Which answer.
        endpoint: Endpoint,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An issued credential does not check out (kind, device key, issuer
    /// signature, claims); nothing was stored.
    #[error("an issued credential is not valid: {0}")]
    InvalidCredential(&'static str),
    /// The main credential's claims do not make a valid document.
    #[error("the issued document is not valid: {0}")]
    InvalidDocument(#[from] super::document::DocumentClaimsError),
    /// The issuer's trust list could not be verified.
    #[error("the issuer's trust list: {0}")]
    TrustList(#[from] SignedListError),
    /// The wallet refused (locked, device key store failed, ...).
    #[error("wallet: {0}")]
    Store(#[from] StoreError),
    /// Cancelled through [`super::CancelFlag`].
    #[error("cancelled")]
    Cancelled,
}

/// Why one document of an offer was not stored while the others were.
/// Names a rule or the issuer's error code, never a value from the document.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DocumentRefusal {
    /// The document has expired: the issuer said so (`vidi_reason`
    /// `document_expired`), or its credential had already expired when it
    /// arrived.
    #[error("the document has expired")]
    Expired,
    /// Its credential does not check out (kind, device key, issuer
    /// signature, claims).
    #[error("an issued credential is not valid: {0}")]
    InvalidCredential(&'static str),
    /// Its main credential's claims do not make a valid document.
    #[error("the issued document is not valid: {0}")]
    InvalidDocument(super::document::DocumentClaimsError),
    /// The issuer would not issue it.
    #[error(
        "the issuer would not issue it (HTTP {status}): {error}{}",
        description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
    )]
    IssuerRefused {
        /// The HTTP status.
        status: u16,
        /// The OAuth error code (`invalid_credential_request`, ...).
        error: String,
        /// The server's words for a developer, made printable and shortened.
        description: Option<String>,
    },
}

impl DocumentRefusal {
    /// A stable machine code: `expired`, `invalid_credential`,
    /// `invalid_document`, `issuer_refused`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Expired => "expired",
            Self::InvalidCredential(_) => "invalid_credential",
            Self::InvalidDocument(_) => "invalid_document",
            Self::IssuerRefused { .. } => "issuer_refused",
        }
    }

    /// The refusal of one document that `e` is, or `e` back when it
    /// concerns the whole offer (the network, the token, the wallet, ...).
    pub(crate) fn of(e: IssuanceError) -> Result<Self, IssuanceError> {
        match e {
            IssuanceError::InvalidCredential(reason) => Ok(Self::InvalidCredential(reason)),
            IssuanceError::InvalidDocument(e) => Ok(Self::InvalidDocument(e)),
            // The issuer will not issue this configuration; the token and
            // the proofs were fine.
            IssuanceError::ServerRefused {
                endpoint: Endpoint::Credential,
                status,
                error,
                description,
            } if matches!(
                error.as_str(),
                "invalid_credential_request" | "unknown_credential_configuration"
            ) =>
            {
                Ok(Self::IssuerRefused {
                    status,
                    error,
                    description,
                })
            }
            e => Err(e),
        }
    }
}

impl From<DocumentRefusal> for IssuanceError {
    fn from(refusal: DocumentRefusal) -> Self {
        match refusal {
            DocumentRefusal::Expired => Self::InvalidCredential("it has already expired"),
            DocumentRefusal::InvalidCredential(reason) => Self::InvalidCredential(reason),
            DocumentRefusal::InvalidDocument(e) => Self::InvalidDocument(e),
            DocumentRefusal::IssuerRefused {
                status,
                error,
                description,
            } => Self::ServerRefused {
                endpoint: Endpoint::Credential,
                status,
                error,
                description,
            },
        }
    }
}

impl IssuanceError {
    /// A stable machine code: `wrong_pin`, `network`, `server_refused`, ...
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidOffer(_) => "invalid_offer",
            Self::PinRequired => "pin_required",
            Self::WrongPin { .. } => "wrong_pin",
            Self::OfferUsed => "offer_used",
            Self::OfferBurned => "offer_burned",
            Self::InvalidGrant => "invalid_grant",
            Self::Network { .. } => "network",
            Self::ServerRefused { .. } => "server_refused",
            Self::UnexpectedResponse { .. } => "unexpected_response",
            Self::InvalidCredential(_) => "invalid_credential",
            Self::InvalidDocument(_) => "invalid_document",
            Self::TrustList(_) => "trust_list",
            Self::Store(_) => "store",
            Self::Cancelled => "cancelled",
        }
    }

    /// A failed request to `endpoint` in issuance terms (no special OAuth
    /// meaning; see [`token_error`] for the token endpoint's).
    pub(crate) fn from_http(endpoint: Endpoint, e: HttpError) -> Self {
        match e {
            // An offer by reference is served only while it can be redeemed.
            HttpError::Status(status, _)
                if endpoint == Endpoint::Offer && matches!(status.as_u16(), 404 | 410) =>
            {
                Self::InvalidGrant
            }
            // What one access token may obtain is spent: read from the
            // issuer's machine-readable reason, not its words.
            HttpError::Status(_, Some(oauth))
                if endpoint == Endpoint::Credential
                    && matches!(
                        oauth.vidi_reason.as_deref(),
                        Some("allowance_used" | "allowance_exceeded")
                    ) =>
            {
                Self::OfferUsed
            }
            HttpError::Network(problem) => Self::Network { endpoint, problem },
            HttpError::Status(status, oauth) => {
                let (error, description) = match oauth {
                    Some(o) => (
                        printable(&o.error, 64),
                        o.error_description.map(|d| printable(&d, MAX_DESCRIPTION)),
                    ),
                    None => (format!("http_{}", status.as_u16()), None),
                };
                Self::ServerRefused {
                    endpoint,
                    status: status.as_u16(),
                    error,
                    description,
                }
            }
            HttpError::Body(reason) => Self::UnexpectedResponse { endpoint, reason },
            HttpError::Url => Self::UnexpectedResponse {
                endpoint,
                reason: "an endpoint is not an HTTPS URL",
            },
        }
    }
}

/// A failed token request. `invalid_grant` covers a wrong PIN, a used offer,
/// a blocked offer and an unknown or expired code. The issuer's
/// machine-readable `vidi_reason` (and `tries_left`) tell them apart; an
/// issuer that sends no (or an unknown) reason is read as before: its
/// `error_description` when it says so, and otherwise a refused request
/// that carried a PIN is taken as a wrong PIN.
pub(crate) fn token_error(e: HttpError, pin_sent: bool) -> IssuanceError {
    let HttpError::Status(_, Some(oauth)) = &e else {
        return IssuanceError::from_http(Endpoint::Token, e);
    };
    if let Some(known) = token_reason(oauth) {
        return known;
    }
    let description = oauth
        .error_description
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let says = |words: &[&str]| words.iter().any(|w| description.contains(w));
    match oauth.error.as_str() {
        "invalid_request" if !pin_sent && says(&["tx_code", "pin"]) => IssuanceError::PinRequired,
        "invalid_grant" | "offer_used" | "offer_burned" | "invalid_tx_code" => {
            if oauth.error == "offer_burned"
                || says(&[
                    "burn",
                    "blocked",
                    "too many",
                    "locked",
                    "attempts exhausted",
                ])
            {
                IssuanceError::OfferBurned
            } else if oauth.error == "offer_used"
                || says(&[
                    "already used",
                    "already been used",
                    "redeemed",
                    "used up",
                    "was used",
                ])
            {
                IssuanceError::OfferUsed
            } else if oauth.error == "invalid_tx_code"
                || says(&["tx_code", "pin", "transaction code"])
                || (pin_sent && !says(&["expired", "unknown"]))
            {
                IssuanceError::WrongPin {
                    tries_left: tries_left(&description),
                }
            } else {
                IssuanceError::InvalidGrant
            }
        }
        _ => IssuanceError::from_http(Endpoint::Token, e),
    }
}

/// What the issuer's `vidi_reason` says, if it sends one this wallet knows.
fn token_reason(oauth: &crate::oid4vci::OAuthError) -> Option<IssuanceError> {
    Some(match oauth.vidi_reason.as_deref()? {
        "wrong_pin" => IssuanceError::WrongPin {
            tries_left: oauth.tries_left,
        },
        "pin_required" => IssuanceError::PinRequired,
        "offer_burned" => IssuanceError::OfferBurned,
        "offer_used" => IssuanceError::OfferUsed,
        "offer_expired" | "unknown_code" => IssuanceError::InvalidGrant,
        _ => return None,
    })
}

/// `N` of "... N tries left" / "N try left".
fn tries_left(description: &str) -> Option<u32> {
    let words: Vec<&str> = description
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(3).find_map(|w| {
        (matches!(w[1], "tries" | "try" | "attempts" | "attempt") && w[2] == "left")
            .then(|| w[0].parse().ok())
            .flatten()
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::oid4vci::OAuthError;
    use reqwest::StatusCode;

    fn refused(error: &str, description: Option<&str>) -> HttpError {
        HttpError::Status(
            StatusCode::BAD_REQUEST,
            Some(OAuthError::new(error, description.map(str::to_owned))),
        )
    }

    fn reasoned(description: &str, reason: &str, tries_left: Option<u32>) -> HttpError {
        HttpError::Status(
            StatusCode::BAD_REQUEST,
            Some(OAuthError {
                vidi_reason: Some(reason.into()),
                tries_left,
                ..OAuthError::new("invalid_grant", Some(description.into()))
            }),
        )
    }

    #[test]
    fn a_spent_allowance_at_the_credential_endpoint_is_a_used_offer() {
        for reason in ["allowance_used", "allowance_exceeded"] {
            let e = IssuanceError::from_http(
                Endpoint::Credential,
                reasoned("words that say nothing of it", reason, None),
            );
            assert!(matches!(e, IssuanceError::OfferUsed), "{reason}: {e}");
            // The whole offer, not one document.
            assert!(DocumentRefusal::of(e).is_err());
        }
        // Without the reason (or at another endpoint) it stays a refusal.
        let e = IssuanceError::from_http(
            Endpoint::Credential,
            refused("invalid_credential_request", Some("allowance used up")),
        );
        assert!(matches!(e, IssuanceError::ServerRefused { .. }), "{e}");
        let e = IssuanceError::from_http(Endpoint::Nonce, reasoned("x", "allowance_used", None));
        assert!(matches!(e, IssuanceError::ServerRefused { .. }), "{e}");
    }

    #[test]
    fn the_reason_field_decides_not_the_description() {
        // Descriptions that, read as text, would say something else.
        let cases: [(&str, &str, Option<u32>, &str); 6] = [
            ("the code has expired", "wrong_pin", Some(3), "wrong_pin"),
            ("wrong PIN", "offer_burned", None, "offer_burned"),
            ("wrong PIN", "offer_used", None, "offer_used"),
            ("wrong PIN", "offer_expired", None, "invalid_grant"),
            ("bad PIN", "unknown_code", None, "invalid_grant"),
            ("", "pin_required", None, "pin_required"),
        ];
        for (description, reason, tries, code) in cases {
            let e = token_error(reasoned(description, reason, tries), true);
            assert_eq!(e.code(), code, "{reason}");
        }
        // tries_left comes from the field, not from the words.
        let e = token_error(
            reasoned("wrong PIN; 4 tries left", "wrong_pin", Some(2)),
            true,
        );
        assert!(matches!(
            e,
            IssuanceError::WrongPin {
                tries_left: Some(2)
            }
        ));
        let e = token_error(reasoned("wrong PIN; 4 tries left", "wrong_pin", None), true);
        assert!(matches!(e, IssuanceError::WrongPin { tries_left: None }));
        // An unknown reason falls back to the description.
        let e = token_error(
            reasoned("the offer was burned", "something_new", None),
            true,
        );
        assert!(matches!(e, IssuanceError::OfferBurned));
    }

    #[test]
    fn token_errors_are_told_apart() {
        // The descriptions vidi-server-mock gives.
        let wrong = token_error(
            refused("invalid_grant", Some("wrong PIN; 2 tries left")),
            true,
        );
        assert!(matches!(
            wrong,
            IssuanceError::WrongPin {
                tries_left: Some(2)
            }
        ));
        assert_eq!(wrong.to_string(), "wrong PIN (2 tries left)");
        let last = token_error(
            refused("invalid_grant", Some("wrong PIN; 1 tries left")),
            true,
        );
        assert_eq!(last.to_string(), "wrong PIN (1 try left)");
        let now_burned = token_error(
            refused("invalid_grant", Some("wrong PIN; the offer is now burned")),
            true,
        );
        assert!(matches!(now_burned, IssuanceError::OfferBurned));
        let was_burned = token_error(
            refused(
                "invalid_grant",
                Some("the offer was burned after too many wrong PINs"),
            ),
            true,
        );
        assert!(matches!(was_burned, IssuanceError::OfferBurned));
        let used = token_error(
            refused(
                "invalid_grant",
                Some("the pre-authorized code was already used"),
            ),
            true,
        );
        assert!(matches!(used, IssuanceError::OfferUsed));
        let unknown = token_error(
            refused("invalid_grant", Some("unknown pre-authorized code")),
            true,
        );
        assert!(matches!(unknown, IssuanceError::InvalidGrant));
        let expired = token_error(
            refused("invalid_grant", Some("the pre-authorized code has expired")),
            true,
        );
        assert!(matches!(expired, IssuanceError::InvalidGrant));
        let missing = token_error(
            refused("invalid_request", Some("tx_code (the PIN) is required")),
            false,
        );
        assert!(matches!(missing, IssuanceError::PinRequired));
        // Other issuers' words.
        let wrong = token_error(refused("invalid_grant", Some("wrong tx_code")), true);
        assert!(matches!(
            wrong,
            IssuanceError::WrongPin { tries_left: None }
        ));
        let bare = token_error(refused("invalid_grant", None), true);
        assert!(matches!(bare, IssuanceError::WrongPin { .. }));
        let no_pin = token_error(refused("invalid_grant", None), false);
        assert!(matches!(no_pin, IssuanceError::InvalidGrant));
        let other = token_error(refused("invalid_request", Some("bad\nform")), true);
        match other {
            IssuanceError::ServerRefused {
                endpoint,
                status,
                error,
                description,
            } => {
                assert_eq!(endpoint, Endpoint::Token);
                assert_eq!(status, 400);
                assert_eq!(error, "invalid_request");
                assert_eq!(description.as_deref(), Some("bad form"));
            }
            e => panic!("{e:?}"),
        }
        let net = token_error(HttpError::Network(NetworkProblem::Timeout), true);
        assert_eq!(net.code(), "network");
        assert_eq!(
            net.to_string(),
            "network: the issuer's token endpoint: timed out"
        );
    }

    #[test]
    fn other_errors_keep_status_and_code() {
        let e = IssuanceError::from_http(
            Endpoint::Credential,
            HttpError::Status(
                StatusCode::UNAUTHORIZED,
                Some(OAuthError::new("invalid_token", None)),
            ),
        );
        assert_eq!(
            e.to_string(),
            "the issuer refused the credential request (HTTP 401): invalid_token"
        );
        let plain = IssuanceError::from_http(
            Endpoint::Nonce,
            HttpError::Status(StatusCode::NOT_FOUND, None),
        );
        assert!(plain.to_string().contains("http_404"));
        // A used, blocked or expired offer by reference is no longer served.
        let gone = IssuanceError::from_http(
            Endpoint::Offer,
            HttpError::Status(StatusCode::NOT_FOUND, None),
        );
        assert!(matches!(gone, IssuanceError::InvalidGrant));
        let body = IssuanceError::from_http(Endpoint::Nonce, HttpError::Body("not JSON"));
        assert_eq!(body.code(), "unexpected_response");
    }
}
