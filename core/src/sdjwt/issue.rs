//! The issuer's side: claims -> disclosures and a signed payload.

use serde_json::{Map, Value, json};
use time::{Duration, OffsetDateTime};
use zeroize::Zeroizing;

use super::disclosure;
use super::error::SdJwtError;
use super::verify::SdJwtVc;
use super::{SD_ALG, SD_JWT_VC_TYP, StatusReference, kinds, vct};
use crate::claims::Claim;
use crate::document::Document;
use crate::error::ProofError;
use crate::issuer::{VIETNAM, claims_for};
use crate::keys::{IssuerKey, PublicKey};
use crate::oid4vci::{jwk, sign_with_issuer};
use crate::trust::kid_text;

/// Everything about an SD-JWT VC but its claims.
pub struct Issuance<'a> {
    /// The issuer identifier (`iss`): the credential issuer's URL.
    pub issuer: &'a str,
    /// The signing key; its key id goes in the header's `kid`.
    pub key: &'a IssuerKey,
    /// The device key the credential is bound to (`cnf.jwk`).
    pub device_key: PublicKey,
    /// Its entry in the issuer's status list.
    pub status: StatusReference,
    /// `iat`.
    pub issued_at: OffsetDateTime,
    /// `exp`.
    pub expires_at: OffsetDateTime,
}

/// Issues an SD-JWT VC of type `vct` with every claim of `claims` (in that
/// order) selectively disclosable, each under its machine name
/// ([`crate::claims::ClaimId::name`]) with its JSON value
/// ([`crate::claims::ClaimValue::to_json`]). `_sd` lists the digests
/// sorted, so that their order tells nothing.
pub fn issue(vct: &str, claims: &[Claim], how: &Issuance<'_>) -> Result<SdJwtVc, SdJwtError> {
    if how.expires_at <= how.issued_at {
        return Err(SdJwtError::Document(ProofError::Expired));
    }
    let mut disclosures: Vec<Zeroizing<String>> = Vec::with_capacity(claims.len());
    for claim in claims {
        let name = claim.id.name();
        disclosures.push(disclosure::object_property(&name, &claim.value.to_json())?);
    }
    let mut digests: Vec<String> = disclosures.iter().map(|d| disclosure::digest(d)).collect();
    digests.sort_unstable();
    let mut payload = Map::new();
    payload.insert("iss".into(), how.issuer.into());
    payload.insert("iat".into(), how.issued_at.unix_timestamp().into());
    payload.insert("exp".into(), how.expires_at.unix_timestamp().into());
    payload.insert("vct".into(), vct.into());
    payload.insert("cnf".into(), json!({ "jwk": jwk(&how.device_key)? }));
    payload.insert("status".into(), how.status.to_claim());
    payload.insert("_sd_alg".into(), SD_ALG.into());
    payload.insert("_sd".into(), digests.into());
    let header = json!({ "typ": SD_JWT_VC_TYP, "kid": kid_text(how.key.kid()) });
    let jwt = sign_with_issuer(header, &Value::Object(payload), how.key).map_err(|e| match e {
        crate::oid4vci::JwsError::Key(k) => SdJwtError::Key(k),
        _ => SdJwtError::Malformed("issuer-signed JWT"),
    })?;
    let mut text = Zeroizing::new(String::with_capacity(
        jwt.len() + disclosures.iter().map(|d| d.len() + 1).sum::<usize>() + 1,
    ));
    text.push_str(&jwt);
    text.push('~');
    for d in &disclosures {
        text.push_str(d);
        text.push('~');
    }
    SdJwtVc::parse(&text)
}

/// The type and claims of `document`'s SD-JWT VC on `today` (Vietnam's
/// date), and the last moment it may be valid: the document's end, and for
/// `age_over_N` the birthday that would change the answer. The claims are
/// those of the COSE credential kinds [`super::kinds`] lists, in their slot
/// order.
pub fn document_claims(
    document: &Document,
    today: time::Date,
) -> Result<(&'static str, Vec<Claim>, Option<OffsetDateTime>), SdJwtError> {
    let document_type = document.document_type();
    let mut claims = Vec::new();
    let mut end: Option<OffsetDateTime> = None;
    for kind in kinds(document_type) {
        let (values, kind_end) = claims_for(kind, document, today)?;
        claims.extend(
            kind.slots()
                .into_iter()
                .zip(values)
                .map(|(id, value)| Claim { id, value }),
        );
        end = match (end, kind_end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    Ok((vct(document_type), claims, end))
}

/// Issues `document`'s SD-JWT VC at `now`, valid for `validity` at most and
/// never past [`document_claims`]'s end; `how.issued_at` and
/// `how.expires_at` are set here.
pub fn issue_document(
    document: &Document,
    mut how: Issuance<'_>,
    now: OffsetDateTime,
    validity: Duration,
) -> Result<SdJwtVc, SdJwtError> {
    let (vct, claims, end) = document_claims(document, now.to_offset(VIETNAM).date())?;
    let cap = now + validity;
    how.issued_at = now;
    how.expires_at = end.map_or(cap, |end| end.min(cap));
    issue(vct, &claims, &how)
}
