//! Claims: what a credential asserts, one slot each, in an order fixed by the
//! credential kind so that the proof never carries claim names.

use ciborium::Value;
use time::Date;

use crate::document::{
    BenefitLevel, CareFacility, CareFacilityCode, FullName, HealthCardNumber, LicenceClass,
    LicenceClassEntry, LicenceNumber, OrganisationName, PersonalIdNumber, Sex,
};
use crate::error::FormatError;

/// Which claim a slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimId {
    /// The 12-digit personal identification number.
    PersonalIdNumber,
    /// Full name.
    FullName,
    /// Date of birth.
    DateOfBirth,
    /// Sex.
    Sex,
    /// Nationality (ISO 3166 alpha-3).
    Nationality,
    /// The document's expiry date; none for documents without one.
    DateOfExpiry,
    /// Place of origin.
    PlaceOfOrigin,
    /// Place of residence.
    PlaceOfResidence,
    /// The document's date of issue.
    DateOfIssue,
    /// SHA-256 of the portrait held by the issuer.
    PortraitDigest,
    /// Derived: the holder is at least this many years old.
    AgeOver(u8),
    /// Driving licence number.
    LicenceNumber,
    /// Licence classes, each with its validity.
    LicenceClasses,
    /// The authority that issued the licence.
    IssuingAuthority,
    /// Derived: the licence is valid for this class.
    ValidForClass(LicenceClass),
    /// Health insurance card number.
    CardNumber,
    /// The registered first-care facility.
    FirstCareFacility,
    /// Insurance valid from.
    ValidFrom,
    /// Insurance valid to.
    ValidTo,
    /// Benefit level 1-5.
    BenefitLevel,
}

/// The shape of a claim's value, which fixes its encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    PersonalIdNumber,
    LicenceNumber,
    CardNumber,
    Name,
    Text,
    Date,
    OptionalDate,
    Sex,
    Bool,
    Classes,
    Facility,
    BenefitLevel,
    Digest,
}

impl ClaimId {
    fn shape(self) -> Shape {
        use ClaimId::*;
        match self {
            PersonalIdNumber => Shape::PersonalIdNumber,
            LicenceNumber => Shape::LicenceNumber,
            CardNumber => Shape::CardNumber,
            FullName => Shape::Name,
            Nationality | PlaceOfOrigin | PlaceOfResidence | IssuingAuthority => Shape::Text,
            DateOfBirth | DateOfIssue | ValidFrom | ValidTo => Shape::Date,
            DateOfExpiry => Shape::OptionalDate,
            Sex => Shape::Sex,
            AgeOver(_) | ValidForClass(_) => Shape::Bool,
            LicenceClasses => Shape::Classes,
            FirstCareFacility => Shape::Facility,
            BenefitLevel => Shape::BenefitLevel,
            PortraitDigest => Shape::Digest,
        }
    }

    /// The claim's machine name, as in `--claims` and JSON output.
    pub fn name(self) -> String {
        use ClaimId::*;
        match self {
            AgeOver(years) => format!("age_over_{years}"),
            ValidForClass(class) => format!("valid_for_class_{}", class.as_str()),
            other => other.fixed_name().to_owned(),
        }
    }

