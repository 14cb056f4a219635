//! What a verifier trusts, kept for offline use: the issuers' keys (the trust
//! list) and their revocation status lists (IETF Token Status List), and
//! the checking of their signed forms as the issuer serves them (`signed`).

use std::io::{Read as _, Write as _};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::document::{CareFacility, CareFacilityCode, DocumentType};
use crate::keys::PublicKey;

mod signed;

pub use signed::{SignedListError, SignedTrustList, kid_text, open_status_list, open_trust_list};

/// One trusted issuer key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedIssuer {
    /// The key id proofs carry.
    pub kid: u16,
    /// The issuer's name as people read it.
    pub name: String,
    /// The public key (compressed SEC1, hex).
    #[serde(with = "key_hex")]
    pub public_key: PublicKey,
    /// Which documents this key may sign.
    pub document_types: Vec<DocumentType>,
    /// Trusted from.
    #[serde(with = "time::serde::rfc3339")]
    pub valid_from: OffsetDateTime,
    /// Trusted until (a retired key stays until its last credential expires).
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub valid_until: Option<OffsetDateTime>,
}

/// The list of trusted issuer keys, and the registry of first-care
/// facilities that names the facility codes format 2 proofs carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TrustList {
    /// The keys.
    pub issuers: Vec<TrustedIssuer>,
    /// The facility registry: code and name (absent in lists made before
    /// format 2, which read as an empty registry).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facilities: Vec<CareFacility>,
    /// The keys that register online services: each signs verifier
    /// attestations (OpenID4VP) naming a service and its request key.
    /// Absent in lists made before online services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attesters: Vec<TrustedAttester>,
}

/// A key trusted to attest online services (relying parties): its
/// verifier attestations tell a wallet a service's name and the key that
/// signs its requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedAttester {
    /// The key id its attestations carry (`kid`).
    pub kid: String,
    /// Who registers the services, as people read it.
    pub name: String,
    /// The public key (compressed SEC1, hex).
    #[serde(with = "key_hex")]
    pub public_key: PublicKey,
    /// Trusted from.
    #[serde(with = "time::serde::rfc3339")]
    pub valid_from: OffsetDateTime,
    /// Trusted until.
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub valid_until: Option<OffsetDateTime>,
}

impl TrustList {
    /// The attester with `kid`, trusted at `at` (from `valid_from` to
    /// `valid_until`, both included, as issuer keys are).
    pub fn attester(&self, kid: &str, at: OffsetDateTime) -> Option<&TrustedAttester> {
        self.attesters
            .iter()
            .find(|a| a.kid == kid && a.valid_from <= at && a.valid_until.is_none_or(|u| at <= u))
    }

    /// The key with `kid` trusted for `document` at `at`.
    pub fn find(
        &self,
        kid: u16,
        document: DocumentType,
        at: OffsetDateTime,
    ) -> Option<&TrustedIssuer> {
        self.issuers.iter().find(|i| {
            i.kid == kid
                && i.document_types.contains(&document)
                && i.valid_from <= at
                && i.valid_until.is_none_or(|until| at <= until)
        })
    }

    /// The registered facility with `code` (the first, if listed twice).
    pub fn facility(&self, code: &CareFacilityCode) -> Option<&CareFacility> {
        self.facilities.iter().find(|f| &f.code == code)
    }
}

/// A credential's status in a status list (draft-ietf-oauth-status-list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0x00 VALID.
    Valid,
    /// 0x01 INVALID: revoked for good.
    Revoked,
    /// 0x02 SUSPENDED: may be reinstated.
    Suspended,
    /// Any other value (application-specific); treated as not valid.
    Other(u8),
}

impl Status {
    fn to_bits(self) -> u8 {
        match self {
            Self::Valid => 0,
            Self::Revoked => 1,
            Self::Suspended => 2,
            Self::Other(v) => v,
        }
    }
    fn from_bits(v: u8) -> Self {
        match v {
            0 => Self::Valid,
            1 => Self::Revoked,
            2 => Self::Suspended,
            other => Self::Other(other),
        }
    }
}

const MAX_LIST_BYTES: u64 = 1 << 27;

/// An issuer's status list: `bits` bits per credential, index 0 in the least
/// significant bits of byte 0, as the draft lays it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList {
    kid: u16,
    bits: u8,
    bytes: Vec<u8>,
    issued_at: OffsetDateTime,
}

/// Why a status list could not be read.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StatusListError {
    /// `bits` is not 1, 2, 4 or 8.
    #[error("status list bits must be 1, 2, 4 or 8")]
    Bits,
    /// The list inflates to more than 128 MiB.
    #[error("status list is too long")]
    TooLong,
    /// `lst` is not base64url of zlib data.
    #[error("status list data is not base64url-encoded zlib")]
    Encoding,
}

impl StatusList {
    /// An all-valid list of `len` entries.
    pub fn new(
        kid: u16,
        bits: u8,
        len: usize,
        issued_at: OffsetDateTime,
    ) -> Result<Self, StatusListError> {
        if !matches!(bits, 1 | 2 | 4 | 8) {
            return Err(StatusListError::Bits);
        }
        let bytes = vec![0u8; (len * usize::from(bits)).div_ceil(8)];
        Ok(Self {
            kid,
            bits,
            bytes,
            issued_at,
        })
    }

    /// The issuer key id whose credentials it covers.
    pub fn kid(&self) -> u16 {
        self.kid
    }

