//! End to end over loopback: the mock online service (`/rp` of the mock
//! issuer) starts a session, `vidi wallet present --request <link>`
//! consents or declines, and the session shows what the service verified;
//! and each refusal, by the wallet or by the service.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use vidi_server_mock::{BackgroundServer, Change, Config, OfferRequest};

const PASSPHRASE: &str = "correct horse battery staple";

struct World {
    server: BackgroundServer,
    tmp: tempfile::TempDir,
}

fn both(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// One HTTP/1.1 request over a fresh loopback connection; (status, body).
fn http(base: &str, method: &str, path: &str, content_type: &str, body: &str) -> (u16, String) {
    let host = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = String::new();
        let mut rest = rest;
        loop {
            let (size, after) = rest.split_once("\r\n").unwrap();
            let size = usize::from_str_radix(size.trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            out.push_str(&after[..size]);
            rest = &after[size + 2..];
        }
        out
    } else {
        rest.to_owned()
    };
    (status, body)
}

impl World {
    fn start() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let server = BackgroundServer::start(Config::ephemeral(tmp.path().join("issuer")))
            .expect("the mock issuer starts");
        Self { server, tmp }
    }

    fn base(&self) -> String {
        self.server.base_url()
    }

    /// A session of `service`: (id, link).
    fn session(&self, service: &str) -> (String, String) {
        let (status, body) = http(
            &self.base(),
            "POST",
            "/rp/sessions",
            "application/json",
            &format!(r#"{{"service":"{service}"}}"#),
        );
        assert_eq!(status, 201, "{body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        (
            v["id"].as_str().unwrap().to_owned(),
            v["link"].as_str().unwrap().to_owned(),
        )
    }

    fn state(&self, id: &str) -> Value {
        let (status, body) = http(
            &self.base(),
            "GET",
            &format!("/rp/sessions/{id}"),
            "text/plain",
            "",
        );
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    /// A wallet holding `citizen`'s documents, issued by the mock issuer.
    fn wallet(&self, name: &str, citizen: u32) -> PathBuf {
        let dir = self.tmp.path().join(name);
        let admin = self.server.admin().unwrap();
        let offer = self
            .server
            .block_on(admin.create_offer(OfferRequest {
                citizen,
                ..OfferRequest::default()
            }))
            .unwrap();
        assert_eq!(run(&dir, &["init"]).status.code(), Some(0));
        let out = run(
            &dir,
            &["add", "--offer", &offer.offer_uri, "--pin", &offer.pin],
        );
        assert_eq!(out.status.code(), Some(0), "{}", both(&out));
        dir
    }

    fn revoke_all(&self, citizen: u32) {
        let admin = self.server.admin().unwrap();
        let view = self.server.block_on(admin.citizen(citizen)).unwrap();
        for document in &view.documents {
            for credential in document.credentials.iter().filter(|c| c.state == "valid") {
                self.server
                    .block_on(admin.change_credential(credential.id, Change::Revoke))
                    .unwrap();
            }
        }
    }
}

fn run(dir: &PathBuf, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vidi"))
        .arg("wallet")
        .arg("--dir")
        .arg(dir)
        .args(args)
        .env("VIDI_PASSPHRASE", PASSPHRASE)
        .env("VIDI_SCRYPT_LOG_N", "10")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("vidi runs")
}

fn present(dir: &PathBuf, link: &str, answer: &str) -> Output {
    run(dir, &["present", "--request", link, answer])
}

#[test]
fn each_service_gets_exactly_its_claims_and_the_log_says_who_got_what() {
    let world = World::start();
    let wallet = world.wallet("w", 0);

    let (id, link) = world.session("residence");
    assert_eq!(world.state(&id)["state"], "waiting");
    let out = present(&wallet, &link, "--yes");
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let text = both(&out);
    assert!(
        text.contains("Public services portal (mock) (Cổng dịch vụ công (mô phỏng)) asks for:"),
        "{text}"
    );
    assert!(text.contains("Place of residence"), "{text}");
    assert!(
        text.contains("Why: To register your temporary residence"),
        "{text}"
    );
    assert!(
        text.contains("Shared 4 claims with Public services portal (mock)"),
        "{text}"
    );
    let state = world.state(&id);
    assert_eq!(state["state"], "verified", "{state}");
    let names: Vec<&str> = state["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "date_of_birth",
            "full_name",
            "personal_id_number",
            "place_of_residence"
        ]
    );
    assert!(state.to_string().contains("Nguyễn Thị Thanh Hương"));

    let (id, link) = world.session("age");
    let out = present(&wallet, &link, "--yes");
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let state = world.state(&id);
    assert_eq!(state["state"], "verified", "{state}");
    assert_eq!(
        state["claims"].as_array().unwrap().len(),
        1,
        "only age_over_18: {state}"
    );
    assert_eq!(state["claims"][0]["name"], "age_over_18");

    let (id, link) = world.session("licence");
    let out = present(&wallet, &link, "--yes");
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let state = world.state(&id);
    assert_eq!(state["state"], "verified", "{state}");
    assert!(state.to_string().contains("licence_classes"));

    // The activity log: who (the service), what, when.
    let log = run(&wallet, &["log", "--json"]);
    let log = String::from_utf8_lossy(&log.stdout).to_string();
    assert!(log.contains("Cổng dịch vụ công (mô phỏng)"), "{log}");
    assert!(
        log.contains("verifier_attestation:dichvucong.vidi.test"),
        "{log}"
    );
    assert!(
        log.contains("place_of_residence") && log.contains("age_over_18"),
        "{log}"
    );

    // The same link again: the service has closed the session.
    let out = present(&wallet, &link, "--yes");
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        both(&out).contains("no such presentation session"),
        "{}",
        both(&out)
    );

    // A request object kept by someone and replayed by value after the
    // wallet answered it: the wallet itself refuses.
    let (id, link) = world.session("age");
    let request_uri = link
        .split("request_uri=")
        .nth(1)
        .unwrap()
        .replace("%3A", ":")
        .replace("%2F", "/");
    let path = request_uri.trim_start_matches(&world.base()).to_owned();
    let (status, jws) = http(&world.base(), "GET", &path, "text/plain", "");
    assert_eq!(status, 200);
    let out = present(&wallet, &link, "--yes");
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(world.state(&id)["state"], "verified");
    let by_value =
        format!(r#"{{"client_id":"verifier_attestation:dichvucong.vidi.test","request":"{jws}"}}"#);
    let out = present(&wallet, &by_value, "--yes");
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        both(&out).contains("this request was already answered"),
        "{}",
        both(&out)
    );
}

