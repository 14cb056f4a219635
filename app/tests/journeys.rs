//! The whole app, driven by events alone, as a citizen and an officer use
//! it, against the mock issuer on loopback: first run, an offer with one
//! wrong PIN first, three documents, the checkpoint QR; a second phone in
//! verifier mode reads it (VALID, three fields); the issuer revokes, the
//! verifier syncs (NOT VALID, revoked) and the citizen's badge says
//! Revoked. Each journey prints how long it took, not counting the
//! server's start (`cargo test -p vidi-app --test journeys -- --nocapture`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::time::Instant;

use common::{Issuer, PIN, Phone, showing};
use vidi_app::screens::detail::DetailEvent;
use vidi_app::screens::documents::{DocumentsEvent, StatusBadge, Tone};
use vidi_app::screens::offer::OfferEvent;
use vidi_app::screens::setup::SetupEvent;
use vidi_app::screens::show_qr::ShowQrEvent;
use vidi_app::screens::verifier::VerifierEvent;
use vidi_app::{Event, Language, Mode, Route};
use vidi_core::document::DocumentType;
use vidi_server_mock::{Change, citizens};

/// A new phone whose clock reads the real time (the issuer signs its
/// lists and credentials by the real clock).
fn phone(language: Language, issuer: &Issuer) -> Phone {
    let phone = Phone::new(language, &issuer.url());
    phone.catch_up();
    phone
}

fn offer(phone: &Phone, event: OfferEvent) {
    phone.send(Event::Offer { event });
}

/// The citizen: first run, the offer with one wrong PIN, the documents.
fn citizen_receives(phone: &Phone, issuer: &Issuer) {
    phone.send(Event::Setup {
        event: SetupEvent::Finish {
            pin: PIN.into(),
            confirm: PIN.into(),
        },
    });
    assert_eq!(showing(&phone.view()), "documents");
    assert!(screen!(phone, Documents).items.is_empty());

    let (link, pin) = issuer.offer(0);
    phone.send(Event::Open {
        route: Route::AcceptOffer { link: None },
    });
    assert!(phone.view().platform.camera, "the offer screen scans");
    offer(phone, OfferEvent::Paste { text: link });
    let view = screen!(phone, Offer);
    // An offer by reference names its documents only once fetched.
    assert!(view.offer.unwrap().by_reference.is_some());
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    offer(phone, OfferEvent::Submit { pin: wrong.into() });
    let view = screen!(phone, Offer);
    assert!(view.tries_left.is_some_and(|n| n > 0));
    assert!(view.error.unwrap().starts_with("Wrong PIN."));
    offer(phone, OfferEvent::Submit { pin });
    let view = screen!(phone, Offer);
    assert!(view.error.is_none(), "{:?}", view.error);
    assert!(view.steps.iter().all(|s| s.done), "every step done");
    offer(phone, OfferEvent::Close);
    let list = screen!(phone, Documents);
    assert_eq!(list.items.len(), 3);
}

fn id_of(phone: &Phone, name: &str) -> String {
    let list = screen!(phone, Documents);
    list.items
        .iter()
        .find(|i| i.type_name == name)
        .unwrap()
        .id
        .clone()
}

/// The citizen opens the identity card and shows its checkpoint code.
fn citizen_shows_checkpoint_code(phone: &Phone) -> String {
    let card = id_of(phone, "Identity card");
    phone.send(Event::Documents {
        event: DocumentsEvent::Open { id: card },
    });
    assert!(screen!(phone, Detail).can_show_qr);
    phone.send(Event::Detail {
        event: DetailEvent::ShowQr,
    });
    phone.send(Event::ShowQr {
        event: ShowQrEvent::ChoosePreset {
            name: "checkpoint-id".into(),
        },
    });
    let view = screen!(phone, ShowQr);
    assert!(view.running);
    assert!(phone.view().platform.full_brightness);
    assert!(
        view.accessibility_label.contains("identity card"),
        "{}",
        view.accessibility_label
    );
    let payload = view.payload.unwrap();
    assert!(payload.starts_with("VD2:"));
    payload
}

