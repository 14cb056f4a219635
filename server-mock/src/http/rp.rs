//! The mock online public service over HTTP: its portal page (`/rp`), the
//! sessions the page starts and polls, the request objects wallets fetch
//! and the responses they post (`direct_post.jwt`).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use vidi_core::trust::{Status, open_status_list, open_trust_list};

use super::{IssuerBase, Routes, require_content_type};
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
        .post("/rp/responses", response)
}

static RP_CSP: LazyLock<Option<HeaderValue>> =
    LazyLock::new(|| HeaderValue::from_str(&super::portal::content_security_policy(RP_HTML)).ok());

async fn page() -> Response {
    super::portal::html_page(RP_HTML, RP_CSP.clone())
}

#[derive(Deserialize)]
struct StartBody {
    service: String,
}

/// The JSON body of `/rp/sessions`. Read here rather than by axum's `Json`,
/// whose rejections (422 for a wrong type) are not what `/openapi.json`
/// documents: every unreadable body is a 400, another content type a 415.
fn start_body(headers: &HeaderMap, body: &Bytes) -> Result<StartBody> {
    require_content_type(headers, "application/json")?;
    serde_json::from_slice(body).map_err(|_| {
        Error::invalid_request(
            "the body must be {\"service\": \"residence\" | \"licence\" | \"age\"}",
        )
    })
}

async fn start(
    State(state): State<Arc<AppState>>,
    IssuerBase(base): IssuerBase,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let body = start_body(&headers, &body)?;
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
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    // Read here rather than by axum's `Form`, for the documented 400 and 415.
    require_content_type(&headers, "application/x-www-form-urlencoded")?;
    let form: ResponseForm = serde_urlencoded::from_bytes(&body)
        .map_err(|_| Error::invalid_request("the body must be a form with response=<JWE>"))?;
    // One response URI for every session (the attestation names it
    // exactly); the JWE's `kid`, the session's key id, says whose it is.
    let id = crate::rp::session_of(&form.response).ok_or_else(|| {
        Error::invalid_request("the response is not a JWE naming its session (kid)")
    })?;
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use sha2::{Digest as _, Sha256};
    use vidi_core::claims::ClaimId;

    use super::*;

    fn hash(text: &str) -> String {
        format!(
            "'sha256-{}'",
            STANDARD.encode(Sha256::digest(text.as_bytes()))
        )
    }

    #[test]
    fn the_page_is_allowed_its_own_script_and_style_and_nothing_from_elsewhere() {
        let csp = super::super::portal::content_security_policy(RP_HTML);
        let script = super::super::portal::inline(RP_HTML, "script").unwrap();
        let style = super::super::portal::inline(RP_HTML, "style").unwrap();
        assert!(script.contains("/rp/sessions"));
        assert!(
            csp.contains(&format!("script-src {}", hash(script))),
            "{csp}"
        );
        assert!(csp.contains(&format!("style-src {}", hash(style))), "{csp}");
        assert!(csp.contains("connect-src 'self'"));
        assert!(!csp.contains("unsafe"));
        // One script and one style, or the second would be refused.
        assert_eq!(RP_HTML.matches("<script").count(), 1);
        assert_eq!(RP_HTML.matches("<style").count(), 1);
        // No inline handlers or style attributes: the policy refuses them.
        for needle in [
            "https://",
            "src=",
            "stylesheet",
            "@import",
            "url(",
            " onclick=",
            " style=",
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "eval(",
        ] {
            assert!(!RP_HTML.contains(needle), "{needle} in rp.html");
        }
    }

    /// The page's cards say what each service asks, in both languages, and
    /// why: the same words the service signs into its requests.
    #[test]
    fn each_card_states_the_services_claims_and_purpose() {
        for service in Service::ALL {
            let start = format!(
                "<article class=\"card\" data-service=\"{}\"",
                service.code()
            );
            let card = RP_HTML
                .split_once(&start)
                .map(|(_, rest)| rest.split_once("</article>").unwrap().0)
                .unwrap_or_else(|| panic!("no card for {}", service.code()));
            let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            let text = collapse(card);
            for words in [service.title(), service.purpose()] {
                assert!(text.contains(&collapse(&words.vi)), "{}", words.vi);
                assert!(text.contains(&collapse(&words.en)), "{}", words.en);
            }
            assert!(card.contains(&format!("data-start=\"{}\"", service.code())));
            let (_, claims) = service.asks();
            assert_eq!(card.matches("data-claim=").count(), claims.len());
            for name in claims {
                let id = ClaimId::from_name(name).unwrap();
                let item = card
                    .split_once(&format!("data-claim=\"{name}\">"))
                    .map(|(_, rest)| rest.split_once("</li>").unwrap().0)
                    .unwrap_or_else(|| panic!("{name} not on the {} card", service.code()));
                assert!(item.contains(&id.label_vi()), "{name}: {item}");
                assert!(item.contains(&id.label_en()), "{name}: {item}");
            }
        }
    }
}
