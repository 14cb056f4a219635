//! Rebuilding a document from its main credential's claims: the national
//! ID, driving licence and health card credentials carry every field of
//! their document, so the wallet keeps the document the issuer signed, not
//! one it was told about beside the credentials.

use crate::claims::{Claim, ClaimId, ClaimValue};
use crate::credential::CredentialKind;
use crate::document::Document;
use crate::document::{
    DrivingLicence, DrivingLicenceFields, HealthInsuranceCard, HealthInsuranceCardFields,
    NationalIdCard, NationalIdCardFields, Nationality, OrganisationName, Place,
};

/// Why claims do not make a document. Names the claim, never its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentClaimsError {
    /// The kind is derived (age over N, licence class): it does not carry
    /// the document's fields.
    #[error("a {0} credential does not carry a whole document")]
    NotAMainKind(String),
    /// A claim the document needs is missing or has the wrong shape.
    #[error("claim {0} is missing or has the wrong type")]
    Claim(String),
    /// The fields do not make a valid document (dates out of order, number
    /// not matching the date of birth, ...).
    #[error("the claims do not make a valid document: {0}")]
    Document(#[from] crate::document::DocumentError),
    /// A derived field disagrees with the fields it derives from.
    #[error("claim {0} disagrees with the document's other fields")]
    Inconsistent(String),
}

/// The credential kind that carries all of `document_type`'s fields.
pub fn main_kind(document_type: crate::document::DocumentType) -> CredentialKind {
    use crate::document::DocumentType;
    match document_type {
        DocumentType::NationalId => CredentialKind::NationalId,
        DocumentType::DrivingLicence => CredentialKind::DrivingLicence,
        DocumentType::HealthInsurance => CredentialKind::HealthInsurance,
    }
}

struct Claims<'a>(&'a [Claim]);

impl Claims<'_> {
    fn get(&self, id: ClaimId) -> Result<&ClaimValue, DocumentClaimsError> {
        self.0
            .iter()
            .find(|c| c.id == id)
            .map(|c| &c.value)
            .ok_or_else(|| DocumentClaimsError::Claim(id.name()))
    }

    fn wrong(id: ClaimId) -> DocumentClaimsError {
        DocumentClaimsError::Claim(id.name())
    }

    fn date(&self, id: ClaimId) -> Result<time::Date, DocumentClaimsError> {
        match self.get(id)? {
            ClaimValue::Date(d) => Ok(*d),
            _ => Err(Self::wrong(id)),
        }
    }

    fn optional_date(&self, id: ClaimId) -> Result<Option<time::Date>, DocumentClaimsError> {
        match self.get(id)? {
            ClaimValue::OptionalDate(d) => Ok(*d),
            _ => Err(Self::wrong(id)),
        }
    }

    fn text(&self, id: ClaimId) -> Result<&str, DocumentClaimsError> {
        match self.get(id)? {
            ClaimValue::Text(t) => Ok(t),
            _ => Err(Self::wrong(id)),
        }
    }

    fn name(&self) -> Result<crate::document::FullName, DocumentClaimsError> {
        match self.get(ClaimId::FullName)? {
            ClaimValue::Name(n) => Ok(n.clone()),
            _ => Err(Self::wrong(ClaimId::FullName)),
        }
    }

    fn sex(&self) -> Result<crate::document::Sex, DocumentClaimsError> {
        match self.get(ClaimId::Sex)? {
            ClaimValue::Sex(s) => Ok(*s),
            _ => Err(Self::wrong(ClaimId::Sex)),
        }
    }
}

