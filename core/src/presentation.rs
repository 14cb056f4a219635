//! The checkpoint QR proof, format versions 1 and 2: building it from a
//! credential (the holder's side) and reading it back (the verifier's side).
//! Format 2's layout is in [`v2`]; what they share is here.
//!
//! The byte layouts are documented in `docs/proof-format.md`.

mod v2;

use sha2::{Digest as _, Sha256};
use time::OffsetDateTime;

use crate::claims::{Claim, ClaimId, ClaimValue};
use crate::credential::{Commitment, Credential, CredentialKind, Statement};
use crate::error::{FormatError, ProofError};
use crate::format::Format;
use crate::keys::{DeviceSigner, PublicKey, SIGNATURE_LEN, find_recovery_id, low_s, recover};
use crate::tree::{self, NODE_LEN, Node};

/// The text prefix of format version 1.
pub const PREFIX: &str = "VD1:";
/// The text prefix of format version 2.
pub const PREFIX_V2: &str = "VD2:";
/// The longest verifier nonce, in bytes.
pub const MAX_NONCE: usize = 32;
/// The longest audience, in bytes of UTF-8.
pub const MAX_AUDIENCE: usize = 64;

const FLAG_NONCE: u8 = 0b0000_0001;
const FLAG_AUDIENCE: u8 = 0b0000_0010;
const RECOVERY_SHIFT: u8 = 2;
const RESERVED: u8 = 0b1111_0000;
const TRANSCRIPT_TAG: &[u8] = b"VIDI/1 device transcript";
const TRANSCRIPT_TAG_V2: &[u8] = b"VIDI/2 device transcript";

/// A parsed proof: every field of the wire format. Its `Debug` leaves out
/// the disclosed values.
#[derive(Clone, PartialEq, Eq)]
pub struct Presentation {
    /// The format version it was written in.
    pub format: Format,
    /// Issuer key id.
    pub kid: u16,
    /// Credential kind.
    pub kind: CredentialKind,
    /// Credential expiry, seconds since the Unix epoch.
    pub expires_at: u32,
    /// Index in the issuer's status list.
    pub status_index: u32,
    /// When the device signed, seconds since the Unix epoch.
    pub presented_at: u32,
    /// The verifier's nonce, when one was used.
    pub nonce: Option<Vec<u8>>,
    /// The verifier the proof was made for, when known.
    pub audience: Option<String>,
    /// Which slots are disclosed (bit `i` for slot `i`).
    pub mask: u32,
    /// ECDSA recovery id of the device signature.
    pub recovery_id: u8,
    /// First bytes of SHA-256 of the device key (2 in format 1, 1 in
    /// format 2): tells a bad device signature from a bad issuer signature.
    pub device_key_hint: Vec<u8>,
    /// First bytes of SHA-256 of the disclosed leaves, or of a whole
    /// credential's values: tells a tampered claim from a bad signature.
    pub claims_hint: Vec<u8>,
    /// Salt seeds of the disclosed subtrees.
    pub seeds: Vec<Node>,
    /// Digests of the hidden subtrees.
    pub hidden: Vec<Node>,
    /// Disclosed claims with their encoded bytes, in slot order.
    pub disclosed: Vec<(usize, Claim, Vec<u8>)>,
    /// The issuer's signature over the statement.
    pub issuer_signature: [u8; SIGNATURE_LEN],
    /// The device's signature over the transcript.
    pub device_signature: [u8; SIGNATURE_LEN],
}

impl std::fmt::Debug for Presentation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Presentation")
            .field("format", &self.format)
            .field("kid", &self.kid)
            .field("kind", &self.kind)
            .field("expires_at", &self.expires_at)
            .field("presented_at", &self.presented_at)
            .field("mask", &format_args!("{:#b}", self.mask))
            .field("disclosed", &self.disclosed.len())
            .finish_non_exhaustive()
    }
}

/// The moment `seconds` after the Unix epoch, as the format's times count.
pub fn unix_time(seconds: u32) -> OffsetDateTime {
    OffsetDateTime::UNIX_EPOCH + time::Duration::seconds(i64::from(seconds))
}

fn mask_len(slots: usize) -> usize {
    slots.div_ceil(8)
}

