//! Whoever can write the wallet file but has not its key: planted,
//! swapped and rolled-back rows, forged arrivals while locked, lost
//! write-ahead-log frames, and two writers at once. Real wallet files,
//! tampered with SQL from the test.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod store_support;

use std::path::Path;

use rusqlite::{Connection, params};
use store_support::*;
use time::Duration;
use vidi_core::credential::CredentialKind;
use vidi_core::issuer::{DEFAULT_VALIDITY, Document, Issuer};
use vidi_core::keys::{DeviceSigner as _, IssuerKey, SoftwareDeviceKey};
use vidi_core::preset::Preset;
use vidi_core::sample::{TEST_ISSUER_KID, TEST_ISSUER_NAME, test_issuer, test_trust_list};
use vidi_core::store::{
    Disclose, DocumentId, DocumentStatus, MemoryKeyProvider, NewCredential, NewDocument,
    StoreError, Tampering, Wallet,
};

fn sql(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

fn reopen(path: &Path, key: &MemoryKeyProvider) -> Wallet {
    let mut wallet = Wallet::open(path).unwrap();
    wallet.unlock_at(key, now()).unwrap();
    wallet
}

fn tampering(result: Result<impl Sized, StoreError>) -> Tampering {
    match result {
        Err(StoreError::Tampered(t)) => t,
        Err(e) => panic!("expected tampering, got {e}"),
        Ok(_) => panic!("expected tampering, got success"),
    }
}

const ROW: &str = "record, status, auth, generation, added_at, updated_at, needs_rebinding";

/// Copies `from`'s row (columns [`ROW`]) over `to`'s in `conn`.
fn copy_row(conn: &Connection, from: &str, to: &str) {
    conn.execute(
        &format!(
            "UPDATE documents SET ({ROW}) = (SELECT {ROW} FROM documents WHERE id = ?1) WHERE id = ?2"
        ),
        [from, to],
    )
    .unwrap();
}

#[test]
fn a_row_planted_from_another_wallet_is_refused() {
    let (_dir, path) = temp_wallet_path();
    let (other_dir, other_path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    let (mut other, _) = new_wallet(&other_path);
    let other_ids = add_reference(&mut other, now());
    drop((wallet, other));

    let conn = sql(&path);
    conn.execute("ATTACH ?1 AS other", [other_path.to_str().unwrap()])
        .unwrap();
    // Over a row of this wallet, and as a row of its own.
    conn.execute(
        &format!(
            "UPDATE documents SET ({ROW}) = (SELECT {ROW} FROM other.documents WHERE id = ?1) WHERE id = ?2"
        ),
        [other_ids[2].as_str(), ids[2].as_str()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO documents SELECT * FROM other.documents WHERE id = ?1",
        [other_ids[0].as_str()],
    )
    .unwrap();
    drop(conn);
    drop(other_dir);

    let wallet = reopen(&path, &key);
    assert_eq!(
        tampering(wallet.document(&ids[2])),
        Tampering::Forged {
            document: ids[2].clone()
        }
    );
    assert_eq!(
        tampering(wallet.document(&other_ids[0])),
        Tampering::Forged {
            document: other_ids[0].clone()
        }
    );
    let err = wallet.list_documents().unwrap_err().to_string();
    assert!(err.contains("not written by this wallet"), "{err}");
    // The others still show; the planted ones are named as damaged.
    let listing = wallet.list_documents_checked().unwrap();
    assert_eq!(listing.documents.len(), 2);
    let mut damaged = listing.damaged.clone();
    damaged.sort();
    let mut expected = [other_ids[0].clone(), ids[2].clone()];
    expected.sort();
    assert_eq!(damaged, expected);
}

#[test]
fn swapped_rows_are_named_and_never_shown_under_the_other_frame() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    drop(wallet);

    // Swap the identity card's row with the health card's, credentials too.
    let conn = sql(&path);
    conn.execute(
        "CREATE TABLE saved AS SELECT * FROM documents WHERE id = ?1",
        [ids[0].as_str()],
    )
    .unwrap();
    copy_row(&conn, ids[2].as_str(), ids[0].as_str());
    conn.execute(
        &format!("UPDATE documents SET ({ROW}) = (SELECT {ROW} FROM saved) WHERE id = ?1"),
        [ids[2].as_str()],
    )
    .unwrap();
    conn.execute(
        "UPDATE credentials SET document_id = CASE document_id WHEN ?1 THEN ?2 ELSE ?1 END
         WHERE document_id IN (?1, ?2)",
        [ids[0].as_str(), ids[2].as_str()],
    )
    .unwrap();
    conn.execute_batch("DROP TABLE saved").unwrap();
    drop(conn);

    let mut wallet = reopen(&path, &key);
    // The identity card's row (type 'nid') now holds the health card.
    assert_eq!(
        tampering(wallet.document(&ids[0])),
        Tampering::Moved {
            document: ids[0].clone(),
            belongs_to: ids[2].clone()
        }
    );
    let err = tampering(wallet.present(
        &ids[0],
        Disclose::Preset(Preset::CheckpointId),
        None,
        None,
        now(),
    ));
    assert!(err.to_string().contains("rows swapped"), "{err}");

    // Only the type column changed: the record is not shown in another frame.
    drop(wallet);
    let conn = sql(&path);
    conn.execute(
        "UPDATE documents SET doc_type = 'nid' WHERE id = ?1",
        [ids[1].as_str()],
    )
    .unwrap();
    drop(conn);
    let wallet = reopen(&path, &key);
    assert_eq!(
        tampering(wallet.document(&ids[1])),
        Tampering::Forged {
            document: ids[1].clone()
        }
    );
}

#[test]
fn a_row_rolled_back_to_before_its_revocation_is_caught() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    let id = ids[0].as_str();
    // An attacker keeps a copy of the row while it is valid...
    let conn = sql(&path);
    conn.execute_batch(&format!(
        "CREATE TABLE saved AS SELECT * FROM documents WHERE id = '{id}'"
    ))
    .unwrap();
    drop(conn);
    wallet
        .set_status(&ids[0], DocumentStatus::Valid, now())
        .unwrap();
    wallet
        .set_status(&ids[0], DocumentStatus::Revoked, now() + Duration::hours(1))
        .unwrap();
    assert!(matches!(
        wallet.present(&ids[0], Disclose::Preset(Preset::Age18), None, None, now()),
        Err(StoreError::Revoked)
    ));
    drop(wallet);

    // ...and puts it back after the revocation.
    let conn = sql(&path);
    conn.execute(
        &format!("UPDATE documents SET ({ROW}) = (SELECT {ROW} FROM saved) WHERE id = ?1"),
        [id],
    )
    .unwrap();
    conn.execute_batch("DROP TABLE saved").unwrap();
    drop(conn);

    let mut wallet = reopen(&path, &key);
    assert_eq!(
        tampering(wallet.document(&ids[0])),
        Tampering::RolledBack {
            document: ids[0].clone()
        }
    );
    let shown = wallet.present(&ids[0], Disclose::Preset(Preset::Age18), None, None, now());
    assert!(
        tampering(shown)
            .to_string()
            .contains("rolled back to an older copy")
    );
    // The other documents are untouched and still present.
    wallet
        .present(
            &ids[1],
            Disclose::Preset(Preset::TrafficStop),
            None,
            None,
            now(),
        )
        .unwrap();
}

#[test]
fn a_deleted_row_or_a_deleted_integrity_record_fails_the_unlock() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    drop(wallet);
    let conn = sql(&path);
    conn.execute("DELETE FROM documents WHERE id = ?1", [ids[1].as_str()])
        .unwrap();
    drop(conn);
    let mut wallet = Wallet::open(&path).unwrap();
    let err = wallet.unlock_at(&key, now()).unwrap_err();
    assert!(
        matches!(&err, StoreError::Tampered(Tampering::Missing { count: 1, first }) if *first == ids[1]),
        "{err}"
    );
    assert!(!wallet.is_unlocked());

    // Clearing the state does not make the wallet look like one written
    // before records were authenticated (whose rows would be adopted).
    let conn = sql(&path);
    conn.execute("UPDATE wallet_meta SET state = NULL", [])
        .unwrap();
    drop(conn);
    let mut wallet = Wallet::open(&path).unwrap();
    assert!(matches!(
        wallet.unlock_at(&key, now()),
        Err(StoreError::Tampered(Tampering::StateAltered))
    ));
}

