//! The documents list and a document's card, driven by events against a
//! wallet that received its documents from the mock issuer: numbers,
//! validity and badges in either language, the status learned from the
//! issuer's lists (valid, revoked, suspended, offline in words), the card
//! laid out as printed, showing it, deleting it after a confirmation,
//! expiry and re-binding.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Issuer, Phone, showing};
use vidi_app::screens::detail::DetailEvent;
use vidi_app::screens::documents::{
    CardStyle, DocumentItem, DocumentsEvent, DocumentsView, StatusBadge, Tone,
};
use vidi_app::{Clock, Event, Language, Route};
use vidi_core::card::CardLayout;
use vidi_core::document::DocumentType;
use vidi_core::issuance::{IssuanceOptions, accept_offer};
use vidi_core::store::{CitizenDocuments, DocumentView, Wallet};
use vidi_server_mock::Change;

/// A phone unlocked by fingerprint, with its first run done and its clock
/// at the real time (the issuer signs its status lists by the real clock).
/// With the biometric method the wallet's key is the platform key alone,
/// so the test can open the wallet file itself while the app is locked.
fn biometric_phone(language: Language, server_url: &str) -> Phone {
    let phone = Phone::with_biometric(language, server_url);
    phone.catch_up();
    phone.first_run_biometric();
    phone
}

/// "Update status", with the phone's clock at the real time first, as the
/// issuer signs the lists by it.
fn update_status(phone: &Phone) {
    phone.catch_up();
    send(phone, DocumentsEvent::UpdateStatus);
}

/// Locks the app, runs `change` on the wallet file unlocked with the
/// phone's key, then unlocks the app again (which lists the documents).
/// Returns what `change` returned and every document as core reads it.
fn with_wallet<T>(phone: &Phone, change: impl FnOnce(&mut Wallet) -> T) -> (T, Vec<DocumentView>) {
    phone.with_wallet_file(|wallet, key| {
        wallet.unlock(key).unwrap();
        let out = change(wallet);
        let documents = wallet
            .list_documents()
            .unwrap()
            .iter()
            .map(|s| wallet.document(&s.id).unwrap())
            .collect();
        (out, documents)
    })
}

/// Citizen `citizen`'s documents, received through an offer of the issuer.
fn receive(phone: &Phone, issuer: &Issuer, citizen: u32) -> Vec<DocumentView> {
    let (link, pin) = issuer.offer(citizen);
    let (report, documents) = with_wallet(phone, |wallet| {
        phone
            .runtime
            .block_on(accept_offer(
                wallet,
                &link,
                Some(&pin),
                IssuanceOptions::default(),
            ))
            .unwrap()
    });
    assert!(!report.documents.is_empty());
    documents
}

/// The reference citizen's documents from core's built-in test issuer, offline.
fn sample(phone: &Phone) -> Vec<DocumentView> {
    let now = phone.clock.now();
    with_wallet(phone, |wallet| {
        let issuer = vidi_core::sample::test_issuer().unwrap();
        wallet
            .add_sample_citizen(&issuer, CitizenDocuments::reference().unwrap(), now)
            .unwrap()
    })
    .1
}

fn documents(phone: &Phone) -> DocumentsView {
    screen!(phone, Documents)
}

fn send(phone: &Phone, event: DocumentsEvent) {
    phone.send(Event::Documents { event });
}

fn detail(phone: &Phone, event: DetailEvent) {
    phone.send(Event::Detail { event });
}

/// The documents views drawn since the last call, oldest first.
fn drawn(phone: &Phone) -> Vec<DocumentsView> {
    std::mem::take(&mut *phone.shell.views.lock().unwrap())
        .into_iter()
        .filter_map(|v| match v.screen {
            vidi_app::ScreenView::Documents { view } => Some(view),
            _ => None,
        })
        .collect()
}

fn item<'a>(view: &'a DocumentsView, id: &str) -> &'a DocumentItem {
    view.items.iter().find(|i| i.id == id).unwrap()
}

fn language(phone: &Phone, language: Language) {
    phone.send(Event::SetLanguage { language });
}

/// `dd/mm/yyyy`.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[2] == b'/'
        && b[5] == b'/'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
}

