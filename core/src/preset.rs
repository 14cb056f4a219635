//! Disclosure presets: what a checkpoint needs, and from which credential.

use crate::claims::ClaimId;
use crate::credential::CredentialKind;
use crate::format::Format;

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

    /// The credential the preset is shown from in the current format: in
    /// format 2 one made for it, shown whole.
    pub fn kind(self) -> CredentialKind {
        self.kind_in(Format::CURRENT)
    }

    /// The credential the preset is shown from in `format`: in format 1
    /// the document's claim tree (or the age credential).
    pub fn kind_in(self, format: Format) -> CredentialKind {
        match (self, format) {
            (Self::CheckpointId, Format::V1) => CredentialKind::NationalId,
            (Self::TrafficStop, Format::V1) => CredentialKind::DrivingLicence,
            (Self::Hospital, Format::V1) => CredentialKind::HealthInsurance,
            (Self::CheckpointId, Format::V2) => CredentialKind::CheckpointId,
            (Self::TrafficStop, Format::V2) => CredentialKind::TrafficStop,
            (Self::Hospital, Format::V2) => CredentialKind::Hospital,
            (Self::Age18, _) => CredentialKind::AgeOver(18),
        }
    }

    /// Every kind the preset can be shown from, the preferred first: its
    /// own (format 2), then the document's claim tree, which wallets
    /// holding only format 1 credentials have.
    pub fn kinds(self) -> Vec<CredentialKind> {
        let mut kinds = vec![self.kind_in(Format::V2)];
        let tree = self.kind_in(Format::V1);
        if !kinds.contains(&tree) {
            kinds.push(tree);
        }
        kinds
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
            .filter(|p| p.kinds().iter().any(|k| held.contains(k)))
            .collect()
    }

    /// The largest QR version (at ECC M) the preset must fit in `format`:
    /// format 2 stays at or below version 11, where both decoders read
    /// every code in bad light (`docs/performance.md`), and `age-18` at 8.
    pub fn version_goal_in(self, format: Format) -> u8 {
        match (self, format) {
            (Self::Age18, Format::V1) => 10,
            (_, Format::V1) => 13,
            (Self::Age18, Format::V2) => 8,
            (_, Format::V2) => 11,
        }
    }

    /// [`Preset::version_goal_in`] the current format.
    pub fn version_goal(self) -> u8 {
        self.version_goal_in(Format::CURRENT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_discloses_claims_its_credential_has() {
        for preset in Preset::ALL {
            for kind in preset.kinds() {
                let slots = kind.slots();
                for claim in preset.claims() {
                    assert!(slots.contains(claim), "{} {:?}", preset.name(), claim);
                }
            }
            // Format 2's own kind has exactly the preset's claims, in order.
            assert_eq!(preset.kind_in(Format::V2).slots(), preset.claims());
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
        // Format 2's preset credential alone is enough.
        assert_eq!(Preset::showable([K::CheckpointId]), [Preset::CheckpointId]);
        assert_eq!(
            Preset::showable([K::Hospital, K::TrafficStop]),
            [Preset::TrafficStop, Preset::Hospital]
        );
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
