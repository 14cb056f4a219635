//! What the issuer offers: one OpenID4VCI credential configuration per Vidi
//! credential kind, one `dc+sd-jwt` configuration (SD-JWT VC) per document
//! type, and the two metadata documents.

use std::collections::BTreeMap;

use vidi_core::credential::CredentialKind;
use vidi_core::document::{DocumentType, LicenceClass};
use vidi_core::issuance::main_kind;
use vidi_core::oid4vci::{
    AuthorizationServerMetadata, BatchIssuance, CREDENTIAL_FORMAT_V2, CredentialConfiguration,
    Display, IssuerMetadata, PRE_AUTHORIZED_GRANT, ProofType,
};
use vidi_core::sdjwt::{SD_JWT_VC_FORMAT, vct};

use crate::config::BATCH_SIZE;

/// The "aged N or over" credentials issued from a national ID card (as
/// core's `CitizenDocuments::with_kinds`).
pub const AGE_THRESHOLDS: [u8; 3] = [16, 18, 21];

/// Every credential kind the issuer can issue.
pub fn all_kinds() -> Vec<CredentialKind> {
    let mut kinds = vec![CredentialKind::NationalId];
    kinds.extend(AGE_THRESHOLDS.map(CredentialKind::AgeOver));
    kinds.push(CredentialKind::CheckpointId);
    kinds.push(CredentialKind::DrivingLicence);
    kinds.extend(LicenceClass::ALL.map(CredentialKind::LicenceClass));
    kinds.push(CredentialKind::TrafficStop);
    kinds.push(CredentialKind::HealthInsurance);
    kinds.push(CredentialKind::Hospital);
    kinds
}

/// The configuration id of a kind: its name with `-` turned into `_`
/// (`national_id`, `age_over_18`, `licence_class_B`, `licence_class_2008_B2`).
pub fn configuration_id(kind: CredentialKind) -> String {
    kind.name().replace('-', "_")
}

/// The kind of a configuration id.
pub fn kind_of(configuration_id: &str) -> Option<CredentialKind> {
    all_kinds()
        .into_iter()
        .find(|k| self::configuration_id(*k) == configuration_id)
}

fn display(kind: CredentialKind) -> Vec<Display> {
    let (vi, en) = match kind {
        CredentialKind::NationalId => ("Thẻ căn cước".to_owned(), "Identity card".to_owned()),
        CredentialKind::AgeOver(n) => (format!("Đủ {n} tuổi trở lên"), format!("Aged {n} or over")),
        CredentialKind::DrivingLicence => {
            ("Giấy phép lái xe".to_owned(), "Driving licence".to_owned())
        }
        CredentialKind::LicenceClass(class) => (
            format!("Giấy phép lái xe hạng {}", class.label()),
            format!("Driving licence class {}", class.label()),
        ),
        CredentialKind::HealthInsurance => (
            "Thẻ bảo hiểm y tế".to_owned(),
            "Health insurance card".to_owned(),
        ),
        CredentialKind::CheckpointId => (
            "Thẻ căn cước (kiểm tra giấy tờ)".to_owned(),
            "Identity card (identity check)".to_owned(),
        ),
        CredentialKind::TrafficStop => (
            "Giấy phép lái xe (kiểm tra giao thông)".to_owned(),
            "Driving licence (traffic stop)".to_owned(),
        ),
        CredentialKind::Hospital => (
            "Thẻ bảo hiểm y tế (khám chữa bệnh)".to_owned(),
            "Health insurance card (hospital desk)".to_owned(),
        ),
    };
    vec![
        Display {
            name: vi,
            locale: Some("vi".into()),
        },
        Display {
            name: en,
            locale: Some("en".into()),
        },
    ]
}

fn configuration(kind: CredentialKind) -> CredentialConfiguration {
    let es256 = || vec!["ES256".to_owned()];
    CredentialConfiguration {
        format: CREDENTIAL_FORMAT_V2.to_owned(),
        vidi_kind: kind.name(),
        vct: None,
        cryptographic_binding_methods_supported: vec!["jwk".to_owned()],
        credential_signing_alg_values_supported: es256(),
        proof_types_supported: BTreeMap::from([(
            "jwt".to_owned(),
            ProofType {
                proof_signing_alg_values_supported: es256(),
            },
        )]),
        display: display(kind),
    }
}

