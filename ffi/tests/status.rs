//! A document's last-known status from the verifier's cached status lists:
//! issued by the mock issuer on loopback, revoked through its admin API,
//! learned by the wallet offline after a verifier sync.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::future::Future;

use vidi_core::document::DocumentType as CoreDocumentType;
use vidi_ffi::{
    DocumentStatus, DocumentType, Verifier, VidiError, Wallet, accept_offer, memory_key_provider,
    read_offer,
};
use vidi_server_mock::{BackgroundServer, Change, Config, OfferRequest, citizens};

/// Polls `future` from a thread outside the FFI's runtime, as the apps do.
fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
        .block_on(future)
}

#[test]
fn a_revoked_card_shows_as_revoked_after_a_sync() {
    let dir = tempfile::tempdir().unwrap();
    let server = BackgroundServer::start(Config::ephemeral(dir.path().join("issuer"))).unwrap();
    let url = server.base_url();
    let wallet = Wallet::create(
        dir.path().join("wallet.db").to_string_lossy().into_owned(),
        memory_key_provider(),
        None,
    )
    .unwrap();
    let admin = server.admin().unwrap();
    let offer = server
        .block_on(admin.create_offer(OfferRequest {
            citizen: 0,
            by_reference: false,
            ..OfferRequest::default()
        }))
        .unwrap();
    let info = read_offer(format!(" {} ", offer.offer_uri)).unwrap();
    assert_eq!(info.issuer.as_deref(), Some(url.as_str()));
    assert!(info.documents.contains(&DocumentType::NationalId));
    assert!(info.needs_pin && !info.by_reference);
    let report = block_on(accept_offer(
        wallet.clone(),
        info.link,
        Some(offer.pin),
        1,
        None,
        None,
    ))
    .unwrap();
    let card = report
        .documents
        .iter()
        .find(|d| d.document_type == DocumentType::NationalId)
        .unwrap()
        .document_id
        .clone();

    let verifier = Verifier::new(dir.path().join("verifier").to_string_lossy().into_owned());
    assert!(matches!(
        wallet.update_status(verifier.clone(), None),
        Err(VidiError::NotFound { .. })
    ));
    block_on(verifier.sync(url.clone())).unwrap();
    let listed = wallet.update_status(verifier.clone(), None).unwrap();
    assert!(listed.iter().all(|d| d.status == DocumentStatus::Valid));
    assert!(listed.iter().all(|d| d.status_learned_at_unix.is_some()));

    let view = server.block_on(admin.citizen(0)).unwrap();
    let nid = citizens::type_name(CoreDocumentType::NationalId);
    let document = view
        .documents
        .iter()
        .find(|d| d.document_type == nid)
        .unwrap();
    let credential = document
        .credentials
        .iter()
        .find(|c| c.state == "valid")
        .unwrap();
    server
        .block_on(admin.change_credential(credential.id, Change::Revoke))
        .unwrap();
    // Offline, the old lists still say valid.
    let listed = wallet.update_status(verifier.clone(), None).unwrap();
    let status = |listed: &[vidi_ffi::DocumentSummary], id: &str| {
        listed.iter().find(|d| d.id == id).unwrap().status
    };
    assert_eq!(status(&listed, &card), DocumentStatus::Valid);

    block_on(verifier.sync(url)).unwrap();
    let listed = wallet.update_status(verifier.clone(), None).unwrap();
    assert_eq!(status(&listed, &card), DocumentStatus::Revoked);
    assert!(
        listed
            .iter()
            .filter(|d| d.id != card)
            .all(|d| d.status == DocumentStatus::Valid)
    );
    assert_eq!(wallet.list_documents().unwrap(), listed);

    // Three days later the cached lists are too old to say anything new,
    // and what was learned stays.
    let later = listed[0].status_learned_at_unix.unwrap() + 3 * 86_400;
    let listed = wallet.update_status(verifier, Some(later)).unwrap();
    assert_eq!(status(&listed, &card), DocumentStatus::Revoked);
    server.stop();
}
