//! The request: made and signed by the service, read and checked by the
//! wallet.

use serde_json::{Value, json};
use time::OffsetDateTime;

use super::dcql::DcqlQuery;
use super::jwe::Enc;
use super::{
    ATTESTATION_TYP, CLIENT_ID_PREFIX, LINK_SCHEME, MAX_REQUEST_LIFETIME, REQUEST_TYP,
    RESPONSE_MODE, RequestError, SELF_ISSUED_AUD, Words,
};
use crate::keys::{IssuerKey, PublicKey};
use crate::oid4vci::{JwsError, UnverifiedJws, jwk, public_key_from_jwk, sign_with_issuer};
use crate::sdjwt::CLOCK_SKEW;
use crate::trust::TrustList;

/// The longest a service's name or purpose shown to the citizen may be.
const MAX_WORDS: usize = 300;

/// What an attester says about a service.
#[derive(Debug, Clone)]
pub struct AttestationParams<'a> {
    /// Who attests (`iss`): the attester's identifier.
    pub issuer: &'a str,
    /// The attester's key id, as the trust list names it.
    pub kid: &'a str,
    /// The service's identifier (`sub`), without the prefix.
    pub service: &'a str,
    /// The service's name.
    pub name: &'a Words,
    /// Where its answers may be posted: the exact response URIs.
    pub redirect_uris: &'a [String],
    /// The key that signs its requests.
    pub request_key: &'a PublicKey,
    /// Issued at.
    pub issued_at: OffsetDateTime,
    /// Expires at.
    pub expires_at: OffsetDateTime,
}

/// Signs a verifier attestation for a service with an attester's key.
pub fn attest(params: &AttestationParams<'_>, attester: &IssuerKey) -> Result<String, JwsError> {
    let header = json!({ "typ": ATTESTATION_TYP, "kid": params.kid });
    let payload = json!({
        "iss": params.issuer,
        "sub": params.service,
        "iat": params.issued_at.unix_timestamp(),
        "exp": params.expires_at.unix_timestamp(),
        "client_name": params.name,
        "redirect_uris": params.redirect_uris,
        "cnf": { "jwk": jwk(params.request_key)? },
    });
    sign_with_issuer(header, &payload, attester)
}

/// What a service puts in a request.
#[derive(Debug, Clone)]
pub struct RequestParams<'a> {
    /// The service's identifier, without the prefix (the attestation's `sub`).
    pub service: &'a str,
    /// The service's verifier attestation.
    pub attestation: &'a str,
    /// Where the wallet posts its answer.
    pub response_uri: &'a str,
    /// A fresh nonce for this presentation.
    pub nonce: &'a str,
    /// The session's state.
    pub state: &'a str,
    /// The claims asked.
    pub query: &'a DcqlQuery,
    /// Why they are asked.
    pub purpose: &'a Words,
    /// The key the answer is encrypted to.
    pub response_key: &'a PublicKey,
    /// Its key id.
    pub response_kid: &'a str,
    /// Issued at.
    pub issued_at: OffsetDateTime,
    /// Expires at (at most [`MAX_REQUEST_LIFETIME`] later).
    pub expires_at: OffsetDateTime,
}

/// The request object, signed by the service's request key (the one its
/// attestation names), with the attestation in the `jwt` header.
pub fn sign_request(params: &RequestParams<'_>, key: &IssuerKey) -> Result<String, JwsError> {
    let header = json!({ "typ": REQUEST_TYP, "jwt": params.attestation });
    let mut enc_key = jwk(params.response_key)?;
    enc_key["kid"] = Value::from(params.response_kid);
    enc_key["use"] = Value::from("enc");
    enc_key["alg"] = Value::from("ECDH-ES");
    let payload = json!({
        "iss": client_id(params.service),
        "aud": SELF_ISSUED_AUD,
        "client_id": client_id(params.service),
        "response_type": "vp_token",
        "response_mode": RESPONSE_MODE,
        "response_uri": params.response_uri,
        "nonce": params.nonce,
        "state": params.state,
        "dcql_query": params.query.to_json(),
        "client_metadata": {
            "jwks": { "keys": [enc_key] },
            "encrypted_response_enc_values_supported": [Enc::A128Gcm.name(), Enc::A256Gcm.name()],
            "vp_formats_supported": {
                "dc+sd-jwt": { "sd-jwt_alg_values": ["ES256"], "kb-jwt_alg_values": ["ES256"] }
            },
        },
        "purpose": params.purpose,
        "iat": params.issued_at.unix_timestamp(),
        "exp": params.expires_at.unix_timestamp(),
    });
    sign_with_issuer(header, &payload, key)
}