/// The document a main credential (`national-id`, `driving-licence`,
/// `health-insurance`) describes, from its decoded claims
/// ([`crate::credential::Credential::claims`]), checked by the document's
/// own constructor.
pub fn document_from_claims(
    kind: CredentialKind,
    claims: &[Claim],
) -> Result<Document, DocumentClaimsError> {
    let c = Claims(claims);
    match kind {
        CredentialKind::NationalId => {
            let number = match c.get(ClaimId::PersonalIdNumber)? {
                ClaimValue::PersonalIdNumber(n) => n.clone(),
                _ => return Err(Claims::wrong(ClaimId::PersonalIdNumber)),
            };
            let portrait_digest = match c.get(ClaimId::PortraitDigest)? {
                ClaimValue::Digest(d) => *d,
                _ => return Err(Claims::wrong(ClaimId::PortraitDigest)),
            };
            let fields = NationalIdCardFields {
                number,
                full_name: c.name()?,
                date_of_birth: c.date(ClaimId::DateOfBirth)?,
                sex: c.sex()?,
                nationality: Nationality::new(c.text(ClaimId::Nationality)?)?,
                place_of_origin: Place::new(c.text(ClaimId::PlaceOfOrigin)?)?,
                place_of_residence: Place::new(c.text(ClaimId::PlaceOfResidence)?)?,
                date_of_issue: c.date(ClaimId::DateOfIssue)?,
                date_of_expiry: c.optional_date(ClaimId::DateOfExpiry)?,
                portrait_digest,
            };
            Ok(Document::NationalId(NationalIdCard::new(fields)?))
        }
        CredentialKind::DrivingLicence => {
            let number = match c.get(ClaimId::LicenceNumber)? {
                ClaimValue::LicenceNumber(n) => n.clone(),
                _ => return Err(Claims::wrong(ClaimId::LicenceNumber)),
            };
            let classes = match c.get(ClaimId::LicenceClasses)? {
                ClaimValue::Classes(classes) => classes.clone(),
                _ => return Err(Claims::wrong(ClaimId::LicenceClasses)),
            };
            let fields = DrivingLicenceFields {
                number,
                full_name: c.name()?,
                date_of_birth: c.date(ClaimId::DateOfBirth)?,
                classes,
                date_of_issue: c.date(ClaimId::DateOfIssue)?,
                issuing_authority: OrganisationName::new(c.text(ClaimId::IssuingAuthority)?)?,
            };
            let licence = DrivingLicence::new(fields)?;
            // The licence's expiry is derived from its classes.
            if c.optional_date(ClaimId::DateOfExpiry)? != licence.date_of_expiry() {
                return Err(DocumentClaimsError::Inconsistent(
                    ClaimId::DateOfExpiry.name(),
                ));
            }
            Ok(Document::DrivingLicence(licence))
        }
        CredentialKind::HealthInsurance => {
            let card_number = match c.get(ClaimId::CardNumber)? {
                ClaimValue::CardNumber(n) => n.clone(),
                _ => return Err(Claims::wrong(ClaimId::CardNumber)),
            };
            let first_care_facility = match c.get(ClaimId::FirstCareFacility)? {
                ClaimValue::Facility(f) => f.clone(),
                _ => return Err(Claims::wrong(ClaimId::FirstCareFacility)),
            };
            let benefit_level = match c.get(ClaimId::BenefitLevel)? {
                ClaimValue::BenefitLevel(level) => *level,
                _ => return Err(Claims::wrong(ClaimId::BenefitLevel)),
            };
            let fields = HealthInsuranceCardFields {
                card_number,
                full_name: c.name()?,
                date_of_birth: c.date(ClaimId::DateOfBirth)?,
                sex: c.sex()?,
                first_care_facility,
                valid_from: c.date(ClaimId::ValidFrom)?,
                valid_to: c.date(ClaimId::ValidTo)?,
                benefit_level,
            };
            Ok(Document::HealthInsurance(HealthInsuranceCard::new(fields)?))
        }
        CredentialKind::AgeOver(_)
        | CredentialKind::LicenceClass(_)
        | CredentialKind::CheckpointId
        | CredentialKind::TrafficStop
        | CredentialKind::Hospital => Err(DocumentClaimsError::NotAMainKind(kind.name())),
    }
}

