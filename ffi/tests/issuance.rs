//! Issuance and verification through the exported API against the mock
//! issuer on loopback: offer and PIN, wrong PIN, used offer, cancelling,
//! progress, verifier sync, verdicts, revocation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::future::Future;
use std::sync::{Arc, Mutex};

use vidi_core::document::DocumentType as CoreDocumentType;
use vidi_ffi::{
    AddedAs, CachedList, CancelHandle, Disclose, DocumentType, IssuanceProgress, IssuanceStep,
    SyncOutcome, Verifier, VidiError, Wallet, accept_offer, memory_key_provider,
};
use vidi_server_mock::{BackgroundServer, Change, Config, OfferRequest, citizens};

/// Polls `future` from a thread outside the FFI's runtime, as Kotlin's and
/// Swift's executors do.
fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
        .block_on(future)
}

#[derive(Default)]
struct Steps(Mutex<Vec<IssuanceStep>>);

impl IssuanceProgress for Steps {
    fn step(&self, step: IssuanceStep) {
        self.0.lock().unwrap().push(step);
    }
}

fn offer(server: &BackgroundServer, citizen: u32) -> (String, String) {
    let admin = server.admin().unwrap();
    let offer = server
        .block_on(admin.create_offer(OfferRequest {
            citizen,
            by_reference: true,
            ..OfferRequest::default()
        }))
        .unwrap();
    (offer.offer_uri, offer.pin)
}

fn wrong(pin: &str) -> String {
    if pin == "000000" { "111111" } else { "000000" }.to_owned()
}