fn validity_reads(text: &str, until: &str, no_expiry: &str) -> bool {
    text == no_expiry || text.strip_prefix(until).is_some_and(is_date)
}

fn id_of(documents: &[DocumentView], document_type: DocumentType) -> String {
    documents
        .iter()
        .find(|d| d.summary.document_type == document_type)
        .unwrap()
        .summary
        .id
        .as_str()
        .to_owned()
}

#[test]
fn lists_the_documents_with_number_validity_and_badge_in_either_language() {
    let issuer = Issuer::start();
    let phone = biometric_phone(Language::Vietnamese, &issuer.url());
    let before = documents(&phone);
    assert!(before.items.is_empty());
    assert_eq!(
        before.empty.as_deref(),
        Some("Ví chưa có giấy tờ nào. Hãy nhận giấy tờ từ lời mời của cơ quan cấp.")
    );
    assert!(before.status_age.is_none(), "no documents, no age");

    let held = receive(&phone, &issuer, 0);
    let view = documents(&phone);
    assert!(view.error.is_none() && !view.loading && view.empty.is_none());
    // Before any sync: no cache, which is not an error.
    assert!(view.status_error.is_none());
    assert!(view.can_update_status && !view.status_updating);
    assert_eq!(view.update_status_label, "Cập nhật trạng thái");
    assert_eq!(
        view.items.iter().map(|i| i.theme).collect::<Vec<_>>(),
        [
            CardStyle::NationalId,
            CardStyle::DrivingLicence,
            CardStyle::HealthInsurance
        ]
    );
    assert_eq!(
        view.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        held.iter()
            .map(|d| d.summary.id.as_str())
            .collect::<Vec<_>>()
    );
    for (item, core) in view.items.iter().zip(&held) {
        assert_eq!(item.holder, core.summary.holder_name);
        let number = CardLayout::of(&core.document)
            .unwrap()
            .number
            .claim
            .value
            .display();
        assert!(!number.trim().is_empty());
        assert_eq!(item.number.as_deref(), Some(number.as_str()));
        assert!(!item.pending && !item.expired && !item.needs_rebinding);
        // Never checked against a status list yet.
        assert_eq!(item.badge, StatusBadge::Unknown);
        assert_eq!(item.badge_text, "Chưa rõ trạng thái");
        assert_eq!(item.tone, Tone::Neutral);
        assert!(
            validity_reads(&item.validity, "Có giá trị đến ", "Không thời hạn"),
            "{}",
            item.validity
        );
        // A screen reader hears the whole row.
        for part in [
            &item.type_name,
            &item.holder,
            &number,
            &item.badge_text,
            &item.validity,
        ] {
            assert!(
                item.accessibility_label.contains(part.as_str()),
                "{}",
                item.accessibility_label
            );
        }
    }
    assert_eq!(view.items[0].type_name, "Thẻ căn cước");
    // Logs of the view name no one.
    let logged = format!("{:?}", phone.view());
    assert!(logged.contains("NationalId"));
    for item in &view.items {
        assert!(!logged.contains(&item.holder), "{logged}");
        assert!(!logged.contains(item.number.as_deref().unwrap()));
    }
    assert_eq!(
        view.status_age.as_deref(),
        Some("Chưa kiểm tra trạng thái giấy tờ")
    );
    assert_eq!(phone.view().header.title, "Giấy tờ của tôi");

    language(&phone, Language::English);
    let english = documents(&phone);
    assert_eq!(
        english
            .items
            .iter()
            .map(|i| i.type_name.as_str())
            .collect::<Vec<_>>(),
        ["Identity card", "Driving licence", "Health insurance card"]
    );
    assert!(
        english
            .items
            .iter()
            .all(|i| validity_reads(&i.validity, "Valid until ", "No expiry"))
    );
    assert_eq!(english.items[0].badge_text, "Status not checked");
    assert!(english.items[0].accessibility_label.contains(", number "));
    assert_eq!(
        english.status_age.as_deref(),
        Some("Document status never checked")
    );
    assert_eq!(phone.view().header.title, "My documents");

    // A row opens its card; an id that is not listed opens nothing.
    send(
        &phone,
        DocumentsEvent::Open {
            id: "no-such-document".into(),
        },
    );
    assert_eq!(showing(&phone.view()), "documents");
    send(
        &phone,
        DocumentsEvent::Open {
            id: english.items[1].id.clone(),
        },
    );
    assert_eq!(
        phone.core.inspect(|app| app.route()).unwrap(),
        Some(Route::DocumentDetail {
            id: english.items[1].id.clone()
        })
    );
}

