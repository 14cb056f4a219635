//! The SD-JWT VC module: issue, verify, present, and the tampering each
//! check must catch.
#![allow(clippy::unwrap_used, clippy::panic)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use crate::claims::ClaimId;
use crate::document::citizens::{MINOR_NUMBER, citizen};
use crate::document::sample::try_reference_citizen;
use crate::document::{Document, DocumentType};
use crate::issuer::Issuer;
use crate::keys::{DeviceSigner as _, IssuerKey, SoftwareDeviceKey};
use crate::oid4vci::sign_with_issuer;
use crate::sample::{test_issuer, test_trust_list};

const ISS: &str = "https://issuer.example";
const NOW: OffsetDateTime = datetime!(2026-06-01 08:00 UTC);
const AUD: &str = "https://verifier.example";
const NONCE: &str = "n-0S6_WzA2Mj";

fn reference(document_type: DocumentType) -> Document {
    let (card, licence, health) = try_reference_citizen().unwrap();
    match document_type {
        DocumentType::NationalId => Document::NationalId(card),
        DocumentType::DrivingLicence => Document::DrivingLicence(licence),
        DocumentType::HealthInsurance => Document::HealthInsurance(health),
    }
}

fn status() -> StatusReference {
    StatusReference {
        idx: 3001,
        uri: format!("{ISS}/status-lists/32343"),
    }
}

fn issued(issuer: &Issuer, device: &SoftwareDeviceKey, document: &Document) -> SdJwtVc {
    let how = Issuance {
        issuer: ISS,
        key: &issuer.key,
        device_key: device.public_key().unwrap(),
        status: status(),
        issued_at: NOW,
        expires_at: NOW,
    };
    issue_document(document, how, NOW, Duration::days(30)).unwrap()
}

fn metadata(issuer: &Issuer) -> JwtVcIssuerMetadata {
    JwtVcIssuerMetadata::new(ISS, &[(issuer.key.kid(), issuer.key.public_key())])
}

fn check(now: OffsetDateTime) -> KeyBindingCheck<'static> {
    KeyBindingCheck {
        audience: AUD,
        nonce: NONCE,
        now,
        max_age: Duration::minutes(5),
    }
}

