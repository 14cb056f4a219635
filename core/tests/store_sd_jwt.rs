//! A document's SD-JWT VCs in the wallet: stored beside its Vidi
//! credentials in a real wallet file, read back after reopening, presented
//! with key binding; and the file tampered with from SQL (a row removed,
//! moved between formats, swapped, or planted while locked) is refused.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod store_support;

use std::path::Path;

use rusqlite::Connection;
use store_support::*;
use time::{Duration, OffsetDateTime};
use vidi_core::document::DocumentType;
use vidi_core::issuer::{DEFAULT_VALIDITY, Document};
use vidi_core::sample::{test_issuer, test_trust_list};
use vidi_core::sdjwt::{
    Issuance, JwtVcIssuerMetadata, KeyBindingCheck, StatusReference, issue_document,
    verify_presentation,
};
use vidi_core::store::{DocumentId, MemoryKeyProvider, NewSdJwt, StoreError, Tampering, Wallet};

const ISS: &str = "https://issuer.vidi.example";

/// `n` SD-JWT VCs of `document` by the test issuer, each bound to a new
/// device key of `wallet`.
fn sd_jwts(
    wallet: &mut Wallet,
    document: &Document,
    n: usize,
    at: OffsetDateTime,
) -> Vec<NewSdJwt> {
    let issuer = test_issuer().unwrap();
    (0..n)
        .map(|i| {
            let (handle, public) = wallet.create_device_key().unwrap();
            let how = Issuance {
                issuer: ISS,
                key: &issuer.key,
                device_key: public,
                status: StatusReference {
                    idx: 100 + i as u32,
                    uri: format!("{ISS}/status-lists/{}", issuer.key.kid()),
                },
                issued_at: at,
                expires_at: at,
            };
            NewSdJwt {
                credential: issue_document(document, how, at, DEFAULT_VALIDITY).unwrap(),
                device_key: handle,
            }
        })
        .collect()
}

fn national_id(wallet: &Wallet, id: &DocumentId) -> Document {
    let view = wallet.document(id).unwrap();
    assert_eq!(view.summary.document_type, DocumentType::NationalId);
    view.document
}

