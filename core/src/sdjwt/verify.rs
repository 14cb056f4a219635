//! Reading and checking an SD-JWT VC: its parts, the disclosures against
//! the signed digests, the registered claims, and the issuer's signature
//! by a key from the issuer's metadata or the trust list.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};
use time::{Duration, OffsetDateTime};
use zeroize::Zeroizing;

use super::disclosure::{self, Decoded};
use super::error::SdJwtError;
use super::{SD_ALG, SD_JWT_VC_TYP, StatusReference, document_type_of_vct};
use crate::keys::PublicKey;
use crate::oid4vci::{JwsError, UnverifiedJws, jwk, public_key_from_jwk};
use crate::trust::{TrustList, kid_text};

/// How far a verifier's clock may be behind the issuer's or the holder's:
/// an `iat` or `nbf` up to this far ahead is taken.
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// Claims the SD-JWT VC draft registers: they are read from the signed
/// payload and must never come from a disclosure.
const REGISTERED: [&str; 9] = [
    "iss",
    "nbf",
    "exp",
    "iat",
    "cnf",
    "vct",
    "vct#integrity",
    "status",
    "sub",
];

/// The parts of a compact SD-JWT: `<JWT>~<D1>~...~<Dn>~[<KB-JWT>]`.
pub(crate) struct Parts<'a> {
    pub jwt: &'a str,
    pub disclosures: Vec<&'a str>,
    /// The key binding JWT, if the text does not end in `~`.
    pub kb_jwt: Option<&'a str>,
    /// Everything up to and including the last `~`: what `sd_hash` covers.
    pub without_kb: &'a str,
}

pub(crate) fn split(text: &str) -> Result<Parts<'_>, SdJwtError> {
    let last = text
        .rfind('~')
        .ok_or(SdJwtError::Malformed("no ~ separator"))?;
    let without_kb = &text[..=last];
    let kb = &text[last + 1..];
    let mut pieces = text[..last].split('~');
    let jwt = pieces
        .next()
        .filter(|j| !j.is_empty())
        .ok_or(SdJwtError::Malformed("issuer-signed JWT"))?;
    let disclosures: Vec<&str> = pieces.collect();
    if disclosures.iter().any(|d| d.is_empty()) {
        return Err(SdJwtError::Malformed("an empty disclosure"));
    }
    Ok(Parts {
        jwt,
        disclosures,
        kb_jwt: (!kb.is_empty()).then_some(kb),
        without_kb,
    })
}

/// The payload with every disclosed claim put in its place, the digests
/// and `_sd_alg` removed; which disclosure gives which top-level claim.
pub(crate) struct Resolved {
    pub payload: Map<String, Value>,
    /// (claim name, disclosure text) of the top-level object properties.
    pub top_level: Vec<(String, String)>,
}

struct Resolver<'a> {
    by_digest: HashMap<String, (&'a str, Decoded)>,
    seen_digests: HashSet<String>,
    used: HashSet<String>,
    top_level: Vec<(String, String)>,
}

