//! The developer portal and `/openapi.json` over HTTP, and every route
//! answering only statuses its OpenAPI operation documents.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

fn document() -> Value {
    serde_json::from_str(vidi_server_mock::OPENAPI_JSON).unwrap()
}

fn documented(doc: &Value, method: &str, path: &str) -> Vec<String> {
    doc["paths"][path][method.to_ascii_lowercase()]["responses"]
        .as_object()
        .unwrap_or_else(|| panic!("{method} {path} is not documented"))
        .keys()
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_portal_page_and_the_document_are_served() {
    let h = harness().await;
    let page = h.client.get(h.url("/")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let header = |name: &str| {
        page.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(header("content-type"), "text/html; charset=utf-8");
    let csp = header("content-security-policy");
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(header("x-content-type-options"), "nosniff");
    let html = page.text().await.unwrap();
    for needle in [
        "Tạo lời mời / Make offer",
        "/admin/offers",
        "/admin/keys/rotate",
        "sessionStorage",
    ] {
        assert!(html.contains(needle), "{needle}");
    }

    let openapi = h.client.get(h.url("/openapi.json")).send().await.unwrap();
    assert_eq!(openapi.status(), StatusCode::OK);
    assert_eq!(
        openapi.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let served: Value = openapi.json().await.unwrap();
    assert_eq!(served, document());
    h.server.shutdown().await;
}

/// The online service's page: served as HTML with the same policy as the
/// developer portal (its own inline script and style by hash, requests to
/// this origin only), naming the three services.
#[tokio::test(flavor = "multi_thread")]
async fn the_online_service_page_is_served_with_its_policy() {
    let h = harness().await;
    let page = h.client.get(h.url("/rp")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let header = |name: &str| {
        page.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(header("content-type"), "text/html; charset=utf-8");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "no-referrer");
    let csp = header("content-security-policy");
    for part in [
        "default-src 'none'",
        "script-src 'sha256-",
        "style-src 'sha256-",
        "connect-src 'self'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{part} not in {csp}");
    }
    assert!(!csp.contains("unsafe"), "{csp}");
    let html = page.text().await.unwrap();
    let name = vidi_server_mock::rp::service_name();
    assert!(
        html.contains(&format!(
            "<h1>{} <span class=\"en\">/ {}</span>",
            name.vi, name.en
        )),
        "the portal's name"
    );
    for service in vidi_server_mock::rp::Service::ALL {
        let title = service.title();
        assert!(html.contains(&title.vi), "{}", title.vi);
        assert!(html.contains(&title.en), "{}", title.en);
        assert!(
            html.contains(&format!("data-start=\"{}\"", service.code())),
            "{}",
            service.code()
        );
    }
    assert!(html.contains("/rp/sessions"));
    h.server.shutdown().await;
}

/// The online service's two POST routes refuse a body they cannot read
/// with 400 (or 415 for another content type), as `/openapi.json` says,
/// never axum's undocumented 422.
#[tokio::test(flavor = "multi_thread")]
async fn the_online_service_refuses_unreadable_bodies_with_documented_statuses() {
    let h = harness().await;
    let post = |path: &str, content_type: &str, body: &str| {
        h.client
            .post(h.url(path))
            .header("content-type", content_type)
            .body(body.to_owned())
            .send()
    };
    let json = "application/json";
    let form = "application/x-www-form-urlencoded";
    let created: Value = post("/rp/sessions", json, r#"{"service":"age"}"#)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(created["id"].is_string());
    let responses = "/rp/responses".to_owned();
    for (path, content_type, body, status) in [
        ("/rp/sessions", json, r#"{"service":{}}"#, 400),
        ("/rp/sessions", json, r#"{"service":"tax"}"#, 400),
        ("/rp/sessions", json, "{", 400),
        ("/rp/sessions", json, "", 400),
        ("/rp/sessions", form, "service=age", 415),
        (responses.as_str(), form, "", 400),
        (responses.as_str(), form, "other=1", 400),
        (responses.as_str(), form, "response=not-a-jwe", 400),
        (responses.as_str(), json, r#"{"response":"x"}"#, 415),
    ] {
        let answer = post(path, content_type, body).await.unwrap();
        assert_eq!(
            answer.status().as_u16(),
            status,
            "{path} {content_type} {body:?}"
        );
        let error: Value = answer.json().await.unwrap();
        assert_eq!(
            error["error"], "invalid_request",
            "{path} {body:?}: {error}"
        );
        let documented = documented(
            &document(),
            "POST",
            &path.replace(&created["id"].as_str().unwrap().to_string(), "{id}"),
        );
        assert!(
            documented.contains(&status.to_string()),
            "{path}: {status} undocumented"
        );
    }
    // The refused bodies left the session waiting for its wallet.
    let view: Value = h
        .client
        .get(h.url(&format!("/rp/sessions/{}", created["id"].as_str().unwrap())))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view["state"], "waiting", "{view}");
    h.server.shutdown().await;
}

/// Each route with made-up path parameters and no body, and with a method
/// it does not serve: the status is one its operation documents, and the
/// body is the OAuth error JSON when it is an error.
#[tokio::test(flavor = "multi_thread")]
async fn every_route_answers_a_documented_status() {
    let doc = document();
    for token in [None, Some("portal-test-token")] {
        let h = harness_with(|c| c.admin_token = token.map(str::to_owned)).await;
        let routes = vidi_server_mock::routes();
        assert_eq!(routes.len(), 27);
        for (method, path) in routes {
            let url = h.url(
                &path
                    .replace("{number}", "99999")
                    .replace("{id}", "99999")
                    .replace("{kid}", "99999"),
            );
            let expected = documented(&doc, method, path);
            let response = h
                .client
                .request(Method::from_bytes(method.as_bytes()).unwrap(), &url)
                .send()
                .await
                .unwrap();
            let status = response.status();
            assert!(
                !status.is_server_error() && expected.contains(&status.as_str().to_owned()),
                "{method} {path} (token {token:?}): {status} not in {expected:?}"
            );
            if status.is_client_error() {
                let body: Value = response.json().await.unwrap();
                assert!(body["error"].is_string(), "{method} {path}: {body}");
            }
            if token.is_some() && path.starts_with("/admin/") {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
            }
            let other = if method == "GET" {
                Method::DELETE
            } else {
                Method::PUT
            };
            let wrong = h.client.request(other, &url).send().await.unwrap();
            assert_eq!(wrong.status(), StatusCode::METHOD_NOT_ALLOWED, "{path}");
            assert!(expected.contains(&"405".to_owned()));
        }
        h.server.shutdown().await;
    }
}
