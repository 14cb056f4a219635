//! The citizen identity card (thẻ căn cước) and its 12-digit personal
//! identification number.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::Date;

use super::age::{age_on, anniversary};
use super::date_format::{iso_date, iso_date_option};
use super::digits::{check_digits, digits_value};
use super::province::province_name;
use super::{DocumentError, Field, FullName, Nationality, Place, Sex};

/// A 12-digit personal identification number (số định danh cá nhân).
///
/// Layout: 3-digit province of birth, 1 century-and-sex digit, the last two
/// digits of the year of birth, then a 6-digit serial.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonalIdNumber(String);

impl PersonalIdNumber {
    /// Number of digits.
    pub const LEN: usize = 12;

    /// Checks a number such as `"001190012345"`.
    pub fn parse(s: &str) -> Result<Self, DocumentError> {
        let field = Field::PersonalIdNumber;
        check_digits(s, field, Self::LEN)?;
        let number = Self(s.to_owned());
        if number.province_name().is_none() {
            return Err(DocumentError::UnknownProvince(field));
        }
        Ok(number)
    }

    /// The number as an integer; leading zeros are then implicit.
    pub fn from_u64(n: u64) -> Result<Self, DocumentError> {
        if n > 999_999_999_999 {
            return Err(DocumentError::OutOfRange(Field::PersonalIdNumber));
        }
        Self::parse(&format!("{n:012}"))
    }

    /// The number as an integer (without its leading zeros).
    pub fn to_u64(&self) -> u64 {
        digits_value(&self.0)
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 3-digit province-of-birth code, e.g. `"001"`.
    pub fn province_code(&self) -> &str {
        self.0.get(..3).unwrap_or_default()
    }

    /// Name of the province of birth (before the 2025 mergers), e.g. "Hà Nội".
    pub fn province_name(&self) -> Option<&'static str> {
        let code = u16::try_from(digits_value(self.province_code())).ok()?;
        province_name(code)
    }

    fn century_sex_digit(&self) -> u8 {
        self.0.as_bytes().get(3).map_or(0, |b| b.wrapping_sub(b'0'))
    }

    /// First year of the century of birth: 1900, 2000, 2100, 2200 or 2300.
    pub fn birth_century_start(&self) -> i32 {
        1900 + 100 * i32::from(self.century_sex_digit() / 2)
    }

    /// Sex encoded in the number: even digit male, odd digit female.
    pub fn sex(&self) -> Sex {
        if self.century_sex_digit().is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Year of birth encoded in the number.
    pub fn birth_year(&self) -> i32 {
        let yy = digits_value(self.0.get(4..6).unwrap_or_default());
        self.birth_century_start() + i32::try_from(yy).unwrap_or(0)
    }

    /// The 6-digit serial.
    pub fn serial(&self) -> &str {
        self.0.get(6..).unwrap_or_default()
    }

    /// Checks that the number encodes this year of birth and sex.
    pub fn check_against(&self, date_of_birth: Date, sex: Sex) -> Result<(), DocumentError> {
        let start = self.birth_century_start();
        if !(start..start + 100).contains(&date_of_birth.year()) {
            return Err(DocumentError::IdCenturyMismatch);
        }
        if self.sex() != sex {
            return Err(DocumentError::IdSexMismatch);
        }
        if self.birth_year() != date_of_birth.year() {
            return Err(DocumentError::IdBirthYearMismatch);
        }
        Ok(())
    }
}

impl fmt::Display for PersonalIdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PersonalIdNumber {
    type Err = DocumentError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for PersonalIdNumber {
    type Error = DocumentError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PersonalIdNumber> for String {
    fn from(value: PersonalIdNumber) -> Self {
        value.0
    }
}

/// The fields of an identity card, before the card-level checks.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalIdCardFields {
    /// Personal identification number.
    pub number: PersonalIdNumber,
    /// Full name.
    pub full_name: FullName,
    /// Date of birth.
    #[serde(with = "iso_date")]
    pub date_of_birth: Date,
    /// Sex.
    pub sex: Sex,
    /// Nationality; `VNM` when absent from JSON.
    #[serde(default)]
    pub nationality: Nationality,
    /// Place of origin (quê quán / nơi đăng ký khai sinh).
    pub place_of_origin: Place,
    /// Place of residence (nơi thường trú / nơi cư trú).
    pub place_of_residence: Place,
    /// Date of issue.
    #[serde(with = "iso_date")]
    pub date_of_issue: Date,
    /// Date of expiry; `None` for cards that never expire.
    #[serde(with = "iso_date_option")]
    pub date_of_expiry: Option<Date>,
    /// SHA-256 digest of the portrait, as hex in JSON.
    #[serde(with = "digest_hex", default)]
    pub portrait_digest: Option<[u8; 32]>,
}

/// A checked citizen identity card.
///
/// Built with [`NationalIdCard::new`], which checks that the number matches
/// the date of birth and sex, that birth ≤ issue ≤ expiry, and that only
/// cards issued at age 58 or over lack an expiry date (such cards are valid
/// for life: the last renewal is due at 60, and a card issued in the two
/// years before a renewal age stays valid until the next one).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "NationalIdCardFields", into = "NationalIdCardFields")]
pub struct NationalIdCard(NationalIdCardFields);

impl NationalIdCard {
    /// Age at issue from which a card carries no expiry date.
    pub const NO_EXPIRY_FROM_AGE: u32 = 58;

