//! OpenID4VP without HTTP: a service's request checked by the wallet, the
//! wallet's encrypted answer checked by the service, and every refusal
//! each side must make.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::jwe::EcdhKey;
use super::*;
use crate::document::Document;
use crate::document::DocumentType;
use crate::document::sample::try_reference_citizen;
use crate::keys::{DeviceSigner as _, IssuerKey, SoftwareDeviceKey};
use crate::oid4vci::sign_with_issuer;
use crate::sample::{test_issuer, test_trust_list};
use crate::sdjwt::{
    Issuance, SdJwtError, SdJwtVc, StatusReference, TrustedKeys, issue_document, vct,
};
use crate::trust::{TrustList, TrustedAttester};

const ISS: &str = "https://issuer.example";
const SERVICE: &str = "dichvucong.vidi.test";
const RESPONSE_URI: &str = "http://127.0.0.1:8080/rp/responses";
const NOW: OffsetDateTime = datetime!(2026-06-01 08:00 UTC);

struct World {
    trust: TrustList,
    attester: IssuerKey,
    service_key: IssuerKey,
    response_key: EcdhKey,
    response_public: crate::keys::PublicKey,
    client_id: String,
    attestation: String,
    query: DcqlQuery,
    purpose: Words,
}

fn world() -> World {
    let attester = IssuerKey::generate(0).unwrap();
    let service_key = IssuerKey::generate(0).unwrap();
    let issuer = test_issuer().unwrap();
    let mut trust = test_trust_list(&issuer);
    trust.attesters.push(TrustedAttester {
        kid: "att-1".into(),
        name: "Bộ Công an (mô phỏng)".into(),
        public_key: attester.public_key(),
        valid_from: NOW - Duration::days(1),
        valid_until: Some(NOW + Duration::days(365)),
    });
    let attestation = attest(
        &AttestationParams {
            issuer: ISS,
            kid: "att-1",
            service: SERVICE,
            name: &Words::new(
                "Cổng dịch vụ công (mô phỏng)",
                "Public services portal (mock)",
            ),
            redirect_uris: &[RESPONSE_URI.to_owned()],
            request_key: &service_key.public_key(),
            issued_at: NOW - Duration::hours(1),
            expires_at: NOW + Duration::days(30),
        },
        &attester,
    )
    .unwrap();
    let response_key = EcdhKey::generate().unwrap();
    World {
        trust,
        attester,
        service_key,
        response_public: response_key.public_key(),
        response_key,
        client_id: client_id(),
        attestation,
        query: DcqlQuery::one(
            "id",
            vct(DocumentType::NationalId),
            &["full_name", "personal_id_number", "date_of_birth"],
        ),
        purpose: Words::new("Đăng ký tạm trú", "Register a temporary residence"),
    }
}

fn params<'a>(w: &'a World) -> RequestParams<'a> {
    RequestParams {
        service: SERVICE,
        attestation: &w.attestation,
        response_uri: RESPONSE_URI,
        nonce: "nonce-1",
        state: "state-1",
        query: &w.query,
        purpose: &w.purpose,
        response_key: &w.response_public,
        response_kid: "s1",
        issued_at: NOW,
        expires_at: NOW + Duration::minutes(5),
    }
}

fn client_id() -> String {
    format!("{CLIENT_ID_PREFIX}{SERVICE}")
}