fn mask_bytes(mask: u32, slots: usize) -> Vec<u8> {
    (0..mask_len(slots))
        .map(|byte| {
            (0..8).fold(0u8, |acc, bit| {
                let slot = byte * 8 + bit;
                acc | (u8::from(mask & (1 << slot) != 0) << (7 - bit))
            })
        })
        .collect()
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// The hint for a device key.
pub fn device_key_hint(key: &PublicKey) -> [u8; 2] {
    let d = sha256(&[&key.0]);
    [d[0], d[1]]
}

/// The hint for the disclosed leaves.
pub fn claims_hint(disclosed_leaves: &[Node]) -> [u8; 2] {
    let mut hasher = Sha256::new();
    for leaf in disclosed_leaves {
        hasher.update(leaf);
    }
    let d: [u8; 32] = hasher.finalize().into();
    [d[0], d[1]]
}

/// Format 2's transcript: as format 1's under its own tag; a credential
/// shown whole has no root and no mask (the issuer's signature covers its
/// values).
pub fn transcript_v2(
    issuer_signature: &[u8; SIGNATURE_LEN],
    tree: Option<(&Node, &[u8])>,
    presented_at: u32,
    nonce: Option<&[u8]>,
    audience: Option<&str>,
) -> [u8; 32] {
    let (root, mask): (&[u8], &[u8]) = match tree {
        Some((root, mask)) => (root, mask),
        None => (&[], &[]),
    };
    transcript_with(
        TRANSCRIPT_TAG_V2,
        issuer_signature,
        root,
        mask,
        presented_at,
        nonce,
        audience,
    )
}

/// What the device signs (SHA-256 of it): the issuer's signature, which
/// commits to the whole credential, the claim-tree root and the mask, which
/// name the disclosed claims, the time, and the nonce and audience
/// (length-prefixed, length 0 when absent).
pub fn transcript(
    issuer_signature: &[u8; SIGNATURE_LEN],
    root: &Node,
    mask: &[u8],
    presented_at: u32,
    nonce: Option<&[u8]>,
    audience: Option<&str>,
) -> [u8; 32] {
    transcript_with(
        TRANSCRIPT_TAG,
        issuer_signature,
        root,
        mask,
        presented_at,
        nonce,
        audience,
    )
}

fn transcript_with(
    tag: &[u8],
    issuer_signature: &[u8; SIGNATURE_LEN],
    root: &[u8],
    mask: &[u8],
    presented_at: u32,
    nonce: Option<&[u8]>,
    audience: Option<&str>,
) -> [u8; 32] {
    let nonce = nonce.unwrap_or_default();
    let audience = audience.unwrap_or_default().as_bytes();
    sha256(&[
        tag,
        issuer_signature,
        root,
        mask,
        &presented_at.to_be_bytes(),
        &[nonce.len() as u8],
        nonce,
        &[audience.len() as u8],
        audience,
    ])
}

/// What the holder asks to show.
#[derive(Debug, Clone, Default)]
pub struct Disclosure<'a> {
    /// The claims to disclose; every other slot stays hidden.
    pub claims: &'a [ClaimId],
    /// The verifier's nonce, when it showed one.
    pub nonce: Option<&'a [u8]>,
    /// The verifier's name, when known.
    pub audience: Option<&'a str>,
}

/// Builds the proof text (`VD1:` or `VD2:`, by the credential's format, +
/// Base45) for `credential` at `presented_at` (seconds since the Unix
/// epoch), signed by `signer`.
pub fn present(
    credential: &Credential,
    disclosure: &Disclosure<'_>,
    presented_at: u32,
    signer: &dyn DeviceSigner,
) -> Result<String, ProofError> {
    let bytes = present_bytes(credential, disclosure, presented_at, signer)?;
    Ok(to_text_in(credential.format, &bytes))
}

/// Base45 text with format 1's prefix.
pub fn to_text(bytes: &[u8]) -> String {
    to_text_in(Format::V1, bytes)
}

/// Base45 text with `format`'s prefix.
pub fn to_text_in(format: Format, bytes: &[u8]) -> String {
    let prefix = format.prefix();
    let mut text = String::with_capacity(prefix.len() + bytes.len() * 3 / 2 + 2);
    text.push_str(prefix);
    text.push_str(&base45::encode(bytes));
    text
}

/// The mask of the disclosed `claims` among `slots`.
fn disclosed_mask(slots: &[ClaimId], claims: &[ClaimId]) -> Result<u32, ProofError> {
    let mut mask = 0u32;
    for id in claims {
        let slot = slots
            .iter()
            .position(|s| s == id)
            .ok_or_else(|| ProofError::NoSuchClaim(id.name()))?;
        mask |= 1 << slot;
    }
    Ok(mask)
}

