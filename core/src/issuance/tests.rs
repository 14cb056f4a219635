//! Issuance checks that need no server: configurations, credential checks,
//! grouping into documents.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;

use time::macros::datetime;

use super::*;
use crate::document::citizens::citizen;
use crate::format::Format;
use crate::http::NetworkProblem;
use crate::keys::{DeviceSigner as _, IssuerKey, SoftwareDeviceKey};
use crate::oid4vci::{
    CREDENTIAL_FORMAT, CREDENTIAL_FORMAT_V2, CredentialConfiguration, Grants, ProofType,
};
use crate::sample::{test_issuer, test_trust_list};

fn config(kind: CredentialKind) -> CredentialConfiguration {
    CredentialConfiguration {
        format: CREDENTIAL_FORMAT_V2.into(),
        vidi_kind: kind.name(),
        vct: None,
        cryptographic_binding_methods_supported: vec!["jwk".into()],
        credential_signing_alg_values_supported: vec!["ES256".into()],
        proof_types_supported: BTreeMap::from([(
            "jwt".to_owned(),
            ProofType {
                proof_signing_alg_values_supported: vec!["ES256".into()],
            },
        )]),
        display: Vec::new(),
    }
}

fn metadata(kinds: &[CredentialKind]) -> IssuerMetadata {
    IssuerMetadata {
        credential_issuer: "http://127.0.0.1:1".into(),
        authorization_servers: Vec::new(),
        credential_endpoint: "http://127.0.0.1:1/credential".into(),
        nonce_endpoint: "http://127.0.0.1:1/nonce".into(),
        batch_credential_issuance: None,
        credential_configurations_supported: kinds
            .iter()
            .map(|k| (format!("vidi_{}", k.name()), config(*k)))
            .collect(),
        display: Vec::new(),
    }
}

fn offer(ids: &[&str]) -> CredentialOffer {
    CredentialOffer {
        credential_issuer: "http://127.0.0.1:1".into(),
        credential_configuration_ids: ids.iter().map(|s| (*s).to_owned()).collect(),
        grants: Grants::default(),
    }
}

#[test]
fn every_kind_name_reads_back() {
    let mut kinds = vec![
        CredentialKind::NationalId,
        CredentialKind::DrivingLicence,
        CredentialKind::HealthInsurance,
        CredentialKind::AgeOver(16),
        CredentialKind::AgeOver(120),
        CredentialKind::CheckpointId,
        CredentialKind::TrafficStop,
        CredentialKind::Hospital,
    ];
    kinds.extend(LicenceClass::ALL.map(CredentialKind::LicenceClass));
    for kind in kinds {
        assert_eq!(kind_from_name(&kind.name()), Some(kind), "{}", kind.name());
    }
    assert_eq!(kind_from_name("age-over-0"), None);
    assert_eq!(kind_from_name("passport"), None);
}

#[test]
fn offered_configurations_resolve_or_are_refused() {
    let meta = metadata(&[
        CredentialKind::NationalId,
        CredentialKind::AgeOver(18),
        CredentialKind::HealthInsurance,
        CredentialKind::Hospital,
    ]);
    let ok = resolve_offered(&offer(&["vidi_national-id", "vidi_age-over-18"]), &meta).unwrap();
    assert_eq!(
        ok.iter().map(|o| o.kind).collect::<Vec<_>>(),
        [CredentialKind::NationalId, CredentialKind::AgeOver(18)]
    );
    let refused = |ids: &[&str], meta: &IssuerMetadata| match resolve_offered(&offer(ids), meta) {
        Err(IssuanceError::InvalidOffer(reason)) => reason,
        other => panic!("{:?}", other.map(|o| o.len())),
    };
    assert_eq!(refused(&[], &meta), "it offers no credential");
    assert!(refused(&["vidi_passport"], &meta).contains("does not describe"));
    assert!(refused(&["vidi_age-over-18"], &meta).contains("without its document's main"));
    let mut other_format = meta.clone();
    if let Some(c) = other_format
        .credential_configurations_supported
        .get_mut("vidi_health-insurance")
    {
        c.format = "dc+sd-jwt".into();
    }
    assert!(refused(&["vidi_health-insurance"], &other_format).contains("format"));
    // Format 1 credentials are still taken; format 1 has no preset kinds.
    let mut format_1 = meta.clone();
    for c in format_1.credential_configurations_supported.values_mut() {
        c.format = CREDENTIAL_FORMAT.into();
    }
    let ok = resolve_offered(&offer(&["vidi_health-insurance"]), &format_1).unwrap();
    assert_eq!(ok[0].format, Format::V1);
    assert!(
        refused(&["vidi_health-insurance", "vidi_hospital"], &format_1)
            .contains("kind its format does not have")
    );
}

