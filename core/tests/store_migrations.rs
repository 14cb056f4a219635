//! Databases left by every earlier schema version open with the current
//! code, with everything intact and usable.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod store_support;

use std::path::Path;

use store_support::*;
use time::Duration;
use vidi_core::preset::Preset;
use vidi_core::sample::{test_issuer, test_trust_list};
use vidi_core::store::legacy::LegacyWallet;
use vidi_core::store::{
    Activity, ActivityEvent, AddOutcome, Disclose, DocumentId, LogFilter, MemoryKeyProvider,
    NewCredential, NewDocument, Wallet, schema,
};

/// Writes the reference citizen with `version`'s code; returns the ids.
fn legacy_wallet(path: &Path, key: &MemoryKeyProvider, version: u32) -> Vec<DocumentId> {
    let mut legacy = LegacyWallet::create(path, key, version).unwrap();
    let issuer = test_issuer().unwrap();
    let mut ids = Vec::new();
    for (document, kinds) in reference().with_kinds() {
        let credentials = kinds
            .into_iter()
            .enumerate()
            .map(|(n, kind)| {
                let (handle, public) = legacy.create_device_key().unwrap();
                NewCredential {
                    credential: issuer
                        .issue(kind, &document, public, n as u32, now())
                        .unwrap(),
                    device_key: handle,
                }
            })
            .collect();
        let new = NewDocument {
            issuer: issuer.name.clone(),
            document,
            credentials,
        };
        ids.push(legacy.add_document(&new, now()).unwrap());
    }
    if version >= 2 {
        let mut activity = Activity::new(ActivityEvent::Presented);
        activity.document_id = Some(ids[0].clone());
        activity.preset = Some(Preset::CheckpointId);
        activity.audience = Some("Công an phường".into());
        legacy
            .append_log(&activity, now() + Duration::minutes(1))
            .unwrap();
    } else {
        assert!(
            legacy
                .append_log(&Activity::new(ActivityEvent::Added), now())
                .is_err()
        );
    }
    ids
}

fn user_version(path: &Path) -> u32 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

fn check_upgrade_from(version: u32) {
    let (dir, path) = temp_wallet_path();
    let key = MemoryKeyProvider::generate();
    let ids = legacy_wallet(&path, &key, version);
    assert_eq!(user_version(&path), version);

    let mut wallet = Wallet::open(&path).unwrap();
    assert_eq!(user_version(&path), schema::VERSION);
    assert_eq!(wallet.pending_count().unwrap(), 0);
    wallet.unlock_at(&key, now()).unwrap();

    // Everything intact.
    let list = wallet.list_documents().unwrap();
    assert_eq!(list.iter().map(|d| d.id.clone()).collect::<Vec<_>>(), ids);
    assert!(list.iter().all(|d| !d.pending && !d.needs_rebinding));
    assert!(
        list.iter()
            .all(|d| d.holder_name == "Nguyễn Thị Thanh Hương")
    );
    assert_eq!(wallet.document(&ids[1]).unwrap().credentials.len(), 4);
    let old_log = wallet.log(&LogFilter::default()).unwrap();
    if version >= 2 {
        assert_eq!(old_log.len(), 1);
        assert_eq!(
            old_log[0].activity.audience.as_deref(),
            Some("Công an phường")
        );
        assert_eq!(old_log[0].activity.preset, Some(Preset::CheckpointId));
    } else {
        assert!(old_log.is_empty());
    }

    // And usable: present from every document, with the old device keys.
    let at = now() + Duration::minutes(10);
    for (id, preset) in [
        (&ids[0], Preset::Age18),
        (&ids[1], Preset::TrafficStop),
        (&ids[2], Preset::Hospital),
    ] {
        let out = wallet
            .present(id, Disclose::Preset(preset), None, None, at)
            .unwrap();
        verify_at(&out.text, at, None, None);
    }
    // Settings (new in version 3), replacement, deletion, backup.
    wallet.set_log_retention(Some(30), at).unwrap();
    let issuer = test_issuer().unwrap();
    let outcome = wallet.add_sample_citizen(&issuer, reference(), at).unwrap();
    assert_eq!(outcome[0], AddOutcome::Replaced(ids[0].clone()));
    wallet.delete_document(&ids[2], at).unwrap();
    wallet
        .backup_with_work_factor(dir.path().join("b.age"), "pw", Some(4))
        .unwrap();
    let log = wallet.log(&LogFilter::default()).unwrap();
    assert_eq!(log.len(), old_log.len() + 3 + 3 + 1);

    // Locked, it takes in documents as pending (new in version 3).
    wallet.lock();
    let outcome = wallet
        .add_sample_citizen(&issuer, only_national_id(national_id_with_serial(99)), at)
        .unwrap();
    assert!(matches!(outcome[0], AddOutcome::Pending(_)));
    // The app's sealed unlock state (new in version 4), while locked.
    assert_eq!(wallet.sealed_app_lock().unwrap(), None);
    wallet.set_sealed_app_lock(b"sealed", at).unwrap();
    drop(wallet);
    let mut wallet = Wallet::open(&path).unwrap();
    // Arrivals while locked are checked against the issuer's key at the merge.
    wallet.trust_issuers(&test_trust_list(&issuer));
    assert_eq!(
        wallet.sealed_app_lock().unwrap().as_deref(),
        Some(&b"sealed"[..])
    );
    assert_eq!(wallet.unlock_at(&key, at).unwrap().merged_added, 1);
    assert_eq!(wallet.list_documents().unwrap().len(), 3);
}

#[test]
fn a_version_1_wallet_opens_and_works() {
    check_upgrade_from(1);
}

#[test]
fn a_version_2_wallet_opens_and_works() {
    check_upgrade_from(2);
}

#[test]
fn a_version_3_wallet_opens_and_works() {
    check_upgrade_from(3);
}

#[test]
fn a_version_4_wallet_opens_and_works() {
    // The last version before records were authenticated: its rows are
    // sealed at the first unlock (see store_integrity.rs).
    check_upgrade_from(4);
}

#[test]
fn a_version_5_wallet_opens_and_works() {
    // The last version before SD-JWT VCs: its credential rows are all Vidi
    // credentials (format column default), its sealed rows keep their MACs.
    check_upgrade_from(5);
}

#[test]
fn every_earlier_version_is_covered() {
    // When VERSION grows, a legacy writer and a test must come with it.
    assert_eq!(schema::VERSION, 6);
    let dir = tempfile::tempdir().unwrap();
    for version in 1..schema::VERSION {
        let path = dir.path().join(format!("v{version}.db"));
        legacy_wallet(&path, &MemoryKeyProvider::generate(), version);
        assert_eq!(user_version(&path), version);
    }
    assert!(
        LegacyWallet::create(
            &dir.path().join("v3.db"),
            &MemoryKeyProvider::generate(),
            schema::VERSION
        )
        .is_err()
    );
}
