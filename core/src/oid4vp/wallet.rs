//! The wallet's side over HTTP: fetch the request, check it, match it to
//! the credentials held, and after the citizen's answer post the encrypted
//! response.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;
use time::OffsetDateTime;

use super::request::{RequestLink, VerifiedRequest, verify_request};
use super::response::{encrypt_response, error_payload, vp_token_payload};
use super::{PresentError, REQUEST_TYP, RequestError};
use crate::document::DocumentType;
use crate::http::trust::HttpTrust;
use crate::http::{Endpoint, Http, HttpError, printable};
use crate::oid4vci::OAuthError;
use crate::sdjwt::document_type_of_vct;
use crate::store::{DocumentId, Wallet};

/// How the wallet talks to services.
#[derive(Debug, Clone)]
pub struct PresentOptions {
    /// How long each request may take.
    pub timeout: Duration,
    /// Which HTTPS servers are trusted.
    pub trust: HttpTrust,
}

impl Default for PresentOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(20),
            trust: HttpTrust::platform(),
        }
    }
}

fn from_http(endpoint: Endpoint, e: HttpError) -> PresentError {
    match e {
        HttpError::Network(problem) => PresentError::Network { endpoint, problem },
        HttpError::Status(status, error) => PresentError::Refused {
            status: status.as_u16(),
            error: error.map(|o| OAuthError {
                error: printable(&o.error, 64),
                error_description: o.error_description.map(|d| printable(&d, 300)),
                vidi_reason: o.vidi_reason.map(|r| printable(&r, 64)),
                tries_left: None,
            }),
        },
        HttpError::Body(what) => PresentError::Protocol(what),
        HttpError::Url => PresentError::Request(RequestError::Link("not an HTTPS address")),
    }
}

fn http(options: &PresentOptions) -> Result<Http, PresentError> {
    Http::new(options.timeout, &options.trust)
        .map_err(|e| from_http(Endpoint::PresentationRequest, e))
}

/// The request object of `link`: in the link, or fetched from its
/// `request_uri`.
pub async fn fetch_request(
    link: &RequestLink,
    options: &PresentOptions,
) -> Result<String, PresentError> {
    match link {
        RequestLink::ByValue { request, .. } => Ok(request.clone()),
        RequestLink::ByReference { request_uri, .. } => {
            let accept = format!("application/{REQUEST_TYP}");
            let text = http(options)?
                .get_text(request_uri, &accept)
                .await
                .map_err(|e| from_http(Endpoint::PresentationRequest, e))?;
            Ok(text.trim().to_owned())
        }
    }
}

/// A credential the wallet would present for one credential query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentMatch {
    /// The credential query id.
    pub query_id: String,
    /// The document whose SD-JWT VC answers it.
    pub document: DocumentId,
    /// Its type.
    pub document_type: DocumentType,
    /// The claims to disclose (machine names), in the query's order.
    pub claims: Vec<String>,
}

/// What the citizen is asked to consent to: the checked request and the
/// credentials that would answer it.
#[derive(Debug, Clone, PartialEq)]
pub struct Consent {
    /// The checked request: who asks, for what, why.
    pub request: VerifiedRequest,
    /// One match per credential query, in the query's order.
    pub matches: Vec<ConsentMatch>,
    /// When the trust list the service was checked with was fetched.
    pub trust_fetched_at: OffsetDateTime,
}

