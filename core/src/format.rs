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

const DAY: u32 = 86_400;
/// A Vietnamese midnight is 17:00 UTC the day before.
const VIETNAM_OFFSET: u32 = 7 * 3600;
/// The last expiry day whose midnight fits the 4-byte time (2106-02-06).
pub const V2_MAX_EXPIRY_DAY: u16 = 49_710;
/// The most seconds a format 2 proof's time may lie before the credential's
/// expiry (3 bytes): the longest a format 2 credential may live.
pub const V2_MAX_LEAD_SECONDS: u32 = (1 << 24) - 1;
/// The status list indexes a format 2 proof can carry (3 bytes).
pub const V2_STATUS_INDEXES: u32 = 1 << 24;

/// Format 2's expiry day (days since 1970-01-01) of an expiry at a
/// Vietnamese midnight; `None` for any other time or one out of range.
pub fn v2_expiry_day(expires_at: u32) -> Option<u16> {
    let shifted = expires_at.checked_add(VIETNAM_OFFSET)?;
    if !shifted.is_multiple_of(DAY) {
        return None;
    }
    u16::try_from(shifted / DAY)
        .ok()
        .filter(|d| (1..=V2_MAX_EXPIRY_DAY).contains(d))
}

/// The expiry (Unix seconds) of a format 2 expiry day.
pub fn v2_expiry_of_day(day: u16) -> Option<u32> {
    if !(1..=V2_MAX_EXPIRY_DAY).contains(&day) {
        return None;
    }
    (u32::from(day) * DAY).checked_sub(VIETNAM_OFFSET)
}

impl Format {
    /// Whether a credential expiring at `expires_at` at `status_index`
    /// travels in this format's proofs (format 2: an expiry at a midnight
    /// in Vietnam, an index below 2^24; format 1: any).
    pub fn carries(self, expires_at: u32, status_index: u32) -> bool {
        match self {
            Self::V1 => true,
            Self::V2 => v2_expiry_day(expires_at).is_some() && status_index < V2_STATUS_INDEXES,
        }
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn expiry_days_are_vietnamese_midnights_within_range() {
        // 2027-01-01 00:00 in Vietnam is 2026-12-31 17:00 UTC.
        let midnight = 1_798_736_400;
        let day = v2_expiry_day(midnight).unwrap();
        assert_eq!(v2_expiry_of_day(day), Some(midnight));
        assert_eq!(v2_expiry_day(midnight + 1), None);
        assert_eq!(v2_expiry_of_day(0), None);
        assert_eq!(v2_expiry_of_day(V2_MAX_EXPIRY_DAY + 1), None);
        assert!(v2_expiry_of_day(V2_MAX_EXPIRY_DAY).is_some());
        assert!(Format::V2.carries(midnight, V2_STATUS_INDEXES - 1));
        assert!(!Format::V2.carries(midnight, V2_STATUS_INDEXES));
        assert!(!Format::V2.carries(midnight + 1, 0));
        assert!(Format::V1.carries(midnight + 1, u32::MAX));
    }
}
