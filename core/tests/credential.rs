//! Credentials and presentations from the holder's side: COSE form, storage
//! form, hardware-style signers, refusals.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use coset::{CborSerializable as _, CoseSign1, TaggedCborSerializable as _};
use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use sha2::{Digest as _, Sha256};
use vidi_core::claims::ClaimId;
use vidi_core::credential::{Credential, CredentialKind};
use vidi_core::error::{KeyError, ProofError};
use vidi_core::keys::{DeviceSignature, DeviceSigner, PublicKey, SoftwareDeviceKey};
use vidi_core::presentation::{Disclosure, Presentation, present};
use vidi_core::preset::Preset;
use vidi_core::sample::{reference_credential, test_issuer, test_verifier_data, vector_time};
use vidi_core::verifier::{Policy, verify};

fn at() -> u32 {
    vector_time().unix_timestamp() as u32
}

#[test]
fn the_rebuilt_cose_sign1_verifies_with_the_issuer_key() {
    let held = reference_credential(CredentialKind::NationalId, 1, vector_time()).unwrap();
    let text = present(
        &held.credential,
        &Disclosure {
            claims: Preset::CheckpointId.claims(),
            ..Default::default()
        },
        at(),
        &held.device_key,
    )
    .unwrap();
    let proof = Presentation::parse(&text).unwrap();
    let statement = proof.rebuild_statement().unwrap();
    let cose_bytes = statement.cose_sign1(&proof.issuer_signature);
    assert_eq!(
        cose_bytes,
        held.credential.cose_sign1(),
        "the verifier rebuilds exactly what the issuer signed"
    );

    let cose = CoseSign1::from_tagged_slice(&cose_bytes).unwrap();
    assert_eq!(
        cose.protected.header.alg,
        Some(coset::RegisteredLabelWithPrivate::Assigned(
            coset::iana::Algorithm::ES256
        ))
    );
    assert_eq!(
        cose.protected.header.key_id,
        held.credential.kid.to_be_bytes().to_vec()
    );
    let issuer = test_issuer()
        .unwrap()
        .key
        .public_key()
        .verifying_key()
        .unwrap();
    let check = |cose: &CoseSign1| {
        cose.verify_signature(b"", |sig, data| {
            let sig = p256::ecdsa::Signature::from_slice(sig).map_err(|_| ())?;
            let digest = Sha256::digest(data);
            issuer.verify_prehash(&digest, &sig).map_err(|_| ())
        })
    };
    assert!(check(&cose).is_ok());
    let mut tampered = cose.clone();
    let payload = tampered.payload.as_mut().unwrap();
    let last = payload.len() - 1;
    payload[last] ^= 1;
    assert!(check(&tampered).is_err());
    // Untagged form parses too (some libraries want it).
    assert!(CoseSign1::from_slice(&cose_bytes[1..]).is_ok());
}

#[test]
fn stored_form_round_trips_without_leaking_in_debug() {
    let held = reference_credential(CredentialKind::HealthInsurance, 2, vector_time()).unwrap();
    let json = serde_json::to_string(&held.credential).unwrap();
    let back: Credential = serde_json::from_str(&json).unwrap();
    assert_eq!(back.cose_sign1(), held.credential.cose_sign1());
    assert_eq!(back.claims().unwrap(), held.credential.claims().unwrap());
    let debug = format!("{:?}", held.credential);
    assert!(
        !debug.contains("Hương") && !debug.contains("DN401"),
        "{debug}"
    );
}

/// A signer like the Secure Enclave: no recovery id.
struct Hardware(SoftwareDeviceKey);

impl DeviceSigner for Hardware {
    fn public_key(&self) -> Result<PublicKey, KeyError> {
        self.0.public_key()
    }
    fn sign_prehash(&self, prehash: &[u8; 32]) -> Result<DeviceSignature, KeyError> {
        Ok(DeviceSignature {
            recovery_id: None,
            ..self.0.sign_prehash(prehash)?
        })
    }
}

