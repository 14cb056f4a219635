//! Writes the proof test vectors in `core/tests/testdata/`:
//! `cargo run -p vidi-core --example make_vectors`.
//!
//! Every vector is reproducible: keys and salts come from fixed seeds and
//! ECDSA signatures are deterministic (RFC 6979).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;

use serde_json::json;
use sha2::{Digest as _, Sha256};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use vidi_core::claims::{ClaimId, ClaimValue};
use vidi_core::credential::{Credential, CredentialKind, issue_with_salt_seed};
use vidi_core::document::sample::reference_citizen;
use vidi_core::document::{Document, DocumentType};
use vidi_core::format::Format;
use vidi_core::issuer::claims_for;
use vidi_core::keys::{DeviceSigner as _, IssuerKey, SoftwareDeviceKey, low_s};
use vidi_core::presentation::{
    Disclosure, Presentation, from_text, present, present_bytes, to_text, transcript,
};
use vidi_core::preset::Preset;
use vidi_core::sample::{TEST_ISSUER_KID, test_issuer, test_trust_list, vector_time};
use vidi_core::trust::{Status, StatusList, TrustList, TrustedIssuer, VerifierData};
use zeroize::Zeroizing;

mod v2;

const REVOKED: u32 = 3001;
const SUSPENDED: u32 = 3002;
/// A second trusted key that has no status list in the verifier data.
const NO_STATUS_KID: u16 = 0x7e58;
const HEALTH_ONLY_KID: u16 = 0x7e59;
const FUTURE_KID: u16 = 0x7e5a;

pub(crate) fn seed(label: &str) -> Zeroizing<[u8; 16]> {
    let d = Sha256::digest(format!("vidi/vectors/{label}").as_bytes());
    let mut out = Zeroizing::new([0u8; 16]);
    out.copy_from_slice(&d[..16]);
    out
}

fn document(kind: CredentialKind) -> Document {
    let (card, licence, health) = reference_citizen();
    match kind.document_type() {
        DocumentType::NationalId => Document::NationalId(card),
        DocumentType::DrivingLicence => Document::DrivingLicence(licence),
        DocumentType::HealthInsurance => Document::HealthInsurance(health),
    }
}

pub(crate) struct Held {
    credential: Credential,
    device: SoftwareDeviceKey,
}

fn credential(
    issuer: &IssuerKey,
    kind: CredentialKind,
    label: &str,
    status_index: u32,
    expires_at: OffsetDateTime,
) -> Held {
    credential_in(Format::V1, issuer, kind, label, status_index, expires_at)
}

pub(crate) fn credential_in(
    format: Format,
    issuer: &IssuerKey,
    kind: CredentialKind,
    label: &str,
    status_index: u32,
    expires_at: OffsetDateTime,
) -> Held {
    let device =
        SoftwareDeviceKey::from_seed(format!("vidi/vectors/{label}/device").as_bytes()).unwrap();
    let (claims, _) = claims_for(kind, &document(kind), vector_time().date()).unwrap();
    let credential = issue_with_salt_seed(
        format,
        issuer,
        kind,
        &claims,
        device.public_key().unwrap(),
        expires_at.unix_timestamp() as u32,
        status_index,
        seed(label),
    )
    .unwrap();
    Held { credential, device }
}

/// A copied credential's holder signing with their own key while claiming
/// the bound one.
pub(crate) struct Thief {
    bound: vidi_core::keys::PublicKey,
    key: SoftwareDeviceKey,
}

impl vidi_core::keys::DeviceSigner for Thief {
    fn public_key(&self) -> Result<vidi_core::keys::PublicKey, vidi_core::error::KeyError> {
        Ok(self.bound)
    }
    fn sign_prehash(
        &self,
        prehash: &[u8; 32],
    ) -> Result<vidi_core::keys::DeviceSignature, vidi_core::error::KeyError> {
        self.key.sign_prehash(prehash)
    }
}

pub(crate) fn at(t: OffsetDateTime) -> u32 {
    t.unix_timestamp() as u32
}

pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap()
}

