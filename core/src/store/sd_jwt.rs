//! A document's SD-JWT VCs (`docs/online.md`): kept beside its Vidi
//! credentials as credential rows of format `dc+sd-jwt`, each bound to its
//! own device key, encrypted like every record and covered by the document
//! row's MAC. They are stored only while the wallet is unlocked, and only
//! for a document it already holds: a document that arrives while locked
//! comes without them (the merge refuses one that has any).

use rusqlite::TransactionBehavior;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::Wallet;
use super::device_keys::{self, DeviceKeyHandle};
use super::document_rows::{self, DocumentRecord, SD_JWT_FORMAT, SdJwtRecord};
use super::documents::{DocumentId, DocumentStatus};
use super::error::{Result, StoreError};
use super::integrity::State;
use super::log::{self, Activity, ActivityEvent};
use crate::document::DocumentType;
use crate::sdjwt::{self, SdJwtError, SdJwtVc};

/// An SD-JWT VC to store, with the device key it is bound to (made by
/// [`Wallet::create_device_key`]).
#[derive(Debug, Clone)]
pub struct NewSdJwt {
    /// The credential, as issued.
    pub credential: SdJwtVc,
    /// Its device key.
    pub device_key: DeviceKeyHandle,
}

/// An SD-JWT VC the wallet holds. Its `Debug` shows no claim value.
#[derive(Debug, Clone)]
pub struct HeldSdJwt {
    /// Its id in the wallet.
    pub id: String,
    /// Its device key; `None` when the key is not in this wallet.
    pub device_key: Option<DeviceKeyHandle>,
    /// The credential.
    pub credential: SdJwtVc,
}

impl From<SdJwtError> for StoreError {
    fn from(e: SdJwtError) -> Self {
        match e {
            SdJwtError::Key(k) => k.into(),
            SdJwtError::Document(p) => Self::Proof(p),
            SdJwtError::KeyMismatch => Self::CredentialMismatch("device key"),
            SdJwtError::NoSuchClaim(_) => Self::NoSuitableCredential,
            _ => Self::CorruptRecord("SD-JWT VC"),
        }
    }
}