fn b64_json(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// `credential` with its payload changed by `edit` and signed again by
/// `key`, disclosures kept (or replaced by `disclosures`).
fn resigned(
    credential: &SdJwtVc,
    key: &IssuerKey,
    edit: impl FnOnce(&mut Value),
    disclosures: Option<Vec<String>>,
) -> String {
    let jwt = credential.issuer_signed_jwt();
    let mut parts = jwt.split('.');
    let header = b64_json(parts.next().unwrap());
    let mut payload = b64_json(parts.next().unwrap());
    edit(&mut payload);
    let jwt = sign_with_issuer(header, &payload, key).unwrap();
    let disclosures = disclosures.unwrap_or_else(|| {
        credential
            .disclosures
            .iter()
            .map(|(_, d)| d.to_string())
            .collect()
    });
    let mut out = format!("{jwt}~");
    for d in disclosures {
        out.push_str(&d);
        out.push('~');
    }
    out
}

#[test]
fn an_issued_national_id_verifies_with_every_claim_disclosable() {
    let issuer = test_issuer().unwrap();
    let device = SoftwareDeviceKey::from_seed(b"sd-jwt device").unwrap();
    let document = reference(DocumentType::NationalId);
    let credential = issued(&issuer, &device, &document);

    // The header and the plain claims, read independently of the module.
    let jwt = credential.issuer_signed_jwt();
    let mut parts = jwt.split('.');
    let header = b64_json(parts.next().unwrap());
    let payload = b64_json(parts.next().unwrap());
    assert_eq!(header["typ"], "dc+sd-jwt");
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["kid"], issuer.key.kid().to_string());
    assert_eq!(payload["vct"], "urn:vidi:vct:national_id");
    assert_eq!(payload["iss"], ISS);
    assert_eq!(payload["iat"], NOW.unix_timestamp());
    assert_eq!(payload["_sd_alg"], "sha-256");
    assert_eq!(payload["status"]["status_list"]["idx"], 3001);
    assert_eq!(
        crate::oid4vci::public_key_from_jwk(&payload["cnf"]["jwk"]).unwrap(),
        device.public_key().unwrap()
    );
    // No claim in plain: only registered ones and the digests.
    let mut plain: Vec<&str> = payload
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    plain.sort_unstable();
    assert_eq!(
        plain,
        [
            "_sd", "_sd_alg", "cnf", "exp", "iat", "iss", "status", "vct"
        ]
    );
    let digests: Vec<&str> = payload["_sd"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    let mut sorted = digests.clone();
    sorted.sort_unstable();
    assert_eq!(digests, sorted, "digests sorted, their order tells nothing");
    assert_eq!(digests.len(), 10 + 3);

    // Every disclosure: a 128-bit salt, the claim's machine name, its JSON value.
    let (_, claims, _) = document_claims(&document, NOW.date()).unwrap();
    for ((name, d), claim) in credential.disclosures.iter().zip(&claims) {
        let array = b64_json(d);
        assert_eq!(
            URL_SAFE_NO_PAD
                .decode(array[0].as_str().unwrap())
                .unwrap()
                .len(),
            16
        );
        assert_eq!(array[1], claim.id.name());
        assert_eq!(array[2], claim.value.to_json());
        assert_eq!(*name, claim.id.name());
        assert!(digests.contains(&disclosure_digest(d).as_str()));
    }
    assert!(credential.claim_names().contains(&"age_over_18"));

    let verified = verify(credential.as_str(), &metadata(&issuer), NOW).unwrap();
    assert_eq!(verified.vct, "urn:vidi:vct:national_id");
    assert_eq!(verified.device_key, device.public_key().unwrap());
    assert_eq!(verified.status, Some(status()));
    assert_eq!(verified.claims.len(), claims.len());
    for claim in &claims {
        assert_eq!(verified.claims[&claim.id.name()], claim.value.to_json());
    }
    // The trust list serves as well as the issuer metadata.
    let trust = test_trust_list(&issuer);
    let trusted = TrustedKeys {
        issuer: ISS,
        trust: &trust,
    };
    assert_eq!(
        verify(credential.as_str(), &trusted, NOW).unwrap(),
        verified
    );
    // Every salt is fresh: the same document issued twice shares no digest.
    let again = issued(&issuer, &device, &document);
    assert!(
        again
            .disclosures
            .iter()
            .all(|(_, d)| !digests.contains(&disclosure_digest(d).as_str()))
    );
}

#[test]
fn each_document_type_has_its_vct_and_claims() {
    let issuer = test_issuer().unwrap();
    let device = SoftwareDeviceKey::from_seed(b"sd-jwt device").unwrap();
    for (document_type, kind) in [
        (
            DocumentType::DrivingLicence,
            crate::credential::CredentialKind::DrivingLicence,
        ),
        (
            DocumentType::HealthInsurance,
            crate::credential::CredentialKind::HealthInsurance,
        ),
    ] {
        let credential = issued(&issuer, &device, &reference(document_type));
        assert_eq!(credential.vct(), vct(document_type));
        assert_eq!(document_type_of_vct(credential.vct()), Some(document_type));
        let names: Vec<String> = kind.slots().iter().map(|c| c.name()).collect();
        assert_eq!(credential.claim_names(), names);
        verify(credential.as_str(), &metadata(&issuer), NOW).unwrap();
    }
    assert_eq!(document_type_of_vct("urn:vidi:vct:passport"), None);
}

#[test]
fn a_minor_s_credential_ends_on_the_birthday_that_changes_age_over() {
    let issuer = test_issuer().unwrap();
    let device = SoftwareDeviceKey::from_seed(b"minor").unwrap();
    let minor = citizen(1, MINOR_NUMBER, NOW.date()).unwrap();
    let Some(Document::NationalId(card)) = minor.document(DocumentType::NationalId) else {
        panic!("the minor has a national ID");
    };
    let document = Document::NationalId(card.clone());
    let how = Issuance {
        issuer: ISS,
        key: &issuer.key,
        device_key: device.public_key().unwrap(),
        status: status(),
        issued_at: NOW,
        expires_at: NOW,
    };
    let credential = issue_document(&document, how, NOW, Duration::days(3650)).unwrap();
    let verified = verify(credential.as_str(), &metadata(&issuer), NOW).unwrap();
    assert_eq!(verified.claims["age_over_18"], false);
    let birthday = AGE_THRESHOLDS
        .into_iter()
        .filter(|n| verified.claims[&format!("age_over_{n}")] == false)
        .map(|n| card.age_threshold_changes_on(u32::from(n)))
        .min()
        .unwrap();
    assert_eq!(
        credential.expires_at(),
        birthday.midnight().assume_offset(crate::issuer::VIETNAM)
    );
    assert!(credential.expires_at() < NOW + Duration::days(3650));
}

#[test]
fn a_presentation_discloses_only_the_chosen_claims_and_verifies() {
    let issuer = test_issuer().unwrap();
    let device = SoftwareDeviceKey::from_seed(b"holder").unwrap();
    let credential = issued(&issuer, &device, &reference(DocumentType::NationalId));
    let names = [
        "place_of_residence",
        "full_name",
        "personal_id_number",
        "date_of_birth",
    ];
    let presentation = credential
        .present(&names, AUD, NONCE, NOW, &device)
        .unwrap();
    assert_eq!(presentation.matches('~').count(), 1 + names.len());
    let verified = verify_presentation(
        &presentation,
        &metadata(&issuer),
        &check(NOW + Duration::seconds(20)),
    )
    .unwrap();
    let mut disclosed: Vec<&str> = verified
        .credential
        .claims
        .keys()
        .map(String::as_str)
        .collect();
    disclosed.sort_unstable();
    let mut expected = names.to_vec();
    expected.sort_unstable();
    assert_eq!(disclosed, expected);
    assert_eq!(verified.presented_at, NOW);

    // The age service: one claim.
    let age = credential
        .present(&["age_over_18"], AUD, NONCE, NOW, &device)
        .unwrap();
    let verified = verify_presentation(&age, &metadata(&issuer), &check(NOW)).unwrap();
    assert_eq!(verified.credential.claims.len(), 1);
    assert_eq!(verified.credential.claims["age_over_18"], true);

    assert_eq!(
        credential
            .present(&["licence_number"], AUD, NONCE, NOW, &device)
            .unwrap_err(),
        SdJwtError::NoSuchClaim("licence_number".into())
    );
    let other = SoftwareDeviceKey::from_seed(b"other").unwrap();
    assert_eq!(
        credential
            .present(&["full_name"], AUD, NONCE, NOW, &other)
            .unwrap_err(),
        SdJwtError::KeyMismatch
    );
}

#[test]
fn key_binding_refuses_each_wrong_part() {
    let issuer = test_issuer().unwrap();
    let keys = metadata(&issuer);
    let device = SoftwareDeviceKey::from_seed(b"holder").unwrap();
    let credential = issued(&issuer, &device, &reference(DocumentType::NationalId));
    let present = |names: &[&str], aud: &str, nonce: &str, at: OffsetDateTime| {
        credential
            .present(names, aud, nonce, at, &device)
            .unwrap()
            .to_string()
    };
    let good = present(&["full_name"], AUD, NONCE, NOW);
    let kb_error =
        |text: &str, check: &KeyBindingCheck<'_>| match verify_presentation(text, &keys, check) {
            Err(SdJwtError::KeyBinding(e)) => e,
            other => panic!("expected a key binding error, got {other:?}"),
        };
    assert!(verify_presentation(&good, &keys, &check(NOW)).is_ok());
    assert_eq!(
        kb_error(&present(&["full_name"], AUD, "other", NOW), &check(NOW)),
        KeyBindingError::Nonce
    );
    assert_eq!(
        kb_error(
            &present(&["full_name"], "https://else", NONCE, NOW),
            &check(NOW)
        ),
        KeyBindingError::Audience
    );
    assert_eq!(
        kb_error(&good, &check(NOW + Duration::minutes(6))),
        KeyBindingError::IssuedAt
    );
    let ahead = present(&["full_name"], AUD, NONCE, NOW + Duration::minutes(6));
    assert_eq!(kb_error(&ahead, &check(NOW)), KeyBindingError::IssuedAt);
    // Without key binding.
    assert_eq!(
        kb_error(credential.as_str(), &check(NOW)),
        KeyBindingError::Missing
    );
    // A disclosure added after signing, or one taken away: sd_hash no longer covers them.
    let kb = &good[good.rfind('~').unwrap() + 1..];
    let with_more = format!(
        "{}{}~{kb}",
        &good[..good.rfind('~').unwrap() + 1],
        credential.disclosures[0].1.as_str()
    );
    assert_eq!(kb_error(&with_more, &check(NOW)), KeyBindingError::SdHash);
    let fewer = format!("{}~{kb}", credential.issuer_signed_jwt());
    assert_eq!(kb_error(&fewer, &check(NOW)), KeyBindingError::SdHash);
    // Signed by another key than cnf's.
    let other = SoftwareDeviceKey::from_seed(b"thief").unwrap();
    let header = json!({"typ": "kb+jwt"});
    let payload = b64_json(kb.split('.').nth(1).unwrap());
    let forged = crate::oid4vci::sign_with_device(header, &payload, &other).unwrap();
    let forged = format!("{}{forged}", &good[..good.rfind('~').unwrap() + 1]);
    assert_eq!(kb_error(&forged, &check(NOW)), KeyBindingError::Signature);
    // A KB-JWT of another typ.
    let wrong_typ =
        crate::oid4vci::sign_with_device(json!({"typ": "jwt"}), &payload, &device).unwrap();
    let wrong_typ = format!("{}{wrong_typ}", &good[..good.rfind('~').unwrap() + 1]);
    assert_eq!(
        kb_error(&wrong_typ, &check(NOW)),
        KeyBindingError::Malformed
    );
}

