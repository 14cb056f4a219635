//! The golden vectors in `tests/testdata/` (made by `examples/make_vectors.rs`):
//! `valid_*` verify, each `fail_*` is refused for the reason it names (and,
//! where the vector gives a `detail`, with exactly that message). A vector
//! with its own `trust_list` is checked against it instead of verifier.json's.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::Path;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use vidi_core::trust::{TrustList, VerifierData};
use vidi_core::verifier::{Policy, verify};

fn testdata() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata")
}

#[test]
fn every_format_1_vector_gives_its_verdict() {
    let (count, seen) = check_vectors(&testdata(), "VD1:");
    assert!(count >= 48, "only {count} vectors");
    for reason in [
        "malformed",
        "unknown_issuer",
        "bad_issuer_signature",
        "tampered_claim",
        "bad_device_signature",
        "too_old",
        "from_future",
        "expired",
        "revoked",
        "suspended",
        "status_unknown",
        "wrong_nonce",
        "wrong_audience",
    ] {
        assert!(seen.contains(reason), "no fail_ vector for {reason}");
    }
}

/// Format 2's vectors: its own new rejections, and the steps whose inputs
/// it encodes differently (times, status index, hints, values).
#[test]
fn every_format_2_vector_gives_its_verdict() {
    let (count, seen) = check_vectors(&testdata().join("v2"), "VD2:");
    assert!(count >= 28, "only {count} vectors");
    for reason in [
        "malformed",
        "bad_issuer_signature",
        "tampered_claim",
        "bad_device_signature",
        "too_old",
        "expired",
        "revoked",
        "status_unknown",
        "wrong_nonce",
    ] {
        assert!(
            seen.contains(reason),
            "no format 2 fail_ vector for {reason}"
        );
    }
}

/// Checks every vector in `dir` against `verifier.json`; returns how many.
/// Valid ones must carry `prefix` (the format they stand for).
fn check_vectors(dir: &Path, prefix: &str) -> (usize, std::collections::BTreeSet<String>) {
    let data: VerifierData =
        serde_json::from_str(&std::fs::read_to_string(testdata().join("verifier.json")).unwrap())
            .unwrap();
    let mut seen_reasons = std::collections::BTreeSet::new();
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "verifier" || path.is_dir() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let payload = v["payload"].as_str().unwrap();
        let at = OffsetDateTime::parse(v["verify_at"].as_str().unwrap(), &Rfc3339).unwrap();
        let policy = Policy {
            nonce: v["policy"]["nonce_hex"]
                .as_str()
                .map(|h| hex::decode(h).unwrap()),
            audience: v["policy"]["audience"].as_str().map(str::to_owned),
            ..Policy::default()
        };
        let expect = v["expect"].as_str().unwrap();
        let own_trust: Option<TrustList> = v
            .get("trust_list")
            .map(|t| serde_json::from_value(t.clone()).unwrap());
        let trust = own_trust.as_ref().unwrap_or(&data.trust_list);
        let got = verify(payload, trust, &data.status_lists, at, &policy);
        if let Some(detail) = v.get("detail") {
            let got = got.as_ref().map(|_| ()).map_err(ToString::to_string);
            assert_eq!(got, Err(detail.as_str().unwrap().to_owned()), "{name}");
        }
        match (&got, expect) {
            (Ok(verified), "valid") => {
                assert!(name.starts_with("valid_"), "{name}");
                assert!(payload.starts_with(prefix), "{name}");
                let names: Vec<String> = verified.claims.iter().map(|c| c.id.name()).collect();
                let expected: Vec<String> = v["disclosed"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_str().unwrap().to_owned())
                    .collect();
                assert_eq!(names, expected, "{name}");
                for claim in &verified.claims {
                    let shown = claim.value.display();
                    match claim.id.name().as_str() {
                        "personal_id_number" => assert_eq!(shown, "001190012345"),
                        "full_name" => assert_eq!(shown, "Nguyễn Thị Thanh Hương"),
                        "date_of_birth" => assert_eq!(shown, "17/05/1990"),
                        "age_over_18" | "valid_for_class_B" => assert!(shown.starts_with("Có")),
                        // Named from the trust list's registry in format 2.
                        "first_care_facility" => {
                            assert_eq!(shown, "01001 Bệnh viện Bạch Mai")
                        }
                        _ => {}
                    }
                }
                assert_eq!(
                    verified.claims.len() + verified.hidden_claims,
                    verified.kind.slot_count()
                );
            }
            (Err(reason), code) => {
                assert_eq!(reason.code(), code, "{name}: {reason}");
                let detail = reason.to_string();
                for (part, words) in [
                    ("missing", "no status list"),
                    ("stale", "h old"),
                    ("out_of_range", "not in the status list"),
                ] {
                    if name.starts_with("fail_status_unknown") && name.ends_with(part) {
                        assert!(detail.contains(words), "{name}: {detail}");
                    }
                }
                assert!(
                    name.starts_with(&format!("fail_{code}")),
                    "{name} is named for its reason"
                );
                seen_reasons.insert(code.to_owned());
            }
            (Ok(_), code) => panic!("{name}: accepted, expected {code}"),
        }
        count += 1;
    }
    (count, seen_reasons)
}

