//! OpenID for Verifiable Credential Issuance 1.0 (pre-authorized code flow),
//! as Vidi's issuer and wallet speak it: the wire types both sides share, and
//! compact JWS with ES256 for proof JWTs, status list tokens and the trust
//! list.
//!
//! JWS is written here rather than taken from a JWT crate because the wallet
//! signs proofs with [`DeviceSigner`] keys that never leave the platform's
//! hardware, which JWT crates (wanting key bytes) cannot use.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::error::KeyError;
use crate::keys::{DeviceSigner, IssuerKey, PublicKey, SIGNATURE_LEN, verify_es256};

/// The pre-authorized code grant type.
pub const PRE_AUTHORIZED_GRANT: &str = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
/// `typ` of a key proof JWT.
pub const PROOF_JWT_TYP: &str = "openid4vci-proof+jwt";
/// `typ` of a status list token (draft-ietf-oauth-status-list).
pub const STATUS_LIST_JWT_TYP: &str = "statuslist+jwt";
/// `typ` of Vidi's signed trust list.
pub const TRUST_LIST_JWT_TYP: &str = "vidi-trust-list+jwt";
/// The credential format identifier of a Vidi credential for proof format
/// 1 (a COSE_Sign1 statement with its claim tree, `docs/proof-format.md`).
pub const CREDENTIAL_FORMAT: &str = "vidi_cose_v1";
/// The credential format identifier of a Vidi credential for proof format
/// 2, what issuers issue now; wallets take both.
pub const CREDENTIAL_FORMAT_V2: &str = "vidi_cose_v2";

/// The proof format of a credential format identifier.
pub fn proof_format_of(credential_format: &str) -> Option<crate::format::Format> {
    match credential_format {
        CREDENTIAL_FORMAT => Some(crate::format::Format::V1),
        CREDENTIAL_FORMAT_V2 => Some(crate::format::Format::V2),
        _ => None,
    }
}
/// The URI scheme of credential offers.
pub const OFFER_SCHEME: &str = "openid-credential-offer://";

/// A credential offer (OpenID4VCI §4.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialOffer {
    /// The issuer's identifier (its base URL).
    pub credential_issuer: String,
    /// What may be requested.
    pub credential_configuration_ids: Vec<String>,
    /// How to get a token.
    pub grants: Grants,
}

/// The grants of an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Grants {
    /// The pre-authorized code grant.
    #[serde(
        rename = "urn:ietf:params:oauth:grant-type:pre-authorized_code",
        skip_serializing_if = "Option::is_none"
    )]
    pub pre_authorized_code: Option<PreAuthorizedCodeGrant>,
}

/// A pre-authorized code and how its PIN is asked for.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreAuthorizedCodeGrant {
    /// The single-use code.
    #[serde(rename = "pre-authorized_code")]
    pub code: String,
    /// The PIN the citizen received separately, when one is required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tx_code: Option<TxCode>,
}

impl std::fmt::Debug for PreAuthorizedCodeGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreAuthorizedCodeGrant")
            .field("tx_code", &self.tx_code)
            .finish_non_exhaustive()
    }
}

/// How the PIN looks (§4.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxCode {
    /// `numeric` or `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_mode: Option<String>,
    /// How many characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<u32>,
    /// Where the citizen finds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An offer as a link carries it: the offer itself, or where to fetch it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferLink {
    /// `?credential_offer=` with the JSON.
    ByValue(CredentialOffer),
    /// `?credential_offer_uri=` with an HTTPS (here also loopback HTTP) URL.
    ByReference(String),
}

