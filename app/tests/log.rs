//! The activity log, driven by events as the shells drive it: entries in
//! words in both languages, filters, the retention (which deletes), and
//! the export, shared once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Phone, T0, showing};
use time::Duration;
use vidi_app::screens::log::{ActivityKind, LogEvent, LogView};
use vidi_app::{Effect, Event, Language, Route};
use vidi_core::document::DocumentType;
use vidi_core::preset::Preset;
use vidi_core::sample::test_issuer;
use vidi_core::store::{
    Activity, ActivityEvent, CitizenDocuments, Disclose, MemoryKeyProvider, RestoreReport, Wallet,
};

const LOCAL: &str = "http://localhost:8080";
const POLICE: &str = "Công an phường Bến Nghé";

/// A phone unlocked with its fingerprint, after `prepare` had its wallet
/// file (locked) and the platform key that opens it.
fn phone_with(language: Language, prepare: impl FnOnce(&mut Wallet, &MemoryKeyProvider)) -> Phone {
    let phone = Phone::biometric(language, LOCAL);
    phone.with_wallet_file(prepare);
    phone
}

/// The reference citizen's documents added 10 minutes before T0, the
/// identity card shown to the police 5 minutes before, the licence deleted
/// a minute before.
fn history(wallet: &mut Wallet, key: &MemoryKeyProvider) {
    wallet.unlock_at(key, T0).unwrap();
    let added = wallet
        .add_sample_citizen(
            &test_issuer().unwrap(),
            CitizenDocuments::reference().unwrap(),
            T0 - Duration::minutes(10),
        )
        .unwrap();
    let by_type = |t: DocumentType| {
        added
            .iter()
            .map(|o| o.id().clone())
            .find(|id| wallet.document(id).unwrap().summary.document_type == t)
            .unwrap()
    };
    let card = by_type(DocumentType::NationalId);
    let licence = by_type(DocumentType::DrivingLicence);
    wallet
        .present(
            &card,
            Disclose::Preset(Preset::CheckpointId),
            None,
            Some(POLICE),
            T0 - Duration::minutes(5),
        )
        .unwrap();
    wallet
        .delete_document(&licence, T0 - Duration::minutes(1))
        .unwrap();
}

fn open_log(phone: &Phone) -> LogView {
    phone.send(Event::Open {
        route: Route::ActivityLog,
    });
    screen!(phone, Log)
}

fn send(phone: &Phone, event: LogEvent) -> LogView {
    phone.send(Event::Log { event });
    screen!(phone, Log)
}

fn language(phone: &Phone, language: Language) -> LogView {
    phone.send(Event::SetLanguage { language });
    screen!(phone, Log)
}

/// The one share the phone was asked for since the last look.
fn shared(phone: &Phone) -> (String, String) {
    let effects = phone.effects();
    let shares: Vec<_> = effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Share { subject, text } => Some((subject, text)),
            _ => None,
        })
        .collect();
    assert_eq!(shares.len(), 1, "one share: {shares:?}");
    shares.into_iter().next().unwrap()
}

fn no_share(phone: &Phone) {
    assert!(
        !phone
            .effects()
            .iter()
            .any(|e| matches!(e, Effect::Share { .. })),
        "shared again"
    );
}

