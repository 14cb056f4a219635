//! `vidi_core::issuance` and `vidi_core::sync` called directly against the
//! mock issuer started in-process: typed errors, nothing stored on failure,
//! a locked wallet refused before the offer is used up, progress and
//! cancellation, re-binding reports, and the verifier cache's verdicts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};

use time::OffsetDateTime;
use vidi_core::document::DocumentType;
use vidi_core::issuance::{
    CancelFlag, DocumentRefusal, IssuanceError, IssuanceOptions, IssuanceStep, RefusedDocument,
    accept_offer, rebind,
};
use vidi_core::preset::Preset;
use vidi_core::store::{
    AddOutcome, Disclose, DocumentStatus, MemoryDeviceKeyStore, MemoryKeyProvider, Wallet,
};
use vidi_core::sync::{SyncOutcome, VerifierCache, sync};
use vidi_core::verifier::{Policy, RejectReason, verify};
use vidi_server_mock::{Change, Config, OfferCreated, OfferRequest, ReissueRequest, Server, start};

async fn server(dir: &std::path::Path) -> Server {
    start(Config::ephemeral(dir.join("issuer"))).await.unwrap()
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

fn new_wallet(dir: &std::path::Path, name: &str) -> (Wallet, MemoryKeyProvider) {
    let key = MemoryKeyProvider::generate();
    let wallet = Wallet::create(dir.join(name), &key).unwrap();
    (wallet, key)
}

#[tokio::test(flavor = "multi_thread")]
async fn typed_errors_and_nothing_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let server = server(tmp.path()).await;
    let (mut wallet, _) = new_wallet(tmp.path(), "w.db");
    let created = offer(&server, 0).await;
    let wrong = if created.pin == "000000" {
        "111111"
    } else {
        "000000"
    };

    let error = accept_offer(
        &mut wallet,
        &created.offer_uri,
        Some(wrong),
        IssuanceOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            error,
            IssuanceError::WrongPin {
                tries_left: Some(_)
            }
        ),
        "{error}"
    );
    assert_eq!(error.code(), "wrong_pin");
    let text = format!("{error} {error:?}");
    assert!(
        !text.contains(wrong) && !text.contains(&created.offer_id),
        "{text}"
    );
    assert!(wallet.list_documents().unwrap().is_empty());

    let error = accept_offer(
        &mut wallet,
        &created.offer_uri,
        None,
        IssuanceOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, IssuanceError::PinRequired), "{error}");

    // Cancelled between steps: nothing stored, the offer still usable.
    let cancel = CancelFlag::new();
    let steps = Arc::new(Mutex::new(Vec::new()));
    let mut progress = {
        let (cancel, steps) = (cancel.clone(), steps.clone());
        move |step: IssuanceStep| {
            if step == IssuanceStep::ReadingMetadata {
                cancel.cancel();
            }
            steps.lock().unwrap().push(step);
        }
    };
    let error = accept_offer(
        &mut wallet,
        &created.offer_uri,
        Some(&created.pin),
        IssuanceOptions {
            cancel: Some(cancel),
            progress: Some(&mut progress),
            ..IssuanceOptions::default()
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(error, IssuanceError::Cancelled), "{error}");
    assert_eq!(steps.lock().unwrap().len(), 2);
    assert!(wallet.list_documents().unwrap().is_empty());

    // Dropping the future half-way stores nothing either.
    let dropped = tokio::time::timeout(
        std::time::Duration::from_millis(1),
        accept_offer(
            &mut wallet,
            &created.offer_uri,
            Some(&created.pin),
            IssuanceOptions::default(),
        ),
    )
    .await;
    if dropped.is_err() {
        assert!(wallet.list_documents().unwrap().is_empty());
    }

    // A stopped server is a network error.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gone = format!("http://{}/offers/x", closed.local_addr().unwrap());
    drop(closed);
    let link = vidi_core::oid4vci::OfferLink::ByReference(gone).to_link();
    let error = accept_offer(&mut wallet, &link, Some("1"), IssuanceOptions::default())
        .await
        .unwrap_err();
    assert_eq!(error.code(), "network", "{error}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_wallet_is_refused_before_the_offer_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    let server = server(tmp.path()).await;
    let (mut wallet, key) = new_wallet(tmp.path(), "w.db");
    wallet.lock();
    let created = offer(&server, 0).await;
    let error = accept_offer(
        &mut wallet,
        &created.offer_uri,
        Some(&created.pin),
        IssuanceOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            error,
            IssuanceError::Store(vidi_core::store::StoreError::Locked)
        ),
        "{error}"
    );
    // Unlocked, the same offer still works.
    wallet.unlock(&key).unwrap();
    let report = accept_offer(
        &mut wallet,
        &created.offer_uri,
        Some(&created.pin),
        IssuanceOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.documents.len(), 3);

    // With hardware keys, a locked wallet receives the documents as pending.
    let (mut hardware, key) = new_wallet(tmp.path(), "hw.db");
    hardware.set_device_key_store(Arc::new(MemoryDeviceKeyStore::new()));
    hardware.lock();
    let created = offer(&server, 1).await;
    let report = accept_offer(
        &mut hardware,
        &created.offer_uri,
        Some(&created.pin),
        IssuanceOptions::default(),
    )
    .await
    .unwrap();
    assert!(
        report
            .documents
            .iter()
            .all(|d| matches!(d.outcome, AddOutcome::Pending(_)))
    );
    let merged = hardware.unlock(&key).unwrap();
    assert_eq!(merged.merged_added, report.documents.len());
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn issued_documents_verify_from_the_synced_cache_until_revoked() {
    let tmp = tempfile::tempdir().unwrap();
    let server = server(tmp.path()).await;
    let (mut wallet, _) = new_wallet(tmp.path(), "w.db");
    let created = offer(&server, 0).await;
    let mut steps = Vec::new();
    let mut progress = |step: IssuanceStep| steps.push(step);
    let report = accept_offer(
        &mut wallet,
        &created.offer_uri,
        Some(&created.pin),
        IssuanceOptions {
            batch_size: 2,
            progress: Some(&mut progress),
            ..IssuanceOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(steps.last(), Some(&IssuanceStep::Done));
    assert_eq!(report.issuer, server.base_url());
    assert_eq!(report.batch_size, 2);
    let national = &report.documents[0];
    assert_eq!(national.credentials, 10);
    let id = national.outcome.id().clone();
    let view = wallet.document(&id).unwrap();
    let keys: std::collections::BTreeSet<_> = view
        .credentials
        .iter()
        .map(|c| c.device_key.clone())
        .collect();
    assert_eq!(keys.len(), 10, "one device key per credential");

    let cache_dir = tmp.path().join("cache");
    sync(&server.base_url(), &cache_dir).await.unwrap();
    let now = OffsetDateTime::now_utc();
    let proof = wallet
        .present(&id, Disclose::Preset(Preset::CheckpointId), None, None, now)
        .unwrap();
    let cache = VerifierCache::load(&cache_dir).unwrap();
    let verified = verify(
        &proof.text,
        &cache.data.trust_list,
        &cache.data.status_lists,
        now,
        &Policy::default(),
    )
    .unwrap();
    assert_eq!(verified.kind.name(), "checkpoint-id");

    // Revoke the card: every credential of the document shown (the wallet
    // picks a batch copy at random, so revoking one copy is not enough).
    let admin = server.admin();
    let citizen = admin.citizen(0).await.unwrap();
    let document = citizen
        .documents
        .iter()
        .find(|d| {
            d.credentials
                .iter()
                .any(|c| c.device_key == verified.device_key.to_hex())
        })
        .expect("the document shown");
    for credential in &document.credentials {
        admin
            .change_credential(credential.id, Change::Revoke)
            .await
            .unwrap();
    }
    let report = sync(&server.base_url(), &cache_dir).await.unwrap();
    assert!(
        report
            .lists
            .iter()
            .any(|l| matches!(l.outcome, SyncOutcome::Changed))
    );
    let cache = VerifierCache::load(&cache_dir).unwrap();
    let now = OffsetDateTime::now_utc();
    let proof = wallet
        .present(&id, Disclose::Preset(Preset::CheckpointId), None, None, now)
        .unwrap();
    let verdict = verify(
        &proof.text,
        &cache.data.trust_list,
        &cache.data.status_lists,
        now,
        &Policy::default(),
    );
    assert_eq!(verdict.unwrap_err(), RejectReason::Revoked);
    // The wallet's own record of the status is not touched by issuance.
    assert_eq!(
        wallet.document(&id).unwrap().summary.status.status,
        DocumentStatus::Unknown
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rebind_reports_the_documents_it_made_presentable() {
    let tmp = tempfile::tempdir().unwrap();
    let server = server(tmp.path()).await;
    let (mut old_phone, _) = new_wallet(tmp.path(), "old.db");
    let created = offer(&server, 0).await;
    accept_offer(
        &mut old_phone,
        &created.offer_uri,
        Some(&created.pin),
        IssuanceOptions::default(),
    )
    .await
    .unwrap();
    let backup = tmp.path().join("backup.age");
    old_phone
        .backup_with_work_factor(&backup, "backup", Some(10))
        .unwrap();

    let (mut new_phone, _) = new_wallet(tmp.path(), "new.db");
    let restored = new_phone
        .restore(&backup, "backup", OffsetDateTime::now_utc())
        .unwrap();
    assert_eq!(restored.needs_rebinding, 3);

    // Only the licence re-issued first: the other two still wait.
    let licence_only = server
        .admin()
        .reissue(
            0,
            ReissueRequest {
                document_types: Some(vec!["driving_licence".into()]),
                by_reference: true,
                ..ReissueRequest::default()
            },
        )
        .await
        .unwrap();
    let report = rebind(
        &mut new_phone,
        &licence_only.offer_uri,
        Some(&licence_only.pin),
        IssuanceOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.rebound.len(), 1);
    assert_eq!(report.still_needs_rebinding.len(), 2);

    let rest = server
        .admin()
        .reissue(0, ReissueRequest::default())
        .await
        .unwrap();
    let report = rebind(
        &mut new_phone,
        &rest.offer_uri,
        Some(&rest.pin),
        IssuanceOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.rebound.len(), 2, "{report:?}");
    assert!(report.still_needs_rebinding.is_empty());
    let documents = new_phone.list_documents().unwrap();
    assert_eq!(documents.len(), 3);
    for d in documents {
        assert!(!d.needs_rebinding);
    }
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_issuance_that_fails_after_making_keys_leaves_none_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let server = server(tmp.path()).await;

    // Hardware keys: cancelled once the first credentials have arrived,
    // their keys made in the platform's store are deleted again.
    let (mut wallet, _) = new_wallet(tmp.path(), "hw.db");
    let hardware = Arc::new(MemoryDeviceKeyStore::new());
    wallet.set_device_key_store(hardware.clone());
    let created = offer(&server, 0).await;
    let cancel = CancelFlag::new();
    let made = Arc::new(Mutex::new(0));
    let mut progress = {
        let (cancel, hardware, made) = (cancel.clone(), hardware.clone(), made.clone());
        move |step: IssuanceStep| {
            if matches!(step, IssuanceStep::RequestingCredentials { index: 2, .. }) {
                *made.lock().unwrap() = hardware.len();
                cancel.cancel();
            }
        }
    };
    let error = accept_offer(
        &mut wallet,
        &created.offer_uri,
        Some(&created.pin),
        IssuanceOptions {
            cancel: Some(cancel),
            progress: Some(&mut progress),
            ..IssuanceOptions::default()
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(error, IssuanceError::Cancelled), "{error}");
    assert!(
        *made.lock().unwrap() > 0,
        "keys were made before the failure"
    );
    assert_eq!(hardware.len(), 0);
    assert!(wallet.device_keys().unwrap().is_empty());
    assert!(wallet.list_documents().unwrap().is_empty());

    // A locked wallet with software keys is refused after making the key
    // it checks with: that key is gone too.
    let (mut locked, _) = new_wallet(tmp.path(), "sw.db");
    locked.lock();
    let created = offer(&server, 1).await;
    let error = accept_offer(
        &mut locked,
        &created.offer_uri,
        Some(&created.pin),
        IssuanceOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            error,
            IssuanceError::Store(vidi_core::store::StoreError::Locked)
        ),
        "{error}"
    );
    assert!(locked.device_keys().unwrap().is_empty());

    // A successful issuance keeps exactly the keys its credentials use.
    let (mut ok, _) = new_wallet(tmp.path(), "ok.db");
    let hardware = Arc::new(MemoryDeviceKeyStore::new());
    ok.set_device_key_store(hardware.clone());
    let created = offer(&server, 0).await;
    let report = accept_offer(
        &mut ok,
        &created.offer_uri,
        Some(&created.pin),
        IssuanceOptions::default(),
    )
    .await
    .unwrap();
    // Its Vidi credentials' and its SD-JWT VCs' (one per document).
    let credentials: usize = report
        .documents
        .iter()
        .map(|d| d.credentials + d.sd_jwt)
        .sum();
    assert!(report.documents.iter().all(|d| d.sd_jwt == 1));
    assert_eq!(hardware.len(), credentials);
    assert_eq!(ok.device_keys().unwrap().len(), credentials);
    // Deleting a document deletes its keys from the platform's store.
    let first = &report.documents[0];
    ok.delete_document(first.outcome.id(), OffsetDateTime::now_utc())
        .unwrap();
    assert_eq!(
        hardware.len(),
        credentials - first.credentials - first.sd_jwt
    );
    server.shutdown().await;
}

/// An offer whose driving licence has expired by the time it is redeemed
/// (the issuer's database changed on disk after the offer was made): the
/// identity card and health card are stored, the licence is reported
/// refused as expired, and nothing of it is issued.
#[tokio::test(flavor = "multi_thread")]
async fn one_expired_document_is_refused_and_the_others_are_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let server = server(tmp.path()).await;
    let (mut wallet, _) = new_wallet(tmp.path(), "w.db");
    let created = offer(&server, 0).await;
    let db =
        rusqlite::Connection::open(tmp.path().join("issuer/vidi-server-mock.sqlite3")).unwrap();
    let record: String = db
        .query_row("SELECT record FROM citizens WHERE number = 0", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut person: serde_json::Value = serde_json::from_str(&record).unwrap();
    let issued = person["driving_licence"]["date_of_issue"].clone();
    for class in person["driving_licence"]["classes"].as_array_mut().unwrap() {
        class["valid_until"] = issued.clone();
    }
    db.execute(
        "UPDATE citizens SET record = ?1 WHERE number = 0",
        [person.to_string()],
    )
    .unwrap();

    let report = accept_offer(
        &mut wallet,
        &created.offer_uri,
        Some(&created.pin),
        IssuanceOptions::default(),
    )
    .await
    .unwrap();
    let stored: Vec<DocumentType> = report.documents.iter().map(|d| d.document_type).collect();
    assert_eq!(
        stored,
        [DocumentType::NationalId, DocumentType::HealthInsurance]
    );
    assert_eq!(
        report.refused,
        [RefusedDocument {
            document_type: DocumentType::DrivingLicence,
            reason: DocumentRefusal::Expired,
        }]
    );
    assert_eq!(wallet.list_documents().unwrap().len(), 2);
    let view = server.admin().citizen(0).await.unwrap();
    let licence = view
        .documents
        .iter()
        .find(|d| d.document_type == "driving_licence")
        .unwrap();
    assert!(licence.credentials.is_empty());
    // Made today, an offer leaves the expired licence out.
    let today = offer(&server, 0).await;
    assert!(
        !today
            .offer
            .credential_configuration_ids
            .iter()
            .any(|id| id.contains("licence")),
        "{:?}",
        today.offer.credential_configuration_ids
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sd_jwt_vcs_come_with_the_documents_and_present_with_key_binding() {
    use vidi_core::sdjwt::{JwtVcIssuerMetadata, KeyBindingCheck, verify_presentation};

    let tmp = tempfile::tempdir().unwrap();
    let server = server(tmp.path()).await;
    let (mut wallet, key) = new_wallet(tmp.path(), "w.db");
    let created = offer(&server, 0).await;
    let report = accept_offer(
        &mut wallet,
        &created.offer_uri,
        Some(&created.pin),
        IssuanceOptions {
            batch_size: 2,
            ..IssuanceOptions::default()
        },
    )
    .await
    .unwrap();
    // Two SD-JWT VCs per document, beside the Vidi credentials.
    assert_eq!(report.documents.len(), 3);
    assert!(report.documents.iter().all(|d| d.sd_jwt == 2), "{report:?}");
    let nid = report.documents[0].outcome.id().clone();
    let licence = report.documents[1].outcome.id().clone();
    let held = wallet.sd_jwt_credentials(&nid).unwrap();
    assert_eq!(held.len(), 2);
    assert_eq!(held[0].credential.issuer(), server.base_url());

    // The licence renewal service's claims, after a reopen.
    drop(wallet);
    let mut wallet = Wallet::open(tmp.path().join("w.db")).unwrap();
    wallet.unlock_at(&key, OffsetDateTime::now_utc()).unwrap();
    let now = OffsetDateTime::now_utc();
    let claims = [
        "full_name",
        "licence_number",
        "licence_classes",
        "date_of_expiry",
    ];
    let text = wallet
        .present_sd_jwt(&licence, &claims, "https://rp.example", "nonce-7", now)
        .unwrap();
    let metadata: serde_json::Value =
        get_json(&format!("{}/.well-known/jwt-vc-issuer", server.base_url())).await;
    let keys = JwtVcIssuerMetadata::from_json(&metadata).unwrap();
    let check = KeyBindingCheck {
        audience: "https://rp.example",
        nonce: "nonce-7",
        now,
        max_age: time::Duration::minutes(5),
    };
    let shown = verify_presentation(&text, &keys, &check).unwrap();
    let mut names: Vec<&str> = shown.credential.claims.keys().map(String::as_str).collect();
    names.sort_unstable();
    let mut expected = claims.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected);
    assert_eq!(shown.credential.vct, "urn:vidi:vct:driving_licence");
}

/// A plain HTTP/1.1 GET of `url` on loopback, its body as JSON.
async fn get_json(url: &str) -> serde_json::Value {
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || {
        use std::io::{Read as _, Write as _};
        let rest = url.strip_prefix("http://").unwrap();
        let (host, path) = rest.split_once('/').unwrap();
        let mut stream = std::net::TcpStream::connect(host).unwrap();
        write!(
            stream,
            "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (_, body) = response.split_once("\r\n\r\n").unwrap();
        serde_json::from_str(body).unwrap()
    })
    .await
    .unwrap()
}
