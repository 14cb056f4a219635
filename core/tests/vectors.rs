//! The golden vectors in `tests/testdata/` (made by `examples/make_vectors.rs`):
//! `valid_*` verify, each `fail_*` is refused for the reason it names.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::Path;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use vidi_core::trust::VerifierData;
use vidi_core::verifier::{Policy, verify};

fn testdata() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata")
}

#[test]
fn every_vector_gives_its_verdict() {
    let data: VerifierData =
        serde_json::from_str(&std::fs::read_to_string(testdata().join("verifier.json")).unwrap())
            .unwrap();
    let mut seen_reasons = std::collections::BTreeSet::new();
    let mut count = 0;
    for entry in std::fs::read_dir(testdata()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "verifier" {
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
        let got = verify(payload, &data.trust_list, &data.status_lists, at, &policy);
        match (&got, expect) {
            (Ok(verified), "valid") => {
                assert!(name.starts_with("valid_"), "{name}");
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
    assert!(count >= 25, "only {count} vectors");
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
        assert!(
            seen_reasons.contains(reason),
            "no fail_ vector for {reason}"
        );
    }
}
