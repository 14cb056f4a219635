//! SD-JWT VCs over real HTTP: issued in the same OpenID4VCI flow and batch
//! as the Vidi credentials, verified with the keys of the issuer's JWT VC
//! Issuer Metadata and of its trust list, their status in the same lists.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};
use vidi_core::document::citizens::{REFERENCE_NUMBER, SUSPENDED_LICENCE_NUMBER};
use vidi_core::keys::SoftwareDeviceKey;
use vidi_core::oid4vci::IssuerMetadata;
use vidi_core::sdjwt::{
    self, JwtVcIssuerMetadata, KeyBindingCheck, TrustedKeys, verify, verify_presentation,
};
use vidi_core::trust::Status;

/// The issuer's JWT VC Issuer Metadata, fetched over HTTP.
async fn jwt_vc_issuer(h: &Harness) -> JwtVcIssuerMetadata {
    let response = h
        .client
        .get(h.url("/.well-known/jwt-vc-issuer"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    JwtVcIssuerMetadata::from_json(&body).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn sd_jwt_vcs_come_in_the_same_flow_and_verify_with_the_published_keys() {
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
    let config = &meta.credential_configurations_supported["national_id_sd_jwt"];
    assert_eq!(config.format, "dc+sd-jwt");
    assert_eq!(config.vct.as_deref(), Some("urn:vidi:vct:national_id"));

    // One offer, one token: the Vidi credential and a batch of two SD-JWT VCs.
    let offer = h.offer(json!({ "citizen": REFERENCE_NUMBER })).await;
    let token = h.redeem(&offer).await;
    let cose_key = SoftwareDeviceKey::generate().unwrap();
    let cose = h.issue(&token, "national_id", &[&cose_key]).await.remove(0);
    let keys = [
        SoftwareDeviceKey::generate().unwrap(),
        SoftwareDeviceKey::generate().unwrap(),
    ];
    let issued = h
        .issue_sd_jwt(&token, "national_id_sd_jwt", &[&keys[0], &keys[1]])
        .await;
    assert_eq!(issued.len(), 2);

    let published = jwt_vc_issuer(&h).await;
    assert_eq!(published.issuer, h.base);
    let synced = h.sync().await;
    let now = OffsetDateTime::now_utc();
    let mut indexes = vec![cose.status_index];
    for (credential, key) in issued.iter().zip(&keys) {
        let verified = verify(credential.as_str(), &published, now).unwrap();
        assert_eq!(verified.issuer, h.base);
        assert_eq!(verified.vct, "urn:vidi:vct:national_id");
        assert_eq!(verified.device_key, public(key));
        assert_eq!(verified.kid.as_deref(), Some(cose.kid.to_string().as_str()));
        assert!(verified.expires_at > now && verified.expires_at <= now + Duration::days(31));
        // The same claims as the Vidi credential, by name.
        for claim in cose.claims().unwrap() {
            assert_eq!(verified.claims[&claim.id.name()], claim.value.to_json());
        }
        for n in sdjwt::AGE_THRESHOLDS {
            assert_eq!(verified.claims[&format!("age_over_{n}")], true);
        }
        // Its status: an entry of the same list the Vidi credentials use.
        let status = verified.status.clone().unwrap();
        assert_eq!(status.uri, synced.status_urls[&cose.kid.to_string()]);
        assert_eq!(synced.lists[0].get(status.idx), Some(Status::Valid));
        indexes.push(status.idx);
        // The trust list's keys verify it too.
        let trusted = TrustedKeys {
            issuer: &h.base,
            trust: &synced.trust,
        };
        assert_eq!(
            verify(credential.as_str(), &trusted, now).unwrap(),
            verified
        );
        // A presentation by the device key.
        let presentation = credential
            .present(&["age_over_18"], "https://rp.example", "nonce-1", now, key)
            .unwrap();
        let check = KeyBindingCheck {
            audience: "https://rp.example",
            nonce: "nonce-1",
            now,
            max_age: Duration::minutes(5),
        };
        let shown = verify_presentation(&presentation, &published, &check).unwrap();
        assert_eq!(shown.credential.claims.len(), 1);
    }
    indexes.sort_unstable();
    indexes.dedup();
    assert_eq!(indexes.len(), 3, "each credential its own status index");
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_token_covers_the_offered_documents_sd_jwt_vcs_only() {
    let h = harness().await;
    let offer = h
        .offer(
            json!({ "citizen": SUSPENDED_LICENCE_NUMBER, "document_types": ["driving_licence"] }),
        )
        .await;
    let token = h.redeem(&offer).await;
    // Not offered: the national ID's SD-JWT VC.
    let key = SoftwareDeviceKey::generate().unwrap();
    let jwts = h.proofs(&[&key]).await;
    let refused = h
        .credential_response(&token, "national_id_sd_jwt", &jwts)
        .await;
    expect_error(
        refused,
        StatusCode::BAD_REQUEST,
        "invalid_credential_request",
    )
    .await;
    // Offered: the licence's, issued suspended like the citizen's Vidi licence.
    let licence = h
        .issue_sd_jwt(&token, "driving_licence_sd_jwt", &[&key])
        .await
        .remove(0);
    assert_eq!(licence.vct(), "urn:vidi:vct:driving_licence");
    let idx = licence.status().unwrap().idx;
    assert_eq!(h.sync().await.lists[0].get(idx), Some(Status::Suspended));
    // A device key is bound once, whatever the format.
    let jwts = h.proofs(&[&key]).await;
    let again = h
        .credential_response(&token, "driving_licence_sd_jwt", &jwts)
        .await;
    let body = expect_error(again, StatusCode::BAD_REQUEST, "invalid_proof").await;
    assert_eq!(body["vidi_reason"], "device_key_bound");
    // The admin API lists it under its configuration; revoking it shows in the list.
    let citizen: Value = h
        .client
        .get(h.url(&format!("/admin/citizens/{SUSPENDED_LICENCE_NUMBER}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed = citizen["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["credentials"].as_array().unwrap())
        .find(|c| c["configuration_id"] == "driving_licence_sd_jwt")
        .unwrap()
        .clone();
    assert_eq!(listed["status_index"], idx);
    let id = listed["id"].as_i64().unwrap();
    let revoked = h
        .client
        .post(h.url(&format!("/admin/credentials/{id}/revoke")))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(h.sync().await.lists[0].get(idx), Some(Status::Revoked));
    h.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_published_keys_follow_rotation() {
    let h = harness().await;
    let before = jwt_vc_issuer(&h).await;
    assert_eq!(before.keys.len(), 1);
    let rotated = h
        .client
        .post(h.url("/admin/keys/rotate"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(rotated.status(), StatusCode::OK);
    let after = jwt_vc_issuer(&h).await;
    // The retired key stays while its credentials may live; the new one joins.
    assert_eq!(after.keys.len(), 2);
    assert!(after.keys.contains(&before.keys[0]));
    let key = SoftwareDeviceKey::generate().unwrap();
    let offer = h
        .offer(json!({ "citizen": 21, "document_types": ["national_id"] }))
        .await;
    let token = h.redeem(&offer).await;
    let credential = h
        .issue_sd_jwt(&token, "national_id_sd_jwt", &[&key])
        .await
        .remove(0);
    let verified = verify(credential.as_str(), &after, OffsetDateTime::now_utc()).unwrap();
    assert_ne!(verified.kid.as_deref(), Some(before.keys[0].0.as_str()));
    assert!(verify(credential.as_str(), &before, OffsetDateTime::now_utc()).is_err());
    h.server.shutdown().await;
}