impl Wallet {
    /// Stores `credentials` as the SD-JWT VCs of document `id` (which the
    /// wallet holds, unlocked), replacing any it had. Each must be of the
    /// document's `vct`, bound to a device key of this wallet that no other
    /// credential uses. The device keys of the replaced ones are deleted.
    pub fn add_sd_jwt_credentials(
        &mut self,
        id: &DocumentId,
        credentials: Vec<NewSdJwt>,
        now: OffsetDateTime,
    ) -> Result<()> {
        let row = self.checked_row(id)?;
        let vault = self.vault()?;
        let record: DocumentRecord = vault
            .decrypt(&row.record, "document")
            .map_err(|e: StoreError| e.in_record("document", &row.id))?;
        let vct = sdjwt::vct(record.doc_type());
        for new in &credentials {
            if new.credential.vct() != vct {
                return Err(StoreError::CredentialMismatch("SD-JWT VC type"));
            }
            if device_keys::get(&self.conn, new.device_key.as_str())?.is_none() {
                return Err(StoreError::NotFound("device key"));
            }
            let used: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM credentials WHERE device_key = ?1)",
                [new.device_key.as_str()],
                |r| r.get(0),
            )?;
            let public = self.with_signer(new.device_key.as_str(), |s| Ok(s.public_key()?))?;
            if used || public != new.credential.device_key() {
                return Err(StoreError::CredentialMismatch("device key"));
            }
        }
        let vault = self.vault.as_ref().ok_or(StoreError::Locked)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut state = State::load(&tx, vault.mac())?;
        // The row as checked above, in this transaction.
        state.check(
            &tx,
            vault.mac(),
            &document_rows::document(&tx, id.as_str())?,
        )?;
        let old: Vec<String> = document_rows::sd_jwt_of(&tx, id.as_str())?
            .into_iter()
            .filter_map(|c| c.device_key)
            .collect();
        tx.execute(
            "DELETE FROM credentials WHERE document_id = ?1 AND format = ?2",
            [id.as_str(), SD_JWT_FORMAT],
        )?;
        for new in &credentials {
            let record = SdJwtRecord {
                sd_jwt: Zeroizing::new(new.credential.as_str().to_owned()),
                device_key: new.device_key.clone(),
            };
            document_rows::insert_sd_jwt(&tx, &self.meta.recipient, id.as_str(), &record, now)?;
        }
        state.seal(&tx, vault.mac(), id.as_str())?;
        state.store(&tx, vault.mac())?;
        let deleted = device_keys::delete_unused(&tx, &old)?;
        tx.commit()?;
        self.forget_deleted_keys(deleted);
        Ok(())
    }

    /// The SD-JWT VCs of document `id`, in the order they were stored.
    pub fn sd_jwt_credentials(&self, id: &DocumentId) -> Result<Vec<HeldSdJwt>> {
        let row = self.checked_row(id)?;
        let vault = self.vault()?;
        document_rows::sd_jwt_of(&self.conn, &row.id)?
            .into_iter()
            .map(|stored| {
                let record: SdJwtRecord = vault
                    .decrypt(&stored.record, "credential")
                    .map_err(|e: StoreError| e.in_record("credential", &row.id))?;
                let credential = SdJwtVc::parse(&record.sd_jwt).map_err(|_| {
                    StoreError::CorruptRecord("credential").in_record("credential", &row.id)
                })?;
                Ok(HeldSdJwt {
                    id: stored.id,
                    device_key: stored.device_key.map(DeviceKeyHandle::new),
                    credential,
                })
            })
            .collect()
    }

    /// A presentation of document `id`'s SD-JWT VC disclosing `claims`
    /// (machine names) to `audience` for its `nonce`, made at `now` with a
    /// key binding JWT, and logged. A copy is chosen at random among those
    /// not expired, so that verifiers who pool what they receive see
    /// different copies.
    ///
    /// Refuses a document that needs re-binding, one last known as revoked,
    /// one with no SD-JWT VC ([`StoreError::NoSuitableCredential`]) and one
    /// whose SD-JWT VCs have all expired ([`StoreError::CredentialExpired`]).
    pub fn present_sd_jwt(
        &mut self,
        id: &DocumentId,
        claims: &[&str],
        audience: &str,
        nonce: &str,
        now: OffsetDateTime,
    ) -> Result<Zeroizing<String>> {
        self.present_sd_jwt_to(id, claims, audience, None, nonce, now)
    }

    /// As [`Wallet::present_sd_jwt`], logging the online service's name
    /// (as its attestation proved it) with the audience.
    pub fn present_sd_jwt_to(
        &mut self,
        id: &DocumentId,
        claims: &[&str],
        audience: &str,
        service: Option<&str>,
        nonce: &str,
        now: OffsetDateTime,
    ) -> Result<Zeroizing<String>> {
        let row = self.checked_row(id)?;
        if row.needs_rebinding {
            return Err(StoreError::NeedsRebinding);
        }
        let status = document_rows::open_status(self.vault()?, &row)
            .map_err(|e| e.in_record("status", &row.id))?;
        if status.status == DocumentStatus::Revoked {
            return Err(StoreError::Revoked);
        }
        let held = self.sd_jwt_credentials(id)?;
        if held.is_empty() {
            return Err(StoreError::NoSuitableCredential);
        }
        let mut live: Vec<HeldSdJwt> = held
            .into_iter()
            .filter(|h| h.credential.expires_at() > now && h.device_key.is_some())
            .collect();
        if live.is_empty() {
            return Err(StoreError::CredentialExpired);
        }
        let mut random = [0u8; 4];
        crate::keys::random_bytes(&mut random)?;
        let chosen = live.swap_remove(u32::from_le_bytes(random) as usize % live.len());
        let handle = chosen.device_key.ok_or(StoreError::NeedsRebinding)?;
        let text = self.with_signer(handle.as_str(), |signer| {
            Ok(chosen
                .credential
                .present(claims, audience, nonce, now, signer)?)
        })?;

        let mut activity = Activity::new(ActivityEvent::Presented);
        activity.document_id = Some(id.clone());
        activity.document_type = DocumentType::from_code(&row.doc_type);
        activity.claims = claims.iter().map(|c| (*c).to_owned()).collect();
        activity.audience = Some(audience.to_owned());
        activity.service = service.map(str::to_owned);
        let tx = self.conn.transaction()?;
        log::append(&tx, &self.meta.recipient, &activity, now)?;
        log::prune(&tx, self.settings.log_retention_days, now)?;
        tx.commit()?;
        Ok(text)
    }
}
