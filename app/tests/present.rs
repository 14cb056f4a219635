//! Signing in to an online service (OpenID4VP): the sign-in screen entered
//! from the documents list or by a deep link (held while the wallet is
//! locked), links that are not requests, unsigned ones, a wallet without
//! a trust list, a service that cannot be reached over loopback; and
//! against the mock relying party of the mock issuer: consenting (the
//! session verified, the log naming the service), declining (the service
//! told), a request answered once refused again, claims not held named,
//! and the service's own refusal with its reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::net::TcpListener;

use common::{Issuer, PIN, Phone, showing};
use vidi_app::screens::present::{PresentEvent, PresentView, SharedDocument};
use vidi_app::screens::unlock::UnlockEvent;
use vidi_app::{Event, Language, Route};
use vidi_core::document::DocumentType;
use vidi_server_mock::Change;

/// A loopback address where nothing listens (bound, then closed).
fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

/// A loopback server that takes connections and never answers; each
/// connection is reported on the channel.
fn silent_server() -> (String, std::sync::mpsc::Receiver<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept() {
            open.push(stream);
            if tx.send(()).is_err() {
                break;
            }
        }
    });
    (url, rx)
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

/// The mock relying party of the mock issuer, over loopback HTTP.
struct Service<'a> {
    issuer: &'a Issuer,
    http: reqwest::Client,
}

/// A session the service started: its id, the link for the wallet, and
/// where its request object is.
struct Session {
    id: String,
    link: String,
    request_uri: String,
}

impl<'a> Service<'a> {
    fn of(issuer: &'a Issuer) -> Self {
        Self {
            issuer,
            http: reqwest::Client::new(),
        }
    }

    /// `POST /rp/sessions` for `service` (`residence`, `licence`, `age`).
    fn start(&self, service: &str) -> Session {
        let url = format!("{}/rp/sessions", self.issuer.url());
        let body = serde_json::json!({ "service": service });
        let response = self
            .issuer
            .server
            .block_on(self.http.post(url).json(&body).send())
            .unwrap();
        assert_eq!(response.status().as_u16(), 201);
        let created: serde_json::Value = self.issuer.server.block_on(response.json()).unwrap();
        let text = |name: &str| created[name].as_str().unwrap().to_owned();
        Session {
            id: text("id"),
            link: text("link"),
            request_uri: text("request_uri"),
        }
    }

    /// `GET /rp/sessions/{id}`.
    fn session(&self, id: &str) -> serde_json::Value {
        let url = format!("{}/rp/sessions/{id}", self.issuer.url());
        let response = self
            .issuer
            .server
            .block_on(self.http.get(url).send())
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        self.issuer.server.block_on(response.json()).unwrap()
    }

    fn state(&self, id: &str) -> String {
        self.session(id)["state"].as_str().unwrap().to_owned()
    }

    /// The session's signed request object, as a wallet fetches it.
    fn request_object(&self, session: &Session) -> String {
        let response = self
            .issuer
            .server
            .block_on(self.http.get(&session.request_uri).send())
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        self.issuer.server.block_on(response.text()).unwrap()
    }
}

/// A phone at the real time (the service signs its requests by it) with
/// `citizen`'s documents from the mock issuer, on the documents list.
fn citizen_phone(issuer: &Issuer, language: Language, citizen: u32) -> Phone {
    let phone = Phone::new(language, &issuer.url());
    phone.catch_up();
    phone.first_run();
    let (link, pin) = issuer.offer(citizen);
    phone.accept(&link, &pin);
    phone
}

/// Opens the sign-in screen from the documents list and pastes `link`.
fn read_request(phone: &Phone, link: &str) -> PresentView {
    let documents = screen!(phone, Documents);
    assert!(
        documents.sign_in_label.is_some(),
        "the list offers to sign in"
    );
    open_present_screen(phone);
    phone.present_event(PresentEvent::Paste { text: link.into() });
    screen!(phone, Present)
}

