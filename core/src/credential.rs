//! Credentials: what the issuer signs (a COSE_Sign1 over the "credential
//! statement"), and what the holder keeps to make presentations from.

use ciborium::Value;
use coset::{CborSerializable as _, CoseSign1, CoseSign1Builder, HeaderBuilder, iana};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::claims::{Claim, ClaimId, ClaimValue};
use crate::document::{DocumentType, LicenceClass};
use crate::error::ProofError;
use crate::format::Format;
use crate::keys::{IssuerKey, PUBLIC_KEY_LEN, PublicKey, SIGNATURE_LEN, random_bytes};
use crate::tree::{self, NODE_LEN, Node};

/// The newest format version, carried in the statement and the text prefix.
pub const FORMAT_VERSION: u8 = Format::CURRENT.number();

/// What a credential is for; fixes its claim slots and their order.
///
/// A document is issued as several credentials split by purpose, so that a
/// presentation pays only for the claims its purpose needs (see
/// `docs/proof-format.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CredentialKind {
    /// The national ID card, all of it.
    NationalId,
    /// "Aged N or over", from the national ID card.
    AgeOver(u8),
    /// The driving licence.
    DrivingLicence,
    /// "The licence is valid for class X".
    LicenceClass(LicenceClass),
    /// The health insurance card.
    HealthInsurance,
    /// Format 2 only: the `checkpoint-id` preset's claims of the national
    /// ID card, shown whole.
    CheckpointId,
    /// Format 2 only: the `traffic-stop` preset's claims of the driving
    /// licence, shown whole.
    TrafficStop,
    /// Format 2 only: the `hospital` preset's claims of the health
    /// insurance card, shown whole.
    Hospital,
}

const NATIONAL_ID_SLOTS: [ClaimId; 10] = [
    ClaimId::PersonalIdNumber,
    ClaimId::FullName,
    ClaimId::DateOfBirth,
    ClaimId::Sex,
    ClaimId::Nationality,
    ClaimId::DateOfExpiry,
    ClaimId::PlaceOfOrigin,
    ClaimId::PlaceOfResidence,
    ClaimId::DateOfIssue,
    ClaimId::PortraitDigest,
];

const DRIVING_LICENCE_SLOTS: [ClaimId; 7] = [
    ClaimId::LicenceNumber,
    ClaimId::FullName,
    ClaimId::LicenceClasses,
    ClaimId::DateOfExpiry,
    ClaimId::DateOfBirth,
    ClaimId::DateOfIssue,
    ClaimId::IssuingAuthority,
];

const CHECKPOINT_ID_SLOTS: [ClaimId; 3] = [
    ClaimId::PersonalIdNumber,
    ClaimId::FullName,
    ClaimId::DateOfBirth,
];

const TRAFFIC_STOP_SLOTS: [ClaimId; 4] = [
    ClaimId::LicenceNumber,
    ClaimId::FullName,
    ClaimId::LicenceClasses,
    ClaimId::DateOfExpiry,
];

const HOSPITAL_SLOTS: [ClaimId; 5] = [
    ClaimId::CardNumber,
    ClaimId::FullName,
    ClaimId::DateOfBirth,
    ClaimId::FirstCareFacility,
    ClaimId::ValidTo,
];

const HEALTH_INSURANCE_SLOTS: [ClaimId; 8] = [
    ClaimId::CardNumber,
    ClaimId::FullName,
    ClaimId::DateOfBirth,
    ClaimId::FirstCareFacility,
    ClaimId::ValidTo,
    ClaimId::Sex,
    ClaimId::ValidFrom,
    ClaimId::BenefitLevel,
];

impl CredentialKind {
    /// The two wire bytes: kind and parameter.
    pub fn to_wire(self) -> [u8; 2] {
        match self {
            Self::NationalId => [1, 0],
            Self::AgeOver(years) => [2, years],
            Self::DrivingLicence => [3, 0],
            Self::LicenceClass(class) => [4, class.to_code()],
            Self::HealthInsurance => [5, 0],
            Self::CheckpointId => [6, 0],
            Self::TrafficStop => [7, 0],
            Self::Hospital => [8, 0],
        }
    }