#[test]
fn entries_in_words_filtered_kept_for_a_while_and_exported_once() {
    let phone = phone_with(Language::Vietnamese, history);
    let state = open_log(&phone);
    assert_eq!(state.title, "Nhật ký hoạt động");
    assert_eq!(phone.view().header.title, "Nhật ký hoạt động");
    assert!(state.error.is_none() && !state.loading && state.empty.is_none());
    assert_eq!(state.entries.len(), 5, "{:?}", state.entries);
    let texts: Vec<&str> = state.entries.iter().map(|e| e.text.as_str()).collect();
    assert!(texts.contains(&"Đã xoá giấy phép lái xe"), "{texts:?}");
    assert!(texts.contains(&"Đã thêm thẻ căn cước"), "{texts:?}");
    let shown = state
        .entries
        .iter()
        .find(|e| e.event == ActivityKind::Presented)
        .unwrap();
    assert_eq!(shown.text, "Đã xuất trình thẻ căn cước (Trạm kiểm soát)");
    let claims = shown.claims.clone().unwrap();
    assert!(claims.starts_with("Thông tin đã chia sẻ: "), "{claims}");
    for label in ["số định danh cá nhân", "họ, chữ đệm và tên", "ngày sinh"] {
        assert!(claims.contains(label), "{claims}");
    }
    assert_eq!(
        shown.audience.as_deref(),
        Some("Bên nhận: Công an phường Bến Nghé")
    );
    assert!(shown.while_locked.is_none());
    // Vietnam time: 07:55 UTC is 14:55 in Vietnam.
    assert_eq!(shown.time, "14:55 06/12/2026");
    assert_eq!(shown.at_unix, (T0 - Duration::minutes(5)).unix_timestamp());
    assert!(
        state
            .entries
            .iter()
            .all(|e| e.time.len() == "09:05 14/05/2031".len())
    );
    assert!(
        state
            .entries
            .windows(2)
            .all(|w| w[0].at_unix >= w[1].at_unix),
        "newest first"
    );
    assert!(
        state
            .entries
            .iter()
            .filter(|e| e.event != ActivityKind::Presented)
            .all(|e| e.claims.is_none() && e.audience.is_none())
    );

    // The filters and retentions offered, worded.
    assert_eq!(state.filters.len(), 6);
    assert_eq!(state.filters[0].label, "Tất cả");
    let selected = |v: &LogView| -> Vec<Option<ActivityKind>> {
        v.filters
            .iter()
            .filter(|f| f.selected)
            .map(|f| f.event)
            .collect()
    };
    assert_eq!(selected(&state), [None]);
    assert_eq!(state.filter, None);
    assert_eq!(
        state
            .retention_choices
            .iter()
            .map(|c| (c.days, c.label.as_str(), c.selected))
            .collect::<Vec<_>>(),
        [
            (None, "Lưu vĩnh viễn", true),
            (Some(30), "Lưu 30 ngày", false),
            (Some(90), "Lưu 90 ngày", false),
            (Some(365), "Lưu 365 ngày", false),
        ]
    );
    assert_eq!(state.export_label, "Xuất nhật ký");

    let english = language(&phone, Language::English);
    let shown = english
        .entries
        .iter()
        .find(|e| e.event == ActivityKind::Presented)
        .unwrap();
    assert_eq!(shown.text, "Showed your identity card (Checkpoint)");
    assert_eq!(
        shown.claims.as_deref(),
        Some("Shared: personal ID number, full name and date of birth")
    );
    assert_eq!(
        shown.audience.as_deref(),
        Some("Shown to: Công an phường Bến Nghé")
    );
    assert!(
        english
            .entries
            .iter()
            .any(|e| e.text == "Deleted your driving licence")
    );

    let added = send(
        &phone,
        LogEvent::SetFilter {
            event: Some(ActivityKind::Added),
        },
    );
    assert_eq!(added.entries.len(), 3);
    assert!(added.entries.iter().all(|e| e.event == ActivityKind::Added));
    assert_eq!(
        added
            .filters
            .iter()
            .filter(|f| f.selected)
            .map(|f| f.label.as_str())
            .collect::<Vec<_>>(),
        ["Added"]
    );
    assert_eq!(added.filters[0].label, "All");
    assert_eq!(added.filter, Some(ActivityKind::Added));

    assert_eq!(added.retention_days, None);
    assert_eq!(added.retention, "Keep for ever");
    // Zero days is refused: nothing changes.
    assert_eq!(
        send(&phone, LogEvent::SetRetention { days: Some(0) }).retention,
        "Keep for ever"
    );
    let kept = send(&phone, LogEvent::SetRetention { days: Some(30) });
    assert_eq!(kept.retention_days, Some(30));
    assert_eq!(kept.retention, "Keep for 30 days");
    assert_eq!(kept.entries.len(), 3, "nothing was older than 30 days");
    // The wallet holds it: read again, it is still 30 days.
    assert_eq!(send(&phone, LogEvent::Reload).retention_days, Some(30));
    let vi = language(&phone, Language::Vietnamese);
    assert_eq!(vi.retention, "Lưu 30 ngày");
    assert!(
        vi.retention_choices
            .iter()
            .find(|c| c.days == Some(30))
            .unwrap()
            .selected
    );
    assert_eq!(
        send(&phone, LogEvent::SetRetention { days: None }).retention,
        "Lưu vĩnh viễn"
    );

    // The export holds every entry whatever the filter, one per line under a header.
    no_share(&phone);
    send(&phone, LogEvent::Export);
    let (subject, text) = shared(&phone);
    assert_eq!(subject, "Nhật ký hoạt động Vidi");
    let lines: Vec<&str> = text.trim_end().lines().collect();
    assert_eq!(
        lines[0],
        "Nhật ký hoạt động Vidi, xuất lúc 15:00 06/12/2026 (giờ Việt Nam)"
    );
    assert_eq!(lines.len() - 1, 5);
    assert!(
        lines.iter().any(|l| *l
            == format!(
                "14:55 06/12/2026 — Đã xuất trình thẻ căn cước (Trạm kiểm soát). {claims}. Bên nhận: {POLICE}"
            )),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"14:59 06/12/2026 — Đã xoá giấy phép lái xe"),
        "{lines:?}"
    );
    assert!(text.ends_with('\n'));

    // Shared once: a re-wording, a reload or another filter does not share it again.
    language(&phone, Language::English);
    no_share(&phone);
    let reloaded = send(&phone, LogEvent::Reload);
    no_share(&phone);
    assert_eq!(reloaded.entries.len(), 3, "the (filtered) entries stay");
    // A new export makes it again, in the language of the moment.
    send(&phone, LogEvent::Export);
    let (subject, text) = shared(&phone);
    assert_eq!(subject, "Vidi activity log");
    assert!(
        text.starts_with("Vidi activity log, exported 15:00 06/12/2026 (Vietnam time)\n"),
        "{text}"
    );
    assert!(text.contains(" — Showed your identity card (Checkpoint). Shared: personal ID number, full name and date of birth. Shown to: Công an phường Bến Nghé\n"));
}

