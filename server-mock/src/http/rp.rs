//! The mock online public service over HTTP: its portal page (`/rp`), the
//! sessions the page starts and polls, the request objects wallets fetch
//! and the responses they post (`direct_post.jwt`).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use vidi_core::trust::{Status, open_status_list, open_trust_list};

use super::{IssuerBase, Routes};
use crate::db;
use crate::error::{Error, Result};
use crate::keys;
use crate::list_cache::List;
use crate::rp::{Refusal, Service};
use crate::state::AppState;

/// The portal page, compiled in.
pub const RP_HTML: &str = include_str!("rp.html");

pub fn routes() -> Routes {
    Routes::new()
        .get("/rp", page)
        .post("/rp/sessions", start)
        .get("/rp/sessions/{id}", session)
        .get("/rp/requests/{id}", request_object)
        .post("/rp/responses/{id}", response)
}

static RP_CSP: LazyLock<Option<HeaderValue>> =
    LazyLock::new(|| HeaderValue::from_str(&super::portal::content_security_policy(RP_HTML)).ok());

async fn page() -> Response {
    let mut response = axum::response::Html(RP_HTML).into_response();
    if let Some(csp) = RP_CSP.clone() {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

#[derive(Deserialize)]
struct StartBody {
    service: String,
}

async fn start(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
    axum::Json(body): axum::Json<StartBody>,
) -> Result<Response> {
    let service = Service::from_code(&body.service)
        .ok_or_else(|| Error::invalid_request("service must be residence, licence or age"))?;
    let new = state.rp.start(service, &base, db::time_of(db::now_ms()))?;
    Ok((StatusCode::CREATED, axum::Json(new)).into_response())
}

async fn session(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response> {
    let view = state.rp.view(&id, db::time_of(db::now_ms()))?;
    let mut response = axum::Json(view).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

async fn request_object(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
    Path(id): Path<String>,
) -> Result<Response> {
    let anchor = state.db.run(|conn| keys::anchor(conn)).await?;
    let jws = state
        .rp
        .request_object(&id, &base, &anchor, db::time_of(db::now_ms()))?;
    let mut response = jws.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/oauth-authz-req+jwt"),
    );
    Ok(response)
}

#[derive(Deserialize)]
struct ResponseForm {
    response: String,
}

async fn response(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
    Path(id): Path<String>,
    Form(form): Form<ResponseForm>,
) -> Result<Response> {
    // The service checks with the issuer's signed lists, as any verifier
    // would: the trust list against the anchor, each status list against
    // its key in the trust list.
    let now_ms = db::now_ms();
    let anchor = state.db.run(|conn| keys::anchor(conn)).await?;
    let trust_jws = state
        .lists
        .get(&state.db, &state.signing, List::Trust, base.clone(), now_ms)
        .await?
        .ok_or_else(|| Error::internal("no trust list"))?;
    let trust = open_trust_list(
        std::str::from_utf8(&trust_jws.body).map_err(Error::internal)?,
        &anchor.public_key(),
    )
    .map_err(Error::internal)?
    .trust_list;
    let mut lists = HashMap::new();
    for issuer in &trust.issuers {
        if let Some(signed) = state
            .lists
            .get(
                &state.db,
                &state.signing,
                List::Status(issuer.kid),
                base.clone(),
                now_ms,
            )
            .await?
        {
            let text = std::str::from_utf8(&signed.body).map_err(Error::internal)?;
            if let Ok(list) = open_status_list(text, issuer.kid, &trust) {
                lists.insert(issuer.kid, list);
            }
        }
    }
    let status = |kid: u16, idx: u32| -> Option<Status> { lists.get(&kid)?.get(idx) };
    match state.rp.respond(
        &id,
        &form.response,
        &base,
        &trust,
        &status,
        db::time_of(now_ms),
    ) {
        Ok(_) => Ok(
            axum::Json(json!({ "redirect_uri": format!("{base}/rp?session={id}") }))
                .into_response(),
        ),
        Err(Refusal::NoSession) => Err(Error::not_found("no such presentation session")),
        Err(refusal) => Err(Error::invalid_request(refusal.to_string())),
    }
}
