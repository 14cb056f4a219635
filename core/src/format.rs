//! The checkpoint proof's format versions (`docs/proof-format.md`).
//!
//! Verifiers read both; wallets make format 2 from the credentials issued
//! for it, and format 1 only from credentials issued before it existed.

use serde::{Deserialize, Serialize};

/// A proof format version.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "u8", into = "u8")]
pub enum Format {
    /// Format 1: every credential a claim tree, 4-byte times.
    #[default]
    V1,
    /// Format 2: preset credentials without a tree, compact header and
    /// texts, the facility as its code.
    V2,
}

impl Format {
    /// What issuers issue and wallets make.
    pub const CURRENT: Format = Format::V2;

    /// The version number in the statement and the prefix.
    pub const fn number(self) -> u8 {
        match self {
            Self::V1 => 1,
            Self::V2 => 2,
        }
    }

    /// The text prefix, `VD1:` or `VD2:`.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::V1 => "VD1:",
            Self::V2 => "VD2:",
        }
    }

    /// The format of a version number.
    pub fn from_number(number: u8) -> Option<Self> {
        match number {
            1 => Some(Self::V1),
            2 => Some(Self::V2),
            _ => None,
        }
    }

    /// Whether a credential of this format is format 1 (skipped when stored,
    /// so that records written before format 2 read back unchanged).
    pub fn is_v1(&self) -> bool {
        *self == Self::V1
    }
}

impl From<Format> for u8 {
    fn from(format: Format) -> u8 {
        format.number()
    }
}

impl TryFrom<u8> for Format {
    type Error = String;
    fn try_from(number: u8) -> Result<Self, String> {
        Self::from_number(number).ok_or_else(|| format!("unknown proof format {number}"))
    }
}
