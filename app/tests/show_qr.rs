//! The QR screen, driven by events as the shells drive it: the codes are
//! real (core's verifier accepts each payload, and the drawn matrix reads
//! back as the payload), they count down and renew on the clock moved by
//! hand, stop in the background and when the screen is left, and every
//! word comes in both languages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Phone, T0, showing};
use time::{Duration, OffsetDateTime};
use vidi_app::screens::show_qr::{QrImage, QrSelection, ShowQrEvent, ShowQrView};
use vidi_app::{Event, Language, Lifecycle, Route};
use vidi_core::claims::ClaimId;
use vidi_core::credential::CredentialKind;
use vidi_core::preset::Preset;
use vidi_core::sample::{test_issuer, test_verifier_data};
use vidi_core::store::{CitizenDocuments, Disclose, DocumentId, MemoryKeyProvider, Wallet};
use vidi_core::verifier::{Policy, Verified, verify};

const LOCAL: &str = "http://localhost:8080";

/// The documents a phone got.
struct Documents {
    national_id: String,
    licence: String,
}

/// A phone unlocked with its fingerprint, holding the reference citizen's
/// three documents (added through the wallet file while the app was
/// locked), after `prepare` did more with the wallet.
fn phone_with(
    language: Language,
    prepare: impl FnOnce(&mut Wallet, &Documents),
) -> (Phone, Documents) {
    let phone = Phone::biometric(language, LOCAL);
    let documents = phone.with_wallet_file(|wallet, key| {
        wallet.unlock_at(key, T0).unwrap();
        let added = wallet
            .add_sample_citizen(
                &test_issuer().unwrap(),
                CitizenDocuments::reference().unwrap(),
                T0,
            )
            .unwrap();
        let documents = Documents {
            national_id: added[0].id().as_str().to_owned(),
            licence: added[1].id().as_str().to_owned(),
        };
        prepare(wallet, &documents);
        documents
    });
    (phone, documents)
}

fn phone(language: Language) -> (Phone, Documents) {
    phone_with(language, |_, _| {})
}

fn show_qr(phone: &Phone, id: &str) -> ShowQrView {
    phone.send(Event::Open {
        route: Route::ShowQr { id: id.to_owned() },
    });
    screen!(phone, ShowQr)
}

fn send(phone: &Phone, event: ShowQrEvent) -> ShowQrView {
    phone.send(Event::ShowQr { event });
    screen!(phone, ShowQr)
}

/// The clock moved on by `seconds`, and the timer fired.
fn tick(phone: &Phone, seconds: i64) -> ShowQrView {
    phone.wait(seconds);
    phone.send(Event::Tick);
    screen!(phone, ShowQr)
}

fn now(phone: &Phone) -> OffsetDateTime {
    use vidi_app::Clock as _;
    phone.clock.now()
}

/// What core's verifier makes of the code on screen, now.
fn verified(phone: &Phone, view: &ShowQrView) -> Verified {
    let payload = view.payload.as_deref().expect("a code is shown");
    let at = now(phone);
    let data = test_verifier_data(at).unwrap();
    verify(
        payload,
        &data.trust_list,
        &data.status_lists,
        at,
        &Policy::default(),
    )
    .expect("the verifier accepts the code")
}

fn claims_of(verified: &Verified) -> Vec<ClaimId> {
    let mut ids: Vec<ClaimId> = verified.claims.iter().map(|c| c.id).collect();
    ids.sort_by_key(|c| c.name());
    ids
}

fn sorted(mut ids: Vec<ClaimId>) -> Vec<ClaimId> {
    ids.sort_by_key(|c| c.name());
    ids
}