/// A wallet file with the reference citizen and two SD-JWT VCs of the
/// national ID: (dir, path, key, document ids).
fn wallet_with_sd_jwts() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    MemoryKeyProvider,
    Vec<DocumentId>,
) {
    let (dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    let document = national_id(&wallet, &ids[0]);
    let list = sd_jwts(&mut wallet, &document, 2, now());
    wallet.add_sd_jwt_credentials(&ids[0], list, now()).unwrap();
    (dir, path, key, ids)
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

#[test]
fn sd_jwt_vcs_are_kept_beside_the_vidi_credentials_and_presented() {
    let (_dir, path, key, ids) = wallet_with_sd_jwts();
    let mut wallet = reopen(&path, &key);
    let held = wallet.sd_jwt_credentials(&ids[0]).unwrap();
    assert_eq!(held.len(), 2);
    assert_ne!(held[0].device_key, held[1].device_key);
    assert!(
        held.iter()
            .all(|h| h.credential.vct() == "urn:vidi:vct:national_id")
    );
    // The Vidi credentials are untouched and still the only ones listed there.
    assert_eq!(wallet.document(&ids[0]).unwrap().credentials.len(), 5);
    assert!(wallet.sd_jwt_credentials(&ids[1]).unwrap().is_empty());
    // Nothing of the claims in the file.
    for (_, bytes) in database_files(&path) {
        assert!(!contains(&bytes, b"Nguy"));
        assert!(!contains(&bytes, b"dc+sd-jwt~"));
    }

    let at = now() + Duration::minutes(1);
    let text = wallet
        .present_sd_jwt(&ids[0], &["age_over_18"], "https://rp.example", "n-1", at)
        .unwrap();
    let issuer = test_issuer().unwrap();
    let keys = JwtVcIssuerMetadata::new(ISS, &[(issuer.key.kid(), issuer.key.public_key())]);
    let check = KeyBindingCheck {
        audience: "https://rp.example",
        nonce: "n-1",
        now: at,
        max_age: Duration::minutes(5),
    };
    let shown = verify_presentation(&text, &keys, &check).unwrap();
    assert_eq!(shown.credential.claims.len(), 1);
    assert!(
        held.iter()
            .any(|h| h.credential.device_key() == shown.credential.device_key)
    );
    // Logged like a QR presentation.
    let log = wallet.log(&Default::default()).unwrap();
    assert_eq!(log[0].activity.claims, ["age_over_18"]);
    assert_eq!(
        log[0].activity.audience.as_deref(),
        Some("https://rp.example")
    );

    // Without SD-JWT VCs, or all expired, or asking a claim it lacks.
    assert!(matches!(
        wallet.present_sd_jwt(&ids[1], &["full_name"], "a", "n", at),
        Err(StoreError::NoSuitableCredential)
    ));
    assert!(matches!(
        wallet.present_sd_jwt(&ids[0], &["full_name"], "a", "n", now() + DEFAULT_VALIDITY),
        Err(StoreError::CredentialExpired)
    ));
    assert!(matches!(
        wallet.present_sd_jwt(&ids[0], &["licence_number"], "a", "n", at),
        Err(StoreError::NoSuitableCredential)
    ));
}

#[test]
fn storing_refuses_another_type_or_a_foreign_key_and_replacing_drops_the_old_keys() {
    let (_dir, path, key, ids) = wallet_with_sd_jwts();
    let mut wallet = reopen(&path, &key);
    let document = national_id(&wallet, &ids[0]);
    // The national ID's SD-JWT VC for the licence: refused.
    let list = sd_jwts(&mut wallet, &document, 1, now());
    assert!(matches!(
        wallet.add_sd_jwt_credentials(&ids[1], list, now()),
        Err(StoreError::CredentialMismatch("SD-JWT VC type"))
    ));
    // A key another credential already uses: refused.
    let used = wallet.sd_jwt_credentials(&ids[0]).unwrap()[0]
        .device_key
        .clone()
        .unwrap();
    let mut list = sd_jwts(&mut wallet, &document, 1, now());
    list[0].device_key = used;
    assert!(matches!(
        wallet.add_sd_jwt_credentials(&ids[0], list, now()),
        Err(StoreError::CredentialMismatch("device key"))
    ));
    // A new batch replaces the old one, whose device keys go.
    let before = wallet.device_keys().unwrap().len();
    let list = sd_jwts(&mut wallet, &document, 3, now());
    wallet.add_sd_jwt_credentials(&ids[0], list, now()).unwrap();
    assert_eq!(wallet.sd_jwt_credentials(&ids[0]).unwrap().len(), 3);
    // +3 new, -2 old.
    assert_eq!(wallet.device_keys().unwrap().len(), before + 3 - 2);
    drop(wallet);
    let wallet = reopen(&path, &key);
    assert_eq!(wallet.sd_jwt_credentials(&ids[0]).unwrap().len(), 3);
}

#[test]
fn a_removed_moved_or_swapped_sd_jwt_row_is_tampering() {
    for attack in [
        "DELETE FROM credentials WHERE rowid = (SELECT max(rowid) FROM credentials WHERE format = 'dc+sd-jwt')",
        "UPDATE credentials SET format = 'vidi_cose_v1' WHERE rowid = (SELECT max(rowid) FROM credentials WHERE format = 'dc+sd-jwt')",
        "UPDATE credentials SET record = (SELECT record FROM credentials WHERE format = 'vidi_cose_v1' LIMIT 1) WHERE rowid = (SELECT max(rowid) FROM credentials WHERE format = 'dc+sd-jwt')",
    ] {
        let (_dir, path, key, ids) = wallet_with_sd_jwts();
        let conn = Connection::open(&path).unwrap();
        assert_eq!(conn.execute(attack, []).unwrap(), 1, "{attack}");
        drop(conn);
        let wallet = reopen(&path, &key);
        assert_eq!(
            tampering(wallet.sd_jwt_credentials(&ids[0])),
            Tampering::Forged {
                document: ids[0].clone()
            },
            "{attack}"
        );
        // The other documents are untouched.
        assert!(wallet.document(&ids[1]).is_ok());
    }
}

#[test]
fn a_document_arriving_while_locked_with_sd_jwt_vcs_is_refused_at_the_merge() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    add_reference(&mut wallet, now());
    wallet.lock();
    let issuer = test_issuer().unwrap();
    let outcome = wallet
        .add_sample_citizen(&issuer, only_national_id(national_id_with_serial(7)), now())
        .unwrap();
    let pending = outcome[0].id().clone();
    drop(wallet);
    // Whoever writes the file adds an SD-JWT VC row to the arrival.
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO credentials (id, document_id, device_key, added_at, record, format)
         SELECT 'planted', document_id, NULL, added_at, record, 'dc+sd-jwt'
         FROM credentials WHERE document_id = ?1 LIMIT 1",
        [pending.as_str()],
    )
    .unwrap();
    drop(conn);
    let mut wallet = Wallet::open(&path).unwrap();
    wallet.trust_issuers(&test_trust_list(&issuer));
    let report = wallet.unlock_at(&key, now()).unwrap();
    assert_eq!(report.merged_added, 0);
    assert!(
        report
            .refused
            .iter()
            .any(|t| t.to_string().contains("SD-JWT")),
        "{:?}",
        report.refused
    );
}
