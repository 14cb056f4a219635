//! What the integration tests share: a real server on 127.0.0.1:0 with a
//! temp data dir, a small OpenID4VCI wallet written against the wire, and a
//! verifier that syncs the trust and status lists and checks their
//! signatures.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;
use time::OffsetDateTime;
use vidi_core::credential::Credential;
use vidi_core::keys::{DeviceSigner as _, PublicKey, SoftwareDeviceKey};
use vidi_core::oid4vci::{
    self, CredentialOffer, CredentialResponse, OfferLink, PRE_AUTHORIZED_GRANT,
    STATUS_LIST_JWT_TYP, TRUST_LIST_JWT_TYP, TokenResponse, UnverifiedJws,
};
use vidi_core::presentation::{Disclosure, present};
use vidi_core::sdjwt::SdJwtVc;
use vidi_core::trust::{StatusList, TrustList};
use vidi_core::verifier::{Policy, RejectReason, Verified, verify};
use vidi_server_mock::{Config, OfferCreated, Server, start};

/// A server with its data dir (removed on drop) and an HTTP client.
pub struct Harness {
    pub server: Server,
    pub base: String,
    pub client: Client,
    pub dir: TempDir,
}

pub fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

pub async fn harness() -> Harness {
    harness_with(|_| {}).await
}

pub async fn harness_with(tune: impl FnOnce(&mut Config)) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::ephemeral(dir.path());
    tune(&mut config);
    let server = start(config).await.unwrap();
    let base = server.base_url();
    Harness {
        server,
        base,
        client: client(),
        dir,
    }
}