struct Fixture {
    key: SoftwareDeviceKey,
    trust: TrustList,
    now: OffsetDateTime,
    documents: Vec<crate::document::Document>,
}

fn fixture() -> Fixture {
    let now = datetime!(2026-06-01 08:00 UTC);
    let person = citizen(1, 0, now.date()).unwrap();
    Fixture {
        key: SoftwareDeviceKey::from_seed(b"issuance-test").unwrap(),
        trust: test_trust_list(&test_issuer().unwrap()),
        now,
        documents: vec![
            crate::document::Document::NationalId(person.national_id),
            crate::document::Document::DrivingLicence(person.driving_licence.unwrap()),
        ],
    }
}

#[test]
fn credentials_are_checked_before_anything_is_stored() {
    let f = fixture();
    let issuer = test_issuer().unwrap();
    let public = f.key.public_key().unwrap();
    let good = issuer
        .issue(
            CredentialKind::NationalId,
            &f.documents[0],
            public,
            3,
            f.now,
        )
        .unwrap();
    check_credential(&good, CredentialKind::NationalId, &public, &f.trust, f.now).unwrap();

    let reason = |r: Result<(), IssuanceError>| match r {
        Err(IssuanceError::InvalidCredential(reason)) => reason,
        other => panic!("{other:?}"),
    };
    assert!(
        reason(check_credential(
            &good,
            CredentialKind::AgeOver(18),
            &public,
            &f.trust,
            f.now
        ))
        .contains("kind")
    );
    let other_key = SoftwareDeviceKey::from_seed(b"other")
        .unwrap()
        .public_key()
        .unwrap();
    assert!(
        reason(check_credential(
            &good,
            CredentialKind::NationalId,
            &other_key,
            &f.trust,
            f.now
        ))
        .contains("another key")
    );
    // Signed by a key the trust list does not hold, under the trusted kid.
    let impostor = crate::issuer::Issuer {
        key: IssuerKey::from_seed(issuer.key.kid(), b"impostor").unwrap(),
        name: "impostor".into(),
        validity: issuer.validity,
    };
    let forged = impostor
        .issue(
            CredentialKind::NationalId,
            &f.documents[0],
            public,
            3,
            f.now,
        )
        .unwrap();
    assert!(
        reason(check_credential(
            &forged,
            CredentialKind::NationalId,
            &public,
            &f.trust,
            f.now
        ))
        .contains("signature")
    );
    // A claim changed after signing.
    let mut altered = good.clone();
    altered.status_index = 4;
    assert!(
        reason(check_credential(
            &altered,
            CredentialKind::NationalId,
            &public,
            &f.trust,
            f.now
        ))
        .contains("signature")
    );
    assert!(
        reason(check_credential(
            &good,
            CredentialKind::NationalId,
            &public,
            &TrustList::default(),
            f.now
        ))
        .contains("trust list")
    );
    let later = f.now + time::Duration::days(40);
    assert!(
        reason(check_credential(
            &good,
            CredentialKind::NationalId,
            &public,
            &f.trust,
            later
        ))
        .contains("expired")
    );
    // An expired credential refuses its document, not the whole offer.
    assert_eq!(
        credential_refusal(&good, CredentialKind::NationalId, &public, &f.trust, later),
        Err(DocumentRefusal::Expired)
    );
}

/// Which failures refuse one document and which stop the whole offer.
#[test]
fn refusals_of_one_document_are_told_from_failures_of_the_offer() {
    let refused = |error: &str| IssuanceError::ServerRefused {
        endpoint: Endpoint::Credential,
        status: 400,
        error: error.into(),
        description: Some("cannot issue".into()),
    };
    assert_eq!(
        DocumentRefusal::of(refused("invalid_credential_request")).unwrap(),
        DocumentRefusal::IssuerRefused {
            status: 400,
            error: "invalid_credential_request".into(),
            description: Some("cannot issue".into()),
        }
    );
    assert_eq!(
        DocumentRefusal::of(IssuanceError::InvalidCredential("x")).unwrap(),
        DocumentRefusal::InvalidCredential("x")
    );
    for whole in [
        refused("invalid_token"),
        refused("invalid_proof"),
        IssuanceError::Network {
            endpoint: Endpoint::Credential,
            problem: NetworkProblem::Timeout,
        },
        IssuanceError::Cancelled,
    ] {
        let code = whole.code();
        assert_eq!(DocumentRefusal::of(whole).unwrap_err().code(), code);
    }
    // Told back as the error it was when nothing else came.
    let expired: IssuanceError = DocumentRefusal::Expired.into();
    assert!(expired.to_string().contains("expired"), "{expired}");
    assert_eq!(DocumentRefusal::Expired.code(), "expired");
}

