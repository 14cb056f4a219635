//! Disclosure presets: what a checkpoint needs, and from which credential.

use crate::claims::ClaimId;
use crate::credential::CredentialKind;

/// A named disclosure for a kind of checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// Police or hotel identity check: name, date of birth, personal ID number.
    CheckpointId,
    /// Traffic police: name, licence number, classes, expiry.
    TrafficStop,
    /// Hospital desk: name, date of birth, card number, first-care facility, valid to.
    Hospital,
    /// Age check: aged 18 or over, nothing else.
    Age18,
}

impl Preset {
    /// Every preset.
    pub const ALL: [Preset; 4] = [
        Preset::CheckpointId,
        Preset::TrafficStop,
        Preset::Hospital,
        Preset::Age18,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::CheckpointId => "checkpoint-id",
            Self::TrafficStop => "traffic-stop",
            Self::Hospital => "hospital",
            Self::Age18 => "age-18",
        }
    }

    /// Looks a preset up by name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The credential the preset is shown from.
    pub fn kind(self) -> CredentialKind {
        match self {
            Self::CheckpointId => CredentialKind::NationalId,
            Self::TrafficStop => CredentialKind::DrivingLicence,
            Self::Hospital => CredentialKind::HealthInsurance,
            Self::Age18 => CredentialKind::AgeOver(18),
        }
    }

    /// The claims it discloses.
    pub fn claims(self) -> &'static [ClaimId] {
        match self {
            Self::CheckpointId => &[
                ClaimId::PersonalIdNumber,
                ClaimId::FullName,
                ClaimId::DateOfBirth,
            ],
            Self::TrafficStop => &[
                ClaimId::LicenceNumber,
                ClaimId::FullName,
                ClaimId::LicenceClasses,
                ClaimId::DateOfExpiry,
            ],
            Self::Hospital => &[
                ClaimId::CardNumber,
                ClaimId::FullName,
                ClaimId::DateOfBirth,
                ClaimId::FirstCareFacility,
                ClaimId::ValidTo,
            ],
            Self::Age18 => &[ClaimId::AgeOver(18)],
        }
    }

    /// The presets a document can show, in [`Preset::ALL`]'s order: those
    /// whose credential is among the credentials it `holds`. The one rule
    /// for the apps, the FFI and the CLI.
    pub fn showable(holds: impl IntoIterator<Item = CredentialKind>) -> Vec<Preset> {
        let held: Vec<CredentialKind> = holds.into_iter().collect();
        Self::ALL
            .into_iter()
            .filter(|p| held.contains(&p.kind()))
            .collect()
    }

    /// The largest QR version (at ECC M) the preset must fit.
    pub fn version_goal(self) -> u8 {
        match self {
            Self::Age18 => 10,
            _ => 13,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_discloses_claims_its_credential_has() {
        for preset in Preset::ALL {
            let slots = preset.kind().slots();
            for claim in preset.claims() {
                assert!(slots.contains(claim), "{} {:?}", preset.name(), claim);
            }
            assert_eq!(Preset::from_name(preset.name()), Some(preset));
        }
        assert_eq!(Preset::from_name("nope"), None);
    }

    #[test]
    fn a_document_shows_the_presets_of_the_credentials_it_holds() {
        use CredentialKind as K;
        assert_eq!(
            Preset::showable([K::AgeOver(18), K::NationalId]),
            [Preset::CheckpointId, Preset::Age18]
        );
        // An identity card without its age credential has no age preset.
        assert_eq!(Preset::showable([K::NationalId]), [Preset::CheckpointId]);
        // Another age threshold is not the age-18 preset.
        assert_eq!(Preset::showable([K::AgeOver(16)]), []);
        assert_eq!(
            Preset::showable([
                K::DrivingLicence,
                K::LicenceClass(crate::document::LicenceClass::B)
            ]),
            [Preset::TrafficStop]
        );
        assert_eq!(Preset::showable([K::HealthInsurance]), [Preset::Hospital]);
        assert_eq!(Preset::showable([]), []);
    }
}
