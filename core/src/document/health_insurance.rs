//! The health-insurance card (thẻ bảo hiểm y tế).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::Date;

use super::date_format::iso_date;
use super::digits::{check_digits, digits_value};
use super::province::province_name;
use super::{DocumentError, Field, FullName, OrganisationName, Sex};

/// Benefit level (mức hưởng), 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct BenefitLevel(u8);

impl BenefitLevel {
    /// Checks a level.
    pub fn new(level: u8) -> Result<Self, DocumentError> {
        if (1..=5).contains(&level) {
            Ok(Self(level))
        } else {
            Err(DocumentError::OutOfRange(Field::BenefitLevel))
        }
    }

    /// The level, 1 to 5.
    pub fn get(self) -> u8 {
        self.0
    }

    /// Share of covered costs paid by the insurance, in percent.
    pub fn coverage_percent(self) -> u8 {
        match self.0 {
            3 => 95,
            4 => 80,
            _ => 100,
        }
    }
}

impl TryFrom<u8> for BenefitLevel {
    type Error = DocumentError;
    fn try_from(level: u8) -> Result<Self, Self::Error> {
        Self::new(level)
    }
}

impl From<BenefitLevel> for u8 {
    fn from(level: BenefitLevel) -> Self {
        level.0
    }
}

impl fmt::Display for BenefitLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Implements the string conversions of a code newtype with a `parse`.
macro_rules! string_code {
    ($ty:ident) => {
        impl $ty {
            /// The code as printed.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $ty {
            type Err = DocumentError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = DocumentError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> Self {
                value.0
            }
        }
    };
}

/// A 15-character health-insurance card number, e.g. `"DN4010123456789"`:
/// beneficiary group (2 upper-case letters), benefit level (1 digit, 1-5),
/// province (2 digits), social-insurance number (10 digits).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HealthCardNumber(String);

impl HealthCardNumber {
    /// Number of characters.
    pub const LEN: usize = 15;

    /// Checks a card number.
    pub fn parse(s: &str) -> Result<Self, DocumentError> {
        let field = Field::HealthCardNumber;
        if s.is_empty() {
            return Err(DocumentError::Empty(field));
        }
        if !s.is_ascii() {
            return Err(DocumentError::InvalidCharacter(field));
        }
        if s.len() != Self::LEN {
            return Err(DocumentError::WrongLength {
                field,
                expected: Self::LEN,
            });
        }
        let (group, digits) = s.split_at(2);
        if !group.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(DocumentError::InvalidCharacter(field));
        }
        check_digits(digits, field, Self::LEN - 2)?;
        let number = Self(s.to_owned());
        BenefitLevel::new(number.benefit_digit())?;
        Ok(number)
    }

    fn benefit_digit(&self) -> u8 {
        self.0.as_bytes().get(2).map_or(0, |b| b.wrapping_sub(b'0'))
    }

    /// Beneficiary group code, e.g. `"DN"` (employees of enterprises).
    pub fn group_code(&self) -> &str {
        self.0.get(..2).unwrap_or_default()
    }

    /// Benefit level encoded in the number.
    pub fn benefit_level(&self) -> BenefitLevel {
        BenefitLevel(self.benefit_digit())
    }

    /// 2-digit province code, e.g. `"01"`.
    pub fn province_code(&self) -> &str {
        self.0.get(3..5).unwrap_or_default()
    }

    /// Name of the province, if the code is one of the 63 provinces.
    pub fn province_name(&self) -> Option<&'static str> {
        province_name(u16::try_from(digits_value(self.province_code())).ok()?)
    }

    /// 10-digit social-insurance number (mã số bảo hiểm xã hội).
    pub fn social_insurance_number(&self) -> &str {
        self.0.get(5..).unwrap_or_default()
    }
}

string_code!(HealthCardNumber);

/// A 5-digit health-care facility code: 2-digit province, 3-digit facility.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CareFacilityCode(String);

impl CareFacilityCode {
    /// Checks a code such as `"01001"`.
    pub fn parse(s: &str) -> Result<Self, DocumentError> {
        check_digits(s, Field::CareFacilityCode, 5)?;
        Ok(Self(s.to_owned()))
    }

    /// 2-digit province code.
    pub fn province_code(&self) -> &str {
        self.0.get(..2).unwrap_or_default()
    }

    /// 3-digit facility number within the province.
    pub fn facility_number(&self) -> &str {
        self.0.get(2..).unwrap_or_default()
    }
}

string_code!(CareFacilityCode);

/// A health-care facility, e.g. 01001 "Bệnh viện Bạch Mai".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareFacility {
    /// Facility code.
    pub code: CareFacilityCode,
    /// Facility name.
    pub name: OrganisationName,
}

impl CareFacility {
    /// Builds a facility from its code as an integer (leading zeros
    /// implicit, e.g. `1001` for `"01001"`) and its name.
    pub fn from_code_number(code: u64, name: &str) -> Result<Self, DocumentError> {
        if code > 99_999 {
            return Err(DocumentError::OutOfRange(Field::CareFacilityCode));
        }
        Ok(Self {
            code: CareFacilityCode::parse(&format!("{code:05}"))?,
            name: OrganisationName::new(name)?,
        })
    }

