//! An OpenID4VP `direct_post.jwt` response made by Vidi's core, encrypted to
//! a key given on the command line, for checks by other implementations
//! (tests/interop/test_oid4vp.py opens it with an independent JOSE library
//! and verifies the SD-JWT VC presentation inside):
//!
//! ```text
//! cargo run -p vidi-core --example oid4vp_response -- '<recipient public JWK>' [A128GCM|A256GCM]
//! ```
//!
//! The recipient JWK is a P-256 public key (`kty`, `crv`, `x`, `y`, and an
//! optional `kid` that goes into the JWE header). The example issues the
//! reference citizen's national ID as an SD-JWT VC with the built-in test
//! issuer, bound to a software device key from a public seed, presents the
//! four claims of the temporary residence service with a key binding JWT
//! for a fresh nonce, and encrypts the authorization response with
//! `vidi_core::oid4vp::encrypt_response`. It prints one JSON object:
//! `jwe`, the `issuer` and its `issuer_jwk` (to verify the presentation
//! with), and the `audience`, `nonce`, `state`, `query_id` and `claims`
//! the response must carry. Test keys only: nothing here means anything
//! outside tests.

use std::collections::BTreeMap;
use std::process::ExitCode;

use base64::Engine as _;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};
use vidi_core::document::{Document, DocumentType, sample::try_reference_citizen};
use vidi_core::keys::{DeviceSigner as _, SoftwareDeviceKey, random_bytes};
use vidi_core::oid4vci::{jwk, public_key_from_jwk};
use vidi_core::oid4vp::jwe::Enc;
use vidi_core::oid4vp::{DcqlQuery, VerifiedRequest, Words, encrypt_response, vp_token_payload};
use vidi_core::sample::test_issuer;
use vidi_core::sdjwt::{Issuance, StatusReference, issue_document, vct};
use vidi_core::trust::kid_text;

const ISSUER: &str = "https://issuer.vidi.test";
const AUDIENCE: &str = "verifier_attestation:interop.vidi.test";
const CLAIMS: [&str; 4] = [
    "full_name",
    "personal_id_number",
    "date_of_birth",
    "place_of_residence",
];

fn random_text() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    random_bytes(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn run(recipient: &str, enc: Enc) -> Result<Value, String> {
    let recipient: Value = serde_json::from_str(recipient)
        .map_err(|_| "the recipient key is not JSON (a public JWK)".to_owned())?;
    let response_key = public_key_from_jwk(&recipient)
        .map_err(|e| format!("the recipient key is not a P-256 public JWK: {e}"))?;
    let response_kid = recipient
        .get("kid")
        .and_then(Value::as_str)
        .map(str::to_owned);

    let now = OffsetDateTime::now_utc();
    let issuer = test_issuer().map_err(|e| e.to_string())?;
    let device = SoftwareDeviceKey::from_seed(b"vidi/interop/oid4vp").map_err(|e| e.to_string())?;
    let (card, _, _) = try_reference_citizen().map_err(|e| e.to_string())?;
    let credential = issue_document(
        &Document::NationalId(card),
        Issuance {
            issuer: ISSUER,
            key: &issuer.key,
            device_key: device.public_key().map_err(|e| e.to_string())?,
            status: StatusReference {
                idx: 7,
                uri: format!("{ISSUER}/status-lists/{}", issuer.key.kid()),
            },
            issued_at: now,
            expires_at: now,
        },
        now,
        Duration::days(30),
    )
    .map_err(|e| format!("cannot issue the sample credential: {e}"))?;

    let nonce = random_text()?;
    let state = random_text()?;
    let query_id = DocumentType::NationalId.code();
    let presentation = credential
        .present(&CLAIMS, AUDIENCE, &nonce, now, &device)
        .map_err(|e| format!("cannot present the sample credential: {e}"))?;
    let request = VerifiedRequest {
        client_id: AUDIENCE.to_owned(),
        service_name: Words::new("Kiểm thử liên thông", "Interop test"),
        attester_name: "interop".to_owned(),
        purpose: Words::new("Kiểm thử", "Test"),
        query: DcqlQuery::one(query_id, vct(DocumentType::NationalId), &CLAIMS),
        nonce: nonce.clone(),
        state: state.clone(),
        response_uri: "https://interop.vidi.test/response".to_owned(),
        response_key,
        response_kid,
        enc,
        expires_at: now + Duration::minutes(5),
    };
    let presentations = BTreeMap::from([(query_id.to_owned(), presentation.to_string())]);
    let payload = vp_token_payload(&presentations, &state);
    let jwe = encrypt_response(&payload, &request).map_err(|e| e.to_string())?;
    let mut issuer_jwk = jwk(&issuer.key.public_key()).map_err(|e| e.to_string())?;
    issuer_jwk["kid"] = Value::from(kid_text(issuer.key.kid()));
    Ok(json!({
        "jwe": jwe,
        "issuer": ISSUER,
        "issuer_jwk": issuer_jwk,
        "audience": AUDIENCE,
        "nonce": nonce,
        "state": state,
        "query_id": query_id,
        "claims": CLAIMS,
    }))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (recipient, enc) = match args.as_slice() {
        [key] => (key, Some(Enc::A128Gcm)),
        [key, enc] => (key, Enc::from_name(enc)),
        _ => {
            eprintln!("usage: oid4vp_response '<recipient public JWK>' [A128GCM|A256GCM]");
            return ExitCode::from(2);
        }
    };
    let Some(enc) = enc else {
        eprintln!("oid4vp_response: the content encryption must be A128GCM or A256GCM");
        return ExitCode::from(2);
    };
    match run(recipient, enc) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("oid4vp_response: {e}");
            ExitCode::FAILURE
        }
    }
}
