//! The answer: made and encrypted by the wallet, opened and checked by the
//! service.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::dcql::DcqlQuery;
use super::jwe::{self, EcdhKey, JweError};
use super::{ResponseError, VerifiedRequest};
use crate::sdjwt::{IssuerKeys, KeyBindingCheck, VerifiedPresentation, verify_presentation};

/// The authorization response: one presentation per credential query id.
pub fn vp_token_payload(presentations: &BTreeMap<String, String>, state: &str) -> Value {
    let token: serde_json::Map<String, Value> = presentations
        .iter()
        .map(|(id, p)| (id.clone(), json!([p])))
        .collect();
    json!({ "vp_token": token, "state": state })
}

/// An error response (`access_denied` when the citizen refuses).
pub fn error_payload(error: &str, description: &str, state: &str) -> Value {
    json!({ "error": error, "error_description": description, "state": state })
}

/// Encrypts a response payload to the request's key (`direct_post.jwt`).
pub fn encrypt_response(payload: &Value, request: &VerifiedRequest) -> Result<String, JweError> {
    let body =
        zeroize::Zeroizing::new(serde_json::to_vec(payload).map_err(|_| JweError::Malformed)?);
    jwe::encrypt(
        &body,
        &request.response_key,
        request.response_kid.as_deref(),
        request.enc,
    )
}

/// What a service remembers of one presentation session.
pub struct ServiceSession<'a> {
    /// Its `client_id` (with prefix): the key binding's audience.
    pub client_id: &'a str,
    /// The nonce sent.
    pub nonce: &'a str,
    /// The state sent.
    pub state: &'a str,
    /// The query sent.
    pub query: &'a DcqlQuery,
    /// The session's response key.
    pub key: &'a EcdhKey,
    /// The service's time.
    pub now: OffsetDateTime,
    /// How old a key binding JWT may be.
    pub max_age: Duration,
}

/// One verified presentation, under its credential query id.
#[derive(Debug, Clone, PartialEq)]
pub struct Presented {
    /// The credential query id.
    pub id: String,
    /// The verified presentation: its credential's disclosed claims.
    pub presentation: VerifiedPresentation,
}

/// What the wallet answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Verified presentations, one per credential query, disclosing
    /// exactly the claims asked. Their status is the service's to check.
    Presented(Vec<Presented>),
    /// The wallet (or the citizen) declined.
    Declined {
        /// The OAuth error (`access_denied`, ...).
        error: String,
        /// Its description, printable and bounded.
        description: Option<String>,
    },
}

/// Opens and checks a `direct_post.jwt` response for `session`: it must
/// decrypt with the session's key, carry the session's `state`, answer
/// every credential query with one presentation of an asked `vct`, each
/// verified (issuer signature by `keys`, disclosures, key binding JWT
/// for this nonce and `client_id`, `iat` within `max_age`), disclosing
/// exactly the claims asked.
pub fn open_response(
    jwe_text: &str,
    session: &ServiceSession<'_>,
    keys: &dyn IssuerKeys,
) -> Result<Answer, ResponseError> {
    let body = jwe::decrypt(jwe_text, session.key)?;
    let payload: Value =
        serde_json::from_slice(&body).map_err(|_| ResponseError::Malformed("not JSON"))?;
    if payload.get("state").and_then(Value::as_str) != Some(session.state) {
        return Err(ResponseError::State);
    }
    if let Some(error) = payload.get("error").and_then(Value::as_str) {
        return Ok(Answer::Declined {
            error: crate::http::printable(error, 64),
            description: payload
                .get("error_description")
                .and_then(Value::as_str)
                .map(|d| crate::http::printable(d, 300)),
        });
    }
    let token = payload
        .get("vp_token")
        .and_then(Value::as_object)
        .ok_or(ResponseError::Malformed("vp_token"))?;
    if token
        .keys()
        .any(|id| !session.query.credentials.iter().any(|q| &q.id == id))
    {
        return Err(ResponseError::Query(
            "a presentation that was not asked for",
        ));
    }
    let check = KeyBindingCheck {
        audience: session.client_id,
        nonce: session.nonce,
        now: session.now,
        max_age: session.max_age,
    };
    let mut out = Vec::new();
    for q in &session.query.credentials {
        let list = token
            .get(&q.id)
            .and_then(Value::as_array)
            .ok_or(ResponseError::Query("a credential query is not answered"))?;
        let [Value::String(text)] = list.as_slice() else {
            return Err(ResponseError::Query("not one presentation per query"));
        };
        let presentation = verify_presentation(text, keys, &check).map_err(|error| {
            ResponseError::Presentation {
                id: q.id.clone(),
                error,
            }
        })?;
        if !q.meta.vct_values.contains(&presentation.credential.vct) {
            return Err(ResponseError::Vct(q.id.clone()));
        }
        let asked = q.claim_names();
        if let Some(claim) = asked
            .iter()
            .find(|c| !presentation.credential.claims.contains_key(**c))
        {
            return Err(ResponseError::MissingClaim {
                id: q.id.clone(),
                claim: (*claim).to_owned(),
            });
        }
        if let Some(claim) = presentation
            .credential
            .claims
            .keys()
            .find(|c| !asked.contains(&c.as_str()))
        {
            return Err(ResponseError::ExtraClaim {
                id: q.id.clone(),
                claim: claim.clone(),
            });
        }
        out.push(Presented {
            id: q.id.clone(),
            presentation,
        });
    }
    Ok(Answer::Presented(out))
}