    /// The facility code as an integer, e.g. `1001` for `"01001"`.
    pub fn code_number(&self) -> u32 {
        u32::try_from(digits_value(self.code.as_str())).unwrap_or(0)
    }

    /// The 5-digit facility code, e.g. `"01001"`.
    pub fn code_str(&self) -> &str {
        self.code.as_str()
    }
}

/// The fields of a health-insurance card, before the card-level checks.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthInsuranceCardFields {
    /// Card number.
    pub card_number: HealthCardNumber,
    /// Full name.
    pub full_name: FullName,
    /// Date of birth.
    #[serde(with = "iso_date")]
    pub date_of_birth: Date,
    /// Sex.
    pub sex: Sex,
    /// Registered first-care facility (nơi đăng ký khám chữa bệnh ban đầu).
    pub first_care_facility: CareFacility,
    /// First day of validity.
    #[serde(with = "iso_date")]
    pub valid_from: Date,
    /// Last day of validity.
    #[serde(with = "iso_date")]
    pub valid_to: Date,
    /// Benefit level; must equal the one in the card number.
    pub benefit_level: BenefitLevel,
}

/// A checked health-insurance card.
///
/// [`HealthInsuranceCard::new`] checks that the benefit level matches the
/// card number and that birth ≤ valid from ≤ valid to.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "HealthInsuranceCardFields",
    into = "HealthInsuranceCardFields"
)]
pub struct HealthInsuranceCard(HealthInsuranceCardFields);

impl HealthInsuranceCard {
    /// Checks the fields together and builds the card.
    pub fn new(fields: HealthInsuranceCardFields) -> Result<Self, DocumentError> {
        let f = &fields;
        if f.card_number.benefit_level() != f.benefit_level {
            return Err(DocumentError::BenefitLevelMismatch);
        }
        if f.valid_from < f.date_of_birth {
            return Err(DocumentError::DateOrder {
                earlier: Field::DateOfBirth,
                later: Field::ValidFrom,
            });
        }
        if f.valid_to < f.valid_from {
            return Err(DocumentError::DateOrder {
                earlier: Field::ValidFrom,
                later: Field::ValidUntil,
            });
        }
        Ok(Self(fields))
    }

    /// All fields.
    pub fn fields(&self) -> &HealthInsuranceCardFields {
        &self.0
    }

    /// All fields, consuming the card.
    pub fn into_fields(self) -> HealthInsuranceCardFields {
        self.0
    }

    /// Card number.
    pub fn card_number(&self) -> &HealthCardNumber {
        &self.0.card_number
    }

    /// Full name.
    pub fn full_name(&self) -> &FullName {
        &self.0.full_name
    }

    /// Date of birth.
    pub fn date_of_birth(&self) -> Date {
        self.0.date_of_birth
    }

    /// Sex.
    pub fn sex(&self) -> Sex {
        self.0.sex
    }

    /// Registered first-care facility.
    pub fn first_care_facility(&self) -> &CareFacility {
        &self.0.first_care_facility
    }

    /// First day of validity.
    pub fn valid_from(&self) -> Date {
        self.0.valid_from
    }

    /// Last day of validity.
    pub fn valid_to(&self) -> Date {
        self.0.valid_to
    }

    /// Benefit level.
    pub fn benefit_level(&self) -> BenefitLevel {
        self.0.benefit_level
    }

    /// Whether the card is valid on `date` (bounds included).
    pub fn is_valid_on(&self, date: Date) -> bool {
        (self.0.valid_from..=self.0.valid_to).contains(&date)
    }
}

impl TryFrom<HealthInsuranceCardFields> for HealthInsuranceCard {
    type Error = DocumentError;
    fn try_from(fields: HealthInsuranceCardFields) -> Result<Self, Self::Error> {
        Self::new(fields)
    }
}

