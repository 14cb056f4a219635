//! Accepting documents against the real mock issuer: reading the offer
//! (pasted, scanned once, opened as a deep link), the PIN (missing, wrong
//! with the tries left, right), the steps in words, the result, a used
//! and a burned offer, an unreachable issuer, and cancelling an issuance
//! on a silent server. Ported from Kotlin's `OfferModelTest` and the offer
//! part of Swift's `OfferBackupLogTests`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

use common::{Issuer, PIN, Phone, showing};
use vidi_app::screens::offer::{LINK_SHOWN, OfferEvent, OfferView};
use vidi_app::{Event, Language, Route};

fn paste(phone: &Phone, text: &str) {
    phone.offer_event(OfferEvent::Paste { text: text.into() });
}

fn submit(phone: &Phone, pin: &str) {
    phone.offer_event(OfferEvent::Submit { pin: pin.into() });
}

fn open_offer_screen(phone: &Phone) {
    phone.send(Event::Open {
        route: Route::AcceptOffer { link: None },
    });
    assert_eq!(showing(&phone.view()), "offer");
}

fn texts(view: &OfferView) -> Vec<String> {
    view.steps.iter().map(|s| s.text.clone()).collect()
}

fn wrong(pin: &str) -> &'static str {
    if pin == "000000" { "111111" } else { "000000" }
}

/// A server that accepts connections and never answers; says when one came.
fn black_hole() -> (String, mpsc::Receiver<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let mut request = [0u8; 1024];
            let _ = stream.read(&mut request);
            let _ = tx.send(());
            held.push(stream);
        }
    });
    (url, rx)
}

fn by_reference_link(base: &str) -> String {
    let uri = format!("{base}/offers/slow")
        .replace(':', "%3A")
        .replace('/', "%2F");
    format!("openid-credential-offer://?credential_offer_uri={uri}")
}

