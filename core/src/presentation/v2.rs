//! Format 2's wire layout (`docs/proof-format.md`, "Format 2").
//!
//! What it changes from format 1, each to save bytes where the security
//! argument holds: kind and flags share a byte, the kind parameter is sent
//! only by the kinds that have one, the expiry is a day (credentials expire
//! at a midnight in Vietnam), the status index 3 bytes, the proof's time 3
//! bytes of seconds before the expiry, the two hints 1 byte each, and a
//! credential shown whole (the preset and one-claim kinds) sends no mask,
//! no seeds and no digests: the issuer signed its values themselves.

use super::{
    Presentation, Reader, RebuildError, check_key_hint, device_sign, mask_bytes, mask_len, sha256,
    transcript_v2,
};
use crate::claims::{ClaimId, ClaimValue};
use crate::credential::{Commitment, Credential, CredentialKind, Statement};
use crate::error::{FormatError, ProofError};
use crate::format::{
    Format, V2_MAX_LEAD_SECONDS, V2_STATUS_INDEXES, v2_expiry_day, v2_expiry_of_day,
};
use crate::keys::{DeviceSigner, PublicKey, SIGNATURE_LEN, recover};
use crate::presentation::{Disclosure, MAX_AUDIENCE, MAX_NONCE};
use crate::tree::{self, NODE_LEN, Node};

const FLAG_NONCE: u8 = 0b0000_0001;
const FLAG_AUDIENCE: u8 = 0b0000_0010;
const RECOVERY_SHIFT: u8 = 2;
const KIND_SHIFT: u8 = 4;

/// Whether the kind sends its parameter byte.
fn has_param(kind: CredentialKind) -> bool {
    matches!(
        kind,
        CredentialKind::AgeOver(_) | CredentialKind::LicenceClass(_)
    )
}

/// The device key hint, 1 byte.
pub(super) fn device_key_hint(key: &PublicKey) -> Vec<u8> {
    vec![sha256(&[&key.0])[0]]
}

/// The claims hint of a whole credential: over its values, 1 byte.
fn values_hint(values: &[&[u8]]) -> Vec<u8> {
    vec![sha256(values)[0]]
}

/// The claims hint of a tree credential: over the disclosed leaves, 1 byte.
fn leaves_hint(leaves: &[Node]) -> Vec<u8> {
    let parts: Vec<&[u8]> = leaves.iter().map(|l| l.as_slice()).collect();
    vec![sha256(&parts)[0]]
}

pub(super) fn present(
    credential: &Credential,
    disclosure: &Disclosure<'_>,
    mask: u32,
    presented_at: u32,
    signer: &dyn DeviceSigner,
) -> Result<Vec<u8>, ProofError> {
    let kind = credential.kind;
    let n = kind.slot_count();
    let whole = credential.is_whole();
    let all = (1u32 << n) - 1;
    if whole && mask != all {
        return Err(ProofError::ShownWhole);
    }
    let day = v2_expiry_day(credential.expires_at).ok_or(ProofError::TimeRange)?;
    let lead = credential
        .expires_at
        .checked_sub(presented_at)
        .filter(|lead| *lead <= V2_MAX_LEAD_SECONDS)
        .ok_or(ProofError::TimeRange)?;
    if credential.status_index >= V2_STATUS_INDEXES {
        return Err(ProofError::TimeRange);
    }
    let shown = |i: usize| mask & (1 << i) != 0;

    // A whole credential sends no mask and no tree nodes (both empty here).
    let mut mask_wire = Vec::new();
    let mut tree_part = Vec::new();
    let (root, claims_hint) = if whole {
        let values: Vec<&[u8]> = credential.values.iter().map(Vec::as_slice).collect();
        (None, values_hint(&values))
    } else {
        let leaves = credential.leaf_digests();
        let root = tree::root(n, &mut tree::FullTree { leaves: &leaves });
        mask_wire = mask_bytes(mask, n);
        let seeds = tree::cover(n, shown)
            .into_iter()
            .map(|node| tree::subtree_seed(&credential.salt_seed, n, node));
        let hidden = tree::cover(n, |i| !shown(i))
            .into_iter()
            .map(|node| tree::subtree_digest_full(&leaves, node));
        for node in seeds.chain(hidden) {
            tree_part.extend_from_slice(&node);
        }
        let disclosed: Vec<Node> = (0..n).filter(|&i| shown(i)).map(|i| leaves[i]).collect();
        (Some(root), leaves_hint(&disclosed))
    };
    let digest = transcript_v2(
        &credential.issuer_signature,
        root.as_ref().map(|root| (root, mask_wire.as_slice())),
        presented_at,
        disclosure.nonce,
        disclosure.audience,
    );
    let (device_signature, recovery_id) = device_sign(credential, &digest, signer)?;

    let [kind_code, param] = kind.to_wire();
    let mut flags = (kind_code << KIND_SHIFT) | ((recovery_id & 0b11) << RECOVERY_SHIFT);
    if disclosure.nonce.is_some() {
        flags |= FLAG_NONCE;
    }
    if disclosure.audience.is_some() {
        flags |= FLAG_AUDIENCE;
    }
    let mut out = Vec::with_capacity(160 + tree_part.len());
    out.push(flags);
    out.extend_from_slice(&credential.kid.to_be_bytes());
    if has_param(kind) {
        out.push(param);
    }
    out.extend_from_slice(&day.to_be_bytes());
    out.extend_from_slice(&credential.status_index.to_be_bytes()[1..]);
    out.extend_from_slice(&lead.to_be_bytes()[1..]);
    if let Some(nonce) = disclosure.nonce {
        out.push(nonce.len() as u8);
        out.extend_from_slice(nonce);
    }
    if let Some(audience) = disclosure.audience {
        out.push(audience.len() as u8);
        out.extend_from_slice(audience.as_bytes());
    }
    out.extend_from_slice(&mask_wire);
    out.extend_from_slice(&device_key_hint(&credential.device_key));
    out.extend_from_slice(&claims_hint);
    out.extend_from_slice(&tree_part);
    for (i, value) in credential.values.iter().enumerate() {
        if shown(i) {
            out.extend_from_slice(value);
        }
    }
    out.extend_from_slice(&credential.issuer_signature);
    out.extend_from_slice(&device_signature);
    Ok(out)
}

