//! The `vidi-server-mock` binary: its banner, its refusal to open the admin
//! API off loopback without a token, and a request log free of secrets and
//! personal data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Command, Stdio};

use common::*;
use serde_json::{Value, json};
use vidi_core::document::citizens::LONG_NAME_NUMBER;
use vidi_core::keys::SoftwareDeviceKey;
use vidi_core::oid4vci;

const BIN: &str = env!("CARGO_BIN_EXE_vidi-server-mock");

#[test]
fn off_loopback_without_a_token_it_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--listen",
            "0.0.0.0:0",
        ])
        .env_remove("VIDI_ADMIN_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--admin-token"), "{stderr}");
    let few = Command::new(BIN)
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--citizens",
            "10",
        ])
        .output()
        .unwrap();
    assert!(!few.status.success());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_log_has_no_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .env_remove("VIDI_ADMIN_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    while !banner.contains("Ctrl-C") {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "banner: {banner}");
        banner.push_str(&line);
    }
    for needle in [
        "http://10.0.2.2:",
        "http://localhost:",
        "portal",
        "trust anchor",
        "JWK thumbprint",
    ] {
        assert!(banner.contains(needle), "{needle} in {banner}");
    }
    let base = banner
        .lines()
        .find(|l| l.contains("this machine"))
        .and_then(|l| l.split_whitespace().last())
        .unwrap()
        .to_owned();

    let client = client();
    let offer: vidi_server_mock::OfferCreated = client
        .post(format!("{base}/admin/offers"))
        .json(&json!({ "citizen": LONG_NAME_NUMBER, "by_reference": true }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = code_of(&offer.offer);
    let fetched = client
        .get(format!("{base}/offers/{}?x=1", offer.offer_id))
        .send()
        .await
        .unwrap();
    assert!(fetched.status().is_success());
    let token: Value = client
        .post(format!("{base}/token"))
        .form(&[
            ("grant_type", oid4vci::PRE_AUTHORIZED_GRANT),
            ("pre-authorized_code", code.as_str()),
            ("tx_code", offer.pin.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_owned();
    let nonce: Value = client
        .post(format!("{base}/nonce"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let nonce = nonce["c_nonce"].as_str().unwrap().to_owned();
    let key = SoftwareDeviceKey::generate().unwrap();
    let jwt = oid4vci::proof_jwt(&key, &base, &nonce, now_seconds()).unwrap();
    let issued = client
        .post(format!("{base}/credential"))
        .bearer_auth(&token)
        .json(&json!({ "credential_configuration_id": "national_id", "proofs": { "jwt": [jwt] } }))
        .send()
        .await
        .unwrap();
    assert!(issued.status().is_success());
    let citizens: Value = client
        .get(format!("{base}/admin/citizens/{LONG_NAME_NUMBER}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let name = citizens["name"].as_str().unwrap().to_owned();
    let birth = citizens["birth_date"].as_str().unwrap().to_owned();
    let _ = client
        .get(format!("{base}/no/such/path?pin={}", offer.pin))
        .send()
        .await
        .unwrap();

    child.kill().unwrap();
    child.wait().unwrap();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();

    for line in [
        "POST /admin/offers 200",
        "GET /offers/{id} 200",
        "POST /token 200",
        "POST /nonce 200",
        "POST /credential 200",
        "GET /admin/citizens/{number} 200",
        "GET /no/such/path 404",
    ] {
        assert!(log.contains(line), "{line} in {log}");
    }
    assert_eq!(log.lines().count(), 7, "{log}");
    for secret in [
        &offer.pin,
        &code,
        &offer.offer_id,
        &token,
        &nonce,
        &name,
        &birth,
    ] {
        assert!(
            !log.contains(secret.as_str()),
            "the log leaks a secret or personal data: {log}"
        );
    }
}
