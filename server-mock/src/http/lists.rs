//! What verifiers sync: the trust list, the trust anchor, the status lists.
//! Lists carry a strong ETag and `Cache-Control: max-age`; `If-None-Match`
//! with the current ETag gets 304.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{IssuerBase, Routes};
use crate::db;
use crate::error::{Error, Result};
use crate::list_cache::{List, Signed};
use crate::state::AppState;
use crate::trust;

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
    let signed = state
        .lists
        .get(&state.db, &state.signing, List::Trust, base, db::now_ms())
        .await?
        .ok_or_else(|| Error::internal("no trust list"))?;
    Ok(cacheable(&state, &headers, &signed, "application/jwt"))
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
    let signed = state
        .lists
        .get(
            &state.db,
            &state.signing,
            List::Status(kid),
            base,
            db::now_ms(),
        )
        .await?
        .ok_or_else(|| Error::not_found("no status list for this key id"))?;
    Ok(cacheable(
        &state,
        &headers,
        &signed,
        "application/statuslist+jwt",
    ))
}

/// Whether `If-None-Match` names `tag` (or `*`).
fn not_modified(headers: &HeaderMap, tag: &HeaderValue) -> bool {
    let tag = tag.as_bytes();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .flat_map(|v| v.as_bytes().split(|b| *b == b','))
        .map(|t| t.trim_ascii())
        .map(|t| t.strip_prefix(b"W/").unwrap_or(t))
        .any(|t| t == tag || t == b"*")
}

/// The stored list, or `304` when `If-None-Match` names its ETag: either
/// way nothing is signed, compressed or hashed here.
fn cacheable(
    state: &AppState,
    headers: &HeaderMap,
    signed: &Signed,
    content_type: &'static str,
) -> Response {
    let mut response = if not_modified(headers, &signed.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Response::new(Body::from(signed.body.clone()));
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        r
    };
    let out = response.headers_mut();
    out.insert(header::ETAG, signed.etag.clone());
    out.insert(header::CACHE_CONTROL, state.signing.cache_control.clone());
    response
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_forms() {
        let text = crate::list_cache::etag("x");
        let tag = HeaderValue::from_str(&text).unwrap();
        let mut h = HeaderMap::new();
        assert!(!not_modified(&h, &tag));
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&format!("\"a\", W/{text}"))
                .unwrap_or(HeaderValue::from_static("")),
        );
        assert!(not_modified(&h, &tag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert!(!not_modified(&h, &tag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(not_modified(&h, &tag));
    }
}