/// Checks the nonce's and audience's lengths and characters.
fn check_disclosure(disclosure: &Disclosure<'_>) -> Result<(), ProofError> {
    if disclosure
        .nonce
        .is_some_and(|n| n.is_empty() || n.len() > MAX_NONCE)
    {
        return Err(ProofError::TooLong("nonce"));
    }
    if disclosure
        .audience
        .is_some_and(|a| a.is_empty() || a.len() > MAX_AUDIENCE || a.chars().any(char::is_control))
    {
        return Err(ProofError::TooLong("audience"));
    }
    Ok(())
}

/// Signs `digest` with the device key, with the recovery id, in low-S form.
fn device_sign(
    credential: &Credential,
    digest: &[u8; 32],
    signer: &dyn DeviceSigner,
) -> Result<([u8; SIGNATURE_LEN], u8), ProofError> {
    let signed = signer.sign_prehash(digest)?;
    let recovery_id = match signed.recovery_id {
        Some(id) => id,
        None => find_recovery_id(&credential.device_key, digest, &signed.signature)
            .map_err(|_| ProofError::WrongDeviceKey)?,
    };
    Ok(low_s(signed.signature, recovery_id)?)
}

/// Builds the proof's bytes (before Base45), in the credential's format.
pub fn present_bytes(
    credential: &Credential,
    disclosure: &Disclosure<'_>,
    presented_at: u32,
    signer: &dyn DeviceSigner,
) -> Result<Vec<u8>, ProofError> {
    let slots = credential.kind.slots();
    if credential.values.len() != slots.len() {
        return Err(ProofError::ClaimsMismatch);
    }
    let mask = disclosed_mask(&slots, disclosure.claims)?;
    check_disclosure(disclosure)?;
    if signer.public_key()? != credential.device_key {
        return Err(ProofError::WrongDeviceKey);
    }
    match credential.format {
        Format::V1 => present_v1(credential, disclosure, mask, presented_at, signer),
        Format::V2 => v2::present(credential, disclosure, mask, presented_at, signer),
    }
}