#[test]
fn a_citizen_consents_the_service_verifies_and_the_log_names_it() {
    let issuer = Issuer::start();
    let service = Service::of(&issuer);
    let phone = citizen_phone(&issuer, Language::English, 0);
    let session = service.start("residence");

    // The clock at the real time, as the service's is: five minutes left.
    phone.catch_up();
    let present = read_request(&phone, &session.link);
    assert!(present.error.is_none(), "{:?}", present.error);
    assert!(!phone.view().platform.camera);
    let consent = present.consent.expect("the consent");
    assert_eq!(consent.service, "Public services portal (mock)");
    assert_eq!(
        consent.heading,
        "Public services portal (mock) asks you to share"
    );
    assert_eq!(
        consent.registered_by,
        "Registered by Bộ Công an — đăng ký dịch vụ trực tuyến (mô phỏng)"
    );
    assert_eq!(
        consent.purpose,
        "To register your temporary residence, the police need to know who you are and where you live now."
    );
    assert_eq!(
        consent.documents,
        [SharedDocument {
            document: "Identity card".into(),
            claims: vec![
                "Full name".into(),
                "Personal ID number".into(),
                "Date of birth".into(),
                "Place of residence".into(),
            ],
        }]
    );
    assert_eq!(consent.expires, "This request expires in 5 minutes.");
    assert!(present.can_answer);
    assert!(
        !present.can_close,
        "the consent is answered with Share or Decline"
    );
    // A minute on, the time left says so.
    phone.wait(60);
    phone.send(Event::Tick);
    let consent = screen!(phone, Present).consent.unwrap();
    assert_eq!(consent.expires, "This request expires in 4 minutes.");
    assert_eq!(service.state(&session.id), "waiting");

    phone.present_event(PresentEvent::Share);
    let present = screen!(phone, Present);
    assert!(present.error.is_none(), "{:?}", present.error);
    let result = present.result.expect("shared");
    assert!(result.shared);
    assert_eq!(result.text, "Shared with Public services portal (mock)");
    assert_eq!(result.documents[0].claims.len(), 4);
    assert!(present.consent.is_none() && !present.can_answer);
    assert!(present.can_close);
    let seen = service.session(&session.id);
    assert_eq!(seen["state"], "verified", "{seen}");
    let mut names: Vec<&str> = seen["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "date_of_birth",
            "full_name",
            "personal_id_number",
            "place_of_residence"
        ]
    );

    // Back to the documents; the activity log names the service.
    assert_eq!(present.close_label, "Back to documents");
    phone.present_event(PresentEvent::Close);
    assert_eq!(showing(&phone.view()), "documents");
    phone.send(Event::Open {
        route: Route::ActivityLog,
    });
    let log = screen!(phone, Log);
    let shown = &log.entries[0];
    assert_eq!(
        shown.text,
        "Showed your identity card to Cổng dịch vụ công (mô phỏng)"
    );
    assert!(shown.audience.is_none(), "{:?}", shown.audience);
    assert_eq!(
        shown.claims.as_deref(),
        Some("Shared: full name, personal ID number, date of birth and place of residence")
    );
}

#[test]
fn a_citizen_declines_and_the_service_is_told() {
    let issuer = Issuer::start();
    let service = Service::of(&issuer);
    let phone = citizen_phone(&issuer, Language::Vietnamese, 0);
    let session = service.start("age");
    // Opened as a deep link: the sign-in screen over the documents.
    phone.send(Event::OpenLink {
        uri: session.link.clone(),
    });
    let present = screen!(phone, Present);
    let consent = present.consent.expect("the consent");
    assert_eq!(
        consent.heading,
        "Cổng dịch vụ công (mô phỏng) đề nghị bạn chia sẻ"
    );
    assert_eq!(consent.documents[0].document, "Thẻ căn cước");
    assert_eq!(consent.documents[0].claims, ["Đủ 18 tuổi"]);

    phone.present_event(PresentEvent::Decline);
    let present = screen!(phone, Present);
    let result = present.result.expect("declined");
    assert!(!result.shared && result.documents.is_empty());
    assert_eq!(
        result.text,
        "Đã từ chối; Cổng dịch vụ công (mô phỏng) đã được thông báo."
    );
    assert_eq!(service.state(&session.id), "declined");
}

#[test]
fn a_request_answered_once_is_refused_again() {
    let issuer = Issuer::start();
    let service = Service::of(&issuer);
    let phone = citizen_phone(&issuer, Language::English, 0);
    let session = service.start("age");
    // The request object as it was served, kept by whoever saw it.
    let captured = service.request_object(&session);
    read_request(&phone, &session.link);
    phone.present_event(PresentEvent::Share);
    assert!(screen!(phone, Present).result.unwrap().shared);
    assert_eq!(service.state(&session.id), "verified");
    phone.present_event(PresentEvent::Close);

    // The same request again, in a link: the wallet already answered it.
    let by_value = format!(
        "openid4vp://?client_id=verifier_attestation%3A{}&request={captured}",
        vidi_server_mock::rp::SERVICE_ID
    );
    let present = read_request(&phone, &by_value);
    assert_eq!(
        present.error.as_deref(),
        Some("This request was already answered. Start again on the service's page for a new one.")
    );
    assert!(present.consent.is_none());

    // The same link again: the service has closed the session and says so.
    phone.present_event(PresentEvent::Close);
    let present = read_request(&phone, &session.link);
    let error = present.error.unwrap();
    assert!(error.starts_with("The service refused: "), "{error}");
    assert_eq!(service.state(&session.id), "verified", "unchanged");
}