    fn fixed_name(self) -> &'static str {
        use ClaimId::*;
        match self {
            PersonalIdNumber => "personal_id_number",
            FullName => "full_name",
            DateOfBirth => "date_of_birth",
            Sex => "sex",
            Nationality => "nationality",
            DateOfExpiry => "date_of_expiry",
            PlaceOfOrigin => "place_of_origin",
            PlaceOfResidence => "place_of_residence",
            DateOfIssue => "date_of_issue",
            PortraitDigest => "portrait_digest",
            AgeOver(_) => "age_over",
            LicenceNumber => "licence_number",
            LicenceClasses => "licence_classes",
            IssuingAuthority => "issuing_authority",
            ValidForClass(_) => "valid_for_class",
            CardNumber => "card_number",
            FirstCareFacility => "first_care_facility",
            ValidFrom => "valid_from",
            ValidTo => "valid_to",
            BenefitLevel => "benefit_level",
        }
    }

    /// The label shown to people, in Vietnamese.
    pub fn label_vi(self) -> String {
        use ClaimId::*;
        match self {
            PersonalIdNumber => "Số định danh cá nhân".into(),
            FullName => "Họ, chữ đệm và tên".into(),
            DateOfBirth => "Ngày sinh".into(),
            Sex => "Giới tính".into(),
            Nationality => "Quốc tịch".into(),
            DateOfExpiry => "Có giá trị đến".into(),
            PlaceOfOrigin => "Quê quán".into(),
            PlaceOfResidence => "Nơi thường trú".into(),
            DateOfIssue => "Ngày cấp".into(),
            PortraitDigest => "Mã ảnh chân dung".into(),
            AgeOver(years) => format!("Đủ {years} tuổi"),
            LicenceNumber => "Số giấy phép lái xe".into(),
            LicenceClasses => "Hạng".into(),
            IssuingAuthority => "Nơi cấp".into(),
            ValidForClass(class) => format!("Được lái xe hạng {}", class.as_str()),
            CardNumber => "Mã số thẻ BHYT".into(),
            FirstCareFacility => "Nơi đăng ký KCB ban đầu".into(),
            ValidFrom => "Giá trị sử dụng từ".into(),
            ValidTo => "Giá trị sử dụng đến".into(),
            BenefitLevel => "Mức hưởng".into(),
        }
    }

    /// The label shown to people, in English.
    pub fn label_en(self) -> String {
        use ClaimId::*;
        match self {
            PersonalIdNumber => "Personal ID number".into(),
            FullName => "Full name".into(),
            DateOfBirth => "Date of birth".into(),
            Sex => "Sex".into(),
            Nationality => "Nationality".into(),
            DateOfExpiry => "Valid until".into(),
            PlaceOfOrigin => "Place of origin".into(),
            PlaceOfResidence => "Place of residence".into(),
            DateOfIssue => "Date of issue".into(),
            PortraitDigest => "Portrait digest".into(),
            AgeOver(years) => format!("Aged {years} or over"),
            LicenceNumber => "Licence number".into(),
            LicenceClasses => "Classes".into(),
            IssuingAuthority => "Issuing authority".into(),
            ValidForClass(class) => format!("Licensed for class {}", class.as_str()),
            CardNumber => "Health insurance card number".into(),
            FirstCareFacility => "First-care facility".into(),
            ValidFrom => "Insured from".into(),
            ValidTo => "Insured until".into(),
            BenefitLevel => "Benefit level".into(),
        }
    }
}

/// A claim's typed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimValue {
    /// A personal identification number.
    PersonalIdNumber(PersonalIdNumber),
    /// A driving licence number.
    LicenceNumber(LicenceNumber),
    /// A health insurance card number.
    CardNumber(HealthCardNumber),
    /// A person's name.
    Name(FullName),
    /// Other text: places, authority, nationality.
    Text(String),
    /// A date.
    Date(Date),
    /// An expiry date, or none.
    OptionalDate(Option<Date>),
    /// Sex.
    Sex(Sex),
    /// A yes/no derived claim.
    Bool(bool),
    /// Licence classes with their validity.
    Classes(Vec<LicenceClassEntry>),
    /// A health care facility.
    Facility(CareFacility),
    /// A benefit level.
    BenefitLevel(BenefitLevel),
    /// A digest, or none.
    Digest(Option<[u8; 32]>),
}

/// A claim with its slot's meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Which claim.
    pub id: ClaimId,
    /// Its value.
    pub value: ClaimValue,
}

const EPOCH: Date = time::macros::date!(1970 - 01 - 01);

fn date_to_days(date: Date) -> i64 {
    i64::from(date.to_julian_day() - EPOCH.to_julian_day())
}

fn days_to_date(days: &Value) -> Option<Date> {
    let days = i64::try_from(days.as_integer()?).ok()?;
    let julian = i32::try_from(days + i64::from(EPOCH.to_julian_day())).ok()?;
    Date::from_julian_day(julian).ok()
}

/// Fixed-width digit strings travel as integers; their width restores the zeros.
fn digits_value(digits: &str) -> Value {
    Value::from(digits.parse::<u64>().unwrap_or_default())
}

