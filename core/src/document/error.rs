//! The one error type of the documents module.
//!
//! Messages say which field is wrong and why; they never carry the value.

use std::fmt;

/// A document field, named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// Full name of the holder.
    FullName,
    /// Place of origin, place of residence or another address.
    Place,
    /// Issuing authority or care facility name.
    OrganisationName,
    /// Nationality code.
    Nationality,
    /// 12-digit personal identification number.
    PersonalIdNumber,
    /// Driving licence number.
    LicenceNumber,
    /// Driving licence class.
    LicenceClass,
    /// Health-insurance card number.
    HealthCardNumber,
    /// Health-insurance benefit level.
    BenefitLevel,
    /// Code of a health-care facility.
    CareFacilityCode,
    /// Portrait digest.
    PortraitDigest,
    /// Date of birth.
    DateOfBirth,
    /// Date of issue.
    DateOfIssue,
    /// Date of expiry.
    DateOfExpiry,
    /// First day of validity.
    ValidFrom,
    /// Last day of validity.
    ValidUntil,
}

impl Field {
    /// English name of the field, as used in error messages.
    pub const fn name(self) -> &'static str {
        match self {
            Self::FullName => "full name",
            Self::Place => "place",
            Self::OrganisationName => "organisation name",
            Self::Nationality => "nationality",
            Self::PersonalIdNumber => "personal ID number",
            Self::LicenceNumber => "licence number",
            Self::LicenceClass => "licence class",
            Self::HealthCardNumber => "health-insurance card number",
            Self::BenefitLevel => "benefit level",
            Self::CareFacilityCode => "care facility code",
            Self::PortraitDigest => "portrait digest",
            Self::DateOfBirth => "date of birth",
            Self::DateOfIssue => "date of issue",
            Self::DateOfExpiry => "date of expiry",
            Self::ValidFrom => "valid-from date",
            Self::ValidUntil => "valid-until date",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a document or one of its fields was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The field is empty.
    #[error("{0} is empty")]
    Empty(Field),
    /// The field has more characters than allowed.
    #[error("{field} is too long (at most {max} characters)")]
    TooLong {
        /// The field.
        field: Field,
        /// Maximum number of characters.
        max: usize,
    },
    /// The field must have a fixed number of characters.
    #[error("{field} must have exactly {expected} characters")]
    WrongLength {
        /// The field.
        field: Field,
        /// Required number of characters.
        expected: usize,
    },
    /// The field may contain only ASCII digits.
    #[error("{0} may contain only the digits 0-9")]
    NotDigits(Field),
    /// The field contains a character its rules do not allow.
    #[error("{0} contains a character that is not allowed")]
    InvalidCharacter(Field),
    /// The field holds a code that is not in the list of known codes.
    #[error("{0} is not a known code")]
    UnknownCode(Field),
    /// The field's province code is not a known province.
    #[error("{0} has an unknown province code")]
    UnknownProvince(Field),
    /// A number is outside its allowed range.
    #[error("{0} is out of range")]
    OutOfRange(Field),
    /// The century digit of the personal ID number does not fit the year of birth.
    #[error("personal ID number century digit does not match the century of the date of birth")]
    IdCenturyMismatch,
    /// The sex digit of the personal ID number does not fit the sex.
    #[error("personal ID number sex digit does not match the sex")]
    IdSexMismatch,
    /// The year digits of the personal ID number do not fit the year of birth.
    #[error("personal ID number birth-year digits do not match the date of birth")]
    IdBirthYearMismatch,
    /// Two dates are in the wrong order.
    #[error("{later} is before {earlier}")]
    DateOrder {
        /// The date that must come first.
        earlier: Field,
        /// The date that must not come before `earlier`.
        later: Field,
    },
    /// The document must carry an expiry date.
    #[error("{0} is required for this document")]
    ExpiryRequired(Field),
    /// The document must not carry an expiry date.
    #[error("{0} must be absent for this document")]
    ExpiryNotAllowed(Field),
    /// A driving licence lists no class.
    #[error("licence class list is empty")]
    NoLicenceClasses,
    /// A driving licence lists a class twice.
    #[error("licence class list contains a class twice")]
    DuplicateLicenceClass,
    /// A licence class starts before the holder reached its minimum age.
    #[error(
        "licence class valid-from date is before the holder reached the minimum age of {minimum}"
    )]
    UnderMinimumAge {
        /// Minimum age in whole years for the class.
        minimum: u8,
    },
    /// The benefit level in the card number differs from the card's benefit level.
    #[error("benefit level does not match the benefit digit of the health-insurance card number")]
    BenefitLevelMismatch,
}
