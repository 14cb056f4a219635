//! The trust list: every issuer key, active or retired, signed by the trust
//! anchor.
//!
//! ```text
//! header  {"typ": "vidi-trust-list+jwt", "alg": "ES256",
//!          "jwk": <the anchor's public JWK>, "kid": <its RFC 7638 thumbprint>}
//! payload {"iat": <when the keys last changed>,
//!          "trust_list": <vidi_core::trust::TrustList>,
//!          "status_lists": {"<kid>": "<base>/status-lists/<kid>", ...}}
//! ```
//!
//! A retired key stays trusted until `retired_at + credential validity`, so
//! the credentials it signed keep verifying until they expire.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde_json::{Value, json};
use vidi_core::document::DocumentType;
use vidi_core::oid4vci::{TRUST_LIST_JWT_TYP, jwk, sign_with_issuer};
use vidi_core::trust::{TrustList, TrustedIssuer};

use crate::db;
use crate::error::Result;
use crate::keys::{self, KeyInfo};
use crate::status;

/// A key is trusted from this long before it was made: a verifier's clock
/// may run behind the issuer's.
const CLOCK_SLACK: time::Duration = time::Duration::minutes(5);

fn entry(info: &KeyInfo, issuer_name: &str, validity: time::Duration) -> TrustedIssuer {
    let whole_seconds = |ms: i64| db::time_of(ms / 1000 * 1000);
    TrustedIssuer {
        kid: info.kid,
        name: issuer_name.to_owned(),
        public_key: info.public_key,
        document_types: DocumentType::ALL.to_vec(),
        valid_from: whole_seconds(info.created_at) - CLOCK_SLACK,
        valid_until: info.retired_at.map(|at| whole_seconds(at) + validity),
    }
}

fn anchor_created_at(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT created_at FROM trust_anchor WHERE id = 1",
        [],
        |r| r.get(0),
    )?)
}

/// The trust list, with the facility registry.
pub fn trust_list(
    conn: &Connection,
    issuer_name: &str,
    validity: time::Duration,
) -> Result<TrustList> {
    Ok(TrustList {
        issuers: keys::all(conn)?
            .iter()
            .map(|info| entry(info, issuer_name, validity))
            .collect(),
        // The first-care facilities of the seeded citizens' health cards:
        // format 2's `hospital` proofs carry only the code.
        facilities: vidi_core::document::citizens::facility_registry(&crate::citizens::all(conn)?),
        // The key that registers online services (the mock relying party's
        // verifier attestation), trusted from the anchor's making.
        attesters: vec![crate::rp::trusted_attester(
            &keys::anchor(conn)?,
            db::time_of(anchor_created_at(conn)? / 1000 * 1000) - CLOCK_SLACK,
        )?],
    })
}

/// The JWT VC Issuer Metadata for issuer identifier `base`
/// (`/.well-known/jwt-vc-issuer`): `issuer` and `jwks`, the keys still
/// trusted at `now` (the active one and the retired ones whose credentials
/// may still live), each with its `kid` as SD-JWT VC headers carry it.
pub fn jwt_vc_issuer_metadata(
    conn: &Connection,
    base: &str,
    validity: time::Duration,
    now: i64,
) -> Result<Value> {
    let at = db::time_of(now);
    let keys: Vec<(u16, vidi_core::keys::PublicKey)> = keys::all(conn)?
        .iter()
        .map(|info| entry(info, "", validity))
        .filter(|e| e.valid_until.is_none_or(|until| at <= until))
        .map(|e| (e.kid, e.public_key))
        .collect();
    Ok(vidi_core::sdjwt::JwtVcIssuerMetadata::new(base, &keys).to_json()?)
}

/// The anchor's public JWK, with `kid` (its thumbprint), `alg` and `use`.
pub fn anchor_jwk(conn: &Connection) -> Result<Value> {
    let public = keys::anchor(conn)?.public_key();
    let mut value = jwk(&public)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("kid".into(), keys::jwk_thumbprint(&public)?.into());
        object.insert("alg".into(), "ES256".into());
        object.insert("use".into(), "sig".into());
    }
    Ok(value)
}

/// The signed trust list for issuer identifier `base`.
pub fn token(
    conn: &Connection,
    base: &str,
    issuer_name: &str,
    validity: time::Duration,
) -> Result<String> {
    let anchor = keys::anchor(conn)?;
    let list = trust_list(conn, issuer_name, validity)?;
    let urls: BTreeMap<String, String> = list
        .issuers
        .iter()
        .map(|i| (i.kid.to_string(), status::list_url(base, i.kid)))
        .collect();
    let changed: i64 = db::meta(conn, keys::TRUST_LIST_CHANGED)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let payload = json!({
        "iat": changed / 1000,
        "trust_list": list,
        "status_lists": urls,
    });
    let public = anchor.public_key();
    let header = json!({
        "typ": TRUST_LIST_JWT_TYP,
        "jwk": jwk(&public)?,
        "kid": keys::jwk_thumbprint(&public)?,
    });
    Ok(sign_with_issuer(header, &payload, &anchor)?)
}
