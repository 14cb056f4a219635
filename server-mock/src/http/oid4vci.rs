//! The OpenID4VCI endpoints: metadata, offers by reference, token, nonce,
//! credential.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use vidi_core::oid4vci::{NonceResponse, PRE_AUTHORIZED_GRANT};

use super::{IssuerBase, Routes, bearer, no_store, require_content_type};
use crate::catalog;
use crate::db::{self, millis};
use crate::error::{Error, Result};
use crate::issuance::{self, IssuerSettings};
use crate::offers;
use crate::state::AppState;
use crate::tokens;
use crate::trust;

pub fn routes() -> Routes {
    Routes::new()
        .get("/.well-known/openid-credential-issuer", issuer_metadata)
        .get(
            "/.well-known/oauth-authorization-server",
            authorization_server_metadata,
        )
        .get("/.well-known/jwt-vc-issuer", jwt_vc_issuer_metadata)
        .get("/offers/{id}", offer)
        .post("/token", token)
        .post("/nonce", nonce)
        .post("/credential", credential)
}

async fn issuer_metadata(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
) -> Response {
    Json(catalog::issuer_metadata(&base, &state.config.issuer_name)).into_response()
}

/// JWT VC Issuer Metadata (draft-ietf-oauth-sd-jwt-vc): the keys an
/// SD-JWT VC verifier checks this issuer's credentials with.
async fn jwt_vc_issuer_metadata(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
) -> Result<Response> {
    let validity = state.config.credential_validity;
    let metadata = state
        .db
        .run(move |conn| trust::jwt_vc_issuer_metadata(conn, &base, validity, db::now_ms()))
        .await?;
    Ok(Json(metadata).into_response())
}

async fn authorization_server_metadata(IssuerBase(base): IssuerBase) -> Response {
    Json(catalog::authorization_server_metadata(&base)).into_response()
}

async fn offer(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response> {
    let offer = state
        .db
        .run(move |conn| offers::by_id(conn, &id, db::now_ms()))
        .await?;
    Ok(no_store(Json(offer)))
}

/// The token request's form fields.
#[derive(Deserialize)]
struct TokenForm {
    grant_type: Option<String>,
    #[serde(rename = "pre-authorized_code")]
    code: Option<String>,
    tx_code: Option<String>,
}

async fn token(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    require_content_type(&headers, "application/x-www-form-urlencoded")?;
    let form: TokenForm = serde_urlencoded::from_bytes(&body)
        .map_err(|_| Error::invalid_request("the body is not a valid form"))?;
    match form.grant_type.as_deref() {
        Some(PRE_AUTHORIZED_GRANT) => {}
        Some(_) => return Err(Error::unsupported_grant_type()),
        None => return Err(Error::invalid_request("grant_type is missing")),
    }
    let code = form
        .code
        .filter(|c| !c.is_empty())
        .ok_or_else(|| Error::invalid_request("pre-authorized_code is missing"))?;
    let ttl = millis(state.config.ttl.access_token);
    let response = state
        .db
        .run(move |conn| offers::redeem(conn, &code, form.tx_code.as_deref(), db::now_ms(), ttl))
        .await?;
    Ok(no_store(Json(response)))
}

async fn nonce(State(state): State<Arc<AppState>>) -> Result<Response> {
    let ttl = millis(state.config.ttl.nonce);
    let c_nonce = state
        .db
        .run(move |conn| tokens::new_nonce(conn, db::now_ms(), ttl))
        .await?;
    Ok(no_store(Json(NonceResponse { c_nonce })))
}

async fn credential(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let token = bearer(&headers)
        .ok_or_else(|| Error::invalid_token("an Authorization: Bearer access token is required"))?
        .to_owned();
    let now = db::now_ms();
    let grant = state
        .db
        .run(move |conn| tokens::authenticate(conn, &token, now))
        .await?;
    require_content_type(&headers, "application/json")?;
    let request = issuance::parse_request(&body)?;
    let requested = issuance::requested(&grant, &request)?;
    let skew = i64::try_from(state.config.ttl.proof_skew.as_secs()).unwrap_or(i64::MAX);
    let proofs = issuance::verify_proofs(&request, &base, now / 1000, skew)?;
    let base = base.clone();
    let name = state.config.issuer_name.clone();
    let validity = state.config.credential_validity;
    let status_list_len = state.config.status_list_len;
    let response = state
        .db
        .run(move |conn| {
            let settings = IssuerSettings {
                name: &name,
                validity,
                status_list_len,
            };
            issuance::issue(
                conn,
                &grant,
                requested,
                &proofs,
                &settings,
                &base,
                db::now_ms(),
            )
        })
        .await?;
    Ok(no_store(Json(response)))
}
