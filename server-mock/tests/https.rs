//! HTTPS end to end: the server started with `tls` (a certificate for
//! 127.0.0.1 and localhost under a test CA made here), and the wallet's
//! issuance and the verifier's sync of `vidi_core` trusting that CA through
//! `HttpTrust`. Then what must be refused: a server whose CA is not
//! trusted, a certificate for another host name, plain HTTP to the HTTPS
//! port (and HTTPS to a plain one).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use vidi_core::http::NetworkProblem;
use vidi_core::http::trust::HttpTrust;
use vidi_core::issuance::{IssuanceError, IssuanceOptions, accept_offer};
use vidi_core::store::{MemoryKeyProvider, Wallet};
use vidi_core::sync::{SyncError, SyncOptions, VerifierCache, sync_with};
use vidi_server_mock::{Config, OfferCreated, OfferRequest, Server, TlsFiles, start};

/// A test CA: its certificate (PEM) and what signs with it.
struct TestCa {
    pem: String,
    issuer: Issuer<'static, KeyPair>,
}

fn test_ca(name: &str) -> TestCa {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let pem = params.self_signed(&key).unwrap().pem();
    TestCa {
        pem,
        issuer: Issuer::new(params, key),
    }
}

/// A server certificate for `names` signed by `ca`, written as PEM files
/// into `dir`.
fn server_files(ca: &TestCa, names: &[&str], dir: &Path) -> TlsFiles {
    let key = KeyPair::generate().unwrap();
    let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let mut params = CertificateParams::new(names).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, "vidi-server-mock");
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let cert = params.signed_by(&key, &ca.issuer).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let files = TlsFiles {
        cert: dir.join("server.pem"),
        key: dir.join("server.key"),
    };
    std::fs::write(&files.cert, cert.pem()).unwrap();
    std::fs::write(&files.key, key.serialize_pem()).unwrap();
    files
}

async fn https_server(dir: &Path, tls: TlsFiles) -> Server {
    let mut config = Config::ephemeral(dir.join("issuer"));
    config.tls = Some(tls);
    start(config).await.unwrap()
}

async fn offer(server: &Server, citizen: u32) -> OfferCreated {
    server
        .admin()
        .create_offer(OfferRequest {
            citizen,
            by_reference: true,
            ..OfferRequest::default()
        })
        .await
        .unwrap()
}

fn trusting(ca: &TestCa) -> HttpTrust {
    HttpTrust::with_extra_ca_pem(ca.pem.as_bytes()).unwrap()
}

async fn issue(
    wallet: &mut Wallet,
    offer: &OfferCreated,
    trust: HttpTrust,
) -> Result<usize, IssuanceError> {
    let options = IssuanceOptions {
        trust,
        ..IssuanceOptions::default()
    };
    accept_offer(wallet, &offer.offer_uri, Some(&offer.pin), options)
        .await
        .map(|report| report.documents.len())
}

fn new_wallet(dir: &Path) -> Wallet {
    Wallet::create(dir.join("wallet.db"), &MemoryKeyProvider::generate()).unwrap()
}

fn network_problem(e: &IssuanceError) -> Option<NetworkProblem> {
    match e {
        IssuanceError::Network { problem, .. } => Some(*problem),
        _ => None,
    }
}

