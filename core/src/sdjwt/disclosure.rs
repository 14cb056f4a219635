//! Disclosures: `base64url(JSON [salt, name, value])`, and the digest the
//! issuer signs in `_sd` (base64url of SHA-256 over the disclosure's text).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use super::error::SdJwtError;
use crate::keys::random_bytes;

/// Bytes of salt per disclosure: 128 bits, as the specification asks.
pub const SALT_LEN: usize = 16;

/// The digest of a disclosure as it appears in `_sd`: base64url of
/// SHA-256 over the disclosure's base64url text (its ASCII bytes).
pub fn digest(disclosure: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(disclosure.as_bytes()))
}

/// A new disclosure of claim `name` with `value` under a fresh random salt.
pub fn object_property(name: &str, value: &Value) -> Result<Zeroizing<String>, SdJwtError> {
    let mut salt = Zeroizing::new([0u8; SALT_LEN]);
    random_bytes(&mut salt[..])?;
    let salt = Zeroizing::new(URL_SAFE_NO_PAD.encode(&salt[..]));
    let array = json!([salt.as_str(), name, value]);
    let text = Zeroizing::new(
        serde_json::to_string(&array).map_err(|_| SdJwtError::Malformed("disclosure"))?,
    );
    Ok(Zeroizing::new(URL_SAFE_NO_PAD.encode(text.as_bytes())))
}

/// A disclosure read back: an object property (`name` set) or an array
/// element (`name` none).
pub(crate) struct Decoded {
    pub name: Option<String>,
    pub value: Value,
}

/// Reads a disclosure: a JSON array of a string salt, then a string name
/// and the value, or only the value (an array element).
pub(crate) fn decode(disclosure: &str) -> Result<Decoded, SdJwtError> {
    let bytes = Zeroizing::new(
        URL_SAFE_NO_PAD
            .decode(disclosure)
            .map_err(|_| SdJwtError::Disclosure)?,
    );
    let array: Value = serde_json::from_slice(&bytes).map_err(|_| SdJwtError::Disclosure)?;
    let Value::Array(mut items) = array else {
        return Err(SdJwtError::Disclosure);
    };
    if !items.first().is_some_and(Value::is_string) {
        return Err(SdJwtError::Disclosure);
    }
    match items.len() {
        3 => {
            let value = items.pop().unwrap_or(Value::Null);
            let Some(Value::String(name)) = items.pop() else {
                return Err(SdJwtError::Disclosure);
            };
            Ok(Decoded {
                name: Some(name),
                value,
            })
        }
        2 => Ok(Decoded {
            name: None,
            value: items.pop().unwrap_or(Value::Null),
        }),
        _ => Err(SdJwtError::Disclosure),
    }
}