#[test]
fn a_pasted_offer_a_wrong_pin_with_tries_left_then_the_right_one_adds_three_documents() {
    let issuer = Issuer::start();
    let phone = Phone::set_up(Language::English, &issuer.url());
    let peek = phone.peek();
    open_offer_screen(&phone);
    let view = phone.view();
    assert_eq!(view.header.title, "Add documents");
    assert!(view.header.can_go_back);
    assert!(view.platform.camera, "it scans while it waits for a code");
    let offer = screen!(phone, Offer);
    assert!(offer.scanning);
    assert_eq!(offer.scan_label, "Scan the offer's QR code");
    assert!(offer.offer.is_none() && !offer.can_submit);
    assert!(offer.rebinding.is_none());

    // Not an offer: said, kept, and the camera still waits.
    paste(&phone, "VD1:NOT-AN-OFFER");
    let offer = screen!(phone, Offer);
    assert_eq!(
        offer.link_error.as_deref(),
        Some("This is not a document offer.")
    );
    assert_eq!(offer.link, "VD1:NOT-AN-OFFER");
    assert!(offer.offer.is_none());
    assert!(phone.view().platform.camera);

    let (link, pin) = issuer.offer_by_value(0);
    paste(&phone, &format!("  {link}\n"));
    let offer = screen!(phone, Offer);
    assert!(offer.link_error.is_none());
    // A thousand characters with the one-time code among them: the screen
    // shows where the link begins, trimmed, and the preview says the rest.
    assert!(link.chars().count() > LINK_SHOWN);
    let head: String = link.chars().take(LINK_SHOWN).collect();
    assert_eq!(offer.link, format!("{head}…"), "trimmed and shortened");
    let preview = offer.offer.unwrap();
    assert_eq!(
        preview.documents,
        ["Identity card", "Driving licence", "Health insurance card"]
    );
    assert_eq!(preview.issuer, Some(format!("Issuer: {}", issuer.url())));
    assert!(preview.by_reference.is_none());
    assert!(preview.needs_pin);
    assert!(offer.can_submit);
    assert!(
        !phone.view().platform.camera,
        "an offer is read: no more scanning"
    );

    // No PIN: asked for, nothing run.
    submit(&phone, "  ");
    let offer = screen!(phone, Offer);
    assert_eq!(
        offer.error.as_deref(),
        Some("Enter the PIN that came with the offer.")
    );
    assert!(!offer.busy && offer.steps.is_empty());

    // A wrong PIN: the tries left, in words; nothing stored.
    let wrong_pin = wrong(&pin);
    submit(&phone, wrong_pin);
    let view = phone.view();
    assert!(
        !format!("{view:?}").contains(wrong_pin),
        "the PIN is not kept"
    );
    let offer = screen!(phone, Offer);
    assert!(!offer.busy);
    assert_eq!(offer.tries_left, Some(4), "{:?}", offer.error);
    assert_eq!(offer.error.as_deref(), Some("Wrong PIN. 4 tries left."));
    assert!(offer.result.is_none());
    assert_eq!(
        texts(&offer),
        [
            "Reading the offer",
            "Contacting the issuer",
            "Checking the trust list",
            "Checking the PIN"
        ]
    );
    let current = offer.steps.last().unwrap();
    assert!(!current.done, "the step that failed is not done");
    assert_eq!(current.accessibility_label, "Checking the PIN: in progress");
    assert!(offer.can_submit, "another PIN may be tried");
    assert!(peek.list_documents().unwrap().is_empty());

    // The right PIN: each step in order, all done, the documents added.
    submit(&phone, &pin);
    let offer = screen!(phone, Offer);
    assert!(offer.error.is_none() && offer.tries_left.is_none());
    assert!(!offer.busy && !offer.can_submit);
    assert!(offer.rebinding.is_none());
    assert_eq!(
        offer.result.clone().unwrap(),
        [
            "Identity card: added to the wallet",
            "Driving licence: added to the wallet",
            "Health insurance card: added to the wallet",
        ]
    );
    assert_eq!(
        texts(&offer),
        [
            "Reading the offer",
            "Contacting the issuer",
            "Checking the trust list",
            "Checking the PIN",
            // Eight kinds (three documents and their derived credentials),
            // one line that counts up.
            "Receiving documents (11 of 11)",
            "Checking the documents",
            "Saving documents to the wallet (3)",
            "Done",
        ]
    );
    assert!(offer.steps.iter().all(|s| s.done));
    assert_eq!(
        offer.steps[0].accessibility_label,
        "Reading the offer: done"
    );
    assert!(!phone.view().platform.camera);
    let documents = peek.list_documents().unwrap();
    assert_eq!(documents.len(), 3);
    assert!(documents.iter().all(|d| !d.needs_rebinding && !d.pending));

    // The language changes while the result is shown.
    phone.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });
    let offer = screen!(phone, Offer);
    assert_eq!(offer.result.unwrap()[0], "Thẻ căn cước: đã thêm vào ví");
    assert_eq!(offer.steps.last().unwrap().text, "Hoàn tất");
    assert_eq!(offer.close_label, "Xong");
    assert_eq!(phone.view().header.title, "Nhận giấy tờ");

    // Done: back to the documents.
    phone.offer_event(OfferEvent::Close);
    assert_eq!(showing(&phone.view()), "documents");
    assert_eq!(
        phone.core.inspect(|app| app.stack()).unwrap(),
        [Route::Documents]
    );
}

#[test]
fn a_deep_link_opens_over_the_documents_and_is_read_without_the_camera() {
    let issuer = Issuer::start();
    let phone = Phone::set_up(Language::Vietnamese, &issuer.url());
    let peek = phone.peek();
    let (link, pin) = issuer.offer(0);
    phone.send(Event::OpenLink { uri: link.clone() });
    assert_eq!(
        phone.core.inspect(|app| app.stack()).unwrap(),
        [
            Route::Documents,
            Route::AcceptOffer {
                link: Some(link.clone())
            }
        ]
    );
    assert!(!phone.view().platform.camera);
    let offer = screen!(phone, Offer);
    assert!(!offer.scanning);
    let preview = offer.offer.unwrap();
    assert!(preview.documents.is_empty() && preview.issuer.is_none() && preview.needs_pin);
    assert_eq!(
        preview.by_reference.as_deref(),
        Some("Danh sách giấy tờ sẽ được lấy từ cơ quan cấp.")
    );

    submit(&phone, &pin);
    let offer = screen!(phone, Offer);
    assert!(offer.error.is_none(), "{:?}", offer.error);
    assert_eq!(offer.result.unwrap().len(), 3);
    assert_eq!(
        offer
            .steps
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>(),
        [
            "Đang đọc lời mời",
            "Đang liên hệ cơ quan cấp",
            "Đang kiểm tra danh sách tin cậy",
            "Đang xác minh mã PIN",
            "Đang nhận giấy tờ (11/11)",
            "Đang kiểm tra giấy tờ",
            "Đang lưu giấy tờ vào ví (3)",
            "Hoàn tất",
        ]
    );
    assert_eq!(peek.list_documents().unwrap().len(), 3);

    // The same link again: used. Said in words; it cannot be submitted again.
    phone.send(Event::OpenLink { uri: link });
    submit(&phone, &pin);
    let offer = screen!(phone, Offer);
    assert_eq!(
        offer.error.as_deref(),
        Some("Lời mời này đã được dùng. Hãy xin lời mời mới.")
    );
    assert!(offer.result.is_none() && !offer.can_submit);
    assert_eq!(peek.list_documents().unwrap().len(), 3, "nothing changed");
    phone.offer_event(OfferEvent::Close);
    assert_eq!(showing(&phone.view()), "documents");
}

