//! The admin API: open on a loopback listener without a token; with an
//! admin token configured (required off loopback), every route asks for
//! `Authorization: Bearer <token>`.

use std::net::IpAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{Method, header};
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

/// Puts every route of `router` behind the admin checks ([`require_admin`]).
pub fn protect(router: Router<Arc<AppState>>, state: Arc<AppState>) -> Router<Arc<AppState>> {
    router.route_layer(axum::middleware::from_fn_with_state(state, require_admin))
}

/// What every admin request must pass, in this order:
///
/// - without an admin token (a loopback listener), a `Host` naming this
///   server: `localhost` or an IP address with the listening port, or the
///   `--public-url` host. A DNS name pointed at 127.0.0.1 by another
///   website (DNS rebinding) is refused;
/// - no `Origin` but the server's own (the portal's), and no
///   `Sec-Fetch-Site` other than `same-origin` or `none`: another website
///   open in a browser on this machine cannot drive the API;
/// - the admin token, when one is configured;
/// - a POST is JSON (`Content-Type: application/json`, body optional where
///   the route takes none): a browser sends that cross-origin only after a
///   CORS preflight, which this server never grants.
async fn require_admin(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let checked = (|| {
        if state.config.admin_token.is_none() && !host.is_some_and(|h| own_host(&state, h)) {
            return Err(Error::forbidden(
                "the admin API answers only requests addressed to this server \
                 (Host: localhost or an IP address with its port, or the --public-url host)",
            )
            .with_reason("foreign_host"));
        }
        let origin = headers.get(header::ORIGIN);
        if origin.is_some_and(|o| !own_origin(&state, host, o.to_str().unwrap_or_default())) {
            return Err(Error::forbidden(
                "the admin API answers only the portal's own pages: this request came from \
                 another website (Origin)",
            )
            .with_reason("foreign_origin"));
        }
        let site = headers
            .get("sec-fetch-site")
            .map(|v| v.to_str().unwrap_or_default());
        if site.is_some_and(|s| s != "same-origin" && s != "none") {
            return Err(Error::forbidden(
                "the admin API answers only the portal's own pages: this request came from \
                 another website (Sec-Fetch-Site)",
            )
            .with_reason("foreign_origin"));
        }
        let allowed = match &state.config.admin_token {
            Some(expected) => bearer(headers).is_some_and(|given| {
                secrets::constant_time_eq(
                    &secrets::hash(&[given.as_bytes()]),
                    &secrets::hash(&[expected.as_bytes()]),
                )
            }),
            None => state.local_addr.ip().is_loopback(),
        };
        if !allowed {
            return Err(Error::invalid_token(
                "the admin API needs Authorization: Bearer <admin token>",
            ));
        }
        if request.method() == Method::POST {
            require_content_type(headers, "application/json")
                .map_err(|e| e.with_reason("json_required"))?;
        }
        Ok(())
    })();
    match checked {
        Ok(()) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

/// Whether `host` (a `Host` header) names this server: the `--public-url`
/// authority, or `localhost` or an IP address (never a DNS name, which
/// another website can point here) with the listening port.
fn own_host(state: &AppState, host: &str) -> bool {
    if state
        .config
        .public_url
        .as_deref()
        .and_then(authority)
        .is_some_and(|a| a.eq_ignore_ascii_case(host))
    {
        return true;
    }
    let port = state.local_addr.port();
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, p)) if !p.contains(']') => (name, p.parse::<u16>().ok()),
        _ => (host, Some(80)),
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    given_port == Some(port)
        && (name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok())
}

/// `scheme://authority` of a URL: its authority.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split('/').next().unwrap_or(rest))
}

/// Whether `origin` is the server's own: the origin of `--public-url`, or
/// `http(s)://` + the request's `Host`.
fn own_origin(state: &AppState, host: Option<&str>, origin: &str) -> bool {
    let public = state.config.public_url.as_deref().map(|url| {
        let scheme_end = url.find("://").map_or(0, |i| i + 3);
        let end = url[scheme_end..]
            .find('/')
            .map_or(url.len(), |i| scheme_end + i);
        &url[..end]
    });
    if public.is_some_and(|p| p.eq_ignore_ascii_case(origin)) {
        return true;
    }
    let Some(host) = host else { return false };
    ["http://", "https://"].iter().any(|scheme| {
        origin
            .strip_prefix(scheme)
            .is_some_and(|rest| rest.eq_ignore_ascii_case(host))
    })
}

fn admin(state: &Arc<AppState>) -> Admin {
    Admin {
        state: state.clone(),
    }
}

/// A JSON body, or `{}` when there is none ([`require_admin`] has
/// checked the `Content-Type`).
fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T> {
    let body: &[u8] = if body.is_empty() { b"{}" } else { body };
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
    body: Bytes,
) -> Result<Response> {
    if body.is_empty() {
        return Err(Error::invalid_request(
            "a JSON body {\"citizen\": N} is required",
        ));
    }
    let request: OfferRequest = json_body(&body)?;
    let created = admin(&state)
        .create_offer_for(request, false, &base)
        .await?;
    Ok(no_store(Json(created)))
}

async fn reissue(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
    Path(n): Path<String>,
    body: Bytes,
) -> Result<Response> {
    let number = number(&n)?;
    let request: ReissueRequest = json_body(&body)?;
    let created = admin(&state).reissue_for(number, request, &base).await?;
    Ok(no_store(Json(created)))
}

/// The body of the routes that take none: empty, or `{}`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NoFields {}

async fn revoke(state: State<Arc<AppState>>, id: Path<String>, body: Bytes) -> Result<Response> {
    change_credential(state, id, body, Change::Revoke).await
}

async fn suspend(state: State<Arc<AppState>>, id: Path<String>, body: Bytes) -> Result<Response> {
    change_credential(state, id, body, Change::Suspend).await
}

async fn reinstate(state: State<Arc<AppState>>, id: Path<String>, body: Bytes) -> Result<Response> {
    change_credential(state, id, body, Change::Reinstate).await
}

async fn change_credential(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    body: Bytes,
    change: Change,
) -> Result<Response> {
    let NoFields {} = json_body(&body)?;
    let id: i64 = id
        .parse()
        .map_err(|_| Error::not_found("no credential with this id"))?;
    Ok(Json(admin(&state).change_credential(id, change).await?).into_response())
}

async fn keys(State(state): State<Arc<AppState>>) -> Result<Response> {
    Ok(Json(admin(&state).keys().await?).into_response())
}

async fn rotate_key(State(state): State<Arc<AppState>>, body: Bytes) -> Result<Response> {
    let NoFields {} = json_body(&body)?;
    Ok(Json(admin(&state).rotate_key().await?).into_response())
}