impl From<HealthInsuranceCard> for HealthInsuranceCardFields {
    fn from(card: HealthInsuranceCard) -> Self {
        card.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::date;

    fn number(s: &str) -> Result<HealthCardNumber, DocumentError> {
        HealthCardNumber::parse(s)
    }

    fn fields() -> HealthInsuranceCardFields {
        HealthInsuranceCardFields {
            card_number: number("DN4010123456789").unwrap(),
            full_name: FullName::new("Nguyễn Thị Thanh Hương").unwrap(),
            date_of_birth: date!(1990 - 05 - 17),
            sex: Sex::Female,
            first_care_facility: CareFacility {
                code: CareFacilityCode::parse("01001").unwrap(),
                name: OrganisationName::new("Bệnh viện Bạch Mai").unwrap(),
            },
            valid_from: date!(2026 - 01 - 01),
            valid_to: date!(2026 - 12 - 31),
            benefit_level: BenefitLevel::new(4).unwrap(),
        }
    }

    #[test]
    fn parses_card_numbers() {
        let n = number("DN4010123456789").unwrap();
        assert_eq!(n.group_code(), "DN");
        assert_eq!(n.benefit_level().get(), 4);
        assert_eq!(n.province_code(), "01");
        assert_eq!(n.province_name(), Some("Hà Nội"));
        assert_eq!(n.social_insurance_number(), "0123456789");
        assert_eq!(
            number("TE1790000000001").unwrap().province_name(),
            Some("Hồ Chí Minh")
        );
        assert_eq!(number("HT3970000000001").unwrap().province_name(), None);
    }

    #[test]
    fn rejects_bad_card_numbers() {
        let f = Field::HealthCardNumber;
        assert_eq!(
            number("DN401012345678"),
            Err(DocumentError::WrongLength {
                field: f,
                expected: 15
            })
        );
        assert_eq!(
            number("dn4010123456789"),
            Err(DocumentError::InvalidCharacter(f))
        );
        assert_eq!(
            number("D14010123456789"),
            Err(DocumentError::InvalidCharacter(f))
        );
        assert_eq!(
            number("ĐN401012345678"),
            Err(DocumentError::InvalidCharacter(f))
        );
        assert_eq!(number("DN40101234567X9"), Err(DocumentError::NotDigits(f)));
        assert_eq!(
            number("DN0010123456789"),
            Err(DocumentError::OutOfRange(Field::BenefitLevel))
        );
        assert_eq!(
            number("DN6010123456789"),
            Err(DocumentError::OutOfRange(Field::BenefitLevel))
        );
        assert_eq!(number(""), Err(DocumentError::Empty(f)));
    }

    #[test]
    fn benefit_levels() {
        let pct: Vec<u8> = (1..=5)
            .map(|l| BenefitLevel::new(l).unwrap().coverage_percent())
            .collect();
        assert_eq!(pct, [100, 100, 95, 80, 100]);
        assert!(BenefitLevel::new(0).is_err());
        assert!(BenefitLevel::new(6).is_err());
    }

    #[test]
    fn care_facility_codes() {
        let c = CareFacilityCode::parse("01001").unwrap();
        assert_eq!((c.province_code(), c.facility_number()), ("01", "001"));
        assert!(CareFacilityCode::parse("0100").is_err());
        let f = CareFacility::from_code_number(1001, "Bệnh viện Bạch Mai").unwrap();
        assert_eq!((f.code_str(), f.code_number()), ("01001", 1001));
        assert!(CareFacility::from_code_number(100_000, "X").is_err());
        assert!(CareFacility::from_code_number(1001, "").is_err());
        assert!(CareFacilityCode::parse("01A01").is_err());
    }

    #[test]
    fn card_checks() {
        let card = HealthInsuranceCard::new(fields()).unwrap();
        assert!(card.is_valid_on(date!(2026 - 12 - 31)));
        assert!(!card.is_valid_on(date!(2027 - 01 - 01)));
        let mismatch = HealthInsuranceCardFields {
            benefit_level: BenefitLevel::new(3).unwrap(),
            ..fields()
        };
        assert_eq!(
            HealthInsuranceCard::new(mismatch),
            Err(DocumentError::BenefitLevelMismatch)
        );
        let reversed = HealthInsuranceCardFields {
            valid_to: date!(2025 - 12 - 31),
            ..fields()
        };
        assert_eq!(
            HealthInsuranceCard::new(reversed),
            Err(DocumentError::DateOrder {
                earlier: Field::ValidFrom,
                later: Field::ValidUntil
            })
        );
        let unborn = HealthInsuranceCardFields {
            date_of_birth: date!(2026 - 01 - 02),
            ..fields()
        };
        assert_eq!(
            HealthInsuranceCard::new(unborn),
            Err(DocumentError::DateOrder {
                earlier: Field::DateOfBirth,
                later: Field::ValidFrom
            })
        );
    }

    #[test]
    fn serde_round_trip_and_refusals() {
        let card = HealthInsuranceCard::new(fields()).unwrap();
        let json = serde_json::to_string(&card).unwrap();
        assert!(json.contains("\"benefit_level\":4"));
        assert_eq!(
            serde_json::from_str::<HealthInsuranceCard>(&json).unwrap(),
            card
        );
        let refuse = |key: &str, value: serde_json::Value| {
            let mut v = serde_json::to_value(&card).unwrap();
            v[key] = value;
            assert!(
                serde_json::from_value::<HealthInsuranceCard>(v).is_err(),
                "{key}"
            );
        };
        refuse("benefit_level", 3.into());
        refuse("benefit_level", 9.into());
        refuse("card_number", "DN9010123456789".into());
        refuse("valid_to", "2025-01-01".into());
        refuse(
            "first_care_facility",
            serde_json::json!({ "code": "1001", "name": "X" }),
        );
    }
}

crate::document::redacted_debug!(HealthCardNumber);

crate::document::redacted_debug!(HealthInsuranceCardFields);

crate::document::redacted_debug!(HealthInsuranceCard);
