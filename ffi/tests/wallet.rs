//! The exported wallet API as the apps call it, without a server: the
//! software and in-memory key implementations, a Rust stand-in for a
//! platform key store (DER signatures, SPKI public keys), errors handed
//! back from the platform, backups, the log, presentations that verify.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use p256::ecdsa::signature::hazmat::PrehashSigner as _;
use p256::ecdsa::{Signature, SigningKey};
use time::OffsetDateTime;
use vidi_ffi::{
    ActivityEvent, CreatedDeviceKey, DeviceKeyStore, Disclose, DocumentType, KeyProvider,
    LogFilter, VidiError, Wallet, memory_device_key_store, memory_key_provider,
    software_key_provider,
};

fn path(dir: &tempfile::TempDir, name: &str) -> String {
    dir.path().join(name).to_string_lossy().into_owned()
}

fn checkpoint() -> Disclose {
    Disclose::Preset {
        name: "checkpoint-id".into(),
    }
}

/// Verifies `payload` against core's test issuer, as a verifier holding its
/// trust list would.
fn verify_sample(payload: &str) -> Vec<String> {
    let now = OffsetDateTime::now_utc();
    let data = vidi_core::sample::test_verifier_data(now).unwrap();
    let verified = vidi_core::verifier::verify(
        payload,
        &data.trust_list,
        &data.status_lists,
        now,
        &vidi_core::verifier::Policy::default(),
    )
    .unwrap();
    verified.claims.iter().map(|c| c.id.name()).collect()
}