#[test]
fn a_deep_link_that_arrives_while_locked_opens_after_unlocking() {
    let issuer = Issuer::start();
    let phone = Phone::set_up(Language::English, &issuer.url());
    phone.send(Event::Lock);
    let (link, pin) = issuer.offer(0);
    phone.send(Event::OpenLink { uri: link });
    assert_eq!(showing(&phone.view()), "unlock");
    phone.send(Event::Unlock {
        event: vidi_app::screens::unlock::UnlockEvent::Submit { pin: PIN.into() },
    });
    assert_eq!(showing(&phone.view()), "offer");
    submit(&phone, &pin);
    assert_eq!(screen!(phone, Offer).result.unwrap().len(), 3);
}

#[test]
fn the_camera_reads_one_offer_and_ignores_the_frames_after_it() {
    let issuer = Issuer::start();
    let phone = Phone::set_up(Language::English, &issuer.url());
    let (first, pin) = issuer.offer(0);
    let (second, _) = issuer.offer(0);

    // Read by pasting, for comparison.
    open_offer_screen(&phone);
    paste(&phone, &first);
    let pasted = screen!(phone, Offer);
    phone.send(Event::Back);

    open_offer_screen(&phone);
    phone.send(Event::Scanned {
        text: "https://example.com/not-an-offer".into(),
    });
    let offer = screen!(phone, Offer);
    assert_eq!(
        offer.link_error.as_deref(),
        Some("This is not a document offer.")
    );
    assert!(phone.view().platform.camera, "still looking for an offer");

    phone.send(Event::Scanned {
        text: first.clone(),
    });
    let scanned = screen!(phone, Offer);
    assert_eq!(
        scanned, pasted,
        "the same link read another way reads the same"
    );
    assert!(!phone.view().platform.camera);
    // The camera's next frames, and another code, change nothing.
    phone.send(Event::Scanned {
        text: first.clone(),
    });
    phone.send(Event::Scanned { text: second });
    assert_eq!(screen!(phone, Offer), scanned);

    // "Read another offer" scans again.
    phone.offer_event(OfferEvent::ScanAgain);
    let offer = screen!(phone, Offer);
    assert!(offer.scanning && offer.offer.is_none() && offer.link.is_empty());
    assert!(phone.view().platform.camera);
    phone.send(Event::Scanned { text: first });
    submit(&phone, &pin);
    assert_eq!(screen!(phone, Offer).result.unwrap().len(), 3);
}

#[test]
fn five_wrong_pins_burn_the_offer() {
    let issuer = Issuer::start();
    let phone = Phone::set_up(Language::English, &issuer.url());
    let peek = phone.peek();
    let (link, pin) = issuer.offer(0);
    open_offer_screen(&phone);
    paste(&phone, &link);
    for left in (1..=4).rev() {
        submit(&phone, wrong(&pin));
        let offer = screen!(phone, Offer);
        assert_eq!(offer.tries_left, Some(left));
        assert_eq!(
            offer.error.unwrap(),
            format!("Wrong PIN. {left} tries left.")
        );
    }
    submit(&phone, wrong(&pin));
    let offer = screen!(phone, Offer);
    assert_eq!(
        offer.error.as_deref(),
        Some("The offer is blocked after too many wrong PINs. Ask for a new offer.")
    );
    assert!(offer.tries_left.is_none());
    assert!(!offer.can_submit, "a burned offer cannot be tried again");
    // Even the right PIN is not sent now.
    submit(&phone, &pin);
    assert!(screen!(phone, Offer).steps.len() <= 4);
    assert!(peek.list_documents().unwrap().is_empty());
}

