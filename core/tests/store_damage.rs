//! One damaged record in a real wallet file (a byte flipped in a
//! document's record, a status record, a credential record, an activity-log
//! record): the rest stays listed, shown, presented, logged and backed up;
//! the damaged ones are named by id and can be deleted; the backup of the
//! healthy rest restores.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod store_support;

use std::sync::Arc;

use store_support::*;
use vidi_core::preset::Preset;
use vidi_core::store::{
    Disclose, DocumentId, DocumentStatus, LogFilter, MemoryDeviceKeyStore, MemoryKeyProvider,
    StoreError, Wallet,
};

/// Flips one byte in the middle of `column` of the row of `table` whose
/// `key` column is `id`, in the file.
fn flip_byte(path: &std::path::Path, table: &str, column: &str, key: &str, id: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut blob: Vec<u8> = conn
        .query_row(
            &format!("SELECT {column} FROM {table} WHERE {key} = ?1 LIMIT 1"),
            [id],
            |r| r.get(0),
        )
        .unwrap();
    let middle = blob.len() / 2;
    blob[middle] ^= 0x01;
    conn.execute(
        &format!("UPDATE {table} SET {column} = ?2 WHERE rowid = (SELECT rowid FROM {table} WHERE {key} = ?1 LIMIT 1)"),
        rusqlite::params![id, blob],
    )
    .unwrap();
}

/// A wallet file with the reference citizen (national ID, licence,
/// health card, each with a known status) and one presentation logged per
/// document, closed; its key and the document ids.
fn wallet_file(path: &std::path::Path) -> (MemoryKeyProvider, Vec<DocumentId>) {
    let (mut wallet, key) = new_wallet(path);
    let ids = add_reference(&mut wallet, now());
    for id in &ids {
        wallet.set_status(id, DocumentStatus::Valid, now()).unwrap();
    }
    wallet
        .present(
            &ids[2],
            Disclose::Preset(Preset::Hospital),
            None,
            None,
            now(),
        )
        .unwrap();
    (key, ids)
}

fn open(path: &std::path::Path, key: &MemoryKeyProvider) -> Wallet {
    let mut wallet = Wallet::open(path).unwrap();
    wallet.unlock_at(key, now()).unwrap();
    wallet
}

/// What is damaged and its id. A document row's records (document, status,
/// credentials) are authenticated before they are decrypted, so a flipped
/// byte in any of them shows as the row "altered"; what is not
/// authenticated (the activity log) names its kind.
fn damaged_id(e: &StoreError) -> (&'static str, String) {
    assert!(e.is_damaged_record(), "{e:?}");
    match e {
        StoreError::DamagedRecord { kind, id } => (*kind, id.clone()),
        StoreError::Tampered(t) if t.document().is_some() => (
            "altered",
            t.document().map(ToString::to_string).unwrap_or_default(),
        ),
        e => panic!("not a damaged record: {e:?}"),
    }
}

#[test]
fn a_damaged_document_or_status_is_named_and_the_rest_is_shown_and_presented() {
    let (_dir, path) = temp_wallet_path();
    let (key, ids) = wallet_file(&path);
    flip_byte(&path, "documents", "record", "id", ids[0].as_str());
    flip_byte(&path, "documents", "status", "id", ids[1].as_str());
    let mut wallet = open(&path, &key);

    let listing = wallet.list_documents_checked().unwrap();
    assert_eq!(listing.damaged, vec![ids[0].clone(), ids[1].clone()]);
    assert_eq!(listing.documents.len(), 1);
    // The plain calls name the damaged record instead of a bare "damaged".
    let error = wallet.list_documents().unwrap_err();
    assert_eq!(damaged_id(&error), ("altered", ids[0].to_string()));
    assert!(error.to_string().contains(ids[0].as_str()), "{error}");
    assert_eq!(
        damaged_id(&wallet.document(&ids[0]).unwrap_err()),
        ("altered", ids[0].to_string())
    );
    assert_eq!(
        damaged_id(&wallet.document(&ids[1]).unwrap_err()),
        ("altered", ids[1].to_string())
    );
    // A damaged status is never taken for "not revoked".
    let error = wallet
        .present(
            &ids[1],
            Disclose::Preset(Preset::TrafficStop),
            None,
            None,
            now(),
        )
        .unwrap_err();
    assert_eq!(damaged_id(&error), ("altered", ids[1].to_string()));
    // The healthy document is shown and presented.
    wallet.document(&ids[2]).unwrap();
    let out = wallet
        .present(
            &ids[2],
            Disclose::Preset(Preset::Hospital),
            None,
            None,
            now(),
        )
        .unwrap();
    verify_at(&out.text, now(), None, None);
    // Updating statuses skips the damaged ones instead of failing.
    let data = vidi_core::sample::test_verifier_data(now()).unwrap();
    let updated = wallet
        .update_status(
            &data.status_lists,
            now(),
            &vidi_core::verifier::Policy::default(),
        )
        .unwrap();
    assert_eq!(updated.len(), 1);
}

