//! Format 2's vectors, in `tests/testdata/v2/`, checked against the same
//! `verifier.json` as format 1's. Each has one defect, as there.

use std::path::Path;

use serde_json::json;
use time::{Duration, OffsetDateTime};
use vidi_core::claims::{ClaimId, ClaimValue};
use vidi_core::credential::CredentialKind;
use vidi_core::document::{CareFacility, LicenceClass};
use vidi_core::format::Format;
use vidi_core::keys::IssuerKey;
use vidi_core::presentation::{Disclosure, from_text_any, present, present_bytes, to_text_in};
use vidi_core::preset::Preset;

use super::{Held, Thief, at, credential_in, rfc3339};

const REVOKED: u32 = super::REVOKED;

struct Vectors {
    list: Vec<(String, serde_json::Value)>,
}

impl Vectors {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        name: &str,
        description: &str,
        payload: String,
        verify_at: OffsetDateTime,
        expect: &str,
        policy: serde_json::Value,
        disclosed: &[ClaimId],
    ) {
        self.list.push((
            name.to_owned(),
            json!({
                "disclosed": disclosed.iter().map(|c| c.name()).collect::<Vec<_>>(),
                "description": description,
                "payload": payload,
                "verify_at": rfc3339(verify_at),
                "policy": policy,
                "expect": expect,
            }),
        ));
    }
}

fn v2(
    issuer: &IssuerKey,
    kind: CredentialKind,
    label: &str,
    index: u32,
    exp: OffsetDateTime,
) -> Held {
    credential_in(Format::V2, issuer, kind, &format!("v2/{label}"), index, exp)
}

fn show(held: &Held, claims: &[ClaimId], at_: u32) -> String {
    present(
        &held.credential,
        &Disclosure {
            claims,
            ..Default::default()
        },
        at_,
        &held.device,
    )
    .unwrap()
}

fn bytes_of(text: &str) -> Vec<u8> {
    from_text_any(text).unwrap().1
}

fn text_of(bytes: &[u8]) -> String {
    to_text_in(Format::V2, bytes)
}

