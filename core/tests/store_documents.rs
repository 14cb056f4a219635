//! Documents in the wallet: add, replace, delete, pending while locked,
//! status, and presentations that verify.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod store_support;

use std::sync::Arc;

use store_support::*;
use time::Duration;
use vidi_core::claims::{ClaimId, ClaimValue};
use vidi_core::credential::CredentialKind;
use vidi_core::document::{DocumentType, LicenceClass};
use vidi_core::issuer::Document;
use vidi_core::preset::Preset;
use vidi_core::sample::{test_issuer, test_trust_list};
use vidi_core::store::{
    ActivityEvent, AddOutcome, Disclose, DocumentStatus, LogFilter, MemoryDeviceKeyStore,
    NewCredential, NewDocument, StoreError, Wallet,
};

#[test]
fn the_reference_citizen_lists_and_shows() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    let list = wallet.list_documents().unwrap();
    assert_eq!(
        list.iter().map(|d| d.document_type).collect::<Vec<_>>(),
        [
            DocumentType::NationalId,
            DocumentType::DrivingLicence,
            DocumentType::HealthInsurance
        ]
    );
    for summary in &list {
        assert_eq!(summary.holder_name, "Nguyễn Thị Thanh Hương");
        assert_eq!(summary.status.status, DocumentStatus::Unknown);
        assert!(!summary.needs_rebinding && !summary.pending);
        assert_eq!(summary.added_at, now());
    }
    assert_eq!(list[0].valid_until.unwrap().to_string(), "2030-05-17");
    assert_eq!(list[1].valid_until.map(|d| d.to_string()), None);

    let id_card = wallet.document(&ids[0]).unwrap();
    let kinds: Vec<_> = id_card.credentials.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            CredentialKind::NationalId,
            CredentialKind::AgeOver(16),
            CredentialKind::AgeOver(18),
            CredentialKind::AgeOver(21),
            CredentialKind::CheckpointId
        ]
    );
    assert!(id_card.credentials.iter().all(|c| c.expires_at > now()));
    let Document::NationalId(card) = &id_card.document else {
        panic!("not an ID card")
    };
    assert_eq!(card.number().as_str(), "001190012345");
    assert_eq!(id_card.issuer, test_issuer().unwrap().name);
    // Debug output hides the name.
    assert!(!format!("{id_card:?}").contains("Hương"));

    let licence = wallet.document(&ids[1]).unwrap();
    let kinds: Vec<_> = licence.credentials.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            CredentialKind::DrivingLicence,
            CredentialKind::LicenceClass(LicenceClass::A1),
            CredentialKind::LicenceClass(LicenceClass::B),
            CredentialKind::TrafficStop
        ]
    );
    // Each credential has a device key of its own: 5 + 4 + 2.
    assert_eq!(wallet.device_keys().unwrap().len(), 11);
}

#[test]
fn every_preset_presents_verifies_and_is_logged() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    let at = now() + Duration::minutes(5);
    for (preset, id) in [
        (Preset::CheckpointId, &ids[0]),
        (Preset::Age18, &ids[0]),
        (Preset::TrafficStop, &ids[1]),
        (Preset::Hospital, &ids[2]),
    ] {
        let out = wallet
            .present(
                id,
                Disclose::Preset(preset),
                Some(b"n0nce"),
                Some("CSGT Hà Nội"),
                at,
            )
            .unwrap();
        assert_eq!(out.made_at, at);
        assert_eq!(out.refresh_at, at + Duration::seconds(15));
        assert_eq!(out.expires_at, at + Duration::seconds(60));
        assert_eq!(out.kind, preset.kind());
        assert_eq!(out.qr.ecc(), vidi_core::qr::Ecc::M);
        let verified = verify_at(
            &out.text,
            at + Duration::seconds(3),
            Some(b"n0nce"),
            Some("CSGT Hà Nội"),
        );
        let shown: Vec<ClaimId> = verified.claims.iter().map(|c| c.id).collect();
        assert_eq!(shown, preset.claims(), "{}", preset.name());
    }
    let entries = wallet
        .log(&LogFilter {
            event: Some(ActivityEvent::Presented),
            ..LogFilter::default()
        })
        .unwrap();
    assert_eq!(entries.len(), 4);
    let newest = &entries[0].activity;
    assert_eq!(newest.preset, Some(Preset::Hospital));
    assert_eq!(newest.document_id.as_ref(), Some(&ids[2]));
    assert_eq!(newest.document_type, Some(DocumentType::HealthInsurance));
    assert_eq!(newest.audience.as_deref(), Some("CSGT Hà Nội"));
    assert_eq!(newest.claims[0], "card_number");
}

