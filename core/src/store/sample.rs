//! Filling a wallet from a citizen's documents through an issuer, with no
//! issuance server: for the CLI, demos, tests and benchmarks.

use time::OffsetDateTime;

use super::Wallet;
use super::device_keys::create_key;
use super::documents::{AddOutcome, NewCredential, NewDocument};
use super::error::Result;
use super::holdings::add_in_tx;
use crate::credential::CredentialKind;
use crate::document::Document;
use crate::document::{
    DocumentError, DrivingLicence, HealthInsuranceCard, NationalIdCard,
    sample::try_reference_citizen,
};
use crate::issuer::Issuer;
use crate::keys::random_bytes;
use crate::sample::TEST_STATUS_LIST_LEN;

/// A citizen's documents: the national ID card, and the licence and health
/// card when the citizen has them.
#[derive(Debug, Clone)]
pub struct CitizenDocuments {
    /// Thẻ căn cước.
    pub national_id: NationalIdCard,
    /// Giấy phép lái xe.
    pub licence: Option<DrivingLicence>,
    /// Thẻ bảo hiểm y tế.
    pub health: Option<HealthInsuranceCard>,
}

impl CitizenDocuments {
    /// The reference citizen's three documents.
    pub fn reference() -> Result<Self, DocumentError> {
        let (national_id, licence, health) = try_reference_citizen()?;
        Ok(Self {
            national_id,
            licence: Some(licence),
            health: Some(health),
        })
    }

    /// Each document with the credential kinds issued for it, its main kind
    /// first: the national ID with age over 16, 18 and 21 and the
    /// `checkpoint-id` preset's kind; the licence with one credential per
    /// class it lists and the `traffic-stop` kind; the health card with the
    /// `hospital` kind.
    pub fn with_kinds(&self) -> Vec<(Document, Vec<CredentialKind>)> {
        let mut out = vec![(
            Document::NationalId(self.national_id.clone()),
            vec![
                CredentialKind::NationalId,
                CredentialKind::AgeOver(16),
                CredentialKind::AgeOver(18),
                CredentialKind::AgeOver(21),
                CredentialKind::CheckpointId,
            ],
        )];
        if let Some(licence) = &self.licence {
            let mut kinds = vec![CredentialKind::DrivingLicence];
            kinds.extend(
                licence
                    .classes()
                    .iter()
                    .map(|c| CredentialKind::LicenceClass(c.class)),
            );
            kinds.push(CredentialKind::TrafficStop);
            out.push((Document::DrivingLicence(licence.clone()), kinds));
        }
        if let Some(health) = &self.health {
            out.push((
                Document::HealthInsurance(health.clone()),
                vec![CredentialKind::HealthInsurance, CredentialKind::Hospital],
            ));
        }
        out
    }
}

fn random_status_index() -> Result<u32> {
    let mut bytes = [0u8; 4];
    random_bytes(&mut bytes)?;
    Ok(u32::from_le_bytes(bytes) % TEST_STATUS_LIST_LEN as u32)
}

impl Wallet {
    /// Has `issuer` issue every credential kind for `documents` at `now`,
    /// each bound to a new device key of its own, and adds them: one
    /// transaction for the keys, documents and log entries. Works while
    /// locked (the documents are then pending).
    pub fn add_sample_citizen(
        &mut self,
        issuer: &Issuer,
        documents: CitizenDocuments,
        now: OffsetDateTime,
    ) -> Result<Vec<AddOutcome>> {
        let tx = self.conn.transaction()?;
        let mut outcomes = Vec::new();
        let mut deleted = Vec::new();
        for (document, kinds) in documents.with_kinds() {
            let mut credentials = Vec::new();
            for kind in kinds {
                let (handle, public) =
                    create_key(&tx, self.platform_keys.as_ref(), &self.meta.recipient, now)?;
                let credential =
                    issuer.issue(kind, &document, public, random_status_index()?, now)?;
                credentials.push(NewCredential {
                    credential,
                    device_key: handle,
                });
            }
            let new = NewDocument {
                issuer: issuer.name.clone(),
                document,
                credentials,
            };
            let (outcome, gone) = add_in_tx(
                &tx,
                &self.meta.recipient,
                self.vault.as_ref(),
                self.settings.log_retention_days,
                &new,
                now,
            )?;
            outcomes.push(outcome);
            deleted.extend(gone);
        }
        tx.commit()?;
        self.forget_deleted_keys(deleted);
        Ok(outcomes)
    }
}
