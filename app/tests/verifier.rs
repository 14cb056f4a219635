//! The checkpoint's verifier against the mock issuer on loopback: a phone
//! with no wallet switches to the verifier, syncs the lists, reads their
//! ages and staleness in words, and checks proofs a citizen's wallet
//! (core, in the test) makes: valid, tampered, too old, revoked,
//! suspended, status unknown; repeated camera frames; a failing sync.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Issuer, Phone, showing};
use vidi_app::screens::documents::Tone;
use vidi_app::screens::verifier::{VerifierEvent, VerifierView};
use vidi_app::{Clock, Event, Language, Mode, Route};
use vidi_core::document::DocumentType;
use vidi_core::issuance::{IssuanceOptions, accept_offer};
use vidi_core::preset::Preset;
use vidi_core::store::{Disclose, DocumentId, MemoryKeyProvider, Wallet};
use vidi_server_mock::Change;

/// A phone with nothing on it, its clock at the real time (the issuer signs
/// its lists with the real clock), in the verifier mode.
fn verifier_phone(language: Language, server_url: &str) -> Phone {
    let phone = Phone::new(language, server_url);
    phone.catch_up();
    assert_eq!(showing(&phone.view()), "setup");
    phone.send(Event::SwitchMode);
    assert_eq!(showing(&phone.view()), "verifier");
    assert_eq!(phone.view().mode, Mode::Verifier);
    phone
}

fn view(phone: &Phone) -> VerifierView {
    screen!(phone, Verifier)
}

fn send(phone: &Phone, event: VerifierEvent) {
    phone.send(Event::Verifier { event });
}

fn scan(phone: &Phone, text: &str) {
    phone.send(Event::Scanned { text: text.into() });
}

fn camera(phone: &Phone) -> bool {
    phone.view().platform.camera
}

/// A citizen's wallet, made with core directly, holding the identity card
/// the issuer issued to seeded citizen `number`.
struct Citizen {
    _dir: tempfile::TempDir,
    wallet: Wallet,
    card: DocumentId,
    name: String,
}

impl Citizen {
    fn new(issuer: &Issuer, phone: &Phone, number: u32) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let key = MemoryKeyProvider::generate();
        let mut wallet = Wallet::create(dir.path().join("wallet.db"), &key).unwrap();
        let (link, pin) = issuer.offer(number);
        phone
            .runtime
            .block_on(accept_offer(
                &mut wallet,
                &link,
                Some(&pin),
                IssuanceOptions::default(),
            ))
            .unwrap();
        let card = wallet
            .list_documents()
            .unwrap()
            .into_iter()
            .find(|d| d.document_type == DocumentType::NationalId)
            .unwrap();
        Self {
            _dir: dir,
            wallet,
            card: card.id,
            name: card.holder_name,
        }
    }

    /// A `checkpoint-id` proof made now by the phone's clock.
    fn proof(&mut self, phone: &Phone) -> String {
        self.wallet
            .present(
                &self.card,
                Disclose::Preset(Preset::CheckpointId),
                None,
                None,
                phone.clock.now(),
            )
            .unwrap()
            .text
    }
}