impl Resolver<'_> {
    fn object(&mut self, object: Map<String, Value>, top: bool) -> Result<Value, SdJwtError> {
        let mut out = Map::new();
        let mut digests = None;
        for (name, value) in object {
            match name.as_str() {
                "_sd" => digests = Some(value),
                "_sd_alg" if top => {}
                _ => {
                    let value = self.value(value)?;
                    out.insert(name, value);
                }
            }
        }
        let digests = match digests {
            None => Vec::new(),
            Some(Value::Array(items)) => items,
            Some(_) => return Err(SdJwtError::Malformed("_sd is not an array")),
        };
        for digest in digests {
            let Value::String(digest) = digest else {
                return Err(SdJwtError::Malformed("a digest in _sd is not a string"));
            };
            if !self.seen_digests.insert(digest.clone()) {
                return Err(SdJwtError::Duplicate);
            }
            // A digest no disclosure matches is undisclosed (or a decoy).
            let Some((text, decoded)) = self.by_digest.remove(&digest) else {
                continue;
            };
            let Decoded {
                name: Some(name),
                value,
            } = decoded
            else {
                return Err(SdJwtError::Disclosure);
            };
            if name == "_sd"
                || name == "..."
                || out.contains_key(&name)
                || (top && REGISTERED.contains(&name.as_str()))
            {
                return Err(SdJwtError::ClaimClash);
            }
            self.used.insert(digest);
            if top {
                self.top_level.push((name.clone(), text.to_owned()));
            }
            let value = self.value(value)?;
            out.insert(name, value);
        }
        Ok(Value::Object(out))
    }

    fn value(&mut self, value: Value) -> Result<Value, SdJwtError> {
        match value {
            Value::Object(object) => self.object(object, false),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    let digest = match &item {
                        Value::Object(o) if o.len() == 1 => o.get("...").and_then(Value::as_str),
                        _ => None,
                    };
                    let Some(digest) = digest.map(str::to_owned) else {
                        out.push(self.value(item)?);
                        continue;
                    };
                    if !self.seen_digests.insert(digest.clone()) {
                        return Err(SdJwtError::Duplicate);
                    }
                    let Some((_, decoded)) = self.by_digest.remove(&digest) else {
                        continue;
                    };
                    if decoded.name.is_some() {
                        return Err(SdJwtError::Disclosure);
                    }
                    self.used.insert(digest);
                    out.push(self.value(decoded.value)?);
                }
                Ok(Value::Array(out))
            }
            other => Ok(other),
        }
    }
}

/// Matches `disclosures` against the digests of `payload` (RFC 9901 §7.1):
/// every disclosure must match exactly one digest, no digest may appear
/// twice, no disclosure may repeat or clash with a claim.
pub(crate) fn resolve(payload: &Value, disclosures: &[&str]) -> Result<Resolved, SdJwtError> {
    let Value::Object(object) = payload else {
        return Err(SdJwtError::Malformed("the payload is not a JSON object"));
    };
    match object.get("_sd_alg") {
        None => {}
        Some(Value::String(alg)) if alg == SD_ALG => {}
        Some(_) => return Err(SdJwtError::DigestAlgorithm),
    }
    let mut by_digest = HashMap::with_capacity(disclosures.len());
    for text in disclosures {
        let decoded = disclosure::decode(text)?;
        if by_digest
            .insert(disclosure::digest(text), (*text, decoded))
            .is_some()
        {
            return Err(SdJwtError::Duplicate);
        }
    }
    let mut resolver = Resolver {
        by_digest,
        seen_digests: HashSet::new(),
        used: HashSet::new(),
        top_level: Vec::new(),
    };
    let Value::Object(payload) = resolver.object(object.clone(), true)? else {
        return Err(SdJwtError::Malformed("the payload is not a JSON object"));
    };
    if !resolver.by_digest.is_empty() {
        return Err(SdJwtError::Unreferenced);
    }
    Ok(Resolved {
        payload,
        top_level: resolver.top_level,
    })
}

/// The registered claims of an SD-JWT VC, read from its signed payload.
struct Registered {
    issuer: String,
    vct: String,
    issued_at: Option<OffsetDateTime>,
    not_before: Option<OffsetDateTime>,
    expires_at: OffsetDateTime,
    device_key: PublicKey,
    status: Option<StatusReference>,
}

fn time_claim(payload: &Value, name: &'static str) -> Result<Option<OffsetDateTime>, SdJwtError> {
    match payload.get(name) {
        None => Ok(None),
        Some(v) => v
            .as_i64()
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
            .map(Some)
            .ok_or(SdJwtError::Claim(name)),
    }
}