#[test]
fn a_wallet_of_the_previous_format_is_sealed_at_its_first_unlock() {
    use vidi_core::store::legacy::LegacyWallet;
    let (_dir, path) = temp_wallet_path();
    let key = MemoryKeyProvider::generate();
    let mut legacy = LegacyWallet::create(&path, &key, 4).unwrap();
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
    drop(legacy);
    let wallet = reopen(&path, &key);
    assert_eq!(wallet.list_documents().unwrap().len(), 3);
    drop(wallet);
    // From now on its rows are authenticated like a new wallet's.
    let conn = sql(&path);
    copy_row(&conn, ids[2].as_str(), ids[1].as_str());
    drop(conn);
    let wallet = reopen(&path, &key);
    assert_eq!(
        tampering(wallet.document(&ids[1])),
        Tampering::Forged {
            document: ids[1].clone()
        }
    );
}

/// Adds a national ID card with serial `serial` from `issuer` received at
/// `at` (pending when the wallet is locked); returns its id.
fn add_card(
    wallet: &mut Wallet,
    issuer: &Issuer,
    serial: u32,
    at: time::OffsetDateTime,
) -> DocumentId {
    wallet
        .add_sample_citizen(
            issuer,
            only_national_id(national_id_with_serial(serial)),
            at,
        )
        .unwrap()[0]
        .id()
        .clone()
}