fn opt_date(value: Option<Date>) -> Value {
    value.map_or(Value::Null, |d| Value::from(date_to_days(d)))
}

impl ClaimValue {
    /// Whether this value has the shape `id` needs.
    pub fn fits(&self, id: ClaimId) -> bool {
        use ClaimValue as V;
        matches!(
            (id.shape(), self),
            (Shape::PersonalIdNumber, V::PersonalIdNumber(_))
                | (Shape::LicenceNumber, V::LicenceNumber(_))
                | (Shape::CardNumber, V::CardNumber(_))
                | (Shape::Name, V::Name(_))
                | (Shape::Text, V::Text(_))
                | (Shape::Date, V::Date(_))
                | (Shape::OptionalDate, V::OptionalDate(_))
                | (Shape::Sex, V::Sex(_))
                | (Shape::Bool, V::Bool(_))
                | (Shape::Classes, V::Classes(_))
                | (Shape::Facility, V::Facility(_))
                | (Shape::BenefitLevel, V::BenefitLevel(_))
                | (Shape::Digest, V::Digest(_))
        )
    }

    fn to_cbor(&self) -> Value {
        use ClaimValue as V;
        match self {
            V::PersonalIdNumber(n) => Value::from(n.to_u64()),
            V::LicenceNumber(n) => digits_value(n.as_str()),
            V::CardNumber(n) => Value::from(n.as_str()),
            V::Name(n) => Value::from(n.as_str()),
            V::Text(t) => Value::from(t.as_str()),
            V::Date(d) => Value::from(date_to_days(*d)),
            V::OptionalDate(d) => opt_date(*d),
            V::Sex(Sex::Male) => Value::from(1u8),
            V::Sex(Sex::Female) => Value::from(2u8),
            V::Bool(b) => Value::Bool(*b),
            V::Classes(classes) => Value::Array(
                classes
                    .iter()
                    .map(|c| {
                        Value::Array(vec![
                            Value::from(c.class.to_code()),
                            Value::from(date_to_days(c.valid_from)),
                            opt_date(c.valid_until),
                        ])
                    })
                    .collect(),
            ),
            V::Facility(f) => Value::Array(vec![
                digits_value(f.code.as_str()),
                Value::from(f.name.as_str()),
            ]),
            V::BenefitLevel(level) => Value::from(level.get()),
            V::Digest(d) => d.map_or(Value::Null, |d| Value::Bytes(d.to_vec())),
        }
    }