/// Whether two documents have the same fields.
pub(crate) fn same_document(a: &Document, b: &Document) -> bool {
    match (a, b) {
        (Document::NationalId(a), Document::NationalId(b)) => a == b,
        (Document::DrivingLicence(a), Document::DrivingLicence(b)) => a == b,
        (Document::HealthInsurance(a), Document::HealthInsurance(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::credential::Credential;
    use crate::document::citizens::citizens;
    use crate::issuer::{VIETNAM, claims_for};
    use crate::keys::{DeviceSigner as _, SoftwareDeviceKey};
    use crate::sample::test_issuer;
    use time::macros::datetime;

    /// Every seeded citizen's documents, through a signed credential and
    /// back: the same fields.
    #[test]
    fn every_seeded_citizens_documents_round_trip_through_claims() {
        let now = datetime!(2026-06-01 08:00 UTC);
        let today = now.to_offset(VIETNAM).date();
        let issuer = test_issuer().unwrap();
        let device = SoftwareDeviceKey::from_seed(b"round-trip")
            .unwrap()
            .public_key()
            .unwrap();
        let mut checked = 0;
        for seed in [1u64, 7] {
            for citizen in citizens(seed, 120, today).unwrap() {
                let mut documents = vec![Document::NationalId(citizen.national_id.clone())];
                documents.extend(
                    citizen
                        .driving_licence
                        .clone()
                        .map(Document::DrivingLicence),
                );
                documents.extend(
                    citizen
                        .health_insurance
                        .clone()
                        .map(Document::HealthInsurance),
                );
                for document in documents {
                    let kind = main_kind(document.document_type());
                    let credential: Credential = match issuer.issue(kind, &document, device, 0, now)
                    {
                        Ok(c) => c,
                        // A health card whose cover starts later is not issued
                        // yet; an expired licence (the edge case) not at all.
                        Err(
                            crate::error::ProofError::NotYetValid
                            | crate::error::ProofError::Expired,
                        ) => continue,
                        Err(e) => panic!("{e}"),
                    };
                    // Through the wire form, as the wallet receives it.
                    let json = serde_json::to_value(&credential).unwrap();
                    let received: Credential = serde_json::from_value(json).unwrap();
                    let claims = received.claims().unwrap();
                    let rebuilt = document_from_claims(kind, &claims).unwrap();
                    assert!(
                        same_document(&rebuilt, &document),
                        "citizen {} {}",
                        citizen.number,
                        kind.name()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 500, "{checked}");
    }

    #[test]
    fn derived_kinds_and_bad_claims_are_refused() {
        let (card, licence, _) = crate::document::sample::reference_citizen();
        let today = time::macros::date!(2026 - 06 - 01);
        assert!(matches!(
            document_from_claims(CredentialKind::AgeOver(18), &[]),
            Err(DocumentClaimsError::NotAMainKind(_))
        ));
        let document = Document::NationalId(card);
        let (values, _) = claims_for(CredentialKind::NationalId, &document, today).unwrap();
        let mut claims: Vec<Claim> = CredentialKind::NationalId
            .slots()
            .into_iter()
            .zip(values)
            .map(|(id, value)| Claim { id, value })
            .collect();
        claims.retain(|c| c.id != ClaimId::Sex);
        assert_eq!(
            document_from_claims(CredentialKind::NationalId, &claims).unwrap_err(),
            DocumentClaimsError::Claim("sex".into())
        );
        // The licence's expiry claim must be the one its classes give.
        let document = Document::DrivingLicence(licence);
        let (values, _) = claims_for(CredentialKind::DrivingLicence, &document, today).unwrap();
        let mut claims: Vec<Claim> = CredentialKind::DrivingLicence
            .slots()
            .into_iter()
            .zip(values)
            .map(|(id, value)| Claim { id, value })
            .collect();
        for c in &mut claims {
            if c.id == ClaimId::DateOfExpiry {
                c.value = ClaimValue::OptionalDate(Some(today));
            }
        }
        let error = document_from_claims(CredentialKind::DrivingLicence, &claims).unwrap_err();
        assert_eq!(
            error.to_string(),
            "claim date_of_expiry disagrees with the document's other fields"
        );
    }
}
