//! Backups: restore gives the same documents and log, never overwrites
//! newer data, and refuses a wrong passphrase or an altered file without
//! changing anything.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod store_support;

use std::path::Path;

use store_support::*;
use time::Duration;
use vidi_core::preset::Preset;
use vidi_core::sample::test_issuer;
use vidi_core::store::{
    ActivityEvent, Disclose, DocumentStatus, DocumentSummary, LogFilter, RestoreReport, StoreError,
    Wallet,
};

const PASSPHRASE: &str = "sao lưu của Hương";
/// A low scrypt work factor keeps the tests fast.
const WORK: Option<u8> = Some(4);

type Comparable = (
    vidi_core::store::DocumentId,
    vidi_core::document::DocumentType,
    String,
    time::Date,
    Option<time::Date>,
    vidi_core::store::KnownStatus,
    time::OffsetDateTime,
);

fn comparable(d: &DocumentSummary) -> Comparable {
    (
        d.id.clone(),
        d.document_type,
        d.holder_name.clone(),
        d.valid_from,
        d.valid_until,
        d.status,
        d.added_at,
    )
}

fn backup(wallet: &Wallet, dir: &Path) -> std::path::PathBuf {
    let file = dir.join("wallet-backup.age");
    wallet
        .backup_with_work_factor(&file, PASSPHRASE, WORK)
        .unwrap();
    file
}

