//! Where the user is: the screens, the citizen/verifier mode.

/// A screen the user can be sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Route {
    /// First run.
    Setup,
    /// The unlock screen.
    Unlock,
    /// The citizen's documents.
    Documents,
    /// One document as its card.
    DocumentDetail {
        /// The document.
        id: String,
    },
    /// A document's QR code.
    ShowQr {
        /// The document.
        id: String,
    },
    /// Accepting an offer; `link` when it came as a deep link.
    AcceptOffer {
        /// The offer link, when known.
        link: Option<String>,
    },
    /// Signing in to an online service (OpenID4VP); `link` when it came
    /// as a deep link, else the screen scans the service's QR code.
    Present {
        /// The request link (`openid4vp://…`), when known.
        link: Option<String>,
    },
    /// The activity log.
    ActivityLog,
    /// Backup and restore.
    Backup,
    /// The verifier's scanner and verdict.
    Verifier,
}

/// Who uses the app now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Mode {
    /// The citizen showing their documents.
    #[default]
    Citizen,
    /// An officer checking someone's documents.
    Verifier,
}

/// Whether a deep link is an online service's sign-in request
/// (OpenID4VP) rather than a document offer.
pub(crate) fn is_request_link(uri: &str) -> bool {
    let scheme = uri.trim_start().split(':').next().unwrap_or_default();
    ["openid4vp", "haip-vp"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s))
}