#[test]
fn forged_arrivals_while_locked_are_refused_at_the_merge() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    add_reference(&mut wallet, now());
    wallet.lock();
    let issuer = test_issuer().unwrap();
    let forger = Issuer {
        key: IssuerKey::from_seed(TEST_ISSUER_KID, b"not the issuer").unwrap(),
        name: TEST_ISSUER_NAME.to_owned(),
        validity: DEFAULT_VALIDITY,
    };
    let later = now() + Duration::hours(1);
    let genuine = add_card(&mut wallet, &issuer, 1, later);
    let forged = add_card(&mut wallet, &forger, 2, later);
    let swapped_a = add_card(&mut wallet, &issuer, 3, later);
    let swapped_b = add_card(&mut wallet, &issuer, 4, later);
    // A genuine credential of another wallet's key, offered under a handle
    // of this wallet (a locked wallet cannot read its software keys to
    // compare them when the document is added).
    let (handle, _) = wallet.create_device_key().unwrap();
    let elsewhere = SoftwareDeviceKey::generate().unwrap().public_key().unwrap();
    let document = Document::NationalId(national_id_with_serial(5));
    let credential = issuer
        .issue(CredentialKind::NationalId, &document, elsewhere, 5, later)
        .unwrap();
    let foreign_key = wallet
        .add_document(
            NewDocument {
                issuer: issuer.name.clone(),
                document,
                credentials: vec![NewCredential {
                    credential,
                    device_key: handle,
                }],
            },
            later,
        )
        .unwrap()
        .id()
        .clone();
    // Another wallet's genuine document, planted as pending here.
    let (_other_dir, other_path) = temp_wallet_path();
    let (mut other, _) = new_wallet(&other_path);
    other.lock();
    let foreign = add_card(&mut other, &issuer, 6, later);
    drop(other);
    drop(wallet);
    let conn = sql(&path);
    // Two cards' records exchanged: each one's fields differ from what its
    // credentials carry.
    conn.execute(
        "CREATE TABLE saved AS SELECT record FROM documents WHERE id = ?1",
        [swapped_a.as_str()],
    )
    .unwrap();
    conn.execute(
        "UPDATE documents SET record = (SELECT record FROM documents WHERE id = ?2) WHERE id = ?1",
        [swapped_a.as_str(), swapped_b.as_str()],
    )
    .unwrap();
    conn.execute(
        "UPDATE documents SET record = (SELECT record FROM saved) WHERE id = ?1",
        [swapped_b.as_str()],
    )
    .unwrap();
    conn.execute_batch("DROP TABLE saved").unwrap();
    conn.execute("ATTACH ?1 AS other", [other_path.to_str().unwrap()])
        .unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO documents SELECT * FROM other.documents;
         INSERT INTO credentials SELECT * FROM other.credentials;",
    )
    .unwrap();
    drop(conn);

    let mut wallet = Wallet::open(&path).unwrap();
    wallet.trust_issuers(&test_trust_list(&issuer));
    let report = wallet.unlock_at(&key, later).unwrap();
    assert_eq!(report.merged_added, 1, "{report:?}");
    let refused = |id: &DocumentId, reason: &'static str| Tampering::Unverified {
        document: id.clone(),
        reason,
    };
    let mut expected = vec![
        refused(&forged, "the issuer's signature does not verify"),
        refused(&swapped_a, "its fields differ from those the issuer signed"),
        refused(&swapped_b, "its fields differ from those the issuer signed"),
        refused(
            &foreign_key,
            "a credential is bound to another key than this wallet's",
        ),
        refused(&foreign, "its record does not decrypt"),
    ];
    let mut got = report.refused.clone();
    let key_of = |t: &Tampering| t.to_string();
    expected.sort_by_key(key_of);
    got.sort_by_key(key_of);
    assert_eq!(got, expected);
    assert!(
        got[0]
            .to_string()
            .contains("received while locked, was refused"),
        "{}",
        got[0]
    );
    // Refused ones are gone; the genuine one is held and presents.
    assert_eq!(wallet.pending_count().unwrap(), 0);
    assert_eq!(wallet.list_documents().unwrap().len(), 4);
    wallet
        .present(&genuine, Disclose::Preset(Preset::Age18), None, None, later)
        .unwrap();
}