#[test]
fn sync_verdicts_large_and_plain_repeats_ignored_revoked_in_words_stale_lists() {
    let issuer = Issuer::start();
    let phone = verifier_phone(Language::Vietnamese, &issuer.url());
    let mut citizen = Citizen::new(&issuer, &phone, 0);

    // Before the first sync: nothing to check against, said in words; no camera.
    let before = view(&phone);
    assert_eq!(phone.view().header.title, "Kiểm tra giấy tờ");
    assert_eq!(
        before.server_url,
        issuer.url(),
        "the app's server by default"
    );
    assert_eq!(
        before.not_ready.as_deref(),
        Some("Chưa có danh sách tin cậy. Hãy đồng bộ khi có mạng trước khi quét.")
    );
    assert!(before.lists.is_empty() && before.last_sync.is_none());
    assert!(!before.scanning && !camera(&phone));
    assert_eq!(phone.view().platform.tick_ms, None);
    assert_eq!(
        before.scan_hint,
        "Hướng máy ảnh vào mã QR trên điện thoại của người dân"
    );
    assert_eq!(before.sync_label, "Đồng bộ danh sách");
    assert!(before.can_sync && !before.syncing);

    // A code read anyway checks nothing, and says why.
    scan(&phone, &citizen.proof(&phone));
    let early = view(&phone);
    assert_eq!(early.error, early.not_ready);
    assert!(early.verdict.is_none());

    send(&phone, VerifierEvent::Sync);
    let synced = view(&phone);
    assert_eq!(synced.sync_error, None);
    assert_eq!(synced.not_ready, None);
    assert_eq!(synced.error, None, "the sync answered the scan's problem");
    assert!(!synced.syncing && !synced.stale && synced.stale_warning.is_none());
    assert!(synced.lists.len() >= 2, "{:?}", synced.lists);
    assert_eq!(synced.lists[0].name, "Danh sách tin cậy");
    assert!(
        synced.lists[1..]
            .iter()
            .all(|l| l.name.starts_with("Danh sách trạng thái (khoá ")),
        "{:?}",
        synced.lists
    );
    assert!(
        synced.lists.iter().all(|l| !l.stale
            && l.warning.is_none()
            && (l.age == "Ký vừa xong" || l.age.ends_with(" phút trước"))),
        "{:?}",
        synced.lists
    );
    assert!(
        synced
            .last_sync
            .as_deref()
            .unwrap()
            .starts_with("Đồng bộ lần cuối "),
        "{:?}",
        synced.last_sync
    );
    assert!(synced.scanning && camera(&phone));
    assert_eq!(
        phone.view().platform.tick_ms,
        Some(60_000),
        "the ages follow the clock"
    );

    // A valid proof: green, the document, its issuer and the three details.
    // (Later than 3 s after the early scan: a proof made in the same second
    // is the same code.)
    phone.wait(5);
    let payload = citizen.proof(&phone);
    scan(&phone, &payload);
    let shown = view(&phone);
    let valid = shown.verdict.clone().unwrap();
    assert!(
        !shown.scanning && !camera(&phone),
        "the verdict fills the screen"
    );
    assert!(valid.valid);
    assert_eq!(valid.headline, "HỢP LỆ");
    assert_eq!(valid.tone, Tone::Good);
    assert_eq!(valid.document_name, "Thẻ căn cước");
    assert!(
        valid
            .issuer
            .as_deref()
            .unwrap()
            .starts_with("Cơ quan cấp: ")
    );
    assert_eq!(valid.fields.len(), 3, "{:?}", valid.fields);
    let name = valid
        .fields
        .iter()
        .find(|f| f.label == "Họ, chữ đệm và tên")
        .unwrap();
    assert_eq!(name.value, citizen.name);
    assert_eq!(name.claim, "full_name");
    // Format 2 shows the checkpoint from a credential that holds exactly
    // its three claims: nothing else of the card travels, not even digests.
    assert_eq!(valid.hidden_count, 0);
    assert_eq!(valid.hidden, None);
    assert_eq!(valid.reason, None);
    assert_eq!(valid.reason_code, None);
    assert!(valid.checked_at.starts_with("Kiểm tra lúc "));
    assert_eq!(shown.scan_next_label, "Quét mã tiếp theo");

    phone.send(Event::SetLanguage {
        language: Language::English,
    });
    let english = view(&phone).verdict.unwrap();
    assert_eq!(english.headline, "VALID");
    assert_eq!(english.document_name, "Identity card");
    assert!(english.fields.iter().any(|f| f.label == "Full name"));
    assert_eq!(english.hidden, None);
    assert!(english.issuer.unwrap().starts_with("Issued by "));
    assert!(english.checked_at.starts_with("Checked at "));
    phone.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });

    // The camera reports the same code every frame: checked once per 3 seconds.
    phone.clock.advance(time::Duration::milliseconds(1_000));
    scan(&phone, &payload);
    assert_eq!(view(&phone).verdict.unwrap().checked_at, valid.checked_at);
    // Another code while the verdict is shown is not checked either.
    scan(&phone, "VD1:ANOTHER");
    assert!(view(&phone).verdict.unwrap().valid);
    send(&phone, VerifierEvent::Dismiss);
    assert!(view(&phone).scanning && camera(&phone));
    phone.clock.advance(time::Duration::milliseconds(1_500));
    scan(&phone, &payload);
    assert!(view(&phone).verdict.is_none(), "2.5 s after: ignored");
    phone.clock.advance(time::Duration::milliseconds(600));
    scan(&phone, &payload);
    assert!(
        view(&phone).verdict.unwrap().valid,
        "3.1 s after: checked again"
    );
    send(&phone, VerifierEvent::Dismiss);

    // The issuer revokes the card; after a sync the officer reads why, in Vietnamese.
    issuer.change(0, DocumentType::NationalId, Change::Revoke);
    send(&phone, VerifierEvent::Sync);
    assert_eq!(view(&phone).sync_error, None);
    scan(&phone, &citizen.proof(&phone));
    let revoked = view(&phone).verdict.unwrap();
    assert!(!revoked.valid);
    assert_eq!(revoked.headline, "KHÔNG HỢP LỆ");
    assert_eq!(revoked.tone, Tone::Bad);
    assert_eq!(revoked.reason_code.as_deref(), Some("revoked"));
    assert_eq!(revoked.reason.as_deref(), Some("Giấy tờ đã bị thu hồi"));
    assert_eq!(revoked.document_name, "Giấy tờ không xác định");
    assert!(revoked.fields.is_empty() && revoked.issuer.is_none());
    assert_eq!(revoked.hidden, None);
    phone.send(Event::SetLanguage {
        language: Language::English,
    });
    let english = view(&phone).verdict.unwrap();
    assert_eq!(english.headline, "NOT VALID");
    assert_eq!(
        english.reason.as_deref(),
        Some("The document has been revoked")
    );
    assert_eq!(english.document_name, "Unknown document");
    phone.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });
    send(&phone, VerifierEvent::Dismiss);

    // Two days later without a sync the status lists are stale: said on
    // each, on the screen, and every proof is "status unknown".
    phone.wait(49 * 3600);
    let stale = view(&phone);
    assert!(stale.stale);
    assert!(
        stale.lists[1..]
            .iter()
            .all(|l| l.stale && l.age == "Ký 2 ngày trước"),
        "{:?}",
        stale.lists
    );
    assert!(!stale.lists[0].stale, "only status lists go stale");
    assert_eq!(stale.lists[0].warning, None);
    assert_eq!(
        stale.lists[1].warning.as_deref(),
        Some("Đã quá 48 giờ: hãy đồng bộ, nếu không mọi mã sẽ bị từ chối")
    );
    assert_eq!(
        stale.stale_warning.as_deref(),
        Some(
            "Danh sách trạng thái đã cũ hơn 48 giờ. Hãy đồng bộ khi có mạng, nếu không mọi mã sẽ bị từ chối."
        )
    );
    let mut other = Citizen::new(&issuer, &phone, 1);
    scan(&phone, &other.proof(&phone));
    let unknown = view(&phone).verdict.unwrap();
    assert!(!unknown.valid);
    assert_eq!(unknown.reason_code.as_deref(), Some("status_unknown"));
    assert_eq!(
        unknown.reason.as_deref(),
        Some("Không xác định được trạng thái")
    );
    phone.send(Event::SetLanguage {
        language: Language::English,
    });
    assert_eq!(
        view(&phone).verdict.unwrap().reason.as_deref(),
        Some("The document's status cannot be checked")
    );
    assert_eq!(
        view(&phone).lists[1].warning.as_deref(),
        Some("Older than 48 hours: sync, or every code will be refused")
    );
}

