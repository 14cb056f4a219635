//! Backup on one phone, restore on another, re-binding there with a
//! re-issue offer from the real mock issuer: the passphrase rules before
//! any picker opens, the pickers' answers (cancelled too), the words of
//! the report and of every failure, and what the wallets hold. Ported from
//! Kotlin's `BackupModelTest` and `BackupModelFileTest` and the backup part
//! of Swift's `OfferBackupLogTests`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::path::Path;

use common::{Issuer, Phone, showing};
use vidi_app::screens::backup::BackupEvent;
use vidi_app::screens::offer::OfferEvent;
use vidi_app::{Effect, Event, Language, Route};
use vidi_server_mock::ReissueRequest;

const PASSPHRASE: &str = "mật khẩu dài";

fn backup_event(phone: &Phone, event: BackupEvent) {
    phone.send(Event::Backup { event });
}

/// A backup with [`PASSPHRASE`], saved to `path` when the picker answers.
fn back_up_to(phone: &Phone, path: &Path) {
    backup_event(
        phone,
        BackupEvent::Backup {
            passphrase: PASSPHRASE.into(),
            confirm: PASSPHRASE.into(),
        },
    );
    backup_event(
        phone,
        BackupEvent::SaveTo {
            path: Some(path.to_string_lossy().into_owned()),
        },
    );
}

/// A restore with [`PASSPHRASE`] from `path` when the picker answers.
fn restore_from(phone: &Phone, path: &Path) {
    backup_event(
        phone,
        BackupEvent::Restore {
            passphrase: PASSPHRASE.into(),
        },
    );
    backup_event(
        phone,
        BackupEvent::RestoreFrom {
            path: Some(path.to_string_lossy().into_owned()),
        },
    );
}

fn open_backup(phone: &Phone) {
    phone.send(Event::Open {
        route: Route::Backup,
    });
    assert_eq!(showing(&phone.view()), "backup");
}