fn registered(payload: &Value) -> Result<Registered, SdJwtError> {
    let text = |name: &'static str| {
        payload
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .ok_or(SdJwtError::Claim(name))
    };
    let cnf = payload
        .get("cnf")
        .and_then(|c| c.get("jwk"))
        .ok_or(SdJwtError::Claim("cnf"))?;
    if cnf.get("d").is_some() {
        return Err(SdJwtError::Claim("cnf"));
    }
    Ok(Registered {
        issuer: text("iss")?,
        vct: text("vct")?,
        issued_at: time_claim(payload, "iat")?,
        not_before: time_claim(payload, "nbf")?,
        expires_at: time_claim(payload, "exp")?.ok_or(SdJwtError::Claim("exp"))?,
        device_key: public_key_from_jwk(cnf).map_err(|_| SdJwtError::Claim("cnf"))?,
        status: payload
            .get("status")
            .map(StatusReference::from_claim)
            .transpose()?,
    })
}

fn parse_jwt(jwt: &str) -> Result<UnverifiedJws, SdJwtError> {
    let jws = UnverifiedJws::parse(jwt, SD_JWT_VC_TYP).map_err(|e| match e {
        JwsError::Header(field) => SdJwtError::Header(field),
        _ => SdJwtError::Malformed("issuer-signed JWT"),
    })?;
    if jws.header.get("crit").is_some() {
        return Err(SdJwtError::Header("crit"));
    }
    Ok(jws)
}

/// An SD-JWT VC as the holder keeps it: the issuer-signed JWT with every
/// disclosure, as issued. Its `Debug` shows the type, the expiry and the
/// claim names, never a value or a salt; the text is wiped on drop.
#[derive(Clone)]
pub struct SdJwtVc {
    text: Zeroizing<String>,
    vct: String,
    issuer: String,
    expires_at: OffsetDateTime,
    device_key: PublicKey,
    status: Option<StatusReference>,
    /// (claim name, disclosure) of every top-level disclosed claim, in the
    /// credential's order.
    pub(crate) disclosures: Vec<(String, Zeroizing<String>)>,
    /// The issuer-signed JWT's length in `text`.
    pub(crate) jwt_len: usize,
}

impl std::fmt::Debug for SdJwtVc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SdJwtVc")
            .field("vct", &self.vct)
            .field("expires_at", &self.expires_at)
            .field("claims", &self.claim_names())
            .finish_non_exhaustive()
    }
}

impl SdJwtVc {
    /// Reads an issued SD-JWT VC (no key binding JWT): its parts, the
    /// disclosures against the digests, the registered claims. The issuer's
    /// signature is not checked here ([`verify`] does).
    pub fn parse(text: &str) -> Result<Self, SdJwtError> {
        let parts = split(text)?;
        if parts.kb_jwt.is_some() {
            return Err(SdJwtError::Malformed(
                "an issued credential has a key binding JWT",
            ));
        }
        let jws = parse_jwt(parts.jwt)?;
        let mut resolved = resolve(&jws.payload, &parts.disclosures)?;
        let reg = registered(&jws.payload)?;
        // The credential's order is the disclosures' order in the text.
        resolved
            .top_level
            .sort_by_key(|(_, d)| parts.disclosures.iter().position(|p| p == d));
        Ok(Self {
            text: Zeroizing::new(text.to_owned()),
            vct: reg.vct,
            issuer: reg.issuer,
            expires_at: reg.expires_at,
            device_key: reg.device_key,
            status: reg.status,
            disclosures: resolved
                .top_level
                .into_iter()
                .map(|(name, d)| (name, Zeroizing::new(d)))
                .collect(),
            jwt_len: parts.jwt.len(),
        })
    }

    /// The compact text, `<JWT>~<D1>~...~<Dn>~`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The issuer-signed JWT alone.
    pub fn issuer_signed_jwt(&self) -> &str {
        &self.text[..self.jwt_len]
    }

    /// `vct`.
    pub fn vct(&self) -> &str {
        &self.vct
    }

