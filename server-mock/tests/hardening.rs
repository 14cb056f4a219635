//! The hardening issue's defects, each over real HTTP on loopback: proofs
//! that must be refused, admin errors that must not echo what was sent,
//! machine-readable issuance errors, what one token can obtain, status list
//! rollover, and slow or idle connections.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;
use vidi_core::document::citizens::REFERENCE_NUMBER;
use vidi_core::keys::{DeviceSigner as _, SoftwareDeviceKey};
use vidi_core::oid4vci::{self, PROOF_JWT_TYP};

/// A proof for `key` with extra `header` members, signed correctly.
fn proof_with_header(
    h: &Harness,
    key: &SoftwareDeviceKey,
    nonce: &str,
    header: serde_json::Value,
) -> String {
    let mut full = json!({
        "typ": PROOF_JWT_TYP,
        "jwk": oid4vci::jwk(&key.public_key().unwrap()).unwrap(),
    });
    for (name, value) in header.as_object().unwrap() {
        if name == "jwk" {
            for (member, v) in value.as_object().unwrap() {
                full["jwk"][member] = v.clone();
            }
        } else {
            full[name] = value.clone();
        }
    }
    oid4vci::sign_with_device(
        full,
        &json!({ "aud": h.base, "iat": now_seconds(), "nonce": nonce }),
        key,
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn proofs_with_a_private_jwk_or_crit_are_refused() {
    let h = harness().await;
    let offer = h.offer(json!({ "citizen": 20 })).await;
    let token = h.redeem(&offer).await;
    let key = SoftwareDeviceKey::generate().unwrap();
    let nonce = h.nonce().await;
    let cases = [
        (
            json!({ "jwk": { "d": "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI" } }),
            "private key",
        ),
        (json!({ "crit": ["exp"], "exp": 1 }), "crit"),
        (json!({ "crit": [] }), "crit"),
    ];
    for (header, what) in cases {
        let jwt = proof_with_header(&h, &key, &nonce, header);
        let refused = h.credential_response(&token, "national_id", &[jwt]).await;
        let body = expect_error(refused, StatusCode::BAD_REQUEST, "invalid_proof").await;
        assert!(
            body["error_description"].as_str().unwrap().contains(what),
            "{body}"
        );
    }
    // The same proof without them is accepted: the nonce was not used up.
    let jwt = proof_with_header(&h, &key, &nonce, json!({}));
    let ok = h.credential_response(&token, "national_id", &[jwt]).await;
    assert_eq!(ok.status(), StatusCode::OK);
    h.server.shutdown().await;
}

/// Values that must never come back in an admin error.
const MARKER: &str = "VidiMarker7f3a9c";

#[tokio::test(flavor = "multi_thread")]
async fn admin_errors_do_not_echo_submitted_values() {
    let h = harness().await;
    let posts = [
        ("/admin/offers", json!({ "citizen": MARKER })),
        ("/admin/offers", json!({ "citizen": 1, MARKER: true })),
        (
            "/admin/offers",
            json!({ "citizen": 1, "by_reference": MARKER }),
        ),
        (
            "/admin/offers",
            json!({ "citizen": 1, "document_types": [MARKER] }),
        ),
        (
            "/admin/offers",
            json!({ "citizen": 1, "issuer_url": format!("ftp://{MARKER}") }),
        ),
        ("/admin/offers", json!({ "citizen": 4_123_456_789_u32 })),
        ("/admin/offers", json!([MARKER])),
        (
            "/admin/citizens/1/reissue",
            json!({ "document_types": MARKER }),
        ),
        ("/admin/citizens/1/reissue", json!({ MARKER: 1 })),
        (&format!("/admin/citizens/{MARKER}/reissue"), json!({})),
        (&format!("/admin/credentials/{MARKER}/revoke"), json!({})),
    ];
    for (path, body) in posts {
        let response = h.admin_post(path, body.clone()).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_client_error(), "{path} {body}: {status} {text}");
        assert!(!text.contains(MARKER), "{path} {body} echoed: {text}");
        assert!(!text.contains("4123456789"), "{path} {body} echoed: {text}");
    }
    // Not JSON at all: the raw text is not echoed either.
    let response = h
        .client
        .post(h.url("/admin/offers"))
        .header("content-type", "application/json")
        .body(format!("{{\"citizen\": {MARKER}}}"))
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    assert!(!text.contains(MARKER), "{text}");
    let response = h
        .client
        .get(h.url(&format!("/admin/citizens/{MARKER}")))
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    assert!(!text.contains(MARKER), "{text}");
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_gets_at_most_a_batch_per_configuration() {
    let h = harness().await;
    let offer = h
        .offer(json!({ "citizen": REFERENCE_NUMBER, "document_types": ["national_id"] }))
        .await;
    let token = h.redeem(&offer).await;
    let keys: Vec<SoftwareDeviceKey> = (0..11)
        .map(|_| SoftwareDeviceKey::generate().unwrap())
        .collect();
    let refs: Vec<&SoftwareDeviceKey> = keys.iter().collect();
    // Seven, then three more: the batch size (10) of national_id.
    assert_eq!(h.issue(&token, "national_id", &refs[..7]).await.len(), 7);
    // Four more than the three left is refused, and uses nothing up.
    let jwts = h.proofs(&refs[7..11]).await;
    let refused = h.credential_response(&token, "national_id", &jwts).await;
    expect_error(
        refused,
        StatusCode::BAD_REQUEST,
        "invalid_credential_request",
    )
    .await;
    assert_eq!(h.issue(&token, "national_id", &refs[7..10]).await.len(), 3);
    // The allowance is used: the token gets nothing more of it.
    let jwts = h.proofs(&refs[10..]).await;
    let refused = h.credential_response(&token, "national_id", &jwts).await;
    let body = expect_error(refused, StatusCode::UNAUTHORIZED, "invalid_token").await;
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("used up"),
        "{body}"
    );
    // Another configuration of the same offer has its own allowance.
    assert_eq!(h.issue(&token, "age_over_18", &refs[10..]).await.len(), 1);
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_device_key_is_bound_to_one_credential() {
    let h = harness().await;
    let offer = h.offer(json!({ "citizen": REFERENCE_NUMBER })).await;
    let token = h.redeem(&offer).await;
    let key = SoftwareDeviceKey::generate().unwrap();
    h.issue(&token, "national_id", &[&key]).await;
    // The same key in a second request, same or other configuration.
    for configuration in ["national_id", "age_over_18"] {
        let jwts = h.proofs(&[&key]).await;
        let refused = h.credential_response(&token, configuration, &jwts).await;
        let body = expect_error(refused, StatusCode::BAD_REQUEST, "invalid_proof").await;
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .contains("already bound"),
            "{body}"
        );
    }
    // And under another offer's token.
    let other = h.offer(json!({ "citizen": REFERENCE_NUMBER })).await;
    let other_token = h.redeem(&other).await;
    let jwts = h.proofs(&[&key]).await;
    let refused = h
        .credential_response(&other_token, "national_id", &jwts)
        .await;
    expect_error(refused, StatusCode::BAD_REQUEST, "invalid_proof").await;
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_status_list_rolls_over_to_a_new_key() {
    let h = harness_with(|c| c.status_list_len = 16).await;
    let mut issued = Vec::new();
    // 16 fill kid 1's list; 4 more go to a new key without a 503.
    for citizen in 24..29 {
        let offer = h
            .offer(json!({ "citizen": citizen, "document_types": ["national_id"] }))
            .await;
        let token = h.redeem(&offer).await;
        let keys: Vec<SoftwareDeviceKey> = (0..4)
            .map(|_| SoftwareDeviceKey::generate().unwrap())
            .collect();
        let refs: Vec<&SoftwareDeviceKey> = keys.iter().collect();
        for (credential, key) in h
            .issue(&token, "national_id", &refs)
            .await
            .into_iter()
            .zip(keys)
        {
            issued.push((credential, key));
        }
    }
    let kids: Vec<u16> = issued.iter().map(|(c, _)| c.kid).collect();
    assert_eq!(kids.iter().filter(|k| **k == 1).count(), 16, "{kids:?}");
    assert_eq!(kids.iter().filter(|k| **k == 2).count(), 4, "{kids:?}");
    // Every one verifies: the retired key stays in the trust list.
    let synced = h.sync().await;
    for (credential, key) in &issued {
        synced.check(credential, key).unwrap();
    }
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn token_errors_carry_a_machine_readable_reason() {
    let h = harness_with(|c| c.ttl.offer = std::time::Duration::from_secs(600)).await;
    let offer = h.offer(json!({ "citizen": 30 })).await;
    let code = code_of(&offer.offer);
    let wrong = if offer.pin == "000000" {
        "111111"
    } else {
        "000000"
    };
    let body = expect_error(
        h.token_response(&code, None).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    assert_eq!(body["vidi_reason"], "pin_required", "{body}");
    for left in (1..=4).rev() {
        let body = expect_error(
            h.token_response(&code, Some(wrong)).await,
            StatusCode::BAD_REQUEST,
            "invalid_grant",
        )
        .await;
        assert_eq!(body["vidi_reason"], "wrong_pin", "{body}");
        assert_eq!(body["tries_left"], left, "{body}");
        assert!(body["error_description"].is_string());
    }
    for pin in [wrong, &offer.pin] {
        let body = expect_error(
            h.token_response(&code, Some(pin)).await,
            StatusCode::BAD_REQUEST,
            "invalid_grant",
        )
        .await;
        assert_eq!(body["vidi_reason"], "offer_burned", "{body}");
    }
    let used = h.offer(json!({ "citizen": 31 })).await;
    h.redeem(&used).await;
    let body = expect_error(
        h.token_response(&code_of(&used.offer), Some(&used.pin))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert_eq!(body["vidi_reason"], "offer_used", "{body}");
    let body = expect_error(
        h.token_response("made-up", Some("123456")).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert_eq!(body["vidi_reason"], "unknown_code", "{body}");
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_offers_say_so_in_the_reason() {
    let h = harness_with(|c| c.ttl.offer = std::time::Duration::from_millis(300)).await;
    let offer = h.offer(json!({ "citizen": 32 })).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let body = expect_error(
        h.token_response(&code_of(&offer.offer), Some(&offer.pin))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
    )
    .await;
    assert_eq!(body["vidi_reason"], "offer_expired", "{body}");
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn credential_errors_carry_a_machine_readable_reason() {
    let h = harness().await;
    let offer = h
        .offer(json!({ "citizen": REFERENCE_NUMBER, "document_types": ["national_id"] }))
        .await;
    let token = h.redeem(&offer).await;
    let key = SoftwareDeviceKey::generate().unwrap();
    h.issue(&token, "national_id", &[&key]).await;
    let jwts = h.proofs(&[&key]).await;
    let body = expect_error(
        h.credential_response(&token, "national_id", &jwts).await,
        StatusCode::BAD_REQUEST,
        "invalid_proof",
    )
    .await;
    assert_eq!(body["vidi_reason"], "device_key_bound", "{body}");
    // Nine more use the allowance up; the next request is told so.
    let keys: Vec<SoftwareDeviceKey> = (0..10)
        .map(|_| SoftwareDeviceKey::generate().unwrap())
        .collect();
    let refs: Vec<&SoftwareDeviceKey> = keys.iter().collect();
    h.issue(&token, "national_id", &refs[..9]).await;
    let jwts = h.proofs(&refs[9..]).await;
    let body = expect_error(
        h.credential_response(&token, "national_id", &jwts).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
    assert_eq!(body["vidi_reason"], "allowance_used", "{body}");
    h.server.shutdown().await;
}

/// Reads until the server closes the connection (EOF or reset); how long
/// that took, or `None` if it was still open after `limit`.
async fn closed_within(
    stream: &mut tokio::net::TcpStream,
    limit: std::time::Duration,
) -> Option<std::time::Duration> {
    use tokio::io::AsyncReadExt as _;
    let start = std::time::Instant::now();
    let mut buf = [0u8; 4096];
    tokio::time::timeout(limit, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return start.elapsed(),
                Ok(_) => {}
            }
        }
    })
    .await
    .ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn half_a_request_line_is_cut_off_after_the_header_timeout() {
    use tokio::io::AsyncWriteExt as _;
    let h = harness_with(|c| c.header_read_timeout = std::time::Duration::from_millis(400)).await;
    let mut slow = tokio::net::TcpStream::connect(h.server.local_addr())
        .await
        .unwrap();
    slow.write_all(b"GET /trust-li").await.unwrap();
    let took = closed_within(&mut slow, std::time::Duration::from_secs(5))
        .await
        .expect("a half request line must not hold the connection open");
    assert!(took >= std::time::Duration::from_millis(300), "{took:?}");
    // Ordinary requests are served.
    let ok = h.client.get(h.url("/trust-list")).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_body_is_cut_off_after_the_idle_timeout() {
    use tokio::io::AsyncWriteExt as _;
    let h = harness_with(|c| c.idle_timeout = std::time::Duration::from_millis(500)).await;
    let mut slow = tokio::net::TcpStream::connect(h.server.local_addr())
        .await
        .unwrap();
    slow.write_all(
        b"POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant",
    )
    .await
    .unwrap();
    let took = closed_within(&mut slow, std::time::Duration::from_secs(5))
        .await
        .expect("a stalled body must not hold the connection open");
    assert!(took >= std::time::Duration::from_millis(400), "{took:?}");
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_beyond_the_limit_wait() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let h = harness_with(|c| c.max_connections = 1).await;
    let holder = tokio::net::TcpStream::connect(h.server.local_addr())
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let mut waiting = tokio::net::TcpStream::connect(h.server.local_addr())
        .await
        .unwrap();
    waiting
        .write_all(b"GET /trust-anchor HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 64];
    let early = tokio::time::timeout(
        std::time::Duration::from_millis(500),
        waiting.read(&mut buf),
    )
    .await;
    assert!(early.is_err(), "served beyond the connection limit");
    drop(holder);
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), waiting.read(&mut buf))
        .await
        .expect("served once a connection closed")
        .unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"), "{:?}", &buf[..n]);
    h.server.shutdown().await;
}

/// The state of admin credential `id` as `GET /admin/citizens` shows it.
async fn state_of(h: &Harness, id: i64) -> String {
    let citizens: serde_json::Value = h
        .client
        .get(h.url("/admin/citizens"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    citizens
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["documents"].as_array().unwrap().iter())
        .flat_map(|d| d["credentials"].as_array().unwrap().iter())
        .find(|c| c["id"] == id)
        .map(|c| c["state"].as_str().unwrap().to_owned())
        .unwrap()
}

/// A refusal's status, OAuth error and `vidi_reason`.
async fn refusal(response: reqwest::Response) -> (StatusCode, String, String) {
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
        body["vidi_reason"].as_str().unwrap_or_default().to_owned(),
    )
}

/// Another website's page (any `Origin` but the server's own, or a
/// browser's `Sec-Fetch-Site: cross-site`) cannot drive the tokenless admin
/// API on loopback, nor can a DNS name pointed at 127.0.0.1 (`Host`), and
/// admin POSTs are JSON only; the portal's own origin and plain tools are
/// served.
#[tokio::test(flavor = "multi_thread")]
async fn the_admin_api_refuses_other_websites_foreign_hosts_and_non_json() {
    use reqwest::header::{CONTENT_TYPE, HOST, ORIGIN};
    let h = harness().await;
    let (credential, _key) = h.issue_one(json!({ "citizen": 20 }), "national_id").await;
    let id = h.credential_id(&credential).await;
    let port = h.base.rsplit(':').next().unwrap().to_owned();
    let revoke = h.url(&format!("/admin/credentials/{id}/revoke"));

    // The issue's own example: a form-like POST from another origin.
    let evil = h
        .client
        .post(&revoke)
        .header(ORIGIN, "http://evil.example")
        .header(CONTENT_TYPE, "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(
        refusal(evil).await,
        (
            StatusCode::FORBIDDEN,
            "access_denied".into(),
            "foreign_origin".into()
        )
    );
    // Another port of this machine is another origin too.
    for (origin, content_type) in [
        ("http://evil.example", "application/json"),
        (
            &*format!("http://127.0.0.1:{}", port.parse::<u16>().unwrap() ^ 1),
            "application/json",
        ),
        ("null", "application/json"),
    ] {
        let response = h
            .client
            .post(&revoke)
            .header(ORIGIN, origin)
            .header(CONTENT_TYPE, content_type)
            .send()
            .await
            .unwrap();
        assert_eq!(refusal(response).await.2, "foreign_origin", "{origin}");
    }
    let cross_site = h
        .client
        .post(&revoke)
        .header("sec-fetch-site", "cross-site")
        .header(CONTENT_TYPE, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(refusal(cross_site).await.2, "foreign_origin");

    // DNS rebinding: a name that is not this server's.
    for host in [
        format!("attacker.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        for request in [
            h.client.get(h.url("/admin/citizens")),
            h.client
                .post(&revoke)
                .header(CONTENT_TYPE, "application/json"),
        ] {
            let response = request.header(HOST, &host).send().await.unwrap();
            assert_eq!(
                refusal(response).await,
                (
                    StatusCode::FORBIDDEN,
                    "access_denied".into(),
                    "foreign_host".into()
                ),
                "{host}"
            );
        }
    }
    // The right name on another port is not this server either.
    let other_port = h
        .client
        .get(h.url("/admin/citizens"))
        .header(HOST, "127.0.0.1:1")
        .send()
        .await
        .unwrap();
    assert_eq!(refusal(other_port).await.2, "foreign_host");

    // Admin POSTs are JSON, even without a body.
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let mut request = h.client.post(&revoke);
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type).body("x");
        }
        let response = request.send().await.unwrap();
        assert_eq!(
            refusal(response).await,
            (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "invalid_request".into(),
                "json_required".into()
            ),
            "{content_type:?}"
        );
    }
    // Nothing above changed anything.
    assert_eq!(state_of(&h, id).await, "valid");
    let keys: serde_json::Value = h
        .client
        .get(h.url("/admin/keys"))
        .header(ORIGIN, "http://evil.example")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(keys["vidi_reason"], "foreign_origin");
    for path in [
        "/admin/keys/rotate".to_owned(),
        format!("/admin/credentials/{id}/suspend"),
        "/admin/citizens/20/reissue".to_owned(),
    ] {
        let response = h
            .client
            .post(h.url(&path))
            .header(ORIGIN, "http://evil.example")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(refusal(response).await.2, "foreign_origin", "{path}");
    }
    assert_eq!(state_of(&h, id).await, "valid");
    assert_eq!(h.server.admin().keys().await.unwrap().len(), 1);

    // The portal's own origin, `localhost`, and tools that send no Origin
    // are served; `{}` is a body for the routes that take none.
    let suspended = h
        .client
        .post(h.url(&format!("/admin/credentials/{id}/suspend")))
        .header(ORIGIN, &h.base)
        .header("sec-fetch-site", "same-origin")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(suspended.status(), StatusCode::OK);
    let reinstated = h
        .client
        .post(h.url(&format!("/admin/credentials/{id}/reinstate")))
        .header(HOST, format!("localhost:{port}"))
        .header(ORIGIN, format!("http://localhost:{port}"))
        .header(CONTENT_TYPE, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(reinstated.status(), StatusCode::OK);
    let unknown_field = h
        .client
        .post(&revoke)
        .json(&json!({ "now": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_field.status(), StatusCode::BAD_REQUEST);
    let revoked = h
        .client
        .post(&revoke)
        .header(CONTENT_TYPE, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(state_of(&h, id).await, "revoked");
}

/// With an admin token (the only way off loopback), the `Host` may be any
/// name the server is reached by; another website's `Origin` is still refused.
#[tokio::test(flavor = "multi_thread")]
async fn with_an_admin_token_any_host_but_no_other_website() {
    use reqwest::header::{AUTHORIZATION, HOST, ORIGIN};
    let h = harness_with(|c| c.admin_token = Some("guard-token".into())).await;
    let port = h.base.rsplit(':').next().unwrap().to_owned();
    let by_name = h
        .client
        .get(h.url("/admin/keys"))
        .header(HOST, format!("issuer.lan:{port}"))
        .header(AUTHORIZATION, "Bearer guard-token")
        .send()
        .await
        .unwrap();
    assert_eq!(by_name.status(), StatusCode::OK);
    let evil = h
        .client
        .get(h.url("/admin/keys"))
        .header(ORIGIN, "http://evil.example")
        .header(AUTHORIZATION, "Bearer guard-token")
        .send()
        .await
        .unwrap();
    assert_eq!(refusal(evil).await.2, "foreign_origin");
}
