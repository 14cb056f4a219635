//! The built-in test issuer and the reference citizen's credentials, so that
//! the format can be tried with no server and no phone. Keys here are derived
//! from public seeds: nothing signed by them means anything outside tests.

use sha2::{Digest as _, Sha256};
use time::{Duration, OffsetDateTime};
use zeroize::Zeroizing;

use crate::credential::{Credential, CredentialKind};
use crate::document::Document;
use crate::document::{DocumentType, LicenceClass, sample::try_reference_citizen};
use crate::error::ProofError;
use crate::format::Format;
use crate::issuer::{DEFAULT_VALIDITY, Issuer};
use crate::keys::{DeviceSigner as _, IssuerKey, SoftwareDeviceKey};
use crate::presentation::{Disclosure, present};
use crate::preset::Preset;
use crate::tree::NODE_LEN;
use crate::trust::{StatusList, TrustList, TrustedIssuer, VerifierData};

/// The test issuer's key id.
pub const TEST_ISSUER_KID: u16 = 0x7e57;
/// The test issuer's name.
pub const TEST_ISSUER_NAME: &str = "Vidi test issuer (not a real authority)";
/// Entries in the test issuer's status list.
pub const TEST_STATUS_LIST_LEN: usize = 4096;

/// The built-in test issuer.
pub fn test_issuer() -> Result<Issuer, ProofError> {
    Ok(Issuer {
        key: IssuerKey::from_seed(TEST_ISSUER_KID, b"vidi/test-issuer/1")?,
        name: TEST_ISSUER_NAME.to_owned(),
        validity: DEFAULT_VALIDITY,
    })
}

/// The test issuer's trust list entry, and the reference citizen's
/// facility in the registry.
pub fn test_trust_list(issuer: &Issuer) -> TrustList {
    TrustList {
        issuers: vec![TrustedIssuer {
            kid: issuer.key.kid(),
            name: issuer.name.clone(),
            public_key: issuer.key.public_key(),
            document_types: vec![
                DocumentType::NationalId,
                DocumentType::DrivingLicence,
                DocumentType::HealthInsurance,
            ],
            valid_from: OffsetDateTime::UNIX_EPOCH,
            valid_until: None,
        }],
        // The reference citizen's first-care facility, so that format 2's
        // `hospital` proofs name it.
        facilities: try_reference_citizen()
            .map(|(_, _, health)| vec![health.first_care_facility().clone()])
            .unwrap_or_default(),
        attesters: Vec::new(),
    }
}

/// What a verifier of the test issuer keeps: its trust list and an all-valid
/// status list made at `now`.
pub fn test_verifier_data(now: OffsetDateTime) -> Result<VerifierData, ProofError> {
    let issuer = test_issuer()?;
    let list = StatusList::new(issuer.key.kid(), 2, TEST_STATUS_LIST_LEN, now)
        .map_err(|_| ProofError::InvalidKind)?;
    Ok(VerifierData {
        trust_list: test_trust_list(&issuer),
        status_lists: vec![list],
    })
}

/// A credential with the device key it is bound to.
pub struct HeldCredential {
    /// The credential.
    pub credential: Credential,
    /// Its device key.
    pub device_key: SoftwareDeviceKey,
}

/// Every credential kind the reference citizen holds.
pub fn reference_kinds() -> Vec<CredentialKind> {
    vec![
        CredentialKind::NationalId,
        CredentialKind::AgeOver(16),
        CredentialKind::AgeOver(18),
        CredentialKind::AgeOver(21),
        CredentialKind::DrivingLicence,
        CredentialKind::LicenceClass(LicenceClass::A1),
        CredentialKind::LicenceClass(LicenceClass::B),
        CredentialKind::HealthInsurance,
        // Format 2's preset kinds, after the others so that their status
        // indexes stay as they were.
        CredentialKind::CheckpointId,
        CredentialKind::TrafficStop,
        CredentialKind::Hospital,
    ]
}

/// The status list index the test issuer gives the reference citizen's
/// credential number `n` under `seed`.
pub fn status_index(seed: u64, n: usize) -> u32 {
    ((seed.wrapping_mul(8) as usize + n) % TEST_STATUS_LIST_LEN) as u32
}

/// Issues the reference citizen's credential of `kind` at `now` in the
/// current format, with the device key and salts derived from `seed`: the
/// same seed and time give the same bytes.
pub fn reference_credential(
    kind: CredentialKind,
    seed: u64,
    now: OffsetDateTime,
) -> Result<HeldCredential, ProofError> {
    reference_credential_in(Format::CURRENT, kind, seed, now)
}

/// [`reference_credential`] in `format`.
pub fn reference_credential_in(
    format: Format,
    kind: CredentialKind,
    seed: u64,
    now: OffsetDateTime,
) -> Result<HeldCredential, ProofError> {
    let issuer = test_issuer()?;
    let (card, licence, health) =
        try_reference_citizen().map_err(|_| ProofError::WrongDocument("reference citizen"))?;
    let document = match kind.document_type() {
        DocumentType::NationalId => Document::NationalId(card),
        DocumentType::DrivingLicence => Document::DrivingLicence(licence),
        DocumentType::HealthInsurance => Document::HealthInsurance(health),
    };
    let n = reference_kinds()
        .iter()
        .position(|k| *k == kind)
        .ok_or(ProofError::InvalidKind)?;
    let label = format!("vidi/sample/{seed}/{}", kind.name());
    let device_key = SoftwareDeviceKey::from_seed(format!("{label}/device").as_bytes())?;
    let digest = Sha256::digest(format!("{label}/salt").as_bytes());
    let mut salt_seed = Zeroizing::new([0u8; NODE_LEN]);
    salt_seed.copy_from_slice(&digest[..NODE_LEN]);
    // Whole hours, so that a sample made a minute later is the same credential.
    let issued = now
        .replace_minute(0)
        .and_then(|t| t.replace_second(0))
        .unwrap_or(now);
    let credential = issuer.issue_with_salt_seed(
        format,
        kind,
        &document,
        device_key.public_key()?,
        status_index(seed, n),
        issued,
        salt_seed,
    )?;
    Ok(HeldCredential {
        credential,
        device_key,
    })
}

/// A fresh proof for `preset`, made at `now` from the reference citizen's
/// credential, in the current format.
pub fn sample_proof(preset: Preset, seed: u64, now: OffsetDateTime) -> Result<String, ProofError> {
    sample_proof_in(Format::CURRENT, preset, seed, now)
}

/// [`sample_proof`] in `format` (from the preset's credential of that format).
pub fn sample_proof_in(
    format: Format,
    preset: Preset,
    seed: u64,
    now: OffsetDateTime,
) -> Result<String, ProofError> {
    let held = reference_credential_in(format, preset.kind_in(format), seed, now)?;
    let at = u32::try_from(now.unix_timestamp()).map_err(|_| ProofError::TimeRange)?;
    present(
        &held.credential,
        &Disclosure {
            claims: preset.claims(),
            ..Disclosure::default()
        },
        at,
        &held.device_key,
    )
}

/// A fixed moment for reproducible samples and vectors: 2026-06-01 08:00 UTC.
pub fn vector_time() -> OffsetDateTime {
    OffsetDateTime::UNIX_EPOCH + Duration::seconds(1_780_300_800)
}