#[test]
fn issue_show_verify_revoke() {
    let dir = tempfile::tempdir().unwrap();
    let server = BackgroundServer::start(Config::ephemeral(dir.path().join("issuer"))).unwrap();
    let url = server.base_url();
    let wallet = Wallet::create(
        dir.path().join("wallet.db").to_string_lossy().into_owned(),
        memory_key_provider(),
        None,
    )
    .unwrap();

    let (link, pin) = offer(&server, 0);
    let refused = block_on(accept_offer(
        wallet.clone(),
        link.clone(),
        Some(wrong(&pin)),
        1,
        None,
        None,
    ));
    match refused {
        Err(VidiError::WrongPin { tries_left, reason }) => {
            assert!(tries_left.is_some(), "{reason}");
            assert!(!reason.contains(&pin));
        }
        other => panic!("{other:?}"),
    }

    let steps = Arc::new(Steps::default());
    let report = block_on(accept_offer(
        wallet.clone(),
        link.clone(),
        Some(pin.clone()),
        2,
        None,
        Some(steps.clone()),
    ))
    .unwrap();
    assert_eq!(report.batch_size, 2);
    assert_eq!(report.documents[0].document_type, DocumentType::NationalId);
    assert!(
        report
            .documents
            .iter()
            .all(|d| d.added_as == AddedAs::Added)
    );
    let seen = steps.0.lock().unwrap().clone();
    assert_eq!(seen.first(), Some(&IssuanceStep::ReadingOffer));
    assert_eq!(seen.last(), Some(&IssuanceStep::Done));
    assert!(
        seen.iter()
            .any(|s| matches!(s, IssuanceStep::RequestingCredentials { count: 2, .. }))
    );

    let again = block_on(accept_offer(wallet.clone(), link, Some(pin), 1, None, None));
    assert!(
        matches!(again, Err(VidiError::OfferUsed { .. })),
        "{again:?}"
    );

    let (link, pin) = offer(&server, 1);
    let cancel = CancelHandle::new();
    cancel.cancel();
    let cancelled = block_on(accept_offer(
        wallet.clone(),
        link,
        Some(pin),
        1,
        Some(cancel),
        None,
    ));
    assert!(matches!(cancelled, Err(VidiError::Cancelled { .. })));
    let not_an_offer = block_on(accept_offer(
        wallet.clone(),
        "https://example.invalid/".into(),
        None,
        1,
        None,
        None,
    ));
    assert!(matches!(not_an_offer, Err(VidiError::InvalidInput { .. })));

    // The checkpoint's verifier.
    let verifier = Verifier::new(dir.path().join("verifier").to_string_lossy().into_owned());
    assert!(matches!(
        verifier.verify("VD1:".into(), None, None, None),
        Err(VidiError::NotFound { .. })
    ));
    let unreachable = block_on(verifier.sync("http://127.0.0.1:9".into()));
    assert!(matches!(unreachable, Err(VidiError::Network { .. })));
    let synced = block_on(verifier.sync(url.clone())).unwrap();
    assert!(synced.complete && synced.anchor_pinned_now);
    assert_eq!(synced.lists[0].list, CachedList::TrustList);
    assert_eq!(synced.lists[0].outcome, SyncOutcome::New);
    assert!(synced.lists[0].age_seconds.is_some());
    assert!(synced.lists.len() >= 2);
    assert!(!verifier.cache_ages(None).unwrap().is_empty());
    assert_eq!(verifier.server().unwrap(), url);

    let card = report.documents[0].document_id.clone();
    let shown = wallet
        .present(
            card.clone(),
            Disclose::Preset {
                name: "checkpoint-id".into(),
            },
            None,
            None,
        )
        .unwrap();
    let verdict = verifier
        .verify(format!("{}\n", shown.payload), None, None, None)
        .unwrap();
    assert!(verdict.valid, "{verdict:?}");
    assert_eq!(verdict.document_label_vi.as_deref(), Some("Thẻ căn cước"));
    assert_eq!(verdict.claims.len(), 3);
    assert_eq!(verdict.claims[0].label_en, "Personal ID number");
    // Format 2: the checkpoint's own credential holds only these three.
    assert_eq!(verdict.hidden_claims, 0);
    assert!(shown.payload.starts_with("VD2:"));
    assert!(verdict.issuer.is_some() && verdict.reason_code.is_none());

    let later = verifier
        .verify(
            shown.payload.clone(),
            Some(shown.made_at_unix + 120),
            None,
            None,
        )
        .unwrap();
    assert!(!later.valid);
    assert_eq!(later.reason_code.as_deref(), Some("too_old"));
    assert_eq!(
        later.reason_vi.as_deref(),
        Some("Mã QR đã hết hạn (quá cũ)")
    );
    assert!(later.reason_en.unwrap().starts_with("too old"));
    let garbage = verifier.verify("hello".into(), None, None, None).unwrap();
    assert_eq!(garbage.reason_code.as_deref(), Some("malformed"));
    let elsewhere = verifier
        .verify(shown.payload, None, None, Some("hospital".into()))
        .unwrap();
    assert_eq!(elsewhere.reason_code.as_deref(), Some("wrong_audience"));

    // The issuer revokes the card; the verifier learns it at its next sync.
    let admin = server.admin().unwrap();
    let view = server.block_on(admin.citizen(0)).unwrap();
    let nid = citizens::type_name(CoreDocumentType::NationalId);
    for document in view.documents.iter().filter(|d| d.document_type == nid) {
        for credential in document.credentials.iter().filter(|c| c.state == "valid") {
            server
                .block_on(admin.change_credential(credential.id, Change::Revoke))
                .unwrap();
        }
    }
    let resynced = block_on(verifier.sync(url)).unwrap();
    assert!(!resynced.anchor_pinned_now);
    let shown = wallet
        .present(
            card,
            Disclose::Preset {
                name: "checkpoint-id".into(),
            },
            None,
            None,
        )
        .unwrap();
    let revoked = verifier.verify(shown.payload, None, None, None).unwrap();
    assert_eq!(revoked.reason_code.as_deref(), Some("revoked"));
    assert_eq!(revoked.reason_vi.as_deref(), Some("Giấy tờ đã bị thu hồi"));
    server.stop();
}

#[test]
fn dropping_the_future_cancels_the_issuance() {
    let dir = tempfile::tempdir().unwrap();
    let server = BackgroundServer::start(Config::ephemeral(dir.path().join("issuer"))).unwrap();
    let wallet = Wallet::create(
        dir.path().join("wallet.db").to_string_lossy().into_owned(),
        memory_key_provider(),
        None,
    )
    .unwrap();
    let (link, pin) = offer(&server, 0);
    // Polled once or twice, then dropped, as a cancelled coroutine's is.
    block_on(async {
        let future = accept_offer(
            wallet.clone(),
            link.clone(),
            Some(pin.clone()),
            1,
            None,
            None,
        );
        let _ = tokio::time::timeout(std::time::Duration::from_millis(1), future).await;
    });
    // The wallet is free again and the offer can still be redeemed unless
    // the issuance got past the token step before it was dropped.
    let result = block_on(accept_offer(wallet.clone(), link, Some(pin), 1, None, None));
    match result {
        Ok(report) => assert!(!report.documents.is_empty()),
        Err(VidiError::OfferUsed { .. }) => {}
        Err(e) => panic!("{e:?}"),
    }
    wallet.list_documents().unwrap();
    server.stop();
}