fn b64_json(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// A JWS with its payload edited and signed again by `key`.
fn resigned(jws: &str, key: &IssuerKey, edit: impl FnOnce(&mut Value, &mut Value)) -> String {
    let mut parts = jws.split('.');
    let mut header = b64_json(parts.next().unwrap());
    let mut payload = b64_json(parts.next().unwrap());
    edit(&mut header, &mut payload);
    header.as_object_mut().unwrap().remove("alg");
    sign_with_issuer(header, &payload, key).unwrap()
}

#[test]
fn a_signed_request_is_checked_and_read() {
    let w = world();
    let jws = sign_request(&params(&w), &w.service_key).unwrap();
    let link = request_link(SERVICE, "http://127.0.0.1:8080/rp/request/s1");
    assert!(link.starts_with("openid4vp://?client_id=verifier_attestation%3Adichvucong"));
    let parsed = RequestLink::parse(&link).unwrap();
    assert_eq!(
        parsed,
        RequestLink::ByReference {
            client_id: client_id(),
            request_uri: "http://127.0.0.1:8080/rp/request/s1".into()
        }
    );
    let request = verify_request(&jws, parsed.client_id(), &w.trust, NOW).unwrap();
    assert_eq!(request.client_id, client_id());
    assert_eq!(request.service_name.vi, "Cổng dịch vụ công (mô phỏng)");
    assert_eq!(request.attester_name, "Bộ Công an (mô phỏng)");
    assert_eq!(request.purpose, w.purpose);
    assert_eq!(request.query, w.query);
    assert_eq!(request.nonce, "nonce-1");
    assert_eq!(request.response_kid.as_deref(), Some("s1"));
    assert_eq!(request.response_key, w.response_key.public_key());
}

#[test]
fn links_are_read_by_reference_by_value_or_as_json_and_plain_ones_are_unsigned() {
    let json_link = format!(
        r#"{{"client_id":"{}","request_uri":"https://s.example/r"}}"#,
        client_id()
    );
    assert!(matches!(
        RequestLink::parse(&json_link),
        Ok(RequestLink::ByReference { .. })
    ));
    let by_value = "openid4vp://?client_id=x&request=a.b.c";
    assert!(matches!(
        RequestLink::parse(by_value),
        Ok(RequestLink::ByValue { .. })
    ));
    assert_eq!(
        RequestLink::parse("openid4vp://?client_id=x&response_type=vp_token&dcql_query=%7B%7D"),
        Err(RequestError::Unsigned)
    );
    assert_eq!(
        RequestLink::parse("openid-credential-offer://?x=1"),
        Err(RequestError::Link("not an openid4vp:// link"))
    );
    assert_eq!(
        RequestLink::parse("openid4vp://?request_uri=x"),
        Err(RequestError::Link("no client_id"))
    );
}

#[test]
fn every_refusal_of_a_request_has_its_reason() {
    let w = world();
    let good = sign_request(&params(&w), &w.service_key).unwrap();
    let check = |jws: &str| verify_request(jws, &client_id(), &w.trust, NOW);
    assert!(check(&good).is_ok());

    // Unsigned: alg none.
    let mut parts = good.split('.');
    let mut header = b64_json(parts.next().unwrap());
    header["alg"] = "none".into();
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap()),
        parts.next().unwrap()
    );
    assert_eq!(check(&none), Err(RequestError::Unsigned));
    // Signed another way than ES256: not unsigned, but not taken either.
    let mut parts = good.split('.');
    let mut header = b64_json(parts.next().unwrap());
    header["alg"] = "HS256".into();
    let hs256 = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap()),
        parts.next().unwrap(),
        parts.next().unwrap()
    );
    assert_eq!(check(&hs256), Err(RequestError::Malformed("request alg")));

    // An attester the trust list does not name; a request with no attestation.
    let stranger = IssuerKey::generate(0).unwrap();
    let forged_attestation = resigned(&w.attestation, &stranger, |_, _| {});
    let forged = resigned(&good, &w.service_key, |h, _| {
        h["jwt"] = forged_attestation.clone().into()
    });
    assert_eq!(check(&forged), Err(RequestError::UnknownService));
    let other_kid = resigned(&w.attestation, &w.attester, |h, _| {
        h["kid"] = "att-2".into()
    });
    let forged = resigned(&good, &w.service_key, |h, _| {
        h["jwt"] = other_kid.clone().into()
    });
    assert_eq!(check(&forged), Err(RequestError::UnknownService));
    let bare = resigned(&good, &w.service_key, |h, _| {
        h.as_object_mut().unwrap().remove("jwt");
    });
    assert_eq!(check(&bare), Err(RequestError::UnknownService));
    // The attester is no longer trusted after its valid_until.
    let late = verify_request(&good, &client_id(), &w.trust, NOW + Duration::days(366));
    assert_eq!(late, Err(RequestError::UnknownService));
    // An expired attestation.
    let old = resigned(&w.attestation, &w.attester, |_, p| {
        p["exp"] = (NOW - Duration::hours(1)).unix_timestamp().into()
    });
    let stale = resigned(&good, &w.service_key, |h, _| h["jwt"] = old.clone().into());
    assert_eq!(check(&stale), Err(RequestError::AttestationExpired));

    // client_id: the link's, the request's, the attestation's.
    assert_eq!(
        verify_request(&good, "verifier_attestation:other.test", &w.trust, NOW),
        Err(RequestError::ClientIdMismatch)
    );
    let other_client = resigned(&good, &w.service_key, |_, p| {
        p["client_id"] = "verifier_attestation:other.test".into()
    });
    assert_eq!(check(&other_client), Err(RequestError::ClientIdMismatch));
    let x509 = verify_request(&good, &format!("x509_san_dns:{SERVICE}"), &w.trust, NOW);
    assert_eq!(x509, Err(RequestError::ClientIdMismatch));

    // Signed by another key than the attested one (a service reusing
    // another's attestation).
    let thief = resigned(&good, &stranger, |_, _| {});
    assert_eq!(check(&thief), Err(RequestError::Signature));

    // Times.
    assert_eq!(
        verify_request(&good, &client_id(), &w.trust, NOW + Duration::minutes(5)),
        Err(RequestError::Expired)
    );
    let long = resigned(&good, &w.service_key, |_, p| {
        p["exp"] = (NOW + Duration::hours(2)).unix_timestamp().into()
    });
    assert_eq!(check(&long), Err(RequestError::Expired));
    assert_eq!(
        verify_request(&good, &client_id(), &w.trust, NOW - Duration::minutes(10)),
        Err(RequestError::NotYetValid)
    );

    // Where the answer goes, and how.
    let elsewhere = resigned(&good, &w.service_key, |_, p| {
        p["response_uri"] = "http://127.0.0.1:9999/steal".into()
    });
    assert_eq!(check(&elsewhere), Err(RequestError::ResponseUri));
    // Under the registered address but not it: refused too (exact match).
    let below = resigned(&good, &w.service_key, |_, p| {
        p["response_uri"] = format!("{RESPONSE_URI}/x").into();
    });
    assert_eq!(check(&below), Err(RequestError::ResponseUri));
    let plain = resigned(&good, &w.service_key, |_, p| {
        p["response_mode"] = "direct_post".into()
    });
    assert_eq!(check(&plain), Err(RequestError::ResponseMode));
    let keyless = resigned(&good, &w.service_key, |_, p| {
        p["client_metadata"]["jwks"]["keys"] = json!([])
    });
    assert_eq!(check(&keyless), Err(RequestError::EncryptionKey));
    let cbc = resigned(&good, &w.service_key, |_, p| {
        p["client_metadata"]["encrypted_response_enc_values_supported"] = json!(["A128CBC-HS256"])
    });
    assert_eq!(check(&cbc), Err(RequestError::EncryptionKey));

    // Queries the wallet does not answer.
    let sets = resigned(&good, &w.service_key, |_, p| {
        p["dcql_query"]["credential_sets"] = json!([])
    });
    assert_eq!(check(&sets), Err(RequestError::Query("credential_sets")));
    let mdoc = resigned(&good, &w.service_key, |_, p| {
        p["dcql_query"]["credentials"][0]["format"] = "mso_mdoc".into()
    });
    assert_eq!(check(&mdoc), Err(RequestError::Query("format")));
    let deep = resigned(&good, &w.service_key, |_, p| {
        p["dcql_query"]["credentials"][0]["claims"][0]["path"] = json!(["address", "street"])
    });
    assert_eq!(check(&deep), Err(RequestError::Query("claim path")));
    let no_purpose = resigned(&good, &w.service_key, |_, p| {
        p.as_object_mut().unwrap().remove("purpose");
    });
    assert_eq!(check(&no_purpose), Err(RequestError::Malformed("purpose")));
}

