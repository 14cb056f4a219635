//! The developer portal (`GET /`), one self-contained HTML page that drives
//! the admin API from the browser, and the OpenAPI document
//! (`GET /openapi.json`). Both are compiled into the binary.
//!
//! The page carries its script and style inline; the Content-Security-Policy
//! allows exactly those two (by SHA-256 hash), requests to this origin only,
//! and nothing else: no external script, frame, form target or plugin.

use std::sync::LazyLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest as _, Sha256};

use super::Routes;

/// The portal page.
pub const PORTAL_HTML: &str = include_str!("portal.html");
/// The OpenAPI 3.0 document of every route.
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

pub fn routes() -> Routes {
    Routes::new().get("/", portal).get("/openapi.json", openapi)
}

/// The text between the first `<tag>` and the next `</tag>`.
pub(super) fn inline<'a>(html: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = html.find(&open)? + open.len();
    let end = start + html.get(start..)?.find(&close)?;
    html.get(start..end)
}

/// `'sha256-...'` of the page's inline `<tag>`, or `'none'` without one.
fn source_hash(html: &str, tag: &str) -> String {
    match inline(html, tag) {
        Some(text) => {
            let digest = Sha256::digest(text.as_bytes());
            format!("'sha256-{}'", STANDARD.encode(&digest[..]))
        }
        None => "'none'".to_owned(),
    }
}

/// The portal's Content-Security-Policy.
pub(super) fn content_security_policy(html: &str) -> String {
    format!(
        "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; img-src 'self' data:; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        source_hash(html, "script"),
        source_hash(html, "style"),
    )
}

static PORTAL_CSP: LazyLock<Option<HeaderValue>> =
    LazyLock::new(|| HeaderValue::from_str(&content_security_policy(PORTAL_HTML)).ok());

async fn portal() -> Response {
    html_page(PORTAL_HTML, PORTAL_CSP.clone())
}

/// A compiled-in HTML page with its Content-Security-Policy (`csp`, from
/// [`content_security_policy`]), not sniffed, not cached without asking,
/// and sending no referrer.
pub(super) fn html_page(html: &'static str, csp: Option<HeaderValue>) -> Response {
    let mut response = html.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // Without the policy the page would still work; it is never missing in
    // practice (the header is ASCII built from base64 hashes).
    let csp = csp.unwrap_or(HeaderValue::from_static("default-src 'none'"));
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    response
}

async fn openapi() -> Response {
    let mut response = OPENAPI_JSON.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::*;

    fn document() -> Value {
        serde_json::from_str(OPENAPI_JSON).unwrap()
    }

    /// Every route the router serves is in the document, and the document
    /// names no route the router does not serve.
    #[test]
    fn openapi_covers_every_route() {
        let doc = document();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.0"));
        let paths = doc["paths"].as_object().unwrap();
        let served = super::super::served();
        assert!(served.len() >= 20, "{served:?}");
        let mut served_set = BTreeSet::new();
        for (method, path) in &served {
            let method = method.to_ascii_lowercase();
            assert!(
                paths.get(*path).and_then(|p| p.get(&method)).is_some(),
                "{method} {path} is served but not in openapi.json"
            );
            assert!(
                served_set.insert((method, (*path).to_owned())),
                "served twice"
            );
        }
        for (path, item) in paths {
            for method in item.as_object().unwrap().keys() {
                if method == "parameters" {
                    continue;
                }
                assert!(
                    served_set.contains(&(method.clone(), path.clone())),
                    "{method} {path} is documented but not served"
                );
            }
        }
    }

    /// Every operation documents its errors with the OAuth error schema, and
    /// every `$ref` resolves.
    #[test]
    fn operations_document_their_errors() {
        let doc = document();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let responses = op["responses"].as_object().unwrap();
                assert!(
                    responses.contains_key("200") || responses.contains_key("201"),
                    "{method} {path}: no 200 or 201 response"
                );
                for code in ["405", "500"] {
                    assert!(
                        responses.contains_key(code),
                        "{method} {path}: no {code} response"
                    );
                }
                if method == "post" && op.get("requestBody").is_some() {
                    for code in ["400", "413", "415"] {
                        assert!(
                            responses.contains_key(code),
                            "{method} {path}: a body but no {code} response"
                        );
                    }
                }
                if path.contains('{') {
                    assert!(
                        responses.contains_key("404"),
                        "{method} {path}: a path parameter but no 404 response"
                    );
                }
                if path.starts_with("/admin/") || path == "/credential" {
                    assert!(
                        responses.contains_key("401"),
                        "{method} {path}: no 401 response"
                    );
                }
                assert!(
                    op["operationId"].is_string(),
                    "{method} {path}: no operationId"
                );
            }
        }
        let mut refs = Vec::new();
        collect_refs(&doc, &mut refs);
        assert!(!refs.is_empty());
        for r in refs {
            let pointer = r.strip_prefix('#').unwrap();
            assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
        }
    }

    fn collect_refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    if k == "$ref" {
                        out.push(v.as_str().unwrap().to_owned());
                    } else {
                        collect_refs(v, out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn csp_hashes_the_inline_script_and_style() {
        let csp = content_security_policy(PORTAL_HTML);
        let script = inline(PORTAL_HTML, "script").unwrap();
        assert!(script.contains("/admin/offers"));
        assert!(csp.contains(&format!(
            "script-src 'sha256-{}'",
            STANDARD.encode(&Sha256::digest(script.as_bytes())[..])
        )));
        assert!(csp.contains("style-src 'sha256-"));
        assert!(!csp.contains("unsafe"));
        assert_eq!(source_hash("<p>", "script"), "'none'");
        // Nothing from elsewhere: no CDN, no external script or stylesheet.
        for needle in ["https://", "src=", "stylesheet", "@import", "url("] {
            assert!(!PORTAL_HTML.contains(needle), "{needle} in portal.html");
        }
    }
}