#[test]
fn chosen_claims_come_from_the_smallest_credential() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    let out = wallet
        .present(
            &ids[0],
            Disclose::Claims(&[ClaimId::AgeOver(21)]),
            None,
            None,
            now(),
        )
        .unwrap();
    assert_eq!(out.kind, CredentialKind::AgeOver(21));
    let verified = verify_at(&out.text, now(), None, None);
    assert_eq!(verified.claims[0].value, ClaimValue::Bool(true));

    let out = wallet
        .present(
            &ids[0],
            Disclose::Claims(&[ClaimId::FullName, ClaimId::PlaceOfResidence]),
            None,
            None,
            now(),
        )
        .unwrap();
    assert_eq!(out.kind, CredentialKind::NationalId);
    assert_eq!(verify_at(&out.text, now(), None, None).claims.len(), 2);

    // A licence claim from the ID card, and the traffic preset on it.
    assert!(matches!(
        wallet.present(
            &ids[0],
            Disclose::Claims(&[ClaimId::LicenceNumber]),
            None,
            None,
            now()
        ),
        Err(StoreError::NoSuitableCredential)
    ));
    assert!(matches!(
        wallet.present(
            &ids[0],
            Disclose::Preset(Preset::TrafficStop),
            None,
            None,
            now()
        ),
        Err(StoreError::NoSuitableCredential)
    ));
}

#[test]
fn expired_credentials_are_refused() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    let later = now() + Duration::days(31);
    assert!(matches!(
        wallet.present(
            &ids[0],
            Disclose::Preset(Preset::CheckpointId),
            None,
            None,
            later
        ),
        Err(StoreError::CredentialExpired)
    ));
    // Refusals are not logged.
    assert!(
        wallet
            .log(&LogFilter {
                event: Some(ActivityEvent::Presented),
                ..LogFilter::default()
            })
            .unwrap()
            .is_empty()
    );
}

#[test]
fn replace_keeps_the_id_and_removes_old_credentials_and_keys() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let issuer = test_issuer().unwrap();
    let first = wallet
        .add_sample_citizen(
            &issuer,
            only_national_id(national_id_with_serial(12345)),
            now(),
        )
        .unwrap();
    let id = first[0].id().clone();
    let old_keys = wallet.device_keys().unwrap();
    assert_eq!(old_keys.len(), 5);
    wallet
        .set_status(&id, DocumentStatus::Suspended, now())
        .unwrap();

    // Same issuer, type and number: replaced.
    let later = now() + Duration::days(1);
    let second = wallet
        .add_sample_citizen(
            &issuer,
            only_national_id(national_id_with_serial(12345)),
            later,
        )
        .unwrap();
    assert_eq!(second, [AddOutcome::Replaced(id.clone())]);
    let list = wallet.list_documents().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].updated_at, later);
    assert_eq!(list[0].added_at, now());
    assert_eq!(list[0].status.status, DocumentStatus::Unknown);
    let keys = wallet.device_keys().unwrap();
    assert_eq!(keys.len(), 5);
    assert!(keys.iter().all(|k| !old_keys.contains(k)));
    let view = wallet.document(&id).unwrap();
    assert_eq!(view.received_at, later);
    assert!(
        view.credentials
            .iter()
            .all(|c| keys.contains(c.device_key.as_ref().unwrap()))
    );

    // Another number is another document.
    let third = wallet
        .add_sample_citizen(
            &issuer,
            only_national_id(national_id_with_serial(54321)),
            later,
        )
        .unwrap();
    assert!(matches!(third[0], AddOutcome::Added(_)));
    assert_eq!(wallet.list_documents().unwrap().len(), 2);
    // So is the same number from another issuer.
    let mut other = test_issuer().unwrap();
    other.name = "Another issuer".into();
    let fourth = wallet
        .add_sample_citizen(
            &other,
            only_national_id(national_id_with_serial(12345)),
            later,
        )
        .unwrap();
    assert!(matches!(fourth[0], AddOutcome::Added(_)));

    let replaced = wallet
        .log(&LogFilter {
            event: Some(ActivityEvent::Replaced),
            ..LogFilter::default()
        })
        .unwrap();
    assert_eq!(replaced.len(), 1);
    assert_eq!(replaced[0].activity.document_id.as_ref(), Some(&id));
}

