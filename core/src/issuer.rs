//! Turning documents into signed credentials: which claims each credential
//! kind carries, and how long it may live.

use time::{Date, Duration, OffsetDateTime, Time, UtcOffset};
use zeroize::Zeroizing;

use crate::claims::{Claim, ClaimValue};
use crate::credential::{self, Credential, CredentialKind};
// The store still names `issuer::Document`; the type is the document module's.
pub use crate::document::Document;
use crate::error::ProofError;
use crate::format::Format;
use crate::keys::{IssuerKey, PublicKey, random_bytes};
use crate::tree::{NODE_LEN, Node};

/// Vietnam's time zone (UTC+7, no daylight saving): documents' dates begin
/// and end at its midnight.
pub const VIETNAM: UtcOffset = time::macros::offset!(+7);

/// How long a credential lives at most; short, so that a batch of them is
/// renewed often and a lost phone's credentials die on their own.
pub const DEFAULT_VALIDITY: Duration = Duration::days(30);

/// The claims of `kind` drawn from `document` on `today`, and the last moment
/// the credential may be valid: the end of the document's validity, and for
/// derived claims the moment their value would change.
///
/// A document that ended before `today` gives none ([`ProofError::Expired`]):
/// its credential would be expired when issued.
pub fn claims_for(
    kind: CredentialKind,
    document: &Document,
    today: Date,
) -> Result<(Vec<ClaimValue>, Option<OffsetDateTime>), ProofError> {
    let (claims, end) = claims_and_end(kind, document, today)?;
    if end.is_some_and(|end| end <= start_of_day(today)) {
        return Err(ProofError::Expired);
    }
    Ok((claims, end))
}

fn claims_and_end(
    kind: CredentialKind,
    document: &Document,
    today: Date,
) -> Result<(Vec<ClaimValue>, Option<OffsetDateTime>), ProofError> {
    use ClaimValue as V;
    let end_of = |date: Date| date.next_day().map(start_of_day);
    let start_of = start_of_day;
    match (kind, document) {
        (CredentialKind::NationalId, Document::NationalId(card)) => Ok((
            vec![
                V::PersonalIdNumber(card.number().clone()),
                V::Name(card.full_name().clone()),
                V::Date(card.date_of_birth()),
                V::Sex(card.sex()),
                V::Text(card.nationality().as_str().to_owned()),
                V::OptionalDate(card.date_of_expiry()),
                V::Text(card.place_of_origin().as_str().to_owned()),
                V::Text(card.place_of_residence().as_str().to_owned()),
                V::Date(card.date_of_issue()),
                V::Digest(card.portrait_digest().copied()),
            ],
            card.date_of_expiry().and_then(end_of),
        )),
        (CredentialKind::AgeOver(years), Document::NationalId(card)) => {
            let over = card.is_age_over(u32::from(years), today);
            // "No" turns into "yes" on the birthday: the credential must not outlive it.
            let change = (!over).then(|| start_of(card.age_threshold_changes_on(u32::from(years))));
            let card_end = card.date_of_expiry().and_then(end_of);
            Ok((vec![V::Bool(over)], earliest(change, card_end)))
        }
        (CredentialKind::DrivingLicence, Document::DrivingLicence(licence)) => Ok((
            vec![
                V::LicenceNumber(licence.number().clone()),
                V::Name(licence.full_name().clone()),
                V::Classes(licence.classes().to_vec()),
                V::OptionalDate(licence.date_of_expiry()),
                V::Date(licence.date_of_birth()),
                V::Date(licence.date_of_issue()),
                V::Text(licence.issuing_authority().as_str().to_owned()),
            ],
            licence.date_of_expiry().and_then(end_of),
        )),
        (CredentialKind::LicenceClass(class), Document::DrivingLicence(licence)) => {
            let entry = licence.classes().iter().find(|c| c.class == class);
            let valid = licence.valid_for_class_on(class, today);
            let end = match entry {
                Some(e) if valid => e.valid_until.and_then(end_of),
                Some(e) if e.valid_from > today => Some(start_of(e.valid_from)),
                _ => None,
            };
            Ok((vec![V::Bool(valid)], end))
        }
        (CredentialKind::CheckpointId, Document::NationalId(card)) => Ok((
            vec![
                V::PersonalIdNumber(card.number().clone()),
                V::Name(card.full_name().clone()),
                V::Date(card.date_of_birth()),
            ],
            card.date_of_expiry().and_then(end_of),
        )),
        (CredentialKind::TrafficStop, Document::DrivingLicence(licence)) => Ok((
            vec![
                V::LicenceNumber(licence.number().clone()),
                V::Name(licence.full_name().clone()),
                V::Classes(licence.classes().to_vec()),
                V::OptionalDate(licence.date_of_expiry()),
            ],
            licence.date_of_expiry().and_then(end_of),
        )),
        (
            CredentialKind::HealthInsurance | CredentialKind::Hospital,
            Document::HealthInsurance(card),
        ) if card.valid_from() > today => {
            // The hospital preset does not show "valid from": a card whose
            // cover has not started is not issued until it starts.
            Err(ProofError::NotYetValid)
        }
        (CredentialKind::HealthInsurance, Document::HealthInsurance(card)) => Ok((
            vec![
                V::CardNumber(card.card_number().clone()),
                V::Name(card.full_name().clone()),
                V::Date(card.date_of_birth()),
                V::Facility(card.first_care_facility().clone()),
                V::Date(card.valid_to()),
                V::Sex(card.sex()),
                V::Date(card.valid_from()),
                V::BenefitLevel(card.benefit_level()),
            ],
            end_of(card.valid_to()),
        )),
        (CredentialKind::Hospital, Document::HealthInsurance(card)) => Ok((
            vec![
                V::CardNumber(card.card_number().clone()),
                V::Name(card.full_name().clone()),
                V::Date(card.date_of_birth()),
                // The code alone: verifiers name it from their registry.
                V::FacilityCode(card.first_care_facility().code.clone()),
                V::Date(card.valid_to()),
            ],
            end_of(card.valid_to()),
        )),
        (kind, _) => Err(ProofError::WrongDocument(kind.document_type().code())),
    }
}