fn sync_problem(e: &SyncError) -> Option<NetworkProblem> {
    match e {
        SyncError::Network { problem, .. } => Some(*problem),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn issuance_and_sync_over_https_under_a_trusted_test_ca() {
    let tmp = tempfile::tempdir().unwrap();
    let ca = test_ca("Vidi test CA");
    let server = https_server(
        tmp.path(),
        server_files(&ca, &["127.0.0.1", "localhost"], &tmp.path().join("tls")),
    )
    .await;
    let base = server.base_url();
    assert!(base.starts_with("https://127.0.0.1:"), "{base}");
    assert!(server.startup().ios_url.starts_with("https://localhost:"));

    // The offer (by reference), the metadata, the token, the credentials.
    let created = offer(&server, 0).await;
    assert!(
        created.offer_uri.contains("https%3A%2F%2F127.0.0.1"),
        "the offer names the HTTPS issuer"
    );
    let mut wallet = new_wallet(tmp.path());
    let documents = issue(&mut wallet, &created, trusting(&ca)).await.unwrap();
    assert!(documents >= 1);
    assert_eq!(wallet.list_documents().unwrap().len(), documents);

    // The verifier's sync over the same connection rules.
    let cache = tmp.path().join("cache");
    let options = SyncOptions {
        trust: trusting(&ca),
        ..SyncOptions::default()
    };
    let report = sync_with(&base, &cache, &options).await.unwrap();
    assert!(report.is_complete());
    VerifierCache::load(&cache).unwrap();
    // And by host name: the certificate names localhost too.
    let by_name = base.replace("127.0.0.1", "localhost");
    sync_with(&by_name, &cache, &options).await.unwrap();
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn untrusted_wrong_host_and_plain_http_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let ca = test_ca("Vidi test CA");
    let other_ca = test_ca("Someone else's CA");
    let server = https_server(
        tmp.path(),
        server_files(&ca, &["127.0.0.1", "localhost"], &tmp.path().join("tls")),
    )
    .await;
    let base = server.base_url();
    let created = offer(&server, 0).await;
    let mut wallet = new_wallet(tmp.path());

    // The platform's roots alone, and another CA: not trusted.
    for trust in [HttpTrust::platform(), trusting(&other_ca)] {
        let e = issue(&mut wallet, &created, trust.clone())
            .await
            .unwrap_err();
        assert_eq!(
            network_problem(&e),
            Some(NetworkProblem::UntrustedCertificate),
            "{e}"
        );
        assert!(
            e.to_string()
                .contains("the issuer's certificate is not trusted"),
            "{e}"
        );
        assert_eq!(e.code(), "network");

        let options = SyncOptions {
            trust,
            ..SyncOptions::default()
        };
        let e = sync_with(&base, &tmp.path().join("cache"), &options)
            .await
            .unwrap_err();
        assert_eq!(
            sync_problem(&e),
            Some(NetworkProblem::UntrustedCertificate),
            "{e}"
        );
        assert!(
            e.to_string()
                .contains("the server's certificate is not trusted"),
            "{e}"
        );
    }
    assert!(wallet.list_documents().unwrap().is_empty());

    // Plain HTTP to the HTTPS port: no answer is taken.
    let plain = base.replace("https://", "http://");
    let e = sync_with(
        &plain,
        &tmp.path().join("cache"),
        &SyncOptions {
            trust: trusting(&ca),
            ..SyncOptions::default()
        },
    )
    .await
    .unwrap_err();
    // The server ends the connection at the failed handshake.
    assert_eq!(sync_problem(&e), Some(NetworkProblem::Transfer), "{e}");
    let link = created.offer_uri.replace("https%3A", "http%3A");
    let e = accept_offer(
        &mut wallet,
        &link,
        Some(&created.pin),
        IssuanceOptions {
            trust: trusting(&ca),
            ..IssuanceOptions::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(network_problem(&e), Some(NetworkProblem::Transfer), "{e}");
    assert!(wallet.list_documents().unwrap().is_empty());

    // And HTTPS to a plain HTTP server: no TLS handshake.
    let plain_server = start(Config::ephemeral(tmp.path().join("plain")))
        .await
        .unwrap();
    let e = sync_with(
        &plain_server.base_url().replace("http://", "https://"),
        &tmp.path().join("cache"),
        &SyncOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(sync_problem(&e), Some(NetworkProblem::Tls), "{e}");
    assert!(e.to_string().contains("TLS"), "{e}");
    plain_server.shutdown().await;

    // The offer was never redeemed by those attempts: it still works.
    assert!(issue(&mut wallet, &created, trusting(&ca)).await.unwrap() >= 1);
    server.shutdown().await;

    // A certificate from the trusted CA, but for another host name.
    let elsewhere = tmp.path().join("elsewhere");
    let server = https_server(
        &elsewhere,
        server_files(&ca, &["issuer.example"], &elsewhere.join("tls")),
    )
    .await;
    let created = offer(&server, 1).await;
    let mut wallet = new_wallet(&elsewhere);
    let e = issue(&mut wallet, &created, trusting(&ca))
        .await
        .unwrap_err();
    assert_eq!(
        network_problem(&e),
        Some(NetworkProblem::CertificateForAnotherHost),
        "{e}"
    );
    assert!(e.to_string().contains("is for another host"), "{e}");
    let e = sync_with(
        &server.base_url(),
        &elsewhere.join("cache"),
        &SyncOptions {
            trust: trusting(&ca),
            ..SyncOptions::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        sync_problem(&e),
        Some(NetworkProblem::CertificateForAnotherHost),
        "{e}"
    );
    assert!(wallet.list_documents().unwrap().is_empty());
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_certificate_or_key_file_stops_the_start() {
    let tmp = tempfile::tempdir().unwrap();
    let ca = test_ca("Vidi test CA");
    let good = server_files(&ca, &["127.0.0.1"], &tmp.path().join("tls"));
    let junk = tmp.path().join("junk.pem");
    std::fs::write(&junk, "not PEM").unwrap();
    let cases = [
        TlsFiles {
            cert: junk.clone(),
            key: good.key.clone(),
        },
        TlsFiles {
            cert: good.cert.clone(),
            key: junk.clone(),
        },
        TlsFiles {
            cert: tmp.path().join("missing.pem"),
            key: good.key.clone(),
        },
        // A key that is not the certificate's.
        TlsFiles {
            cert: good.cert.clone(),
            key: server_files(&ca, &["127.0.0.1"], &tmp.path().join("other")).key,
        },
    ];
    for (n, tls) in cases.into_iter().enumerate() {
        let mut config = Config::ephemeral(tmp.path().join(format!("issuer{n}")));
        config.tls = Some(tls);
        let Err(e) = start(config).await else {
            panic!("case {n} started");
        };
        let text = e.to_string();
        assert!(text.contains("--tls-"), "case {n}: {text}");
        assert!(!text.contains("PRIVATE KEY"), "case {n}: {text}");
    }
}