fn client_id(service: &str) -> String {
    format!("{CLIENT_ID_PREFIX}{service}")
}

/// The link a service shows (as a QR, or as a link on the same device):
/// `openid4vp://?client_id=…&request_uri=…`.
pub fn request_link(service: &str, request_uri: &str) -> String {
    format!(
        "{LINK_SCHEME}?client_id={}&request_uri={}",
        query_escape(&client_id(service)),
        query_escape(request_uri)
    )
}

/// Percent-encodes all but RFC 3986's unreserved characters.
fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A request as its link gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestLink {
    /// The request object is fetched from `request_uri`.
    ByReference {
        /// `client_id` as the link gives it.
        client_id: String,
        /// Where the request object is.
        request_uri: String,
    },
    /// The request object is in the link.
    ByValue {
        /// `client_id` as the link gives it.
        client_id: String,
        /// The request object (a JWS).
        request: String,
    },
}

impl RequestLink {
    /// Reads an `openid4vp://` link (or `haip-vp://`, or an https link with
    /// the same parameters), or the same parameters as a JSON object.
    /// Plain parameters without a request object are refused as unsigned.
    pub fn parse(text: &str) -> Result<Self, RequestError> {
        let text = text.trim();
        let params: Vec<(String, String)> = if text.starts_with('{') {
            let value: Value =
                serde_json::from_str(text).map_err(|_| RequestError::Link("malformed JSON"))?;
            value
                .as_object()
                .ok_or(RequestError::Link("malformed JSON"))?
                .iter()
                .map(|(k, v)| {
                    let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                    (k.clone(), v)
                })
                .collect()
        } else {
            let scheme_ok = text.starts_with(LINK_SCHEME)
                || text.starts_with("haip-vp://")
                || text.starts_with("https://");
            if !scheme_ok {
                return Err(RequestError::Link("not an openid4vp:// link"));
            }
            let url = reqwest::Url::parse(text).map_err(|_| RequestError::Link("not a URL"))?;
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        };
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let client_id = get("client_id").ok_or(RequestError::Link("no client_id"))?;
        if let Some(request_uri) = get("request_uri") {
            if get("request_uri_method").is_some_and(|m| m != "get") {
                return Err(RequestError::Link("request_uri_method"));
            }
            return Ok(Self::ByReference {
                client_id,
                request_uri,
            });
        }
        if let Some(request) = get("request") {
            return Ok(Self::ByValue { client_id, request });
        }
        if get("response_type").is_some() || get("dcql_query").is_some() {
            return Err(RequestError::Unsigned);
        }
        Err(RequestError::Link("no request_uri or request"))
    }

    /// `client_id` as the link gives it.
    pub fn client_id(&self) -> &str {
        match self {
            Self::ByReference { client_id, .. } | Self::ByValue { client_id, .. } => client_id,
        }
    }
}