#[test]
fn arrivals_while_locked_wait_for_the_issuers_key() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    wallet.lock();
    let issuer = test_issuer().unwrap();
    add_card(&mut wallet, &issuer, 1, now());
    drop(wallet);
    // Without the issuer's key: nothing refused, nothing merged.
    let mut wallet = Wallet::open(&path).unwrap();
    let report = wallet.unlock_at(&key, now()).unwrap();
    assert_eq!((report.merged_added, report.pending_unverified), (0, 1));
    assert!(report.refused.is_empty());
    wallet.lock();
    wallet.trust_issuers(&test_trust_list(&issuer));
    let report = wallet.unlock_at(&key, now()).unwrap();
    assert_eq!((report.merged_added, report.pending_unverified), (1, 0));
}

#[test]
fn a_flipped_byte_in_the_write_ahead_log_is_damage_not_fewer_documents() {
    let (dir, path) = temp_wallet_path();
    let (mut wallet, _key) = new_wallet(&path);
    let issuer = test_issuer().unwrap();
    for serial in 1..=8 {
        add_card(&mut wallet, &issuer, serial, now());
    }
    // Copies of the file and its log before any checkpoint (the wallet is
    // still open), as a backup tool or a crash would leave them.
    let copy = |name: &str, flip: bool| {
        let target = dir.path().join(name);
        std::fs::create_dir(&target).unwrap();
        std::fs::copy(&path, target.join("wallet.db")).unwrap();
        let mut wal = std::fs::read(path.with_file_name("wallet.db-wal")).unwrap();
        assert!(wal.len() > 32 * 1024, "the log holds the documents");
        if flip {
            // A byte in the page of a frame in the middle of the log.
            let page = u32::from_be_bytes(wal[8..12].try_into().unwrap()) as usize;
            let frames = (wal.len() - 32) / (24 + page);
            wal[32 + (frames / 2) * (24 + page) + 24 + 100] ^= 0x01;
        }
        std::fs::write(target.join("wallet.db-wal"), wal).unwrap();
        target.join("wallet.db")
    };
    let intact = copy("intact", false);
    let flipped = copy("flipped", true);
    let flipped_again = copy("flipped-sqlite", true);
    drop(wallet);

    let count = |p: &Path| -> i64 {
        sql(p)
            .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))
            .unwrap()
    };
    assert!(Wallet::open(&intact).is_ok());
    assert_eq!(count(&intact), 8);
    // SQLite alone stops reading the log at the flip and shows fewer.
    let shown = count(&flipped_again);
    assert!((1..8).contains(&shown), "{shown}");
    // The wallet says the file is damaged, and keeps saying it.
    for _ in 0..2 {
        let err = Wallet::open(&flipped).err().unwrap();
        assert!(matches!(err, StoreError::Damaged), "{err}");
        assert!(err.to_string().contains("write-ahead log"));
    }
}