fn credential(device: &SoftwareDeviceKey) -> SdJwtVc {
    let (card, _, _) = try_reference_citizen().unwrap();
    let issuer = test_issuer().unwrap();
    let how = Issuance {
        issuer: ISS,
        key: &issuer.key,
        device_key: device.public_key().unwrap(),
        status: StatusReference {
            idx: 7,
            uri: format!("{ISS}/status-lists/1"),
        },
        issued_at: NOW,
        expires_at: NOW,
    };
    issue_document(&Document::NationalId(card), how, NOW, Duration::days(30)).unwrap()
}

fn session<'a>(w: &'a World, query: &'a DcqlQuery) -> ServiceSession<'a> {
    ServiceSession {
        client_id: &w.client_id,
        nonce: "nonce-1",
        state: "state-1",
        query,
        key: &w.response_key,
        now: NOW,
        max_age: Duration::minutes(5),
    }
}

fn answered(w: &World, claims: &[&str], nonce: &str, aud: &str) -> (VerifiedRequest, String) {
    let jws = sign_request(&params(w), &w.service_key).unwrap();
    let request = verify_request(&jws, &client_id(), &w.trust, NOW).unwrap();
    let device = SoftwareDeviceKey::generate().unwrap();
    let text = credential(&device)
        .present(claims, aud, nonce, NOW, &device)
        .unwrap();
    let mut map = BTreeMap::new();
    map.insert("id".to_owned(), text.to_string());
    let jwe = encrypt_response(&vp_token_payload(&map, &request.state), &request).unwrap();
    (request, jwe)
}