    /// Checks the fields together and builds the card.
    pub fn new(fields: NationalIdCardFields) -> Result<Self, DocumentError> {
        let f = &fields;
        f.number.check_against(f.date_of_birth, f.sex)?;
        if f.date_of_issue < f.date_of_birth {
            return Err(DocumentError::DateOrder {
                earlier: Field::DateOfBirth,
                later: Field::DateOfIssue,
            });
        }
        let lifelong = age_on(f.date_of_birth, f.date_of_issue) >= Self::NO_EXPIRY_FROM_AGE;
        match f.date_of_expiry {
            Some(expiry) if expiry < f.date_of_issue => {
                return Err(DocumentError::DateOrder {
                    earlier: Field::DateOfIssue,
                    later: Field::DateOfExpiry,
                });
            }
            Some(_) if lifelong => {
                return Err(DocumentError::ExpiryNotAllowed(Field::DateOfExpiry));
            }
            None if !lifelong => return Err(DocumentError::ExpiryRequired(Field::DateOfExpiry)),
            _ => {}
        }
        Ok(Self(fields))
    }

    /// All fields.
    pub fn fields(&self) -> &NationalIdCardFields {
        &self.0
    }

    /// All fields, consuming the card.
    pub fn into_fields(self) -> NationalIdCardFields {
        self.0
    }

