//! Shared helpers for the wallet store's integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use vidi_core::document::sample::try_reference_citizen;
use vidi_core::document::{NationalIdCard, NationalIdCardFields, PersonalIdNumber};
use vidi_core::sample::{test_issuer, test_verifier_data, vector_time};
use vidi_core::store::{CitizenDocuments, DocumentId, MemoryKeyProvider, Wallet};
use vidi_core::verifier::{Policy, Verified, verify};

/// The fixed "now" of the tests: 2026-06-01 08:00 UTC.
pub fn now() -> OffsetDateTime {
    vector_time()
}

/// A temp dir and the wallet path inside it.
pub fn temp_wallet_path() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wallet.db");
    (dir, path)
}

/// A new wallet with a memory key, unlocked.
pub fn new_wallet(path: &Path) -> (Wallet, MemoryKeyProvider) {
    let key = MemoryKeyProvider::generate();
    let wallet = Wallet::create(path, &key).unwrap();
    (wallet, key)
}

/// The reference citizen's three documents.
pub fn reference() -> CitizenDocuments {
    CitizenDocuments::reference().unwrap()
}

/// The reference citizen with national ID serial `serial` (another card).
pub fn national_id_with_serial(serial: u32) -> NationalIdCard {
    let (card, _, _) = try_reference_citizen().unwrap();
    let mut fields: NationalIdCardFields = card.into_fields();
    fields.number = PersonalIdNumber::parse(&format!("001190{serial:06}")).unwrap();
    NationalIdCard::new(fields).unwrap()
}

/// Only a national ID card.
pub fn only_national_id(card: NationalIdCard) -> CitizenDocuments {
    CitizenDocuments {
        national_id: card,
        licence: None,
        health: None,
    }
}

/// Adds the reference citizen; returns the ids of (national ID, licence, health).
pub fn add_reference(wallet: &mut Wallet, at: OffsetDateTime) -> Vec<DocumentId> {
    let issuer = test_issuer().unwrap();
    wallet
        .add_sample_citizen(&issuer, reference(), at)
        .unwrap()
        .into_iter()
        .map(|o| o.id().clone())
        .collect()
}

/// Verifies `text` at `at` with the test issuer's data.
pub fn verify_at(
    text: &str,
    at: OffsetDateTime,
    nonce: Option<&[u8]>,
    audience: Option<&str>,
) -> Verified {
    let data = test_verifier_data(at).unwrap();
    let policy = Policy {
        nonce: nonce.map(<[u8]>::to_vec),
        audience: audience.map(str::to_owned),
        ..Policy::default()
    };
    verify(text, &data.trust_list, &data.status_lists, at, &policy).unwrap()
}

/// The bytes of the database and its `-wal` and `-shm` files, by name.
pub fn database_files(path: &Path) -> Vec<(String, Vec<u8>)> {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|suffix| {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            std::fs::read(&file)
                .ok()
                .map(|bytes| (file.display().to_string(), bytes))
        })
        .collect()
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