    /// `iss`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// `exp`.
    pub fn expires_at(&self) -> OffsetDateTime {
        self.expires_at
    }

    /// `cnf.jwk`: the device key it is bound to.
    pub fn device_key(&self) -> PublicKey {
        self.device_key
    }

    /// `status.status_list`.
    pub fn status(&self) -> Option<&StatusReference> {
        self.status.as_ref()
    }

    /// The names of the selectively disclosable claims, in order.
    pub fn claim_names(&self) -> Vec<&str> {
        self.disclosures.iter().map(|(n, _)| n.as_str()).collect()
    }
}

/// Where a verifier finds the issuer's keys.
pub trait IssuerKeys {
    /// The key that signs credentials of type `vct` for `issuer` under key
    /// id `kid`, trusted at `at`.
    fn key(
        &self,
        issuer: &str,
        kid: Option<&str>,
        vct: &str,
        at: OffsetDateTime,
    ) -> Option<PublicKey>;
}

/// An issuer's JWT VC Issuer Metadata (draft-ietf-oauth-sd-jwt-vc §5), as
/// served at `/.well-known/jwt-vc-issuer`: its identifier and its keys
/// (`jwks`), each with a `kid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtVcIssuerMetadata {
    /// `issuer`: must equal the credentials' `iss`.
    pub issuer: String,
    /// (`kid`, key) of each P-256 key of `jwks`.
    pub keys: Vec<(String, PublicKey)>,
}

impl JwtVcIssuerMetadata {
    /// The metadata of `issuer` with keys `(kid, key)`.
    pub fn new(issuer: &str, keys: &[(u16, PublicKey)]) -> Self {
        Self {
            issuer: issuer.to_owned(),
            keys: keys.iter().map(|(kid, k)| (kid_text(*kid), *k)).collect(),
        }
    }

    /// `{"issuer": .., "jwks": {"keys": [{kty, crv, x, y, kid, alg, use}]}}`.
    pub fn to_json(&self) -> Result<Value, SdJwtError> {
        let mut keys = Vec::with_capacity(self.keys.len());
        for (kid, key) in &self.keys {
            let mut jwk = jwk(key)?;
            if let Value::Object(o) = &mut jwk {
                o.insert("kid".into(), kid.as_str().into());
                o.insert("alg".into(), "ES256".into());
                o.insert("use".into(), "sig".into());
            }
            keys.push(jwk);
        }
        Ok(serde_json::json!({ "issuer": self.issuer, "jwks": { "keys": keys } }))
    }

    /// Reads the metadata; keys that are not P-256 or have no `kid` are
    /// left out (an SD-JWT VC here names its key by `kid`).
    pub fn from_json(value: &Value) -> Result<Self, SdJwtError> {
        let issuer = value
            .get("issuer")
            .and_then(Value::as_str)
            .ok_or(SdJwtError::Malformed("issuer metadata without issuer"))?
            .to_owned();
        let keys = value
            .get("jwks")
            .and_then(|j| j.get("keys"))
            .and_then(Value::as_array)
            .ok_or(SdJwtError::Malformed("issuer metadata without jwks"))?
            .iter()
            .filter(|k| k.get("d").is_none())
            .filter_map(|k| {
                let kid = k.get("kid")?.as_str()?.to_owned();
                Some((kid, public_key_from_jwk(k).ok()?))
            })
            .collect();
        Ok(Self { issuer, keys })
    }
}

impl IssuerKeys for JwtVcIssuerMetadata {
    fn key(
        &self,
        issuer: &str,
        kid: Option<&str>,
        _vct: &str,
        _at: OffsetDateTime,
    ) -> Option<PublicKey> {
        if issuer != self.issuer {
            return None;
        }
        let kid = kid?;
        self.keys
            .iter()
            .find(|(k, _)| k == kid)
            .map(|(_, key)| *key)
    }
}

