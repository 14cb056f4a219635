//! Nothing personal is stored in clear: the database, its `-wal` and its
//! `-shm` files are searched byte by byte for every name, number, date and
//! address the wallet holds, in their text forms and in their CBOR claim
//! encodings, after adding, presenting and logging, with the WAL not yet
//! checkpointed.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod store_support;

use store_support::*;
use vidi_core::claims::ClaimValue;
use vidi_core::issuer::claims_for;
use vidi_core::preset::Preset;
use vidi_core::store::{Disclose, LogFilter};

/// Text forms of the reference citizen's data.
const TEXTS: &[&str] = &[
    "Nguyễn Thị Thanh Hương",
    "Thanh Hương",
    "Hương",
    "NGUYỄN THỊ THANH HƯƠNG",
    "Nguyen Thi Thanh Huong",
    "001190012345",
    "1190012345",
    "012345678901",
    "12345678901",
    "DN4010123456789",
    "4010123456789",
    "1990-05-17",
    "17/05/1990",
    "19900517",
    "2030-05-17",
    "17/05/2030",
    "2021-04-10",
    "10/04/2021",
    "2022-03-15",
    "2012-03-15",
    "2032-03-15",
    "2010-06-01",
    "2030-12-31",
    "31/12/2030",
    "Số 12 Phố Hàng Bạc",
    "Hàng Bạc",
    "Hoàn Kiếm",
    "Phù Đổng",
    "Gia Lâm",
    "Bệnh viện Bạch Mai",
    "Bạch Mai",
    "Sở Giao thông vận tải Hà Nội",
    "female",
    // What the log holds: the verifier and the claims shown.
    "Khách sạn Hoa Sen",
    "personal_id_number",
    "checkpoint-id",
    // Key material.
    "AGE-SECRET-KEY-",
];

/// Every claim value's CBOR encoding that is long enough not to turn up in
/// random ciphertext by chance (dates, sexes and booleans encode in 1 to 3
/// bytes, which a megabyte of ciphertext contains by chance: those are
/// covered by their text forms above), and its hex form (the credential
/// record's JSON carries values as hex).
fn encodings() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (document, kinds) in reference().with_kinds() {
        for kind in kinds {
            let (values, _) = claims_for(kind, &document, now().date()).unwrap();
            for value in values {
                let bytes = value.encode();
                if bytes.len() >= 5 && !matches!(value, ClaimValue::Digest(_)) {
                    let label = format!("{} CBOR", kind.name());
                    out.push((format!("{label} hex"), hex::encode(&bytes).into_bytes()));
                    out.push((label, bytes));
                }
            }
        }
    }
    assert!(out.len() >= 20, "{}", out.len());
    out
}

#[test]
fn no_claim_value_appears_in_the_database_or_its_wal() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    for (id, preset) in [
        (&ids[0], Preset::CheckpointId),
        (&ids[0], Preset::Age18),
        (&ids[1], Preset::TrafficStop),
        (&ids[2], Preset::Hospital),
    ] {
        wallet
            .present(
                id,
                Disclose::Preset(preset),
                None,
                Some("Khách sạn Hoa Sen"),
                now(),
            )
            .unwrap();
    }
    wallet.set_log_retention(Some(90), now()).unwrap();
    assert_eq!(wallet.log(&LogFilter::default()).unwrap().len(), 7);

    // The wallet is still open: the WAL holds the writes, not checkpointed.
    let files = database_files(&path);
    assert_eq!(files.len(), 3, "database, -wal and -shm");
    let wal = &files[1].1;
    assert!(wal.len() > 32 * 1024, "WAL of {} bytes", wal.len());
    assert!(contains(wal, b"age-encryption.org/v1"));

    let mut needles: Vec<(String, Vec<u8>)> = TEXTS
        .iter()
        .map(|t| (format!("text {t:?}"), t.as_bytes().to_vec()))
        .collect();
    needles.extend(encodings());
    for (name, bytes) in &files {
        for (what, needle) in &needles {
            assert!(!contains(bytes, needle), "{what} found in {name}");
        }
    }
    drop(wallet);

    // After the checkpoint on close, the main file alone: the same.
    let files = database_files(&path);
    assert_eq!(files.len(), 1);
    for (what, needle) in &needles {
        assert!(
            !contains(&files[0].1, needle),
            "{what} found after checkpoint"
        );
    }
}

#[test]
fn the_search_finds_what_is_there() {
    // The needles are found when present: the check above is not vacuous.
    let (_dir, path) = temp_wallet_path();
    let (wallet, _) = new_wallet(&path);
    drop(wallet);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let name = "Nguyễn Thị Thanh Hương";
    let value = encodings()[0].1.clone();
    conn.execute("CREATE TABLE probe (t TEXT, b BLOB)", [])
        .unwrap();
    conn.execute(
        "INSERT INTO probe VALUES (?1, ?2)",
        rusqlite::params![name, value],
    )
    .unwrap();
    let files = database_files(&path);
    let all: Vec<u8> = files.into_iter().flat_map(|(_, b)| b).collect();
    assert!(contains(&all, name.as_bytes()));
    assert!(contains(&all, &value));
}