#[test]
fn claims_not_held_are_named_and_nothing_is_sent() {
    let issuer = Issuer::start();
    let service = Service::of(&issuer);
    // Citizen 1 is a minor without a driving licence.
    let phone = citizen_phone(&issuer, Language::English, 1);
    let session = service.start("licence");
    let present = read_request(&phone, &session.link);
    assert_eq!(
        present.error.as_deref(),
        Some(
            "Your wallet has no driving licence with what is asked: full name, licence number, classes and valid until."
        )
    );
    assert!(present.consent.is_none() && !present.can_answer);
    assert!(present.can_scan_again);
    assert!(present.can_close);
    assert_eq!(service.state(&session.id), "waiting", "nothing was sent");
}

#[test]
fn the_service_s_refusal_is_said_with_its_reason() {
    let issuer = Issuer::start();
    let service = Service::of(&issuer);
    let phone = citizen_phone(&issuer, Language::English, 0);
    issuer.change(0, DocumentType::NationalId, Change::Revoke);
    let session = service.start("residence");
    read_request(&phone, &session.link);
    phone.present_event(PresentEvent::Share);
    let present = screen!(phone, Present);
    assert!(present.result.is_none());
    let error = present.error.unwrap();
    assert!(
        error.starts_with("The service refused: ") && error.contains("revoked"),
        "{error}"
    );
    assert_eq!(service.state(&session.id), "refused");
}

#[test]
fn a_request_that_expires_on_the_consent_screen_sends_nothing() {
    let issuer = Issuer::start();
    let service = Service::of(&issuer);
    let phone = citizen_phone(&issuer, Language::English, 0);
    let session = service.start("age");
    phone.catch_up();
    let present = read_request(&phone, &session.link);
    assert!(present.can_answer);
    // Five minutes on the consent screen (touched now and then, so the
    // wallet stays unlocked): the request has expired.
    for _ in 0..5 {
        phone.wait(61);
        phone.send(Event::SetLanguage {
            language: Language::English,
        });
    }
    let present = screen!(phone, Present);
    assert!(!present.can_answer);
    assert_eq!(
        present.consent.unwrap().expires,
        "The request has expired. Start again on the service's page."
    );
    phone.present_event(PresentEvent::Share);
    let present = screen!(phone, Present);
    assert!(present.result.is_none());
    assert_eq!(
        present.error.as_deref(),
        Some("The request has expired. Start again on the service's page.")
    );
    assert_eq!(service.state(&session.id), "waiting", "nothing was sent");
}

#[test]
fn reading_a_request_shows_its_steps_and_can_be_cancelled() {
    let (base, connected) = silent_server();
    let phone = Phone::set_up(Language::English, &closed_port());
    open_present_screen(&phone);
    // Sent without waiting: the fetch hangs on the silent service.
    phone.core.send(Event::Present {
        event: PresentEvent::Paste {
            text: request_link(&format!("{base}/rp/requests/1")),
        },
    });
    connected
        .recv_timeout(std::time::Duration::from_secs(20))
        .unwrap();
    // The step comes back through the driver's stream: wait for it.
    for _ in 0..500 {
        if !screen!(phone, Present).steps.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let present = screen!(phone, Present);
    assert!(present.busy && present.can_cancel && !present.can_answer);
    assert_eq!(present.steps.len(), 1);
    assert_eq!(present.steps[0].text, "Fetching the service's request");
    assert!(!present.steps[0].done);
    assert_eq!(
        present.steps[0].accessibility_label,
        "Fetching the service's request: in progress"
    );
    assert!(!phone.view().platform.camera);

    phone.present_event(PresentEvent::Cancel);
    let present = screen!(phone, Present);
    assert!(!present.busy && present.steps.is_empty());
    assert_eq!(
        present.error.as_deref(),
        Some("Cancelled. Nothing was shared.")
    );
    assert!(present.scanning, "it scans again");
}