#[test]
fn badges_learn_the_status_from_the_issuer_revocation_suspension_and_offline_in_words() {
    let issuer = Issuer::start();
    let phone = biometric_phone(Language::Vietnamese, &issuer.url());
    let held = receive(&phone, &issuer, 0);
    let card = id_of(&held, DocumentType::NationalId);
    let licence = id_of(&held, DocumentType::DrivingLicence);
    let before = documents(&phone);
    assert_eq!(before.items.len(), 3);
    assert!(before.items.iter().all(|i| i.badge == StatusBadge::Unknown));

    update_status(&phone);
    let valid = documents(&phone);
    assert!(!valid.status_updating && !valid.loading);
    assert!(valid.status_error.is_none() && valid.error.is_none());
    assert!(
        valid
            .items
            .iter()
            .all(|i| i.badge == StatusBadge::Valid && i.badge_text == "Còn hiệu lực"),
        "{:?}",
        valid.items
    );
    assert!(valid.items.iter().all(|i| i.tone == Tone::Good));
    assert_eq!(
        valid.status_age.as_deref(),
        Some("Trạng thái cập nhật vừa xong")
    );

    // Documents received later learn their status from the cache, offline,
    // when the list is shown again.
    let more = receive(&phone, &issuer, 1);
    let view = documents(&phone);
    assert_eq!(view.items.len(), more.len());
    assert!(view.items.len() > 3);
    assert!(
        view.items.iter().all(|i| i.badge == StatusBadge::Valid),
        "{:?}",
        view.items
    );
    assert!(view.status_error.is_none());

    // The issuer revokes the identity card and suspends the licence: only
    // their badges change.
    issuer.change(0, DocumentType::NationalId, Change::Revoke);
    issuer.change(0, DocumentType::DrivingLicence, Change::Suspend);
    update_status(&phone);
    let changed = documents(&phone);
    assert!(changed.status_error.is_none());
    assert_eq!(item(&changed, &card).badge, StatusBadge::Revoked);
    assert_eq!(item(&changed, &card).badge_text, "Đã thu hồi");
    assert_eq!(item(&changed, &card).tone, Tone::Bad);
    assert_eq!(item(&changed, &licence).badge, StatusBadge::Suspended);
    assert_eq!(item(&changed, &licence).tone, Tone::Caution);
    assert!(
        changed
            .items
            .iter()
            .filter(|i| i.id != card && i.id != licence)
            .all(|i| i.badge == StatusBadge::Valid),
        "{:?}",
        changed.items
    );
    assert_eq!(
        changed.status_age.as_deref(),
        Some("Trạng thái cập nhật vừa xong")
    );

    // The age counts from when the lists were signed.
    phone.wait(5 * 60 + 30);
    language(&phone, Language::English);
    assert_eq!(
        documents(&phone).status_age.as_deref(),
        Some("Status checked 5 minutes ago")
    );
    language(&phone, Language::Vietnamese);
    assert_eq!(
        documents(&phone).status_age.as_deref(),
        Some("Trạng thái cập nhật 5 phút trước")
    );

    // The revoked card cannot be shown.
    send(&phone, DocumentsEvent::Open { id: card.clone() });
    let view = screen!(phone, Detail);
    assert_eq!(view.badge, Some(StatusBadge::Revoked));
    assert!(!view.can_show_qr);
    detail(&phone, DetailEvent::ShowQr);
    assert_eq!(showing(&phone.view()), "detail");
    phone.send(Event::Back);

    // The issuer is gone: the failure in words; the list and its badges stay.
    let Issuer { dir: _dir, server } = issuer;
    server.stop();
    update_status(&phone);
    let offline = documents(&phone);
    assert!(!offline.status_updating);
    assert!(offline.error.is_none());
    assert_eq!(
        offline.status_error.as_deref(),
        Some(
            "Chưa cập nhật được trạng thái. Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại."
        )
    );
    assert_eq!(offline.items, changed.items);
    language(&phone, Language::English);
    assert_eq!(
        documents(&phone).status_error.as_deref(),
        Some(
            "Could not update the status. Could not reach the server. Check the network and try again."
        )
    );
}

