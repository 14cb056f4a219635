//! Starting, restarting, refusing to start, the admin token, and garbage
//! input that must get a 4xx JSON answer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::SocketAddr;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use vidi_core::keys::SoftwareDeviceKey;
use vidi_server_mock::{BackgroundServer, Config, OfferRequest, StartError, start};

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_keeps_keys_and_issued_state() {
    let dir = tempfile::tempdir().unwrap();
    let first = start(Config::ephemeral(dir.path())).await.unwrap();
    let thumbprint = first.startup().trust_anchor_thumbprint.clone();
    let client = client();
    let base = first.base_url();
    let before = sync(&client, &base).await;
    let offer = first
        .admin()
        .create_offer(OfferRequest {
            citizen: 30,
            ..Default::default()
        })
        .await
        .unwrap();
    let h = Harness {
        server: first,
        base: base.clone(),
        client: client.clone(),
        dir,
    };
    let token = h.redeem(&offer).await;
    let key = SoftwareDeviceKey::generate().unwrap();
    let credential = h.issue(&token, "national_id", &[&key]).await.remove(0);
    let Harness { server, dir, .. } = h;
    server.shutdown().await;

    let second = start(Config::ephemeral(dir.path())).await.unwrap();
    assert_eq!(second.startup().trust_anchor_thumbprint, thumbprint);
    let base = second.base_url();
    let after = sync(&client, &base).await;
    assert_eq!(after.anchor, before.anchor);
    assert_eq!(
        after.trust.issuers[0].public_key,
        before.trust.issuers[0].public_key
    );
    after.check(&credential, &key).unwrap();
    let citizen = second.admin().citizen(30).await.unwrap();
    let issued: Vec<_> = citizen
        .documents
        .iter()
        .flat_map(|d| d.credentials.clone())
        .collect();
    assert_eq!(issued.len(), 1);
    assert_eq!(issued[0].status_index, credential.status_index);
    // The access token and the redeemed code survive too.
    let h = Harness {
        server: second,
        base,
        client,
        dir,
    };
    let again = h
        .token_response(&code_of(&offer.offer), Some(&offer.pin))
        .await;
    expect_error(again, StatusCode::BAD_REQUEST, "invalid_grant").await;
    // A new device key: one already bound to a credential is refused.
    let second = SoftwareDeviceKey::generate().unwrap();
    let more = h.issue(&token, "age_over_18", &[&second]).await;
    assert_eq!(more.len(), 1);
    // Another seed on the same data dir is refused.
    let mut other = Config::ephemeral(h.dir.path());
    other.seed = 2;
    assert!(matches!(
        start(other).await,
        Err(StartError::SeedMismatch {
            stored: 1,
            requested: 2
        })
    ));
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn off_loopback_the_admin_api_needs_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::ephemeral(dir.path());
    config.listen = SocketAddr::from(([0, 0, 0, 0], 0));
    assert!(matches!(
        start(config.clone()).await,
        Err(StartError::AdminTokenRequired(_))
    ));
    config.admin_token = Some("s3cret-admin-token".into());
    let server = start(config).await.unwrap();
    let base = format!("http://127.0.0.1:{}", server.local_addr().port());
    let client = client();
    let open = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(open.status(), StatusCode::OK);
    let refused = client
        .get(format!("{base}/admin/citizens"))
        .send()
        .await
        .unwrap();
    expect_error(refused, StatusCode::UNAUTHORIZED, "invalid_token").await;
    let wrong = client
        .get(format!("{base}/admin/citizens"))
        .bearer_auth("guess")
        .send()
        .await
        .unwrap();
    expect_error(wrong, StatusCode::UNAUTHORIZED, "invalid_token").await;
    let allowed = client
        .get(format!("{base}/admin/citizens"))
        .bearer_auth("s3cret-admin-token")
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), StatusCode::OK);
    let citizens: Value = allowed.json().await.unwrap();
    assert_eq!(citizens.as_array().unwrap().len(), 60);
    assert_eq!(citizens[0]["number"], 0);
    assert!(citizens[0]["name"].is_string());
    assert!(citizens[0]["birth_date"].is_string());
    server.shutdown().await;

    // Fewer than 50 citizens is refused.
    let mut few = Config::ephemeral(dir.path());
    few.citizens = 10;
    assert!(matches!(start(few).await, Err(StartError::Config(_))));
}

