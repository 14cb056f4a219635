//! The driving licence (giấy phép lái xe).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::Date;

use super::age::anniversary;
use super::date_format::{iso_date, iso_date_option};
use super::digits::{check_digits, digits_value};
use super::{DocumentError, Field, FullName, LicenceClass, OrganisationName};

/// A 12-digit driving licence number.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LicenceNumber(String);

impl LicenceNumber {
    /// Number of digits.
    pub const LEN: usize = 12;

    /// Checks a number such as `"012345678901"`.
    pub fn parse(s: &str) -> Result<Self, DocumentError> {
        check_digits(s, Field::LicenceNumber, Self::LEN)?;
        Ok(Self(s.to_owned()))
    }

    /// The number as an integer; leading zeros are then implicit.
    pub fn from_u64(n: u64) -> Result<Self, DocumentError> {
        if n > 999_999_999_999 {
            return Err(DocumentError::OutOfRange(Field::LicenceNumber));
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
}

impl fmt::Display for LicenceNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for LicenceNumber {
    type Err = DocumentError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for LicenceNumber {
    type Error = DocumentError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<LicenceNumber> for String {
    fn from(value: LicenceNumber) -> Self {
        value.0
    }
}

/// One class held on a licence and the days it is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenceClassEntry {
    /// The class.
    pub class: LicenceClass,
    /// First day the class may be used.
    #[serde(with = "iso_date")]
    pub valid_from: Date,
    /// Last day the class may be used; `None` for no expiry.
    #[serde(with = "iso_date_option")]
    pub valid_until: Option<Date>,
}

impl LicenceClassEntry {
    /// Whether the entry covers `date` (bounds included).
    pub fn is_valid_on(&self, date: Date) -> bool {
        self.valid_from <= date && self.valid_until.is_none_or(|u| date <= u)
    }
}

/// The fields of a driving licence, before the licence-level checks.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrivingLicenceFields {
    /// Licence number.
    pub number: LicenceNumber,
    /// Full name.
    pub full_name: FullName,
    /// Date of birth.
    #[serde(with = "iso_date")]
    pub date_of_birth: Date,
    /// Classes held, each at most once.
    pub classes: Vec<LicenceClassEntry>,
    /// Date the card was issued.
    #[serde(with = "iso_date")]
    pub date_of_issue: Date,
    /// Issuing authority, e.g. "Sở Giao thông vận tải Hà Nội".
    pub issuing_authority: OrganisationName,
}

/// A checked driving licence.
///
/// [`DrivingLicence::new`] checks that at least one class is listed, none
/// twice; birth ≤ issue; for each class, that the holder had reached its
/// minimum age on `valid_from`, that `valid_from` ≤ date of issue and
/// ≤ `valid_until`, and that classes which always expire have an end date.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "DrivingLicenceFields", into = "DrivingLicenceFields")]
pub struct DrivingLicence(DrivingLicenceFields);

impl DrivingLicence {
    /// Checks the fields together and builds the licence.
    pub fn new(fields: DrivingLicenceFields) -> Result<Self, DocumentError> {
        let f = &fields;
        if f.classes.is_empty() {
            return Err(DocumentError::NoLicenceClasses);
        }
        if f.date_of_issue < f.date_of_birth {
            return Err(DocumentError::DateOrder {
                earlier: Field::DateOfBirth,
                later: Field::DateOfIssue,
            });
        }
        for (i, entry) in f.classes.iter().enumerate() {
            if f.classes.iter().skip(i + 1).any(|e| e.class == entry.class) {
                return Err(DocumentError::DuplicateLicenceClass);
            }
            let minimum = entry.class.minimum_age();
            if entry.valid_from < anniversary(f.date_of_birth, u32::from(minimum)) {
                return Err(DocumentError::UnderMinimumAge { minimum });
            }
            if f.date_of_issue < entry.valid_from {
                return Err(DocumentError::DateOrder {
                    earlier: Field::ValidFrom,
                    later: Field::DateOfIssue,
                });
            }
            match entry.valid_until {
                Some(until) if until < entry.valid_from => {
                    return Err(DocumentError::DateOrder {
                        earlier: Field::ValidFrom,
                        later: Field::ValidUntil,
                    });
                }
                None if entry.class.always_expires() => {
                    return Err(DocumentError::ExpiryRequired(Field::ValidUntil));
                }
                _ => {}
            }
        }
        Ok(Self(fields))
    }

    /// All fields.
    pub fn fields(&self) -> &DrivingLicenceFields {
        &self.0
    }

    /// All fields, consuming the licence.
    pub fn into_fields(self) -> DrivingLicenceFields {
        self.0
    }

    /// Licence number.
    pub fn number(&self) -> &LicenceNumber {
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

    /// Classes held (never empty).
    pub fn classes(&self) -> &[LicenceClassEntry] {
        &self.0.classes
    }

    /// Date of issue.
    pub fn date_of_issue(&self) -> Date {
        self.0.date_of_issue
    }

    /// Issuing authority.
    pub fn issuing_authority(&self) -> &OrganisationName {
        &self.0.issuing_authority
    }

    /// The latest `valid_until` of all classes; `None` if any class never
    /// expires.
    pub fn date_of_expiry(&self) -> Option<Date> {
        self.0
            .classes
            .iter()
            .map(|e| e.valid_until)
            .try_fold(Date::MIN, |latest, until| until.map(|u| latest.max(u)))
    }

    /// Whether the licence holds `class` and that class is valid on `date`.
    ///
    /// Only the exact class counts: holding C does not answer for B here.
    pub fn valid_for_class_on(&self, class: LicenceClass, date: Date) -> bool {
        self.0
            .classes
            .iter()
            .any(|e| e.class == class && e.is_valid_on(date))
    }
}

impl TryFrom<DrivingLicenceFields> for DrivingLicence {
    type Error = DocumentError;
    fn try_from(fields: DrivingLicenceFields) -> Result<Self, Self::Error> {
        Self::new(fields)
    }
}

impl From<DrivingLicence> for DrivingLicenceFields {
    fn from(licence: DrivingLicence) -> Self {
        licence.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::date;

    fn entry(class: LicenceClass, from: Date, until: Option<Date>) -> LicenceClassEntry {
        LicenceClassEntry {
            class,
            valid_from: from,
            valid_until: until,
        }
    }

    fn fields() -> DrivingLicenceFields {
        DrivingLicenceFields {
            number: LicenceNumber::parse("012345678901").unwrap(),
            full_name: FullName::new("Nguyễn Thị Thanh Hương").unwrap(),
            date_of_birth: date!(1990 - 05 - 17),
            classes: vec![
                entry(LicenceClass::A1, date!(2010 - 06 - 01), None),
                entry(
                    LicenceClass::B,
                    date!(2012 - 03 - 15),
                    Some(date!(2032 - 03 - 15)),
                ),
            ],
            date_of_issue: date!(2022 - 03 - 15),
            issuing_authority: OrganisationName::new("Sở Giao thông vận tải Hà Nội").unwrap(),
        }
    }

    fn with_classes(classes: Vec<LicenceClassEntry>) -> Result<DrivingLicence, DocumentError> {
        DrivingLicence::new(DrivingLicenceFields {
            classes,
            ..fields()
        })
    }

    #[test]
    fn licence_numbers() {
        let f = Field::LicenceNumber;
        assert!(LicenceNumber::parse("012345678901").is_ok());
        assert_eq!(
            LicenceNumber::parse("01234567890"),
            Err(DocumentError::WrongLength {
                field: f,
                expected: 12
            })
        );
        assert_eq!(
            LicenceNumber::parse("01234567890O"),
            Err(DocumentError::NotDigits(f))
        );
        let n = LicenceNumber::parse("012345678901").unwrap();
        assert_eq!(n.to_u64(), 12_345_678_901);
        assert_eq!(LicenceNumber::from_u64(12_345_678_901).unwrap(), n);
        assert_eq!(
            LicenceNumber::from_u64(10u64.pow(12)),
            Err(DocumentError::OutOfRange(f))
        );
    }

    #[test]
    fn valid_licence() {
        let licence = DrivingLicence::new(fields()).unwrap();
        assert_eq!(licence.date_of_expiry(), None);
        assert!(licence.valid_for_class_on(LicenceClass::A1, date!(2060 - 01 - 01)));
        assert!(licence.valid_for_class_on(LicenceClass::B, date!(2032 - 03 - 15)));
        assert!(!licence.valid_for_class_on(LicenceClass::B, date!(2032 - 03 - 16)));
        assert!(!licence.valid_for_class_on(LicenceClass::B, date!(2012 - 03 - 14)));
        assert!(!licence.valid_for_class_on(LicenceClass::Legacy2008A1, date!(2020 - 01 - 01)));
    }

    #[test]
    fn expiry_is_latest_end_date() {
        let licence = with_classes(vec![
            entry(
                LicenceClass::B,
                date!(2012 - 03 - 15),
                Some(date!(2032 - 03 - 15)),
            ),
            entry(
                LicenceClass::C,
                date!(2015 - 01 - 01),
                Some(date!(2025 - 01 - 01)),
            ),
        ])
        .unwrap();
        assert_eq!(licence.date_of_expiry(), Some(date!(2032 - 03 - 15)));
    }

    #[test]
    fn refuses_under_minimum_age() {
        // Holder turns 18 on 2008-05-17 and 27 on 2017-05-17.
        assert_eq!(
            with_classes(vec![entry(LicenceClass::A1, date!(2008 - 05 - 16), None)]),
            Err(DocumentError::UnderMinimumAge { minimum: 18 })
        );
        assert!(with_classes(vec![entry(LicenceClass::A1, date!(2008 - 05 - 17), None)]).is_ok());
        let d = |from| vec![entry(LicenceClass::D, from, Some(date!(2027 - 01 - 01)))];
        assert_eq!(
            with_classes(d(date!(2017 - 05 - 16))),
            Err(DocumentError::UnderMinimumAge { minimum: 27 })
        );
        assert!(with_classes(d(date!(2017 - 05 - 17))).is_ok());
    }

    #[test]
    fn refuses_bad_class_lists() {
        assert_eq!(with_classes(vec![]), Err(DocumentError::NoLicenceClasses));
        let a1 = entry(LicenceClass::A1, date!(2010 - 06 - 01), None);
        assert_eq!(
            with_classes(vec![a1, a1]),
            Err(DocumentError::DuplicateLicenceClass)
        );
        // Same printed code, different law: not a duplicate.
        let legacy = entry(LicenceClass::Legacy2008A1, date!(2009 - 01 - 01), None);
        assert!(with_classes(vec![a1, legacy]).is_ok());
    }

    #[test]
    fn refuses_bad_dates() {
        let b = |from, until| vec![entry(LicenceClass::B, from, until)];
        assert_eq!(
            with_classes(b(date!(2012 - 03 - 15), Some(date!(2012 - 03 - 14)))),
            Err(DocumentError::DateOrder {
                earlier: Field::ValidFrom,
                later: Field::ValidUntil
            })
        );
        assert_eq!(
            with_classes(b(date!(2012 - 03 - 15), None)),
            Err(DocumentError::ExpiryRequired(Field::ValidUntil))
        );
        assert_eq!(
            with_classes(b(date!(2022 - 03 - 16), Some(date!(2032 - 03 - 16)))),
            Err(DocumentError::DateOrder {
                earlier: Field::ValidFrom,
                later: Field::DateOfIssue
            })
        );
        let early_issue = DrivingLicenceFields {
            date_of_issue: date!(1990 - 05 - 16),
            ..fields()
        };
        assert_eq!(
            DrivingLicence::new(early_issue),
            Err(DocumentError::DateOrder {
                earlier: Field::DateOfBirth,
                later: Field::DateOfIssue
            })
        );
    }

    #[test]
    fn serde_round_trip_and_refusals() {
        let licence = DrivingLicence::new(fields()).unwrap();
        let json = serde_json::to_string(&licence).unwrap();
        assert!(json.contains("\"class\":\"A1\""));
        assert!(json.contains("\"valid_until\":null"));
        assert_eq!(
            serde_json::from_str::<DrivingLicence>(&json).unwrap(),
            licence
        );

        let mut v = serde_json::to_value(&licence).unwrap();
        v["classes"][0]["valid_from"] = "2008-05-16".into();
        assert!(serde_json::from_value::<DrivingLicence>(v).is_err());
        let mut v = serde_json::to_value(&licence).unwrap();
        v["classes"][1]["class"] = "B2".into();
        assert!(serde_json::from_value::<DrivingLicence>(v).is_err());
        let mut v = serde_json::to_value(&licence).unwrap();
        v["number"] = "12345".into();
        assert!(serde_json::from_value::<DrivingLicence>(v).is_err());
        let mut v = serde_json::to_value(&licence).unwrap();
        v["classes"] = serde_json::json!([]);
        assert!(serde_json::from_value::<DrivingLicence>(v).is_err());
    }
}

crate::document::redacted_debug!(LicenceNumber);

crate::document::redacted_debug!(DrivingLicenceFields);

crate::document::redacted_debug!(DrivingLicence);