#[test]
fn a_server_that_cannot_be_reached_is_a_sync_error_in_words_and_the_screen_stays_usable() {
    let phone = verifier_phone(Language::English, "http://127.0.0.1:9");
    send(&phone, VerifierEvent::Sync);
    let failed = view(&phone);
    assert_eq!(
        failed.sync_error.as_deref(),
        Some("Could not reach the server. Check the network and try again.")
    );
    assert!(!failed.syncing && failed.can_sync);
    assert_eq!(failed.sync_label, "Sync the lists");
    assert_eq!(
        failed.not_ready.as_deref(),
        Some("No trust list yet. Sync while online before scanning.")
    );

    // What the officer types stays as typed; a URL the app cannot sync
    // from is said so, before any network.
    send(
        &phone,
        VerifierEvent::SetServerUrl {
            url: "  not a url ".into(),
        },
    );
    assert_eq!(view(&phone).server_url, "  not a url ");
    send(&phone, VerifierEvent::Sync);
    assert_eq!(
        view(&phone).sync_error.as_deref(),
        Some(
            "This address is not valid. Use an https:// address (or http:// only to this device or the emulator's host)."
        )
    );

    // Back to citizen mode: first run, as there is no wallet.
    assert_eq!(phone.view().header.menu.len(), 1);
    phone.send(Event::SwitchMode);
    assert_eq!(showing(&phone.view()), "setup");
}

