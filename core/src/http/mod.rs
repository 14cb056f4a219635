//! HTTP for issuance and verifier sync: one rustls client, JSON and form
//! bodies, bounded response sizes, and failures that name the endpoint but
//! never a URL (offer URLs and codes are bearer secrets). The rule for which
//! addresses may be fetched ([`check_server_url`]) is here too.

pub mod trust;

use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, ETAG, HeaderMap, HeaderValue, IF_NONE_MATCH};
use reqwest::{Client, RequestBuilder, StatusCode, Url};
use serde::de::DeserializeOwned;

use serde_json::Value;

use crate::keys::PublicKey;
use crate::oid4vci::{OAuthError, public_key_from_jwk};
use trust::HttpTrust;

/// The largest response body read: a status list of a few million
/// credentials compresses to far less; anything bigger is refused.
const MAX_BODY: usize = 16 << 20;

/// Which of the issuer's endpoints a request went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// `credential_offer_uri`: the offer by reference.
    Offer,
    /// `/.well-known/openid-credential-issuer`.
    IssuerMetadata,
    /// `/.well-known/oauth-authorization-server`.
    AuthorizationServerMetadata,
    /// The token endpoint.
    Token,
    /// The nonce endpoint.
    Nonce,
    /// The credential endpoint.
    Credential,
    /// `/trust-anchor`.
    TrustAnchor,
    /// `/trust-list`.
    TrustList,
    /// A status list.
    StatusList,
    /// An online service's presentation request (`request_uri`).
    PresentationRequest,
    /// An online service's response endpoint (`response_uri`).
    PresentationResponse,
}

impl Endpoint {
    /// A short name: `offer`, `token`, `trust-list`, ...
    pub const fn name(self) -> &'static str {
        match self {
            Self::Offer => "offer",
            Self::IssuerMetadata => "issuer metadata",
            Self::AuthorizationServerMetadata => "authorization server metadata",
            Self::Token => "token",
            Self::Nonce => "nonce",
            Self::Credential => "credential",
            Self::TrustAnchor => "trust anchor",
            Self::TrustList => "trust list",
            Self::StatusList => "status list",
            Self::PresentationRequest => "presentation request",
            Self::PresentationResponse => "presentation response",
        }
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What kept a request from getting an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NetworkProblem {
    /// No connection: refused, unreachable, name not resolved, TLS failed.
    Connect,
    /// No answer in time.
    Timeout,
    /// The connection broke while sending or receiving.
    Transfer,
    /// The server's certificate does not lead to a trusted CA (unknown
    /// issuer, self-signed, expired, revoked, badly signed).
    UntrustedCertificate,
    /// The server's certificate is valid but for another host name or
    /// address than the one in the URL.
    CertificateForAnotherHost,
    /// The TLS handshake failed otherwise (not a TLS server, no common
    /// protocol version or cipher).
    Tls,
}

impl std::fmt::Display for NetworkProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Connect => "cannot connect",
            Self::Timeout => "timed out",
            Self::Transfer => "the connection broke",
            Self::UntrustedCertificate => "the certificate is not trusted",
            Self::CertificateForAnotherHost => "the certificate is for another host",
            Self::Tls => "the secure connection (TLS) failed",
        })
    }
}

/// A failed request, before the caller puts it in its own words.
#[derive(Debug)]
pub(crate) enum HttpError {
    /// No answer.
    Network(NetworkProblem),
    /// An answer other than 2xx (or 304 where asked for), with its OAuth
    /// error body when it had one.
    Status(StatusCode, Option<OAuthError>),
    /// A 2xx answer whose body is not what was expected.
    Body(&'static str),
    /// The URL is not HTTPS (nor HTTP on loopback), or not a URL.
    Url,
}

/// An answer to a conditional GET.
pub(crate) enum Conditional {
    /// 200: the body and its ETag.
    Fresh { body: String, etag: Option<String> },
    /// 304: the copy held is current.
    NotModified,
}

fn network(e: &reqwest::Error) -> HttpError {
    if let Some(problem) = crate::http::trust::tls_problem(e) {
        return HttpError::Network(problem);
    }
    HttpError::Network(if e.is_timeout() {
        NetworkProblem::Timeout
    } else if e.is_connect() {
        NetworkProblem::Connect
    } else {
        NetworkProblem::Transfer
    })
}

/// Whether `url` may be fetched: HTTPS, or HTTP to a loopback address (the
/// mock issuer and tests), which includes 10.0.2.2, the Android emulator's
/// address for its host's loopback.
pub(crate) fn allowed_url(url: &str) -> Option<Url> {
    checked_url(url).ok()
}

/// Why a server address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ServerUrlError {
    /// Not a URL at all (or empty).
    #[error("not a web address")]
    NotAUrl,
    /// A scheme other than `https` or `http`.
    #[error("the address must start with https://")]
    Scheme,
    /// No host name or address.
    #[error("the address has no host")]
    NoHost,
    /// Plain HTTP to a host other than loopback or 10.0.2.2.
    #[error(
        "plain http:// is allowed only to this device (localhost) or the Android emulator's \
         host (10.0.2.2); use https://"
    )]
    PlainHttp,
}