/// The matrix drawn as the shells draw it (quiet zone included, 4 pixels
/// a module), read back by a QR reader.
fn decode(matrix: &QrImage) -> String {
    const SCALE: u32 = 4;
    let side = (matrix.size + 2 * matrix.quiet_zone) * SCALE;
    let w = side as usize;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, w, |x, y| {
        let module = |p: usize| (p as u32 / SCALE).checked_sub(matrix.quiet_zone);
        match (module(x), module(y)) {
            (Some(mx), Some(my)) if matrix.is_dark(mx, my) => 0,
            _ => 255,
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one code in the picture");
    let (meta, text) = grids[0].decode().expect("the code reads");
    assert_eq!(meta.version.0, usize::from(matrix.version));
    text
}

#[test]
fn the_checkpoint_code_counts_down_says_what_it_shows_and_renews() {
    let (phone, docs) = phone(Language::Vietnamese);
    let first = show_qr(&phone, &docs.national_id);

    assert_eq!(
        first.selected,
        Some(QrSelection::Preset {
            name: "checkpoint-id".into()
        })
    );
    assert_eq!(first.title, "Xuất trình thẻ căn cước");
    assert_eq!(phone.view().header.title, "Xuất trình thẻ căn cước");
    let checkpoint = &first.choices[0];
    assert_eq!(checkpoint.name, "Trạm kiểm soát");
    assert!(checkpoint.selected);
    assert_eq!(
        checkpoint.claims,
        ["Số định danh cá nhân", "Họ, chữ đệm và tên", "Ngày sinh"]
    );
    assert_eq!(first.seconds_to_refresh, Some(15));
    assert!((first.fraction - 1.0).abs() < f32::EPSILON);
    assert_eq!(first.caption, "Mã mới sau 15 giây · còn hiệu lực 60 giây");
    assert_eq!(
        first.accessibility_label,
        "Mã QR của thẻ căn cước của bạn, cho thấy số định danh cá nhân, họ, chữ đệm và tên và ngày sinh; mã mới sau 15 giây"
    );
    assert!(first.running);
    assert!(first.error.is_none());
    // While a code runs: full brightness, a tick every second, no screenshots.
    let platform = phone.view().platform;
    assert!(platform.full_brightness && platform.secure_display);
    assert_eq!(platform.tick_ms, Some(1000));

    // The code is real: the verifier accepts it, and the matrix drawn holds it.
    let proof = verified(&phone, &first);
    // Format 2: the checkpoint's own credential, shown whole.
    assert_eq!(proof.kind, CredentialKind::CheckpointId);
    assert_eq!(
        claims_of(&proof),
        sorted(Preset::CheckpointId.claims().to_vec())
    );
    let payload = first.payload.clone().unwrap();
    assert!(payload.starts_with("VD2:"));
    assert_eq!(decode(first.qr.as_ref().unwrap()), payload);
    assert!(
        !format!("{first:?}").contains(&payload),
        "the payload is not in the debug output"
    );

    let next = tick(&phone, 1);
    assert_eq!(next.seconds_to_refresh, Some(14));
    assert!((next.fraction - 14.0 / 15.0).abs() < 1e-6);
    assert_eq!(
        next.payload, first.payload,
        "the same code until the refresh"
    );
    assert_eq!(next.qr, first.qr);
    phone.send(Event::SetLanguage {
        language: Language::English,
    });
    let english = screen!(phone, ShowQr);
    assert_eq!(
        english.accessibility_label,
        "QR code of your identity card showing personal ID number, full name and date of birth; a new code in 14 seconds"
    );
    assert_eq!(english.caption, "New code in 14 s · valid for 59 s");
    assert_eq!(english.title, "Show your identity card");

    for left in (1..=13).rev() {
        assert_eq!(tick(&phone, 1).seconds_to_refresh, Some(left));
    }
    // The refresh: the old code says a new one is coming, then the new one counts down.
    let renewed = tick(&phone, 1);
    let refreshing = {
        let views = phone.shell.views.lock().unwrap();
        match &views[views.len() - 2].screen {
            vidi_app::ScreenView::ShowQr { view } => view.clone(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(refreshing.seconds_to_refresh, Some(0));
    assert_eq!(refreshing.caption, "Making a new code…");
    assert_eq!(
        refreshing.accessibility_label,
        "QR code of your identity card showing personal ID number, full name and date of birth; making a new code"
    );
    assert_eq!(
        refreshing.payload, first.payload,
        "the old code stays up meanwhile"
    );
    assert_eq!(renewed.seconds_to_refresh, Some(15));
    assert_ne!(
        renewed.payload, first.payload,
        "the refresh made a new code"
    );
    let renewed_proof = verified(&phone, &renewed);
    assert_eq!(renewed_proof.presented_at, T0 + Duration::seconds(15));
    assert!(renewed_proof.presented_at > proof.presented_at);
    assert_eq!(
        decode(renewed.qr.as_ref().unwrap()),
        renewed.payload.unwrap()
    );

    // Stopped: no code, nothing running, the platform back to normal.
    let stopped = send(&phone, ShowQrEvent::Stop);
    assert!(stopped.qr.is_none() && stopped.payload.is_none());
    assert!(!stopped.running);
    assert!(!phone.view().platform.full_brightness);
    assert_eq!(tick(&phone, 20).qr, None, "no code made while stopped");
    let again = send(&phone, ShowQrEvent::Start);
    assert_eq!(again.seconds_to_refresh, Some(15));

    // Two codes were shown while it ran, one after the restart: three in the log.
    assert_eq!(presented(&phone), 3);
}

/// How many presentations the activity log holds.
fn presented(phone: &Phone) -> usize {
    use vidi_app::screens::log::{ActivityKind, LogEvent};
    while phone.view().header.can_go_back {
        phone.send(Event::Back);
    }
    phone.send(Event::Open {
        route: Route::ActivityLog,
    });
    phone.send(Event::Log {
        event: LogEvent::SetFilter {
            event: Some(ActivityKind::Presented),
        },
    });
    let count = screen!(phone, Log).entries.len();
    phone.send(Event::Back);
    count
}

#[test]
fn the_age_check_names_its_one_claim_and_claims_can_be_picked_one_by_one() {
    let (phone, docs) = phone(Language::English);
    let checkpoint = show_qr(&phone, &docs.national_id);
    let age = checkpoint
        .choices
        .iter()
        .find(|c| c.preset == "age-18")
        .expect("the identity card offers the age check");
    assert_eq!(age.name, "Age check (18+)");
    assert_eq!(age.claims, ["Aged 18 or over"]);
    assert!(!age.selected);
    assert_eq!(checkpoint.choose_claims_label, "Choose the details");
    assert!(
        checkpoint.claims.iter().all(|c| !c.selected),
        "no claim picked under a preset"
    );
    assert!(
        checkpoint
            .claims
            .iter()
            .any(|c| c.claim == "full_name" && c.label == "Full name")
    );

    // Mid-countdown, another preset replaces the code at once.
    tick(&phone, 5);
    let age = send(
        &phone,
        ShowQrEvent::ChoosePreset {
            name: "age-18".into(),
        },
    );
    assert_eq!(
        age.selected,
        Some(QrSelection::Preset {
            name: "age-18".into()
        })
    );
    assert!(
        age.choices
            .iter()
            .find(|c| c.preset == "age-18")
            .unwrap()
            .selected
    );
    assert_eq!(age.seconds_to_refresh, Some(15));
    assert_eq!(
        age.accessibility_label,
        "QR code of your identity card showing aged 18 or over; a new code in 15 seconds"
    );
    assert_ne!(age.payload, checkpoint.payload);
    let proof = verified(&phone, &age);
    assert_eq!(proof.kind, CredentialKind::AgeOver(18));
    assert_eq!(claims_of(&proof), [ClaimId::AgeOver(18)]);
    phone.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });
    assert_eq!(
        screen!(phone, ShowQr).accessibility_label,
        "Mã QR của thẻ căn cước của bạn, cho thấy đủ 18 tuổi; mã mới sau 15 giây"
    );

    // From the checkpoint preset, leave out the name: number and date of birth remain.
    send(
        &phone,
        ShowQrEvent::ChoosePreset {
            name: "checkpoint-id".into(),
        },
    );
    let picked = send(
        &phone,
        ShowQrEvent::ToggleClaim {
            name: "full_name".into(),
        },
    );
    assert_eq!(
        picked.selected,
        Some(QrSelection::Claims {
            names: vec!["personal_id_number".into(), "date_of_birth".into()]
        })
    );
    assert_eq!(
        picked.accessibility_label,
        "Mã QR của thẻ căn cước của bạn, cho thấy số định danh cá nhân và ngày sinh; mã mới sau 15 giây"
    );
    let mut selected: Vec<&str> = picked
        .claims
        .iter()
        .filter(|c| c.selected)
        .map(|c| c.claim.as_str())
        .collect();
    selected.sort_unstable();
    assert_eq!(selected, ["date_of_birth", "personal_id_number"]);
    assert!(
        picked.choices.iter().all(|c| !c.selected),
        "no preset chosen now"
    );
    let proof = verified(&phone, &picked);
    assert_eq!(
        claims_of(&proof),
        sorted(vec![ClaimId::PersonalIdNumber, ClaimId::DateOfBirth])
    );
    assert_eq!(proof.kind, CredentialKind::NationalId);

    // Nothing picked: no code, and a word on why.
    send(
        &phone,
        ShowQrEvent::ToggleClaim {
            name: "personal_id_number".into(),
        },
    );
    let none = send(
        &phone,
        ShowQrEvent::ToggleClaim {
            name: "date_of_birth".into(),
        },
    );
    assert!(none.qr.is_none() && none.payload.is_none());
    assert!(!none.running);
    assert_eq!(
        none.caption,
        "Hãy chọn ít nhất một thông tin để xuất trình."
    );
    assert_eq!(none.accessibility_label, "");
    assert!(!phone.view().platform.full_brightness);

    // Picking one again brings a code back; unknown names change nothing.
    let one = send(
        &phone,
        ShowQrEvent::ToggleClaim {
            name: "age_over_18".into(),
        },
    );
    assert_eq!(one.seconds_to_refresh, Some(15));
    assert_eq!(claims_of(&verified(&phone, &one)), [ClaimId::AgeOver(18)]);
    let same = send(
        &phone,
        ShowQrEvent::ToggleClaim {
            name: "licence_number".into(),
        },
    );
    assert_eq!(same.selected, one.selected);
    assert_eq!(same.payload, one.payload);
    let same = send(
        &phone,
        ShowQrEvent::ChoosePreset {
            name: "traffic-stop".into(),
        },
    );
    assert_eq!(
        same.selected, one.selected,
        "the identity card has no traffic-stop preset"
    );
}

#[test]
fn the_licence_shows_the_traffic_stop_in_english() {
    let (phone, docs) = phone(Language::English);
    let view = show_qr(&phone, &docs.licence);
    assert_eq!(view.title, "Show your driving licence");
    assert_eq!(
        view.selected,
        Some(QrSelection::Preset {
            name: "traffic-stop".into()
        })
    );
    assert_eq!(view.choices.len(), 1);
    assert_eq!(view.choices[0].name, "Traffic stop");
    let proof = verified(&phone, &view);
    assert_eq!(proof.kind, CredentialKind::TrafficStop);
    assert_eq!(
        claims_of(&proof),
        sorted(Preset::TrafficStop.claims().to_vec())
    );
}

#[test]
fn no_code_is_made_in_the_background_or_after_leaving_the_screen() {
    let (phone, docs) = phone(Language::English);
    let first = show_qr(&phone, &docs.national_id);
    tick(&phone, 3);

    phone.send(Event::Lifecycle {
        state: Lifecycle::Background,
    });
    let away = screen!(phone, ShowQr);
    assert!(
        away.qr.is_none() && away.payload.is_none(),
        "the code is forgotten"
    );
    assert!(!away.running);
    let platform = phone.view().platform;
    assert!(!platform.full_brightness);
    assert_ne!(platform.tick_ms, Some(1000));
    // The refresh time passes in the background: nothing is signed.
    tick(&phone, 20);

    phone.send(Event::Lifecycle {
        state: Lifecycle::Foreground,
    });
    let back = screen!(phone, ShowQr);
    assert_eq!(
        showing(&phone.view()),
        "show_qr",
        "within the grace: still unlocked"
    );
    assert_eq!(back.seconds_to_refresh, Some(15));
    assert_ne!(back.payload, first.payload, "a new code on coming back");
    assert!(phone.view().platform.full_brightness);

    // Leaving the screen stops it too.
    phone.send(Event::Back);
    assert_eq!(showing(&phone.view()), "documents");
    assert!(!phone.view().platform.full_brightness);
    phone.wait(40);
    phone.send(Event::Tick);
    assert_eq!(
        presented(&phone),
        2,
        "one code before the background, one after"
    );
}

#[test]
fn a_credential_ending_before_the_refresh_expires_the_code() {
    let mut ends = None;
    let (phone, docs) = phone_with(Language::English, |wallet, docs| {
        let view = wallet
            .document(&DocumentId::new(docs.national_id.clone()))
            .unwrap();
        ends = view
            .credentials
            .iter()
            .filter(|c| c.kind == CredentialKind::NationalId)
            .map(|c| c.expires_at)
            .min();
    });
    // 4.5 s before the credential ends.
    let ends = ends.unwrap();
    phone
        .clock
        .advance(ends - now(&phone) - Duration::milliseconds(4_500));
    let view = show_qr(&phone, &docs.national_id);
    assert_eq!(view.seconds_to_refresh, Some(5));
    assert_eq!(view.caption, "New code in 5 s · valid for 5 s");
    verified(&phone, &view);

    let expired = tick(&phone, 5);
    assert!(expired.expired);
    assert!(expired.qr.is_none() && expired.payload.is_none());
    assert_eq!(expired.seconds_to_refresh, None);
    assert_eq!(
        expired.caption,
        "The document has expired; this code is no longer valid"
    );
    assert_eq!(
        expired.accessibility_label,
        "The QR code of your identity card is no longer valid"
    );
    assert!(!expired.running);
    assert!(!phone.view().platform.full_brightness);
    assert!(tick(&phone, 20).expired, "no new code after the expiry");

    // Trying again: the credential has ended, and the screen says so.
    let again = send(&phone, ShowQrEvent::Start);
    assert_eq!(again.error.as_deref(), Some("The document has expired."));
    assert!(again.qr.is_none() && !again.running);
    phone.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });
    assert_eq!(
        screen!(phone, ShowQr).error.as_deref(),
        Some("Giấy tờ đã hết hạn.")
    );
}

#[test]
fn a_restored_document_must_be_re_bound_before_it_is_shown() {
    let backup = tempfile::tempdir().unwrap();
    let file = backup.path().join("vidi.backup");
    // Another wallet's documents come in through a backup, without their device keys.
    let mut restored = None;
    let (phone, _) = phone_with(Language::English, |wallet, docs| {
        let other_dir = tempfile::tempdir().unwrap();
        let mut other = Wallet::create(
            other_dir.path().join("w.db"),
            &MemoryKeyProvider::generate(),
        )
        .unwrap();
        let mut documents = CitizenDocuments::reference().unwrap();
        documents.licence = None;
        documents.health = None;
        documents.national_id = other_citizen();
        let added = other
            .add_sample_citizen(&test_issuer().unwrap(), documents, T0)
            .unwrap();
        other
            .backup_with_work_factor(&file, "correct horse battery", Some(2))
            .unwrap();
        wallet.restore(&file, "correct horse battery", T0).unwrap();
        restored = Some(added[0].id().as_str().to_owned());
        // The phone's own card still shows.
        wallet
            .present(
                &DocumentId::new(docs.national_id.clone()),
                Disclose::Preset(Preset::Age18),
                None,
                None,
                T0,
            )
            .unwrap();
    });
    let view = show_qr(&phone, restored.as_deref().unwrap());
    assert!(view.qr.is_none() && !view.running);
    assert_eq!(
        view.error.as_deref(),
        Some(
            "This document was restored from a backup and must be re-bound to this phone before it can be shown."
        )
    );
    assert!(!phone.view().platform.full_brightness);
}

/// A national ID card of another citizen than the reference one (so that
/// restoring it adds a document rather than replacing the phone's).
fn other_citizen() -> vidi_core::document::NationalIdCard {
    vidi_core::document::citizens::citizen(7, 6, T0.date())
        .unwrap()
        .national_id
}

#[test]
fn an_unknown_document_is_an_error_in_words() {
    let (phone, _) = phone(Language::Vietnamese);
    let view = show_qr(&phone, "no-such-document");
    assert_eq!(view.error.as_deref(), Some("Không tìm thấy."));
    assert!(view.qr.is_none() && !view.running);
    assert_eq!(view.title, "Xuất trình giấy tờ");
    assert!(view.choices.is_empty() && view.claims.is_empty());
}

#[test]
fn a_code_made_mid_second_counts_from_its_whole_second() {
    let (phone, docs) = phone(Language::English);
    // The code carries whole seconds: made at T0 + 0.7 s, it is dated T0,
    // so 14.3 s are left, shown rounded up.
    phone.clock.advance(Duration::milliseconds(700));
    show_qr(&phone, &docs.national_id);
    let age = send(
        &phone,
        ShowQrEvent::ChoosePreset {
            name: "age-18".into(),
        },
    );
    assert_eq!(age.seconds_to_refresh, Some(15));
    assert_eq!(age.caption, "New code in 15 s · valid for 60 s");
    let proof = verified(&phone, &age);
    assert_eq!(proof.kind, CredentialKind::AgeOver(18));
    assert_eq!(proof.presented_at, T0);
    let next = tick(&phone, 1);
    assert_eq!(next.seconds_to_refresh, Some(14));
    assert_eq!(next.caption, "New code in 14 s · valid for 59 s");
    // At T0 + 14.7 s the code has 0.3 s left: still up, then renewed at the next tick.
    assert_eq!(tick(&phone, 13).seconds_to_refresh, Some(1));
    let renewed = tick(&phone, 1);
    assert_eq!(renewed.seconds_to_refresh, Some(15));
    assert_eq!(
        verified(&phone, &renewed).presented_at,
        T0 + Duration::seconds(15)
    );
}