#[test]
fn two_writers_never_replace_a_newer_copy_with_an_older_one() {
    let (_dir, path) = temp_wallet_path();
    let (mut first, key) = new_wallet(&path);
    let issuer = test_issuer().unwrap();
    let card = || only_national_id(national_id_with_serial(7));
    first.add_sample_citizen(&issuer, card(), now()).unwrap();
    let mut second = reopen(&path, &key);

    // In this order, one after the other: the older copy is refused.
    let newer = now() + Duration::hours(2);
    first.add_sample_citizen(&issuer, card(), newer).unwrap();
    assert!(matches!(
        second.add_sample_citizen(&issuer, card(), now() + Duration::hours(1)),
        Err(StoreError::NewerHeld)
    ));

    // At once, from two threads with their own connections: whatever the
    // interleaving, the newest copy is held and the wallet verifies.
    let path2 = path.clone();
    let key2 = key.clone();
    let run = move |mut wallet: Wallet, hours: [i64; 3]| {
        let issuer = test_issuer().unwrap();
        for h in hours {
            let at = now() + Duration::hours(h);
            match wallet.add_sample_citizen(&issuer, card(), at) {
                Ok(_) | Err(StoreError::NewerHeld) => {}
                Err(e) => panic!("{e}"),
            }
        }
    };
    let a = std::thread::spawn(move || run(first, [3, 5, 7]));
    let b = std::thread::spawn(move || run(second, [4, 6, 8]));
    a.join().unwrap();
    b.join().unwrap();
    let wallet = reopen(&path2, &key2);
    let held = wallet.list_documents().unwrap();
    assert_eq!(held.len(), 1);
    let view = wallet.document(&held[0].id).unwrap();
    assert_eq!(view.received_at, now() + Duration::hours(8));
}

#[test]
fn restoring_judges_re_binding_by_public_key_not_by_handle() {
    let (dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    let backup = dir.path().join("backup.age");
    wallet
        .backup_with_work_factor(&backup, "pw", Some(4))
        .unwrap();
    let health_handle = wallet.document(&ids[2]).unwrap().credentials[0]
        .device_key
        .clone()
        .unwrap();
    drop(wallet);

    // Another wallet holds a key under the same handle: a different key.
    let other_path = dir.path().join("other.db");
    let (mut other, other_key) = new_wallet(&other_path);
    let (renamed, _) = other.create_device_key().unwrap();
    drop(other);
    let conn = sql(&other_path);
    conn.execute(
        "UPDATE device_keys SET handle = ?1 WHERE handle = ?2",
        params![health_handle.as_str(), renamed.as_str()],
    )
    .unwrap();
    drop(conn);
    let mut other = reopen(&other_path, &other_key);
    let report = other.restore(&backup, "pw", now()).unwrap();
    assert_eq!(report.needs_rebinding, 3);
    let health = other
        .list_documents()
        .unwrap()
        .into_iter()
        .find(|d| d.id == ids[2])
        .unwrap();
    assert!(health.needs_rebinding);
    assert!(matches!(
        other.present(
            &ids[2],
            Disclose::Preset(Preset::Hospital),
            None,
            None,
            now()
        ),
        Err(StoreError::NeedsRebinding)
    ));
}