/// Why an offer link could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OfferError {
    /// Not an `openid-credential-offer://` link with one of the two parameters.
    #[error("not a credential offer link")]
    NotAnOffer,
    /// The offer JSON is not valid.
    #[error("the credential offer is not valid JSON: {0}")]
    Json(String),
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then_some(value)
    })
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl OfferLink {
    /// Reads an offer link (also accepts the bare JSON of an offer, as pasted).
    pub fn parse(link: &str) -> Result<Self, OfferError> {
        let link = link.trim();
        if link.starts_with('{') {
            return serde_json::from_str(link)
                .map(OfferLink::ByValue)
                .map_err(|e| OfferError::Json(e.to_string()));
        }
        let query = link
            .strip_prefix(OFFER_SCHEME)
            .and_then(|rest| rest.split_once('?').map(|(_, q)| q).or(Some(rest)))
            .map(|q| q.trim_start_matches('?'))
            .ok_or(OfferError::NotAnOffer)?;
        if let Some(value) = query_param(query, "credential_offer") {
            let json = percent_decode(value).ok_or(OfferError::NotAnOffer)?;
            return serde_json::from_str(&json)
                .map(OfferLink::ByValue)
                .map_err(|e| OfferError::Json(e.to_string()));
        }
        if let Some(value) = query_param(query, "credential_offer_uri") {
            return percent_decode(value)
                .map(OfferLink::ByReference)
                .ok_or(OfferError::NotAnOffer);
        }
        Err(OfferError::NotAnOffer)
    }

    /// The link: `openid-credential-offer://?credential_offer=...` or
    /// `...?credential_offer_uri=...`.
    pub fn to_link(&self) -> String {
        match self {
            OfferLink::ByValue(offer) => format!(
                "{OFFER_SCHEME}?credential_offer={}",
                percent_encode(&serde_json::to_string(offer).unwrap_or_default())
            ),
            OfferLink::ByReference(uri) => {
                format!(
                    "{OFFER_SCHEME}?credential_offer_uri={}",
                    percent_encode(uri)
                )
            }
        }
    }
}

/// Credential issuer metadata (§12.2), at `/.well-known/openid-credential-issuer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuerMetadata {
    /// The issuer's identifier.
    pub credential_issuer: String,
    /// Where the token endpoint's authorization server is (the issuer itself here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorization_servers: Vec<String>,
    /// The credential endpoint.
    pub credential_endpoint: String,
    /// The nonce endpoint.
    pub nonce_endpoint: String,
    /// Several proofs in one request give several credentials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_credential_issuance: Option<BatchIssuance>,
    /// What can be issued, by configuration id.
    pub credential_configurations_supported: BTreeMap<String, CredentialConfiguration>,
    /// How to show the issuer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub display: Vec<Display>,
}

/// Batch issuance limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchIssuance {
    /// Most proofs in one credential request.
    pub batch_size: u32,
}

/// One kind of credential the issuer offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialConfiguration {
    /// [`CREDENTIAL_FORMAT`].
    pub format: String,
    /// The Vidi credential kind (`CredentialKind::name`), e.g. `national-id`;
    /// for a `dc+sd-jwt` configuration, the main kind of the document it
    /// carries.
    pub vidi_kind: String,
    /// The credential type of a `dc+sd-jwt` configuration
    /// (`crate::sdjwt::vct`); none for Vidi's own format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vct: Option<String>,
    /// `jwk`: the proof's key is the one bound.
    pub cryptographic_binding_methods_supported: Vec<String>,
    /// `ES256`.
    pub credential_signing_alg_values_supported: Vec<String>,
    /// `{"jwt": {"proof_signing_alg_values_supported": ["ES256"]}}`.
    pub proof_types_supported: BTreeMap<String, ProofType>,
    /// How to show it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub display: Vec<Display>,
}

/// A supported proof type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofType {
    /// Signature algorithms for the proof.
    pub proof_signing_alg_values_supported: Vec<String>,
}

/// A display name in one locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Display {
    /// The name.
    pub name: String,
    /// BCP 47 language tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// OAuth authorization server metadata (RFC 8414), at
/// `/.well-known/oauth-authorization-server`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizationServerMetadata {
    /// Its identifier.
    pub issuer: String,
    /// The token endpoint.
    pub token_endpoint: String,
    /// The pre-authorized code grant needs no client authentication.
    #[serde(rename = "pre-authorized_grant_anonymous_access_supported")]
    pub pre_authorized_grant_anonymous_access_supported: bool,
    /// Grant types.
    pub grant_types_supported: Vec<String>,
}

/// A successful token response.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The bearer token.
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
    /// Seconds until it expires.
    pub expires_in: u64,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// The nonce endpoint's answer (§7.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NonceResponse {
    /// The single-use nonce to put in proofs.
    pub c_nonce: String,
}

/// A credential request (§8.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialRequest {
    /// Which configuration.
    pub credential_configuration_id: String,
    /// Key proofs: one credential per proof.
    pub proofs: Proofs,
}

/// Key proofs by type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proofs {
    /// Proof JWTs.
    pub jwt: Vec<String>,
}