#[test]
fn a_software_wallet_from_creation_to_backup() {
    let dir = tempfile::tempdir().unwrap();
    let file = path(&dir, "wallet.db");
    let key = software_key_provider("correct horse".into(), Some(2));
    let wallet = Wallet::create(file.clone(), key.clone(), None).unwrap();
    assert!(wallet.is_unlocked().unwrap());
    assert_eq!(wallet.key_provider_kind().unwrap(), "passphrase");

    let ids = wallet.add_sample_documents().unwrap();
    assert_eq!(ids.len(), 3);
    let list = wallet.list_documents().unwrap();
    let types: Vec<DocumentType> = list.iter().map(|d| d.document_type).collect();
    assert_eq!(
        types,
        [
            DocumentType::NationalId,
            DocumentType::DrivingLicence,
            DocumentType::HealthInsurance
        ]
    );
    let card = &list[0];
    assert_eq!(card.type_label_vi, "Thẻ căn cước");
    assert_eq!(card.type_label_en, "Identity card");
    assert!(!card.holder_name.is_empty());
    assert_eq!(card.valid_from.len(), 10, "ISO date");
    assert!(!card.needs_rebinding && !card.pending && !card.expired);

    let details = wallet.document(card.id.clone()).unwrap();
    let claims: Vec<&str> = details.fields.iter().map(|f| f.claim.as_str()).collect();
    assert_eq!(
        claims[..3],
        ["personal_id_number", "full_name", "date_of_birth"]
    );
    assert_eq!(details.fields[1].label_vi, "Họ, chữ đệm và tên");
    assert_eq!(details.fields[1].value, card.holder_name);
    assert!(details.presets.contains(&"checkpoint-id".to_owned()));
    assert!(details.presets.contains(&"age-18".to_owned()));
    assert!(details.claims.iter().any(|c| c.name == "age_over_18"));
    assert!(details.credentials.iter().all(|c| c.device_key.is_some()));

    let shown = wallet
        .present(card.id.clone(), checkpoint(), None, None)
        .unwrap();
    assert!(shown.payload.starts_with("VD2:"));
    let qr = &shown.qr;
    assert_eq!(qr.size, 4 * u32::from(qr.version) + 17);
    assert_eq!(qr.modules.len(), (qr.size * qr.size) as usize);
    assert!(qr.modules.iter().all(|&m| m <= 1));
    assert!(shown.svg.starts_with("<svg"));
    assert_eq!(shown.kind, "checkpoint-id");
    assert!(shown.refresh_at_unix > shown.made_at_unix);
    assert!(shown.expires_at_unix > shown.refresh_at_unix);
    assert_eq!(
        verify_sample(&shown.payload),
        ["personal_id_number", "full_name", "date_of_birth"]
    );

    let age = wallet
        .present(
            card.id.clone(),
            Disclose::Claims {
                names: vec!["age_over_18".into()],
            },
            Some(vec![7; 16]),
            Some("hotel".into()),
        )
        .unwrap();
    assert_eq!(age.kind, "age-over-18");
    let unknown = Disclose::Claims {
        names: vec!["licence_number".into()],
    };
    assert!(matches!(
        wallet.present(card.id.clone(), unknown, None, None),
        Err(VidiError::InvalidInput { .. })
    ));
    let no_preset = Disclose::Preset {
        name: "airport".into(),
    };
    assert!(matches!(
        wallet.present(card.id.clone(), no_preset, None, None),
        Err(VidiError::InvalidInput { .. })
    ));
    assert!(matches!(
        wallet.document("no-such-document".into()),
        Err(VidiError::NotFound { .. })
    ));

    let presented = wallet
        .activity_log(LogFilter {
            event: Some(ActivityEvent::Presented),
            ..LogFilter::default()
        })
        .unwrap();
    assert_eq!(presented.len(), 2);
    assert_eq!(presented[0].audience.as_deref(), Some("hotel"));
    assert_eq!(presented[0].claims, ["age_over_18"]);
    assert_eq!(presented[1].preset.as_deref(), Some("checkpoint-id"));
    let limited = wallet
        .activity_log(LogFilter {
            limit: Some(1),
            ..LogFilter::default()
        })
        .unwrap();
    assert_eq!(limited.len(), 1);
    assert!(
        wallet
            .export_activity_log()
            .unwrap()
            .contains("vidi-activity-log")
    );
    assert_eq!(wallet.set_log_retention_days(Some(30)).unwrap(), 0);
    assert_eq!(wallet.log_retention_days().unwrap(), Some(30));

    wallet.lock().unwrap();
    assert!(!wallet.is_unlocked().unwrap());
    assert!(matches!(
        wallet.list_documents(),
        Err(VidiError::Locked { .. })
    ));
    assert!(matches!(
        wallet.present(card.id.clone(), checkpoint(), None, None),
        Err(VidiError::Locked { .. })
    ));
    drop(wallet);

    let wrong = Wallet::open(
        file.clone(),
        software_key_provider("battery staple".into(), Some(2)),
        None,
    )
    .unwrap();
    assert!(matches!(wrong.unlock(), Err(VidiError::WrongKey { .. })));
    let wallet = Wallet::open(file.clone(), key, None).unwrap();
    wallet.unlock().unwrap();
    assert_eq!(wallet.list_documents().unwrap().len(), 3);
    assert!(matches!(
        Wallet::create(file, memory_key_provider(), None),
        Err(VidiError::InvalidInput { .. })
    ));
    assert!(matches!(
        Wallet::open(path(&dir, "missing.db"), memory_key_provider(), None),
        Err(VidiError::NotFound { .. })
    ));

    // A backup restored into a new wallet: readable, not presentable.
    let backup = path(&dir, "wallet.age");
    wallet
        .backup(backup.clone(), "backup words".into())
        .unwrap();
    let phone = Wallet::create(path(&dir, "new.db"), memory_key_provider(), None).unwrap();
    assert!(matches!(
        phone.restore(backup.clone(), "other words".into()),
        Err(VidiError::WrongKey { .. })
    ));
    let report = phone.restore(backup, "backup words".into()).unwrap();
    assert_eq!(report.added, 3);
    assert_eq!(report.needs_rebinding, 3);
    assert!(report.log_entries >= 2);
    let restored = phone.list_documents().unwrap();
    assert!(restored.iter().all(|d| d.needs_rebinding));
    assert!(matches!(
        phone.present(restored[0].id.clone(), checkpoint(), None, None),
        Err(VidiError::NeedsRebinding { .. })
    ));
    let log = phone.activity_log(LogFilter::default()).unwrap();
    assert_eq!(log[0].event, ActivityEvent::Restored);
    assert_eq!(log[0].restore.unwrap().added, 3);

    phone.delete_document(restored[0].id.clone()).unwrap();
    assert_eq!(phone.list_documents().unwrap().len(), 2);
}

/// A platform key store as an app writes one: P-256 keys by alias, public
/// keys as X.509 SubjectPublicKeyInfo and signatures in DER, as Android's
/// Keystore gives them.
#[derive(Default)]
struct DerKeyStore {
    keys: Mutex<HashMap<String, SigningKey>>,
    deleted: AtomicUsize,
}

impl DerKeyStore {
    fn key(&self, handle: &str) -> Result<SigningKey, VidiError> {
        self.keys
            .lock()
            .unwrap()
            .get(handle)
            .cloned()
            .ok_or(VidiError::NotFound {
                reason: "no such key".into(),
            })
    }
}

fn spki(key: &SigningKey) -> Vec<u8> {
    let mut out = vec![
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08,
        0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
    ];
    out.extend_from_slice(key.verifying_key().to_sec1_point(false).as_bytes());
    out
}

