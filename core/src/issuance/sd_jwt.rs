//! The wallet's side of SD-JWT VC issuance (`docs/online.md`): beside a
//! document's Vidi credentials, its SD-JWT VCs, from the same token, each
//! bound to its own new device key, checked against the trust list and
//! against the document the Vidi credentials gave.

use time::OffsetDateTime;

use super::{Failed, KeysMade, post_with_proofs};
use crate::document::{Document, DocumentType};
use crate::http::Http;
use crate::keys::PublicKey;
use crate::oid4vci::{IssuerMetadata, TokenResponse};
use crate::sdjwt::{self, SD_JWT_VC_FORMAT, SdJwtVc, TrustedKeys};
use crate::store::{DeviceKeyHandle, NewSdJwt};
use crate::trust::TrustList;

use super::error::DocumentRefusal;

/// The id of the issuer's `dc+sd-jwt` configuration for `document`: the
/// one whose `vct` is the document's.
pub(super) fn configuration(metadata: &IssuerMetadata, document: DocumentType) -> Option<String> {
    let vct = sdjwt::vct(document);
    metadata
        .credential_configurations_supported
        .iter()
        .find(|(_, c)| c.format == SD_JWT_VC_FORMAT && c.vct.as_deref() == Some(vct))
        .map(|(id, _)| id.clone())
}

/// Requests `batch` SD-JWT VCs of configuration `id` for `document`, each
/// bound to a new device key, and checks each ([`check`]).
#[allow(clippy::too_many_arguments)] // one issuance's state, passed along
pub(super) async fn request(
    http: &Http,
    wallet: &mut KeysMade<'_>,
    metadata: &IssuerMetadata,
    token: &TokenResponse,
    id: &str,
    batch: u32,
    document: &Document,
    trust: &TrustList,
) -> Result<Vec<NewSdJwt>, Failed> {
    let mut keys: Vec<(DeviceKeyHandle, PublicKey)> = Vec::with_capacity(batch as usize);
    while keys.len() < batch as usize {
        keys.push(wallet.create_device_key()?);
    }
    let response = post_with_proofs(http, wallet, metadata, token, id, &keys).await?;
    let now = OffsetDateTime::now_utc();
    response
        .credentials
        .into_iter()
        .zip(keys)
        .map(|(issued, (handle, public))| {
            let text = issued.credential.as_str().ok_or(Failed::Document(
                DocumentRefusal::InvalidCredential("not an SD-JWT VC"),
            ))?;
            let credential = check(
                text,
                document,
                &public,
                &metadata.credential_issuer,
                trust,
                now,
            )
            .map_err(|reason| Failed::Document(DocumentRefusal::InvalidCredential(reason)))?;
            Ok(NewSdJwt {
                credential,
                device_key: handle,
            })
        })
        .collect()
}

/// Checks a received SD-JWT VC: the issuer's signature by a key the trust
/// list has for the document type of its `vct` (the document's), every
/// disclosure, its expiry, the device key it is bound to, and that its
/// claims are the document's (the fields the Vidi credentials carry).
pub fn check(
    text: &str,
    document: &Document,
    device_key: &PublicKey,
    issuer: &str,
    trust: &TrustList,
    now: OffsetDateTime,
) -> Result<SdJwtVc, &'static str> {
    let keys = TrustedKeys { issuer, trust };
    let verified = sdjwt::verify(text, &keys, now).map_err(|e| match e {
        sdjwt::SdJwtError::Expired => "it has expired",
        sdjwt::SdJwtError::UnknownKey | sdjwt::SdJwtError::Signature => {
            "its issuer signature does not verify with the trust list"
        }
        _ => "it is not a valid SD-JWT VC",
    })?;
    if verified.vct != sdjwt::vct(document.document_type()) {
        return Err("its type is not the document's");
    }
    if verified.device_key != *device_key {
        return Err("it is bound to another key than the one proved");
    }
    let fields = document
        .main_claims()
        .map_err(|_| "the document's fields cannot be read")?;
    if !fields
        .iter()
        .all(|c| verified.claims.get(&c.id.name()) == Some(&c.value.to_json()))
    {
        return Err("its claims are not the document's");
    }
    SdJwtVc::parse(text).map_err(|_| "it is not a valid SD-JWT VC")
}