#[test]
fn a_service_registered_by_an_attester_the_wallet_does_not_trust_is_refused() {
    let world = World::start();
    let wallet = world.wallet("w", 0);
    // Another mock authority: its attester is not in this wallet's trust list.
    let other = World::start();
    let (id, link) = other.session("age");
    let out = present(&wallet, &link, "--yes");
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        both(&out).contains("nobody this wallet trusts has registered"),
        "{}",
        both(&out)
    );
    assert_eq!(other.state(&id)["state"], "waiting", "nothing was sent");
}

#[test]
fn declining_tells_the_service_and_shares_nothing() {
    let world = World::start();
    let wallet = world.wallet("w", 0);
    let (id, link) = world.session("residence");
    let out = present(&wallet, &link, "--no");
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(
        both(&out).contains("Declined: nothing was shared"),
        "{}",
        both(&out)
    );
    let state = world.state(&id);
    assert_eq!(state["state"], "declined", "{state}");
    assert!(state.get("claims").is_none());
    // Without --yes/--no and no terminal: a usage error, nothing sent.
    let (id, link) = world.session("age");
    let out = run(&wallet, &["present", "--request", &link]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert_eq!(world.state(&id)["state"], "waiting");
}

#[test]
fn the_service_refuses_a_revoked_credential() {
    let world = World::start();
    let wallet = world.wallet("w", 0);
    world.revoke_all(0);
    let (id, link) = world.session("residence");
    let out = present(&wallet, &link, "--yes");
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        both(&out).contains("the credential has been revoked"),
        "{}",
        both(&out)
    );
    let state = world.state(&id);
    assert_eq!(state["state"], "refused", "{state}");
    assert_eq!(state["reason"], "the credential has been revoked");
}

#[test]
fn the_wallet_refuses_what_it_does_not_hold_and_requests_it_cannot_trust() {
    let world = World::start();
    // Citizen 1 is a minor without a driving licence.
    let wallet = world.wallet("w", 1);
    let (id, link) = world.session("licence");
    let out = present(&wallet, &link, "--yes");
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        both(&out).contains(
            "does not hold: Giấy phép lái xe · Driving licence with Full name, Licence number"
        ),
        "{}",
        both(&out)
    );
    assert_eq!(world.state(&id)["state"], "waiting", "nothing was sent");

    // A link whose client_id is not the one that signed the request.
    let (_, link) = world.session("age");
    let forged = link.replace("dichvucong.vidi.test", "other.vidi.test");
    let out = present(&wallet, &forged, "--yes");
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        both(&out).contains("names another service"),
        "{}",
        both(&out)
    );

    // Plain parameters: unsigned.
    let out = present(
        &wallet,
        "openid4vp://?client_id=x&response_type=vp_token&dcql_query=%7B%7D",
        "--yes",
    );
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(both(&out).contains("not signed"), "{}", both(&out));

    // Not a request at all.
    let out = present(&wallet, "https://example.com/", "--yes");
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
}
