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
}