#[test]
fn a_damaged_credential_is_named_when_shown() {
    let (_dir, path) = temp_wallet_path();
    let (key, ids) = wallet_file(&path);
    flip_byte(
        &path,
        "credentials",
        "record",
        "document_id",
        ids[2].as_str(),
    );
    let mut wallet = open(&path, &key);
    assert_eq!(
        damaged_id(&wallet.document(&ids[2]).unwrap_err()),
        ("altered", ids[2].to_string())
    );
    let report = wallet
        .backup_with_work_factor(path.with_extension("backup"), "pass phrase", Some(2))
        .unwrap();
    assert_eq!(report.damaged_documents, vec![ids[2].clone()]);
    assert_eq!(report.documents, 2);
    wallet.delete_document(&ids[2], now()).unwrap();
    assert_eq!(wallet.list_documents().unwrap().len(), 2);
}

#[test]
fn the_backup_leaves_out_the_damaged_records_names_them_and_restores() {
    let (dir, path) = temp_wallet_path();
    let (key, ids) = wallet_file(&path);
    let entries = open(&path, &key).log(&LogFilter::default()).unwrap();
    assert_eq!(entries.len(), 4);
    // The oldest entry (the national ID's "added").
    let bad_entry = entries[3].id.clone();
    flip_byte(&path, "documents", "record", "id", ids[0].as_str());
    flip_byte(&path, "documents", "status", "id", ids[1].as_str());
    flip_byte(&path, "activity_log", "record", "id", &bad_entry);
    let wallet = open(&path, &key);

    let backup = dir.path().join("wallet.backup");
    let report = wallet
        .backup_with_work_factor(&backup, "pass phrase", Some(2))
        .unwrap();
    assert_eq!(report.documents, 1);
    assert_eq!(report.log_entries, 3);
    assert_eq!(
        report.damaged_documents,
        vec![ids[0].clone(), ids[1].clone()]
    );
    assert_eq!(report.damaged_log_entries, vec![bad_entry]);
    assert!(!report.is_complete());

    // The healthy rest restores into a new wallet, and presents there
    // once re-bound (its device keys stayed behind).
    let (mut fresh, _) = new_wallet(&dir.path().join("fresh.db"));
    let restored = fresh.restore(&backup, "pass phrase", now()).unwrap();
    assert_eq!(restored.added, 1);
    assert_eq!(restored.log_entries, 3);
    let listed = fresh.list_documents().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, ids[2]);
    assert_eq!(listed[0].status.status, DocumentStatus::Valid);
}

#[test]
fn a_damaged_log_entry_is_named_and_the_rest_of_the_log_reads_and_exports() {
    let (_dir, path) = temp_wallet_path();
    let (key, _) = wallet_file(&path);
    let entries = open(&path, &key).log(&LogFilter::default()).unwrap();
    let bad = entries[1].id.clone();
    flip_byte(&path, "activity_log", "record", "id", &bad);
    let mut wallet = open(&path, &key);

    let error = wallet.log(&LogFilter::default()).unwrap_err();
    assert_eq!(damaged_id(&error), ("log entry", bad.clone()));
    let listing = wallet.log_checked(&LogFilter::default()).unwrap();
    assert_eq!(listing.damaged, vec![bad.clone()]);
    let readable: Vec<&str> = listing.entries.iter().map(|e| e.id.as_str()).collect();
    let expected: Vec<&str> = entries
        .iter()
        .map(|e| e.id.as_str())
        .filter(|id| *id != bad)
        .collect();
    assert_eq!(readable, expected);

    let export: serde_json::Value = serde_json::from_str(&wallet.export_log().unwrap()).unwrap();
    assert_eq!(export["entries"].as_array().unwrap().len(), 3);
    assert_eq!(export["damaged"], serde_json::json!([bad]));

    // The user deletes it; then the whole log reads again.
    wallet.delete_log_entry(&bad).unwrap();
    assert!(matches!(
        wallet.delete_log_entry(&bad),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(wallet.log(&LogFilter::default()).unwrap().len(), 3);
}

#[test]
fn deleting_a_damaged_document_deletes_its_hardware_keys() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let hardware = Arc::new(MemoryDeviceKeyStore::new());
    wallet.set_device_key_store(hardware.clone());
    let ids = add_reference(&mut wallet, now());
    assert_eq!(hardware.len(), 11);
    drop(wallet);
    // The licence (4 credentials).
    flip_byte(&path, "documents", "record", "id", ids[1].as_str());
    let mut wallet = open(&path, &key);
    wallet.set_device_key_store(hardware.clone());
    assert_eq!(
        wallet.list_documents_checked().unwrap().damaged,
        vec![ids[1].clone()]
    );
    wallet.delete_document(&ids[1], now()).unwrap();
    assert_eq!(hardware.len(), 7);
    assert_eq!(wallet.device_keys().unwrap().len(), 7);
    assert!(wallet.list_documents_checked().unwrap().damaged.is_empty());
}