#[test]
fn delete_cascades_to_credentials_and_keys_and_is_logged() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    wallet.delete_document(&ids[1], now()).unwrap();
    assert_eq!(wallet.list_documents().unwrap().len(), 2);
    assert!(matches!(
        wallet.document(&ids[1]),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(wallet.device_keys().unwrap().len(), 7);
    assert!(matches!(
        wallet.delete_document(&ids[1], now()),
        Err(StoreError::NotFound(_))
    ));
    let log = wallet
        .log(&LogFilter {
            event: Some(ActivityEvent::Deleted),
            ..LogFilter::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].activity.document_id.as_ref(), Some(&ids[1]));
    assert_eq!(
        log[0].activity.document_type,
        Some(DocumentType::DrivingLicence)
    );
    drop(wallet);
    // No orphan rows: the licence's 4 credentials went with it.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM credentials"), 7);
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM credentials WHERE document_id NOT IN (SELECT id FROM documents)"
        ),
        0
    );
    assert_eq!(count("SELECT COUNT(*) FROM device_keys"), 7);
}

#[test]
fn adding_while_locked_is_pending_until_unlock_merges_it() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let issuer = test_issuer().unwrap();
    let held = wallet
        .add_sample_citizen(&issuer, only_national_id(national_id_with_serial(1)), now())
        .unwrap();
    let held_id = held[0].id().clone();
    wallet.lock();
    // What arrives while locked is checked at the merge against the
    // issuer's key (issuance hands over the trust list it fetched).
    wallet.trust_issuers(&test_trust_list(&issuer));

    // Received while locked: a renewal of the held card and a new card.
    let later = now() + Duration::hours(2);
    let renewal = wallet
        .add_sample_citizen(&issuer, only_national_id(national_id_with_serial(1)), later)
        .unwrap();
    let new = wallet
        .add_sample_citizen(&issuer, only_national_id(national_id_with_serial(2)), later)
        .unwrap();
    assert!(matches!(renewal[0], AddOutcome::Pending(_)));
    assert!(matches!(new[0], AddOutcome::Pending(_)));
    assert_eq!(wallet.pending_count().unwrap(), 2);
    assert!(matches!(wallet.list_documents(), Err(StoreError::Locked)));
    // Software keys can be made while locked; 3 cards x 5 credentials.
    assert_eq!(wallet.device_keys().unwrap().len(), 15);

    let report = wallet.unlock_at(&key, later).unwrap();
    assert_eq!((report.merged_added, report.merged_replaced), (1, 1));
    assert_eq!(wallet.pending_count().unwrap(), 0);
    let list = wallet.list_documents().unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|d| !d.pending));
    assert_eq!(list[0].id, held_id);
    assert_eq!(list[0].updated_at, later);
    assert_eq!(wallet.device_keys().unwrap().len(), 10);
    // The renewed card presents with its new credentials and keys.
    let out = wallet
        .present(
            &held_id,
            Disclose::Preset(Preset::CheckpointId),
            None,
            None,
            later,
        )
        .unwrap();
    verify_at(&out.text, later, None, None);
    // The log tells the story: two arrivals while locked, one replacement.
    let log = wallet.log(&LogFilter::default()).unwrap();
    let events: Vec<_> = log
        .iter()
        .map(|e| (e.activity.event, e.activity.while_locked))
        .collect();
    assert_eq!(
        events,
        [
            (ActivityEvent::Presented, false),
            (ActivityEvent::Replaced, false),
            (ActivityEvent::Added, true),
            (ActivityEvent::Added, true),
            (ActivityEvent::Added, false),
        ]
    );
    // Every entry names a document the wallet holds: the history of the
    // pending copy moved to the document it replaced.
    let held: Vec<_> = wallet
        .list_documents()
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    for entry in &log {
        let id = entry.activity.document_id.as_ref().unwrap();
        assert!(
            held.contains(id),
            "{:?} names a document no longer held",
            entry.activity.event
        );
    }
}