#[test]
fn an_unreachable_issuer_before_any_sync_is_a_status_error_and_the_list_stays() {
    // Port 9 (discard) on loopback: nothing listens.
    let phone = biometric_phone(Language::English, "http://127.0.0.1:9");
    sample(&phone);
    let before = documents(&phone);
    assert_eq!(before.items.len(), 3);
    assert!(before.status_error.is_none());
    drawn(&phone);
    update_status(&phone);
    // While it ran: "Updating status…", and no second update.
    let running = drawn(&phone)
        .into_iter()
        .find(|v| v.status_updating)
        .unwrap();
    assert!(!running.can_update_status);
    assert_eq!(running.update_status_label, "Updating status…");
    assert_eq!(running.items, before.items);
    let after = documents(&phone);
    assert!(!after.status_updating && after.can_update_status);
    assert_eq!(after.update_status_label, "Update status");
    assert!(after.error.is_none());
    assert_eq!(after.items, before.items);
    assert_eq!(
        after.status_error.as_deref(),
        Some(
            "Could not update the status. Could not reach the server. Check the network and try again."
        )
    );
    // Listing again (back from a card) keeps the word that the update
    // failed; the rows stay while it reads.
    drawn(&phone);
    send(&phone, DocumentsEvent::Refresh);
    let reading = drawn(&phone).into_iter().find(|v| v.loading).unwrap();
    assert_eq!(reading.items, before.items);
    assert!(reading.empty.is_none());
    let again = documents(&phone);
    assert!(!again.loading);
    assert!(again.status_error.is_some());
}

