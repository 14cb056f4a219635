//! Checks for what the citizen types or scans before anything is fetched:
//! the server address on the first-run screen and an offer link.

use vidi_core::issuance;

use crate::convert::DocumentType;
use crate::error::VidiError;

/// Checks a server address as typed and returns it normalised (trimmed, no
/// trailing slash): HTTPS, or plain HTTP only to this device (`localhost`,
/// `127.0.0.1`, `[::1]`) or the Android emulator's host `10.0.2.2`, the
/// same rule issuance and sync follow. Anything else is `InvalidInput`
/// with the reason in words.
#[uniffi::export]
pub fn check_server_url(url: String) -> Result<String, VidiError> {
    vidi_core::http::check_server_url(&url).map_err(|e| VidiError::invalid(e.to_string()))
}

/// An offer as its link tells it, before it is accepted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OfferInfo {
    /// The link, trimmed: what to hand to `acceptOffer`.
    pub link: String,
    /// The issuer's identifier; `None` for an offer by reference.
    pub issuer: Option<String>,
    /// The documents offered, each once; empty for an offer by reference.
    pub documents: Vec<DocumentType>,
    /// The link says only where to fetch the offer (`credential_offer_uri`).
    pub by_reference: bool,
    /// Ask the citizen for the offer's PIN (always for an offer by reference).
    pub needs_pin: bool,
}

/// Reads an offer link (scanned, opened as a deep link or pasted; the
/// offer's bare JSON too) offline. Not an offer is `InvalidInput`.
#[uniffi::export]
pub fn read_offer(link: String) -> Result<OfferInfo, VidiError> {
    let link = link.trim().to_owned();
    let info = issuance::offer_info(&link).map_err(|e| VidiError::invalid(e.to_string()))?;
    Ok(OfferInfo {
        link,
        issuer: info.issuer,
        documents: info.documents.into_iter().map(DocumentType::from).collect(),
        by_reference: info.by_reference,
        needs_pin: info.needs_pin,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_come_back_normalised_or_refused() {
        assert_eq!(
            check_server_url(" http://10.0.2.2:8080/ ".into()).unwrap(),
            "http://10.0.2.2:8080"
        );
        let refused = check_server_url("http://issuer.example".into()).unwrap_err();
        let VidiError::InvalidInput { reason } = refused else {
            panic!("{refused:?}");
        };
        assert!(reason.contains("https://"), "{reason}");
        assert!(matches!(
            check_server_url("issuer".into()),
            Err(VidiError::InvalidInput { .. })
        ));
    }

    #[test]
    fn offers_are_read_offline() {
        let json = r#"{"credential_issuer":"https://issuer.example",
            "credential_configuration_ids":["driving_licence","licence_class_B"],
            "grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":
            {"pre-authorized_code":"abc","tx_code":{"length":6}}}}"#;
        let info = read_offer(format!("\n{json}  ")).unwrap();
        assert_eq!(info.link, json);
        assert_eq!(info.issuer.as_deref(), Some("https://issuer.example"));
        assert_eq!(info.documents, [DocumentType::DrivingLicence]);
        assert!(info.needs_pin && !info.by_reference);
        let link = "openid-credential-offer://?credential_offer_uri=http%3A%2F%2F10.0.2.2%3A8080%2Foffers%2F1";
        let info = read_offer(format!(" {link} ")).unwrap();
        assert_eq!(info.link, link);
        assert!(info.by_reference && info.documents.is_empty() && info.issuer.is_none());
        assert!(matches!(
            read_offer("https://example.com".into()),
            Err(VidiError::InvalidInput { .. })
        ));
    }
}