fn main() {
    // CI writes elsewhere and compares with the committed vectors.
    let dir = std::env::var_os("VIDI_VECTORS_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata"));
    std::fs::create_dir_all(&dir).unwrap();
    let now = vector_time();
    let issuer = test_issuer().unwrap();
    let expires = now + Duration::days(30);

    // The verifier's synced state: the test issuer and a second key without a
    // status list; the test issuer's list, made an hour before, with one
    // revoked and one suspended credential.
    let mut trust_list = test_trust_list(&issuer);
    let second = IssuerKey::from_seed(NO_STATUS_KID, b"vidi/vectors/second-key").unwrap();
    trust_list.issuers.push(TrustedIssuer {
        kid: NO_STATUS_KID,
        name: "Vidi test issuer, second key".into(),
        public_key: second.public_key(),
        ..trust_list.issuers[0].clone()
    });
    // A key trusted for health insurance cards only, and one not yet trusted.
    let health_only = IssuerKey::from_seed(HEALTH_ONLY_KID, b"vidi/vectors/health-only").unwrap();
    trust_list.issuers.push(TrustedIssuer {
        kid: HEALTH_ONLY_KID,
        name: "Vidi test issuer, health cards only".into(),
        public_key: health_only.public_key(),
        document_types: vec![vidi_core::document::DocumentType::HealthInsurance],
        ..trust_list.issuers[0].clone()
    });
    let future_key = IssuerKey::from_seed(FUTURE_KID, b"vidi/vectors/future-key").unwrap();
    trust_list.issuers.push(TrustedIssuer {
        kid: FUTURE_KID,
        name: "Vidi test issuer, key from 2027".into(),
        public_key: future_key.public_key(),
        valid_from: now + Duration::days(365),
        ..trust_list.issuers[0].clone()
    });
    let mut list = StatusList::new(TEST_ISSUER_KID, 2, 4096, now - Duration::hours(1)).unwrap();
    list.set(REVOKED, Status::Revoked);
    list.set(SUSPENDED, Status::Suspended);
    let shared_trust_list = trust_list.clone();
    let data = VerifierData {
        trust_list,
        status_lists: vec![list],
    };
    std::fs::write(
        dir.join("verifier.json"),
        serde_json::to_string_pretty(&data).unwrap(),
    )
    .unwrap();

    let mut vectors: Vec<(String, serde_json::Value)> = Vec::new();
    let mut add = |name: &str,
                   description: &str,
                   payload: String,
                   verify_at: OffsetDateTime,
                   expect: &str,
                   policy: serde_json::Value| {
        let disclosed: Vec<String> = match name {
            "valid_checkpoint_id" => Preset::CheckpointId
                .claims()
                .iter()
                .map(|c| c.name())
                .collect(),
            "valid_traffic_stop" => Preset::TrafficStop
                .claims()
                .iter()
                .map(|c| c.name())
                .collect(),
            "valid_hospital" => Preset::Hospital.claims().iter().map(|c| c.name()).collect(),
            "valid_age_18" => vec!["age_over_18".into()],
            "valid_nonce_audience" => vec!["full_name".into(), "place_of_residence".into()],
            "valid_licence_class_b" => vec!["valid_for_class_B".into()],
            "valid_key_at_valid_until"
            | "valid_max_age_edge"
            | "valid_max_future_edge"
            | "valid_status_list_48h" => Preset::CheckpointId
                .claims()
                .iter()
                .map(|c| c.name())
                .collect(),
            _ => vec![],
        };
        vectors.push((
            name.to_owned(),
            json!({
                "disclosed": disclosed,
                "description": description,
                "payload": payload,
                "verify_at": rfc3339(verify_at),
                "policy": policy,
                "expect": expect,
            }),
        ));
    };
    let no_policy = json!({});

    // Valid: every preset, and a proof with a nonce and an audience.
    for (i, preset) in Preset::ALL.into_iter().enumerate() {
        let held = credential(
            &issuer.key,
            preset.kind_in(Format::V1),
            preset.name(),
            100 + i as u32,
            expires,
        );
        let text = present(
            &held.credential,
            &Disclosure {
                claims: preset.claims(),
                ..Default::default()
            },
            at(now),
            &held.device,
        )
        .unwrap();
        add(
            &format!("valid_{}", preset.name().replace('-', "_")),
            &format!("the {} preset of the reference citizen", preset.name()),
            text,
            now + Duration::seconds(5),
            "valid",
            no_policy.clone(),
        );
    }
    let held = credential(
        &issuer.key,
        CredentialKind::NationalId,
        "nonce",
        110,
        expires,
    );
    let nonce = [0x4e, 0x6f, 0x6e, 0x63];
    let with_nonce = present(
        &held.credential,
        &Disclosure {
            claims: &[ClaimId::FullName, ClaimId::PlaceOfResidence],
            nonce: Some(&nonce),
            audience: Some("Khách sạn Hoa Sen"),
        },
        at(now),
        &held.device,
    )
    .unwrap();
    let nonce_policy = json!({"nonce_hex": hex::encode(nonce), "audience": "Khách sạn Hoa Sen"});
    add(
        "valid_nonce_audience",
        "name and residence for a hotel, answering its nonce",
        with_nonce.clone(),
        now + Duration::seconds(5),
        "valid",
        nonce_policy,
    );
    let licence_b = credential(
        &issuer.key,
        CredentialKind::LicenceClass(vidi_core::document::LicenceClass::B),
        "class-b",
        111,
        expires,
    );
    let text = present(
        &licence_b.credential,
        &Disclosure {
            claims: &[ClaimId::ValidForClass(vidi_core::document::LicenceClass::B)],
            ..Default::default()
        },
        at(now),
        &licence_b.device,
    )
    .unwrap();
    add(
        "valid_licence_class_b",
        "licence valid today for class B, nothing else",
        text,
        now,
        "valid",
        no_policy.clone(),
    );

    // Reference proof to derive failures from.
    let base = credential(
        &issuer.key,
        CredentialKind::NationalId,
        "base",
        120,
        expires,
    );
    let checkpoint = Disclosure {
        claims: Preset::CheckpointId.claims(),
        ..Default::default()
    };
    let base_text = present(&base.credential, &checkpoint, at(now), &base.device).unwrap();
    let base_bytes = from_text(&base_text).unwrap();

    add(
        "fail_malformed_prefix",
        "not a Vidi proof (an EU DCC-like prefix)",
        format!("HC1:{}", &base_text[4..]),
        now,
        "malformed",
        no_policy.clone(),
    );
    add(
        "fail_malformed_version",
        "a future format version",
        format!("VD3:{}", &base_text[4..]),
        now,
        "malformed",
        no_policy.clone(),
    );
    add(
        "fail_malformed_base45",
        "a character outside Base45",
        format!("{}a", &base_text[..base_text.len() - 1]),
        now,
        "malformed",
        no_policy.clone(),
    );
    add(
        "fail_malformed_truncated",
        "the last 10 bytes cut off",
        to_text(&base_bytes[..base_bytes.len() - 10]),
        now,
        "malformed",
        no_policy.clone(),
    );
    let mut trailing = base_bytes.clone();
    trailing.insert(trailing.len() - 128, 0x00);
    add(
        "fail_malformed_trailing",
        "an extra byte after the disclosed values",
        to_text(&trailing),
        now,
        "malformed",
        no_policy.clone(),
    );
    let mut kind = base_bytes.clone();
    kind[3] = 0x09;
    add(
        "fail_malformed_kind",
        "an unknown credential kind",
        to_text(&kind),
        now,
        "malformed",
        no_policy.clone(),
    );

    let stranger = IssuerKey::from_seed(0x0bad, b"vidi/vectors/stranger").unwrap();
    let held = credential(
        &stranger,
        CredentialKind::NationalId,
        "stranger",
        5,
        expires,
    );
    add(
        "fail_unknown_issuer",
        "signed by a key id the trust list does not have",
        present(&held.credential, &checkpoint, at(now), &held.device).unwrap(),
        now,
        "unknown_issuer",
        no_policy.clone(),
    );

    let held = credential(
        &health_only,
        CredentialKind::NationalId,
        "health-only",
        6,
        expires,
    );
    add(
        "fail_unknown_issuer_wrong_document",
        "a national ID signed by a key trusted for health cards only",
        present(&held.credential, &checkpoint, at(now), &held.device).unwrap(),
        now,
        "unknown_issuer",
        no_policy.clone(),
    );
    let held = credential(
        &future_key,
        CredentialKind::NationalId,
        "future-key",
        8,
        expires,
    );
    add(
        "fail_unknown_issuer_not_yet_trusted",
        "signed by a key the trust list trusts only from next year",
        present(&held.credential, &checkpoint, at(now), &held.device).unwrap(),
        now,
        "unknown_issuer",
        no_policy.clone(),
    );

    // A date of birth of 2^63 - 1 days: must be refused, not overflow.
    let mut huge_date = base_bytes.clone();
    let dob = [0x19, 0x1d, 0x11]; // CBOR uint 7441 = 1990-05-17
    let at_dob = huge_date.windows(3).position(|w| w == dob).unwrap();
    huge_date.splice(
        at_dob..at_dob + 3,
        [0x1b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    );
    add(
        "fail_malformed_date",
        "a date of birth 2^63 days after 1970",
        to_text(&huge_date),
        now,
        "malformed",
        no_policy.clone(),
    );

    // The device signature's high-S twin (r, n - s) with the other parity:
    // valid plain ECDSA for the same key, refused so that a proof has one text.
    let mut high_s = base_bytes.clone();
    let len = high_s.len();
    let sig = p256::ecdsa::Signature::from_slice(&high_s[len - 64..]).unwrap();
    let (r, s_) = sig.split_scalars();
    let twin = p256::ecdsa::Signature::from_scalars(r, -*s_).unwrap();
    high_s[len - 64..].copy_from_slice(&twin.to_bytes());
    high_s[0] ^= 0b0100;
    add(
        "fail_bad_device_signature_high_s",
        "the device signature's high-S twin",
        to_text(&high_s),
        now,
        "bad_device_signature",
        no_policy.clone(),
    );

    let impostor = IssuerKey::from_seed(TEST_ISSUER_KID, b"vidi/vectors/impostor").unwrap();
    let held = credential(
        &impostor,
        CredentialKind::NationalId,
        "impostor",
        121,
        expires,
    );
    add(
        "fail_bad_issuer_signature",
        "signed by another key claiming the test issuer's key id",
        present(&held.credential, &checkpoint, at(now), &held.device).unwrap(),
        now,
        "bad_issuer_signature",
        no_policy.clone(),
    );

    let mut expiry = base_bytes.clone();
    expiry[5..9].copy_from_slice(&(at(expires) + 86_400 * 365).to_be_bytes());
    add(
        "fail_bad_issuer_signature_extended_expiry",
        "the credential's expiry pushed a year later",
        to_text(&expiry),
        now,
        "bad_issuer_signature",
        no_policy.clone(),
    );

    // The full name is the second disclosed value; change one of its bytes
    // (Nguyễn -> Nguyen-like) without touching the CBOR framing.
    let name = "Nguyễn Thị Thanh Hương".as_bytes();
    let pos = base_bytes
        .windows(name.len())
        .position(|w| w == name)
        .unwrap();
    let mut tampered = base_bytes.clone();
    tampered[pos + 1] = b'H';
    add(
        "fail_tampered_claim",
        "one letter of the disclosed name changed",
        to_text(&tampered),
        now,
        "tampered_claim",
        no_policy.clone(),
    );

    let thief = SoftwareDeviceKey::from_seed(b"vidi/vectors/thief").unwrap();
    add(
        "fail_bad_device_signature",
        "a copied credential presented with another device's key",
        present(
            &base.credential,
            &checkpoint,
            at(now),
            &Thief {
                bound: base.credential.device_key,
                key: thief,
            },
        )
        .unwrap(),
        now,
        "bad_device_signature",
        no_policy.clone(),
    );
    let mut time_shift = base_bytes.clone();
    time_shift[13..17].copy_from_slice(&(at(now) + 600).to_be_bytes());
    add(
        "fail_bad_device_signature_time",
        "the presentation time moved forward (a screenshot made to look fresh)",
        to_text(&time_shift),
        now + Duration::seconds(600),
        "bad_device_signature",
        no_policy.clone(),
    );

    add(
        "fail_too_old",
        "a screenshot scanned two minutes later",
        base_text.clone(),
        now + Duration::seconds(120),
        "too_old",
        no_policy.clone(),
    );
    add(
        "fail_from_future",
        "a proof dated two minutes ahead of the verifier",
        base_text.clone(),
        now - Duration::seconds(120),
        "from_future",
        no_policy.clone(),
    );

    let held = credential(
        &issuer.key,
        CredentialKind::NationalId,
        "expired",
        122,
        now - Duration::hours(1),
    );
    add(
        "fail_expired",
        "a credential that expired an hour ago",
        present(&held.credential, &checkpoint, at(now), &held.device).unwrap(),
        now,
        "expired",
        no_policy.clone(),
    );

    let held = credential(
        &issuer.key,
        CredentialKind::DrivingLicence,
        "revoked",
        REVOKED,
        expires,
    );
    add(
        "fail_revoked",
        "a revoked driving licence",
        present(
            &held.credential,
            &Disclosure {
                claims: Preset::TrafficStop.claims(),
                ..Default::default()
            },
            at(now),
            &held.device,
        )
        .unwrap(),
        now,
        "revoked",
        no_policy.clone(),
    );
    let held = credential(
        &issuer.key,
        CredentialKind::DrivingLicence,
        "suspended",
        SUSPENDED,
        expires,
    );
    add(
        "fail_suspended",
        "a suspended driving licence",
        present(
            &held.credential,
            &Disclosure {
                claims: Preset::TrafficStop.claims(),
                ..Default::default()
            },
            at(now),
            &held.device,
        )
        .unwrap(),
        now,
        "suspended",
        no_policy.clone(),
    );

    let held = credential(&second, CredentialKind::NationalId, "no-status", 7, expires);
    add(
        "fail_status_unknown_missing",
        "a trusted key with no status list synced",
        present(&held.credential, &checkpoint, at(now), &held.device).unwrap(),
        now,
        "status_unknown",
        no_policy.clone(),
    );
    let late = now + Duration::hours(50);
    add(
        "fail_status_unknown_stale",
        "the status list is 51 hours old",
        present(&base.credential, &checkpoint, at(late), &base.device).unwrap(),
        late,
        "status_unknown",
        no_policy.clone(),
    );
    let held = credential(
        &issuer.key,
        CredentialKind::NationalId,
        "out-of-range",
        9000,
        expires,
    );
    add(
        "fail_status_unknown_out_of_range",
        "a status index past the end of the list",
        present(&held.credential, &checkpoint, at(now), &held.device).unwrap(),
        now,
        "status_unknown",
        no_policy.clone(),
    );

    add(
        "fail_wrong_nonce",
        "a proof answering another nonce",
        with_nonce.clone(),
        now,
        "wrong_nonce",
        json!({"nonce_hex": "00112233"}),
    );
    add(
        "fail_wrong_audience_missing",
        "a proof made for nobody in particular, at a verifier that names itself",
        base_text.clone(),
        now,
        "wrong_audience",
        json!({"audience": "Công an phường Hàng Đào"}),
    );
    add(
        "fail_wrong_audience",
        "a proof made for another verifier",
        with_nonce,
        now,
        "wrong_audience",
        json!({"nonce_hex": hex::encode(nonce), "audience": "Công an phường Hàng Đào"}),
    );

    // Value rules: credentials the trusted issuer did sign, with one value
    // that breaks its claim's rule. The only defect is the value, so the
    // verdict is `malformed` (step 1) and nothing later.
    let bad_value = |label: &str, slot: usize, raw: Vec<u8>| {
        let mut held = credential(&issuer.key, CredentialKind::NationalId, label, 130, expires);
        held.credential.values[slot] = raw;
        held.credential.issuer_signature = issuer
            .key
            .sign(&held.credential.statement().to_be_signed())
            .unwrap();
        present(&held.credential, &checkpoint, at(now), &held.device).unwrap()
    };
    let text = |s: &str| ClaimValue::Text(s.into()).encode();
    add(
        "fail_malformed_name_double_space",
        "a full name with two spaces between words, signed by the issuer",
        bad_value("name-double-space", 1, text("Nguyễn  Thị Thanh Hương")),
        now,
        "malformed",
        no_policy.clone(),
    );
    add(
        "fail_malformed_name_digit",
        "a full name with a digit, signed by the issuer",
        bad_value("name-digit", 1, text("Nguyễn Thị Thanh Hương 2")),
        now,
        "malformed",
        no_policy.clone(),
    );
    // 003190012345: 003 is no province (002 Hà Giang, 004 Cao Bằng).
    let mut unknown_province = vec![0x45];
    unknown_province.extend_from_slice(&3_190_012_345u64.to_be_bytes()[3..]);
    add(
        "fail_malformed_personal_id_province",
        "a personal ID number with the unknown province code 003, signed by the issuer",
        bad_value("id-province", 0, unknown_province),
        now,
        "malformed",
        no_policy.clone(),
    );
    // The reference name as an indefinite-length text of two chunks; the
    // chunks join to the canonical name, only the encoding is wrong.
    let mut indefinite = vec![0x7f];
    indefinite.extend(text("Nguyễn Thị "));
    indefinite.extend(text("Thanh Hương"));
    indefinite.push(0xff);
    add(
        "fail_malformed_name_indefinite",
        "the full name as indefinite-length CBOR text, signed by the issuer",
        bad_value("name-indefinite", 1, indefinite),
        now,
        "malformed",
        no_policy.clone(),
    );

    // An audience with a control character (ESC in place of a space), the
    // device signature made over that audience: only the audience is wrong.
    let held = credential(
        &issuer.key,
        CredentialKind::NationalId,
        "audience-control",
        131,
        expires,
    );
    let clean = "Khách sạn Hoa Sen";
    let escaped = "Khách sạn Hoa\u{1b}Sen";
    let mut bytes = present_bytes(
        &held.credential,
        &Disclosure {
            claims: Preset::CheckpointId.claims(),
            audience: Some(clean),
            ..Default::default()
        },
        at(now),
        &held.device,
    )
    .unwrap();
    let mask = Presentation::from_bytes(&bytes).unwrap().mask_wire();
    let start = bytes
        .windows(clean.len())
        .position(|w| w == clean.as_bytes())
        .unwrap();
    bytes[start..start + clean.len()].copy_from_slice(escaped.as_bytes());
    let digest = transcript(
        &held.credential.issuer_signature,
        &held.credential.root(),
        &mask,
        at(now),
        None,
        Some(escaped),
    );
    let signed = held.device.sign_prehash(&digest).unwrap();
    let (signature, recovery_id) = low_s(signed.signature, signed.recovery_id.unwrap()).unwrap();
    let len = bytes.len();
    bytes[len - 64..].copy_from_slice(&signature);
    bytes[0] = (bytes[0] & !0b1100) | (recovery_id << 2);
    add(
        "fail_malformed_audience_control",
        "an audience with a control character (ESC), signed by the device",
        to_text(&bytes),
        now,
        "malformed",
        json!({"audience": clean}),
    );

    // Window edges, each with its one-second-later twin.
    add(
        "valid_max_age_edge",
        "scanned exactly 60 s (the max age) after it was made",
        base_text.clone(),
        now + Duration::seconds(60),
        "valid",
        no_policy.clone(),
    );
    add(
        "fail_too_old_by_one_second",
        "scanned 61 s after it was made",
        base_text.clone(),
        now + Duration::seconds(61),
        "too_old",
        no_policy.clone(),
    );
    add(
        "valid_max_future_edge",
        "made exactly 30 s (the max future) ahead of the verifier's clock",
        base_text.clone(),
        now - Duration::seconds(30),
        "valid",
        no_policy.clone(),
    );
    add(
        "fail_from_future_by_one_second",
        "made 31 s ahead of the verifier's clock",
        base_text.clone(),
        now - Duration::seconds(31),
        "from_future",
        no_policy.clone(),
    );
    let held = credential(
        &issuer.key,
        CredentialKind::NationalId,
        "expires-now",
        132,
        now,
    );
    add(
        "fail_expired_at_exp",
        "made and scanned at the very second the credential expires",
        present(&held.credential, &checkpoint, at(now), &held.device).unwrap(),
        now,
        "expired",
        no_policy.clone(),
    );
    let day2 = now + Duration::hours(47);
    add(
        "valid_status_list_48h",
        "the status list is exactly 48 h (the max status age) old",
        present(&base.credential, &checkpoint, at(day2), &base.device).unwrap(),
        day2,
        "valid",
        no_policy.clone(),
    );
    let day2_late = day2 + Duration::seconds(1);
    add(
        "fail_status_unknown_stale_by_one_second",
        "the status list is 48 h and 1 s old",
        present(&base.credential, &checkpoint, at(day2_late), &base.device).unwrap(),
        day2_late,
        "status_unknown",
        no_policy.clone(),
    );

    // Trust-list edges: these vectors carry their own `trust_list`, which
    // replaces the one in verifier.json (the status lists stay).
    add(
        "valid_key_at_valid_until",
        "made and scanned at the exact second the issuer key's trust ends",
        base_text.clone(),
        now,
        "valid",
        no_policy.clone(),
    );
    add(
        "fail_unknown_issuer_after_valid_until",
        "scanned one second after the issuer key's trust ended",
        base_text.clone(),
        now + Duration::seconds(1),
        "unknown_issuer",
        no_policy.clone(),
    );
    add(
        "fail_bad_issuer_signature_duplicate_kid",
        "the trust list has the proof's kid twice; the first entry, another key, is the one used",
        base_text.clone(),
        now,
        "bad_issuer_signature",
        no_policy.clone(),
    );
    let mut until = shared_trust_list.clone();
    until.issuers[0].valid_until = Some(now);
    let mut duplicate = shared_trust_list.clone();
    duplicate.issuers.insert(
        0,
        TrustedIssuer {
            name: "Another key under the test issuer's kid".into(),
            public_key: impostor.public_key(),
            ..shared_trust_list.issuers[0].clone()
        },
    );
    let extras: [(&str, Option<&TrustList>, Option<&str>); 8] = [
        (
            "fail_malformed_name_double_space",
            None,
            Some("malformed: the disclosed value of full_name is not valid"),
        ),
        (
            "fail_malformed_name_digit",
            None,
            Some("malformed: the disclosed value of full_name is not valid"),
        ),
        (
            "fail_malformed_personal_id_province",
            None,
            Some("malformed: the disclosed value of personal_id_number is not valid"),
        ),
        (
            "fail_malformed_name_indefinite",
            None,
            Some("malformed: the disclosed value of full_name is not valid"),
        ),
        (
            "fail_malformed_audience_control",
            None,
            Some("malformed: the audience field has an invalid length"),
        ),
        ("valid_key_at_valid_until", Some(&until), None),
        ("fail_unknown_issuer_after_valid_until", Some(&until), None),
        (
            "fail_bad_issuer_signature_duplicate_kid",
            Some(&duplicate),
            None,
        ),
    ];
    for (name, trust, detail) in extras {
        let (_, vector) = vectors.iter_mut().find(|(n, _)| n == name).unwrap();
        if let Some(trust) = trust {
            vector["trust_list"] = serde_json::to_value(trust).unwrap();
        }
        if let Some(detail) = detail {
            vector["detail"] = json!(detail);
        }
    }

    for (name, vector) in &vectors {
        std::fs::write(
            dir.join(format!("{name}.json")),
            serde_json::to_string_pretty(vector).unwrap() + "\n",
        )
        .unwrap();
    }
    let v2_count = v2::write(&dir.join("v2"), &issuer.key, now, &impostor);
    eprintln!(
        "wrote {} format 1 vectors, {v2_count} format 2 vectors and verifier.json to {}",
        vectors.len(),
        dir.display()
    );
}