const ASKED: [&str; 3] = ["full_name", "personal_id_number", "date_of_birth"];

#[test]
fn the_service_reads_exactly_the_claims_asked_and_refuses_every_other_answer() {
    let w = world();
    let issuer = test_issuer().unwrap();
    let keys = TrustedKeys {
        issuer: ISS,
        trust: &w.trust,
    };
    let _ = &issuer;
    let (request, jwe) = answered(&w, &ASKED, "nonce-1", &client_id());
    let Answer::Presented(p) = open_response(&jwe, &session(&w, &w.query), &keys).unwrap() else {
        panic!("not presented");
    };
    let claims = &p[0].presentation.credential.claims;
    assert_eq!(
        claims.keys().collect::<Vec<_>>(),
        ["date_of_birth", "full_name", "personal_id_number"]
    );
    assert_eq!(claims["personal_id_number"].as_str().unwrap().len(), 12);

    // Another session's key: the JWE does not open.
    let mut other = session(&w, &w.query);
    let other_key = EcdhKey::generate().unwrap();
    other.key = &other_key;
    assert!(matches!(
        open_response(&jwe, &other, &keys),
        Err(ResponseError::Encryption(_))
    ));
    // Another session's state.
    let mut other = session(&w, &w.query);
    other.state = "state-2";
    assert_eq!(
        open_response(&jwe, &other, &keys),
        Err(ResponseError::State)
    );
    // The same presentation replayed into another session (its nonce).
    let mut other = session(&w, &w.query);
    other.nonce = "nonce-2";
    assert!(matches!(
        open_response(&jwe, &other, &keys),
        Err(ResponseError::Presentation {
            error: SdJwtError::KeyBinding(crate::sdjwt::KeyBindingError::Nonce),
            ..
        })
    ));
    // Made for another service (aud), re-encrypted to this one.
    let (_, to_other) = answered(&w, &ASKED, "nonce-1", "verifier_attestation:other.test");
    assert!(matches!(
        open_response(&to_other, &session(&w, &w.query), &keys),
        Err(ResponseError::Presentation {
            error: SdJwtError::KeyBinding(crate::sdjwt::KeyBindingError::Audience),
            ..
        })
    ));
    // Too little, too much.
    let (_, less) = answered(&w, &ASKED[..2], "nonce-1", &client_id());
    assert_eq!(
        open_response(&less, &session(&w, &w.query), &keys),
        Err(ResponseError::MissingClaim {
            id: "id".into(),
            claim: "date_of_birth".into()
        })
    );
    let (_, more) = answered(
        &w,
        &["full_name", "personal_id_number", "date_of_birth", "sex"],
        "nonce-1",
        &client_id(),
    );
    assert_eq!(
        open_response(&more, &session(&w, &w.query), &keys),
        Err(ResponseError::ExtraClaim {
            id: "id".into(),
            claim: "sex".into()
        })
    );
    // A tampered disclosure inside a validly encrypted answer.
    let device = SoftwareDeviceKey::generate().unwrap();
    let text = credential(&device)
        .present(&ASKED, &client_id(), "nonce-1", NOW, &device)
        .unwrap();
    let mut pieces: Vec<String> = text.split('~').map(str::to_owned).collect();
    let mut d = b64_json(&pieces[1]);
    d[2] = "Nguyễn Văn Giả".into();
    pieces[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&d).unwrap());
    let mut map = BTreeMap::new();
    map.insert("id".to_owned(), pieces.join("~"));
    let tampered = encrypt_response(&vp_token_payload(&map, "state-1"), &request).unwrap();
    assert!(matches!(
        open_response(&tampered, &session(&w, &w.query), &keys),
        Err(ResponseError::Presentation { .. })
    ));
    // A declined answer.
    let declined = encrypt_response(
        &error_payload("access_denied", "the citizen declined", "state-1"),
        &request,
    )
    .unwrap();
    assert_eq!(
        open_response(&declined, &session(&w, &w.query), &keys),
        Ok(Answer::Declined {
            error: "access_denied".into(),
            description: Some("the citizen declined".into())
        })
    );
}