/// A credential response (§8.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialResponse {
    /// One per proof, in order.
    pub credentials: Vec<IssuedCredential>,
}

/// One issued credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuedCredential {
    /// The credential in [`CREDENTIAL_FORMAT`]: the holder's
    /// [`crate::credential::Credential`] as JSON; in `dc+sd-jwt`, the
    /// SD-JWT VC's compact text as a JSON string.
    pub credential: Value,
}

/// An OAuth-style error body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthError {
    /// `invalid_grant`, `invalid_proof`, ...
    pub error: String,
    /// Words for a developer; never personal data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    /// Vidi's machine-readable reason, finer than `error` (an extension;
    /// clients decide on this, never on `error_description`): `wrong_pin`,
    /// `pin_required`, `offer_burned`, `offer_used`, `offer_expired`,
    /// `unknown_code`, `allowance_used`, `device_key_bound`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vidi_reason: Option<String>,
    /// With `wrong_pin`: how many more PINs the offer takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tries_left: Option<u32>,
}

impl OAuthError {
    /// An error body with `error` and `error_description` only.
    pub fn new(error: impl Into<String>, error_description: Option<String>) -> Self {
        Self {
            error: error.into(),
            error_description,
            vidi_reason: None,
            tries_left: None,
        }
    }
}

/// A JWS could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwsError {
    /// Not three base64url parts with JSON header and payload.
    #[error("malformed JWS")]
    Malformed,
    /// `alg` is not ES256, or `typ` is not the expected one.
    #[error("unexpected JWS header: {0}")]
    Header(&'static str),
    /// The signature does not verify.
    #[error("the JWS signature does not verify")]
    Signature,
    /// A required claim is missing or wrong.
    #[error("JWT claim {0} is missing or wrong")]
    Claim(&'static str),
    /// The `jwk` header carries private key material (`d`): the sender's
    /// private key was leaked into the JWS, which must not be accepted.
    #[error("the jwk header carries a private key")]
    PrivateKeyInHeader,
    /// A `crit` header is present: it names extensions this implementation
    /// does not understand (it understands none), so per RFC 7515 §4.1.11
    /// the JWS is invalid.
    #[error("the JWS has a crit header naming extensions not understood")]
    UnsupportedCritical,
    /// Signing failed.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// base64url without padding, as JOSE writes every part.
pub(crate) fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Result<Vec<u8>, JwsError> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| JwsError::Malformed)
}

/// The JWK of a P-256 public key: `{"kty":"EC","crv":"P-256","x":..,"y":..}`.
pub fn jwk(key: &PublicKey) -> Result<Value, KeyError> {
    let point = key.uncompressed()?;
    Ok(json!({
        "kty": "EC",
        "crv": "P-256",
        "x": b64(&point[1..33]),
        "y": b64(&point[33..65]),
    }))
}

/// The P-256 public key of a JWK.
pub fn public_key_from_jwk(jwk: &Value) -> Result<PublicKey, KeyError> {
    let field = |name: &str| {
        jwk.get(name)
            .and_then(Value::as_str)
            .and_then(|s| URL_SAFE_NO_PAD.decode(s).ok())
            .filter(|b| b.len() == 32)
            .ok_or(KeyError::InvalidPublicKey)
    };
    if jwk.get("kty").and_then(Value::as_str) != Some("EC")
        || jwk.get("crv").and_then(Value::as_str) != Some("P-256")
    {
        return Err(KeyError::InvalidPublicKey);
    }
    let mut point = vec![0x04];
    point.extend(field("x")?);
    point.extend(field("y")?);
    PublicKey::from_sec1(&point)
}

/// Signs `payload` as a compact JWS with `header` (to which `alg: ES256` is
/// added) by a device key.
pub fn sign_with_device(
    header: Value,
    payload: &Value,
    signer: &dyn DeviceSigner,
) -> Result<String, JwsError> {
    let input = signing_input(header, payload)?;
    let digest: [u8; 32] = Sha256::digest(input.as_bytes()).into();
    let signature = signer.sign_prehash(&digest)?;
    Ok(format!("{input}.{}", b64(&signature.signature)))
}

/// Signs `payload` as a compact JWS with `header` by an issuer key.
pub fn sign_with_issuer(
    header: Value,
    payload: &Value,
    key: &IssuerKey,
) -> Result<String, JwsError> {
    let input = signing_input(header, payload)?;
    let signature = key.sign(input.as_bytes())?;
    Ok(format!("{input}.{}", b64(&signature)))
}