/// A request the wallet has checked: who asks, for what and why, and where
/// the answer goes.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedRequest {
    /// `client_id`, with its prefix: the key binding JWT's `aud`.
    pub client_id: String,
    /// The service's name, as its attestation says.
    pub service_name: Words,
    /// Who registered the service, as the trust list names it.
    pub attester_name: String,
    /// Why the claims are asked.
    pub purpose: Words,
    /// The claims asked.
    pub query: DcqlQuery,
    /// The nonce to answer.
    pub nonce: String,
    /// The session's state, sent back.
    pub state: String,
    /// Where the answer goes.
    pub response_uri: String,
    /// The key to encrypt the answer to, its `kid`, and the encryption.
    pub response_key: PublicKey,
    /// The response key's `kid`.
    pub response_kid: Option<String>,
    /// The content encryption chosen.
    pub enc: Enc,
    /// When the request expires.
    pub expires_at: OffsetDateTime,
}

fn time_claim(payload: &Value, name: &'static str) -> Result<OffsetDateTime, RequestError> {
    payload
        .get(name)
        .and_then(Value::as_i64)
        .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
        .ok_or(RequestError::Malformed(name))
}

fn text_claim<'a>(payload: &'a Value, name: &'static str) -> Result<&'a str, RequestError> {
    payload
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or(RequestError::Malformed(name))
}

/// Whether a JWS's header says `alg: none` (an unsigned JWT).
fn unsigned(jws: &str) -> bool {
    use base64::Engine;
    jws.split('.')
        .next()
        .and_then(|h| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(h)
                .ok()
        })
        .and_then(|h| serde_json::from_slice::<Value>(&h).ok())
        .is_some_and(|h| h.get("alg").and_then(Value::as_str) == Some("none"))
}

