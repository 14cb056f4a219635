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
    /// The proof text (`VD2:` + Base45, or `VD1:` from a credential issued
    /// before format 2).
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

/// Picks the credential to show `claims` from (or one of the preset's
/// kinds): unexpired, of the kind with the fewest slots (format 2's preset
/// kinds before the document's claim tree), of the newest format, held with
/// its device key; among batch copies of that kind, one at random, so that
/// two verifiers rarely see the same copy (same issuer signature, same
/// device key) and cannot link the two presentations by it. A credential
/// shown whole is chosen only when every one of its claims is asked for.
fn choose(
    credentials: Vec<(Option<String>, CredentialRecord)>,
    kinds: Option<Vec<CredentialKind>>,
    claims: &[ClaimId],
    now: u32,
) -> Result<(Option<String>, CredentialRecord)> {
    let fits: Vec<_> = credentials
        .into_iter()
        .filter(|(_, r)| {
            let c = &r.credential;
            let slots = c.kind.slots();
            let carries = match &kinds {
                Some(kinds) => kinds.contains(&c.kind),
                None => claims.iter().all(|id| slots.contains(id)),
            };
            carries && (!c.is_whole() || slots.iter().all(|id| claims.contains(id)))
        })
        .collect();
    if fits.is_empty() {
        return Err(StoreError::NoSuitableCredential);
    }
    let live: Vec<_> = fits
        .into_iter()
        .filter(|(_, r)| r.credential.expires_at > now)
        .collect();
    let rank = |handle: &Option<String>, r: &CredentialRecord| {
        let c = &r.credential;
        (
            c.kind.slot_count(),
            std::cmp::Reverse(c.format),
            handle.is_none(),
        )
    };
    let best = live
        .iter()
        .map(|(handle, r)| rank(handle, r))
        .min()
        .ok_or(StoreError::CredentialExpired)?;
    let mut copies: Vec<_> = live
        .into_iter()
        .filter(|(handle, r)| rank(handle, r) == best)
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
            Disclose::Preset(p) => (Some(p.kinds()), p.claims(), Some(p)),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::format::Format;
    use crate::sample::{reference_credential_in, vector_time};
    use crate::store::device_keys::DeviceKeyHandle;

    fn held(format: Format, kind: CredentialKind) -> (Option<String>, CredentialRecord) {
        let credential = reference_credential_in(format, kind, 1, vector_time())
            .unwrap()
            .credential;
        let handle = format!("{}-{}", format.number(), kind.name());
        (
            Some(handle.clone()),
            CredentialRecord {
                credential,
                device_key: DeviceKeyHandle::new(handle),
            },
        )
    }

    fn chosen(
        credentials: Vec<(Option<String>, CredentialRecord)>,
        disclose: Disclose<'_>,
    ) -> (Format, CredentialKind) {
        let at = u32::try_from(vector_time().unix_timestamp()).unwrap();
        let (kinds, claims) = match disclose {
            Disclose::Preset(p) => (Some(p.kinds()), p.claims()),
            Disclose::Claims(c) => (None, c),
        };
        let (_, record) = choose(credentials, kinds, claims, at).unwrap();
        (record.credential.format, record.credential.kind)
    }

    #[test]
    fn presets_come_from_their_own_format_2_credential_else_format_1() {
        use CredentialKind as K;
        let both = || {
            vec![
                held(Format::V1, K::NationalId),
                held(Format::V1, K::AgeOver(18)),
                held(Format::V2, K::NationalId),
                held(Format::V2, K::AgeOver(18)),
                held(Format::V2, K::CheckpointId),
            ]
        };
        let checkpoint = Disclose::Preset(Preset::CheckpointId);
        assert_eq!(chosen(both(), checkpoint), (Format::V2, K::CheckpointId));
        assert_eq!(
            chosen(both(), Disclose::Preset(Preset::Age18)),
            (Format::V2, K::AgeOver(18))
        );
        // A wallet holding only credentials issued before format 2.
        let old = vec![
            held(Format::V1, K::NationalId),
            held(Format::V1, K::AgeOver(18)),
        ];
        assert_eq!(chosen(old.clone(), checkpoint), (Format::V1, K::NationalId));
        // Claims picked one by one: from the claim tree, never from a
        // credential shown whole that would show more.
        let picked = [ClaimId::FullName];
        assert_eq!(
            chosen(both(), Disclose::Claims(&picked)),
            (Format::V2, K::NationalId)
        );
        assert_eq!(
            chosen(old, Disclose::Claims(&picked)),
            (Format::V1, K::NationalId)
        );
        // Exactly the preset's claims, picked: its whole credential is smallest.
        assert_eq!(
            chosen(both(), Disclose::Claims(Preset::CheckpointId.claims())),
            (Format::V2, K::CheckpointId)
        );
    }
}