#[test]
fn a_backup_restored_into_a_new_wallet_gives_the_same_documents_and_log() {
    let (dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    wallet
        .set_status(&ids[0], DocumentStatus::Valid, now())
        .unwrap();
    wallet.set_log_retention(Some(365), now()).unwrap();
    for preset in [Preset::CheckpointId, Preset::Age18] {
        wallet
            .present(
                &ids[0],
                Disclose::Preset(preset),
                None,
                Some("Khách sạn"),
                now(),
            )
            .unwrap();
    }
    let file = backup(&wallet, dir.path());
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    assert!(!contains(&bytes, "Hương".as_bytes()));

    let other = dir.path().join("new-phone.db");
    let (mut restored, _) = new_wallet(&other);
    let later = now() + Duration::days(1);
    let report = restored.restore(&file, PASSPHRASE, later).unwrap();
    assert_eq!(
        report,
        RestoreReport {
            added: 3,
            needs_rebinding: 3,
            log_entries: 5,
            ..RestoreReport::default()
        }
    );
    let before: Vec<_> = wallet
        .list_documents()
        .unwrap()
        .iter()
        .map(comparable)
        .collect();
    let after: Vec<_> = restored
        .list_documents()
        .unwrap()
        .iter()
        .map(comparable)
        .collect();
    assert_eq!(before, after);
    assert!(
        restored
            .list_documents()
            .unwrap()
            .iter()
            .all(|d| d.needs_rebinding)
    );
    let view = restored.document(&ids[0]).unwrap();
    assert_eq!(view.credentials.len(), 5);
    assert!(view.credentials.iter().all(|c| c.device_key.is_none()));

    let old_log = wallet.log(&LogFilter::default()).unwrap();
    let new_log = restored.log(&LogFilter::default()).unwrap();
    assert_eq!(new_log[0].activity.event, ActivityEvent::Restored);
    assert_eq!(new_log[0].activity.restore, Some(report));
    assert_eq!(&new_log[1..], &old_log[..]);
    assert_eq!(restored.log_retention().unwrap(), Some(365));
    // No device key came along.
    assert!(restored.device_keys().unwrap().is_empty());

    // Restored documents show but cannot be presented until re-bound.
    assert!(matches!(
        restored.present(
            &ids[0],
            Disclose::Preset(Preset::CheckpointId),
            None,
            None,
            later
        ),
        Err(StoreError::NeedsRebinding)
    ));
    // Re-binding is a new issuance of the same document to this device.
    let issuer = test_issuer().unwrap();
    let outcome = restored
        .add_sample_citizen(&issuer, reference(), later)
        .unwrap();
    assert_eq!(outcome[0].id(), &ids[0]);
    assert!(
        restored
            .list_documents()
            .unwrap()
            .iter()
            .all(|d| !d.needs_rebinding)
    );
    let out = restored
        .present(
            &ids[0],
            Disclose::Preset(Preset::CheckpointId),
            None,
            None,
            later,
        )
        .unwrap();
    verify_at(&out.text, later, None, None);
}

#[test]
fn restoring_into_the_same_wallet_changes_nothing_and_keeps_keys() {
    let (dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    let file = backup(&wallet, dir.path());
    let report = wallet.restore(&file, PASSPHRASE, now()).unwrap();
    assert_eq!(
        report,
        RestoreReport {
            unchanged: 3,
            ..RestoreReport::default()
        }
    );
    assert_eq!(wallet.list_documents().unwrap().len(), 3);
    // Restoring after a deletion brings the document back, bound again to
    // no key (its keys went with it).
    wallet.delete_document(&ids[2], now()).unwrap();
    let report = wallet.restore(&file, PASSPHRASE, now()).unwrap();
    assert_eq!(
        (report.added, report.unchanged, report.needs_rebinding),
        (1, 2, 1)
    );
    let list = wallet.list_documents().unwrap();
    assert_eq!(list[2].id, ids[2]);
    assert!(list[2].needs_rebinding && !list[0].needs_rebinding);
    wallet
        .present(
            &ids[0],
            Disclose::Preset(Preset::CheckpointId),
            None,
            None,
            now(),
        )
        .unwrap();
}

#[test]
fn restore_never_overwrites_a_newer_document() {
    let (dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let issuer = test_issuer().unwrap();
    add_reference(&mut wallet, now());
    let old_backup = backup(&wallet, dir.path());

    // The licence is renewed after the backup.
    let later = now() + Duration::days(3);
    let mut renewal = reference();
    renewal.health = None;
    let ids = wallet.add_sample_citizen(&issuer, renewal, later).unwrap();
    let report = wallet.restore(&old_backup, PASSPHRASE, later).unwrap();
    assert_eq!(
        (report.kept_newer, report.unchanged, report.replaced_older),
        (2, 1, 0)
    );
    for id in &ids[..2] {
        assert_eq!(wallet.document(id.id()).unwrap().received_at, later);
    }
    // Still presentable with the newer credentials.
    wallet
        .present(
            ids[1].id(),
            Disclose::Preset(Preset::TrafficStop),
            None,
            None,
            later,
        )
        .unwrap();

    // The other way round: a newer backup replaces the older documents.
    let newer_file = dir.path().join("newer.age");
    wallet
        .backup_with_work_factor(&newer_file, PASSPHRASE, WORK)
        .unwrap();
    let (mut older_wallet, _) = new_wallet(&dir.path().join("older.db"));
    add_reference(&mut older_wallet, now());
    let report = older_wallet
        .restore(&newer_file, PASSPHRASE, later)
        .unwrap();
    assert_eq!((report.replaced_older, report.unchanged), (2, 1));
    assert_eq!(report.needs_rebinding, 2);
    let list = older_wallet.list_documents().unwrap();
    assert_eq!(list.len(), 3);
    let view = older_wallet.document(&list[0].id).unwrap();
    assert_eq!(view.received_at, later);
    assert!(list[0].needs_rebinding && !list[2].needs_rebinding);
    // The replaced documents' old keys are gone: 11 - 5 - 4.
    assert_eq!(older_wallet.device_keys().unwrap().len(), 2);
}

#[test]
fn a_wrong_passphrase_or_an_altered_file_is_refused_and_changes_nothing() {
    let (dir, path) = temp_wallet_path();
    let (mut source, _) = new_wallet(&path);
    add_reference(&mut source, now());
    let file = backup(&source, dir.path());
    let bytes = std::fs::read(&file).unwrap();

    let target_path = dir.path().join("target.db");
    let (mut target, _) = new_wallet(&target_path);
    let issuer = test_issuer().unwrap();
    target
        .add_sample_citizen(&issuer, only_national_id(national_id_with_serial(7)), now())
        .unwrap();
    let before = database_files(&target_path);
    let log_before = target.log(&LogFilter::default()).unwrap();

    assert!(matches!(
        target.restore(&file, "wrong passphrase", now()),
        Err(StoreError::BackupPassphrase)
    ));
    // Flip one byte in the payload, then one in the header.
    let header_end = bytes.windows(4).position(|w| w == b"\n---").unwrap();
    for (at, expected) in [
        (bytes.len() / 2 + header_end / 2, "payload"),
        (header_end + 6, "mac"),
    ] {
        let mut tampered = bytes.clone();
        tampered[at] ^= 0x01;
        let tampered_file = dir.path().join(format!("tampered-{expected}.age"));
        std::fs::write(&tampered_file, &tampered).unwrap();
        let err = target
            .restore(&tampered_file, PASSPHRASE, now())
            .err()
            .unwrap();
        assert!(
            matches!(err, StoreError::BackupCorrupt),
            "{expected}: {err}"
        );
    }
    let not_a_backup = dir.path().join("notes.txt");
    std::fs::write(&not_a_backup, "not a backup").unwrap();
    assert!(matches!(
        target.restore(&not_a_backup, PASSPHRASE, now()),
        Err(StoreError::BackupFormat)
    ));
    // Truncated.
    std::fs::write(&not_a_backup, &bytes[..bytes.len() - 20]).unwrap();
    assert!(matches!(
        target.restore(&not_a_backup, PASSPHRASE, now()),
        Err(StoreError::BackupCorrupt)
    ));

    assert_eq!(target.list_documents().unwrap().len(), 1);
    assert_eq!(target.log(&LogFilter::default()).unwrap(), log_before);
    // Reads update the -shm index's read marks; the data is in the other two.
    let after = database_files(&target_path);
    for ((name, a), (_, b)) in before.iter().zip(&after) {
        assert!(name.ends_with("-shm") || a == b, "{name} changed");
    }

    // The untouched file still restores.
    let report = target.restore(&file, PASSPHRASE, now()).unwrap();
    assert_eq!(report.added, 3);
}

fn age_scrypt_decrypt(bytes: &[u8], passphrase: &str) -> Vec<u8> {
    let identity = age::scrypt::Identity::new(passphrase.to_owned().into());
    age::decrypt(&identity, bytes).unwrap()
}

fn age_scrypt_encrypt(plain: &[u8], passphrase: &str) -> Vec<u8> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.to_owned().into());
    recipient.set_work_factor(4);
    age::encrypt(&recipient, plain).unwrap()
}

#[test]
fn backups_are_private_files_and_keep_a_used_wallets_settings() {
    let (dir, path) = temp_wallet_path();
    let (mut source, _) = new_wallet(&path);
    add_reference(&mut source, now());
    source.set_log_retention(Some(1), now()).unwrap();
    let file = backup(&source, dir.path());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "backup mode {mode:o}");
    }
    // No temporary file left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());

    // A wallet in use, with old log entries and no retention: the backup's
    // one-day retention must not come along and prune them.
    let used_path = dir.path().join("used.db");
    let (mut used, _) = new_wallet(&used_path);
    let issuer = test_issuer().unwrap();
    let long_ago = now() - Duration::days(100);
    used.add_sample_citizen(
        &issuer,
        only_national_id(national_id_with_serial(9)),
        long_ago,
    )
    .unwrap();
    let before = used.log(&LogFilter::default()).unwrap().len();
    used.restore(&file, PASSPHRASE, now()).unwrap();
    assert_eq!(used.log_retention().unwrap(), None);
    let old_entries = used
        .log(&LogFilter {
            until: Some(now() - Duration::days(50)),
            ..LogFilter::default()
        })
        .unwrap();
    assert_eq!(
        old_entries.len(),
        before,
        "the used wallet's old log survived"
    );

    // A new wallet takes the backup's settings.
    let fresh_path = dir.path().join("fresh.db");
    let (mut fresh, _) = new_wallet(&fresh_path);
    fresh.restore(&file, PASSPHRASE, now()).unwrap();
    assert_eq!(fresh.log_retention().unwrap(), Some(1));
}