#[test]
fn documents_are_rebuilt_from_their_main_credential() {
    let f = fixture();
    let issuer = test_issuer().unwrap();
    let public = f.key.public_key().unwrap();
    let received = |kind, document: &crate::document::Document| Received {
        credential: issuer.issue(kind, document, public, 1, f.now).unwrap(),
        device_key: DeviceKeyHandle::new("k"),
    };
    let new = new_document(
        "http://issuer",
        DocumentType::NationalId,
        vec![
            received(CredentialKind::AgeOver(18), &f.documents[0]),
            received(CredentialKind::NationalId, &f.documents[0]),
            received(CredentialKind::NationalId, &f.documents[0]),
        ],
    )
    .unwrap();
    assert_eq!(new.credentials.len(), 3);
    assert!(document::same_document(&new.document, &f.documents[0]));

    let missing = new_document(
        "http://issuer",
        DocumentType::NationalId,
        vec![received(CredentialKind::AgeOver(18), &f.documents[0])],
    );
    assert!(matches!(missing, Err(IssuanceError::InvalidCredential(_))));

    // Two main credentials of different people under one document.
    let someone_else = citizen(1, 7, f.now.date()).unwrap();
    let mixed = new_document(
        "http://issuer",
        DocumentType::NationalId,
        vec![
            received(CredentialKind::NationalId, &f.documents[0]),
            received(
                CredentialKind::NationalId,
                &crate::document::Document::NationalId(someone_else.national_id),
            ),
        ],
    );
    assert!(matches!(mixed, Err(IssuanceError::InvalidCredential(_))));
}

#[test]
fn the_issuance_future_can_be_spawned_on_a_thread_pool() {
    fn assert_send<T: Send>(_: &T) {}
    let dir = tempfile::tempdir().unwrap();
    let key = crate::store::MemoryKeyProvider::generate();
    let mut wallet = Wallet::create(dir.path().join("w.db"), &key).unwrap();
    let mut progress = |_: IssuanceStep| {};
    let options = IssuanceOptions {
        progress: Some(&mut progress),
        ..IssuanceOptions::default()
    };
    let future = accept_offer(&mut wallet, "{}", None, options);
    assert_send(&future);
}

#[tokio::test]
async fn offers_that_cannot_be_read_are_refused_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let key = crate::store::MemoryKeyProvider::generate();
    let mut wallet = Wallet::create(dir.path().join("w.db"), &key).unwrap();
    let mut run = async |link: &str, pin: Option<&str>| {
        accept_offer(&mut wallet, link, pin, IssuanceOptions::default())
            .await
            .unwrap_err()
    };
    assert!(matches!(
        run("https://example.invalid", None).await,
        IssuanceError::InvalidOffer("not a credential offer link")
    ));
    assert!(matches!(
        run("{\"credential_issuer\": 3}", None).await,
        IssuanceError::InvalidOffer("the offer is not valid JSON")
    ));
    let by_ref = OfferLink::ByReference("http://issuer.example/offers/1".into()).to_link();
    assert!(matches!(
        run(&by_ref, None).await,
        IssuanceError::InvalidOffer(reason) if reason.contains("HTTPS")
    ));
    let mut no_grant = offer(&["vidi_national-id"]);
    let json = serde_json::to_string(&no_grant).unwrap();
    assert!(matches!(
        run(&json, None).await,
        IssuanceError::InvalidOffer("it has no pre-authorized code grant")
    ));
    no_grant.grants.pre_authorized_code = Some(crate::oid4vci::PreAuthorizedCodeGrant {
        code: "secret-code".into(),
        tx_code: Some(crate::oid4vci::TxCode {
            input_mode: Some("numeric".into()),
            length: Some(6),
            description: None,
        }),
    });
    let json = serde_json::to_string(&no_grant).unwrap();
    assert!(matches!(run(&json, None).await, IssuanceError::PinRequired));
    // Nothing answers on port 1: a network error that names no URL or code.
    let error = run(&json, Some("123456")).await;
    assert!(
        matches!(
            error,
            IssuanceError::Network {
                endpoint: Endpoint::IssuerMetadata,
                problem: NetworkProblem::Connect
            }
        ),
        "{error}"
    );
    let text = error.to_string();
    assert!(
        !text.contains("127.0.0.1") && !text.contains("secret-code"),
        "{text}"
    );
    // A cancelled issuance stops before its first step.
    let cancel = CancelFlag::new();
    cancel.cancel();
    let options = IssuanceOptions {
        cancel: Some(cancel),
        ..IssuanceOptions::default()
    };
    assert!(matches!(
        accept_offer(&mut wallet, &json, Some("1"), options).await,
        Err(IssuanceError::Cancelled)
    ));
    assert!(wallet.list_documents().unwrap().is_empty());
}