    /// Reads the two wire bytes (any format's kinds; a proof's format
    /// narrows them with [`CredentialKind::from_wire_in`]).
    pub fn from_wire(bytes: [u8; 2]) -> Option<Self> {
        match bytes {
            [1, 0] => Some(Self::NationalId),
            [2, years @ 1..=120] => Some(Self::AgeOver(years)),
            [3, 0] => Some(Self::DrivingLicence),
            [4, code] => LicenceClass::from_code(code).ok().map(Self::LicenceClass),
            [5, 0] => Some(Self::HealthInsurance),
            [6, 0] => Some(Self::CheckpointId),
            [7, 0] => Some(Self::TrafficStop),
            [8, 0] => Some(Self::Hospital),
            _ => None,
        }
    }

    /// Reads the two wire bytes of a kind `format` carries.
    pub fn from_wire_in(format: Format, bytes: [u8; 2]) -> Option<Self> {
        Self::from_wire(bytes).filter(|kind| kind.exists_in(format))
    }

    /// Whether `format` has this kind: the preset kinds are format 2's.
    pub fn exists_in(self, format: Format) -> bool {
        format == Format::V2 || !self.is_preset()
    }

    /// A format 2 kind made for one preset.
    pub fn is_preset(self) -> bool {
        matches!(
            self,
            Self::CheckpointId | Self::TrafficStop | Self::Hospital
        )
    }

    /// Whether a credential of this kind in `format` is always shown whole,
    /// so that it needs no claim tree: in format 2, the preset kinds and
    /// the one-claim kinds. Its statement then holds the values themselves.
    pub fn is_whole_in(self, format: Format) -> bool {
        format == Format::V2
            && matches!(
                self,
                Self::AgeOver(_)
                    | Self::LicenceClass(_)
                    | Self::CheckpointId
                    | Self::TrafficStop
                    | Self::Hospital
            )
    }

    /// The document this kind of credential is drawn from.
    pub fn document_type(self) -> DocumentType {
        match self {
            Self::NationalId | Self::AgeOver(_) | Self::CheckpointId => DocumentType::NationalId,
            Self::DrivingLicence | Self::LicenceClass(_) | Self::TrafficStop => {
                DocumentType::DrivingLicence
            }
            Self::HealthInsurance | Self::Hospital => DocumentType::HealthInsurance,
        }
    }

    /// The claim slots, in order.
    pub fn slots(self) -> Vec<ClaimId> {
        match self {
            Self::NationalId => NATIONAL_ID_SLOTS.to_vec(),
            Self::AgeOver(years) => vec![ClaimId::AgeOver(years)],
            Self::DrivingLicence => DRIVING_LICENCE_SLOTS.to_vec(),
            Self::LicenceClass(class) => vec![ClaimId::ValidForClass(class)],
            Self::HealthInsurance => HEALTH_INSURANCE_SLOTS.to_vec(),
            Self::CheckpointId => CHECKPOINT_ID_SLOTS.to_vec(),
            Self::TrafficStop => TRAFFIC_STOP_SLOTS.to_vec(),
            Self::Hospital => HOSPITAL_SLOTS.to_vec(),
        }
    }

    /// How many slots.
    pub fn slot_count(self) -> usize {
        match self {
            Self::NationalId => NATIONAL_ID_SLOTS.len(),
            Self::DrivingLicence => DRIVING_LICENCE_SLOTS.len(),
            Self::HealthInsurance => HEALTH_INSURANCE_SLOTS.len(),
            Self::CheckpointId => CHECKPOINT_ID_SLOTS.len(),
            Self::TrafficStop => TRAFFIC_STOP_SLOTS.len(),
            Self::Hospital => HOSPITAL_SLOTS.len(),
            Self::AgeOver(_) | Self::LicenceClass(_) => 1,
        }
    }

    /// A short name, e.g. `national-id`, `age-over-18`, `licence-class-B`.
    pub fn name(self) -> String {
        match self {
            Self::NationalId => "national-id".into(),
            Self::AgeOver(years) => format!("age-over-{years}"),
            Self::DrivingLicence => "driving-licence".into(),
            Self::LicenceClass(class) => format!("licence-class-{}", class.code_name()),
            Self::HealthInsurance => "health-insurance".into(),
            Self::CheckpointId => "checkpoint-id".into(),
            Self::TrafficStop => "traffic-stop".into(),
            Self::Hospital => "hospital".into(),
        }
    }
}

