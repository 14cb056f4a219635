//! The issuer's signed lists, checked: the trust list, a JWS
//! (`vidi-trust-list+jwt`) by the trust anchor, and each issuer key's status
//! list token (`statuslist+jwt`), signed by that key. Verifier sync and
//! issuance fetch them; this is where their signatures and fields are read.

use std::collections::BTreeMap;

use serde_json::Value;
use time::OffsetDateTime;

use super::{StatusList, StatusListError, TrustList};
use crate::keys::PublicKey;
use crate::oid4vci::{
    JwsError, STATUS_LIST_JWT_TYP, TRUST_LIST_JWT_TYP, UnverifiedJws, public_key_from_jwk,
};

/// Why a signed trust list or status list was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignedListError {
    /// Not a compact ES256 JWS of the right type, or a bad signature.
    #[error(transparent)]
    Jws(#[from] JwsError),
    /// The trust list names (in its `jwk` header) or is signed by another
    /// key than the trust anchor.
    #[error("the trust list is not signed by the pinned trust anchor")]
    AnchorMismatch,
    /// The status list's key id is not in the trust list.
    #[error("status list key {0:04x} is not in the trust list")]
    UnknownIssuerKey(u16),
    /// The status list's `kid` header is not the key it was fetched for.
    #[error("the status list's kid header does not match")]
    WrongKid,
    /// A payload field is missing or wrong.
    #[error("the list's {0} is missing or not valid")]
    Payload(&'static str),
    /// The status list's bits are not valid.
    #[error(transparent)]
    StatusList(#[from] StatusListError),
}

/// A verified trust list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedTrustList {
    /// The trusted issuer keys.
    pub trust_list: TrustList,
    /// When the anchor signed it (`iat`).
    pub issued_at: OffsetDateTime,
    /// Where each issuer key's status list is, when the list says.
    pub status_list_urls: BTreeMap<u16, String>,
}

/// The key id as the server writes it in paths, headers and file names.
pub fn kid_text(kid: u16) -> String {
    kid.to_string()
}

/// Whether `value` (a JSON string or number) names `kid`: its decimal form,
/// or four hex digits.
fn names_kid(value: &Value, kid: u16) -> bool {
    match value {
        Value::Number(n) => n.as_u64() == Some(u64::from(kid)),
        Value::String(s) => {
            s.parse::<u16>().ok() == Some(kid)
                || (s.len() == 4 && u16::from_str_radix(s, 16).ok() == Some(kid))
        }
        _ => false,
    }
}

fn unix_time(payload: &Value, field: &'static str) -> Result<OffsetDateTime, SignedListError> {
    payload
        .get(field)
        .and_then(Value::as_i64)
        .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
        .ok_or(SignedListError::Payload(field))
}

/// Checks a trust list JWS against the trust `anchor` and reads it.
pub fn open_trust_list(jws: &str, anchor: &PublicKey) -> Result<SignedTrustList, SignedListError> {
    let parsed = UnverifiedJws::parse(jws.trim(), TRUST_LIST_JWT_TYP)?;
    if let Some(jwk) = parsed.header.get("jwk") {
        let named = public_key_from_jwk(jwk).map_err(|_| SignedListError::Payload("jwk"))?;
        if named != *anchor {
            return Err(SignedListError::AnchorMismatch);
        }
    }
    parsed.verify(anchor).map_err(|e| match e {
        JwsError::Signature => SignedListError::AnchorMismatch,
        e => SignedListError::Jws(e),
    })?;
    let issued_at = unix_time(&parsed.payload, "iat")?;
    let trust_list: TrustList = parsed
        .payload
        .get("trust_list")
        .cloned()
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or(SignedListError::Payload("trust_list"))?;
    let mut status_list_urls = BTreeMap::new();
    let map = ["status_lists", "status_list_urls", "status_list_uris"]
        .iter()
        .find_map(|name| parsed.payload.get(*name).and_then(Value::as_object));
    if let Some(map) = map {
        for issuer in &trust_list.issuers {
            let url = map.iter().find_map(|(key, url)| {
                names_kid(&Value::String(key.clone()), issuer.kid)
                    .then(|| url.as_str())
                    .flatten()
            });
            if let Some(url) = url {
                status_list_urls.insert(issuer.kid, url.to_owned());
            }
        }
    }
    Ok(SignedTrustList {
        trust_list,
        issued_at,
        status_list_urls,
    })
}

/// Checks a status list token for issuer key `kid` against the key the
/// trust list gives for it, and reads it.
pub fn open_status_list(
    jws: &str,
    kid: u16,
    trust: &TrustList,
) -> Result<StatusList, SignedListError> {
    let parsed = UnverifiedJws::parse(jws.trim(), STATUS_LIST_JWT_TYP)?;
    match parsed.header.get("kid") {
        Some(value) if names_kid(value, kid) => {}
        _ => return Err(SignedListError::WrongKid),
    }
    let keys: Vec<&PublicKey> = trust
        .issuers
        .iter()
        .filter(|i| i.kid == kid)
        .map(|i| &i.public_key)
        .collect();
    if keys.is_empty() {
        return Err(SignedListError::UnknownIssuerKey(kid));
    }
    if !keys.iter().any(|key| parsed.verify(key).is_ok()) {
        return Err(SignedListError::Jws(JwsError::Signature));
    }
    let issued_at = unix_time(&parsed.payload, "iat")?;
    let body = parsed
        .payload
        .get("status_list")
        .ok_or(SignedListError::Payload("status_list"))?;
    let bits = body
        .get("bits")
        .and_then(Value::as_u64)
        .and_then(|b| u8::try_from(b).ok())
        .ok_or(SignedListError::Payload("bits"))?;
    let lst = body
        .get("lst")
        .and_then(Value::as_str)
        .ok_or(SignedListError::Payload("lst"))?;
    Ok(StatusList::from_lst(kid, bits, lst, issued_at)?)
}