#[test]
fn status_as_last_known_is_kept_and_revoked_refuses_presenting() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    let learned = now() + Duration::hours(1);
    wallet.lock();
    // A status is part of the authenticated row: it needs the wallet's key.
    assert!(matches!(
        wallet.set_status(&ids[1], DocumentStatus::Revoked, learned),
        Err(StoreError::Locked)
    ));
    wallet.unlock_at(&key, learned).unwrap();
    wallet
        .set_status(&ids[1], DocumentStatus::Revoked, learned)
        .unwrap();
    wallet
        .set_status(&ids[0], DocumentStatus::Valid, learned)
        .unwrap();
    let list = wallet.list_documents().unwrap();
    assert_eq!(list[0].status.status, DocumentStatus::Valid);
    assert_eq!(list[0].status.learned_at, Some(learned));
    assert_eq!(list[1].status.status, DocumentStatus::Revoked);
    assert_eq!(list[2].status.learned_at, None);
    assert!(matches!(
        wallet.present(
            &ids[1],
            Disclose::Preset(Preset::TrafficStop),
            None,
            None,
            learned
        ),
        Err(StoreError::Revoked)
    ));
    assert!(matches!(
        wallet.set_status(
            &vidi_core::store::DocumentId::new("nope"),
            DocumentStatus::Valid,
            learned
        ),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn credentials_must_fit_their_document_and_key() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let issuer = test_issuer().unwrap();
    let citizen = reference();
    let id_card = Document::NationalId(citizen.national_id.clone());
    let licence = Document::DrivingLicence(citizen.licence.clone().unwrap());
    let (handle, public) = wallet.create_device_key().unwrap();
    let (other_handle, _) = wallet.create_device_key().unwrap();
    let licence_credential = issuer
        .issue(CredentialKind::DrivingLicence, &licence, public, 1, now())
        .unwrap();
    let id_credential = issuer
        .issue(CredentialKind::NationalId, &id_card, public, 2, now())
        .unwrap();
    let with = |document: &Document, credential, device_key| NewDocument {
        issuer: issuer.name.clone(),
        document: document.clone(),
        credentials: vec![NewCredential {
            credential,
            device_key,
        }],
    };
    assert!(matches!(
        wallet.add_document(with(&id_card, licence_credential, handle.clone()), now()),
        Err(StoreError::CredentialMismatch(_))
    ));
    assert!(matches!(
        wallet.add_document(with(&id_card, id_credential.clone(), other_handle), now()),
        Err(StoreError::CredentialMismatch(_))
    ));
    assert!(matches!(
        wallet.add_document(
            with(
                &id_card,
                id_credential.clone(),
                vidi_core::store::DeviceKeyHandle::new("nope")
            ),
            now()
        ),
        Err(StoreError::NotFound(_))
    ));
    assert!(wallet.list_documents().unwrap().is_empty());
    let added = wallet
        .add_document(with(&id_card, id_credential, handle), now())
        .unwrap();
    let out = wallet
        .present(
            added.id(),
            Disclose::Preset(Preset::CheckpointId),
            None,
            None,
            now(),
        )
        .unwrap();
    verify_at(&out.text, now(), None, None);
}

#[test]
fn hardware_keys_come_from_the_platform_store() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let hardware = Arc::new(MemoryDeviceKeyStore::new());
    wallet.set_device_key_store(hardware.clone());
    let ids = add_reference(&mut wallet, now());
    assert_eq!(hardware.len(), 11);
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
    // No secret in the database for hardware keys.
    drop(wallet);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let with_secret: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM device_keys WHERE record IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(with_secret, 0);
    drop(conn);

    // Reopened without the platform store, the wallet cannot sign.
    let mut wallet = Wallet::open(&path).unwrap();
    wallet.unlock_at(&key, now()).unwrap();
    assert!(matches!(
        wallet.present(
            &ids[2],
            Disclose::Preset(Preset::Hospital),
            None,
            None,
            now()
        ),
        Err(StoreError::DeviceKey(_))
    ));
    wallet.set_device_key_store(hardware.clone());
    wallet
        .present(
            &ids[2],
            Disclose::Preset(Preset::Hospital),
            None,
            None,
            now(),
        )
        .unwrap();
    // Deleting a document deletes its hardware keys.
    wallet.delete_document(&ids[0], now()).unwrap();
    assert_eq!(hardware.len(), 6);
}