/// What a statement commits to for the claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Commitment {
    /// The root of the claim tree (format 1, and format 2's tree kinds).
    Root(Node),
    /// Every value itself, encoded, in slot order (format 2's whole kinds).
    Values(Vec<Vec<u8>>),
}

/// What the issuer signs: everything about a credential, and the claims
/// through the claim tree's root or, for a credential always shown whole,
/// the values themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The format version.
    pub format: Format,
    /// Issuer key id.
    pub kid: u16,
    /// Credential kind.
    pub kind: CredentialKind,
    /// Expiry, seconds since the Unix epoch.
    pub expires_at: u32,
    /// Index in the issuer's status list.
    pub status_index: u32,
    /// The device key the credential is bound to.
    pub device_key: PublicKey,
    /// The claims.
    pub claims: Commitment,
}

impl Statement {
    /// The COSE payload: a CBOR array
    /// `[version, kid, kind, kind-param, exp, status-idx, device-key, slots, root]`,
    /// or for a credential shown whole (format 2)
    /// `[2, kid, kind, kind-param, exp, status-idx, device-key, [values...]]`.
    pub fn payload(&self) -> Vec<u8> {
        let [kind, param] = self.kind.to_wire();
        let mut items = vec![
            Value::from(self.format.number()),
            Value::from(self.kid),
            Value::from(kind),
            Value::from(param),
            Value::from(self.expires_at),
            Value::from(self.status_index),
            Value::Bytes(self.device_key.0.to_vec()),
        ];
        let mut out = Vec::with_capacity(160);
        match &self.claims {
            Commitment::Root(root) => {
                items.push(Value::from(self.kind.slot_count() as u64));
                items.push(Value::Bytes(root.to_vec()));
                // Writing into a Vec cannot fail.
                let _ = ciborium::into_writer(&Value::Array(items), &mut out);
            }
            Commitment::Values(values) => {
                // The values are already single CBOR items in their exact
                // signed encoding: the array's head, then them as they are.
                write_array_head(&mut out, items.len() + 1);
                for item in &items {
                    let _ = ciborium::into_writer(item, &mut out);
                }
                write_array_head(&mut out, values.len());
                for value in values {
                    out.extend_from_slice(value);
                }
            }
        }
        out
    }

    /// The COSE_Sign1 with no signature yet: protected header
    /// `{1: -7 (ES256), 4: kid as 2 bytes}`, no unprotected header, the payload.
    fn unsigned_cose(&self) -> CoseSign1 {
        let protected = HeaderBuilder::new()
            .algorithm(iana::Algorithm::ES256)
            .key_id(self.kid.to_be_bytes().to_vec())
            .build();
        CoseSign1Builder::new()
            .protected(protected)
            .payload(self.payload())
            .build()
    }

    /// The bytes the issuer's ES256 signature covers (the COSE Sig_structure
    /// `["Signature1", protected, h'', payload]`).
    pub fn to_be_signed(&self) -> Vec<u8> {
        self.unsigned_cose().tbs_data(&[])
    }

    /// The complete tagged COSE_Sign1 (CBOR tag 18) with `signature`, which an
    /// independent COSE library verifies with the issuer's key.
    pub fn cose_sign1(&self, signature: &[u8; SIGNATURE_LEN]) -> Vec<u8> {
        let mut cose = self.unsigned_cose();
        cose.signature = signature.to_vec();
        let untagged = cose.to_vec().unwrap_or_default();
        let mut out = Vec::with_capacity(untagged.len() + 1);
        out.push(0xd2); // tag 18, COSE_Sign1
        out.extend_from_slice(&untagged);
        out
    }
}

/// The head of a CBOR array of `len` items (`len` < 2^16 here).
fn write_array_head(out: &mut Vec<u8>, len: usize) {
    match len {
        0..=23 => out.push(0x80 | len as u8),
        24..=255 => out.extend_from_slice(&[0x98, len as u8]),
        _ => {
            out.push(0x99);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        }
    }
}