/// The `dc+sd-jwt` configuration id of a document type: its main kind's
/// configuration id + `_sd_jwt` (`national_id_sd_jwt`,
/// `driving_licence_sd_jwt`, `health_insurance_sd_jwt`).
pub fn sd_jwt_configuration_id(document: DocumentType) -> String {
    format!("{}_sd_jwt", configuration_id(main_kind(document)))
}

/// The document type of a `dc+sd-jwt` configuration id.
pub fn sd_jwt_document_of(configuration_id: &str) -> Option<DocumentType> {
    DocumentType::ALL
        .into_iter()
        .find(|d| sd_jwt_configuration_id(*d) == configuration_id)
}

/// A document type's SD-JWT VC: format `dc+sd-jwt`, its `vct`, bound to
/// the proof's key (`cnf.jwk`), ES256; named as the document's main kind.
fn sd_jwt_configuration(document: DocumentType) -> CredentialConfiguration {
    let main = main_kind(document);
    CredentialConfiguration {
        format: SD_JWT_VC_FORMAT.to_owned(),
        vct: Some(vct(document).to_owned()),
        ..configuration(main)
    }
}

/// The credential issuer metadata for issuer identifier `base`.
pub fn issuer_metadata(base: &str, issuer_name: &str) -> IssuerMetadata {
    IssuerMetadata {
        credential_issuer: base.to_owned(),
        authorization_servers: vec![base.to_owned()],
        credential_endpoint: format!("{base}/credential"),
        nonce_endpoint: format!("{base}/nonce"),
        batch_credential_issuance: Some(BatchIssuance {
            batch_size: BATCH_SIZE,
        }),
        credential_configurations_supported: all_kinds()
            .into_iter()
            .map(|k| (configuration_id(k), configuration(k)))
            .chain(DocumentType::ALL.map(|d| (sd_jwt_configuration_id(d), sd_jwt_configuration(d))))
            .collect(),
        display: vec![
            Display {
                name: "Cơ quan cấp thử nghiệm Vidi (không phải cơ quan thật)".to_owned(),
                locale: Some("vi".into()),
            },
            Display {
                name: issuer_name.to_owned(),
                locale: Some("en".into()),
            },
        ],
    }
}

/// The authorization server metadata for `base`.
pub fn authorization_server_metadata(base: &str) -> AuthorizationServerMetadata {
    AuthorizationServerMetadata {
        issuer: base.to_owned(),
        token_endpoint: format!("{base}/token"),
        pre_authorized_grant_anonymous_access_supported: true,
        grant_types_supported: vec![PRE_AUTHORIZED_GRANT.to_owned()],
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_unique_and_round_trip() {
        let kinds = all_kinds();
        // ID card, 3 ages, checkpoint-id; licence, 28 classes, traffic-stop;
        // health card, hospital.
        assert_eq!(kinds.len(), 1 + 3 + 1 + 1 + 28 + 1 + 1 + 1);
        let mut ids: Vec<String> = kinds.iter().map(|k| configuration_id(*k)).collect();
        for (kind, id) in kinds.iter().zip(&ids) {
            assert!(
                id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
                "{id}"
            );
            assert_eq!(kind_of(id), Some(*kind));
        }
        assert!(ids.contains(&"licence_class_2008_B2".to_owned()));
        assert!(ids.contains(&"age_over_18".to_owned()));
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), kinds.len());
        assert_eq!(kind_of("licence_class_2008-B2"), None);
        let meta = issuer_metadata("http://x", "n");
        assert_eq!(
            meta.credential_configurations_supported["national_id"].vidi_kind,
            "national-id"
        );
    }

    #[test]
    fn each_document_type_has_an_sd_jwt_configuration() {
        let meta = issuer_metadata("http://x", "n");
        for document in DocumentType::ALL {
            let id = sd_jwt_configuration_id(document);
            assert_eq!(sd_jwt_document_of(&id), Some(document));
            assert_eq!(kind_of(&id), None, "not a Vidi kind's id");
            let config = &meta.credential_configurations_supported[&id];
            assert_eq!(config.format, "dc+sd-jwt");
            assert_eq!(config.vct.as_deref(), Some(vct(document)));
            assert_eq!(config.vidi_kind, main_kind(document).name());
        }
        assert_eq!(
            sd_jwt_configuration_id(DocumentType::DrivingLicence),
            "driving_licence_sd_jwt"
        );
        assert_eq!(sd_jwt_document_of("national_id"), None);
        assert_eq!(
            meta.credential_configurations_supported.len(),
            all_kinds().len() + 3
        );
    }
}