#[test]
fn a_hostile_backup_cannot_break_the_wallet() {
    let (dir, path) = temp_wallet_path();
    let (mut source, _) = new_wallet(&path);
    let ids = add_reference(&mut source, now());
    source
        .present(&ids[0], Disclose::Preset(Preset::Age18), None, None, now())
        .unwrap();
    let file = backup(&source, dir.path());
    // Edit the JSON as text: the keys keep their order.
    let mut text = String::from_utf8(age_scrypt_decrypt(
        &std::fs::read(&file).unwrap(),
        PASSPHRASE,
    ))
    .unwrap();
    // A document id that is not one of ours (and not ASCII), a log entry
    // with an unknown event and one with an impossible time.
    let first_id =
        text.find("\"documents\":[{\"id\":\"").unwrap() + "\"documents\":[{\"id\":\"".len();
    text.replace_range(first_id..first_id + 32, "aéééééééééééééééééééééééééééééé");
    let event = text.find("\"event\":\"").unwrap() + "\"event\":\"".len();
    let event_end = event + text[event..].find('"').unwrap();
    text.replace_range(event..event_end, "bogus");
    let log = text.find("\"log\":[").unwrap();
    let second_at = log + text[log..].match_indices("\"at\":").nth(1).unwrap().0 + "\"at\":".len();
    let at_end = second_at + text[second_at..].find(',').unwrap();
    text.replace_range(second_at..at_end, &i64::MAX.to_string());
    let hostile = dir.path().join("hostile.age");
    std::fs::write(&hostile, age_scrypt_encrypt(text.as_bytes(), PASSPHRASE)).unwrap();

    let target_path = dir.path().join("target.db");
    let (mut target, _) = new_wallet(&target_path);
    let report = target.restore(&hostile, PASSPHRASE, now()).unwrap();
    assert_eq!(report.added, 3);
    assert_eq!(report.log_entries_skipped, 2);
    let list = target.list_documents().unwrap();
    assert_eq!(list.len(), 3);
    assert!(
        list.iter()
            .all(|d| d.id.as_str().len() == 32 && d.id.as_str().is_ascii())
    );
    assert!(target.log(&LogFilter::default()).is_ok());
    assert!(target.export_log().is_ok());
}