/// A credential as the holder keeps it: every claim, the root seed of the
/// salts, and the issuer's signature. It lives only in the encrypted wallet.
#[derive(Clone, Serialize, Deserialize)]
pub struct Credential {
    /// The proof format it is issued for (absent in records written before
    /// format 2: format 1).
    #[serde(default, skip_serializing_if = "Format::is_v1")]
    pub format: Format,
    /// Issuer key id.
    pub kid: u16,
    /// Credential kind, as its two wire bytes.
    #[serde(with = "kind_serde")]
    pub kind: CredentialKind,
    /// Expiry, seconds since the Unix epoch.
    pub expires_at: u32,
    /// Index in the issuer's status list.
    pub status_index: u32,
    /// The device key it is bound to.
    #[serde(with = "hex_key")]
    pub device_key: PublicKey,
    /// Each slot's encoded value (in the credential's format), in slot order.
    #[serde(with = "hex_vecs")]
    pub values: Vec<Vec<u8>>,
    /// The root seed of the salt tree (zero, and unused, for a credential
    /// shown whole).
    #[serde(with = "hex_seed")]
    pub salt_seed: Zeroizing<Node>,
    /// The issuer's ES256 signature over the statement.
    #[serde(with = "hex_sig")]
    pub issuer_signature: [u8; SIGNATURE_LEN],
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No claim values and no seed in logs.
        f.debug_struct("Credential")
            .field("format", &self.format)
            .field("kid", &self.kid)
            .field("kind", &self.kind)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl Credential {
    /// Every leaf's digest, in slot order.
    pub fn leaf_digests(&self) -> Vec<Node> {
        let salts = tree::all_salts(&self.salt_seed, self.values.len());
        salts
            .iter()
            .zip(&self.values)
            .enumerate()
            .map(|(slot, (salt, value))| tree::leaf_digest(salt, slot, value))
            .collect()
    }

    /// Whether its expiry and status index fit its format's proofs (format
    /// 2: an expiry at a midnight in Vietnam, an index below 2^24).
    pub fn fits_its_format(&self) -> bool {
        self.format.carries(self.expires_at, self.status_index)
    }

    /// Whether it is always shown whole (no claim tree).
    pub fn is_whole(&self) -> bool {
        self.kind.is_whole_in(self.format)
    }

    /// The root of its claim tree.
    pub fn root(&self) -> Node {
        let leaves = self.leaf_digests();
        tree::root(leaves.len(), &mut tree::FullTree { leaves: &leaves })
    }

    /// The statement the issuer signed.
    pub fn statement(&self) -> Statement {
        Statement {
            format: self.format,
            kid: self.kid,
            kind: self.kind,
            expires_at: self.expires_at,
            status_index: self.status_index,
            device_key: self.device_key,
            claims: if self.is_whole() {
                Commitment::Values(self.values.clone())
            } else {
                Commitment::Root(self.root())
            },
        }
    }

    /// The decoded claims, in slot order.
    pub fn claims(&self) -> Result<Vec<Claim>, ProofError> {
        self.kind
            .slots()
            .into_iter()
            .zip(&self.values)
            .map(|(id, bytes)| {
                let mut input = bytes.as_slice();
                let (value, _) = ClaimValue::decode_in(self.format, id, &mut input)
                    .map_err(|_| ProofError::ClaimsMismatch)?;
                Ok(Claim { id, value })
            })
            .collect()
    }

    /// The issuer's signature as a COSE_Sign1.
    pub fn cose_sign1(&self) -> Vec<u8> {
        self.statement().cose_sign1(&self.issuer_signature)
    }
}

/// Signs a credential in `format` for `device_key` over `claims` (one per
/// slot, in order).
pub fn issue(
    format: Format,
    issuer: &IssuerKey,
    kind: CredentialKind,
    claims: &[ClaimValue],
    device_key: PublicKey,
    expires_at: u32,
    status_index: u32,
) -> Result<Credential, ProofError> {
    let mut seed = Zeroizing::new([0u8; NODE_LEN]);
    random_bytes(seed.as_mut())?;
    issue_with_salt_seed(
        format,
        issuer,
        kind,
        claims,
        device_key,
        expires_at,
        status_index,
        seed,
    )
}

/// [`issue`] with a given salt seed: for reproducible test vectors only; a
/// real issuer must use a fresh random seed per credential.
///
/// A format 2 credential must expire at a midnight in Vietnam, live at most
/// [`crate::format::V2_MAX_LEAD_SECONDS`] and sit below [`crate::format::V2_STATUS_INDEXES`], the
/// ranges its proofs carry ([`ProofError::TimeRange`] otherwise).
#[allow(clippy::too_many_arguments)]
pub fn issue_with_salt_seed(
    format: Format,
    issuer: &IssuerKey,
    kind: CredentialKind,
    claims: &[ClaimValue],
    device_key: PublicKey,
    expires_at: u32,
    status_index: u32,
    seed: Zeroizing<Node>,
) -> Result<Credential, ProofError> {
    if CredentialKind::from_wire_in(format, kind.to_wire()) != Some(kind) {
        return Err(ProofError::InvalidKind);
    }
    if !format.carries(expires_at, status_index) {
        return Err(ProofError::TimeRange);
    }
    let whole = kind.is_whole_in(format);
    let seed = if whole {
        // Shown whole: no salts to derive.
        Zeroizing::new([0u8; NODE_LEN])
    } else {
        seed
    };
    let slots = kind.slots();
    if slots.len() != claims.len() || !slots.iter().zip(claims).all(|(id, v)| v.fits(*id)) {
        return Err(ProofError::ClaimsMismatch);
    }
    let mut credential = Credential {
        format,
        kid: issuer.kid(),
        kind,
        expires_at,
        status_index,
        device_key,
        values: claims.iter().map(|c| c.encode_in(format)).collect(),
        salt_seed: seed,
        issuer_signature: [0; SIGNATURE_LEN],
    };
    credential.issuer_signature = issuer.sign(&credential.statement().to_be_signed())?;
    Ok(credential)
}

mod kind_serde {
    use super::CredentialKind;
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    pub fn serialize<S: Serializer>(kind: &CredentialKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&kind.to_wire())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<CredentialKind, D::Error> {
        let bytes: Vec<u8> = Deserialize::deserialize(d)?;
        let wire: [u8; 2] = bytes
            .try_into()
            .map_err(|_| D::Error::custom("credential kind"))?;
        CredentialKind::from_wire(wire).ok_or_else(|| D::Error::custom("credential kind"))
    }
}

fn hex_array<'de, D: serde::Deserializer<'de>, const N: usize>(d: D) -> Result<[u8; N], D::Error> {
    use serde::de::Error as _;
    let text: String = Deserialize::deserialize(d)?;
    let bytes = hex::decode(text).map_err(D::Error::custom)?;
    bytes
        .try_into()
        .map_err(|_| D::Error::custom("wrong length"))
}

mod hex_key {
    use super::*;
    pub fn serialize<S: serde::Serializer>(k: &PublicKey, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&k.to_hex())
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<PublicKey, D::Error> {
        hex_array::<D, PUBLIC_KEY_LEN>(d).map(PublicKey)
    }
}

mod hex_sig {
    use super::*;
    pub fn serialize<S: serde::Serializer>(
        k: &[u8; SIGNATURE_LEN],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(k))
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<[u8; SIGNATURE_LEN], D::Error> {
        hex_array::<D, SIGNATURE_LEN>(d)
    }
}

mod hex_seed {
    use super::*;
    pub fn serialize<S: serde::Serializer>(k: &Zeroizing<Node>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(&k[..]))
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Zeroizing<Node>, D::Error> {
        hex_array::<D, NODE_LEN>(d).map(Zeroizing::new)
    }
}

mod hex_vecs {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _, ser::SerializeSeq as _};
    pub fn serialize<S: Serializer>(v: &[Vec<u8>], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for item in v {
            seq.serialize_element(&hex::encode(item))?;
        }
        seq.end()
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<u8>>, D::Error> {
        let items: Vec<String> = Deserialize::deserialize(d)?;
        items
            .into_iter()
            .map(|s| hex::decode(s).map_err(D::Error::custom))
            .collect()
    }
}
