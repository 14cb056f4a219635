//! The admin API: open on a loopback listener without a token; with an
//! admin token configured (required off loopback), every route asks for
//! `Authorization: Bearer <token>`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::de::DeserializeOwned;

use super::{IssuerBase, Routes, bearer, no_store, require_content_type};
use crate::admin::{Admin, OfferRequest, ReissueRequest};
use crate::credentials::Change;
use crate::error::{Error, Result};
use crate::secrets;
use crate::state::AppState;

/// The admin routes, unprotected: [`protect`] them before serving.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/citizens", citizens)
        .get("/admin/citizens/{number}", citizen)
        .post("/admin/citizens/{number}/reissue", reissue)
        .post("/admin/offers", create_offer)
        .post("/admin/credentials/{id}/revoke", revoke)
        .post("/admin/credentials/{id}/suspend", suspend)
        .post("/admin/credentials/{id}/reinstate", reinstate)
        .get("/admin/keys", keys)
        .post("/admin/keys/rotate", rotate_key)
}

/// Puts every route of `router` behind the admin token check.
pub fn protect(router: Router<Arc<AppState>>, state: Arc<AppState>) -> Router<Arc<AppState>> {
    router.route_layer(axum::middleware::from_fn_with_state(state, require_admin))
}

async fn require_admin(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let allowed = match &state.config.admin_token {
        Some(expected) => bearer(request.headers()).is_some_and(|given| {
            secrets::constant_time_eq(
                &secrets::hash(&[given.as_bytes()]),
                &secrets::hash(&[expected.as_bytes()]),
            )
        }),
        None => state.local_addr.ip().is_loopback(),
    };
    if allowed {
        next.run(request).await
    } else {
        Error::invalid_token("the admin API needs Authorization: Bearer <admin token>")
            .into_response()
    }
}

fn admin(state: &Arc<AppState>) -> Admin {
    Admin {
        state: state.clone(),
    }
}

/// A JSON body, or `{}` when there is none.
fn json_body<T: DeserializeOwned>(headers: &HeaderMap, body: &Bytes) -> Result<T> {
    let body: &[u8] = if body.is_empty() {
        b"{}"
    } else {
        require_content_type(headers, "application/json")?;
        body
    };
    serde_json::from_slice(body)
        .map_err(|e| Error::invalid_request(format!("bad JSON body: {}", classify(&e))))
}

/// What is wrong with a JSON body, without echoing its content: serde's
/// own messages quote what was sent (`invalid type: string "..."`,
/// `unknown field "..."`, `unknown variant "..."`), so only the kind of
/// problem and where it is (line and column, positions only) are told.
fn classify(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => "not valid JSON",
        Category::Data => {
            "a field is unknown, missing, or of the wrong type or range (see /openapi.json)"
        }
    };
    format!("{what} at line {} column {}", e.line(), e.column())
}

fn number(text: &str) -> Result<u32> {
    text.parse()
        .map_err(|_| Error::not_found("no citizen with this number"))
}

async fn citizens(State(state): State<Arc<AppState>>) -> Result<Response> {
    Ok(Json(admin(&state).citizens().await?).into_response())
}

async fn citizen(State(state): State<Arc<AppState>>, Path(n): Path<String>) -> Result<Response> {
    Ok(Json(admin(&state).citizen(number(&n)?).await?).into_response())
}

async fn create_offer(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    if body.is_empty() {
        return Err(Error::invalid_request(
            "a JSON body {\"citizen\": N} is required",
        ));
    }
    let request: OfferRequest = json_body(&headers, &body)?;
    let created = admin(&state)
        .create_offer_for(request, false, &base)
        .await?;
    Ok(no_store(Json(created)))
}

async fn reissue(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
    Path(n): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let number = number(&n)?;
    let request: ReissueRequest = json_body(&headers, &body)?;
    let created = admin(&state).reissue_for(number, request, &base).await?;
    Ok(no_store(Json(created)))
}

async fn revoke(state: State<Arc<AppState>>, id: Path<String>) -> Result<Response> {
    change_credential(state, id, Change::Revoke).await
}

async fn suspend(state: State<Arc<AppState>>, id: Path<String>) -> Result<Response> {
    change_credential(state, id, Change::Suspend).await
}

async fn reinstate(state: State<Arc<AppState>>, id: Path<String>) -> Result<Response> {
    change_credential(state, id, Change::Reinstate).await
}

async fn change_credential(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    change: Change,
) -> Result<Response> {
    let id: i64 = id
        .parse()
        .map_err(|_| Error::not_found("no credential with this id"))?;
    Ok(Json(admin(&state).change_credential(id, change).await?).into_response())
}

async fn keys(State(state): State<Arc<AppState>>) -> Result<Response> {
    Ok(Json(admin(&state).keys().await?).into_response())
}

async fn rotate_key(State(state): State<Arc<AppState>>) -> Result<Response> {
    Ok(Json(admin(&state).rotate_key().await?).into_response())
}