fn signing_input(mut header: Value, payload: &Value) -> Result<String, JwsError> {
    let object = header.as_object_mut().ok_or(JwsError::Malformed)?;
    object.insert("alg".into(), Value::from("ES256"));
    let header = serde_json::to_vec(&header).map_err(|_| JwsError::Malformed)?;
    let payload = serde_json::to_vec(payload).map_err(|_| JwsError::Malformed)?;
    Ok(format!("{}.{}", b64(&header), b64(&payload)))
}

/// A JWS's parts, before its signature is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct UnverifiedJws {
    /// The protected header.
    pub header: Value,
    /// The payload, parsed as JSON.
    pub payload: Value,
    signing_input: String,
    signature: [u8; SIGNATURE_LEN],
}

impl UnverifiedJws {
    /// Splits and decodes a compact ES256 JWS whose `typ` is `typ`.
    pub fn parse(jws: &str, typ: &str) -> Result<Self, JwsError> {
        let mut parts = jws.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwsError::Malformed);
        };
        let header: Value = serde_json::from_slice(&unb64(h)?).map_err(|_| JwsError::Malformed)?;
        let payload: Value = serde_json::from_slice(&unb64(p)?).map_err(|_| JwsError::Malformed)?;
        if header.get("alg").and_then(Value::as_str) != Some("ES256") {
            return Err(JwsError::Header("alg"));
        }
        if header.get("typ").and_then(Value::as_str) != Some(typ) {
            return Err(JwsError::Header("typ"));
        }
        let signature: [u8; SIGNATURE_LEN] =
            unb64(s)?.try_into().map_err(|_| JwsError::Malformed)?;
        Ok(Self {
            header,
            payload,
            signing_input: format!("{h}.{p}"),
            signature,
        })
    }

    /// Checks the signature with `key`.
    pub fn verify(&self, key: &PublicKey) -> Result<(), JwsError> {
        if verify_es256(key, self.signing_input.as_bytes(), &self.signature) {
            Ok(())
        } else {
            Err(JwsError::Signature)
        }
    }
}

/// A key proof JWT (§F.1) for `audience` (the issuer id) with `nonce`,
/// signed by the device key it names in its `jwk` header.
pub fn proof_jwt(
    signer: &dyn DeviceSigner,
    audience: &str,
    nonce: &str,
    issued_at: i64,
) -> Result<String, JwsError> {
    let header = json!({ "typ": PROOF_JWT_TYP, "jwk": jwk(&signer.public_key()?)? });
    let payload = json!({ "aud": audience, "iat": issued_at, "nonce": nonce });
    sign_with_device(header, &payload, signer)
}

/// A verified key proof: the key to bind and the nonce it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedProof {
    /// The device key.
    pub key: PublicKey,
    /// The nonce it carries.
    pub nonce: String,
}