#[test]
fn batch_copies_are_shown_at_random_so_verifiers_cannot_link_them() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, _) = new_wallet(&path);
    let issuer = test_issuer().unwrap();
    let id_card = Document::NationalId(reference().national_id.clone());
    let mut credentials = Vec::new();
    for index in 0..4 {
        let (device_key, public) = wallet.create_device_key().unwrap();
        let credential = issuer
            .issue(
                CredentialKind::NationalId,
                &id_card,
                public,
                100 + index,
                now(),
            )
            .unwrap();
        credentials.push(NewCredential {
            credential,
            device_key,
        });
    }
    let outcome = wallet
        .add_document(
            NewDocument {
                issuer: issuer.name.clone(),
                document: id_card,
                credentials,
            },
            now(),
        )
        .unwrap();
    let id = outcome.id().clone();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..60 {
        let out = wallet
            .present(
                &id,
                Disclose::Preset(Preset::CheckpointId),
                None,
                None,
                now(),
            )
            .unwrap();
        let proof = vidi_core::presentation::Presentation::parse(&out.text).unwrap();
        seen.insert(proof.status_index);
        verify_at(&out.text, now(), None, None);
    }
    // Four copies, sixty presentations: all four show up (the chance that
    // one never does is below 4 * (3/4)^60, about 1e-7).
    assert_eq!(seen.len(), 4, "{seen:?}");
}

/// Flips one byte in the middle of a column's blob of row `id`, in the file.
fn flip_byte(path: &std::path::Path, column: &str, id: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut blob: Vec<u8> = conn
        .query_row(
            &format!("SELECT {column} FROM documents WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .unwrap();
    let middle = blob.len() / 2;
    blob[middle] ^= 0x01;
    conn.execute(
        &format!("UPDATE documents SET {column} = ?2 WHERE id = ?1"),
        rusqlite::params![id, blob],
    )
    .unwrap();
}

#[test]
fn one_damaged_record_is_named_and_the_others_stay_usable() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    let ids = add_reference(&mut wallet, now());
    wallet
        .set_status(&ids[2], vidi_core::store::DocumentStatus::Valid, now())
        .unwrap();
    drop(wallet);
    flip_byte(&path, "record", ids[0].as_str());
    flip_byte(&path, "status", ids[2].as_str());

    let mut wallet = Wallet::open(&path).unwrap();
    wallet.unlock_at(&key, now()).unwrap();
    let listing = wallet.list_documents_checked().unwrap();
    assert_eq!(listing.damaged, vec![ids[0].clone(), ids[2].clone()]);
    assert_eq!(listing.documents.len(), 1);
    assert_eq!(listing.documents[0].id, ids[1]);
    assert!(wallet.document(&ids[1]).is_ok());
    // The damaged ones are deleted by id.
    for id in &listing.damaged {
        wallet.delete_document(id, now()).unwrap();
    }
    let listing = wallet.list_documents_checked().unwrap();
    assert!(listing.damaged.is_empty());
    assert_eq!(wallet.list_documents().unwrap().len(), 1);
}