/// The one rule for every address Vidi fetches from: HTTPS, or HTTP to a
/// loopback address or 10.0.2.2.
fn checked_url(url: &str) -> Result<Url, ServerUrlError> {
    let url = Url::parse(url).map_err(|_| {
        if url.contains("://") || url.trim().is_empty() {
            ServerUrlError::NotAUrl
        } else {
            ServerUrlError::Scheme
        }
    })?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(ServerUrlError::NoHost);
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(ServerUrlError::PlainHttp),
        _ => Err(ServerUrlError::Scheme),
    }
}

/// A server address as typed on a first-run screen, checked by the same
/// rule as every fetch (HTTPS, or plain HTTP to loopback or the Android
/// emulator's host 10.0.2.2) and normalised: trimmed, scheme and host in
/// lower case, no trailing slash (`http://10.0.2.2:8080`).
pub fn check_server_url(url: &str) -> Result<String, ServerUrlError> {
    let url = checked_url(url.trim())?;
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || ip == ANDROID_EMULATOR_HOST)
}

/// Inside the Android emulator, the host machine's 127.0.0.1.
const ANDROID_EMULATOR_HOST: std::net::IpAddr =
    std::net::IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 2, 2));

/// `base` (an issuer identifier) with `path` appended.
pub(crate) fn join(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// The shared client.
pub(crate) struct Http {
    client: Client,
}

impl Http {
    /// A client whose requests give up after `timeout`, trusting the
    /// servers `trust` does.
    pub(crate) fn new(timeout: Duration, trust: &HttpTrust) -> Result<Self, HttpError> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let client = trust
            .apply(Client::builder())
            .timeout(timeout)
            .connect_timeout(timeout)
            .default_headers(headers)
            .user_agent(concat!("vidi/", env!("CARGO_PKG_VERSION")))
            // A redirect could take a bearer token or a code elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|_| HttpError::Network(NetworkProblem::Connect))?;
        Ok(Self { client })
    }

    fn url(url: &str) -> Result<Url, HttpError> {
        allowed_url(url).ok_or(HttpError::Url)
    }

    /// GET `url` as JSON.
    pub(crate) async fn get_json<T: DeserializeOwned>(&self, url: &str) -> Result<T, HttpError> {
        let request = self.client.get(Self::url(url)?);
        json(self.send(request).await?)
    }

    /// GET `url` as text, asking for `accept` (a request object's JWT).
    pub(crate) async fn get_text(&self, url: &str, accept: &str) -> Result<String, HttpError> {
        let request = self.client.get(Self::url(url)?).header(
            ACCEPT,
            HeaderValue::from_str(accept).map_err(|_| HttpError::Body("accept"))?,
        );
        String::from_utf8(self.send(request).await?).map_err(|_| HttpError::Body("not UTF-8 text"))
    }

    /// POST the form `fields` to `url`, JSON back.
    pub(crate) async fn post_form<T: DeserializeOwned>(
        &self,
        url: &str,
        fields: &[(&str, &str)],
    ) -> Result<T, HttpError> {
        let request = self.client.post(Self::url(url)?).form(fields);
        json(self.send(request).await?)
    }

    /// POST with an empty body to `url`, JSON back.
    pub(crate) async fn post_empty<T: DeserializeOwned>(&self, url: &str) -> Result<T, HttpError> {
        let request = self.client.post(Self::url(url)?);
        json(self.send(request).await?)
    }

    /// POST `body` as JSON to `url` with an optional bearer token, JSON back.
    pub(crate) async fn post_json<B: serde::Serialize, T: DeserializeOwned>(
        &self,
        url: &str,
        body: &B,
        bearer: Option<&str>,
    ) -> Result<T, HttpError> {
        let mut request = self.client.post(Self::url(url)?).json(body);
        if let Some(token) = bearer {
            let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| HttpError::Body("the access token is not a header value"))?;
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        json(self.send(request).await?)
    }

    /// GET `url` with `If-None-Match: etag` when one is given.
    pub(crate) async fn get_conditional(
        &self,
        url: &str,
        etag: Option<&str>,
    ) -> Result<Conditional, HttpError> {
        let mut request = self.client.get(Self::url(url)?);
        if let Some(tag) = etag.and_then(|t| HeaderValue::from_str(t).ok()) {
            request = request.header(IF_NONE_MATCH, tag);
        }
        let response = request.send().await.map_err(|e| network(&e))?;
        if response.status() == StatusCode::NOT_MODIFIED {
            return Ok(Conditional::NotModified);
        }
        let status = response.status();
        let etag = response
            .headers()
            .get(ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = read_body(response).await?;
        if !status.is_success() {
            return Err(HttpError::Status(status, oauth_error(&body)));
        }
        let body = String::from_utf8(body).map_err(|_| HttpError::Body("not UTF-8 text"))?;
        Ok(Conditional::Fresh { body, etag })
    }

    /// Sends `request`; a non-2xx answer becomes [`HttpError::Status`].
    async fn send(&self, request: RequestBuilder) -> Result<Vec<u8>, HttpError> {
        let response = request.send().await.map_err(|e| network(&e))?;
        let status = response.status();
        let body = read_body(response).await?;
        if status.is_success() {
            Ok(body)
        } else {
            Err(HttpError::Status(status, oauth_error(&body)))
        }
    }
}

async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>, HttpError> {
    if response
        .content_length()
        .is_some_and(|len| len > MAX_BODY as u64)
    {
        return Err(HttpError::Body("the answer is too large"));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| network(&e))? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(HttpError::Body("the answer is too large"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn json<T: DeserializeOwned>(body: Vec<u8>) -> Result<T, HttpError> {
    // serde's message can quote the offending value: not passed on.
    serde_json::from_slice(&body).map_err(|_| HttpError::Body("not the expected JSON"))
}

/// The OAuth error in a body, when it is one.
fn oauth_error(body: &[u8]) -> Option<OAuthError> {
    serde_json::from_slice::<OAuthError>(body).ok()
}

/// The anchor key the server publishes at `/trust-anchor` (a JWK, bare or as `{"jwk": ...}`).
pub(crate) async fn fetch_anchor(http: &Http, server: &str) -> Result<PublicKey, HttpError> {
    let value: Value = http.get_json(&join(server, "/trust-anchor")).await?;
    let jwk = value.get("jwk").unwrap_or(&value);
    public_key_from_jwk(jwk).map_err(|_| HttpError::Body("not a P-256 JWK"))
}

/// Server-supplied text made safe to show: printable, one line, bounded.
pub(crate) fn printable(text: &str, max_chars: usize) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max_chars)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_http() {
        assert!(allowed_url("https://issuer.example/x").is_some());
        assert!(allowed_url("http://127.0.0.1:8080/offers/1").is_some());
        assert!(allowed_url("http://localhost/x").is_some());
        assert!(allowed_url("http://[::1]:9/x").is_some());
        assert!(allowed_url("http://issuer.example/x").is_none());
        assert!(allowed_url("http://10.0.0.1/x").is_none());
        // The Android emulator's host loopback, and nothing else in 10/8.
        assert!(allowed_url("http://10.0.2.2:8080/x").is_some());
        assert!(allowed_url("http://10.0.2.3:8080/x").is_none());
        assert!(allowed_url("file:///etc/passwd").is_none());
        assert!(allowed_url("not a url").is_none());
    }

    #[test]
    fn server_urls_are_checked_and_normalised() {
        assert_eq!(
            check_server_url("  http://10.0.2.2:8080/ \n"),
            Ok("http://10.0.2.2:8080".to_owned())
        );
        assert_eq!(
            check_server_url("HTTPS://Issuer.Example/vidi/"),
            Ok("https://issuer.example/vidi".to_owned())
        );
        assert_eq!(
            check_server_url("http://localhost:8080"),
            Ok("http://localhost:8080".to_owned())
        );
        assert_eq!(
            check_server_url("http://[::1]:9/"),
            Ok("http://[::1]:9".to_owned())
        );
        assert_eq!(
            check_server_url("http://issuer.example"),
            Err(ServerUrlError::PlainHttp)
        );
        assert_eq!(
            check_server_url("http://10.0.2.3:8080"),
            Err(ServerUrlError::PlainHttp)
        );
        assert_eq!(
            check_server_url("ftp://issuer.example"),
            Err(ServerUrlError::Scheme)
        );
        assert_eq!(
            check_server_url("10.0.2.2:8080"),
            Err(ServerUrlError::Scheme)
        );
        assert_eq!(check_server_url("   "), Err(ServerUrlError::NotAUrl));
        assert_eq!(check_server_url("https://"), Err(ServerUrlError::NotAUrl));
        assert_eq!(
            check_server_url("file:///tmp/x"),
            Err(ServerUrlError::NoHost)
        );
    }

    #[test]
    fn joins_and_cleans() {
        assert_eq!(join("http://a/", "/token"), "http://a/token");
        assert_eq!(join("http://a", "/token"), "http://a/token");
        assert_eq!(printable("a\nb\u{1b}[2J", 5), "a b [");
    }
}
