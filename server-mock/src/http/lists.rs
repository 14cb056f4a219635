//! What verifiers sync: the trust list, the trust anchor, the status lists.
//! Lists carry a strong ETag and `Cache-Control: max-age`; `If-None-Match`
//! with the current ETag gets 304.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};

use super::{IssuerBase, Routes};
use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::{status, trust};

pub fn routes() -> Routes {
    Routes::new()
        .get("/trust-list", trust_list)
        .get("/trust-anchor", trust_anchor)
        .get("/status-lists/{kid}", status_list)
}

async fn trust_list(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
    headers: HeaderMap,
) -> Result<Response> {
    let name = state.config.issuer_name.clone();
    let validity = state.config.credential_validity;
    let jws = state
        .db
        .run(move |conn| trust::token(conn, &base, &name, validity))
        .await?;
    Ok(cacheable(&state, &headers, jws, "application/jwt"))
}

async fn trust_anchor(State(state): State<Arc<AppState>>) -> Result<Response> {
    let jwk = state.db.run(|conn| trust::anchor_jwk(conn)).await?;
    Ok(axum::Json(jwk).into_response())
}

async fn status_list(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
    Path(kid): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let kid: u16 = kid
        .parse()
        .map_err(|_| Error::not_found("no status list for this key id"))?;
    let ttl = state.config.ttl;
    let jws = state
        .db
        .run(move |conn| status::token(conn, kid, &base, db::now_ms(), &ttl))
        .await?
        .ok_or_else(|| Error::not_found("no status list for this key id"))?;
    Ok(cacheable(
        &state,
        &headers,
        jws,
        "application/statuslist+jwt",
    ))
}

/// A strong ETag: a digest of the exact bytes.
fn etag(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    format!("\"{}\"", URL_SAFE_NO_PAD.encode(&digest[..18]))
}

/// Whether `If-None-Match` names `tag` (or `*`).
fn not_modified(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == tag || t == "*")
}

fn cacheable(
    state: &AppState,
    headers: &HeaderMap,
    body: String,
    content_type: &'static str,
) -> Response {
    let tag = etag(&body);
    let max_age = format!("max-age={}", state.config.ttl.list_max_age.as_secs());
    let mut response = if not_modified(headers, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = body.into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        r
    };
    let out = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        out.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&max_age) {
        out.insert(header::CACHE_CONTROL, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_forms() {
        let tag = etag("x");
        let mut h = HeaderMap::new();
        assert!(!not_modified(&h, &tag));
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&format!("\"a\", W/{tag}"))
                .unwrap_or(HeaderValue::from_static("")),
        );
        assert!(not_modified(&h, &tag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert!(!not_modified(&h, &tag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(not_modified(&h, &tag));
    }
}