#[test]
fn the_issuer_s_part_refuses_tampering() {
    let issuer = test_issuer().unwrap();
    let keys = metadata(&issuer);
    let device = SoftwareDeviceKey::from_seed(b"holder").unwrap();
    let credential = issued(&issuer, &device, &reference(DocumentType::NationalId));
    let text = credential.as_str();
    let err = |text: &str| verify(text, &keys, NOW).unwrap_err();

    // A changed payload under the old signature.
    let jwt = credential.issuer_signed_jwt();
    let mut parts: Vec<&str> = jwt.split('.').collect();
    let mut payload = b64_json(parts[1]);
    payload["exp"] = json!(payload["exp"].as_i64().unwrap() + 86_400);
    let changed = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
    parts[1] = &changed;
    assert_eq!(
        err(&text.replacen(jwt, &parts.join("."), 1)),
        SdJwtError::Signature
    );

    // Another issuer's key under the same kid; another kid; another iss.
    let impostor = IssuerKey::from_seed(issuer.key.kid(), b"impostor").unwrap();
    assert_eq!(
        err(&resigned(&credential, &impostor, |_| {}, None)),
        SdJwtError::Signature
    );
    let payload = b64_json(jwt.split('.').nth(1).unwrap());
    let kid7 = sign_with_issuer(
        json!({"typ": "dc+sd-jwt", "kid": "7"}),
        &payload,
        &issuer.key,
    )
    .unwrap();
    assert_eq!(err(&text.replacen(jwt, &kid7, 1)), SdJwtError::UnknownKey);
    assert_eq!(
        err(&resigned(
            &credential,
            &issuer.key,
            |p| p["iss"] = json!("https://else"),
            None
        )),
        SdJwtError::UnknownKey
    );

    // A disclosure changed by one character: its digest was never signed.
    let d = credential.disclosures[1].1.as_str();
    let mut bytes = URL_SAFE_NO_PAD.decode(d).unwrap();
    let last = bytes.len() - 3;
    bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
    let changed = URL_SAFE_NO_PAD.encode(&bytes);
    assert_eq!(
        err(&text.replacen(d, &changed, 1)),
        SdJwtError::Unreferenced
    );
    // The same disclosure twice.
    assert_eq!(err(&format!("{text}{d}~")), SdJwtError::Duplicate);
    // The same digest twice in _sd, signed by the issuer.
    assert_eq!(
        err(&resigned(
            &credential,
            &issuer.key,
            |p| {
                let first = p["_sd"][0].clone();
                p["_sd"].as_array_mut().unwrap().push(first);
            },
            None
        )),
        SdJwtError::Duplicate
    );
    // Another digest algorithm.
    assert_eq!(
        err(&resigned(
            &credential,
            &issuer.key,
            |p| p["_sd_alg"] = json!("sha-512"),
            None
        )),
        SdJwtError::DigestAlgorithm
    );
    // A disclosed claim that the payload also has in plain.
    assert_eq!(
        err(&resigned(
            &credential,
            &issuer.key,
            |p| p["full_name"] = json!("x"),
            None
        )),
        SdJwtError::ClaimClash
    );
    // A registered claim slipped in as a disclosure.
    let vct_disclosure = disclosure::object_property("nbf", &json!(0)).unwrap();
    let mut disclosures: Vec<String> = credential
        .disclosures
        .iter()
        .map(|(_, d)| d.to_string())
        .collect();
    disclosures.push(vct_disclosure.to_string());
    let with_vct = resigned(
        &credential,
        &issuer.key,
        |p| {
            p["_sd"]
                .as_array_mut()
                .unwrap()
                .push(json!(disclosure_digest(&vct_disclosure)));
        },
        Some(disclosures),
    );
    assert_eq!(err(&with_vct), SdJwtError::ClaimClash);
    // Expired; not yet valid.
    assert_eq!(
        verify(text, &keys, credential.expires_at()).unwrap_err(),
        SdJwtError::Expired
    );
    assert_eq!(
        verify(text, &keys, NOW - Duration::hours(1)).unwrap_err(),
        SdJwtError::NotYetValid
    );
    // Header: typ, alg.
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"ES256","typ":"vc+sd-jwt","kid":"32343"}"#);
    let wrong_typ = format!("{header}.{}", jwt.split_once('.').unwrap().1);
    assert_eq!(
        err(&text.replacen(jwt, &wrong_typ, 1)),
        SdJwtError::Header("typ")
    );
    // Not an SD-JWT at all.
    assert_eq!(err(jwt), SdJwtError::Malformed("no ~ separator"));
    assert_eq!(
        err(&format!("{jwt}~~")),
        SdJwtError::Malformed("an empty disclosure")
    );
    // The trust list: a key not trusted for this document type.
    let mut trust = test_trust_list(&issuer);
    trust.issuers[0].document_types = vec![DocumentType::DrivingLicence];
    assert_eq!(
        verify(
            text,
            &TrustedKeys {
                issuer: ISS,
                trust: &trust
            },
            NOW
        )
        .unwrap_err(),
        SdJwtError::UnknownKey
    );
}