    /// Bits per entry: 1, 2, 4 or 8.
    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// The uncompressed list.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// When the issuer made it.
    pub fn issued_at(&self) -> OffsetDateTime {
        self.issued_at
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.bytes.len() * 8 / usize::from(self.bits)
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Stamps the list as made at `at` (the issuer does so on each change).
    pub fn reissue(&mut self, at: OffsetDateTime) {
        self.issued_at = at;
    }

    fn bit_of(&self, index: u32) -> Option<usize> {
        usize::try_from(index)
            .ok()?
            .checked_mul(usize::from(self.bits))
    }

    /// The status at `index`, or `None` past the end.
    pub fn get(&self, index: u32) -> Option<Status> {
        let bit = self.bit_of(index)?;
        let byte = *self.bytes.get(bit / 8)?;
        let mask = ((1u16 << self.bits) - 1) as u8;
        Some(Status::from_bits((byte >> (bit % 8)) & mask))
    }

    /// Sets the status at `index`; `false` past the end.
    pub fn set(&mut self, index: u32, status: Status) -> bool {
        let Some(bit) = self.bit_of(index) else {
            return false;
        };
        let mask = ((1u16 << self.bits) - 1) as u8;
        let Some(byte) = self.bytes.get_mut(bit / 8) else {
            return false;
        };
        let shift = bit % 8;
        *byte = (*byte & !(mask << shift)) | ((status.to_bits() & mask) << shift);
        true
    }

    /// `lst` as the draft sends it: base64url (no padding) of zlib (RFC 1950).
    pub fn lst(&self) -> String {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing into a Vec cannot fail.
        let _ = z.write_all(&self.bytes);
        URL_SAFE_NO_PAD.encode(z.finish().unwrap_or_default())
    }

    /// Reads `lst`.
    pub fn from_lst(
        kid: u16,
        bits: u8,
        lst: &str,
        issued_at: OffsetDateTime,
    ) -> Result<Self, StatusListError> {
        if !matches!(bits, 1 | 2 | 4 | 8) {
            return Err(StatusListError::Bits);
        }
        let compressed = URL_SAFE_NO_PAD
            .decode(lst)
            .map_err(|_| StatusListError::Encoding)?;
        let mut bytes = Vec::new();
        // Bounded: a list of 2^27 bytes covers 500 million 2-bit entries;
        // anything longer is refused, not cut.
        flate2::read::ZlibDecoder::new(compressed.as_slice())
            .take(MAX_LIST_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| StatusListError::Encoding)?;
        if bytes.len() as u64 > MAX_LIST_BYTES {
            return Err(StatusListError::TooLong);
        }
        Ok(Self {
            kid,
            bits,
            bytes,
            issued_at,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct StatusListJson {
    kid: u16,
    #[serde(with = "time::serde::rfc3339")]
    iat: OffsetDateTime,
    status_list: StatusListBody,
}

#[derive(Serialize, Deserialize)]
struct StatusListBody {
    bits: u8,
    lst: String,
}

impl Serialize for StatusList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        StatusListJson {
            kid: self.kid,
            iat: self.issued_at,
            status_list: StatusListBody {
                bits: self.bits,
                lst: self.lst(),
            },
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for StatusList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let json = StatusListJson::deserialize(d)?;
        StatusList::from_lst(
            json.kid,
            json.status_list.bits,
            &json.status_list.lst,
            json.iat,
        )
        .map_err(serde::de::Error::custom)
    }
}

/// What a verifier keeps for offline use: the trust list and the status lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VerifierData {
    /// Trusted issuer keys.
    pub trust_list: TrustList,
    /// One status list per issuer key.
    pub status_lists: Vec<StatusList>,
}

impl VerifierData {
    /// The status list of issuer key `kid`.
    pub fn status_list(&self, kid: u16) -> Option<&StatusList> {
        self.status_lists.iter().find(|l| l.kid == kid)
    }
}

mod key_hex {
    use super::PublicKey;
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};
    pub fn serialize<S: Serializer>(k: &PublicKey, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&k.to_hex())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PublicKey, D::Error> {
        let text: String = Deserialize::deserialize(d)?;
        let bytes = hex::decode(text).map_err(D::Error::custom)?;
        PublicKey::from_sec1(&bytes).map_err(D::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn two_bit_layout_matches_the_draft_example() {
        // draft-ietf-oauth-status-list, 2-bit example: statuses
        // [1,2,0,3,0,1,0,1,1,2,3,3] give bytes c9 44 f9.
        let mut list = StatusList::new(1, 2, 12, OffsetDateTime::UNIX_EPOCH).unwrap();
        for (i, v) in [1u8, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]
            .into_iter()
            .enumerate()
        {
            assert!(list.set(i as u32, Status::from_bits(v)));
        }
        assert_eq!(list.bytes, vec![0xc9, 0x44, 0xf9]);
        assert_eq!(list.get(1), Some(Status::Suspended));
        assert_eq!(list.get(3), Some(Status::Other(3)));
        assert_eq!(list.get(12), None);
        assert!(!list.set(12, Status::Revoked));
    }

    #[test]
    fn lst_round_trips_and_rejects_garbage() {
        let mut list = StatusList::new(7, 2, 1000, OffsetDateTime::UNIX_EPOCH).unwrap();
        list.set(999, Status::Revoked);
        let back = StatusList::from_lst(7, 2, &list.lst(), list.issued_at).unwrap();
        assert_eq!(back, list);
        assert_eq!(back.get(999), Some(Status::Revoked));
        assert!(StatusList::from_lst(7, 2, "!!", list.issued_at).is_err());
        assert!(StatusList::from_lst(7, 3, &list.lst(), list.issued_at).is_err());
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(serde_json::from_str::<StatusList>(&json).unwrap(), list);
    }
}