impl DeviceKeyStore for DerKeyStore {
    fn kind(&self) -> String {
        "test-der".into()
    }

    fn create(&self) -> Result<CreatedDeviceKey, VidiError> {
        let mut keys = self.keys.lock().unwrap();
        let handle = format!("key-{}", keys.len());
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&(keys.len() as u64 + 1).to_be_bytes());
        let key = SigningKey::from_slice(&seed).unwrap();
        let public_key = spki(&key);
        keys.insert(handle.clone(), key);
        Ok(CreatedDeviceKey { handle, public_key })
    }

    fn public_key(&self, handle: String) -> Result<Vec<u8>, VidiError> {
        Ok(spki(&self.key(&handle)?))
    }

    fn sign(&self, handle: String, prehash: Vec<u8>) -> Result<Vec<u8>, VidiError> {
        let signature: Signature = self.key(&handle)?.sign_prehash(&prehash).unwrap();
        Ok(signature.to_der().as_bytes().to_vec())
    }

    fn delete(&self, handle: String) -> Result<(), VidiError> {
        self.keys.lock().unwrap().remove(&handle);
        self.deleted.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[test]
fn platform_device_keys_sign_presentations() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(DerKeyStore::default());
    let wallet = Wallet::create(
        path(&dir, "wallet.db"),
        memory_key_provider(),
        Some(store.clone()),
    )
    .unwrap();
    let ids = wallet.add_sample_documents().unwrap();
    let made = store.keys.lock().unwrap().len();
    assert!(made >= 3, "one key per credential, {made} made");
    let shown = wallet
        .present(ids[0].clone(), checkpoint(), None, None)
        .unwrap();
    assert_eq!(verify_sample(&shown.payload).len(), 3);
    wallet.delete_document(ids[0].clone()).unwrap();
    assert!(store.deleted.load(Ordering::SeqCst) > 0);

    // Core's in-memory store through the same trait.
    let memory = Wallet::create(
        path(&dir, "memory.db"),
        memory_key_provider(),
        Some(memory_device_key_store()),
    )
    .unwrap();
    let ids = memory.add_sample_documents().unwrap();
    let shown = memory
        .present(
            ids[2].clone(),
            Disclose::Preset {
                name: "hospital".into(),
            },
            None,
            None,
        )
        .unwrap();
    assert_eq!(verify_sample(&shown.payload).len(), 5);
}

/// A provider the user can refuse, as a biometric prompt can be.
struct Prompted {
    inner: Arc<dyn KeyProvider>,
    refuse: AtomicBool,
}

impl KeyProvider for Prompted {
    fn kind(&self) -> String {
        "prompted".into()
    }
    fn seal(&self, secret: Vec<u8>) -> Result<Vec<u8>, VidiError> {
        self.inner.seal(secret)
    }
    fn unseal(&self, sealed: Vec<u8>) -> Result<Vec<u8>, VidiError> {
        if self.refuse.load(Ordering::SeqCst) {
            return Err(VidiError::Cancelled {
                reason: "the user closed the prompt".into(),
            });
        }
        self.inner.unseal(sealed)
    }
}

#[test]
fn the_platform_s_own_error_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let provider = Arc::new(Prompted {
        inner: memory_key_provider(),
        refuse: AtomicBool::new(false),
    });
    let wallet = Wallet::create(path(&dir, "wallet.db"), provider.clone(), None).unwrap();
    wallet.lock().unwrap();
    provider.refuse.store(true, Ordering::SeqCst);
    assert_eq!(
        wallet.unlock().unwrap_err(),
        VidiError::Cancelled {
            reason: "the user closed the prompt".into()
        }
    );
    provider.refuse.store(false, Ordering::SeqCst);
    wallet.unlock().unwrap();
    // A provider of another kind is refused before it is asked.
    let other = Wallet::open(path(&dir, "wallet.db"), memory_key_provider(), None).unwrap();
    assert!(matches!(other.unlock(), Err(VidiError::WrongKey { .. })));
}

#[test]
fn a_wallet_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Wallet>();
    assert_send_sync::<vidi_ffi::Verifier>();
    let dir = tempfile::tempdir().unwrap();
    let wallet = Wallet::create(path(&dir, "wallet.db"), memory_key_provider(), None).unwrap();
    let ids = wallet.add_sample_documents().unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let wallet = Arc::clone(&wallet);
            let id = ids[0].clone();
            std::thread::spawn(move || wallet.present(id, checkpoint(), None, None).unwrap())
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap().payload.starts_with("VD2:"));
    }
    let log = wallet.activity_log(LogFilter::default()).unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.event == ActivityEvent::Presented)
            .count(),
        4
    );
}