#[test]
fn issuer_metadata_round_trips_and_names_each_key() {
    let a = IssuerKey::from_seed(1, b"a").unwrap();
    let b = IssuerKey::from_seed(2, b"b").unwrap();
    let meta = JwtVcIssuerMetadata::new(ISS, &[(1, a.public_key()), (2, b.public_key())]);
    let json = meta.to_json().unwrap();
    assert_eq!(json["issuer"], ISS);
    assert_eq!(json["jwks"]["keys"][1]["kid"], "2");
    assert_eq!(json["jwks"]["keys"][0]["alg"], "ES256");
    assert_eq!(JwtVcIssuerMetadata::from_json(&json).unwrap(), meta);
    assert_eq!(meta.key(ISS, Some("2"), "x", NOW), Some(b.public_key()));
    assert_eq!(meta.key(ISS, Some("3"), "x", NOW), None);
    assert_eq!(meta.key(ISS, None, "x", NOW), None);
    assert_eq!(meta.key("https://else", Some("1"), "x", NOW), None);
    // A private key in the set is left out.
    let mut leaked = json.clone();
    leaked["jwks"]["keys"][0]["d"] = json!("AAAA");
    assert_eq!(
        JwtVcIssuerMetadata::from_json(&leaked).unwrap().keys.len(),
        1
    );
}

