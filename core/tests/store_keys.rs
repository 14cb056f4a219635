//! The wallet key: a wrong key or passphrase is refused up front and
//! changes nothing; locking forbids reads; rekeying moves the seal.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod store_support;

use store_support::*;
use vidi_core::store::{
    KeyProvider, LogFilter, MemoryKeyProvider, PassphraseKeyProvider, StoreError, Wallet,
};

fn assert_wrong_key_changes_nothing(create_key: &dyn KeyProvider, wrong: &dyn KeyProvider) {
    let (_dir, path) = temp_wallet_path();
    let mut wallet = Wallet::create(&path, create_key).unwrap();
    add_reference(&mut wallet, now());
    drop(wallet);
    let before = database_files(&path);

    let mut wallet = Wallet::open(&path).unwrap();
    assert!(!wallet.is_unlocked());
    for _ in 0..2 {
        assert!(matches!(
            wallet.unlock_at(wrong, now()),
            Err(StoreError::WrongKey)
        ));
        assert!(!wallet.is_unlocked());
        assert!(matches!(wallet.list_documents(), Err(StoreError::Locked)));
    }
    drop(wallet);
    let after = database_files(&path);
    assert_eq!(before.len(), after.len());
    for ((name, a), (_, b)) in before.iter().zip(&after) {
        assert!(a == b, "{name} changed");
    }

    // The right key still opens it.
    let mut wallet = Wallet::open(&path).unwrap();
    wallet.unlock_at(create_key, now()).unwrap();
    assert_eq!(wallet.list_documents().unwrap().len(), 3);
}

#[test]
fn wrong_memory_key_is_refused_and_the_file_is_unchanged() {
    assert_wrong_key_changes_nothing(
        &MemoryKeyProvider::generate(),
        &MemoryKeyProvider::generate(),
    );
}

#[test]
fn wrong_passphrase_is_refused_and_the_file_is_unchanged() {
    assert_wrong_key_changes_nothing(
        &PassphraseKeyProvider::with_work_factor("mật khẩu đúng", 4),
        &PassphraseKeyProvider::with_work_factor("mật khẩu sai", 4),
    );
}

#[test]
fn another_kind_of_provider_is_named() {
    let (_dir, path) = temp_wallet_path();
    let (wallet, _) = new_wallet(&path);
    drop(wallet);
    let mut wallet = Wallet::open(&path).unwrap();
    let err = wallet
        .unlock(&PassphraseKeyProvider::with_work_factor("x", 2))
        .err()
        .unwrap();
    assert!(
        matches!(&err, StoreError::WrongKeyProvider { expected } if expected == "memory"),
        "{err}"
    );
    assert_eq!(wallet.key_provider_kind(), "memory");
}

#[test]
fn lock_forbids_reads_and_unlock_restores_them() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    assert!(wallet.is_unlocked());
    wallet.lock();
    assert!(!wallet.is_unlocked());
    assert!(matches!(wallet.list_documents(), Err(StoreError::Locked)));
    assert!(matches!(wallet.document(&ids[0]), Err(StoreError::Locked)));
    assert!(matches!(
        wallet.log(&LogFilter::default()),
        Err(StoreError::Locked)
    ));
    assert!(matches!(wallet.export_log(), Err(StoreError::Locked)));
    assert!(matches!(wallet.log_retention(), Err(StoreError::Locked)));
    assert!(matches!(
        wallet.delete_document(&ids[0], now()),
        Err(StoreError::Locked)
    ));
    assert!(matches!(
        wallet.present(
            &ids[0],
            vidi_core::store::Disclose::Preset(vidi_core::preset::Preset::CheckpointId),
            None,
            None,
            now()
        ),
        Err(StoreError::Locked)
    ));
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        wallet.backup_with_work_factor(dir.path().join("b.age"), "pw", Some(2)),
        Err(StoreError::Locked)
    ));
    assert!(matches!(
        wallet.rekey(&MemoryKeyProvider::generate()),
        Err(StoreError::Locked)
    ));
    // Nothing was written by the refused backup.
    assert!(!dir.path().join("b.age").exists());

    wallet.unlock_at(&key, now()).unwrap();
    assert_eq!(wallet.list_documents().unwrap().len(), 3);
}

