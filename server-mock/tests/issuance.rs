//! OpenID4VCI against a real server: metadata, offers, token, nonce,
//! credential, and every refusal on the way.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use vidi_core::credential::CredentialKind;
use vidi_core::document::citizens::{
    EXPIRED_LICENCE_NUMBER, MINOR_NUMBER, REFERENCE_NUMBER, SUSPENDED_LICENCE_NUMBER,
};
use vidi_core::keys::SoftwareDeviceKey;
use vidi_core::oid4vci::{
    self, AuthorizationServerMetadata, CredentialOffer, IssuerMetadata, OfferLink, PROOF_JWT_TYP,
};
use vidi_core::verifier::RejectReason;

#[tokio::test(flavor = "multi_thread")]
async fn metadata_lists_every_kind() {
    let h = harness().await;
    let meta: IssuerMetadata = h
        .client
        .get(h.url("/.well-known/openid-credential-issuer"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(meta.credential_issuer, h.base);
    assert_eq!(meta.credential_endpoint, h.url("/credential"));
    assert_eq!(meta.nonce_endpoint, h.url("/nonce"));
    assert_eq!(meta.batch_credential_issuance.unwrap().batch_size, 10);
    let configs = &meta.credential_configurations_supported;
    for (id, kind) in [
        ("national_id", "national-id"),
        ("age_over_18", "age-over-18"),
        ("driving_licence", "driving-licence"),
        ("licence_class_B", "licence-class-B"),
        ("licence_class_2008_B2", "licence-class-2008-B2"),
        ("checkpoint_id", "checkpoint-id"),
        ("traffic_stop", "traffic-stop"),
        ("hospital", "hospital"),
        ("health_insurance", "health-insurance"),
    ] {
        let config = &configs[id];
        assert_eq!(config.vidi_kind, kind);
        assert_eq!(config.format, oid4vci::CREDENTIAL_FORMAT_V2);
        assert_eq!(
            config.proof_types_supported["jwt"].proof_signing_alg_values_supported,
            ["ES256"]
        );
    }
    assert_eq!(
        configs.len(),
        37 + 3,
        "37 Vidi configurations, an SD-JWT VC per document type"
    );

    let auth: AuthorizationServerMetadata = h
        .client
        .get(h.url("/.well-known/oauth-authorization-server"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(auth.issuer, h.base);
    assert_eq!(auth.token_endpoint, h.url("/token"));
    assert_eq!(auth.grant_types_supported, [oid4vci::PRE_AUTHORIZED_GRANT]);

    // The issuer identifier follows the Host the wallet used.
    let port = h.server.local_addr().port();
    let via_localhost: IssuerMetadata = h
        .client
        .get(format!(
            "http://localhost:{port}/.well-known/openid-credential-issuer"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        via_localhost.credential_issuer,
        format!("http://localhost:{port}")
    );
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn offer_by_value_issues_verifiable_batches() {
    let h = harness().await;
    let offer = h
        .offer(json!({ "citizen": REFERENCE_NUMBER, "qr": ["png", "svg"] }))
        .await;
    assert_eq!(offer.pin.len(), 6);
    let OfferLink::ByValue(by_value) = offer_link(&offer) else {
        panic!("by value");
    };
    assert_eq!(by_value, offer.offer);
    assert_eq!(by_value.credential_issuer, h.base);
    let tx = by_value
        .grants
        .pre_authorized_code
        .as_ref()
        .unwrap()
        .tx_code
        .clone()
        .unwrap();
    assert_eq!(tx.length, Some(6));
    assert_eq!(tx.input_mode.as_deref(), Some("numeric"));
    for id in [
        "national_id",
        "age_over_18",
        "driving_licence",
        "health_insurance",
    ] {
        assert!(
            by_value
                .credential_configuration_ids
                .contains(&id.to_owned()),
            "{id}"
        );
    }

    // The QR code holds the link.
    let png = base64_decode(offer.qr_png_base64.as_deref().unwrap());
    assert_eq!(read_qr(&png), offer.offer_uri);
    assert!(offer.qr_svg.as_deref().unwrap().starts_with("<svg"));
    // Pictures are drawn only when asked for.
    let bare = h.offer(json!({ "citizen": REFERENCE_NUMBER })).await;
    assert_eq!((bare.qr_png_base64, bare.qr_svg), (None, None));
    let svg = h
        .offer(json!({ "citizen": REFERENCE_NUMBER, "qr": ["svg"] }))
        .await;
    assert!(svg.qr_png_base64.is_none() && svg.qr_svg.is_some());
    let bad = h
        .admin_post(
            "/admin/offers",
            json!({ "citizen": REFERENCE_NUMBER, "qr": ["gif"] }),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    let token = h.redeem(&offer).await;
    let a = SoftwareDeviceKey::generate().unwrap();
    let b = SoftwareDeviceKey::generate().unwrap();
    let two = h.issue(&token, "national_id", &[&a, &b]).await;
    assert_eq!(two.len(), 2);
    assert_eq!(two[0].device_key, public(&a));
    assert_eq!(two[1].device_key, public(&b));
    assert_ne!(two[0].status_index, two[1].status_index);
    assert_eq!(two[0].kind, CredentialKind::NationalId);

    let synced = h.sync().await;
    for (credential, key) in two.iter().zip([&a, &b]) {
        let verified = synced.check(credential, key).unwrap();
        assert_eq!(verified.kid, 1);
        assert_eq!(verified.device_key, public(key));
    }

    // The same token serves the other configurations of the offer.
    for id in [
        "age_over_18",
        "driving_licence",
        "licence_class_B",
        "health_insurance",
    ] {
        let key = SoftwareDeviceKey::generate().unwrap();
        let issued = h.issue(&token, id, &[&key]).await;
        synced.check(&issued[0], &key).unwrap();
    }
    h.server.shutdown().await;
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

fn read_qr(png_bytes: &[u8]) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let byte = buf[y * info.line_size + x / 8];
        if byte & (0x80 >> (x % 8)) != 0 {
            255
        } else {
            0
        }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}

#[tokio::test(flavor = "multi_thread")]
async fn offer_by_reference_is_fetched() {
    let h = harness().await;
    let offer = h
        .offer(json!({ "citizen": 7, "document_types": ["national_id"], "by_reference": true }))
        .await;
    let OfferLink::ByReference(uri) = offer_link(&offer) else {
        panic!("by reference");
    };
    assert_eq!(uri, h.url(&format!("/offers/{}", offer.offer_id)));
    let response = h.client.get(&uri).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(no_store(&response), Some("no-store"));
    let fetched: CredentialOffer = response.json().await.unwrap();
    assert_eq!(fetched, offer.offer);
    assert_eq!(
        fetched.credential_configuration_ids,
        [
            "national_id",
            "age_over_16",
            "age_over_18",
            "age_over_21",
            "checkpoint_id"
        ]
    );
    let token = h.redeem(&offer).await;
    // Redeemed, it is still served (until it expires), so that a second
    // wallet hears "already used" from the token endpoint.
    let again: CredentialOffer = h
        .client
        .get(&uri)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again, offer.offer);
    let unknown = h.client.get(h.url("/offers/unknown")).send().await.unwrap();
    expect_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
    let key = SoftwareDeviceKey::generate().unwrap();
    let issued = h.issue(&token, "age_over_18", &[&key]).await;
    h.sync().await.check(&issued[0], &key).unwrap();
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn five_wrong_pins_burn_the_offer() {
    let h = harness().await;
    let offer = h.offer(json!({ "citizen": 8 })).await;
    let code = code_of(&offer.offer);
    let wrong = if offer.pin == "000000" {
        "111111"
    } else {
        "000000"
    };
    // No PIN at all is a malformed request, not a try.
    expect_error(
        h.token_response(&code, None).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    for left in (1..=4).rev() {
        let body = expect_error(
            h.token_response(&code, Some(wrong)).await,
            StatusCode::BAD_REQUEST,
            "invalid_grant",
        )
        .await;
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .contains(&format!("{left} tries left"))
        );
    }
    expect_error(
        h.token_response(&code, Some(wrong)).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    let body = expect_error(
        h.token_response(&code, Some(&offer.pin)).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("burned")
    );
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_code_is_redeemed_once() {
    let h = harness().await;
    let offer = h.offer(json!({ "citizen": 9 })).await;
    let _token = h.redeem(&offer).await;
    let again = h
        .token_response(&code_of(&offer.offer), Some(&offer.pin))
        .await;
    expect_error(again, StatusCode::BAD_REQUEST, "invalid_grant").await;
    let unknown = h.token_response("made-up", Some("123456")).await;
    expect_error(unknown, StatusCode::BAD_REQUEST, "invalid_grant").await;
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn nonces_are_single_use() {
    let h = harness().await;
    let offer = h.offer(json!({ "citizen": 10 })).await;
    let token = h.redeem(&offer).await;
    let nonce = h.nonce().await;
    let a = SoftwareDeviceKey::generate().unwrap();
    let jwt = oid4vci::proof_jwt(&a, &h.base, &nonce, now_seconds()).unwrap();
    let ok = h.credential_response(&token, "national_id", &[jwt]).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let b = SoftwareDeviceKey::generate().unwrap();
    let replay = oid4vci::proof_jwt(&b, &h.base, &nonce, now_seconds()).unwrap();
    let refused = h
        .credential_response(&token, "national_id", &[replay])
        .await;
    expect_error(refused, StatusCode::BAD_REQUEST, "invalid_nonce").await;
    let made_up = oid4vci::proof_jwt(&b, &h.base, "not-from-this-server", now_seconds()).unwrap();
    let refused = h
        .credential_response(&token, "national_id", &[made_up])
        .await;
    expect_error(refused, StatusCode::BAD_REQUEST, "invalid_nonce").await;
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn stale_nonces_are_refused() {
    let h = harness_with(|c| c.ttl.nonce = Duration::from_millis(500)).await;
    let offer = h.offer(json!({ "citizen": 11 })).await;
    let token = h.redeem(&offer).await;
    let key = SoftwareDeviceKey::generate().unwrap();
    let jwts = h.proofs(&[&key]).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let refused = h.credential_response(&token, "national_id", &jwts).await;
    expect_error(refused, StatusCode::BAD_REQUEST, "invalid_nonce").await;
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_proofs_are_refused() {
    let h = harness().await;
    let offer = h.offer(json!({ "citizen": 12 })).await;
    let token = h.redeem(&offer).await;
    let key = SoftwareDeviceKey::generate().unwrap();
    let other = SoftwareDeviceKey::generate().unwrap();
    let nonce = h.nonce().await;

    // The signature of another key under this key's header.
    let good = oid4vci::proof_jwt(&key, &h.base, &nonce, now_seconds()).unwrap();
    let forged = oid4vci::proof_jwt(&other, &h.base, &nonce, now_seconds()).unwrap();
    let mixed = format!(
        "{}.{}",
        &good[..good.rfind('.').unwrap()],
        &forged[forged.rfind('.').unwrap() + 1..]
    );
    let cases: Vec<(String, &str)> = vec![
        (mixed, "signature"),
        (
            oid4vci::proof_jwt(&key, "http://another-issuer.example", &nonce, now_seconds())
                .unwrap(),
            "aud",
        ),
        (
            oid4vci::sign_with_device(
                json!({ "typ": PROOF_JWT_TYP, "jwk": oid4vci::jwk(&public(&key)).unwrap() }),
                &json!({ "aud": h.base, "iat": now_seconds() }),
                &key,
            )
            .unwrap(),
            "nonce",
        ),
        (
            oid4vci::proof_jwt(&key, &h.base, &nonce, now_seconds() - 3600).unwrap(),
            "iat",
        ),
        ("not.a.jwt".to_owned(), "JWS"),
    ];
    for (jwt, what) in cases {
        let refused = h.credential_response(&token, "national_id", &[jwt]).await;
        let body = expect_error(refused, StatusCode::BAD_REQUEST, "invalid_proof").await;
        assert!(
            body["error_description"].as_str().unwrap().contains(what),
            "{body}"
        );
    }
    // Two proofs with one key.
    let twice = vec![good.clone(), good.clone()];
    let refused = h.credential_response(&token, "national_id", &twice).await;
    expect_error(refused, StatusCode::BAD_REQUEST, "invalid_proof").await;
    // No proof, and more than the batch size.
    let refused = h.credential_response(&token, "national_id", &[]).await;
    expect_error(refused, StatusCode::BAD_REQUEST, "invalid_proof").await;
    let eleven = vec![good.clone(); 11];
    let refused = h.credential_response(&token, "national_id", &eleven).await;
    expect_error(
        refused,
        StatusCode::BAD_REQUEST,
        "invalid_credential_request",
    )
    .await;
    // None of these used the nonce up.
    let ok = h.credential_response(&token, "national_id", &[good]).await;
    assert_eq!(ok.status(), StatusCode::OK);
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_tokens_get_401() {
    let h = harness_with(|c| c.ttl.access_token = Duration::from_millis(500)).await;
    let offer = h.offer(json!({ "citizen": 13 })).await;
    let token = h.redeem(&offer).await;
    let key = SoftwareDeviceKey::generate().unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    let jwts = h.proofs(&[&key]).await;
    let refused = h.credential_response(&token, "national_id", &jwts).await;
    assert_eq!(
        refused.headers()["www-authenticate"],
        "Bearer error=\"invalid_token\""
    );
    expect_error(refused, StatusCode::UNAUTHORIZED, "invalid_token").await;
    let refused = h.credential_response("made-up", "national_id", &jwts).await;
    expect_error(refused, StatusCode::UNAUTHORIZED, "invalid_token").await;
    let no_auth = h
        .client
        .post(h.url("/credential"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_error(no_auth, StatusCode::UNAUTHORIZED, "invalid_token").await;
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_allows_only_its_offer() {
    let h = harness().await;
    let offer = h
        .offer(json!({ "citizen": REFERENCE_NUMBER, "document_types": ["national_id"] }))
        .await;
    let token = h.redeem(&offer).await;
    let key = SoftwareDeviceKey::generate().unwrap();
    let jwts = h.proofs(&[&key]).await;
    let unknown = h.credential_response(&token, "passport", &jwts).await;
    expect_error(
        unknown,
        StatusCode::BAD_REQUEST,
        "unknown_credential_configuration",
    )
    .await;
    let not_offered = h
        .credential_response(&token, "driving_licence", &jwts)
        .await;
    expect_error(
        not_offered,
        StatusCode::BAD_REQUEST,
        "invalid_credential_request",
    )
    .await;
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn edge_case_citizens() {
    let h = harness().await;
    // The minor has no licence.
    let refused = h
        .admin_post(
            "/admin/offers",
            json!({ "citizen": MINOR_NUMBER, "document_types": ["driving_licence"] }),
        )
        .await;
    expect_error(refused, StatusCode::BAD_REQUEST, "invalid_request").await;
    let (credential, key) = h
        .issue_one(json!({ "citizen": MINOR_NUMBER }), "age_over_18")
        .await;
    let synced = h.sync().await;
    let verified = synced.check(&credential, &key).unwrap();
    assert_eq!(verified.claims[0].value.to_json(), Value::Bool(false));

    // The suspended licence is issued suspended.
    let (licence, key) = h
        .issue_one(
            json!({ "citizen": SUSPENDED_LICENCE_NUMBER }),
            "driving_licence",
        )
        .await;
    assert_eq!(
        h.sync().await.check(&licence, &key).unwrap_err(),
        RejectReason::Suspended
    );
    // The expired licence is never issued: an offer leaves it out, and one
    // for it alone is refused.
    let all = h.offer(json!({ "citizen": EXPIRED_LICENCE_NUMBER })).await;
    let ids = &all.offer.credential_configuration_ids;
    assert!(ids.iter().any(|id| id == "national_id"), "{ids:?}");
    assert!(!ids.iter().any(|id| id.contains("licence")), "{ids:?}");
    let licence_only = h
        .admin_post(
            "/admin/offers",
            json!({ "citizen": EXPIRED_LICENCE_NUMBER, "document_types": ["driving_licence"] }),
        )
        .await;
    expect_error(licence_only, StatusCode::CONFLICT, "invalid_request").await;
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_offers_are_refused() {
    let h = harness_with(|c| c.ttl.offer = Duration::from_millis(300)).await;
    let offer = h
        .offer(json!({ "citizen": 14, "by_reference": true }))
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let gone = h
        .client
        .get(h.url(&format!("/offers/{}", offer.offer_id)))
        .send()
        .await
        .unwrap();
    expect_error(gone, StatusCode::NOT_FOUND, "not_found").await;
    let late = h
        .token_response(&code_of(&offer.offer), Some(&offer.pin))
        .await;
    let body = expect_error(late, StatusCode::BAD_REQUEST, "invalid_grant").await;
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("expired")
    );
    h.server.shutdown().await;
}