#[test]
fn a_background_server_for_synchronous_callers() {
    let dir = tempfile::tempdir().unwrap();
    let server = BackgroundServer::start(Config::ephemeral(dir.path())).unwrap();
    assert!(server.base_url().starts_with("http://127.0.0.1:"));
    let admin = server.admin().unwrap();
    let offer = server
        .block_on(admin.create_offer(OfferRequest {
            citizen: 0,
            by_reference: true,
            ..Default::default()
        }))
        .unwrap();
    assert!(offer.offer_uri.contains("credential_offer_uri="));
    let rotation = server.block_on(admin.rotate_key()).unwrap();
    assert_eq!(rotation.active_kid, 2);
    server.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn garbage_gets_4xx_json() {
    let h = harness_with(|c| c.max_body_bytes = 8 * 1024).await;
    let offer = h.offer(json!({ "citizen": 31 })).await;
    let token = h.redeem(&offer).await;
    let c = &h.client;
    let url = |p: &str| h.url(p);
    let big = vec![b'a'; 64 * 1024];
    let requests = vec![
        c.get(url("/nope")),
        c.get(url("/admin/citizens/abc")),
        c.get(url("/admin/citizens/99999")),
        c.delete(url("/trust-list")),
        c.get(url("/token")),
        c.get(url("/offers/unknown")),
        c.get(url("/status-lists/abc")),
        c.get(url("/status-lists/70000")),
        c.get(url("/status-lists/9")),
        c.post(url("/token")),
        c.post(url("/token"))
            .header("content-type", "application/json")
            .body("{}"),
        c.post(url("/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("%%%"),
        c.post(url("/token"))
            .form(&[("grant_type", "authorization_code"), ("code", "x")]),
        c.post(url("/token"))
            .form(&[("grant_type", vidi_core::oid4vci::PRE_AUTHORIZED_GRANT)]),
        c.post(url("/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(big.clone()),
        c.post(url("/credential")).bearer_auth(&token).body("{}"),
        c.post(url("/credential"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body("{"),
        c.post(url("/credential"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body("[]"),
        c.post(url("/credential"))
            .bearer_auth(&token)
            .json(&json!({ "credential_configuration_id": 5 })),
        c.post(url("/credential"))
            .bearer_auth(&token)
            .json(&json!({ "credential_configuration_id": "national_id" })),
        c.post(url("/credential")).bearer_auth(&token).json(
            &json!({ "credential_configuration_id": "national_id", "proofs": { "jwt": "x" } }),
        ),
        c.post(url("/credential")).bearer_auth(&token).json(
            &json!({ "credential_configuration_id": "national_id", "proofs": { "jwt": [1] } }),
        ),
        c.post(url("/credential")).bearer_auth(&token).json(
            &json!({ "credential_configuration_id": "national_id", "proof": { "jwt": "x" } }),
        ),
        c.post(url("/credential"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(big.clone()),
        c.post(url("/credential"))
            .header("authorization", "Basic abc"),
        c.post(url("/admin/offers")),
        c.post(url("/admin/offers"))
            .header("content-type", "application/json")
            .body("nope"),
        c.post(url("/admin/offers"))
            .header("content-type", "text/plain")
            .body("{\"citizen\": 1}"),
        c.post(url("/admin/offers")).json(&json!({ "citizen": -1 })),
        c.post(url("/admin/offers"))
            .json(&json!({ "citizen": 99999 })),
        c.post(url("/admin/offers"))
            .json(&json!({ "citizen": 1, "document_types": ["passport"] })),
        c.post(url("/admin/offers"))
            .json(&json!({ "citizen": 1, "document_types": [] })),
        c.post(url("/admin/offers"))
            .json(&json!({ "citizen": 1, "surprise": true })),
        c.post(url("/admin/offers"))
            .json(&json!({ "citizen": 1, "issuer_url": "javascript:alert(1)" })),
        c.post(url("/admin/credentials/abc/revoke")),
        c.post(url("/admin/credentials/1/explode")),
        c.post(url("/admin/citizens/1/reissue"))
            .json(&json!({ "document_types": "x" })),
        c.get(url("/.well-known/openid-credential-issuer"))
            .header("host", "bad host"),
        c.get(url("/healthz/extra")),
    ];
    for (i, request) in requests.into_iter().enumerate() {
        let response = request.send().await.unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        assert!(status.is_client_error(), "request {i}: {status} {body}");
        assert_eq!(
            content_type.as_deref(),
            Some("application/json"),
            "request {i}: {body}"
        );
        let json: Value = serde_json::from_str(&body).unwrap();
        assert!(json["error"].is_string(), "request {i}: {body}");
    }
    // Too large is 413.
    let too_large = c
        .post(url("/admin/offers"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Still alive.
    let ok = c.get(url("/healthz")).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    h.server.shutdown().await;
}