#[test]
fn a_failed_sync_keeps_the_old_lists_which_stay_across_a_restart() {
    let issuer = Issuer::start();
    let phone = verifier_phone(Language::English, &issuer.url());
    send(&phone, VerifierEvent::Sync);
    let synced = view(&phone);
    assert!(synced.sync_error.is_none() && synced.lists.len() >= 2);
    assert!(
        synced
            .lists
            .iter()
            .all(|l| l.age == "Signed just now" || l.age.ends_with(" minutes ago")),
        "{:?}",
        synced.lists
    );
    assert!(synced.last_sync.unwrap().starts_with("Last synced "));

    phone.wait(5 * 60);
    send(
        &phone,
        VerifierEvent::SetServerUrl {
            url: "http://127.0.0.1:9".into(),
        },
    );
    send(&phone, VerifierEvent::Sync);
    let failed = view(&phone);
    assert_eq!(
        failed.sync_error.as_deref(),
        Some("Could not reach the server. Check the network and try again.")
    );
    assert_eq!(failed.lists.len(), synced.lists.len(), "the old lists stay");
    assert!(failed.lists.iter().all(|l| l.age == "Signed 5 minutes ago"));
    assert!(failed.scanning && camera(&phone), "and still check codes");
    assert_eq!(failed.not_ready, None);

    // Another server, with another trust anchor: refused, said so, the
    // old lists kept.
    let impostor = Issuer::start();
    send(
        &phone,
        VerifierEvent::SetServerUrl {
            url: impostor.url(),
        },
    );
    send(&phone, VerifierEvent::Sync);
    let refused = view(&phone);
    assert_eq!(
        refused.sync_error.as_deref(),
        Some(
            "This server signs with another trust anchor than the one pinned at the first sync. The new lists were refused; the old ones are kept."
        )
    );
    assert_eq!(refused.lists, failed.lists);

    // Reload reads the same folder again.
    send(&phone, VerifierEvent::Reload);
    assert_eq!(view(&phone).lists, failed.lists);

    // The app starts again, offline: the lists are read from the folder.
    let phone = phone.restart();
    phone.send(Event::SwitchMode);
    let again = view(&phone);
    assert_eq!(again.lists, failed.lists);
    assert_eq!(again.sync_error, None);
    assert!(again.scanning);
}