/// Checks a request object against the link's `client_id` and the trust
/// list, at `now`:
/// 1. the attestation in the `jwt` header: ES256 by an attester the trust
///    list names under its `kid` and trusts at `now`, `typ`
///    verifier-attestation+jwt, within `iat`..`exp`;
/// 2. `client_id` is `verifier_attestation:` + the attestation's `sub`, in
///    the link and in the request;
/// 3. the request: `typ` oauth-authz-req+jwt, ES256 by the attestation's
///    `cnf.jwk`, `iat` not in the future, not expired, living at most
///    [`MAX_REQUEST_LIFETIME`];
/// 4. `response_type` vp_token, `response_mode` direct_post.jwt, a
///    `response_uri` under the attestation's `redirect_uris`, a P-256
///    encryption key, and a DCQL query this wallet answers.
pub fn verify_request(
    jws: &str,
    link_client_id: &str,
    trust: &TrustList,
    now: OffsetDateTime,
) -> Result<VerifiedRequest, RequestError> {
    if unsigned(jws) {
        return Err(RequestError::Unsigned);
    }
    let request = UnverifiedJws::parse(jws, REQUEST_TYP).map_err(|e| match e {
        // Signed, but not with ES256 (`none` was refused above).
        JwsError::Header("alg") => RequestError::Malformed("request alg"),
        JwsError::Header(_) => RequestError::Malformed("request header"),
        _ => RequestError::Malformed("request object"),
    })?;
    if request.header.get("crit").is_some() {
        return Err(RequestError::Malformed("crit"));
    }
    let attestation_jws = request
        .header
        .get("jwt")
        .and_then(Value::as_str)
        .ok_or(RequestError::UnknownService)?;
    let attestation = UnverifiedJws::parse(attestation_jws, ATTESTATION_TYP)
        .map_err(|_| RequestError::Malformed("attestation"))?;
    let kid = attestation
        .header
        .get("kid")
        .and_then(Value::as_str)
        .ok_or(RequestError::UnknownService)?;
    let attester = trust
        .attester(kid, now)
        .ok_or(RequestError::UnknownService)?;
    attestation
        .verify(&attester.public_key)
        .map_err(|_| RequestError::UnknownService)?;
    let a = &attestation.payload;
    if time_claim(a, "exp")? <= now - CLOCK_SKEW || time_claim(a, "iat")? > now + CLOCK_SKEW {
        return Err(RequestError::AttestationExpired);
    }
    let service = text_claim(a, "sub")?;
    let expected_client_id = client_id(service);
    let service_name = a
        .get("client_name")
        .and_then(|n| Words::from_json(n, MAX_WORDS))
        .ok_or(RequestError::Malformed("client_name"))?;
    let request_key = a
        .get("cnf")
        .and_then(|c| c.get("jwk"))
        .and_then(|k| public_key_from_jwk(k).ok())
        .ok_or(RequestError::Malformed("cnf"))?;
    let redirect_uris: Vec<&str> = a
        .get("redirect_uris")
        .and_then(Value::as_array)
        .map(|u| u.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();

    if link_client_id != expected_client_id {
        return Err(RequestError::ClientIdMismatch);
    }
    request
        .verify(&request_key)
        .map_err(|_| RequestError::Signature)?;
    let r = &request.payload;
    if text_claim(r, "client_id")? != expected_client_id {
        return Err(RequestError::ClientIdMismatch);
    }
    if r.get("iss")
        .and_then(Value::as_str)
        .is_some_and(|i| i != expected_client_id)
    {
        return Err(RequestError::ClientIdMismatch);
    }
    let issued_at = time_claim(r, "iat")?;
    let expires_at = time_claim(r, "exp")?;
    if issued_at > now + CLOCK_SKEW {
        return Err(RequestError::NotYetValid);
    }
    if expires_at <= now || expires_at - issued_at > MAX_REQUEST_LIFETIME {
        return Err(RequestError::Expired);
    }
    if r.get("aud")
        .and_then(Value::as_str)
        .is_some_and(|a| a != SELF_ISSUED_AUD)
    {
        return Err(RequestError::Malformed("aud"));
    }
    if text_claim(r, "response_type")? != "vp_token"
        || text_claim(r, "response_mode")? != RESPONSE_MODE
    {
        return Err(RequestError::ResponseMode);
    }
    let response_uri = text_claim(r, "response_uri")?;
    if !redirect_uris.contains(&response_uri) || crate::http::allowed_url(response_uri).is_none() {
        return Err(RequestError::ResponseUri);
    }
    let metadata = r
        .get("client_metadata")
        .ok_or(RequestError::EncryptionKey)?;
    let (response_key, response_kid) = metadata
        .get("jwks")
        .and_then(|j| j.get("keys"))
        .and_then(Value::as_array)
        .and_then(|keys| {
            keys.iter().find_map(|k| {
                let usable = k
                    .get("use")
                    .and_then(Value::as_str)
                    .is_none_or(|u| u == "enc")
                    && k.get("alg")
                        .and_then(Value::as_str)
                        .is_none_or(|a| a == "ECDH-ES")
                    && k.get("d").is_none();
                let key = public_key_from_jwk(k).ok().filter(|_| usable)?;
                Some((key, k.get("kid").and_then(Value::as_str).map(str::to_owned)))
            })
        })
        .ok_or(RequestError::EncryptionKey)?;
    let enc = match metadata.get("encrypted_response_enc_values_supported") {
        None => Enc::A128Gcm,
        Some(values) => values
            .as_array()
            .and_then(|v| v.iter().filter_map(Value::as_str).find_map(Enc::from_name))
            .ok_or(RequestError::EncryptionKey)?,
    };
    let query = DcqlQuery::from_json(r.get("dcql_query").ok_or(RequestError::Query("missing"))?)?;
    let purpose = r
        .get("purpose")
        .and_then(|p| Words::from_json(p, MAX_WORDS))
        .ok_or(RequestError::Malformed("purpose"))?;
    Ok(VerifiedRequest {
        client_id: expected_client_id,
        service_name,
        attester_name: attester.name.clone(),
        purpose,
        query,
        nonce: text_claim(r, "nonce")?.to_owned(),
        state: text_claim(r, "state")?.to_owned(),
        response_uri: response_uri.to_owned(),
        response_key,
        response_kid,
        enc,
        expires_at,
    })
}