impl Document {
    /// The document's fields as the claims of its main credential kind
    /// (national ID, driving licence or health insurance), in slot order:
    /// what a document screen shows.
    pub fn main_claims(&self) -> Result<Vec<Claim>, ProofError> {
        // The main kinds' claims do not depend on the day, except that a
        // health card whose cover has not started yet is refused: ask as of
        // the day the document starts.
        let (kind, start) = match self {
            Self::NationalId(card) => (CredentialKind::NationalId, card.date_of_issue()),
            Self::DrivingLicence(licence) => {
                (CredentialKind::DrivingLicence, licence.date_of_issue())
            }
            Self::HealthInsurance(card) => (CredentialKind::HealthInsurance, card.valid_from()),
        };
        let (values, _) = claims_for(kind, self, start)?;
        Ok(kind
            .slots()
            .into_iter()
            .zip(values)
            .map(|(id, value)| Claim { id, value })
            .collect())
    }
}

fn start_of_day(date: Date) -> OffsetDateTime {
    date.with_time(Time::MIDNIGHT).assume_offset(VIETNAM)
}

fn earliest(a: Option<OffsetDateTime>, b: Option<OffsetDateTime>) -> Option<OffsetDateTime> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn unix_u32(at: OffsetDateTime) -> Result<u32, ProofError> {
    u32::try_from(at.unix_timestamp()).map_err(|_| ProofError::TimeRange)
}

/// An issuer: its key, its name, and how long its credentials live.
pub struct Issuer {
    /// The signing key.
    pub key: IssuerKey,
    /// The name verifiers show.
    pub name: String,
    /// The longest a credential lives.
    pub validity: Duration,
}

impl Issuer {
    /// Issues a `kind` credential in the current format
    /// ([`Format::CURRENT`]) from `document` for `device_key` at `now`, at
    /// `status_index` in the issuer's status list.
    pub fn issue(
        &self,
        kind: CredentialKind,
        document: &Document,
        device_key: PublicKey,
        status_index: u32,
        now: OffsetDateTime,
    ) -> Result<Credential, ProofError> {
        let mut seed = Zeroizing::new([0u8; NODE_LEN]);
        random_bytes(seed.as_mut())?;
        self.issue_with_salt_seed(
            Format::CURRENT,
            kind,
            document,
            device_key,
            status_index,
            now,
            seed,
        )
    }

    /// [`Issuer::issue`] in `format` with a given salt seed: for
    /// reproducible samples and test vectors only.
    ///
    /// A format 2 credential expires at the last midnight in Vietnam before
    /// the end it would otherwise have (its proofs carry the expiry as a
    /// day), and lives at most 194 days (they carry their time as seconds
    /// before the expiry, in 3 bytes).
    #[allow(clippy::too_many_arguments)]
    pub fn issue_with_salt_seed(
        &self,
        format: Format,
        kind: CredentialKind,
        document: &Document,
        device_key: PublicKey,
        status_index: u32,
        now: OffsetDateTime,
        salt_seed: Zeroizing<Node>,
    ) -> Result<Credential, ProofError> {
        let (claims, document_end) = claims_for(kind, document, now.to_offset(VIETNAM).date())?;
        let mut expires_at = earliest(Some(now + self.validity), document_end).unwrap_or(now);
        if format == Format::V2 {
            let longest = now + Duration::seconds(i64::from(crate::format::V2_MAX_LEAD_SECONDS));
            expires_at = start_of_day(expires_at.min(longest).to_offset(VIETNAM).date());
        }
        if expires_at <= now {
            // Never an already-expired credential.
            return Err(ProofError::Expired);
        }
        credential::issue_with_salt_seed(
            format,
            &self.key,
            kind,
            &claims,
            device_key,
            unix_u32(expires_at)?,
            status_index,
            salt_seed,
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::claims::ClaimId;
    use crate::store::CitizenDocuments;

    #[test]
    fn main_claims_are_the_main_kind_s_slots_in_order() {
        for (document, kinds) in CitizenDocuments::reference().unwrap().with_kinds() {
            let claims = document.main_claims().unwrap();
            let ids: Vec<ClaimId> = claims.iter().map(|c| c.id).collect();
            assert_eq!(ids, kinds[0].slots());
        }
    }
}