#[test]
fn refused_proofs_say_why_tampered_too_old_suspended_not_a_proof() {
    let issuer = Issuer::start();
    let phone = verifier_phone(Language::Vietnamese, &issuer.url());
    let mut citizen = Citizen::new(&issuer, &phone, 0);
    send(&phone, VerifierEvent::Sync);

    let refused = |text: &str| {
        scan(&phone, text);
        let verdict = view(&phone).verdict.unwrap();
        send(&phone, VerifierEvent::Dismiss);
        assert!(!verdict.valid);
        assert_eq!(verdict.tone, Tone::Bad);
        assert_eq!(verdict.headline, "KHÔNG HỢP LỆ");
        assert!(verdict.fields.is_empty() && verdict.hidden.is_none());
        (
            verdict.reason_code.unwrap(),
            verdict.reason.unwrap_or_default(),
        )
    };

    // A disclosed detail changed: the name in the proof's bytes.
    let proof = citizen.proof(&phone);
    let (format, mut bytes) = vidi_core::presentation::from_text_any(&proof).unwrap();
    // Format 2 sends the name in VISCII, one byte per letter.
    let name = vidi_core::viscii::encode(&citizen.name).unwrap();
    let at = bytes
        .windows(name.len())
        .position(|w| w == name.as_slice())
        .expect("the name is in the proof");
    bytes[at] = b'X';
    let tampered = vidi_core::presentation::to_text_in(format, &bytes);
    assert_eq!(
        refused(&tampered),
        ("tampered_claim".into(), "Thông tin đã bị sửa đổi".into())
    );

    // A screenshot shown a minute later.
    let old = citizen.proof(&phone);
    phone.wait(61);
    assert_eq!(
        refused(&old),
        ("too_old".into(), "Mã QR đã hết hạn (quá cũ)".into())
    );

    // Not a proof at all (an offer's QR).
    let (link, _) = issuer.offer(2);
    assert_eq!(
        refused(&link),
        ("malformed".into(), "Mã QR không hợp lệ".into())
    );

    // Suspended by the issuer, learnt at the next sync.
    issuer.change(0, DocumentType::NationalId, Change::Suspend);
    send(&phone, VerifierEvent::Sync);
    assert_eq!(
        refused(&citizen.proof(&phone)),
        ("suspended".into(), "Giấy tờ đang bị tạm đình chỉ".into())
    );

    // In English, core's reason with its detail.
    phone.send(Event::SetLanguage {
        language: Language::English,
    });
    let old = citizen.proof(&phone);
    phone.wait(75);
    scan(&phone, &old);
    assert_eq!(
        view(&phone).verdict.unwrap().reason.as_deref(),
        Some("The QR code has expired (too old)")
    );
}

/// Swift's `testTheVerifierIgnoresTheSameCodeWithinThreeSeconds`, before
/// any sync: only the last code read is remembered.
#[test]
fn the_same_code_within_three_seconds_is_ignored_unless_another_came_between() {
    let phone = verifier_phone(Language::English, "http://127.0.0.1:9");
    let ms = |n| phone.clock.advance(time::Duration::milliseconds(n));
    scan(&phone, "VD1:NOT-A-PROOF");
    let first = view(&phone);
    assert_eq!(first.error, first.not_ready);
    assert!(first.error.is_some());
    send(&phone, VerifierEvent::Dismiss);
    assert_eq!(view(&phone).error, None);

    ms(2_900);
    scan(&phone, "VD1:NOT-A-PROOF");
    assert_eq!(
        view(&phone).error,
        None,
        "the same code 2.9 s later: ignored"
    );
    scan(&phone, "VD1:ANOTHER");
    assert!(view(&phone).error.is_some(), "another code is checked");
    send(&phone, VerifierEvent::Dismiss);
    ms(200);
    scan(&phone, "VD1:NOT-A-PROOF");
    assert!(
        view(&phone).error.is_some(),
        "another code came in between: checked"
    );
    send(&phone, VerifierEvent::Dismiss);

    // A clock set back is no reason to ignore a code.
    phone.clock.advance(time::Duration::seconds(-60));
    scan(&phone, "VD1:NOT-A-PROOF");
    assert!(view(&phone).error.is_some());
}

#[test]
fn the_verifier_opens_from_an_unlocked_wallet_too_and_needs_none() {
    let issuer = Issuer::start();
    let phone = Phone::new(Language::English, &issuer.url());
    phone.catch_up();
    phone.first_run();
    phone.send(Event::Open {
        route: Route::Verifier,
    });
    assert_eq!(showing(&phone.view()), "verifier");
    assert_eq!(phone.view().header.title, "Check a document");
    send(&phone, VerifierEvent::Sync);
    assert!(view(&phone).scanning);

    // Locking leaves the verifier where it is, working.
    phone.send(Event::Lock);
    assert_eq!(showing(&phone.view()), "verifier");
    let mut citizen = Citizen::new(&issuer, &phone, 1);
    scan(&phone, &citizen.proof(&phone));
    assert!(view(&phone).verdict.unwrap().valid);
}