fn u24(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b))
}

pub(super) fn parse(bytes: &[u8]) -> Result<Presentation, FormatError> {
    if bytes.len() < 2 * SIGNATURE_LEN {
        return Err(FormatError::Truncated);
    }
    let (body, signatures) = bytes.split_at(bytes.len() - 2 * SIGNATURE_LEN);
    let mut r = Reader(body);
    let flags = r.u8()?;
    let kind_code = flags >> KIND_SHIFT;
    let kid = r.u16()?;
    let param = match kind_code {
        2 | 4 => r.u8()?,
        _ => 0,
    };
    let kind = CredentialKind::from_wire_in(Format::V2, [kind_code, param])
        .ok_or(FormatError::UnknownKind(kind_code, param))?;
    let day = r.u16()?;
    let expires_at = v2_expiry_of_day(day).ok_or(FormatError::Time("expiry"))?;
    let status_index = u24(r.take(3)?);
    let lead = u24(r.take(3)?);
    let presented_at = expires_at
        .checked_sub(lead)
        .ok_or(FormatError::Time("presentation time"))?;
    let nonce = if flags & FLAG_NONCE != 0 {
        Some(r.field("nonce", MAX_NONCE)?.to_vec())
    } else {
        None
    };
    let audience = if flags & FLAG_AUDIENCE != 0 {
        Some(super::read_audience(r.field("audience", MAX_AUDIENCE)?)?)
    } else {
        None
    };
    let slots = kind.slots();
    let n = slots.len();
    let whole = kind.is_whole_in(Format::V2);
    let mask = if whole {
        (1u32 << n) - 1
    } else {
        super::read_mask(r.take(mask_len(n))?, n)?
    };
    let device_key_hint = r.take(1)?.to_vec();
    let claims_hint = r.take(1)?.to_vec();
    let shown = |i: usize| mask & (1 << i) != 0;
    let mut seeds = Vec::new();
    let mut hidden = Vec::new();
    if !whole {
        for _ in 0..tree::cover(n, shown).len() {
            seeds.push(r.array::<NODE_LEN>()?);
        }
        for _ in 0..tree::cover(n, |i| !shown(i)).len() {
            hidden.push(r.array::<NODE_LEN>()?);
        }
    }
    // The hospital kind sends the facility's code alone; the health
    // insurance kind, the holder's whole record, its code and name.
    let facility_shape = |id: ClaimId, value: &ClaimValue| {
        let code_only = matches!(value, ClaimValue::FacilityCode(_));
        if code_only != (kind == CredentialKind::Hospital && id == ClaimId::FirstCareFacility) {
            return Err(FormatError::ClaimValue("first_care_facility"));
        }
        Ok(())
    };
    let (disclosed, issuer_signature, device_signature) =
        super::read_tail(Format::V2, &slots, mask, &mut r, signatures, facility_shape)?;
    Ok(Presentation {
        format: Format::V2,
        kid,
        kind,
        expires_at,
        status_index,
        presented_at,
        nonce,
        audience,
        mask,
        recovery_id: (flags >> RECOVERY_SHIFT) & 0b11,
        device_key_hint,
        claims_hint,
        seeds,
        hidden,
        disclosed,
        issuer_signature,
        device_signature,
    })
}

pub(super) fn rebuild_statement(proof: &Presentation) -> Result<Statement, RebuildError> {
    let whole = proof.kind.is_whole_in(Format::V2);
    let (claims, digest) = if whole {
        let values: Vec<&[u8]> = proof
            .disclosed
            .iter()
            .map(|(_, _, raw)| raw.as_slice())
            .collect();
        if values_hint(&values) != proof.claims_hint {
            return Err(RebuildError::ClaimsHint);
        }
        let digest = transcript_v2(
            &proof.issuer_signature,
            None,
            proof.presented_at,
            proof.nonce.as_deref(),
            proof.audience.as_deref(),
        );
        let values = values.into_iter().map(<[u8]>::to_vec).collect();
        (Commitment::Values(values), digest)
    } else {
        let leaves = proof.disclosed_leaves();
        if leaves_hint(&leaves) != proof.claims_hint {
            return Err(RebuildError::ClaimsHint);
        }
        let root = proof.root(&leaves);
        let digest = transcript_v2(
            &proof.issuer_signature,
            Some((&root, &proof.mask_wire())),
            proof.presented_at,
            proof.nonce.as_deref(),
            proof.audience.as_deref(),
        );
        (Commitment::Root(root), digest)
    };
    let device_key = recover(&digest, &proof.device_signature, proof.recovery_id)
        .map_err(|_| RebuildError::DeviceSignature)?;
    check_key_hint(&device_key_hint(&device_key), &proof.device_key_hint)?;
    Ok(Statement {
        format: Format::V2,
        kid: proof.kid,
        kind: proof.kind,
        expires_at: proof.expires_at,
        status_index: proof.status_index,
        device_key,
        claims,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn three_byte_fields_read_big_endian() {
        assert_eq!(u24(&[1, 2, 3]), 0x010203);
    }
}