#[test]
fn the_filters_narrow_to_each_kind_of_entry() {
    let phone = phone_with(Language::English, history);
    let all = open_log(&phone);
    let shown: Vec<String> = all
        .entries
        .iter()
        .filter(|e| e.event == ActivityKind::Presented)
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(shown.len(), 1);

    let restored = send(
        &phone,
        LogEvent::SetFilter {
            event: Some(ActivityKind::Restored),
        },
    );
    assert!(restored.entries.is_empty());
    assert_eq!(restored.empty.as_deref(), Some("No activity yet."));
    let deleted = send(
        &phone,
        LogEvent::SetFilter {
            event: Some(ActivityKind::Deleted),
        },
    );
    assert_eq!(
        deleted
            .entries
            .iter()
            .map(|e| e.text.as_str())
            .collect::<Vec<_>>(),
        ["Deleted your driving licence"]
    );
    assert_eq!(
        deleted
            .filters
            .iter()
            .filter(|f| f.selected)
            .map(|f| f.event)
            .collect::<Vec<_>>(),
        [Some(ActivityKind::Deleted)]
    );
    assert!(deleted.empty.is_none());
    let presented = send(
        &phone,
        LogEvent::SetFilter {
            event: Some(ActivityKind::Presented),
        },
    );
    assert_eq!(
        presented
            .entries
            .iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>(),
        shown
    );
    let everything = send(&phone, LogEvent::SetFilter { event: None });
    assert_eq!(everything.entries, all.entries);
}

#[test]
fn a_shorter_retention_deletes_older_entries_at_once() {
    let phone = phone_with(Language::Vietnamese, history);
    assert_eq!(open_log(&phone).entries.len(), 5);
    phone.wait(31 * 24 * 3600);
    let kept = send(&phone, LogEvent::SetRetention { days: Some(30) });
    assert!(kept.entries.is_empty());
    assert_eq!(kept.empty.as_deref(), Some("Chưa có hoạt động nào."));
    assert_eq!(kept.retention, "Lưu 30 ngày");
    // Gone from the wallet: the export is only its header.
    send(&phone, LogEvent::Export);
    let (_, text) = shared(&phone);
    assert_eq!(text.lines().count(), 1, "{text}");
}

