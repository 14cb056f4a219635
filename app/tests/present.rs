//! Signing in to an online service (OpenID4VP): the sign-in screen entered
//! from the documents list or by a deep link (held while the wallet is
//! locked), links that are not requests, unsigned ones, a wallet without
//! a trust list, a service that cannot be reached over loopback.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::net::TcpListener;

use common::{PIN, Phone, showing};
use vidi_app::screens::present::PresentEvent;
use vidi_app::screens::unlock::UnlockEvent;
use vidi_app::{Event, Language, Route};

/// A loopback address where nothing listens (bound, then closed).
fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

fn request_link(request_uri: &str) -> String {
    let uri = request_uri.replace(':', "%3A").replace('/', "%2F");
    format!("openid4vp://?client_id=verifier_attestation%3Aresidence&request_uri={uri}")
}

fn open_present_screen(phone: &Phone) {
    phone.send(Event::Open {
        route: Route::Present { link: None },
    });
    assert_eq!(showing(&phone.view()), "present");
}

#[test]
fn the_sign_in_screen_scans_and_says_what_is_not_a_request() {
    let phone = Phone::set_up(Language::English, &closed_port());
    open_present_screen(&phone);
    let view = phone.view();
    assert_eq!(view.header.title, "Sign in to a service");
    assert!(view.header.can_go_back);
    assert!(view.platform.camera, "it scans while it waits for a code");
    let present = screen!(phone, Present);
    assert!(present.scanning);
    assert_eq!(present.scan_label, "Scan the QR code on the service's page");
    assert!(present.consent.is_none() && !present.can_answer && !present.busy);

    // An offer's link is not a sign-in request: said, and the camera still looks.
    phone.present_event(PresentEvent::Paste {
        text: "openid-credential-offer://?credential_offer_uri=x".into(),
    });
    let present = screen!(phone, Present);
    assert_eq!(
        present.error.as_deref(),
        Some("This is not a sign-in request from an online service.")
    );
    assert!(phone.view().platform.camera);

    // Plain parameters, no signed request object: refused before any fetch.
    phone.send(Event::Scanned {
        text: "openid4vp://?client_id=x&response_type=vp_token&dcql_query=%7B%7D".into(),
    });
    let present = screen!(phone, Present);
    assert_eq!(
        present.error.as_deref(),
        Some("The request is not signed, so there is no telling who sent it. Nothing was shared.")
    );
    assert!(
        !phone.view().platform.camera,
        "the camera stops once a request is read"
    );
    assert!(present.can_scan_again);
    phone.present_event(PresentEvent::ScanAgain);
    let present = screen!(phone, Present);
    assert!(present.error.is_none() && present.scanning);

    // Back to the documents.
    phone.present_event(PresentEvent::Close);
    assert_eq!(showing(&phone.view()), "documents");
}

#[test]
fn a_service_that_cannot_be_reached_is_said_in_words_and_nothing_is_shared() {
    let phone = Phone::set_up(Language::Vietnamese, &closed_port());
    open_present_screen(&phone);
    let link = request_link(&format!("{}/rp/requests/1", closed_port()));
    phone.present_event(PresentEvent::Paste { text: link });
    let present = screen!(phone, Present);
    assert!(!present.busy);
    assert_eq!(
        present.error.as_deref(),
        Some("Không kết nối được dịch vụ để lấy yêu cầu. Kiểm tra mạng rồi thử lại.")
    );
    assert!(present.consent.is_none());
}

#[test]
fn a_wallet_without_a_trust_list_cannot_check_a_service() {
    let phone = Phone::set_up(Language::English, &closed_port());
    open_present_screen(&phone);
    // The request object in the link: no fetch, straight to the checks.
    phone.present_event(PresentEvent::Paste {
        text: "openid4vp://?client_id=verifier_attestation%3Ax&request=e30.e30.c2ln".into(),
    });
    let present = screen!(phone, Present);
    assert_eq!(
        present.error.as_deref(),
        Some(
            "The wallet has no trust list yet to check services with. Add a document from an issuer first."
        )
    );
}

#[test]
fn a_request_link_opened_while_locked_waits_for_the_unlock_and_opens_the_sign_in_screen() {
    let phone = Phone::set_up(Language::English, &closed_port());
    phone.send(Event::Lock);
    assert_eq!(showing(&phone.view()), "unlock");
    let link = request_link(&format!("{}/rp/requests/1", closed_port()));
    phone.send(Event::OpenLink { uri: link.clone() });
    let unlock = screen!(phone, Unlock);
    assert_eq!(
        unlock.offer_waiting.as_deref(),
        Some("Unlock the wallet to answer the sign-in request you opened.")
    );
    phone.send(Event::Unlock {
        event: UnlockEvent::Submit { pin: PIN.into() },
    });
    assert_eq!(
        phone.core.inspect(|app| app.route()).unwrap(),
        Some(Route::Present {
            link: Some(link.clone())
        })
    );
    // Read at once: the service is not there, which the screen says.
    let present = screen!(phone, Present);
    assert!(
        present
            .error
            .unwrap()
            .starts_with("Could not reach the service")
    );

    // Unlocked, a deep link goes straight there, over the documents.
    phone.send(Event::OpenLink { uri: link.clone() });
    let routes = phone.core.inspect(|app| app.stack()).unwrap();
    assert_eq!(
        routes,
        [Route::Documents, Route::Present { link: Some(link) }]
    );
    // An offer's link still goes to the offer screen.
    phone.send(Event::OpenLink {
        uri: "openid-credential-offer://?credential_offer_uri=x".into(),
    });
    assert_eq!(showing(&phone.view()), "offer");
}