/// Checks the request object `jws` of `link` with the wallet's trust list
/// at `now`, refuses one already answered, and finds for each credential
/// query a document whose live SD-JWT VC holds every claim asked.
/// Needs the wallet unlocked.
pub fn prepare(
    wallet: &Wallet,
    link: &RequestLink,
    jws: &str,
    now: OffsetDateTime,
) -> Result<Consent, PresentError> {
    let (trust, fetched_at) = wallet.kept_trust_list()?.ok_or(PresentError::NoTrustList)?;
    let request = verify_request(jws, link.client_id(), &trust, now)?;
    if wallet.request_answered(&request.client_id, &request.nonce)? {
        return Err(RequestError::Replayed.into());
    }
    let documents = wallet.list_documents()?;
    let mut matches = Vec::new();
    for query in &request.query.credentials {
        let asked = query.claim_names();
        let mut best_missing: Option<Vec<String>> = None;
        let mut found = None;
        for doc in &documents {
            let Some(vct) = query
                .meta
                .vct_values
                .iter()
                .find(|v| document_type_of_vct(v) == Some(doc.document_type))
            else {
                continue;
            };
            let live: Vec<_> = wallet
                .sd_jwt_credentials(&doc.id)?
                .into_iter()
                .filter(|h| {
                    h.credential.vct() == vct
                        && h.credential.expires_at() > now
                        && h.device_key.is_some()
                })
                .collect();
            let Some(held) = live.first() else { continue };
            let names = held.credential.claim_names();
            let missing: Vec<String> = asked
                .iter()
                .filter(|a| !names.contains(a))
                .map(|a| (*a).to_owned())
                .collect();
            if missing.is_empty() {
                found = Some(ConsentMatch {
                    query_id: query.id.clone(),
                    document: doc.id.clone(),
                    document_type: doc.document_type,
                    claims: asked.iter().map(|a| (*a).to_owned()).collect(),
                });
                break;
            }
            if best_missing
                .as_ref()
                .is_none_or(|b| missing.len() < b.len())
            {
                best_missing = Some(missing);
            }
        }
        match found {
            Some(m) => matches.push(m),
            None => {
                return Err(PresentError::NotHeld {
                    document: query.meta.vct_values.first().cloned().unwrap_or_default(),
                    missing: best_missing
                        .unwrap_or_else(|| asked.iter().map(|a| (*a).to_owned()).collect()),
                });
            }
        }
    }
    Ok(Consent {
        request,
        matches,
        trust_fetched_at: fetched_at,
    })
}

/// What happened once the answer was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresentOutcome {
    /// The claims were sent and the service took them; for the same
    /// device, it may give a page to return to.
    Sent {
        /// Where the browser goes next, when the service says.
        redirect_uri: Option<String>,
    },
    /// The citizen declined; the service was told.
    Declined,
}

/// Answers the request of `consent`: with `accept`, a presentation per
/// match (logged in the activity log: the service, the claims, when),
/// else `access_denied`. Either way the request counts as answered, and
/// the answer is encrypted to the service and posted to its
/// `response_uri`.
pub async fn answer(
    wallet: &mut Wallet,
    consent: &Consent,
    accept: bool,
    options: &PresentOptions,
    now: OffsetDateTime,
) -> Result<PresentOutcome, PresentError> {
    let request = &consent.request;
    if wallet.request_answered(&request.client_id, &request.nonce)? {
        return Err(RequestError::Replayed.into());
    }
    wallet.mark_request_answered(&request.client_id, &request.nonce, request.expires_at, now)?;
    let payload = if accept {
        let mut presentations = BTreeMap::new();
        for m in &consent.matches {
            let claims: Vec<&str> = m.claims.iter().map(String::as_str).collect();
            let text = wallet.present_sd_jwt_to(
                &m.document,
                &claims,
                &request.client_id,
                Some(&request.service_name.vi),
                &request.nonce,
                now,
            )?;
            presentations.insert(m.query_id.clone(), text.to_string());
        }
        vp_token_payload(&presentations, &request.state)
    } else {
        error_payload("access_denied", "the citizen declined", &request.state)
    };
    let jwe = encrypt_response(&payload, request)?;
    let reply: Value = http(options)?
        .post_form(&request.response_uri, &[("response", jwe.as_str())])
        .await
        .map_err(|e| from_http(Endpoint::PresentationResponse, e))?;
    if !accept {
        return Ok(PresentOutcome::Declined);
    }
    let redirect_uri = reply
        .get("redirect_uri")
        .and_then(Value::as_str)
        .filter(|u| crate::http::allowed_url(u).is_some())
        .map(str::to_owned);
    Ok(PresentOutcome::Sent { redirect_uri })
}