    /// The value's encoding (one CBOR item), as hashed into its leaf and sent.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32);
        // Writing into a Vec cannot fail.
        let _ = ciborium::into_writer(&self.to_cbor(), &mut out);
        out
    }

    /// Reads one value of claim `id` from the front of `input`, returning the
    /// value and the exact bytes it took.
    pub fn decode<'a>(id: ClaimId, input: &mut &'a [u8]) -> Result<(Self, &'a [u8]), FormatError> {
        let start = *input;
        let bad = || FormatError::ClaimValue(id.fixed_name());
        let item: Value = ciborium::from_reader(&mut *input).map_err(|_| bad())?;
        let used = &start[..start.len() - input.len()];
        let value = Self::from_cbor(id, &item).ok_or_else(bad)?;
        Ok((value, used))
    }

    fn from_cbor(id: ClaimId, item: &Value) -> Option<Self> {
        use ClaimValue as V;
        let uint = |v: &Value| u64::try_from(v.as_integer()?).ok();
        let text = |v: &Value| v.as_text().map(str::to_owned);
        Some(match id.shape() {
            Shape::PersonalIdNumber => {
                V::PersonalIdNumber(PersonalIdNumber::from_u64(uint(item)?).ok()?)
            }
            Shape::LicenceNumber => {
                V::LicenceNumber(LicenceNumber::parse(&format!("{:012}", uint(item)?)).ok()?)
            }
            Shape::CardNumber => V::CardNumber(HealthCardNumber::parse(item.as_text()?).ok()?),
            Shape::Name => V::Name(FullName::new(item.as_text()?).ok()?),
            Shape::Text => V::Text(text(item)?),
            Shape::Date => V::Date(days_to_date(item)?),
            Shape::OptionalDate => V::OptionalDate(match item {
                Value::Null => None,
                other => Some(days_to_date(other)?),
            }),
            Shape::Sex => match uint(item)? {
                1 => V::Sex(Sex::Male),
                2 => V::Sex(Sex::Female),
                _ => return None,
            },
            Shape::Bool => V::Bool(item.as_bool()?),
            Shape::Classes => {
                let mut out = Vec::new();
                for entry in item.as_array()? {
                    let [class, from, until] = entry.as_array()?.as_slice() else {
                        return None;
                    };
                    let class = LicenceClass::from_code(u8::try_from(uint(class)?).ok()?).ok()?;
                    let valid_until = match until {
                        Value::Null => None,
                        other => Some(days_to_date(other)?),
                    };
                    out.push(LicenceClassEntry {
                        class,
                        valid_from: days_to_date(from)?,
                        valid_until,
                    });
                }
                V::Classes(out)
            }
            Shape::Facility => {
                let [code, name] = item.as_array()?.as_slice() else {
                    return None;
                };
                V::Facility(CareFacility {
                    code: CareFacilityCode::parse(&format!("{:05}", uint(code)?)).ok()?,
                    name: OrganisationName::new(name.as_text()?).ok()?,
                })
            }
            Shape::BenefitLevel => {
                V::BenefitLevel(BenefitLevel::new(u8::try_from(uint(item)?).ok()?).ok()?)
            }
            Shape::Digest => V::Digest(match item {
                Value::Null => None,
                Value::Bytes(b) => Some(<[u8; 32]>::try_from(b.as_slice()).ok()?),
                _ => return None,
            }),
        })
    }

    /// The value as people read it (dates as dd/mm/yyyy, as on Vietnamese cards).
    pub fn display(&self) -> String {
        use ClaimValue as V;
        let date = |d: &Date| format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year());
        match self {
            V::PersonalIdNumber(n) => n.as_str().to_owned(),
            V::LicenceNumber(n) => n.as_str().to_owned(),
            V::CardNumber(n) => n.as_str().to_owned(),
            V::Name(n) => n.as_str().to_owned(),
            V::Text(t) => t.clone(),
            V::Date(d) => date(d),
            V::OptionalDate(Some(d)) => date(d),
            V::OptionalDate(None) => "Không thời hạn / no expiry".into(),
            V::Sex(s) => format!("{} / {}", s.label_vi(), s.label_en()),
            V::Bool(true) => "Có / yes".into(),
            V::Bool(false) => "Không / no".into(),
            V::Classes(classes) => classes
                .iter()
                .map(|c| match c.valid_until {
                    Some(until) => format!("{} (→ {})", c.class.as_str(), date(&until)),
                    None => format!("{} (không thời hạn)", c.class.as_str()),
                })
                .collect::<Vec<_>>()
                .join(", "),
            V::Facility(f) => format!("{} {}", f.code.as_str(), f.name),
            V::BenefitLevel(level) => format!("{} ({} %)", level.get(), level.coverage_percent()),
            V::Digest(Some(d)) => hex::encode(d),
            V::Digest(None) => "-".into(),
        }
    }

    /// The value as JSON for `--json` output.
    pub fn to_json(&self) -> serde_json::Value {
        use ClaimValue as V;
        match self {
            V::Bool(b) => serde_json::Value::Bool(*b),
            V::Date(d) | V::OptionalDate(Some(d)) => serde_json::Value::String(d.to_string()),
            V::OptionalDate(None) | V::Digest(None) => serde_json::Value::Null,
            V::BenefitLevel(level) => serde_json::Value::from(level.get()),
            V::Classes(classes) => serde_json::Value::Array(
                classes
                    .iter()
                    .map(|c| {
                        serde_json::json!({
                            "class": c.class.as_str(),
                            "valid_from": c.valid_from.to_string(),
                            "valid_until": c.valid_until.map(|d| d.to_string()),
                        })
                    })
                    .collect(),
            ),
            V::Facility(f) => serde_json::json!({ "code": f.code.as_str(), "name": f.name }),
            V::Sex(Sex::Male) => "male".into(),
            V::Sex(Sex::Female) => "female".into(),
            other => serde_json::Value::String(other.display()),
        }
    }
}