#[test]
fn documents_received_while_locked_and_a_restore_are_told() {
    let phone = phone_with(Language::Vietnamese, |wallet, key| {
        // Received while the wallet was locked, merged at the unlock.
        let mut documents = CitizenDocuments::reference().unwrap();
        documents.licence = None;
        documents.health = None;
        wallet
            .add_sample_citizen(&test_issuer().unwrap(), documents, T0 - Duration::hours(2))
            .unwrap();
        wallet.unlock_at(key, T0 - Duration::hours(1)).unwrap();
        // Two restores, as core records them: with what each did, and an
        // older entry without (a backup from before the report was kept).
        let mut restore = Activity::new(ActivityEvent::Restored);
        restore.restore = Some(RestoreReport {
            added: 2,
            replaced_older: 1,
            ..RestoreReport::default()
        });
        wallet
            .record_activity(&restore, T0 - Duration::minutes(30))
            .unwrap();
        wallet
            .record_activity(
                &Activity::new(ActivityEvent::Restored),
                T0 - Duration::minutes(40),
            )
            .unwrap();
        // A presentation without a preset, of a document of no known type,
        // with a claim the wallet has no label for.
        let mut shown = Activity::new(ActivityEvent::Presented);
        shown.claims = vec!["full_name".into(), "mystery_claim".into()];
        wallet
            .record_activity(&shown, T0 - Duration::minutes(50))
            .unwrap();
    });
    let log = open_log(&phone);
    let locked: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.while_locked.is_some())
        .collect();
    assert_eq!(locked.len(), 1, "{:?}", log.entries);
    assert_eq!(locked[0].text, "Đã thêm thẻ căn cước");
    assert_eq!(
        locked[0].while_locked.as_deref(),
        Some("Nhận khi ví đang khoá")
    );
    let restored: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.event == ActivityKind::Restored)
        .collect();
    assert_eq!(
        restored[0].text,
        "Đã khôi phục từ bản sao lưu: 2 giấy tờ mới, 1 giấy tờ được cập nhật"
    );
    assert_eq!(restored[0].time, "14:30 06/12/2026");
    assert_eq!(restored[1].text, "Đã khôi phục từ bản sao lưu");
    assert!(
        restored
            .iter()
            .all(|e| e.claims.is_none() && e.while_locked.is_none())
    );
    let shown = log
        .entries
        .iter()
        .find(|e| e.event == ActivityKind::Presented)
        .unwrap();
    assert_eq!(shown.text, "Đã xuất trình giấy tờ");
    assert_eq!(
        shown.claims.as_deref(),
        Some("Thông tin đã chia sẻ: họ, chữ đệm và tên và mystery_claim")
    );
    assert!(shown.audience.is_none());
    let english = language(&phone, Language::English);
    assert!(
        english
            .entries
            .iter()
            .any(|e| e.text == "Restored from a backup: 2 new, 1 updated")
    );
    assert!(
        english
            .entries
            .iter()
            .any(|e| e.text == "Restored from a backup")
    );
    assert!(
        english
            .entries
            .iter()
            .any(|e| e.while_locked.as_deref() == Some("Received while the wallet was locked"))
    );
    send(&phone, LogEvent::Export);
    let (_, text) = shared(&phone);
    assert!(
        text.contains("Added your identity card. Received while the wallet was locked\n"),
        "{text}"
    );
}

#[test]
fn a_new_wallet_s_log_is_empty() {
    let phone = Phone::set_up(Language::Vietnamese, LOCAL);
    let log = open_log(&phone);
    assert!(log.entries.is_empty());
    assert!(!log.loading && log.error.is_none());
    assert_eq!(log.empty.as_deref(), Some("Chưa có hoạt động nào."));
    // Back to the documents.
    phone.send(Event::Back);
    assert_eq!(showing(&phone.view()), "documents");
}