#[test]
fn an_unreadable_link_is_never_submitted_and_an_unreachable_issuer_is_not_a_cancel() {
    let issuer = Issuer::start();
    let phone = Phone::set_up(Language::English, &issuer.url());
    open_offer_screen(&phone);
    paste(&phone, "  https://example.com/not-an-offer \n");
    let offer = screen!(phone, Offer);
    assert_eq!(offer.link, "https://example.com/not-an-offer");
    assert!(!offer.can_submit);
    submit(&phone, "123456");
    let offer = screen!(phone, Offer);
    assert!(!offer.busy && offer.steps.is_empty() && offer.error.is_none());
    phone.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });
    assert_eq!(
        screen!(phone, Offer).link_error.as_deref(),
        Some("Đây không phải lời mời nhận giấy tờ.")
    );

    // Nothing listens on this port.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    paste(&phone, &by_reference_link(&base));
    submit(&phone, "");
    assert_eq!(
        screen!(phone, Offer).error.as_deref(),
        Some("Hãy nhập mã PIN nhận kèm lời mời.")
    );
    submit(&phone, "123456");
    let offer = screen!(phone, Offer);
    assert_eq!(
        offer.error.as_deref(),
        Some("Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.")
    );
    assert_eq!(texts(&offer), ["Đang đọc lời mời"], "the steps stay");
    assert!(offer.can_submit, "it may be tried again");
}

#[test]
fn an_issuance_on_a_silent_server_can_be_cancelled_and_leaves_the_wallet_as_it_was() {
    let (base, accepted) = black_hole();
    let phone = Phone::set_up(Language::Vietnamese, "http://localhost:8080");
    let peek = phone.peek();
    open_offer_screen(&phone);
    paste(&phone, &by_reference_link(&base));
    let offer = screen!(phone, Offer);
    let preview = offer.offer.unwrap();
    assert!(
        preview.documents.is_empty() && preview.needs_pin,
        "an offer by reference"
    );

    // Sent without waiting: the issuance hangs on the silent server.
    phone.core.send(Event::Offer {
        event: OfferEvent::Submit {
            pin: "123456".into(),
        },
    });
    accepted.recv_timeout(Duration::from_secs(20)).unwrap();
    let offer = screen!(phone, Offer);
    assert!(offer.busy && offer.can_cancel && !offer.can_submit);
    assert_eq!(offer.cancel_label, "Huỷ");
    assert_eq!(texts(&offer), ["Đang đọc lời mời"]);
    assert!(!offer.steps[0].done);
    assert!(!phone.view().platform.camera);
    // Frames and pastes while it runs change nothing.
    phone.core.send(Event::Offer {
        event: OfferEvent::Paste {
            text: "VD1:NOT-AN-OFFER".into(),
        },
    });
    assert!(screen!(phone, Offer).link_error.is_none());

    phone.offer_event(OfferEvent::Cancel);
    let offer = screen!(phone, Offer);
    assert!(!offer.busy);
    assert_eq!(offer.error.as_deref(), Some("Đã huỷ. Ví không thay đổi."));
    assert!(offer.result.is_none() && offer.steps.is_empty());
    assert!(peek.list_documents().unwrap().is_empty());

    // Leaving the screen while it runs stops it too.
    phone.core.send(Event::Offer {
        event: OfferEvent::Submit {
            pin: "123456".into(),
        },
    });
    accepted.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(screen!(phone, Offer).busy);
    phone.send(Event::Back);
    assert_eq!(showing(&phone.view()), "documents");
    assert_eq!(phone.core.tasks_running(), 0);
    assert!(peek.list_documents().unwrap().is_empty());
}

#[test]
fn a_sign_in_request_read_on_the_offer_screen_opens_the_sign_in_screen() {
    let issuer = Issuer::start();
    let phone = Phone::set_up(Language::English, &issuer.url());
    open_offer_screen(&phone);
    // Pasted (a service's request; the service is not reachable here,
    // which the sign-in screen says in its own words).
    paste(
        &phone,
        " openid4vp://?client_id=verifier_attestation%3Ax.test&request_uri=http%3A%2F%2F127.0.0.1%3A9%2Fr \n",
    );
    let view = phone.view();
    assert_eq!(showing(&view), "present");
    // The offer screen gave way: back goes to the documents, not to it.
    phone.send(Event::Back);
    assert_eq!(showing(&phone.view()), "documents");

    // Scanned.
    open_offer_screen(&phone);
    phone.send(Event::Scanned {
        text: "openid4vp://?client_id=x&request_uri=http%3A%2F%2F127.0.0.1%3A9%2Fr".into(),
    });
    assert_eq!(showing(&phone.view()), "present");
    // An offer stays on the offer screen.
    phone.send(Event::Back);
    open_offer_screen(&phone);
    paste(&phone, "VD1:NOT-AN-OFFER");
    assert_eq!(showing(&phone.view()), "offer");
}
