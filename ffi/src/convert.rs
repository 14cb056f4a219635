//! Conversions shared by the exports: times, dates, counts and the
//! enums both the wallet and the verifier show.

use time::{Date, OffsetDateTime};
use vidi_core::claims::{Claim, ClaimId};
use vidi_core::document;

use crate::error::VidiError;

/// Unix seconds.
pub(crate) fn unix(at: OffsetDateTime) -> i64 {
    at.unix_timestamp()
}

/// `now_unix` when given, else the system clock.
pub(crate) fn now_or(now_unix: Option<i64>) -> Result<OffsetDateTime, VidiError> {
    match now_unix {
        None => Ok(OffsetDateTime::now_utc()),
        Some(t) => OffsetDateTime::from_unix_timestamp(t)
            .map_err(|_| VidiError::invalid("the time is out of range")),
    }
}

/// A calendar date as ISO 8601 (`2031-05-14`).
pub(crate) fn iso_date(date: Date) -> String {
    date.to_string()
}

/// A count for the foreign side (uniffi has no `usize`).
pub(crate) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One of the three documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum DocumentType {
    /// Thẻ căn cước, the national ID card.
    NationalId,
    /// Giấy phép lái xe, the driving licence.
    DrivingLicence,
    /// Thẻ bảo hiểm y tế, the health insurance card.
    HealthInsurance,
}

impl From<document::DocumentType> for DocumentType {
    fn from(t: document::DocumentType) -> Self {
        match t {
            document::DocumentType::NationalId => Self::NationalId,
            document::DocumentType::DrivingLicence => Self::DrivingLicence,
            document::DocumentType::HealthInsurance => Self::HealthInsurance,
        }
    }
}

/// A field as people read it: its label in Vietnamese and English and its
/// value (dates as dd/mm/yyyy, as printed on Vietnamese cards).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DisplayField {
    /// The claim's machine name (`full_name`, `age_over_18`, ...), as
    /// `Disclose::Claims` takes it.
    pub claim: String,
    /// The label in Vietnamese.
    pub label_vi: String,
    /// The label in English.
    pub label_en: String,
    /// The value as people read it.
    pub value: String,
}

impl From<&Claim> for DisplayField {
    fn from(claim: &Claim) -> Self {
        Self {
            claim: claim.id.name(),
            label_vi: claim.id.label_vi(),
            label_en: claim.id.label_en(),
            value: claim.value.display(),
        }
    }
}

/// A claim a document can show, for a chooser.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ClaimLabel {
    /// The machine name, as `Disclose::Claims` takes it.
    pub name: String,
    /// The label in Vietnamese.
    pub label_vi: String,
    /// The label in English.
    pub label_en: String,
}

impl From<ClaimId> for ClaimLabel {
    fn from(id: ClaimId) -> Self {
        Self {
            name: id.name(),
            label_vi: id.label_vi(),
            label_en: id.label_en(),
        }
    }
}