/// The keys of the trust list, for credentials whose `iss` is `issuer`:
/// the key with the credential's `kid`, trusted for the document type of
/// its `vct` at the time of the check.
pub struct TrustedKeys<'a> {
    /// The issuer identifier the trust list belongs to.
    pub issuer: &'a str,
    /// The verified trust list.
    pub trust: &'a TrustList,
}

impl IssuerKeys for TrustedKeys<'_> {
    fn key(
        &self,
        issuer: &str,
        kid: Option<&str>,
        vct: &str,
        at: OffsetDateTime,
    ) -> Option<PublicKey> {
        if issuer != self.issuer {
            return None;
        }
        let kid: u16 = kid?.parse().ok()?;
        let document = document_type_of_vct(vct)?;
        self.trust.find(kid, document, at).map(|t| t.public_key)
    }
}

/// A verified SD-JWT VC: its registered claims and the claims disclosed.
/// Its `Debug` shows the claim names only.
#[derive(Clone, PartialEq)]
pub struct VerifiedSdJwtVc {
    /// `iss`.
    pub issuer: String,
    /// The header's `kid`.
    pub kid: Option<String>,
    /// `vct`.
    pub vct: String,
    /// `iat`.
    pub issued_at: Option<OffsetDateTime>,
    /// `exp`.
    pub expires_at: OffsetDateTime,
    /// `cnf.jwk`.
    pub device_key: PublicKey,
    /// `status.status_list`, to look up in the issuer's status list.
    pub status: Option<StatusReference>,
    /// The disclosed claims (and any other the issuer put in plain), by
    /// name, with their JSON values; registered claims are left out.
    pub claims: Map<String, Value>,
}

impl std::fmt::Debug for VerifiedSdJwtVc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedSdJwtVc")
            .field("issuer", &self.issuer)
            .field("vct", &self.vct)
            .field("expires_at", &self.expires_at)
            .field("claims", &self.claims.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Verifies the issued part of `text` (an SD-JWT VC, or a presentation of
/// one, whose key binding JWT is not looked at here): the header (ES256,
/// `typ` dc+sd-jwt, no `crit`), the issuer's signature by the key `keys`
/// give for its `iss`, `kid` and `vct`, the disclosures against the
/// digests, and `exp`, `nbf`, `iat` against `now` (with [`CLOCK_SKEW`]).
pub fn verify(
    text: &str,
    keys: &dyn IssuerKeys,
    now: OffsetDateTime,
) -> Result<VerifiedSdJwtVc, SdJwtError> {
    let parts = split(text)?;
    verify_parts(&parts, keys, now)
}

pub(crate) fn verify_parts(
    parts: &Parts<'_>,
    keys: &dyn IssuerKeys,
    now: OffsetDateTime,
) -> Result<VerifiedSdJwtVc, SdJwtError> {
    let jws = parse_jwt(parts.jwt)?;
    let reg = registered(&jws.payload)?;
    let kid = jws
        .header
        .get("kid")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let key = keys
        .key(&reg.issuer, kid.as_deref(), &reg.vct, now)
        .ok_or(SdJwtError::UnknownKey)?;
    jws.verify(&key).map_err(|_| SdJwtError::Signature)?;
    let resolved = resolve(&jws.payload, &parts.disclosures)?;
    if reg.expires_at <= now {
        return Err(SdJwtError::Expired);
    }
    if reg
        .not_before
        .into_iter()
        .chain(reg.issued_at)
        .any(|t| t > now + CLOCK_SKEW)
    {
        return Err(SdJwtError::NotYetValid);
    }
    let mut claims = resolved.payload;
    for name in REGISTERED {
        claims.remove(name);
    }
    Ok(VerifiedSdJwtVc {
        issuer: reg.issuer,
        kid,
        vct: reg.vct,
        issued_at: reg.issued_at,
        expires_at: reg.expires_at,
        device_key: reg.device_key,
        status: reg.status,
        claims,
    })
}
