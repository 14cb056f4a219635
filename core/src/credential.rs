//! Credentials: what the issuer signs (a COSE_Sign1 over the "credential
//! statement"), and what the holder keeps to make presentations from.

use ciborium::Value;
use coset::{CborSerializable as _, CoseSign1, CoseSign1Builder, HeaderBuilder, iana};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::claims::{Claim, ClaimId, ClaimValue};
use crate::document::{DocumentType, LicenceClass};
use crate::error::ProofError;
use crate::keys::{IssuerKey, PUBLIC_KEY_LEN, PublicKey, SIGNATURE_LEN, random_bytes};
use crate::tree::{self, NODE_LEN, Node};

/// Format version carried in the statement and the text prefix.
pub const FORMAT_VERSION: u8 = 1;

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
        }
    }

    /// Reads the two wire bytes.
    pub fn from_wire(bytes: [u8; 2]) -> Option<Self> {
        match bytes {
            [1, 0] => Some(Self::NationalId),
            [2, years @ 1..=120] => Some(Self::AgeOver(years)),
            [3, 0] => Some(Self::DrivingLicence),
            [4, code] => LicenceClass::from_code(code).ok().map(Self::LicenceClass),
            [5, 0] => Some(Self::HealthInsurance),
            _ => None,
        }
    }

    /// The document this kind of credential is drawn from.
    pub fn document_type(self) -> DocumentType {
        match self {
            Self::NationalId | Self::AgeOver(_) => DocumentType::NationalId,
            Self::DrivingLicence | Self::LicenceClass(_) => DocumentType::DrivingLicence,
            Self::HealthInsurance => DocumentType::HealthInsurance,
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
        }
    }

    /// How many slots.
    pub fn slot_count(self) -> usize {
        match self {
            Self::NationalId => NATIONAL_ID_SLOTS.len(),
            Self::DrivingLicence => DRIVING_LICENCE_SLOTS.len(),
            Self::HealthInsurance => HEALTH_INSURANCE_SLOTS.len(),
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
        }
    }
}

/// What the issuer signs: everything about a credential but the claims
/// themselves, which it commits to through the claim tree's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
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
    /// Root of the claim tree.
    pub root: Node,
}

impl Statement {
    /// The COSE payload: a CBOR array
    /// `[version, kid, kind, kind-param, exp, status-idx, device-key, slots, root]`.
    pub fn payload(&self) -> Vec<u8> {
        let [kind, param] = self.kind.to_wire();
        let value = Value::Array(vec![
            Value::from(FORMAT_VERSION),
            Value::from(self.kid),
            Value::from(kind),
            Value::from(param),
            Value::from(self.expires_at),
            Value::from(self.status_index),
            Value::Bytes(self.device_key.0.to_vec()),
            Value::from(self.kind.slot_count() as u64),
            Value::Bytes(self.root.to_vec()),
        ]);
        let mut out = Vec::with_capacity(96);
        // Writing into a Vec cannot fail.
        let _ = ciborium::into_writer(&value, &mut out);
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

/// A credential as the holder keeps it: every claim, the root seed of the
/// salts, and the issuer's signature. It lives only in the encrypted wallet.
#[derive(Clone, Serialize, Deserialize)]
pub struct Credential {
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
    /// Each slot's encoded value, in slot order.
    #[serde(with = "hex_vecs")]
    pub values: Vec<Vec<u8>>,
    /// The root seed of the salt tree.
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

    /// The statement the issuer signed.
    pub fn statement(&self) -> Statement {
        let leaves = self.leaf_digests();
        Statement {
            kid: self.kid,
            kind: self.kind,
            expires_at: self.expires_at,
            status_index: self.status_index,
            device_key: self.device_key,
            root: tree::root(leaves.len(), &mut tree::FullTree { leaves: &leaves }),
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
                let (value, _) =
                    ClaimValue::decode(id, &mut input).map_err(|_| ProofError::ClaimsMismatch)?;
                Ok(Claim { id, value })
            })
            .collect()
    }

    /// The issuer's signature as a COSE_Sign1.
    pub fn cose_sign1(&self) -> Vec<u8> {
        self.statement().cose_sign1(&self.issuer_signature)
    }
}

/// Signs a credential for `device_key` over `claims` (one per slot, in order).
pub fn issue(
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
pub fn issue_with_salt_seed(
    issuer: &IssuerKey,
    kind: CredentialKind,
    claims: &[ClaimValue],
    device_key: PublicKey,
    expires_at: u32,
    status_index: u32,
    seed: Zeroizing<Node>,
) -> Result<Credential, ProofError> {
    if CredentialKind::from_wire(kind.to_wire()) != Some(kind) {
        return Err(ProofError::InvalidKind);
    }
    let slots = kind.slots();
    if slots.len() != claims.len() || !slots.iter().zip(claims).all(|(id, v)| v.fits(*id)) {
        return Err(ProofError::ClaimsMismatch);
    }
    let mut credential = Credential {
        kid: issuer.kid(),
        kind,
        expires_at,
        status_index,
        device_key,
        values: claims.iter().map(ClaimValue::encode).collect(),
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