#[test]
fn rekey_moves_the_seal_to_the_new_provider() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, old) = new_wallet(&path);
    add_reference(&mut wallet, now());
    let new = PassphraseKeyProvider::with_work_factor("new passphrase", 4);
    wallet.rekey(&new).unwrap();
    assert_eq!(wallet.key_provider_kind(), "passphrase");
    drop(wallet);

    let mut wallet = Wallet::open(&path).unwrap();
    assert!(matches!(
        wallet.unlock(&old),
        Err(StoreError::WrongKeyProvider { .. })
    ));
    assert!(matches!(
        wallet.unlock(&PassphraseKeyProvider::with_work_factor(
            "old passphrase",
            4
        )),
        Err(StoreError::WrongKey)
    ));
    wallet.unlock_at(&new, now()).unwrap();
    assert_eq!(wallet.list_documents().unwrap().len(), 3);

    // And back to a memory key: the new passphrase no longer opens it.
    let memory = MemoryKeyProvider::generate();
    wallet.rekey(&memory).unwrap();
    drop(wallet);
    let mut wallet = Wallet::open(&path).unwrap();
    assert!(matches!(
        wallet.unlock(&MemoryKeyProvider::generate()),
        Err(StoreError::WrongKey)
    ));
    wallet.unlock_at(&memory, now()).unwrap();
}

#[test]
fn create_refuses_an_existing_wallet_and_open_a_missing_one() {
    let (_dir, path) = temp_wallet_path();
    let (wallet, _) = new_wallet(&path);
    drop(wallet);
    assert!(matches!(
        Wallet::create(&path, &MemoryKeyProvider::generate()),
        Err(StoreError::AlreadyExists)
    ));
    let missing = path.with_file_name("missing.db");
    assert!(matches!(Wallet::open(&missing), Err(StoreError::NoWallet)));
    assert!(!missing.exists());
}

#[test]
fn error_messages_carry_no_secrets() {
    // Every message is a fixed text or names a kind, never a value.
    let messages = [
        StoreError::WrongKey.to_string(),
        StoreError::Locked.to_string(),
        StoreError::BackupPassphrase.to_string(),
        StoreError::NeedsRebinding.to_string(),
    ];
    for m in messages {
        assert!(!m.contains("Hương") && !m.contains("001190012345"), "{m}");
    }
}

#[test]
fn rekey_leaves_no_copy_of_the_old_seal() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    add_reference(&mut wallet, now());
    let old_seal: Vec<u8> = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row("SELECT sealed_identity FROM wallet_meta", [], |r| r.get(0))
            .unwrap()
    };
    assert!(
        database_files(&path)
            .iter()
            .any(|(_, b)| contains(b, &old_seal))
    );
    wallet.rekey(&MemoryKeyProvider::generate()).unwrap();
    for (name, bytes) in database_files(&path) {
        assert!(!contains(&bytes, &old_seal[..64]), "old seal in {name}");
    }
}

#[test]
fn an_interrupted_create_can_be_redone_and_foreign_files_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    // A create interrupted after the schema, before the key row.
    let path = dir.path().join("wallet.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    vidi_core::store::schema::init(&mut conn).unwrap();
    drop(conn);
    assert!(matches!(Wallet::open(&path), Err(StoreError::NoWallet)));
    let key = MemoryKeyProvider::generate();
    let wallet = Wallet::create(&path, &key).unwrap();
    assert!(wallet.is_unlocked());
    drop(wallet);
    assert!(matches!(
        Wallet::create(&path, &key),
        Err(StoreError::AlreadyExists)
    ));

    // Another program's SQLite file: neither opened as a wallet nor altered.
    let foreign = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    conn.execute("CREATE TABLE notes (t TEXT)", []).unwrap();
    drop(conn);
    let before = std::fs::read(&foreign).unwrap();
    assert!(matches!(Wallet::open(&foreign), Err(StoreError::NoWallet)));
    assert!(matches!(
        Wallet::create(&foreign, &key),
        Err(StoreError::AlreadyExists)
    ));
    assert!(
        std::fs::read(&foreign).unwrap() == before,
        "the foreign file changed"
    );
}

#[test]
fn a_truncated_or_empty_wallet_file_is_damaged_not_missing() {
    let (dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    add_reference(&mut wallet, now());
    drop(wallet);
    assert!(Wallet::open(&path).is_ok());
    let whole = std::fs::read(&path).unwrap();
    assert!(whole.len() > 8192, "{} bytes", whole.len());
    for (name, len) in [
        ("empty", 0),
        ("header-only", 50),
        ("one-page", 4096),
        ("half", whole.len() / 2),
        ("one-page-short", whole.len() - 4096),
    ] {
        let damaged = dir.path().join(format!("{name}.db"));
        std::fs::write(&damaged, &whole[..len]).unwrap();
        let result = Wallet::open(&damaged);
        assert!(
            matches!(result, Err(StoreError::Damaged)),
            "{name}: {:?}",
            result.err()
        );
        // Nothing was added to the file.
        assert_eq!(std::fs::read(&damaged).unwrap().len(), len, "{name}");
    }
    // An empty file is still what an interrupted create leaves: create takes it.
    let empty = dir.path().join("empty.db");
    assert!(Wallet::create(&empty, &MemoryKeyProvider::generate()).is_ok());
}