/// The CBOR strictness rules of `docs/proof-format.md`: a value decodes only
/// in the exact encoding the issuer writes.
#[test]
fn claim_values_are_strict_cbor() {
    use vidi_core::claims::{ClaimId, ClaimValue};
    let decode = |id: ClaimId, bytes: &[u8]| {
        let mut input = bytes;
        ClaimValue::decode(id, &mut input).map(|(value, _)| value)
    };
    for (id, canonical) in [
        (ClaimId::DateOfBirth, &[0x19, 0x1d, 0x11][..]),
        (ClaimId::FullName, &[0x62, b'A', b'n']),
        (ClaimId::DateOfExpiry, &[0xf6]),
        (ClaimId::AgeOver(18), &[0xf5]),
        (ClaimId::Sex, &[0x01]),
        (
            ClaimId::PersonalIdNumber,
            &[0x45, 0x00, 0x46, 0xee, 0x25, 0xb9],
        ),
        (
            ClaimId::FirstCareFacility,
            &[0x82, 0x19, 0x03, 0xe9, 0x62, b'B', b'V'],
        ),
        // The date range: 9999-12-31 and -9999-01-01.
        (ClaimId::DateOfBirth, &[0x1a, 0x00, 0x2c, 0xc0, 0xa0]),
        (ClaimId::DateOfBirth, &[0x3a, 0x00, 0x42, 0xb4, 0x82]),
    ] {
        assert!(decode(id, canonical).is_ok(), "{canonical:02x?}");
    }
    for (id, loose, what) in [
        (
            ClaimId::DateOfBirth,
            &[0x1a, 0, 0, 0x1d, 0x11][..],
            "long integer",
        ),
        (ClaimId::DateOfBirth, &[0xc2, 0x42, 0x1d, 0x11], "bignum"),
        (
            ClaimId::DateOfBirth,
            &[0x1a, 0x00, 0x2c, 0xc0, 0xa1],
            "10000-01-01",
        ),
        (
            ClaimId::DateOfBirth,
            &[0x3a, 0x00, 0x42, 0xb4, 0x83],
            "-10000-12-31",
        ),
        (
            ClaimId::FullName,
            &[0x7f, 0x61, b'A', 0x61, b'n', 0xff],
            "indefinite text",
        ),
        (ClaimId::FullName, &[0x78, 0x02, b'A', b'n'], "long length"),
        (ClaimId::FullName, &[0xc0, 0x62, b'A', b'n'], "tag"),
        (ClaimId::DateOfExpiry, &[0xf7], "undefined"),
        (ClaimId::PortraitDigest, &[0xf7], "undefined"),
        (ClaimId::AgeOver(18), &[0xf8, 0x15], "two-byte true"),
        (ClaimId::Sex, &[0x18, 0x01], "long integer"),
        (ClaimId::Sex, &[0xf9, 0x3c, 0x00], "float"),
        (
            ClaimId::PersonalIdNumber,
            &[0x5f, 0x42, 0x00, 0x46, 0x43, 0xee, 0x25, 0xb9, 0xff],
            "indefinite bytes",
        ),
        (
            ClaimId::FirstCareFacility,
            &[0x9f, 0x19, 0x03, 0xe9, 0x62, b'B', b'V', 0xff],
            "indefinite array",
        ),
        (
            ClaimId::FirstCareFacility,
            &[0x82, 0x19, 0x03, 0xe9, 0x64, b'B', b' ', b' ', b'V'],
            "facility name with two spaces",
        ),
    ] {
        assert!(decode(id, loose).is_err(), "{what}: {loose:02x?}");
    }
}
