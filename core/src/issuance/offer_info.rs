//! What an offer link says before anything is fetched: for the screen that
//! asks "accept these documents from this issuer?" and for its PIN field.

use crate::credential::CredentialKind;
use crate::document::DocumentType;
use crate::oid4vci::{OfferError, OfferLink};

use super::kind_from_name;

/// An offer as read from its link, offline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferInfo {
    /// The issuer's identifier (`credential_issuer`); `None` for an offer
    /// by reference, which names it only once fetched.
    pub issuer: Option<String>,
    /// The documents offered, each once, in the offer's order; empty for an
    /// offer by reference.
    pub documents: Vec<DocumentType>,
    /// Whether the link only says where to fetch the offer
    /// (`credential_offer_uri`).
    pub by_reference: bool,
    /// Whether to ask the citizen for the offer's PIN: the offer asks for a
    /// transaction code, or it is by reference and cannot say yet (issuers
    /// send a PIN with every offer; one not asked for is not sent).
    pub needs_pin: bool,
}

/// The credential kind of an offer's `credential_configuration_id`: a
/// kind's name (`age-over-18`) or the same with `_` for `-` (`age_over_18`,
/// as issuers name configurations). An issuer's metadata is what issuance
/// trusts; this is for showing an offer before it is accepted.
pub fn kind_of_configuration_id(id: &str) -> Option<CredentialKind> {
    kind_from_name(id).or_else(|| kind_from_name(&id.replace('_', "-")))
}

/// Reads an offer link (or the offer's JSON, as pasted) without fetching
/// anything. Configuration ids that name no known kind are left out of
/// `documents`; issuance refuses them later with its own words.
pub fn offer_info(link: &str) -> Result<OfferInfo, OfferError> {
    Ok(match OfferLink::parse(link)? {
        OfferLink::ByReference(_) => OfferInfo {
            issuer: None,
            documents: Vec::new(),
            by_reference: true,
            needs_pin: true,
        },
        OfferLink::ByValue(offer) => {
            let mut documents = Vec::new();
            for id in &offer.credential_configuration_ids {
                if let Some(kind) = kind_of_configuration_id(id) {
                    let document = kind.document_type();
                    if !documents.contains(&document) {
                        documents.push(document);
                    }
                }
            }
            OfferInfo {
                issuer: Some(offer.credential_issuer),
                documents,
                by_reference: false,
                needs_pin: offer
                    .grants
                    .pre_authorized_code
                    .is_some_and(|grant| grant.tx_code.is_some()),
            }
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::oid4vci::{CredentialOffer, Grants, PreAuthorizedCodeGrant, TxCode};

    fn by_value(ids: &[&str], pin: bool) -> String {
        OfferLink::ByValue(CredentialOffer {
            credential_issuer: "http://127.0.0.1:8080".into(),
            credential_configuration_ids: ids.iter().map(|s| (*s).to_owned()).collect(),
            grants: Grants {
                pre_authorized_code: Some(PreAuthorizedCodeGrant {
                    code: "code".into(),
                    tx_code: pin.then(|| TxCode {
                        input_mode: Some("numeric".into()),
                        length: Some(6),
                        description: None,
                    }),
                }),
            },
        })
        .to_link()
    }

    #[test]
    fn an_offer_by_value_names_its_documents() {
        let link = by_value(
            &[
                "national_id",
                "age_over_18",
                "licence_class_B",
                "health-insurance",
                "unknown_thing",
            ],
            true,
        );
        let info = offer_info(&format!("  {link}\n")).unwrap();
        assert_eq!(info.issuer.as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(
            info.documents,
            [
                DocumentType::NationalId,
                DocumentType::DrivingLicence,
                DocumentType::HealthInsurance
            ]
        );
        assert!(info.needs_pin && !info.by_reference);
        assert!(
            !offer_info(&by_value(&["national_id"], false))
                .unwrap()
                .needs_pin
        );
    }

    #[test]
    fn an_offer_by_reference_says_little() {
        let link = OfferLink::ByReference("http://127.0.0.1:8080/offers/7".into()).to_link();
        let info = offer_info(&link).unwrap();
        assert_eq!(
            info,
            OfferInfo {
                issuer: None,
                documents: vec![],
                by_reference: true,
                needs_pin: true
            }
        );
        assert_eq!(offer_info("hello"), Err(OfferError::NotAnOffer));
    }

    #[test]
    fn configuration_ids_map_to_kinds() {
        assert_eq!(
            kind_of_configuration_id("age_over_18"),
            Some(CredentialKind::AgeOver(18))
        );
        assert_eq!(
            kind_of_configuration_id("driving-licence"),
            Some(CredentialKind::DrivingLicence)
        );
        assert_eq!(kind_of_configuration_id("passport"), None);
    }
}
