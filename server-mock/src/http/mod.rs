//! The HTTP API: the router and what every handler shares (the issuer
//! identifier a request was made to, content types, bearer tokens).
//!
//! Routes come in groups, one module each, merged in [`router`]: the
//! OpenID4VCI endpoints ([`oid4vci`]), the trust and status lists
//! ([`lists`]), the admin API ([`admin`]) and the developer portal with the
//! OpenAPI document ([`portal`]). Each group is a [`Routes`], which records
//! every method and path it adds, so that [`served`] lists exactly what the
//! router serves (the OpenAPI test checks the document against it). Add
//! routes only through [`Routes`], never on the finished [`Router`].

mod admin;
mod error;
mod lists;
mod middleware;
mod oid4vci;
mod portal;
mod rp;

pub use portal::OPENAPI_JSON;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::Error;
use crate::state::AppState;

/// The whole API with its layers: one log line per request, JSON for every
/// error (including axum's own rejections, unknown routes and panics), and
/// the body size limit.
pub fn router(state: Arc<AppState>) -> Router {
    let limit = state.config.max_body_bytes;
    let log = state.config.log_requests;
    let admin = admin::routes().map(|r| admin::protect(r, state.clone()));
    groups(admin)
        .router
        .fallback(middleware::not_found)
        .method_not_allowed_fallback(middleware::method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            middleware::panic_response,
        ))
        .layer(axum::middleware::from_fn(middleware::json_errors))
        .layer(axum::middleware::from_fn(move |req, next| {
            middleware::log_request(log, req, next)
        }))
        .with_state(state)
}

/// Every group, the admin group as given (protected by the admin token for
/// serving, bare for listing).
fn groups(admin: Routes) -> Routes {
    Routes::new()
        .get("/healthz", healthz)
        .merge(oid4vci::routes())
        .merge(lists::routes())
        .merge(admin)
        .merge(portal::routes())
        .merge(rp::routes())
}

/// Every (method, path pattern) the router serves, in the order added:
/// `("GET", "/offers/{id}")`, ... `GET` routes answer `HEAD` too (axum does
/// that by itself).
pub fn served() -> Vec<(&'static str, &'static str)> {
    groups(admin::routes()).served
}

/// A group of routes that remembers what it serves.
pub struct Routes {
    router: Router<Arc<AppState>>,
    served: Vec<(&'static str, &'static str)>,
}

impl Routes {
    fn new() -> Self {
        Self {
            router: Router::new(),
            served: Vec::new(),
        }
    }

    /// Serves `GET path` with `handler`.
    fn get<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, Arc<AppState>>,
        T: 'static,
    {
        self.router = self.router.route(path, get(handler));
        self.served.push(("GET", path));
        self
    }

    /// Serves `POST path` with `handler`.
    fn post<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, Arc<AppState>>,
        T: 'static,
    {
        self.router = self.router.route(path, post(handler));
        self.served.push(("POST", path));
        self
    }

    /// Adds `other`'s routes.
    fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.served.extend(other.served);
        self
    }

    /// Changes the router (adds a route layer), keeping the routes.
    fn map(mut self, f: impl FnOnce(Router<Arc<AppState>>) -> Router<Arc<AppState>>) -> Self {
        self.router = f(self.router);
        self
    }
}

async fn healthz() -> Response {
    axum::Json(serde_json::json!({ "status": "ok" })).into_response()
}

/// The issuer identifier of the request: the configured public URL, or
/// `http://` + its `Host` (so an emulator reaching the server as
/// `10.0.2.2:PORT` sees itself addressed consistently).
pub struct IssuerBase(pub String);

impl FromRequestParts<Arc<AppState>> for IssuerBase {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        if let Some(url) = &state.config.public_url {
            return Ok(Self(url.clone()));
        }
        match parts.headers.get(header::HOST) {
            None => Ok(Self(state.local_base_url())),
            Some(host) => host
                .to_str()
                .ok()
                .filter(|h| valid_host(h))
                .map(|h| Self(format!("{}://{h}", state.scheme())))
                .ok_or_else(|| {
                    Error::invalid_request("the Host header is not a host name and port")
                }),
        }
    }
}

/// `host[:port]` or `[v6]:port`, nothing else.
fn valid_host(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !name.ends_with(':') && !port.contains(']') => (name, Some(port)),
        _ => (host, None),
    };
    let name_ok = if let Some(v6) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        v6.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    host.len() <= 255 && name_ok && port_ok
}

/// Refuses a body whose `Content-Type` is not `expected` (parameters such
/// as `charset` allowed), with 415.
pub fn require_content_type(headers: &HeaderMap, expected: &str) -> Result<(), Error> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    if given.as_deref() == Some(expected) {
        Ok(())
    } else {
        let mut error = Error::invalid_request(format!("Content-Type must be {expected}"));
        error.status = axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE;
        Err(error)
    }
}

/// The token of an `Authorization: Bearer` header.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Adds `Cache-Control: no-store` (responses carrying codes, tokens, nonces
/// or credentials).
pub fn no_store(response: impl IntoResponse) -> Response {
    let mut response = response.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for ok in [
            "127.0.0.1:8080",
            "localhost",
            "10.0.2.2:1",
            "[::1]:8080",
            "[::1]",
            "a-b.example",
        ] {
            assert!(valid_host(ok), "{ok}");
        }
        for bad in [
            "", ":80", "a b", "a/b", "a:80:80", "x:", "x:123456", "a@b", "[]:1", "[:]", "évil",
        ] {
            assert!(!valid_host(bad), "{bad}");
        }
    }
}
