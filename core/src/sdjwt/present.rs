//! Presentations: the holder picks disclosures and signs a key binding JWT
//! with the credential's device key; the verifier checks both.

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};
use zeroize::Zeroizing;

use super::KB_JWT_TYP;
use super::disclosure;
use super::error::{KeyBindingError, SdJwtError};
use super::verify::{CLOCK_SKEW, IssuerKeys, SdJwtVc, VerifiedSdJwtVc, split, verify_parts};
use crate::keys::DeviceSigner;
use crate::oid4vci::{JwsError, UnverifiedJws, sign_with_device};

impl SdJwtVc {
    /// A presentation disclosing the claims `names` (machine names, in any
    /// order; the credential's order is kept) to `audience` for its
    /// `nonce`, made at `at`, with a key binding JWT signed by `signer`,
    /// which must hold the credential's device key:
    /// `<JWT>~<chosen disclosures>~<KB-JWT>`.
    pub fn present(
        &self,
        names: &[&str],
        audience: &str,
        nonce: &str,
        at: OffsetDateTime,
        signer: &dyn DeviceSigner,
    ) -> Result<Zeroizing<String>, SdJwtError> {
        if let Some(missing) = names
            .iter()
            .find(|n| !self.disclosures.iter().any(|(name, _)| name == *n))
        {
            return Err(SdJwtError::NoSuchClaim((*missing).to_owned()));
        }
        if signer.public_key()? != self.device_key() {
            return Err(SdJwtError::KeyMismatch);
        }
        let mut text = Zeroizing::new(String::with_capacity(self.as_str().len() + 200));
        text.push_str(self.issuer_signed_jwt());
        text.push('~');
        for (name, d) in &self.disclosures {
            if names.contains(&name.as_str()) {
                text.push_str(d);
                text.push('~');
            }
        }
        let payload = json!({
            "iat": at.unix_timestamp(),
            "aud": audience,
            "nonce": nonce,
            "sd_hash": disclosure::digest(&text),
        });
        let kb =
            sign_with_device(json!({ "typ": KB_JWT_TYP }), &payload, signer).map_err(
                |e| match e {
                    JwsError::Key(k) => SdJwtError::Key(k),
                    _ => SdJwtError::Malformed("key binding JWT"),
                },
            )?;
        text.push_str(&kb);
        Ok(text)
    }
}

/// What a verifier expects of a presentation's key binding.
#[derive(Debug, Clone, Copy)]
pub struct KeyBindingCheck<'a> {
    /// The verifier's identifier, as the holder was told it (`aud`).
    pub audience: &'a str,
    /// The nonce the verifier sent for this presentation.
    pub nonce: &'a str,
    /// The verifier's time.
    pub now: OffsetDateTime,
    /// How old a key binding JWT may be (`iat`); it may also be up to
    /// [`CLOCK_SKEW`] ahead.
    pub max_age: Duration,
}

/// A verified presentation: the credential with the disclosed claims, and
/// when the holder signed it.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedPresentation {
    /// The credential, with only the disclosed claims.
    pub credential: VerifiedSdJwtVc,
    /// The key binding JWT's `iat`.
    pub presented_at: OffsetDateTime,
}

/// Verifies a presentation: the credential as [`super::verify`] does, then
/// its key binding JWT (required): ES256 by the credential's `cnf` key,
/// `typ` kb+jwt, no `crit`, the expected `nonce` and `aud`, an `iat` within
/// `check.max_age` before `check.now` (or [`CLOCK_SKEW`] after), and an
/// `sd_hash` over this very SD-JWT with these disclosures.
pub fn verify_presentation(
    text: &str,
    keys: &dyn IssuerKeys,
    check: &KeyBindingCheck<'_>,
) -> Result<VerifiedPresentation, SdJwtError> {
    let parts = split(text)?;
    let credential = verify_parts(&parts, keys, check.now)?;
    let kb = parts.kb_jwt.ok_or(KeyBindingError::Missing)?;
    let jws = UnverifiedJws::parse(kb, KB_JWT_TYP).map_err(|_| KeyBindingError::Malformed)?;
    if jws.header.get("crit").is_some() {
        return Err(KeyBindingError::Malformed.into());
    }
    jws.verify(&credential.device_key)
        .map_err(|_| KeyBindingError::Signature)?;
    let claim = |name: &str| jws.payload.get(name).and_then(Value::as_str);
    if claim("nonce") != Some(check.nonce) {
        return Err(KeyBindingError::Nonce.into());
    }
    if claim("aud") != Some(check.audience) {
        return Err(KeyBindingError::Audience.into());
    }
    let presented_at = jws
        .payload
        .get("iat")
        .and_then(Value::as_i64)
        .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
        .ok_or(KeyBindingError::IssuedAt)?;
    if presented_at < check.now - check.max_age || presented_at > check.now + CLOCK_SKEW {
        return Err(KeyBindingError::IssuedAt.into());
    }
    if claim("sd_hash") != Some(disclosure::digest(parts.without_kb).as_str()) {
        return Err(KeyBindingError::SdHash.into());
    }
    Ok(VerifiedPresentation {
        credential,
        presented_at,
    })
}
