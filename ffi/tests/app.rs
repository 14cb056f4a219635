//! What the app shells read from the exported API without a server: the
//! card layout of each sample document, what a presentation says it shows,
//! and a wallet sealed with the app PIN over a platform key provider.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use vidi_ffi::{
    CardTheme, Disclose, DocumentType, VidiError, Wallet, memory_key_provider, pin_key_provider,
};

fn path(dir: &tempfile::TempDir, name: &str) -> String {
    dir.path().join(name).to_string_lossy().into_owned()
}

#[test]
fn every_sample_document_has_its_card() {
    let dir = tempfile::tempdir().unwrap();
    let wallet = Wallet::create(path(&dir, "w.db"), memory_key_provider(), None).unwrap();
    let ids = wallet.add_sample_documents().unwrap();
    assert_eq!(ids.len(), 3);
    for id in ids {
        let details = wallet.document(id).unwrap();
        let card = &details.card;
        assert_eq!(card.header_vi[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        assert_eq!(card.header_en[1], "Independence - Freedom - Happiness");
        let theme = match details.summary.document_type {
            DocumentType::NationalId => CardTheme::NationalId,
            DocumentType::DrivingLicence => CardTheme::DrivingLicence,
            DocumentType::HealthInsurance => CardTheme::HealthInsurance,
        };
        assert_eq!(card.theme, theme);
        // The card prints every field of the document once, with the same values.
        let mut printed: Vec<_> = std::iter::once(&card.number)
            .chain(&card.portrait)
            .chain(&card.front)
            .chain(&card.back)
            .map(|f| (f.claim.clone(), f.value.clone()))
            .collect();
        let mut fields: Vec<_> = details
            .fields
            .iter()
            .map(|f| (f.claim.clone(), f.value.clone()))
            .collect();
        printed.sort();
        fields.sort();
        assert_eq!(printed, fields);
        if theme == CardTheme::DrivingLicence {
            assert_eq!(card.title_vi, "GIẤY PHÉP LÁI XE");
            assert_eq!(
                (card.number.label_vi.as_str(), card.number.label_en.as_str()),
                ("Số", "No.")
            );
        }
    }
}

#[test]
fn a_presentation_says_what_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let wallet = Wallet::create(path(&dir, "w.db"), memory_key_provider(), None).unwrap();
    let ids = wallet.add_sample_documents().unwrap();
    let card = ids
        .iter()
        .find(|id| {
            wallet
                .document((*id).clone())
                .unwrap()
                .summary
                .document_type
                == DocumentType::NationalId
        })
        .unwrap();
    let shown = wallet
        .present(
            card.clone(),
            Disclose::Preset {
                name: "age-18".into(),
            },
            None,
            None,
        )
        .unwrap();
    assert_eq!(shown.document_type, DocumentType::NationalId);
    let names: Vec<&str> = shown.claims.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["age_over_18"]);
    assert_eq!(shown.claims[0].label_vi, "Đủ 18 tuổi");
    let shown = wallet
        .present(
            card.clone(),
            Disclose::Claims {
                names: vec!["full_name".into(), "date_of_birth".into()],
            },
            None,
            None,
        )
        .unwrap();
    let names: Vec<&str> = shown.claims.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["full_name", "date_of_birth"]);
}

#[test]
fn a_pin_wallet_opens_with_the_pin_only() {
    let dir = tempfile::tempdir().unwrap();
    let platform = memory_key_provider();
    let file = path(&dir, "w.db");
    let wallet = Wallet::create(
        file.clone(),
        pin_key_provider(platform.clone(), "246810".into(), Some(2)),
        None,
    )
    .unwrap();
    assert_eq!(wallet.key_provider_kind().unwrap(), "pin+memory");
    wallet.add_sample_documents().unwrap();
    drop(wallet);

    let wrong = Wallet::open(
        file.clone(),
        pin_key_provider(platform.clone(), "135790".into(), Some(2)),
        None,
    )
    .unwrap();
    assert_eq!(
        wrong.unlock().unwrap_err(),
        VidiError::WrongKey {
            reason: "wrong PIN".into()
        }
    );
    assert!(!wrong.is_unlocked().unwrap());
    let right = Wallet::open(
        file,
        pin_key_provider(platform, "246810".into(), Some(2)),
        None,
    )
    .unwrap();
    right.unlock().unwrap();
    assert_eq!(right.list_documents().unwrap().len(), 3);
}
