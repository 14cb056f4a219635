//! Trust list, status lists and what changes them: revocation, suspension,
//! key rotation, re-binding to a new device.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use vidi_core::document::DocumentType;
use vidi_core::keys::SoftwareDeviceKey;
use vidi_core::trust::Status;
use vidi_core::verifier::RejectReason;

async fn post(h: &Harness, path: &str) -> reqwest::Response {
    h.client
        .post(h.url(path))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn trust_list_is_signed_by_the_anchor() {
    let h = harness().await;
    let synced = h.sync().await;
    assert_eq!(synced.trust.issuers.len(), 1);
    let issuer = &synced.trust.issuers[0];
    assert_eq!(issuer.kid, 1);
    assert_eq!(issuer.valid_until, None);
    assert_eq!(issuer.document_types, DocumentType::ALL);
    assert_eq!(synced.status_urls["1"], h.url("/status-lists/1"));
    assert_eq!(synced.lists[0].len(), 1 << 16);
    // The anchor is not an issuer key, and its thumbprint is printed at start.
    assert_ne!(synced.anchor, issuer.public_key);
    let jwk: Value = h
        .client
        .get(h.url("/trust-anchor"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        jwk["kid"],
        h.server.startup().trust_anchor_thumbprint.as_str()
    );
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn revoke_suspend_reinstate() {
    let h = harness().await;
    let (credential, key) = h.issue_one(json!({ "citizen": 20 }), "national_id").await;
    let id = h.credential_id(&credential).await;
    h.sync().await.check(&credential, &key).unwrap();

    let suspended = post(&h, &format!("/admin/credentials/{id}/suspend")).await;
    assert_eq!(suspended.status(), StatusCode::OK);
    let body: Value = suspended.json().await.unwrap();
    assert_eq!(body["state"], "suspended");
    let synced = h.sync().await;
    assert_eq!(
        synced.lists[0].get(credential.status_index),
        Some(Status::Suspended)
    );
    assert_eq!(
        synced.check(&credential, &key).unwrap_err(),
        RejectReason::Suspended
    );

    let reinstated = post(&h, &format!("/admin/credentials/{id}/reinstate")).await;
    assert_eq!(reinstated.status(), StatusCode::OK);
    h.sync().await.check(&credential, &key).unwrap();

    let revoked = post(&h, &format!("/admin/credentials/{id}/revoke")).await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let synced = h.sync().await;
    assert_eq!(
        synced.lists[0].get(credential.status_index),
        Some(Status::Revoked)
    );
    assert_eq!(
        synced.check(&credential, &key).unwrap_err(),
        RejectReason::Revoked
    );
    // Revoked is final.
    let refused = post(&h, &format!("/admin/credentials/{id}/reinstate")).await;
    expect_error(refused, StatusCode::CONFLICT, "invalid_request").await;
    let missing = post(&h, "/admin/credentials/99999/revoke").await;
    expect_error(missing, StatusCode::NOT_FOUND, "not_found").await;
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_have_etags_and_max_age() {
    let h = harness().await;
    for path in ["/trust-list", "/status-lists/1"] {
        let first = h.client.get(h.url(path)).send().await.unwrap();
        assert_eq!(first.status(), StatusCode::OK);
        assert_eq!(first.headers()["cache-control"], "max-age=300");
        let etag = first.headers()["etag"].to_str().unwrap().to_owned();
        assert!(
            etag.starts_with('"') && etag.ends_with('"'),
            "a strong ETag"
        );
        let body = first.text().await.unwrap();
        let again = h
            .client
            .get(h.url(path))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.headers()["etag"], etag.as_str());
        assert!(again.text().await.unwrap().is_empty());
        let other = h
            .client
            .get(h.url(path))
            .header("if-none-match", "\"something-else\"")
            .send()
            .await
            .unwrap();
        assert_eq!(other.status(), StatusCode::OK);
        assert_eq!(other.text().await.unwrap(), body);
    }
    // A revocation changes the status list's ETag.
    let before = h.client.get(h.url("/status-lists/1")).send().await.unwrap();
    let etag = before.headers()["etag"].to_str().unwrap().to_owned();
    let (credential, _) = h.issue_one(json!({ "citizen": 21 }), "national_id").await;
    let id = h.credential_id(&credential).await;
    post(&h, &format!("/admin/credentials/{id}/revoke")).await;
    let after = h
        .client
        .get(h.url("/status-lists/1"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::OK);
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rotation_keeps_old_credentials_verifying() {
    let h = harness().await;
    let (old, old_key) = h.issue_one(json!({ "citizen": 22 }), "national_id").await;
    assert_eq!(old.kid, 1);
    let rotated = post(&h, "/admin/keys/rotate").await;
    assert_eq!(rotated.status(), StatusCode::OK);
    let rotated: Value = rotated.json().await.unwrap();
    assert_eq!(rotated, json!({ "retired_kid": 1, "active_kid": 2 }));
    let (new, new_key) = h.issue_one(json!({ "citizen": 22 }), "national_id").await;
    assert_eq!(new.kid, 2);

    let synced = h.sync().await;
    assert_eq!(synced.trust.issuers.len(), 2);
    let retired = synced.trust.issuers.iter().find(|i| i.kid == 1).unwrap();
    let until = retired.valid_until.expect("a retired key has an end");
    let days = (until - time::OffsetDateTime::now_utc()).whole_days();
    assert!((29..=30).contains(&days), "{days}");
    assert_eq!(synced.check(&old, &old_key).unwrap().kid, 1);
    assert_eq!(synced.check(&new, &new_key).unwrap().kid, 2);

    // The retired key's list still takes revocations.
    let id = h.credential_id(&old).await;
    post(&h, &format!("/admin/credentials/{id}/revoke")).await;
    let synced = h.sync().await;
    assert_eq!(
        synced.check(&old, &old_key).unwrap_err(),
        RejectReason::Revoked
    );
    synced.check(&new, &new_key).unwrap();

    let keys: Value = h
        .client
        .get(h.url("/admin/keys"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(keys[0]["state"], "retired");
    assert_eq!(keys[1]["state"], "active");
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rebinding_revokes_the_old_device() {
    let h = harness().await;
    let offer = h.offer(json!({ "citizen": 23 })).await;
    let token = h.redeem(&offer).await;
    let old_key = SoftwareDeviceKey::generate().unwrap();
    let old = h.issue(&token, "national_id", &[&old_key]).await.remove(0);
    // One device key per credential (a bound key is refused in another).
    let old_age_key = SoftwareDeviceKey::generate().unwrap();
    let old_age = h
        .issue(&token, "age_over_18", &[&old_age_key])
        .await
        .remove(0);

    // The backup is restored on a new phone; the citizen asks to re-bind.
    let response = h
        .admin_post(
            "/admin/citizens/23/reissue",
            json!({ "document_types": ["national_id"] }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let rebind: vidi_server_mock::OfferCreated = response.json().await.unwrap();
    assert!(rebind.rebind);
    assert_eq!(
        rebind.offer.credential_configuration_ids,
        [
            "national_id",
            "age_over_16",
            "age_over_18",
            "age_over_21",
            "checkpoint_id"
        ]
    );
    let new_token = h.redeem(&rebind).await;
    let new_key = SoftwareDeviceKey::generate().unwrap();
    let new = h
        .issue(&new_token, "national_id", &[&new_key])
        .await
        .remove(0);

    let synced = h.sync().await;
    assert_eq!(
        synced.check(&old, &old_key).unwrap_err(),
        RejectReason::Revoked
    );
    assert_eq!(
        synced.check(&old_age, &old_age_key).unwrap_err(),
        RejectReason::Revoked
    );
    synced.check(&new, &new_key).unwrap();
    // More credentials under the re-binding offer do not revoke its own.
    let more_key = SoftwareDeviceKey::generate().unwrap();
    let more = h
        .issue(&new_token, "age_over_18", &[&more_key])
        .await
        .remove(0);
    let synced = h.sync().await;
    synced.check(&new, &new_key).unwrap();
    synced.check(&more, &more_key).unwrap();

    let citizen: Value = h
        .client
        .get(h.url("/admin/citizens/23"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let states: Vec<&str> = citizen["documents"][0]["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["revoked", "revoked", "valid", "valid"]);

    // Re-binding a citizen who does not exist, or a document they lack.
    let missing = h
        .admin_post("/admin/citizens/9999/reissue", json!({}))
        .await;
    expect_error(missing, StatusCode::NOT_FOUND, "not_found").await;
    h.server.shutdown().await;
}

async fn get_list(h: &Harness, path: &str, etag: Option<&str>) -> (StatusCode, String, String) {
    let mut request = h.client.get(h.url(path));
    if let Some(tag) = etag {
        request = request.header("if-none-match", tag);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let tag = response.headers()["etag"].to_str().unwrap().to_owned();
    (status, tag, response.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn unchanged_lists_are_signed_once_and_served_as_stored() {
    let h = harness().await;
    let before = h.server.lists_signed();
    for path in ["/status-lists/1", "/trust-list"] {
        let (status, tag, body) = get_list(&h, path, None).await;
        assert_eq!(status, StatusCode::OK);
        for _ in 0..5 {
            let (status, again_tag, again) = get_list(&h, path, None).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(
                (again_tag.as_str(), again.as_bytes()),
                (tag.as_str(), body.as_bytes())
            );
            let (status, not_modified_tag, empty) = get_list(&h, path, Some(&tag)).await;
            assert_eq!(status, StatusCode::NOT_MODIFIED);
            assert_eq!(not_modified_tag, tag);
            assert!(empty.is_empty());
        }
    }
    // One signing per list, however many 200s and 304s.
    assert_eq!(h.server.lists_signed() - before, 2);
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revocation_changes_the_served_list() {
    let h = harness().await;
    let (credential, key) = h.issue_one(json!({ "citizen": 24 }), "national_id").await;
    let id = h.credential_id(&credential).await;
    let (_, tag, body) = get_list(&h, "/status-lists/1", None).await;
    let signed = h.server.lists_signed();

    post(&h, &format!("/admin/credentials/{id}/revoke")).await;
    let (status, new_tag, new_body) = get_list(&h, "/status-lists/1", Some(&tag)).await;
    assert_eq!(status, StatusCode::OK, "the old ETag is not current");
    assert_ne!(new_tag, tag);
    assert_ne!(new_body, body);
    assert_eq!(h.server.lists_signed(), signed + 1);
    assert_eq!(
        h.sync().await.check(&credential, &key).unwrap_err(),
        RejectReason::Revoked
    );
    // Served as stored again until the next change.
    let signed = h.server.lists_signed();
    let (status, again_tag, again) = get_list(&h, "/status-lists/1", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((again_tag, again), (new_tag.clone(), new_body));
    let (status, _, _) = get_list(&h, "/status-lists/1", Some(&new_tag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);

    // A rotation changes the trust list and adds a status list.
    let (_, trust_tag, _) = get_list(&h, "/trust-list", None).await;
    assert_eq!(
        post(&h, "/admin/keys/rotate").await.status(),
        StatusCode::OK
    );
    let (status, _, _) = get_list(&h, "/trust-list", Some(&trust_tag)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = get_list(&h, "/status-lists/2", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(h.server.lists_signed() > signed);
    h.server.shutdown().await;
}

/// The stored token is signed anew once older than the refresh period, so
/// its `iat` and `exp` stay as truthful as when every request signed.
#[tokio::test(flavor = "multi_thread")]
async fn a_stored_status_list_is_re_signed_after_the_refresh_period() {
    let h = harness_with(|c| c.ttl.status_list_refresh = std::time::Duration::from_secs(1)).await;
    let claims = |body: &str| -> Value {
        let payload = body.split('.').nth(1).unwrap();
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    };
    let (_, tag, body) = get_list(&h, "/status-lists/1", None).await;
    let (_, again_tag, _) = get_list(&h, "/status-lists/1", None).await;
    assert_eq!(again_tag, tag);
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let (status, new_tag, new_body) = get_list(&h, "/status-lists/1", Some(&tag)).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(new_tag, tag);
    let (old, new) = (claims(&body), claims(&new_body));
    let iat = |c: &Value| c["iat"].as_i64().unwrap();
    assert!(iat(&new) >= iat(&old) + 2, "{old} {new}");
    assert!((iat(&new) - now_seconds()).abs() <= 1);
    assert_eq!(
        new["exp"].as_i64().unwrap() - iat(&new),
        old["exp"].as_i64().unwrap() - iat(&old)
    );
    h.server.shutdown().await;
}