#[test]
fn a_signer_without_recovery_ids_still_makes_valid_proofs() {
    let now = vector_time();
    let held = reference_credential(CredentialKind::AgeOver(18), 4, now).unwrap();
    let data = test_verifier_data(now).unwrap();
    let text = present(
        &held.credential,
        &Disclosure {
            claims: &[ClaimId::AgeOver(18)],
            ..Default::default()
        },
        at(),
        &Hardware(held.device_key),
    )
    .unwrap();
    assert!(
        verify(
            &text,
            &data.trust_list,
            &data.status_lists,
            now,
            &Policy::default()
        )
        .is_ok()
    );

    // A hardware key that is not the bound one is caught while building.
    let other = Hardware(SoftwareDeviceKey::generate().unwrap());
    let err = present(
        &held.credential,
        &Disclosure {
            claims: &[ClaimId::AgeOver(18)],
            ..Default::default()
        },
        at(),
        &other,
    );
    assert_eq!(err.unwrap_err(), ProofError::WrongDeviceKey);
}

#[test]
fn presentation_refusals() {
    let held = reference_credential(CredentialKind::NationalId, 5, vector_time()).unwrap();
    let ask = |claims: &[ClaimId], nonce: Option<&[u8]>, audience: Option<&str>| {
        present(
            &held.credential,
            &Disclosure {
                claims,
                nonce,
                audience,
            },
            at(),
            &held.device_key,
        )
    };
    assert_eq!(
        ask(&[ClaimId::CardNumber], None, None).unwrap_err(),
        ProofError::NoSuchClaim("card_number".into())
    );
    assert_eq!(
        ask(&[ClaimId::FullName], Some(&[0; 33]), None).unwrap_err(),
        ProofError::TooLong("nonce")
    );
    assert_eq!(
        ask(&[ClaimId::FullName], Some(&[]), None).unwrap_err(),
        ProofError::TooLong("nonce")
    );
    assert_eq!(
        ask(&[ClaimId::FullName], None, Some(&"x".repeat(65))).unwrap_err(),
        ProofError::TooLong("audience")
    );
    // Disclosing nothing proves holding a valid credential and nothing more.
    let now = vector_time();
    let data = test_verifier_data(now).unwrap();
    let empty = ask(&[], None, None).unwrap();
    let verified = verify(
        &empty,
        &data.trust_list,
        &data.status_lists,
        now,
        &Policy::default(),
    )
    .unwrap();
    assert!(verified.claims.is_empty());
    assert_eq!(verified.hidden_claims, 10);
    // Everything disclosed.
    let all = CredentialKind::NationalId.slots();
    let full = ask(&all, None, None).unwrap();
    let verified = verify(
        &full,
        &data.trust_list,
        &data.status_lists,
        now,
        &Policy::default(),
    )
    .unwrap();
    assert_eq!(verified.claims.len(), 10);
    assert_eq!(verified.hidden_claims, 0);
}

#[test]
fn every_subset_of_claims_verifies() {
    let now = vector_time();
    let data = test_verifier_data(now).unwrap();
    let held = reference_credential(CredentialKind::DrivingLicence, 6, now).unwrap();
    let slots = CredentialKind::DrivingLicence.slots();
    for mask in 0u32..(1 << slots.len()) {
        let claims: Vec<ClaimId> = slots
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, c)| *c)
            .collect();
        let text = present(
            &held.credential,
            &Disclosure {
                claims: &claims,
                ..Default::default()
            },
            at(),
            &held.device_key,
        )
        .unwrap();
        let verified = verify(
            &text,
            &data.trust_list,
            &data.status_lists,
            now,
            &Policy::default(),
        )
        .unwrap();
        let got: Vec<ClaimId> = verified.claims.iter().map(|c| c.id).collect();
        assert_eq!(got, claims, "mask {mask:b}");
    }
}

#[test]
fn documents_do_not_print_names_or_numbers_in_debug() {
    let (card, licence, health) = vidi_core::document::sample::reference_citizen();
    let debug = format!("{card:?} {licence:?} {health:?}");
    for secret in [
        "Hương",
        "001190012345",
        "012345678901",
        "DN4010123456789",
        "Hàng Bạc",
    ] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
    assert!(debug.contains("NationalIdCard(<redacted>)"));
    assert!(!debug.contains("1990"), "no date of birth in {debug}");
}