    /// Personal identification number.
    pub fn number(&self) -> &PersonalIdNumber {
        &self.0.number
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

    /// Nationality.
    pub fn nationality(&self) -> Nationality {
        self.0.nationality
    }

    /// Place of origin.
    pub fn place_of_origin(&self) -> &Place {
        &self.0.place_of_origin
    }

    /// Place of residence.
    pub fn place_of_residence(&self) -> &Place {
        &self.0.place_of_residence
    }

    /// Date of issue.
    pub fn date_of_issue(&self) -> Date {
        self.0.date_of_issue
    }

    /// Date of expiry; `None` if the card never expires.
    pub fn date_of_expiry(&self) -> Option<Date> {
        self.0.date_of_expiry
    }

    /// SHA-256 digest of the portrait, if known.
    pub fn portrait_digest(&self) -> Option<&[u8; 32]> {
        self.0.portrait_digest.as_ref()
    }

    /// Whether the card is valid on `date` (issue ≤ date ≤ expiry).
    pub fn is_valid_on(&self, date: Date) -> bool {
        self.0.date_of_issue <= date && self.0.date_of_expiry.is_none_or(|e| date <= e)
    }

    /// Age in whole years on `date`; 0 before birth. Someone born on
    /// 29 February gains a year on 1 March in common years.
    pub fn age_on(&self, date: Date) -> u32 {
        age_on(self.0.date_of_birth, date)
    }

    /// Whether the holder is at least `years` old on `date`.
    pub fn is_age_over(&self, years: u32, date: Date) -> bool {
        self.age_on(date) >= years
    }

    /// The day the holder turns `years` old (1 March in common years for a
    /// 29 February birth); [`Date::MAX`] if beyond representable dates.
    pub fn age_threshold_changes_on(&self, years: u32) -> Date {
        anniversary(self.0.date_of_birth, years)
    }
}

impl TryFrom<NationalIdCardFields> for NationalIdCard {
    type Error = DocumentError;
    fn try_from(fields: NationalIdCardFields) -> Result<Self, Self::Error> {
        Self::new(fields)
    }
}

impl From<NationalIdCard> for NationalIdCardFields {
    fn from(card: NationalIdCard) -> Self {
        card.0
    }
}

/// `Option<[u8; 32]>` as a 64-character hex string or `null`.
mod digest_hex {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    #[allow(clippy::ref_option)] // serde's `with` passes `&Option<T>`
    pub(super) fn serialize<S: Serializer>(
        digest: &Option<[u8; 32]>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match digest {
            Some(bytes) => serializer.serialize_some(&hex::encode(bytes)),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<[u8; 32]>, D::Error> {
        let Some(text) = Option::<String>::deserialize(deserializer)? else {
            return Ok(None);
        };
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(&text, &mut bytes)
            .map_err(|_| D::Error::custom("portrait digest must be 64 hex digits"))?;
        Ok(Some(bytes))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::date;

    fn id(s: &str) -> Result<PersonalIdNumber, DocumentError> {
        PersonalIdNumber::parse(s)
    }

    fn fields() -> NationalIdCardFields {
        NationalIdCardFields {
            number: id("001190012345").unwrap(),
            full_name: FullName::new("Nguyễn Thị Thanh Hương").unwrap(),
            date_of_birth: date!(1990 - 05 - 17),
            sex: Sex::Female,
            nationality: Nationality::VIETNAM,
            place_of_origin: Place::new("Xã Phù Đổng, Huyện Gia Lâm, Hà Nội").unwrap(),
            place_of_residence: Place::new("Số 12 Phố Hàng Bạc, Hà Nội").unwrap(),
            date_of_issue: date!(2021 - 04 - 10),
            date_of_expiry: Some(date!(2030 - 05 - 17)),
            portrait_digest: None,
        }
    }

    #[test]
    fn parses_valid_numbers() {
        let n = id("001190012345").unwrap();
        assert_eq!(n.as_str(), "001190012345");
        assert_eq!(n.province_code(), "001");
        assert_eq!(n.province_name(), Some("Hà Nội"));
        assert_eq!(n.sex(), Sex::Female);
        assert_eq!(n.birth_century_start(), 1900);
        assert_eq!(n.birth_year(), 1990);
        assert_eq!(n.serial(), "012345");
        let m = id("079205000001").unwrap();
        assert_eq!(m.province_name(), Some("Hồ Chí Minh"));
        assert_eq!((m.sex(), m.birth_year()), (Sex::Male, 2005));
        assert_eq!(id("096999999999").unwrap().birth_century_start(), 2300);
    }

    #[test]
    fn rejects_invalid_numbers() {
        let f = Field::PersonalIdNumber;
        let wrong_len = Err(DocumentError::WrongLength {
            field: f,
            expected: 12,
        });
        assert_eq!(id("00119001234"), wrong_len);
        assert_eq!(id("0011900123456"), wrong_len);
        assert_eq!(id(""), Err(DocumentError::Empty(f)));
        assert_eq!(id("00119001234A"), Err(DocumentError::NotDigits(f)));
        assert_eq!(id("001 90012345"), Err(DocumentError::NotDigits(f)));
        assert_eq!(id("００１190012345"), Err(DocumentError::NotDigits(f)));
        assert_eq!(id("003190012345"), Err(DocumentError::UnknownProvince(f)));
        assert_eq!(id("000190012345"), Err(DocumentError::UnknownProvince(f)));
        assert_eq!(id("097190012345"), Err(DocumentError::UnknownProvince(f)));
    }

    #[test]
    fn integer_round_trip_restores_leading_zeros() {
        let n = id("001190012345").unwrap();
        assert_eq!(n.to_u64(), 1_190_012_345);
        assert_eq!(PersonalIdNumber::from_u64(1_190_012_345).unwrap(), n);
        assert_eq!(
            PersonalIdNumber::from_u64(1_000_000_000_000),
            Err(DocumentError::OutOfRange(Field::PersonalIdNumber))
        );
        assert!(PersonalIdNumber::from_u64(3_190_012_345).is_err());
    }

    #[test]
    fn check_against_birth_and_sex() {
        let n = id("001190012345").unwrap();
        assert_eq!(n.check_against(date!(1990 - 05 - 17), Sex::Female), Ok(()));
        assert_eq!(
            n.check_against(date!(2090 - 05 - 17), Sex::Female),
            Err(DocumentError::IdCenturyMismatch)
        );
        assert_eq!(
            n.check_against(date!(1990 - 05 - 17), Sex::Male),
            Err(DocumentError::IdSexMismatch)
        );
        assert_eq!(
            n.check_against(date!(1991 - 05 - 17), Sex::Female),
            Err(DocumentError::IdBirthYearMismatch)
        );
        let boy_2005 = id("001205000001").unwrap();
        assert_eq!(
            boy_2005.check_against(date!(2005 - 01 - 01), Sex::Male),
            Ok(())
        );
        assert_eq!(
            boy_2005.check_against(date!(1905 - 01 - 01), Sex::Male),
            Err(DocumentError::IdCenturyMismatch)
        );
    }

    #[test]
    fn card_checks_number_against_holder() {
        let mut f = fields();
        f.sex = Sex::Male;
        assert_eq!(NationalIdCard::new(f), Err(DocumentError::IdSexMismatch));
        let mut f = fields();
        f.date_of_birth = date!(1991 - 05 - 17);
        assert_eq!(
            NationalIdCard::new(f),
            Err(DocumentError::IdBirthYearMismatch)
        );
    }

    #[test]
    fn card_checks_date_order() {
        let mut f = fields();
        f.date_of_issue = date!(1990 - 05 - 16);
        assert_eq!(
            NationalIdCard::new(f),
            Err(DocumentError::DateOrder {
                earlier: Field::DateOfBirth,
                later: Field::DateOfIssue
            })
        );
        let mut f = fields();
        f.date_of_expiry = Some(date!(2021 - 04 - 09));
        assert_eq!(
            NationalIdCard::new(f),
            Err(DocumentError::DateOrder {
                earlier: Field::DateOfIssue,
                later: Field::DateOfExpiry
            })
        );
    }

    #[test]
    fn expiry_rules_depend_on_age_at_issue() {
        let mut f = fields();
        f.date_of_expiry = None;
        assert_eq!(
            NationalIdCard::new(f.clone()),
            Err(DocumentError::ExpiryRequired(Field::DateOfExpiry))
        );
        // Turns 58 on 2048-05-17.
        f.date_of_issue = date!(2048 - 05 - 17);
        assert!(NationalIdCard::new(f.clone()).is_ok());
        f.date_of_expiry = Some(date!(2050 - 05 - 17));
        assert_eq!(
            NationalIdCard::new(f.clone()),
            Err(DocumentError::ExpiryNotAllowed(Field::DateOfExpiry))
        );
        f.date_of_issue = date!(2048 - 05 - 16);
        assert!(NationalIdCard::new(f).is_ok());
    }

    #[test]
    fn ages() {
        let card = NationalIdCard::new(fields()).unwrap();
        assert_eq!(card.age_on(date!(2008 - 05 - 16)), 17);
        assert_eq!(card.age_on(date!(2008 - 05 - 17)), 18);
        assert!(!card.is_age_over(18, date!(2008 - 05 - 16)));
        assert!(card.is_age_over(18, date!(2008 - 05 - 17)));
        assert_eq!(card.age_threshold_changes_on(18), date!(2008 - 05 - 17));
        assert!(card.is_valid_on(date!(2030 - 05 - 17)));
        assert!(!card.is_valid_on(date!(2030 - 05 - 18)));
        assert!(!card.is_valid_on(date!(2021 - 04 - 09)));
    }

    #[test]
    fn leap_day_holder() {
        let mut f = fields();
        f.number = id("001204000001").unwrap();
        f.sex = Sex::Male;
        f.date_of_birth = date!(2004 - 02 - 29);
        f.date_of_issue = date!(2021 - 04 - 10);
        f.date_of_expiry = Some(date!(2029 - 03 - 01));
        let card = NationalIdCard::new(f).unwrap();
        assert_eq!(card.age_threshold_changes_on(18), date!(2022 - 03 - 01));
        assert_eq!(card.age_threshold_changes_on(20), date!(2024 - 02 - 29));
        assert!(!card.is_age_over(18, date!(2022 - 02 - 28)));
        assert!(card.is_age_over(18, date!(2022 - 03 - 01)));
        assert_eq!(card.age_on(date!(2024 - 02 - 28)), 19);
        assert_eq!(card.age_on(date!(2024 - 02 - 29)), 20);
    }

    #[test]
    fn serde_round_trip_with_digest() {
        let mut f = fields();
        f.portrait_digest = Some([0xab; 32]);
        let card = NationalIdCard::new(f).unwrap();
        let json = serde_json::to_string(&card).unwrap();
        assert!(json.contains("\"date_of_birth\":\"1990-05-17\""));
        assert!(json.contains(&"ab".repeat(32)));
        assert_eq!(serde_json::from_str::<NationalIdCard>(&json).unwrap(), card);
    }

    #[test]
    fn serde_refuses_invalid_values() {
        let card = NationalIdCard::new(fields()).unwrap();
        let good = serde_json::to_value(&card).unwrap();
        let refuse = |key: &str, value: serde_json::Value| {
            let mut v = good.clone();
            v[key] = value;
            assert!(
                serde_json::from_value::<NationalIdCard>(v).is_err(),
                "{key}"
            );
        };
        refuse("number", "003190012345".into());
        refuse("number", "001190012345x".into());
        refuse("sex", "male".into());
        refuse("sex", "other".into());
        refuse("full_name", "Hương 2".into());
        refuse("date_of_birth", "1990-02-30".into());
        refuse("date_of_issue", "1980-01-01".into());
        refuse("date_of_expiry", serde_json::Value::Null);
        refuse("nationality", "Vietnam".into());
        refuse("portrait_digest", "abcd".into());
        let mut v = good.clone();
        v["extra"] = 1.into();
        assert!(serde_json::from_value::<NationalIdCard>(v).is_err());
    }
}

crate::document::redacted_debug!(PersonalIdNumber);

crate::document::redacted_debug!(NationalIdCardFields);

crate::document::redacted_debug!(NationalIdCard);