#[test]
fn a_citizen_receives_shows_and_an_officer_checks_then_the_issuer_revokes() {
    let issuer = Issuer::start();
    let citizen = phone(Language::English, &issuer);
    let officer = phone(Language::Vietnamese, &issuer);
    let started = Instant::now();

    citizen_receives(&citizen, &issuer);
    let payload = citizen_shows_checkpoint_code(&citizen);
    let citizen_took = started.elapsed();

    // The officer's phone: verifier mode, no wallet, sync, then the scan.
    let started = Instant::now();
    officer.send(Event::SwitchMode);
    assert_eq!(officer.view().mode, Mode::Verifier);
    officer.send(Event::Verifier {
        event: VerifierEvent::Sync,
    });
    assert!(officer.view().platform.camera);
    officer.send(Event::Scanned {
        text: payload.clone(),
    });
    let verdict = screen!(officer, Verifier).verdict.unwrap();
    assert!(verdict.valid, "{:?}", verdict.reason);
    assert_eq!(verdict.headline, "HỢP LỆ");
    assert_eq!(verdict.tone, Tone::Good);
    let mut fields: Vec<&str> = verdict.fields.iter().map(|f| f.claim.as_str()).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["date_of_birth", "full_name", "personal_id_number"]);
    let officer_took = started.elapsed();

    // The issuer revokes the citizen's identity card.
    let admin = issuer.server.admin().unwrap();
    let view = issuer.server.block_on(admin.citizen(0)).unwrap();
    let nid = citizens::type_name(DocumentType::NationalId);
    for document in view.documents.iter().filter(|d| d.document_type == nid) {
        for credential in &document.credentials {
            issuer
                .server
                .block_on(admin.change_credential(credential.id, Change::Revoke))
                .unwrap();
        }
    }

    // The officer syncs and scans the same code again after 3 s: NOT VALID.
    let started = Instant::now();
    officer.send(Event::Verifier {
        event: VerifierEvent::Dismiss,
    });
    officer.send(Event::Verifier {
        event: VerifierEvent::Sync,
    });
    officer.wait(4);
    officer.send(Event::Scanned { text: payload });
    let verdict = screen!(officer, Verifier).verdict.unwrap();
    assert!(!verdict.valid);
    assert_eq!(verdict.headline, "KHÔNG HỢP LỆ");
    assert_eq!(verdict.reason_code.as_deref(), Some("revoked"));
    assert_eq!(verdict.reason.as_deref(), Some("Giấy tờ đã bị thu hồi"));

    // The citizen updates the status: the card's badge says Revoked, and
    // it can no longer be shown.
    citizen.send(Event::Back);
    citizen.send(Event::Back);
    assert_eq!(showing(&citizen.view()), "documents");
    citizen.send(Event::Documents {
        event: DocumentsEvent::UpdateStatus,
    });
    let list = screen!(citizen, Documents);
    let card = list
        .items
        .iter()
        .find(|i| i.type_name == "Identity card")
        .unwrap();
    assert_eq!(card.badge, StatusBadge::Revoked);
    assert_eq!(card.badge_text, "Revoked");
    assert!(
        list.items
            .iter()
            .filter(|i| i.type_name != "Identity card")
            .all(|i| i.badge == StatusBadge::Valid)
    );
    let card_id = card.id.clone();
    citizen.send(Event::Documents {
        event: DocumentsEvent::Open { id: card_id },
    });
    assert!(!screen!(citizen, Detail).can_show_qr);
    let revocation_took = started.elapsed();

    eprintln!(
        "journey times (server start excluded): citizen receives and shows {citizen_took:?}, \
         officer syncs and checks {officer_took:?}, revocation seen by both {revocation_took:?}"
    );
}

#[test]
fn the_wallet_locks_in_the_background_and_a_deep_link_waits_for_the_unlock() {
    let issuer = Issuer::start();
    let citizen = phone(Language::English, &issuer);
    let started = Instant::now();
    citizen.send(Event::Setup {
        event: SetupEvent::Finish {
            pin: PIN.into(),
            confirm: PIN.into(),
        },
    });
    citizen.send(Event::Lifecycle {
        state: vidi_app::Lifecycle::Background,
    });
    citizen.wait(60);
    citizen.send(Event::Lifecycle {
        state: vidi_app::Lifecycle::Foreground,
    });
    assert_eq!(showing(&citizen.view()), "unlock");

    let (link, pin) = issuer.offer(1);
    citizen.send(Event::OpenLink { uri: link });
    assert!(screen!(citizen, Unlock).offer_waiting.is_some());
    citizen.send(Event::Unlock {
        event: vidi_app::screens::unlock::UnlockEvent::Submit { pin: PIN.into() },
    });
    assert_eq!(showing(&citizen.view()), "offer");
    offer(&citizen, OfferEvent::Submit { pin });
    let added = screen!(citizen, Offer).result.unwrap().len();
    offer(&citizen, OfferEvent::Close);
    let held = screen!(citizen, Documents).items.len();
    assert!(held >= 2, "citizen 1 holds an identity card and more");
    assert_eq!(held, added);
    eprintln!(
        "journey time (server start excluded): auto-lock, deep link, unlock, offer {:?}",
        started.elapsed()
    );
}
