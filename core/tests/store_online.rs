//! What the wallet keeps for online services, in a real wallet file: the
//! trust list (read back after reopening, encrypted at rest, refused when
//! changed from SQL) and the answered requests (a replay is seen, expired
//! ones are forgotten).
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod store_support;

use rusqlite::Connection;
use store_support::*;
use time::Duration;
use vidi_core::sample::{test_issuer, test_trust_list};
use vidi_core::store::{MemoryKeyProvider, Wallet};
use vidi_core::trust::TrustedAttester;

fn open(path: &std::path::Path, key: &MemoryKeyProvider) -> Wallet {
    let mut wallet = Wallet::open(path).unwrap();
    wallet.unlock_at(key, now()).unwrap();
    wallet
}

#[test]
fn the_trust_list_is_kept_encrypted_and_read_back_after_reopening() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    assert_eq!(wallet.kept_trust_list().unwrap(), None);
    let issuer = test_issuer().unwrap();
    let mut list = test_trust_list(&issuer);
    list.attesters.push(TrustedAttester {
        kid: "attester-kid-unique-4711".into(),
        name: "Attester".into(),
        public_key: issuer.key.public_key(),
        valid_from: now() - Duration::days(1),
        valid_until: None,
    });
    let fetched = now() - Duration::hours(2);
    wallet.keep_trust_list(&list, fetched).unwrap();
    drop(wallet);

    let mut wallet = open(&path, &key);
    let (kept, at) = wallet.kept_trust_list().unwrap().unwrap();
    assert_eq!(kept, list);
    assert_eq!(at, fetched);
    // Encrypted at rest: the attester's kid is nowhere in the files.
    for (name, bytes) in database_files(&path) {
        assert!(!contains(&bytes, b"attester-kid-unique-4711"), "{name}");
    }
    // Locked, it cannot be read.
    wallet.lock();
    assert!(wallet.kept_trust_list().is_err());
    drop(wallet);

    // A changed record does not decrypt: refused, not read as no list.
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE settings SET record = substr(record, 1, length(record) - 1) || x'00' WHERE key = 'trust_list'",
        [],
    )
    .unwrap();
    drop(conn);
    let mut wallet = Wallet::open(&path).unwrap();
    if wallet.unlock_at(&key, now()).is_ok() {
        assert!(wallet.kept_trust_list().is_err());
    }
}

#[test]
fn answered_requests_are_remembered_until_they_expire() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let t = now();
    assert!(!wallet.request_answered("svc", "n1").unwrap());
    wallet
        .mark_request_answered("svc", "n1", t + Duration::minutes(5), t)
        .unwrap();
    drop(wallet);
    let mut wallet = open(&path, &key);
    assert!(wallet.request_answered("svc", "n1").unwrap());
    // Another service with the same nonce, or another nonce: not answered.
    assert!(!wallet.request_answered("other", "n1").unwrap());
    assert!(!wallet.request_answered("svc", "n2").unwrap());
    // The nonce itself is not stored, only a digest.
    for (name, bytes) in database_files(&path) {
        assert!(!contains(&bytes, b"svc"), "{name}");
    }
    // Marking another after n1's expiry forgets n1.
    wallet
        .mark_request_answered(
            "svc",
            "n2",
            t + Duration::minutes(20),
            t + Duration::minutes(10),
        )
        .unwrap();
    assert!(!wallet.request_answered("svc", "n1").unwrap());
    assert!(wallet.request_answered("svc", "n2").unwrap());
}