#[test]
fn backup_restore_on_a_second_phone_then_re_bind_with_a_re_issue_offer() {
    let issuer = Issuer::start();
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("vidi-backup.age");
    let path = file.to_string_lossy().into_owned();

    // The first phone, with the citizen's three documents.
    let first = Phone::set_up(Language::English, &issuer.url());
    let (link, pin) = issuer.offer(0);
    first.accept(&link, &pin);
    open_backup(&first);
    assert_eq!(first.view().header.title, "Backup and restore");
    let view = screen!(first, Backup);
    assert_eq!(view.min_passphrase, 8);
    assert!(view.needs_rebinding.is_empty() && view.last_backup.is_none());
    first.effects();

    // Refused before any picker opens; nothing written.
    backup_event(
        &first,
        BackupEvent::Backup {
            passphrase: "short".into(),
            confirm: "short".into(),
        },
    );
    assert_eq!(
        screen!(first, Backup).error.as_deref(),
        Some("The passphrase must be at least 8 characters.")
    );
    backup_event(
        &first,
        BackupEvent::Backup {
            passphrase: PASSPHRASE.into(),
            confirm: format!("{PASSPHRASE}!"),
        },
    );
    assert_eq!(
        screen!(first, Backup).error.as_deref(),
        Some("The two passphrases do not match.")
    );
    assert!(
        first.effects().is_empty(),
        "no picker for a refused passphrase"
    );
    assert!(!file.exists());

    // Accepted: the picker, with a dated name.
    backup_event(
        &first,
        BackupEvent::Backup {
            passphrase: PASSPHRASE.into(),
            confirm: PASSPHRASE.into(),
        },
    );
    assert!(screen!(first, Backup).error.is_none());
    assert_eq!(
        first.effects(),
        [Effect::PickFileToSave {
            suggested_name: "vidi-backup-2026-12-06.age".into(),
            title: "Choose where to save the backup".into(),
        }]
    );
    assert!(!format!("{:?}", first.view()).contains(PASSPHRASE));
    backup_event(
        &first,
        BackupEvent::SaveTo {
            path: Some(path.clone()),
        },
    );
    let view = screen!(first, Backup);
    assert!(view.error.is_none() && !view.busy);
    assert_eq!(
        view.last_backup.as_deref(),
        Some("Backup saved: vidi-backup.age")
    );
    assert_eq!(
        first.effects(),
        [Effect::FileWritten { path: path.clone() }]
    );
    assert!(std::fs::metadata(&file).unwrap().len() > 0);

    // The passphrase was used once: another answer writes nothing.
    let kept = files.path().join("kept.age");
    std::fs::rename(&file, &kept).unwrap();
    backup_event(
        &first,
        BackupEvent::SaveTo {
            path: Some(path.clone()),
        },
    );
    assert!(!file.exists() && first.effects().is_empty());

    // A cancelled picker forgets the passphrase too.
    backup_event(
        &first,
        BackupEvent::Backup {
            passphrase: PASSPHRASE.into(),
            confirm: PASSPHRASE.into(),
        },
    );
    backup_event(&first, BackupEvent::SaveTo { path: None });
    backup_event(
        &first,
        BackupEvent::SaveTo {
            path: Some(path.clone()),
        },
    );
    assert!(!file.exists());
    assert!(
        screen!(first, Backup).error.is_none(),
        "cancelling is no error"
    );
    assert!(
        !first
            .effects()
            .iter()
            .any(|e| matches!(e, Effect::FileWritten { .. })),
        "nothing written"
    );
    std::fs::rename(&kept, &file).unwrap();

    // Restored into the wallet it came from: all there already.
    backup_event(
        &first,
        BackupEvent::Restore {
            passphrase: PASSPHRASE.into(),
        },
    );
    backup_event(
        &first,
        BackupEvent::RestoreFrom {
            path: Some(path.clone()),
        },
    );
    let report = screen!(first, Backup).restore_report.unwrap();
    assert!(
        report
            .iter()
            .any(|l| l.starts_with("Already in the wallet, unchanged: ")),
        "{report:?}"
    );
    assert!(screen!(first, Backup).needs_rebinding.is_empty());
    assert!(file.exists(), "the user's file is kept");

    // A new phone: first run, then restore.
    let second = Phone::set_up(Language::English, &issuer.url());
    let peek = second.peek();
    open_backup(&second);
    second.effects();
    backup_event(
        &second,
        BackupEvent::Restore {
            passphrase: String::new(),
        },
    );
    assert_eq!(
        screen!(second, Backup).error.as_deref(),
        Some("Enter the backup's passphrase.")
    );
    assert!(
        second.effects().is_empty(),
        "no picker without a passphrase"
    );

    backup_event(
        &second,
        BackupEvent::Restore {
            passphrase: "not the passphrase".into(),
        },
    );
    assert_eq!(
        second.effects(),
        [Effect::PickFileToOpen {
            title: "Choose the backup to restore".into()
        }]
    );
    backup_event(
        &second,
        BackupEvent::RestoreFrom {
            path: Some(path.clone()),
        },
    );
    let view = screen!(second, Backup);
    assert_eq!(
        view.error.as_deref(),
        Some("Wrong passphrase for this backup.")
    );
    assert!(view.restore_report.is_none());
    assert!(peek.list_documents().unwrap().is_empty());

    backup_event(
        &second,
        BackupEvent::Restore {
            passphrase: PASSPHRASE.into(),
        },
    );
    assert!(
        screen!(second, Backup).error.is_none(),
        "a new try clears the error"
    );
    backup_event(
        &second,
        BackupEvent::RestoreFrom {
            path: Some(path.clone()),
        },
    );
    let view = screen!(second, Backup);
    assert!(view.error.is_none(), "{:?}", view.error);
    let report = view.restore_report.unwrap();
    assert!(
        report.contains(&"Documents added: 3".to_owned()),
        "{report:?}"
    );
    assert!(
        report.contains(&"Documents to re-bind: 3".to_owned()),
        "{report:?}"
    );
    assert_eq!(view.needs_rebinding.len(), 3);
    assert!(
        view.needs_rebinding
            .iter()
            .all(|d| d.holder == "Nguyễn Thị Thanh Hương")
    );
    assert_eq!(view.rebind_label, "Accept a re-issue offer");
    let restored = peek.list_documents().unwrap();
    assert_eq!(restored.len(), 3);
    assert!(restored.iter().all(|d| d.needs_rebinding));

    second.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });
    let view = screen!(second, Backup);
    let report = view.restore_report.unwrap();
    assert!(
        report.contains(&"Giấy tờ cần liên kết lại: 3".to_owned()),
        "{report:?}"
    );
    assert!(
        report.contains(&"Giấy tờ mới thêm: 3".to_owned()),
        "{report:?}"
    );
    assert!(
        view.needs_rebinding
            .iter()
            .any(|d| d.name == "Thẻ căn cước")
    );
    second.send(Event::SetLanguage {
        language: Language::English,
    });

    // The issuer sends a re-issue offer; the offer screen re-binds.
    backup_event(&second, BackupEvent::Rebind);
    assert_eq!(
        second.core.inspect(|app| app.stack()).unwrap(),
        [
            Route::Documents,
            Route::Backup,
            Route::AcceptOffer { link: None }
        ]
    );
    let offer = screen!(second, Offer);
    assert_eq!(
        offer.rebinding.as_deref(),
        Some("This offer re-binds the restored documents to this phone.")
    );
    let admin = issuer.server.admin().unwrap();
    let reissue = issuer
        .server
        .block_on(admin.reissue(
            0,
            ReissueRequest {
                by_reference: true,
                ..ReissueRequest::default()
            },
        ))
        .unwrap();
    second.offer_event(OfferEvent::Paste {
        text: reissue.offer_uri,
    });
    second.offer_event(OfferEvent::Submit { pin: reissue.pin });
    let offer = screen!(second, Offer);
    assert!(offer.error.is_none(), "{:?}", offer.error);
    assert!(offer.rebinding.is_some());
    let result = offer.result.unwrap();
    assert!(
        result.contains(&"Documents re-bound: 3".to_owned()),
        "{result:?}"
    );
    assert!(
        result.contains(&"Identity card: replaced the old copy".to_owned()),
        "{result:?}"
    );
    assert!(!result.iter().any(|l| l.starts_with("Documents still")));
    let rebound = peek.list_documents().unwrap();
    assert_eq!(rebound.len(), 3);
    assert!(rebound.iter().all(|d| !d.needs_rebinding));

    // Back on the backup screen: nothing left to re-bind.
    second.offer_event(OfferEvent::Close);
    assert_eq!(showing(&second.view()), "backup");
    assert!(screen!(second, Backup).needs_rebinding.is_empty());
}