pub fn now_seconds() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `POST /admin/offers` (or `/admin/citizens/{n}/reissue`) with `body`.
    pub async fn admin_post(&self, path: &str, body: Value) -> Response {
        self.client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn offer(&self, body: Value) -> OfferCreated {
        let response = self.admin_post("/admin/offers", body).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    pub async fn token_response(&self, code: &str, pin: Option<&str>) -> Response {
        let mut form = vec![
            ("grant_type", PRE_AUTHORIZED_GRANT),
            ("pre-authorized_code", code),
        ];
        if let Some(pin) = pin {
            form.push(("tx_code", pin));
        }
        self.client
            .post(self.url("/token"))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Redeems an offer; returns the access token.
    pub async fn redeem(&self, offer: &OfferCreated) -> String {
        let response = self
            .token_response(&code_of(&offer.offer), Some(&offer.pin))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(no_store(&response), Some("no-store"));
        let token: TokenResponse = response.json().await.unwrap();
        assert_eq!(token.token_type, "Bearer");
        token.access_token
    }

    pub async fn nonce(&self) -> String {
        let response = self.client.post(self.url("/nonce")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(no_store(&response), Some("no-store"));
        let body: Value = response.json().await.unwrap();
        body["c_nonce"].as_str().unwrap().to_owned()
    }

    pub async fn credential_response(
        &self,
        token: &str,
        configuration: &str,
        jwts: &[String],
    ) -> Response {
        self.client
            .post(self.url("/credential"))
            .bearer_auth(token)
            .json(&json!({
                "credential_configuration_id": configuration,
                "proofs": { "jwt": jwts },
            }))
            .send()
            .await
            .unwrap()
    }

    /// Proofs for `keys` with a fresh nonce, for this issuer.
    pub async fn proofs(&self, keys: &[&SoftwareDeviceKey]) -> Vec<String> {
        let nonce = self.nonce().await;
        keys.iter()
            .map(|k| oid4vci::proof_jwt(*k, &self.base, &nonce, now_seconds()).unwrap())
            .collect()
    }

    /// Issues `configuration` to `keys` (one credential each).
    pub async fn issue(
        &self,
        token: &str,
        configuration: &str,
        keys: &[&SoftwareDeviceKey],
    ) -> Vec<Credential> {
        let jwts = self.proofs(keys).await;
        let response = self.credential_response(token, configuration, &jwts).await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
        let response: CredentialResponse = serde_json::from_value(body).unwrap();
        response
            .credentials
            .into_iter()
            .map(|c| serde_json::from_value(c.credential).unwrap())
            .collect()
    }

    /// Issues the `dc+sd-jwt` `configuration` to `keys` (one SD-JWT VC each).
    pub async fn issue_sd_jwt(
        &self,
        token: &str,
        configuration: &str,
        keys: &[&SoftwareDeviceKey],
    ) -> Vec<SdJwtVc> {
        let jwts = self.proofs(keys).await;
        let response = self.credential_response(token, configuration, &jwts).await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
        let response: CredentialResponse = serde_json::from_value(body).unwrap();
        response
            .credentials
            .into_iter()
            .map(|c| SdJwtVc::parse(c.credential.as_str().unwrap()).unwrap())
            .collect()
    }

    /// An offer for `body`, redeemed, and `configuration` issued to one new key.
    pub async fn issue_one(
        &self,
        body: Value,
        configuration: &str,
    ) -> (Credential, SoftwareDeviceKey) {
        let offer = self.offer(body).await;
        let token = self.redeem(&offer).await;
        let key = SoftwareDeviceKey::generate().unwrap();
        let mut credentials = self.issue(&token, configuration, &[&key]).await;
        (credentials.remove(0), key)
    }

    /// The verifier's sync: the trust list checked against the anchor, each
    /// status list checked against its key in the trust list.
    pub async fn sync(&self) -> Synced {
        sync(&self.client, &self.base).await
    }

    /// The admin id of the credential at `(kid, status_index)`.
    pub async fn credential_id(&self, credential: &Credential) -> i64 {
        let citizens: Value = self
            .client
            .get(self.url("/admin/citizens"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for citizen in citizens.as_array().unwrap() {
            for document in citizen["documents"].as_array().unwrap() {
                for c in document["credentials"].as_array().unwrap() {
                    if c["kid"] == credential.kid && c["status_index"] == credential.status_index {
                        return c["id"].as_i64().unwrap();
                    }
                }
            }
        }
        panic!("credential not listed");
    }
}

pub fn code_of(offer: &CredentialOffer) -> String {
    offer
        .grants
        .pre_authorized_code
        .as_ref()
        .unwrap()
        .code
        .clone()
}

pub fn no_store(response: &Response) -> Option<&str> {
    response
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
}

/// A 4xx JSON OAuth error with `code`.
pub async fn expect_error(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    assert!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json")),
        "JSON error body"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], code, "{body}");
    body
}

pub struct Synced {
    pub trust: TrustList,
    pub lists: Vec<StatusList>,
    pub status_urls: BTreeMap<String, String>,
    pub anchor: PublicKey,
}

pub async fn sync(client: &Client, base: &str) -> Synced {
    let anchor_jwk: Value = client
        .get(format!("{base}/trust-anchor"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let anchor = oid4vci::public_key_from_jwk(&anchor_jwk).unwrap();

    let response = client
        .get(format!("{base}/trust-list"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let jws = response.text().await.unwrap();
    let parsed = UnverifiedJws::parse(&jws, TRUST_LIST_JWT_TYP).unwrap();
    assert_eq!(
        oid4vci::public_key_from_jwk(&parsed.header["jwk"]).unwrap(),
        anchor,
        "the trust list names the anchor"
    );
    parsed
        .verify(&anchor)
        .expect("the anchor signed the trust list");
    let trust: TrustList = serde_json::from_value(parsed.payload["trust_list"].clone()).unwrap();
    let status_urls: BTreeMap<String, String> =
        serde_json::from_value(parsed.payload["status_lists"].clone()).unwrap();

    let mut lists = Vec::new();
    for issuer in &trust.issuers {
        let url = &status_urls[&issuer.kid.to_string()];
        let response = client.get(url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"],
            "application/statuslist+jwt"
        );
        let jws = response.text().await.unwrap();
        let token = UnverifiedJws::parse(&jws, STATUS_LIST_JWT_TYP).unwrap();
        assert_eq!(token.header["kid"], issuer.kid.to_string());
        token
            .verify(&issuer.public_key)
            .expect("the issuer key signed its status list");
        assert_eq!(token.payload["sub"], url.as_str());
        let iat = token.payload["iat"].as_i64().unwrap();
        assert!(token.payload["exp"].as_i64().unwrap() > now_seconds());
        assert!(token.payload["ttl"].as_u64().unwrap() > 0);
        let body = &token.payload["status_list"];
        assert_eq!(body["bits"], 2);
        lists.push(
            StatusList::from_lst(
                issuer.kid,
                2,
                body["lst"].as_str().unwrap(),
                OffsetDateTime::from_unix_timestamp(iat).unwrap(),
            )
            .unwrap(),
        );
    }
    Synced {
        trust,
        lists,
        status_urls,
        anchor,
    }
}

impl Synced {
    /// A proof of `credential`'s first claim, made now with `key`, verified now.
    pub fn check(
        &self,
        credential: &Credential,
        key: &SoftwareDeviceKey,
    ) -> Result<Verified, RejectReason> {
        let claims = [credential.kind.slots()[0]];
        let now = OffsetDateTime::now_utc();
        let proof = present(
            credential,
            &Disclosure {
                claims: &claims,
                ..Disclosure::default()
            },
            u32::try_from(now.unix_timestamp()).unwrap(),
            key,
        )
        .unwrap();
        verify(&proof, &self.trust, &self.lists, now, &Policy::default())
    }
}

/// Proofs the test wallet makes, good and bad.
pub fn public(key: &SoftwareDeviceKey) -> PublicKey {
    key.public_key().unwrap()
}

pub fn offer_link(offer: &OfferCreated) -> OfferLink {
    OfferLink::parse(&offer.offer_uri).unwrap()
}