#[test]
fn nothing_personal_in_debug_or_errors() {
    let issuer = test_issuer().unwrap();
    let device = SoftwareDeviceKey::from_seed(b"holder").unwrap();
    let document = reference(DocumentType::NationalId);
    let credential = issued(&issuer, &device, &document);
    let verified = verify(credential.as_str(), &metadata(&issuer), NOW).unwrap();
    let Document::NationalId(card) = &document else {
        panic!()
    };
    let number = card.number().as_str().to_owned();
    let name = verified.claims[&ClaimId::FullName.name()]
        .as_str()
        .unwrap()
        .to_owned();
    for text in [format!("{credential:?}"), format!("{verified:?}")] {
        assert!(!text.contains(&number) && !text.contains(&name), "{text}");
        assert!(!text.contains(credential.disclosures[0].1.as_str()));
    }
    assert!(format!("{credential:?}").contains("full_name"));
}

#[test]
fn array_element_disclosures_and_decoys_are_read() {
    // Not what Vidi issues, but what RFC 9901 allows: an array element
    // disclosure, and a digest no disclosure matches (a decoy).
    let key = IssuerKey::from_seed(1, b"k").unwrap();
    let device = SoftwareDeviceKey::from_seed(b"d").unwrap();
    let element = {
        let d = disclosure::object_property("x", &json!("DE")).unwrap();
        // Rewrite as [salt, value].
        let mut array = b64_json(&d);
        array.as_array_mut().unwrap().remove(1);
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&array).unwrap())
    };
    let payload = json!({
        "iss": ISS, "exp": (NOW + Duration::days(1)).unix_timestamp(), "vct": "urn:x",
        "cnf": {"jwk": crate::oid4vci::jwk(&device.public_key().unwrap()).unwrap()},
        "_sd_alg": "sha-256",
        "_sd": [disclosure_digest("decoy")],
        "nationalities": [{"...": disclosure_digest(&element)}, "VN"],
    });
    let jwt = sign_with_issuer(json!({"typ": "dc+sd-jwt", "kid": "1"}), &payload, &key).unwrap();
    let meta = JwtVcIssuerMetadata::new(ISS, &[(1, key.public_key())]);
    let verified = verify(&format!("{jwt}~{element}~"), &meta, NOW).unwrap();
    assert_eq!(verified.claims["nationalities"], json!(["DE", "VN"]));
    let hidden = verify(&format!("{jwt}~"), &meta, NOW).unwrap();
    assert_eq!(hidden.claims["nationalities"], json!(["VN"]));
}