#[test]
fn files_that_cannot_be_saved_opened_or_read_are_said_in_words() {
    let issuer = Issuer::start();
    let files = tempfile::tempdir().unwrap();
    let phone = Phone::set_up(Language::English, &issuer.url());
    open_backup(&phone);

    // The core cannot write there.
    let nowhere = files.path().join("missing-folder").join("backup.age");
    back_up_to(&phone, &nowhere);
    let view = screen!(phone, Backup);
    assert_eq!(
        view.error.as_deref(),
        Some(
            "The backup file could not be saved where you chose. Try again or choose another place."
        )
    );
    assert!(view.last_backup.is_none());

    // Written, but the shell could not copy it where the user chose.
    let temp = files.path().join("temp-copy.age");
    back_up_to(&phone, &temp);
    assert!(screen!(phone, Backup).last_backup.is_some());
    phone.effects();
    backup_event(&phone, BackupEvent::SaveFailed);
    let view = screen!(phone, Backup);
    assert!(view.last_backup.is_none());
    assert_eq!(
        view.error.as_deref(),
        Some(
            "The backup file could not be saved where you chose. Try again or choose another place."
        )
    );
    phone.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });
    assert_eq!(
        screen!(phone, Backup).error.as_deref(),
        Some("Không lưu được tệp sao lưu vào nơi bạn đã chọn. Hãy thử lại hoặc chọn nơi khác.")
    );
    phone.send(Event::SetLanguage {
        language: Language::English,
    });

    // The shell could not open the file chosen to restore.
    backup_event(
        &phone,
        BackupEvent::Restore {
            passphrase: PASSPHRASE.into(),
        },
    );
    backup_event(&phone, BackupEvent::OpenFailed);
    assert_eq!(
        screen!(phone, Backup).error.as_deref(),
        Some("The backup file you chose could not be opened.")
    );
    // ... and the passphrase went with it.
    backup_event(
        &phone,
        BackupEvent::RestoreFrom {
            path: Some(temp.to_string_lossy().into_owned()),
        },
    );
    assert!(screen!(phone, Backup).restore_report.is_none());

    // A file that is not there, and one that is not a backup.
    for (path, words) in [
        (
            files.path().join("gone.age"),
            "The backup file you chose could not be opened.",
        ),
        (
            {
                let p = files.path().join("photo.jpg");
                std::fs::write(&p, b"\xff\xd8\xff\xe0 not a backup").unwrap();
                p
            },
            "This file is not a Vidi backup, or it is damaged.",
        ),
    ] {
        restore_from(&phone, &path);
        let view = screen!(phone, Backup);
        assert_eq!(view.error.as_deref(), Some(words), "{}", path.display());
        assert!(!view.busy && view.restore_report.is_none());
    }

    // A restore of a wallet that held nothing new says so.
    restore_from(&phone, &temp);
    let view = screen!(phone, Backup);
    assert!(view.error.is_none(), "{:?}", view.error);
    assert_eq!(
        view.restore_report.unwrap(),
        ["The backup held nothing new for this wallet."]
    );

    // A refused passphrase is said in words, in either language.
    backup_event(
        &phone,
        BackupEvent::Backup {
            passphrase: "hoa sen 2031".into(),
            confirm: "hoa sen 2032".into(),
        },
    );
    phone.send(Event::SetLanguage {
        language: Language::Vietnamese,
    });
    assert_eq!(
        screen!(phone, Backup).error.as_deref(),
        Some("Hai lần nhập cụm mật khẩu không khớp nhau.")
    );
    assert!(!format!("{:?}", phone.view()).contains("hoa sen"));
    backup_event(
        &phone,
        BackupEvent::Restore {
            passphrase: String::new(),
        },
    );
    assert_eq!(
        screen!(phone, Backup).error.as_deref(),
        Some("Hãy nhập cụm mật khẩu của bản sao lưu.")
    );
}