fn present_v1(
    credential: &Credential,
    disclosure: &Disclosure<'_>,
    mask: u32,
    presented_at: u32,
    signer: &dyn DeviceSigner,
) -> Result<Vec<u8>, ProofError> {
    let n = credential.kind.slot_count();
    let leaves = credential.leaf_digests();
    let root = tree::root(n, &mut tree::FullTree { leaves: &leaves });
    let shown = |i: usize| mask & (1 << i) != 0;
    let seeds: Vec<Node> = tree::cover(n, shown)
        .into_iter()
        .map(|node| tree::subtree_seed(&credential.salt_seed, n, node))
        .collect();
    let hidden: Vec<Node> = tree::cover(n, |i| !shown(i))
        .into_iter()
        .map(|node| tree::subtree_digest_full(&leaves, node))
        .collect();
    let disclosed_leaves: Vec<Node> = (0..n).filter(|&i| shown(i)).map(|i| leaves[i]).collect();

    let mask_wire = mask_bytes(mask, n);
    let digest = transcript(
        &credential.issuer_signature,
        &root,
        &mask_wire,
        presented_at,
        disclosure.nonce,
        disclosure.audience,
    );
    let (device_signature, recovery_id) = device_sign(credential, &digest, signer)?;

    let mut out = Vec::with_capacity(160 + 17 * (seeds.len() + hidden.len()));
    let mut flags = (recovery_id & 0b11) << RECOVERY_SHIFT;
    if disclosure.nonce.is_some() {
        flags |= FLAG_NONCE;
    }
    if disclosure.audience.is_some() {
        flags |= FLAG_AUDIENCE;
    }
    out.push(flags);
    out.extend_from_slice(&credential.kid.to_be_bytes());
    out.extend_from_slice(&credential.kind.to_wire());
    out.extend_from_slice(&credential.expires_at.to_be_bytes());
    out.extend_from_slice(&credential.status_index.to_be_bytes());
    out.extend_from_slice(&presented_at.to_be_bytes());
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
    out.extend_from_slice(&claims_hint(&disclosed_leaves));
    for node in seeds.iter().chain(&hidden) {
        out.extend_from_slice(node);
    }
    for (i, value) in credential.values.iter().enumerate() {
        if shown(i) {
            out.extend_from_slice(value);
        }
    }
    out.extend_from_slice(&credential.issuer_signature);
    out.extend_from_slice(&device_signature);
    Ok(out)
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        if self.0.len() < n {
            return Err(FormatError::Truncated);
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], FormatError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, FormatError> {
        Ok(self.array::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, FormatError> {
        Ok(u16::from_be_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, FormatError> {
        Ok(u32::from_be_bytes(self.array()?))
    }
    fn field(&mut self, name: &'static str, max: usize) -> Result<&'a [u8], FormatError> {
        let len = usize::from(self.u8()?);
        if len == 0 || len > max {
            return Err(FormatError::FieldLength(name));
        }
        self.take(len)
    }
}

/// A disclosed value with its slot and exact bytes.
type Disclosed = (usize, Claim, Vec<u8>);
/// A proof's tail: the disclosed values, the issuer's and the device's signatures.
type Tail = (Vec<Disclosed>, [u8; SIGNATURE_LEN], [u8; SIGNATURE_LEN]);

/// The end of a proof, in either format: each disclosed value (the slots
/// `mask` names, in `format`'s encoding, passed to `check`), nothing after
/// them, then the issuer's and the device's signatures.
fn read_tail(
    format: Format,
    slots: &[ClaimId],
    mask: u32,
    r: &mut Reader<'_>,
    signatures: &[u8],
    check: impl Fn(ClaimId, &ClaimValue) -> Result<(), FormatError>,
) -> Result<Tail, FormatError> {
    let mut disclosed = Vec::new();
    for (slot, id) in slots.iter().enumerate() {
        if mask & (1 << slot) == 0 {
            continue;
        }
        if r.0.is_empty() {
            return Err(FormatError::Truncated);
        }
        let (value, raw) = ClaimValue::decode_in(format, *id, &mut r.0)?;
        check(*id, &value)?;
        disclosed.push((slot, Claim { id: *id, value }, raw.to_vec()));
    }
    if !r.0.is_empty() {
        return Err(FormatError::Trailing(r.0.len()));
    }
    let (issuer, device) = signatures.split_at(SIGNATURE_LEN);
    let mut issuer_signature = [0u8; SIGNATURE_LEN];
    issuer_signature.copy_from_slice(issuer);
    let mut device_signature = [0u8; SIGNATURE_LEN];
    device_signature.copy_from_slice(device);
    Ok((disclosed, issuer_signature, device_signature))
}

/// An audience's bytes: UTF-8 without control characters (it is shown on
/// verifier screens, where they could be terminal escapes).
fn read_audience(raw: &[u8]) -> Result<String, FormatError> {
    let audience = std::str::from_utf8(raw).map_err(|_| FormatError::FieldLength("audience"))?;
    if audience.chars().any(char::is_control) {
        return Err(FormatError::FieldLength("audience"));
    }
    Ok(audience.to_owned())
}

/// A mask's bytes (most significant bit first) over `n` slots.
fn read_mask(bytes: &[u8], n: usize) -> Result<u32, FormatError> {
    let mut mask = 0u32;
    for (byte_index, byte) in bytes.iter().enumerate() {
        for bit in 0..8 {
            if byte & (0x80 >> bit) != 0 {
                let slot = byte_index * 8 + bit;
                if slot >= n {
                    return Err(FormatError::Mask);
                }
                mask |= 1 << slot;
            }
        }
    }
    Ok(mask)
}

/// The recovered key's hint against the proof's.
fn check_key_hint(recovered: &[u8], sent: &[u8]) -> Result<(), RebuildError> {
    if recovered == sent {
        Ok(())
    } else {
        Err(RebuildError::DeviceSignature)
    }
}

/// Strips format 1's prefix and Base45.
pub fn from_text(text: &str) -> Result<Vec<u8>, FormatError> {
    match from_text_any(text)? {
        (Format::V1, bytes) => Ok(bytes),
        (format, _) => Err(FormatError::UnsupportedVersion(format.number())),
    }
}

/// Strips a known prefix and Base45, and says which format the prefix named.
pub fn from_text_any(text: &str) -> Result<(Format, Vec<u8>), FormatError> {
    let known = [Format::V1, Format::V2]
        .into_iter()
        .find_map(|f| text.strip_prefix(f.prefix()).map(|body| (f, body)));
    let Some((format, body)) = known else {
        // "VDn:" with another digit is a version we do not read.
        let bytes = text.as_bytes();
        if bytes.len() >= 4
            && text.starts_with("VD")
            && bytes[3] == b':'
            && bytes[2].is_ascii_digit()
        {
            return Err(FormatError::UnsupportedVersion(bytes[2] - b'0'));
        }
        return Err(FormatError::Prefix);
    };
    let bytes = base45::decode(body).map_err(|_| FormatError::Base45)?;
    // The base45 crate wraps an overlong two-character tail ("::" is 2024)
    // instead of refusing it as RFC 9285 requires; insisting on the one
    // canonical text for the bytes refuses it and keeps texts and byte
    // strings one to one.
    if base45::encode(&bytes) != body {
        return Err(FormatError::Base45);
    }
    Ok((format, bytes))
}

impl Presentation {
    /// Parses proof text of either format.
    pub fn parse(text: &str) -> Result<Self, FormatError> {
        match from_text_any(text)? {
            (Format::V1, bytes) => Self::from_bytes(&bytes),
            (Format::V2, bytes) => v2::parse(&bytes),
        }
    }

    /// Parses format 2 proof bytes (after Base45).
    pub fn from_bytes_v2(bytes: &[u8]) -> Result<Self, FormatError> {
        v2::parse(bytes)
    }

    /// Parses format 1 proof bytes (after Base45).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FormatError> {
        if bytes.len() < 2 * SIGNATURE_LEN {
            return Err(FormatError::Truncated);
        }
        let (body, signatures) = bytes.split_at(bytes.len() - 2 * SIGNATURE_LEN);
        let mut r = Reader(body);
        let flags = r.u8()?;
        if flags & RESERVED != 0 {
            return Err(FormatError::ReservedBits);
        }
        let kid = r.u16()?;
        let wire_kind = r.array::<2>()?;
        let kind = CredentialKind::from_wire_in(Format::V1, wire_kind)
            .ok_or(FormatError::UnknownKind(wire_kind[0], wire_kind[1]))?;
        let expires_at = r.u32()?;
        let status_index = r.u32()?;
        let presented_at = r.u32()?;
        let nonce = if flags & FLAG_NONCE != 0 {
            Some(r.field("nonce", MAX_NONCE)?.to_vec())
        } else {
            None
        };
        let audience = if flags & FLAG_AUDIENCE != 0 {
            Some(read_audience(r.field("audience", MAX_AUDIENCE)?)?)
        } else {
            None
        };
        let slots = kind.slots();
        let n = slots.len();
        let mask = read_mask(r.take(mask_len(n))?, n)?;
        let device_key_hint = r.take(2)?.to_vec();
        let claims_hint = r.take(2)?.to_vec();
        let shown = |i: usize| mask & (1 << i) != 0;
        let seed_count = tree::cover(n, shown).len();
        let hidden_count = tree::cover(n, |i| !shown(i)).len();
        let mut seeds = Vec::with_capacity(seed_count);
        for _ in 0..seed_count {
            seeds.push(r.array::<NODE_LEN>()?);
        }
        let mut hidden = Vec::with_capacity(hidden_count);
        for _ in 0..hidden_count {
            hidden.push(r.array::<NODE_LEN>()?);
        }
        let (disclosed, issuer_signature, device_signature) =
            read_tail(Format::V1, &slots, mask, &mut r, signatures, |_, _| Ok(()))?;
        Ok(Self {
            format: Format::V1,
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

    /// When the device signed.
    pub fn presented_time(&self) -> OffsetDateTime {
        unix_time(self.presented_at)
    }

    /// When the credential expires.
    pub fn expiry_time(&self) -> OffsetDateTime {
        unix_time(self.expires_at)
    }

    /// How many claims the proof keeps hidden.
    pub fn hidden_count(&self) -> usize {
        self.kind.slot_count().saturating_sub(self.disclosed.len())
    }

    /// The mask as it stands on the wire.
    pub fn mask_wire(&self) -> Vec<u8> {
        mask_bytes(self.mask, self.kind.slot_count())
    }

    /// The digest of every disclosed leaf, in slot order, from the disclosed
    /// salts and values.
    pub fn disclosed_leaves(&self) -> Vec<Node> {
        let n = self.kind.slot_count();
        let shown = |i: usize| self.mask & (1 << i) != 0;
        let covers = tree::cover(n, shown);
        let mut leaves = Vec::with_capacity(self.disclosed.len());
        let mut values = self.disclosed.iter();
        for (node, seed) in covers.iter().zip(&self.seeds) {
            for slot in node_leaves(*node, n) {
                let salt = tree::descend(*node, seed, slot);
                if let Some((_, _, raw)) = values.next() {
                    leaves.push(tree::leaf_digest(&salt, slot, raw));
                }
            }
        }
        leaves
    }

    /// The root of the claim tree, rebuilt from disclosed leaves and hidden digests.
    pub fn root(&self, disclosed_leaves: &[Node]) -> Node {
        let n = self.kind.slot_count();
        let shown = |i: usize| self.mask & (1 << i) != 0;
        let hidden_nodes = tree::cover(n, |i| !shown(i));
        struct Rebuild<'a> {
            hidden: Vec<(tree::Subtree, Node)>,
            leaves: std::iter::Copied<std::slice::Iter<'a, Node>>,
        }
        impl tree::DigestSource for Rebuild<'_> {
            fn hidden(&mut self, node: tree::Subtree) -> Option<Node> {
                self.hidden
                    .iter()
                    .find(|(n, _)| *n == node)
                    .map(|(_, d)| *d)
            }
            fn leaf(&mut self, _: usize) -> Node {
                // Leaves are asked for in slot order, disclosed ones only.
                self.leaves.next().unwrap_or([0; NODE_LEN])
            }
        }
        let mut source = Rebuild {
            hidden: hidden_nodes
                .into_iter()
                .zip(self.hidden.iter().copied())
                .collect(),
            leaves: disclosed_leaves.iter().copied(),
        };
        tree::root(n, &mut source)
    }
}

/// Why a statement could not be rebuilt from a proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RebuildError {
    /// The disclosed values are not the ones the wallet signed.
    ClaimsHint,
    /// The device signature does not recover the hinted device key.
    DeviceSignature,
}

impl Presentation {
    /// Rebuilds the statement the issuer signed: the claim-tree root from the
    /// disclosed values and hidden digests, and the device key recovered from
    /// the device signature over the transcript. Checks the two hints; the
    /// issuer's signature over the result is the verifier's to check.
    pub fn rebuild_statement(&self) -> Result<Statement, RebuildError> {
        if self.format == Format::V2 {
            return v2::rebuild_statement(self);
        }
        let leaves = self.disclosed_leaves();
        if claims_hint(&leaves)[..] != self.claims_hint[..] {
            return Err(RebuildError::ClaimsHint);
        }
        let root = self.root(&leaves);
        let digest = transcript(
            &self.issuer_signature,
            &root,
            &self.mask_wire(),
            self.presented_at,
            self.nonce.as_deref(),
            self.audience.as_deref(),
        );
        let device_key = recover(&digest, &self.device_signature, self.recovery_id)
            .map_err(|_| RebuildError::DeviceSignature)?;
        check_key_hint(&device_key_hint(&device_key), &self.device_key_hint)?;
        Ok(Statement {
            format: Format::V1,
            kid: self.kid,
            kind: self.kind,
            expires_at: self.expires_at,
            status_index: self.status_index,
            device_key,
            claims: Commitment::Root(root),
        })
    }
}

fn node_leaves(node: tree::Subtree, n: usize) -> std::ops::Range<usize> {
    let first = node.index << node.level;
    first..((node.index + 1) << node.level).min(n)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn text_decoding_is_strict() {
        assert_eq!(from_text("VD1:%69 VD92EX0").unwrap(), b"Hello!!");
        // Base45 is upper case only, and every text has one byte string.
        assert_eq!(from_text("VD1:%69 vd92ex0"), Err(FormatError::Base45));
        // A two-character tail above 255 and a three-character group above 65535.
        assert_eq!(from_text("VD1::::"), Err(FormatError::Base45));
        assert_eq!(from_text("VD1:::"), Err(FormatError::Base45));
        assert_eq!(from_text(" VD1:%69 VD92EX0"), Err(FormatError::Prefix));
        assert_eq!(from_text("VD1:%69 VD92EX0\n"), Err(FormatError::Base45));
        assert_eq!(from_text("VD7:AB"), Err(FormatError::UnsupportedVersion(7)));
        assert_eq!(
            from_text_any("VD2:%69 VD92EX0").unwrap(),
            (Format::V2, b"Hello!!".to_vec())
        );
        assert_eq!(
            from_text("VD2:%69 VD92EX0"),
            Err(FormatError::UnsupportedVersion(2))
        );
        assert_eq!(from_text("HC1:AB"), Err(FormatError::Prefix));
    }

    #[test]
    fn mask_bits_are_msb_first() {
        assert_eq!(mask_bytes(0b111, 10), vec![0b1110_0000, 0]);
        assert_eq!(mask_bytes(1 << 9, 10), vec![0, 0b0100_0000]);
        assert_eq!(mask_bytes(1, 1), vec![0x80]);
    }
}