#[test]
fn the_identity_card_is_laid_out_as_printed_in_the_chosen_language() {
    let issuer = Issuer::start();
    let phone = biometric_phone(Language::Vietnamese, &issuer.url());
    let held = receive(&phone, &issuer, 0);
    let core = held
        .iter()
        .find(|d| d.summary.document_type == DocumentType::NationalId)
        .unwrap();
    let printed = CardLayout::of(&core.document).unwrap();
    send(
        &phone,
        DocumentsEvent::Open {
            id: core.summary.id.as_str().to_owned(),
        },
    );
    let view = screen!(phone, Detail);
    assert!(view.error.is_none() && !view.loading);
    let card = view.card.unwrap();
    assert_eq!(card.theme, CardStyle::NationalId);
    assert!(
        card.header
            .contains(&"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_owned()),
        "{:?}",
        card.header
    );
    assert_eq!(card.header_en[0], "SOCIALIST REPUBLIC OF VIET NAM");
    assert_eq!(card.title, printed.title_vi);
    assert_eq!(card.title_en, printed.title_en);
    assert_eq!(card.number.label, printed.number.label_vi);
    assert_eq!(card.number.value, printed.number.claim.value.display());
    assert!(card.portrait.is_some() && card.portrait_label.is_some());
    // Every field is on the card once, labelled in Vietnamese, the English
    // label kept for the bilingual print.
    let lines: Vec<_> = std::iter::once(&card.number)
        .chain(&card.portrait)
        .chain(&card.front)
        .chain(&card.back)
        .collect();
    let mut shown: Vec<String> = lines.iter().map(|l| l.claim.clone()).collect();
    let mut claims: Vec<String> = core
        .document
        .main_claims()
        .unwrap()
        .iter()
        .map(|c| c.id.name())
        .collect();
    shown.sort();
    claims.sort();
    assert_eq!(shown, claims);
    let name = lines.iter().find(|l| l.claim == "full_name").unwrap();
    let printed_name = printed
        .fields()
        .find(|f| f.claim.id.name() == "full_name")
        .unwrap();
    assert_eq!(name.label, printed_name.label_vi);
    assert_eq!(name.label_en, printed_name.label_en);
    assert_eq!(name.value, core.summary.holder_name);
    assert_eq!(view.holder, core.summary.holder_name);
    let logged = format!("{:?}", phone.view());
    assert!(logged.contains("full_name"));
    assert!(!logged.contains(&core.summary.holder_name), "{logged}");
    assert!(!logged.contains(&card.number.value));
    assert_eq!(view.type_name, "Thẻ căn cước");
    assert_eq!(phone.view().header.title, "Thẻ căn cước");
    assert!(phone.view().header.can_go_back);
    assert!(view.can_show_qr);
    assert!(!view.needs_rebinding && view.rebinding_note.is_none());
    assert_eq!(view.badge, Some(StatusBadge::Unknown));
    assert_eq!(view.status_checked, "Chưa kiểm tra trạng thái");
    assert!(view.issuer.starts_with("Cơ quan cấp: "), "{}", view.issuer);
    assert!(view.received.starts_with("Nhận vào ví lúc "));
    assert!(validity_reads(
        &view.validity,
        "Có giá trị đến ",
        "Không thời hạn"
    ));
    assert_eq!(view.show_qr_label, "Xuất trình mã QR");
    assert_eq!(view.front_label, "Mặt trước");

    language(&phone, Language::English);
    let view = screen!(phone, Detail);
    let english = view.card.unwrap();
    assert!(
        english
            .header
            .contains(&"SOCIALIST REPUBLIC OF VIET NAM".to_owned())
    );
    assert_eq!(english.title, printed.title_en);
    assert_eq!(english.title_vi, printed.title_vi);
    let name = english
        .front
        .iter()
        .chain(&english.back)
        .find(|l| l.claim == "full_name")
        .unwrap();
    assert_eq!(name.label, printed_name.label_en);
    assert_eq!(name.label_vi, printed_name.label_vi);
    assert_eq!(view.type_name, "Identity card");
    assert_eq!(view.status_checked, "Status never checked");
    assert!(view.issuer.starts_with("Issued by "));

    // Once the status is known, the card says when it was checked.
    phone.send(Event::Back);
    update_status(&phone);
    send(
        &phone,
        DocumentsEvent::Open {
            id: core.summary.id.as_str().to_owned(),
        },
    );
    let view = screen!(phone, Detail);
    assert_eq!(view.badge, Some(StatusBadge::Valid));
    assert_eq!(view.tone, Tone::Good);
    let at = view
        .status_checked
        .strip_prefix("Status checked at ")
        .unwrap();
    assert!(is_date(&at[6..]), "{at}");

    // Showing it opens the QR screen over the card.
    detail(&phone, DetailEvent::ShowQr);
    assert_eq!(
        phone.core.inspect(|app| app.stack()).unwrap(),
        [
            Route::Documents,
            Route::DocumentDetail {
                id: core.summary.id.as_str().to_owned()
            },
            Route::ShowQr {
                id: core.summary.id.as_str().to_owned()
            },
        ]
    );
}

#[test]
fn deleting_asks_first_then_the_list_reads_the_documents_again() {
    let issuer = Issuer::start();
    let phone = biometric_phone(Language::Vietnamese, &issuer.url());
    let held = receive(&phone, &issuer, 0);
    let card = id_of(&held, DocumentType::NationalId);
    send(&phone, DocumentsEvent::Open { id: card.clone() });
    assert!(phone.view().header.can_go_back);

    // Nothing is deleted without a confirmation.
    detail(&phone, DetailEvent::Delete);
    assert_eq!(showing(&phone.view()), "detail");
    detail(&phone, DetailEvent::AskDelete);
    assert_eq!(
        screen!(phone, Detail).delete_question.as_deref(),
        Some("Xoá thẻ căn cước khỏi ví? Bạn sẽ cần lời mời mới để nhận lại giấy tờ này.")
    );
    detail(&phone, DetailEvent::CancelDelete);
    assert!(screen!(phone, Detail).delete_question.is_none());
    detail(&phone, DetailEvent::Delete);
    assert_eq!(showing(&phone.view()), "detail");
    phone.send(Event::Back);
    assert_eq!(documents(&phone).items.len(), 3);

    send(&phone, DocumentsEvent::Open { id: card.clone() });
    detail(&phone, DetailEvent::AskDelete);
    language(&phone, Language::English);
    let view = screen!(phone, Detail);
    assert_eq!(
        view.delete_question.as_deref(),
        Some("Delete the identity card from the wallet? You will need a new offer to get it back.")
    );
    assert_eq!(view.confirm_delete_label, "Delete document");
    assert_eq!(view.cancel_label, "Cancel");
    detail(&phone, DetailEvent::Delete);
    // Back on the list, which read the documents again.
    assert_eq!(
        phone.core.inspect(|app| app.stack()).unwrap(),
        [Route::Documents]
    );
    let after = documents(&phone);
    assert_eq!(after.items.len(), 2);
    assert!(after.items.iter().all(|i| i.id != card));
    let (_, left) = with_wallet(&phone, |_| ());
    assert_eq!(left.len(), 2);
}

#[test]
fn a_document_that_is_not_there_is_an_error_in_words() {
    let phone = biometric_phone(Language::English, "http://127.0.0.1:9");
    phone.send(Event::Open {
        route: Route::DocumentDetail {
            id: "no-such-document".into(),
        },
    });
    let view = screen!(phone, Detail);
    assert_eq!(view.error.as_deref(), Some("Not found."));
    assert!(view.card.is_none() && !view.can_show_qr && !view.loading);
    assert_eq!(phone.view().header.title, "Document");
    // Nothing to show or delete.
    detail(&phone, DetailEvent::ShowQr);
    detail(&phone, DetailEvent::AskDelete);
    assert!(screen!(phone, Detail).delete_question.is_none());
    assert_eq!(showing(&phone.view()), "detail");
    language(&phone, Language::Vietnamese);
    assert_eq!(
        screen!(phone, Detail).error.as_deref(),
        Some("Không tìm thấy.")
    );
}

#[test]
fn restored_documents_need_re_binding_and_expired_ones_cannot_be_shown() {
    let phone = biometric_phone(Language::Vietnamese, "http://127.0.0.1:9");
    // Another phone's wallet, backed up and restored here: its device keys
    // stay behind, so the documents need re-binding.
    let backup = phone.dir.path().join("other.vidi-backup");
    {
        let mut other = Wallet::create(
            phone.dir.path().join("other.db"),
            &vidi_core::store::MemoryKeyProvider::generate(),
        )
        .unwrap();
        let issuer = vidi_core::sample::test_issuer().unwrap();
        other
            .add_sample_citizen(
                &issuer,
                CitizenDocuments::reference().unwrap(),
                phone.clock.now(),
            )
            .unwrap();
        other
            .backup_with_work_factor(&backup, "a long passphrase", Some(2))
            .unwrap();
    }
    let now = phone.clock.now();
    let (report, held) = with_wallet(&phone, |wallet| {
        wallet.restore(&backup, "a long passphrase", now).unwrap()
    });
    assert_eq!(report.needs_rebinding, 3);
    let view = documents(&phone);
    assert_eq!(view.items.len(), 3);
    assert!(view.items.iter().all(|i| i.needs_rebinding
        && i.badge == StatusBadge::NeedsRebinding
        && i.badge_text == "Cần liên kết lại"
        && i.tone == Tone::Caution));

    let card = id_of(&held, DocumentType::NationalId);
    send(&phone, DocumentsEvent::Open { id: card.clone() });
    let view = screen!(phone, Detail);
    assert!(view.needs_rebinding && !view.can_show_qr);
    assert!(
        view.rebinding_note
            .as_deref()
            .unwrap()
            .contains("cần liên kết lại")
    );
    assert_eq!(view.rebind_label, "Nhận lời mời cấp lại");
    detail(&phone, DetailEvent::ShowQr);
    assert_eq!(showing(&phone.view()), "detail");
    // Re-binding is accepting a re-issue offer.
    detail(&phone, DetailEvent::Rebind);
    assert_eq!(
        phone.core.inspect(|app| app.route()).unwrap(),
        Some(Route::AcceptOffer { link: None })
    );
    phone.send(Event::Back);
    assert_eq!(showing(&phone.view()), "detail");

    // Years later every expiring document has expired: that is more
    // pressing than re-binding.
    phone.wait(40 * 365 * 24 * 3600);
    phone.send(Event::Back);
    let view = documents(&phone);
    let expiring: Vec<&DocumentItem> = view
        .items
        .iter()
        .filter(|i| i.validity != "Không thời hạn")
        .collect();
    assert!(!expiring.is_empty());
    for item in expiring {
        assert!(item.expired && item.needs_rebinding);
        assert_eq!(item.badge, StatusBadge::Expired);
        assert_eq!(item.tone, Tone::Bad);
        assert!(
            item.validity
                .strip_prefix("Đã hết hạn ngày ")
                .is_some_and(is_date),
            "{}",
            item.validity
        );
    }
}

#[test]
fn an_expired_document_cannot_be_shown() {
    let phone = biometric_phone(Language::English, "http://127.0.0.1:9");
    let held = sample(&phone);
    let card = id_of(&held, DocumentType::NationalId);
    send(&phone, DocumentsEvent::Open { id: card.clone() });
    assert!(screen!(phone, Detail).can_show_qr);
    phone.wait(40 * 365 * 24 * 3600);
    phone.send(Event::Back);
    send(&phone, DocumentsEvent::Open { id: card });
    let view = screen!(phone, Detail);
    assert_eq!(view.badge, Some(StatusBadge::Expired));
    assert!(
        view.validity.starts_with("Expired on "),
        "{}",
        view.validity
    );
    assert!(!view.can_show_qr);
    detail(&phone, DetailEvent::ShowQr);
    assert_eq!(showing(&phone.view()), "detail");
}

/// Flips one byte in the middle of document `id`'s record, in the file.
fn damage(path: &std::path::Path, id: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut blob: Vec<u8> = conn
        .query_row("SELECT record FROM documents WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    let middle = blob.len() / 2;
    blob[middle] ^= 0x01;
    conn.execute(
        "UPDATE documents SET record = ?2 WHERE id = ?1",
        rusqlite::params![id, blob],
    )
    .unwrap();
}

#[test]
fn a_damaged_document_is_named_the_rest_listed_and_it_can_be_deleted() {
    let phone = biometric_phone(Language::English, "http://127.0.0.1:9");
    let held = sample(&phone);
    let bad = id_of(&held, DocumentType::DrivingLicence);
    phone.with_wallet_file(|_, _| damage(&phone.wallet_path(), &bad));

    let view = documents(&phone);
    assert!(view.error.is_none(), "{:?}", view.error);
    assert_eq!(view.items.len(), 2);
    assert!(view.items.iter().all(|i| i.id != bad));
    let damaged = view.damaged.unwrap();
    assert_eq!(damaged.ids, vec![bad.clone()]);
    assert!(damaged.text.contains(&bad[..8]), "{}", damaged.text);
    assert_eq!(damaged.delete_label, "Delete damaged documents");
    assert!(damaged.delete_question.is_none());

    // Nothing is deleted without a confirmation.
    send(&phone, DocumentsEvent::DeleteDamaged);
    assert!(documents(&phone).damaged.is_some());
    send(&phone, DocumentsEvent::AskDeleteDamaged);
    send(&phone, DocumentsEvent::CancelDeleteDamaged);
    assert!(documents(&phone).damaged.unwrap().delete_question.is_none());
    send(&phone, DocumentsEvent::AskDeleteDamaged);
    language(&phone, Language::Vietnamese);
    let damaged = documents(&phone).damaged.unwrap();
    assert_eq!(
        damaged.delete_question.as_deref(),
        Some("Xoá 1 giấy tờ bị hỏng khỏi ví? Bạn sẽ cần lời mời mới để nhận lại.")
    );
    send(&phone, DocumentsEvent::DeleteDamaged);
    let view = documents(&phone);
    assert!(view.damaged.is_none());
    assert!(view.error.is_none());
    assert_eq!(view.items.len(), 2);
    let (_, left) = with_wallet(&phone, |wallet| {
        assert!(wallet.list_documents_checked().unwrap().damaged.is_empty());
    });
    assert_eq!(left.len(), 2);
}