/// Every JSON object's keys in reverse order: a backup re-encoded by
/// another JSON tool must still restore.
fn reverse_keys(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| b.0.cmp(&a.0));
            let fields: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{}:{}", serde_json::to_string(&k).unwrap(), reverse_keys(v)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        serde_json::Value::Array(items) => {
            let items: Vec<String> = items.into_iter().map(reverse_keys).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

#[test]
fn a_backup_with_its_json_keys_in_another_order_restores_every_document() {
    let (dir, path) = temp_wallet_path();
    let (mut source, _) = new_wallet(&path);
    let ids = add_reference(&mut source, now());
    source
        .set_status(&ids[1], DocumentStatus::Valid, now())
        .unwrap();
    source
        .present(&ids[0], Disclose::Preset(Preset::Age18), None, None, now())
        .unwrap();
    let file = backup(&source, dir.path());
    let plain = age_scrypt_decrypt(&std::fs::read(&file).unwrap(), PASSPHRASE);
    let value: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    for (name, text) in [
        // serde_json's map keeps keys sorted.
        ("sorted", serde_json::to_string(&value).unwrap()),
        ("reversed", reverse_keys(value.clone())),
    ] {
        assert_ne!(
            text.as_bytes(),
            plain.as_slice(),
            "{name}: the order changed"
        );
        let reordered = dir.path().join(format!("{name}.age"));
        std::fs::write(&reordered, age_scrypt_encrypt(text.as_bytes(), PASSPHRASE)).unwrap();
        let target_path = dir.path().join(format!("{name}.db"));
        let (mut target, _) = new_wallet(&target_path);
        let report = target
            .restore(&reordered, PASSPHRASE, now())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(report.added, 3, "{name}");
        let mut restored: Vec<_> = target.list_documents().unwrap();
        let mut held = source.list_documents().unwrap();
        restored.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
        held.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
        assert_eq!(
            restored.iter().map(comparable).collect::<Vec<_>>(),
            held.iter().map(comparable).collect::<Vec<_>>(),
            "{name}"
        );
        for id in &ids {
            assert!(target.document(id).is_ok(), "{name}");
        }
    }
}