/// Checks a key proof JWT: type, ES256 by the key in its `jwk` header, the
/// audience, and an `iat` within `max_skew_seconds` of `now`. Refuses a
/// `jwk` carrying a private key (`d`, [`JwsError::PrivateKeyInHeader`]) and
/// any `crit` header ([`JwsError::UnsupportedCritical`]: no extension is
/// understood, RFC 7515 §4.1.11).
pub fn verify_proof_jwt(
    jwt: &str,
    audience: &str,
    now: i64,
    max_skew_seconds: i64,
) -> Result<VerifiedProof, JwsError> {
    let jws = UnverifiedJws::parse(jwt, PROOF_JWT_TYP)?;
    if jws.header.get("crit").is_some() {
        return Err(JwsError::UnsupportedCritical);
    }
    let jwk = jws.header.get("jwk").ok_or(JwsError::Header("jwk"))?;
    if jwk.get("d").is_some() {
        return Err(JwsError::PrivateKeyInHeader);
    }
    let key = public_key_from_jwk(jwk).map_err(|_| JwsError::Header("jwk"))?;
    jws.verify(&key)?;
    if jws.payload.get("aud").and_then(Value::as_str) != Some(audience) {
        return Err(JwsError::Claim("aud"));
    }
    let iat = jws
        .payload
        .get("iat")
        .and_then(Value::as_i64)
        .ok_or(JwsError::Claim("iat"))?;
    if (now - iat).abs() > max_skew_seconds {
        return Err(JwsError::Claim("iat"));
    }
    let nonce = jws
        .payload
        .get("nonce")
        .and_then(Value::as_str)
        .ok_or(JwsError::Claim("nonce"))?
        .to_owned();
    Ok(VerifiedProof { key, nonce })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::keys::SoftwareDeviceKey;

    fn offer() -> CredentialOffer {
        CredentialOffer {
            credential_issuer: "http://127.0.0.1:8080".into(),
            credential_configuration_ids: vec!["vidi_national_id".into()],
            grants: Grants {
                pre_authorized_code: Some(PreAuthorizedCodeGrant {
                    code: "abc+/=".into(),
                    tx_code: Some(TxCode {
                        input_mode: Some("numeric".into()),
                        length: Some(6),
                        description: None,
                    }),
                }),
            },
        }
    }

    #[test]
    fn offer_links_round_trip() {
        let by_value = OfferLink::ByValue(offer());
        let link = by_value.to_link();
        assert!(link.starts_with("openid-credential-offer://?credential_offer=%7B"));
        assert_eq!(OfferLink::parse(&link).unwrap(), by_value);
        let by_ref = OfferLink::ByReference("http://127.0.0.1:8080/offers/x?y=1".into());
        assert_eq!(OfferLink::parse(&by_ref.to_link()).unwrap(), by_ref);
        let json = serde_json::to_string(&offer()).unwrap();
        assert!(json.contains("urn:ietf:params:oauth:grant-type:pre-authorized_code"));
        assert!(json.contains("\"pre-authorized_code\":\"abc+/=\""));
        assert_eq!(OfferLink::parse(&json).unwrap(), by_value);
        assert_eq!(
            OfferLink::parse("https://example.invalid"),
            Err(OfferError::NotAnOffer)
        );
        assert!(matches!(
            OfferLink::parse("openid-credential-offer://?credential_offer=%7Bx"),
            Err(OfferError::Json(_))
        ));
        assert!(
            !format!("{:?}", offer()).contains("abc+/="),
            "no code in Debug"
        );
    }

    #[test]
    fn proof_jwts_verify_and_refuse_tampering() {
        let key = SoftwareDeviceKey::from_seed(b"proof").unwrap();
        let jwt = proof_jwt(&key, "http://issuer", "n-1", 1000).unwrap();
        let proof = verify_proof_jwt(&jwt, "http://issuer", 1010, 300).unwrap();
        assert_eq!(proof.key, key.public_key().unwrap());
        assert_eq!(proof.nonce, "n-1");
        assert_eq!(
            verify_proof_jwt(&jwt, "http://other", 1010, 300),
            Err(JwsError::Claim("aud"))
        );
        assert_eq!(
            verify_proof_jwt(&jwt, "http://issuer", 5000, 300),
            Err(JwsError::Claim("iat"))
        );
        // Another key's signature under this header.
        let other = SoftwareDeviceKey::from_seed(b"other").unwrap();
        let forged = proof_jwt(&other, "http://issuer", "n-1", 1000).unwrap();
        let mixed = format!(
            "{}.{}",
            &jwt[..jwt.rfind('.').unwrap()],
            &forged[forged.rfind('.').unwrap() + 1..]
        );
        assert_eq!(
            verify_proof_jwt(&mixed, "http://issuer", 1010, 300),
            Err(JwsError::Signature)
        );
        assert_eq!(verify_proof_jwt("a.b", "x", 0, 0), Err(JwsError::Malformed));
        let status = sign_with_issuer(
            json!({"typ": STATUS_LIST_JWT_TYP}),
            &json!({}),
            &IssuerKey::from_seed(1, b"i").unwrap(),
        )
        .unwrap();
        assert_eq!(
            verify_proof_jwt(&status, "x", 0, 0),
            Err(JwsError::Header("typ"))
        );
    }

    #[test]
    fn jwk_round_trips() {
        let key = SoftwareDeviceKey::from_seed(b"jwk")
            .unwrap()
            .public_key()
            .unwrap();
        let value = jwk(&key).unwrap();
        assert_eq!(public_key_from_jwk(&value).unwrap(), key);
        let mut bad = value.clone();
        bad["crv"] = "P-384".into();
        assert!(public_key_from_jwk(&bad).is_err());
    }
}