/// Writes the vectors into `dir`; returns how many.
pub fn write(dir: &Path, issuer: &IssuerKey, now: OffsetDateTime, impostor: &IssuerKey) -> usize {
    std::fs::create_dir_all(dir).unwrap();
    // Format 2 credentials expire at a midnight in Vietnam: 2026-07-01.
    let expires = OffsetDateTime::from_unix_timestamp(1_782_838_800).unwrap();
    assert_eq!(expires.unix_timestamp() % 86_400, 86_400 - 7 * 3600);
    let mut v = Vectors { list: Vec::new() };
    let none = json!({});
    let later = now + Duration::seconds(5);

    // Every preset, from its own credential, shown whole.
    for (i, preset) in Preset::ALL.into_iter().enumerate() {
        let held = v2(
            issuer,
            preset.kind_in(Format::V2),
            preset.name(),
            200 + i as u32,
            expires,
        );
        v.add(
            &format!("valid_{}", preset.name().replace('-', "_")),
            &format!(
                "the {} preset of the reference citizen, format 2",
                preset.name()
            ),
            show(&held, preset.claims(), at(now)),
            later,
            "valid",
            none.clone(),
            preset.claims(),
        );
    }
    let class_b = CredentialKind::LicenceClass(LicenceClass::B);
    let held = v2(issuer, class_b, "class-b", 210, expires);
    let claims = [ClaimId::ValidForClass(LicenceClass::B)];
    v.add(
        "valid_licence_class_b",
        "licence valid today for class B, nothing else, format 2",
        show(&held, &claims, at(now)),
        now,
        "valid",
        none.clone(),
        &claims,
    );
    // Claims picked one by one come from the document's claim tree.
    let held = v2(issuer, CredentialKind::NationalId, "nonce", 211, expires);
    let nonce = [0x4e, 0x6f, 0x6e, 0x63];
    let picked = [ClaimId::FullName, ClaimId::PlaceOfResidence];
    let with_nonce = present(
        &held.credential,
        &Disclosure {
            claims: &picked,
            nonce: Some(&nonce),
            audience: Some("Khách sạn Hoa Sen"),
        },
        at(now),
        &held.device,
    )
    .unwrap();
    v.add(
        "valid_nonce_audience",
        "name and residence picked from the national ID's claim tree, for a hotel, answering its nonce",
        with_nonce.clone(),
        later,
        "valid",
        json!({"nonce_hex": hex::encode(nonce), "audience": "Khách sạn Hoa Sen"}),
        &picked,
    );
    let held = v2(
        issuer,
        CredentialKind::HealthInsurance,
        "picked-facility",
        212,
        expires,
    );
    let picked_facility = [ClaimId::FullName, ClaimId::FirstCareFacility];
    v.add(
        "valid_picked_facility",
        "name and first-care facility (code and name) picked from the health card's claim tree",
        show(&held, &picked_facility, at(now)),
        later,
        "valid",
        none.clone(),
        &picked_facility,
    );

    // The base proof the byte-level defects start from: checkpoint-id.
    let checkpoint = Preset::CheckpointId.claims();
    let base = v2(issuer, CredentialKind::CheckpointId, "base", 220, expires);
    let base_text = show(&base, checkpoint, at(now));
    let base_bytes = bytes_of(&base_text);
    // flags(1) kid(2) day(2) status(3) lead(3): no parameter for this kind.
    v.add(
        "fail_malformed_kind",
        "kind 9, which no format has, in the header's high nibble",
        text_of(&{
            let mut b = base_bytes.clone();
            b[0] = (b[0] & 0x0f) | 0x90;
            b
        }),
        now,
        "malformed",
        none.clone(),
        &[],
    );
    v.add(
        "fail_malformed_kind_preset_in_format_1",
        "a format 1 proof of kind 6 (checkpoint-id), which only format 2 has",
        {
            let f1 = credential_in(
                Format::V1,
                issuer,
                CredentialKind::NationalId,
                "v2/kind-in-v1",
                221,
                expires,
            );
            let text = show(&f1, checkpoint, at(now));
            let mut b = bytes_of(&text);
            b[3] = 6;
            to_text_in(Format::V1, &b)
        },
        now,
        "malformed",
        none.clone(),
        &[],
    );
    v.add(
        "fail_malformed_expiry_day_zero",
        "expiry day 0 (1970-01-01 in Vietnam began before the Unix epoch)",
        text_of(&{
            let mut b = base_bytes.clone();
            b[3..5].copy_from_slice(&[0, 0]);
            b
        }),
        now,
        "malformed",
        none.clone(),
        &[],
    );
    v.add(
        "fail_malformed_time_before_epoch",
        "a presentation time more seconds before the expiry than the expiry is after 1970",
        text_of(&{
            let mut b = base_bytes.clone();
            b[3..5].copy_from_slice(&[0, 1]);
            b[8..11].copy_from_slice(&[0xff, 0xff, 0xff]);
            b
        }),
        now,
        "malformed",
        none.clone(),
        &[],
    );

    // Value rules new in format 2: credentials the issuer did sign, with one
    // value in a form format 2 refuses.
    let bad_value = |kind: CredentialKind, label: &str, slot: usize, raw: Vec<u8>| {
        let mut held = v2(issuer, kind, label, 230, expires);
        held.credential.values[slot] = raw;
        held.credential.issuer_signature = issuer
            .sign(&held.credential.statement().to_be_signed())
            .unwrap();
        let claims = kind.slots();
        show(&held, &claims, at(now))
    };
    let utf8_name = ClaimValue::Text("Nguyễn Thị Thanh Hương".into()).encode_in(Format::V1);
    v.add(
        "fail_malformed_name_utf8",
        "the full name as UTF-8 text though every letter has a VISCII byte, signed by the issuer",
        bad_value(CredentialKind::CheckpointId, "name-utf8", 1, utf8_name),
        now,
        "malformed",
        none.clone(),
        &[],
    );
    // "Nguy" then 0x01, a control byte VISCII keeps.
    let mut control = vec![0x45];
    control.extend_from_slice(b"Nguy\x01");
    v.add(
        "fail_malformed_name_control_byte",
        "a full name in VISCII holding the control byte 0x01, signed by the issuer",
        bad_value(CredentialKind::CheckpointId, "name-control", 1, control),
        now,
        "malformed",
        none.clone(),
        &[],
    );
    // Group 676 (one past "ZZ").
    let packed = 676u64 * 10_000_000_000_000 + 4_010_123_456_789;
    let mut group = vec![0x47];
    group.extend_from_slice(&packed.to_be_bytes()[1..]);
    v.add(
        "fail_malformed_card_number_group",
        "a packed health card number whose letter group is past ZZ, signed by the issuer",
        bad_value(CredentialKind::Hospital, "card-group", 0, group),
        now,
        "malformed",
        none.clone(),
        &[],
    );
    v.add(
        "fail_malformed_facility_code_range",
        "first-care facility code 100000 (six digits), signed by the issuer",
        bad_value(
            CredentialKind::Hospital,
            "facility-range",
            3,
            vec![0x1a, 0x00, 0x01, 0x86, 0xa0],
        ),
        now,
        "malformed",
        none.clone(),
        &[],
    );
    let (_, _, health) = vidi_core::document::sample::reference_citizen();
    let facility: CareFacility = health.first_care_facility().clone();
    v.add(
        "fail_malformed_facility_with_name",
        "the hospital kind's facility as code and name, which only the claim tree sends, signed by the issuer",
        bad_value(
            CredentialKind::Hospital,
            "facility-name",
            3,
            ClaimValue::Facility(facility).encode_in(Format::V2),
        ),
        now,
        "malformed",
        none.clone(),
        &[],
    );

    // Signatures and hints.
    let name = vidi_core::viscii::encode("Nguyễn Thị Thanh Hương").unwrap();
    let at_name = base_bytes
        .windows(name.len())
        .position(|w| w == name.as_slice())
        .unwrap();
    let mut tampered = base_bytes.clone();
    tampered[at_name + 1] = b'H';
    v.add(
        "fail_tampered_claim",
        "one letter of the disclosed name changed",
        text_of(&tampered),
        now,
        "tampered_claim",
        none.clone(),
        &[],
    );
    // The same change with the 1-byte claims hint fixed up: the hint
    // carries no security, the issuer's signature refuses it.
    let hint_at = 11;
    let fixed = (0..=255u8)
        .map(|h| {
            let mut b = tampered.clone();
            b[hint_at + 1] = h;
            b
        })
        .find(|b| {
            let proof = vidi_core::presentation::Presentation::from_bytes_v2(b).unwrap();
            proof.rebuild_statement().is_ok()
        })
        .unwrap();
    v.add(
        "fail_bad_issuer_signature_hint_fixed",
        "one letter of the name changed and the claims hint made to match",
        text_of(&fixed),
        now,
        "bad_issuer_signature",
        none.clone(),
        &[],
    );
    let mut expiry = base_bytes.clone();
    let day = u16::from_be_bytes([expiry[3], expiry[4]]) + 60;
    // Keep the presentation time: the lead grows by 60 days.
    let lead = u32::from_be_bytes([0, expiry[8], expiry[9], expiry[10]]) + 60 * 86_400;
    expiry[3..5].copy_from_slice(&day.to_be_bytes());
    expiry[8..11].copy_from_slice(&lead.to_be_bytes()[1..]);
    v.add(
        "fail_bad_issuer_signature_extended_expiry",
        "the expiry day pushed 60 days later, the presentation time kept",
        text_of(&expiry),
        now,
        "bad_issuer_signature",
        none.clone(),
        &[],
    );
    let mut time_shift = base_bytes.clone();
    let lead = u32::from_be_bytes([0, time_shift[8], time_shift[9], time_shift[10]]) - 600;
    time_shift[8..11].copy_from_slice(&lead.to_be_bytes()[1..]);
    v.add(
        "fail_bad_device_signature_time",
        "the presentation time moved 10 minutes forward",
        text_of(&time_shift),
        now + Duration::seconds(600),
        "bad_device_signature",
        none.clone(),
        &[],
    );
    let thief = vidi_core::keys::SoftwareDeviceKey::from_seed(b"vidi/vectors/v2/thief").unwrap();
    v.add(
        "fail_bad_device_signature",
        "a copied credential presented with another device's key",
        text_of(
            &present_bytes(
                &base.credential,
                &Disclosure {
                    claims: checkpoint,
                    ..Default::default()
                },
                at(now),
                &Thief {
                    bound: base.credential.device_key,
                    key: thief,
                },
            )
            .unwrap(),
        ),
        now,
        "bad_device_signature",
        none.clone(),
        &[],
    );
    let fake = v2(
        impostor,
        CredentialKind::CheckpointId,
        "impostor",
        222,
        expires,
    );
    v.add(
        "fail_bad_issuer_signature",
        "signed by another key claiming the test issuer's key id",
        show(&fake, checkpoint, at(now)),
        now,
        "bad_issuer_signature",
        none.clone(),
        &[],
    );

    // Times and status.
    v.add(
        "fail_too_old_by_one_second",
        "scanned 61 s after it was made",
        base_text.clone(),
        now + Duration::seconds(61),
        "too_old",
        none.clone(),
        &[],
    );
    v.add(
        "valid_max_age_edge",
        "scanned exactly 60 s after it was made",
        base_text.clone(),
        now + Duration::seconds(60),
        "valid",
        none.clone(),
        checkpoint,
    );
    let at_exp = v2(
        issuer,
        CredentialKind::CheckpointId,
        "expires-now",
        223,
        expires,
    );
    v.add(
        "fail_expired_at_exp",
        "made and scanned at the midnight the credential expires (the lead is 0)",
        show(&at_exp, checkpoint, at(expires)),
        expires,
        "expired",
        none.clone(),
        &[],
    );
    let revoked = v2(
        issuer,
        CredentialKind::TrafficStop,
        "revoked",
        REVOKED,
        expires,
    );
    v.add(
        "fail_revoked",
        "a revoked driving licence's traffic-stop credential",
        show(&revoked, Preset::TrafficStop.claims(), at(now)),
        now,
        "revoked",
        none.clone(),
        &[],
    );
    let outside = v2(
        issuer,
        CredentialKind::AgeOver(18),
        "out-of-range",
        70_000,
        expires,
    );
    v.add(
        "fail_status_unknown_out_of_range",
        "a status index (3 bytes) past the end of the list",
        show(&outside, &[ClaimId::AgeOver(18)], at(now)),
        now,
        "status_unknown",
        none.clone(),
        &[],
    );
    v.add(
        "fail_wrong_nonce",
        "a proof answering another nonce",
        with_nonce,
        now,
        "wrong_nonce",
        json!({"nonce_hex": "00112233"}),
        &[],
    );

    // The exact reason of each refusal new in format 2.
    for (name, detail) in [
        ("fail_malformed_kind", "unknown credential kind 9/0"),
        (
            "fail_malformed_kind_preset_in_format_1",
            "unknown credential kind 6/0",
        ),
        (
            "fail_malformed_expiry_day_zero",
            "the expiry is out of range",
        ),
        (
            "fail_malformed_time_before_epoch",
            "the presentation time is out of range",
        ),
        (
            "fail_malformed_name_utf8",
            "the disclosed value of full_name is not valid",
        ),
        (
            "fail_malformed_name_control_byte",
            "the disclosed value of full_name is not valid",
        ),
        (
            "fail_malformed_card_number_group",
            "the disclosed value of card_number is not valid",
        ),
        (
            "fail_malformed_facility_code_range",
            "the disclosed value of first_care_facility is not valid",
        ),
        (
            "fail_malformed_facility_with_name",
            "the disclosed value of first_care_facility is not valid",
        ),
    ] {
        let (_, vector) = v.list.iter_mut().find(|(n, _)| n == name).unwrap();
        vector["detail"] = json!(format!("malformed: {detail}"));
    }

    for (name, vector) in &v.list {
        std::fs::write(
            dir.join(format!("{name}.json")),
            serde_json::to_string_pretty(vector).unwrap() + "\n",
        )
        .unwrap();
    }
    v.list.len()
}
