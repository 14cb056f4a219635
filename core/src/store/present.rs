//! Showing a document: a fresh QR proof from the right stored credential,
//! signed by its device key, and an entry in the activity log.

use time::OffsetDateTime;

use super::Wallet;
use super::db::from_unix;
use super::document_rows::{self, CredentialRecord};
use super::documents::{DocumentId, DocumentStatus};
use super::error::{Result, StoreError};
use super::log::{self, Activity, ActivityEvent};
use crate::claims::ClaimId;
use crate::credential::CredentialKind;
use crate::document::DocumentType;
use crate::error::ProofError;
use crate::presentation::{self, Disclosure};
use crate::preset::Preset;
use crate::qr::{Ecc, QrCode};
use crate::verifier::{Policy, WALLET_REFRESH};

/// What to show.
#[derive(Debug, Clone, Copy)]
pub enum Disclose<'a> {
    /// A checkpoint's preset, from the credential kind it names.
    Preset(Preset),
    /// These claims, from the smallest credential of the document that
    /// carries them all.
    Claims(&'a [ClaimId]),
}

/// A proof ready to show.
#[derive(Debug, Clone)]
pub struct PresentationOutput {
    /// The proof text (`VD1:` + Base45).
    pub text: String,
    /// Its QR code at error correction M.
    pub qr: QrCode,
    /// The credential kind it was made from.
    pub kind: CredentialKind,
    /// The claims it discloses, in the order asked for (the preset's order).
    pub claims: Vec<ClaimId>,
    /// When it was made (the time it carries).
    pub made_at: OffsetDateTime,
    /// When the wallet should draw a new one.
    pub refresh_at: OffsetDateTime,
    /// When verifiers stop accepting it (or the credential expires, if sooner).
    pub expires_at: OffsetDateTime,
}

/// Picks the credential to show `claims` from (or the preset's kind):
/// unexpired, of the kind with the fewest slots, held with its device key;
/// among batch copies of that kind, one at random, so that two verifiers
/// rarely see the same copy (same issuer signature, same device key) and
/// cannot link the two presentations by it.
fn choose(
    credentials: Vec<(Option<String>, CredentialRecord)>,
    kind: Option<CredentialKind>,
    claims: &[ClaimId],
    now: u32,
) -> Result<(Option<String>, CredentialRecord)> {
    let fits: Vec<_> = credentials
        .into_iter()
        .filter(|(_, r)| {
            let k = r.credential.kind;
            match kind {
                Some(kind) => k == kind,
                None => {
                    let slots = k.slots();
                    claims.iter().all(|c| slots.contains(c))
                }
            }
        })
        .collect();
    if fits.is_empty() {
        return Err(StoreError::NoSuitableCredential);
    }
    let live: Vec<_> = fits
        .into_iter()
        .filter(|(_, r)| r.credential.expires_at > now)
        .collect();
    let best = live
        .iter()
        .map(|(handle, r)| (r.credential.kind.slot_count(), handle.is_none()))
        .min()
        .ok_or(StoreError::CredentialExpired)?;
    let mut copies: Vec<_> = live
        .into_iter()
        .filter(|(handle, r)| (r.credential.kind.slot_count(), handle.is_none()) == best)
        .collect();
    let mut random = [0u8; 4];
    crate::keys::random_bytes(&mut random)?;
    let pick = u32::from_le_bytes(random) as usize % copies.len();
    Ok(copies.swap_remove(pick))
}

impl Wallet {
    /// Makes a proof of document `id` at `now` disclosing `disclose`, for a
    /// verifier's `nonce` and `audience` when given, and logs it.
    ///
    /// Refuses a document that needs re-binding ([`StoreError::NeedsRebinding`]),
    /// one last known as revoked, and one whose credential has expired
    /// ([`StoreError::CredentialExpired`]).
    pub fn present(
        &mut self,
        id: &DocumentId,
        disclose: Disclose<'_>,
        nonce: Option<&[u8]>,
        audience: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<PresentationOutput> {
        let row = self.checked_row(id)?;
        let vault = self.vault()?;
        if row.needs_rebinding {
            return Err(StoreError::NeedsRebinding);
        }
        let status =
            document_rows::open_status(vault, &row).map_err(|e| e.in_record("status", &row.id))?;
        if status.status == DocumentStatus::Revoked {
            return Err(StoreError::Revoked);
        }
        let credentials = document_rows::credentials_of(&self.conn, &row.id)?
            .iter()
            .map(|c| {
                Ok((
                    c.device_key.clone(),
                    vault
                        .decrypt(&c.record, "credential")
                        .map_err(|e: StoreError| e.in_record("credential", &row.id))?,
                ))
            })
            .collect::<Result<Vec<(Option<String>, CredentialRecord)>>>()?;
        let (kind, claims, preset) = match disclose {
            Disclose::Preset(p) => (Some(p.kind()), p.claims(), Some(p)),
            Disclose::Claims(c) => (None, c, None),
        };
        let at = u32::try_from(now.unix_timestamp()).map_err(|_| StoreError::TimeRange)?;
        let (handle, chosen) = choose(credentials, kind, claims, at)?;
        let handle = handle.ok_or(StoreError::NeedsRebinding)?;
        let credential = chosen.credential;
        let disclosure = Disclosure {
            claims,
            nonce,
            audience,
        };
        let text = self.with_signer(&handle, |signer| {
            if signer.public_key()? != credential.device_key {
                return Err(ProofError::WrongDeviceKey.into());
            }
            Ok(presentation::present(&credential, &disclosure, at, signer)?)
        })?;
        let qr = QrCode::alphanumeric(&text, Ecc::M)?;

        let mut activity = Activity::new(ActivityEvent::Presented);
        activity.document_id = Some(id.clone());
        activity.document_type = DocumentType::from_code(&row.doc_type);
        activity.claims = claims.iter().map(|c| c.name()).collect();
        activity.preset = preset;
        activity.audience = audience.map(str::to_owned);
        let tx = self.conn.transaction()?;
        log::append(&tx, &self.meta.recipient, &activity, now)?;
        log::prune(&tx, self.settings.log_retention_days, now)?;
        tx.commit()?;

        let made_at = from_unix(i64::from(at))?;
        let credential_end = from_unix(i64::from(credential.expires_at))?;
        Ok(PresentationOutput {
            text,
            qr,
            kind: credential.kind,
            claims: claims.to_vec(),
            made_at,
            refresh_at: made_at + WALLET_REFRESH,
            expires_at: (made_at + Policy::default().max_age).min(credential_end),
        })
    }
}
