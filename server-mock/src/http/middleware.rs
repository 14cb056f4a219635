//! The layers every route shares: the request log, JSON for every error,
//! and the answers for unknown routes, wrong methods and panics.

use std::any::Any;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::Error;

/// One line per request on stderr: method, path, status, duration. The path
/// is the route's pattern (`/offers/{id}`), so ids, codes and tokens never
/// reach the log; an unknown route logs its path, without the query.
pub async fn log_request(enabled: bool, request: Request, next: Next) -> Response {
    if !enabled {
        return next.run(request).await;
    }
    let started = Instant::now();
    let method = request.method().clone();
    let path = match request.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str().to_owned(),
        None => printable(request.uri().path()),
    };
    let response = next.run(request).await;
    eprintln!(
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// At most 80 characters, control characters escaped.
fn printable(path: &str) -> String {
    let mut out: String = path.chars().take(80).flat_map(char::escape_debug).collect();
    if path.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// Turns every error response that is not JSON yet (axum's rejections,
/// hyper's body limit, ...) into an OAuth-style JSON error of the same
/// status.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let mut error = match status {
        StatusCode::NOT_FOUND => Error::not_found("no such resource"),
        StatusCode::METHOD_NOT_ALLOWED => Error::invalid_request("method not allowed here"),
        StatusCode::PAYLOAD_TOO_LARGE => Error::invalid_request("the request body is too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Error::invalid_request("unsupported Content-Type"),
        s if s.is_server_error() => Error::internal(format_args!("HTTP {s} without a body")),
        _ => Error::invalid_request("malformed request"),
    };
    error.status = status;
    let mut json = error.into_response();
    // Keep `Allow` and the like.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            json.headers_mut().entry(name).or_insert(value.clone());
        }
    }
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        // The rest of the body was never read, so the connection cannot
        // carry another request: say so, or a client that pools
        // connections sends its next request into a closing socket.
        json.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    json
}

/// The fallback: 404 JSON.
pub async fn not_found() -> Response {
    Error::not_found("no such resource").into_response()
}

/// A known path with another method: 405 JSON.
pub async fn method_not_allowed() -> Response {
    let mut error = Error::invalid_request("method not allowed here");
    error.status = StatusCode::METHOD_NOT_ALLOWED;
    error.into_response()
}

/// A handler panicked: 500 JSON (the panic message is not echoed).
pub fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    Error::internal("a handler panicked").into_response()
}
