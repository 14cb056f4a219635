//! The two error types: [`Error`], a refusal or failure answered to one
//! request as an OAuth-style JSON body, and [`StartError`], why the server
//! did not start.
//!
//! Descriptions are for developers and never carry personal data, codes,
//! PINs, tokens or key material.

use std::borrow::Cow;

use axum::http::StatusCode;
use vidi_core::oid4vci::OAuthError;

/// A request refused (4xx) or failed (5xx), with its OAuth error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The HTTP status.
    pub status: StatusCode,
    /// The OAuth `error` code: `invalid_grant`, `invalid_proof`, ...
    pub code: &'static str,
    /// The `error_description`.
    pub description: Cow<'static, str>,
    /// The machine-readable `vidi_reason` (see [`OAuthError::vidi_reason`]).
    pub reason: Option<&'static str>,
    /// `tries_left`, with a wrong PIN.
    pub tries_left: Option<u32>,
}

/// What the functions of this crate return.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    fn new(
        status: StatusCode,
        code: &'static str,
        description: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            status,
            code,
            description: description.into(),
            reason: None,
            tries_left: None,
        }
    }

    /// The same error with a machine-readable `vidi_reason`.
    #[must_use]
    pub fn with_reason(mut self, reason: &'static str) -> Self {
        self.reason = Some(reason);
        self
    }

    /// The same error with `tries_left`.
    #[must_use]
    pub fn with_tries_left(mut self, tries_left: u32) -> Self {
        self.tries_left = Some(tries_left);
        self
    }

    /// 400 `invalid_request`: a missing or malformed parameter or body.
    pub fn invalid_request(description: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    /// 400 `invalid_grant`: an unknown, used, expired or burned
    /// pre-authorized code, or a wrong PIN.
    pub fn invalid_grant(description: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_grant", description)
    }

    /// 400 `unsupported_grant_type`.
    pub fn unsupported_grant_type() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only the pre-authorized code grant is supported",
        )
    }

    /// 401 `invalid_token`: a missing, unknown or expired bearer token.
    pub fn invalid_token(description: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "invalid_token", description)
    }

    /// 403 `access_denied`: a request the admin API does not take from
    /// where it came (another website, a foreign `Host`).
    pub fn forbidden(description: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "access_denied", description)
    }

    /// 400 `invalid_credential_request`.
    pub fn invalid_credential_request(description: impl Into<Cow<'static, str>>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_credential_request",
            description,
        )
    }

    /// 400 `unknown_credential_configuration`.
    pub fn unknown_credential_configuration() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "unknown_credential_configuration",
            "no such credential configuration in the issuer metadata",
        )
    }

    /// 400 `invalid_proof`: a key proof missing, malformed, badly signed or
    /// for another audience.
    pub fn invalid_proof(description: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_proof", description)
    }

    /// 400 `invalid_nonce`: a proof's nonce is unknown, used or expired.
    pub fn invalid_nonce() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_nonce",
            "the proof's nonce is unknown, used or expired: get a new one from the nonce endpoint",
        )
        .with_reason("invalid_nonce")
    }

    /// 404 `not_found`.
    pub fn not_found(description: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", description)
    }

    /// 409 `invalid_request`: the change does not apply in the current state.
    pub fn conflict(description: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::CONFLICT, "invalid_request", description)
    }

    /// 503 `temporarily_unavailable`.
    pub fn unavailable(description: impl Into<Cow<'static, str>>) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "temporarily_unavailable",
            description,
        )
    }

    /// 500 `server_error`. `what` is written to stderr (it must carry no
    /// personal data); the client gets a generic description.
    pub fn internal(what: impl std::fmt::Display) -> Self {
        eprintln!("vidi-server-mock: internal error: {what}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "internal error; see the server's log",
        )
    }

    /// The JSON body.
    pub fn body(&self) -> OAuthError {
        OAuthError {
            error: self.code.to_owned(),
            error_description: Some(self.description.clone().into_owned()),
            vidi_reason: self.reason.map(str::to_owned),
            tries_left: self.tries_left,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.description
        )
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Self::internal(format_args!("database: {e}"))
    }
}

impl From<vidi_core::error::KeyError> for Error {
    fn from(e: vidi_core::error::KeyError) -> Self {
        Self::internal(format_args!("key: {e}"))
    }
}

impl From<vidi_core::oid4vci::JwsError> for Error {
    fn from(e: vidi_core::oid4vci::JwsError) -> Self {
        Self::internal(format_args!("JWS: {e}"))
    }
}

impl From<vidi_core::sdjwt::SdJwtError> for Error {
    fn from(e: vidi_core::sdjwt::SdJwtError) -> Self {
        Self::internal(format_args!("SD-JWT: {e}"))
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Self::internal(format_args!("JSON: {e}"))
    }
}

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The listen address is not a loopback address and no admin token was given.
    #[error(
        "--listen {0} is not a loopback address: give an --admin-token (or VIDI_ADMIN_TOKEN) \
         to protect the admin API"
    )]
    AdminTokenRequired(std::net::SocketAddr),
    /// A setting is out of range.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The data directory was seeded with another seed.
    #[error(
        "the data directory was seeded with --seed {stored}, not {requested}: \
         pass --seed {stored} or use another --data-dir"
    )]
    SeedMismatch {
        /// The seed in the database.
        stored: u64,
        /// The seed asked for.
        requested: u64,
    },
    /// The database is of a newer schema than this build knows.
    #[error("the database has schema version {found}; this build knows up to {supported}")]
    SchemaTooNew {
        /// Found in the file.
        found: u32,
        /// Known to this build.
        supported: u32,
    },
    /// The data directory or the socket failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The failure.
        source: std::io::Error,
    },
    /// The database, a key or the seeding failed.
    #[error("{0}")]
    Setup(String),
}

impl From<Error> for StartError {
    fn from(e: Error) -> Self {
        Self::Setup(e.description.into_owned())
    }
}

impl From<rusqlite::Error> for StartError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Setup(format!("database: {e}"))
    }
}
