//! Claims: what a credential asserts, one slot each, in an order fixed by the
//! credential kind so that the proof never carries claim names.

use ciborium::Value;
use time::Date;

use crate::document::{
    BenefitLevel, CareFacility, CareFacilityCode, FullName, HealthCardNumber, LicenceClass,
    LicenceClassEntry, LicenceNumber, Nationality, OrganisationName, PersonalIdNumber, Place, Sex,
};
use crate::error::FormatError;
use crate::format::Format;
use crate::viscii;

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

/// Why claim names could not be turned into claims.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimNameError {
    /// A name none of the available claims has.
    #[error("no such claim")]
    Unknown(String),
    /// No name at all.
    #[error("no claim named")]
    Empty,
}

/// The claims among `available` named by `names` (as [`ClaimId::name`]
/// gives them), in the order named, without repeats; blank names are skipped.
pub fn claims_named<'a>(
    names: impl IntoIterator<Item = &'a str>,
    available: &[ClaimId],
) -> Result<Vec<ClaimId>, ClaimNameError> {
    let mut out = Vec::new();
    for name in names {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let claim = available
            .iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| ClaimNameError::Unknown(name.to_owned()))?;
        if !out.contains(claim) {
            out.push(*claim);
        }
    }
    if out.is_empty() {
        return Err(ClaimNameError::Empty);
    }
    Ok(out)
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
            ValidForClass(class) => format!("valid_for_class_{}", class.code_name()),
            other => other.fixed_name().to_owned(),
        }
    }

    /// The claim a machine name names (the inverse of [`ClaimId::name`]).
    pub fn from_name(name: &str) -> Option<Self> {
        use ClaimId::*;
        if let Some(years) = name.strip_prefix("age_over_") {
            return years.parse().ok().map(AgeOver);
        }
        if let Some(class) = name.strip_prefix("valid_for_class_") {
            return LicenceClass::ALL
                .into_iter()
                .find(|c| c.code_name() == class)
                .map(ValidForClass);
        }
        [
            PersonalIdNumber,
            FullName,
            DateOfBirth,
            Sex,
            Nationality,
            DateOfExpiry,
            PlaceOfOrigin,
            PlaceOfResidence,
            DateOfIssue,
            PortraitDigest,
            LicenceNumber,
            LicenceClasses,
            IssuingAuthority,
            CardNumber,
            FirstCareFacility,
            ValidFrom,
            ValidTo,
            BenefitLevel,
        ]
        .into_iter()
        .find(|c| c.fixed_name() == name)
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
            PlaceOfResidence => "Nơi cư trú".into(),
            DateOfIssue => "Ngày cấp".into(),
            PortraitDigest => "Mã ảnh chân dung".into(),
            AgeOver(years) => format!("Đủ {years} tuổi"),
            LicenceNumber => "Số giấy phép lái xe".into(),
            LicenceClasses => "Hạng".into(),
            IssuingAuthority => "Nơi cấp".into(),
            ValidForClass(class) => format!("Được lái xe hạng {}", class.label()),
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
            ValidForClass(class) => format!("Licensed for class {}", class.label()),
            CardNumber => "Health insurance card number".into(),
            FirstCareFacility => "First-care facility".into(),
            ValidFrom => "Insured from".into(),
            ValidTo => "Insured until".into(),
            BenefitLevel => "Benefit level".into(),
        }
    }
}

/// A claim's typed value. Its `Debug` hides the value.
#[derive(Clone, PartialEq, Eq)]
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
    /// A health care facility known by its code only (format 2 sends the
    /// code; a verifier names it from its facility registry).
    FacilityCode(CareFacilityCode),
    /// A benefit level.
    BenefitLevel(BenefitLevel),
    /// A digest, or none.
    Digest(Option<[u8; 32]>),
}

impl std::fmt::Debug for ClaimValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClaimValue(<redacted>)")
    }
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
    let julian = i32::try_from(days.checked_add(i64::from(EPOCH.to_julian_day()))?).ok()?;
    Date::from_julian_day(julian).ok()
}

/// A 12-digit number (below 2^40) travels as its 5 low big-endian bytes: 6
/// bytes with the CBOR head for every number, where a CBOR integer takes 9
/// once past 2^32. The width, 12 digits, restores leading zeros.
fn twelve_digits(number: u64) -> Value {
    Value::Bytes(number.to_be_bytes()[3..].to_vec())
}

fn read_twelve_digits(item: &Value) -> Option<u64> {
    let bytes = item.as_bytes()?;
    let five: [u8; 5] = bytes.as_slice().try_into().ok()?;
    let mut full = [0u8; 8];
    full[3..].copy_from_slice(&five);
    Some(u64::from_be_bytes(full))
}

/// Format 2's text: VISCII bytes when every character has one, else UTF-8.
fn compact_text(text: &str) -> Value {
    match viscii::encode(text) {
        Some(bytes) => Value::Bytes(bytes),
        None => Value::from(text),
    }
}

const CARD_DIGITS: u64 = 10_000_000_000_000;

/// Format 2's health card number: `(group letters as a base-26 number) ×
/// 10^13 + the 13 digits`, big-endian in 7 bytes (below 676 × 10^13 < 2^53).
fn packed_card_number(number: &HealthCardNumber) -> Value {
    let text = number.as_str().as_bytes();
    let letter = |i: usize| u64::from(text.get(i).map_or(0, |b| b.wrapping_sub(b'A')));
    let group = letter(0) * 26 + letter(1);
    let value = group * CARD_DIGITS + digits_number(number.as_str().get(2..).unwrap_or_default());
    Value::Bytes(value.to_be_bytes()[1..].to_vec())
}

fn unpack_card_number(bytes: &[u8]) -> Option<String> {
    let seven: [u8; 7] = bytes.try_into().ok()?;
    let mut full = [0u8; 8];
    full[1..].copy_from_slice(&seven);
    let value = u64::from_be_bytes(full);
    let group = value / CARD_DIGITS;
    if group >= 26 * 26 {
        return None;
    }
    let letter = |n: u64| char::from(b'A' + u8::try_from(n).unwrap_or(0));
    Some(format!(
        "{}{}{:013}",
        letter(group / 26),
        letter(group % 26),
        value % CARD_DIGITS
    ))
}

/// The number a string of ASCII digits spells (0 for none).
fn digits_number(digits: &str) -> u64 {
    digits
        .bytes()
        .fold(0u64, |n, b| n * 10 + u64::from(b.wrapping_sub(b'0') % 10))
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
                | (Shape::Facility, V::Facility(_) | V::FacilityCode(_))
                | (Shape::BenefitLevel, V::BenefitLevel(_))
                | (Shape::Digest, V::Digest(_))
        )
    }

    fn to_cbor(&self, format: Format) -> Value {
        use ClaimValue as V;
        if format == Format::V2 {
            match self {
                V::Name(n) => return compact_text(n.as_str()),
                V::Text(t) => return compact_text(t),
                V::CardNumber(n) => return packed_card_number(n),
                V::Facility(f) => {
                    return Value::Array(vec![
                        Value::from(f.code_number()),
                        compact_text(f.name.as_str()),
                    ]);
                }
                _ => {}
            }
        }
        match self {
            V::PersonalIdNumber(n) => twelve_digits(n.to_u64()),
            V::LicenceNumber(n) => twelve_digits(n.to_u64()),
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
                Value::from(f.code_number()),
                Value::from(f.name.as_str()),
            ]),
            // Only format 2 sends a bare code.
            V::FacilityCode(code) => Value::from(digits_number(code.as_str())),
            V::BenefitLevel(level) => Value::from(level.get()),
            V::Digest(d) => d.map_or(Value::Null, |d| Value::Bytes(d.to_vec())),
        }
    }

    /// The value's format 1 encoding (one CBOR item), as hashed into its
    /// leaf and sent.
    pub fn encode(&self) -> Vec<u8> {
        self.encode_in(Format::V1)
    }

    /// The value's encoding in `format` (one CBOR item). Format 2 sends
    /// texts in VISCII where they fit and the health card number packed in
    /// 7 bytes (`docs/proof-format.md`); a [`ClaimValue::FacilityCode`]
    /// (format 2's `hospital` kind) is the code alone.
    pub fn encode_in(&self, format: Format) -> Vec<u8> {
        let mut out = Vec::with_capacity(32);
        // Writing into a Vec cannot fail.
        let _ = ciborium::into_writer(&self.to_cbor(format), &mut out);
        out
    }

    /// Reads one format 1 value of claim `id` from the front of `input`,
    /// returning the value and the exact bytes it took.
    pub fn decode<'a>(id: ClaimId, input: &mut &'a [u8]) -> Result<(Self, &'a [u8]), FormatError> {
        Self::decode_in(Format::V1, id, input)
    }

    /// [`ClaimValue::decode`] in `format`.
    pub fn decode_in<'a>(
        format: Format,
        id: ClaimId,
        input: &mut &'a [u8],
    ) -> Result<(Self, &'a [u8]), FormatError> {
        let start = *input;
        let bad = || FormatError::ClaimValue(id.fixed_name());
        let item: Value = ciborium::from_reader(&mut *input).map_err(|_| bad())?;
        let used = &start[..start.len() - input.len()];
        let value = match format {
            Format::V1 => Self::from_cbor(id, &item),
            Format::V2 => Self::from_cbor_v2(id, item),
        }
        .ok_or_else(bad)?;
        // Only the issuer's own encoding (shortest form, definite lengths, no
        // tags, no `undefined`, canonical texts, VISCII wherever it fits):
        // one value, one signed form.
        if value.encode_in(format) != used {
            return Err(bad());
        }
        Ok((value, used))
    }

    /// Format 2's own shapes, read into format 1's before its rules apply.
    fn from_cbor_v2(id: ClaimId, item: Value) -> Option<Self> {
        match (id.shape(), item) {
            (Shape::Name | Shape::Text, Value::Bytes(bytes)) => {
                Self::from_cbor(id, &Value::Text(viscii::decode(&bytes)?))
            }
            (Shape::CardNumber, Value::Bytes(bytes)) => {
                Self::from_cbor(id, &Value::Text(unpack_card_number(&bytes)?))
            }
            (Shape::Facility, Value::Array(items)) => {
                let [code, name] = <[Value; 2]>::try_from(items).ok()?;
                let name = match name {
                    Value::Bytes(bytes) => Value::Text(viscii::decode(&bytes)?),
                    other => other,
                };
                Self::from_cbor(id, &Value::Array(vec![code, name]))
            }
            (Shape::Facility, item) => {
                let code = u64::try_from(item.as_integer()?).ok()?;
                (code <= 99_999).then_some(())?;
                Some(Self::FacilityCode(
                    CareFacilityCode::parse(&format!("{code:05}")).ok()?,
                ))
            }
            (Shape::CardNumber, _) => None,
            (_, item) => Self::from_cbor(id, &item),
        }
    }

    fn from_cbor(id: ClaimId, item: &Value) -> Option<Self> {
        use ClaimValue as V;
        let uint = |v: &Value| u64::try_from(v.as_integer()?).ok();
        Some(match id.shape() {
            Shape::PersonalIdNumber => {
                V::PersonalIdNumber(PersonalIdNumber::from_u64(read_twelve_digits(item)?).ok()?)
            }
            Shape::LicenceNumber => {
                V::LicenceNumber(LicenceNumber::from_u64(read_twelve_digits(item)?).ok()?)
            }
            Shape::CardNumber => V::CardNumber(HealthCardNumber::parse(item.as_text()?).ok()?),
            Shape::Name => {
                let raw = item.as_text()?;
                let name = FullName::new(raw).ok()?;
                // Only the canonical (NFC, trimmed) form the issuer writes.
                (name.as_str() == raw).then_some(V::Name(name))?
            }
            Shape::Text => {
                let raw = item.as_text()?;
                let canonical = match id {
                    ClaimId::Nationality => Nationality::new(raw).ok()?.as_str().to_owned(),
                    ClaimId::IssuingAuthority => {
                        OrganisationName::new(raw).ok()?.as_str().to_owned()
                    }
                    _ => Place::new(raw).ok()?.as_str().to_owned(),
                };
                (canonical == raw).then_some(V::Text(canonical))?
            }
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
                V::Facility(CareFacility::from_code_number(uint(code)?, name.as_text()?).ok()?)
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
                    Some(until) => format!("{} (→ {})", c.class.label(), date(&until)),
                    None => format!("{} (không thời hạn)", c.class.label()),
                })
                .collect::<Vec<_>>()
                .join(", "),
            V::Facility(f) => format!("{} {}", f.code.as_str(), f.name),
            V::FacilityCode(code) => format!(
                "{} (không có trong danh mục cơ sở KCB / not in this verifier's facility registry)",
                code.as_str()
            ),
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
                            "class": c.class.code_name(),
                            "valid_from": c.valid_from.to_string(),
                            "valid_until": c.valid_until.map(|d| d.to_string()),
                        })
                    })
                    .collect(),
            ),
            V::Facility(f) => serde_json::json!({ "code": f.code.as_str(), "name": f.name }),
            V::FacilityCode(code) => serde_json::json!({ "code": code.as_str(), "name": null }),
            V::Sex(Sex::Male) => "male".into(),
            V::Sex(Sex::Female) => "female".into(),
            other => serde_json::Value::String(other.display()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn decode(id: ClaimId, bytes: &[u8]) -> Result<ClaimValue, FormatError> {
        let mut input = bytes;
        ClaimValue::decode(id, &mut input).map(|(v, _)| v)
    }

    #[test]
    fn every_claim_is_found_by_its_name() {
        let (card, licence, health) = crate::document::sample::try_reference_citizen().unwrap();
        let mut ids: Vec<ClaimId> = Vec::new();
        for doc in [
            crate::document::Document::NationalId(card),
            crate::document::Document::DrivingLicence(licence),
            crate::document::Document::HealthInsurance(health),
        ] {
            let today = time::macros::date!(2026 - 06 - 01);
            let (_, claims, _) = crate::sdjwt::document_claims(&doc, today).unwrap();
            ids.extend(claims.into_iter().map(|c| c.id));
        }
        assert!(ids.len() > 20);
        for id in ids {
            assert_eq!(ClaimId::from_name(&id.name()), Some(id), "{}", id.name());
        }
        for bad in [
            "",
            "age_over_",
            "age_over_x",
            "valid_for_class_Z9",
            "full_name ",
        ] {
            assert_eq!(ClaimId::from_name(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn claims_are_named_in_order_without_repeats() {
        let available = [
            ClaimId::PersonalIdNumber,
            ClaimId::FullName,
            ClaimId::DateOfBirth,
        ];
        assert_eq!(
            claims_named([" full_name", "date_of_birth", "full_name", ""], &available),
            Ok(vec![ClaimId::FullName, ClaimId::DateOfBirth])
        );
        assert_eq!(
            claims_named(["sex"], &available),
            Err(ClaimNameError::Unknown("sex".into()))
        );
        assert_eq!(claims_named(["  "], &available), Err(ClaimNameError::Empty));
    }

    #[test]
    fn huge_dates_are_refused_not_panicking() {
        // CBOR unsigned 2^63-1 and negative -2^64 as a date.
        let max = [0x1b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert!(decode(ClaimId::DateOfBirth, &max).is_err());
        let min = [0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert!(decode(ClaimId::DateOfBirth, &min).is_err());
        assert!(decode(ClaimId::DateOfExpiry, &max).is_err());
    }

    #[test]
    fn twelve_digit_numbers_take_six_bytes_and_keep_zeros() {
        for digits in ["001190012345", "079203000001", "096399999999"] {
            let n = PersonalIdNumber::parse(digits).unwrap();
            let bytes = ClaimValue::PersonalIdNumber(n.clone()).encode();
            assert_eq!(bytes.len(), 6, "{digits}");
            assert_eq!(
                decode(ClaimId::PersonalIdNumber, &bytes).unwrap(),
                ClaimValue::PersonalIdNumber(n)
            );
        }
        // Four or six bytes are not a 12-digit number.
        assert!(decode(ClaimId::PersonalIdNumber, &[0x44, 0, 0, 0, 1]).is_err());
        assert!(decode(ClaimId::LicenceNumber, &[0x46, 0, 0, 0, 0, 0, 1]).is_err());
    }

    #[test]
    fn text_claims_must_be_canonical_and_printable() {
        let escape = ClaimValue::Text("Hà Nội\u{1b}[2J".into()).encode();
        assert!(decode(ClaimId::PlaceOfResidence, &escape).is_err());
        // NFD (decomposed) text is not what an issuer writes.
        let nfd = ClaimValue::Text("Ha\u{300} No\u{323}\u{302}i".into()).encode();
        assert!(decode(ClaimId::PlaceOfOrigin, &nfd).is_err());
        let nfc = ClaimValue::Text("Hà Nội".into()).encode();
        assert_eq!(
            decode(ClaimId::PlaceOfOrigin, &nfc).unwrap(),
            ClaimValue::Text("Hà Nội".into())
        );
        assert!(
            decode(
                ClaimId::Nationality,
                &ClaimValue::Text("vnm".into()).encode()
            )
            .is_err()
        );
        let name = ClaimValue::Text("  Nguyễn  Văn A".into()).encode();
        assert!(decode(ClaimId::FullName, &name).is_err());
    }

    #[test]
    fn every_shape_round_trips() {
        let (card, licence, health) = crate::document::sample::reference_citizen();
        let values = [
            (
                ClaimId::PersonalIdNumber,
                ClaimValue::PersonalIdNumber(card.number().clone()),
            ),
            (
                ClaimId::FullName,
                ClaimValue::Name(card.full_name().clone()),
            ),
            (ClaimId::DateOfBirth, ClaimValue::Date(card.date_of_birth())),
            (ClaimId::Sex, ClaimValue::Sex(card.sex())),
            (ClaimId::DateOfExpiry, ClaimValue::OptionalDate(None)),
            (
                ClaimId::DateOfExpiry,
                ClaimValue::OptionalDate(card.date_of_expiry()),
            ),
            (ClaimId::AgeOver(18), ClaimValue::Bool(true)),
            (
                ClaimId::LicenceNumber,
                ClaimValue::LicenceNumber(licence.number().clone()),
            ),
            (
                ClaimId::LicenceClasses,
                ClaimValue::Classes(licence.classes().to_vec()),
            ),
            (
                ClaimId::CardNumber,
                ClaimValue::CardNumber(health.card_number().clone()),
            ),
            (
                ClaimId::FirstCareFacility,
                ClaimValue::Facility(health.first_care_facility().clone()),
            ),
            (
                ClaimId::BenefitLevel,
                ClaimValue::BenefitLevel(health.benefit_level()),
            ),
            (ClaimId::PortraitDigest, ClaimValue::Digest(Some([7; 32]))),
        ];
        for (id, value) in values {
            assert!(value.fits(id));
            let bytes = value.encode();
            assert_eq!(decode(id, &bytes).unwrap(), value, "{}", id.name());
        }
        assert_eq!(
            format!("{:?}", ClaimValue::Name(card.full_name().clone())),
            "ClaimValue(<redacted>)"
        );
    }

    fn decode_v2(id: ClaimId, bytes: &[u8]) -> Result<ClaimValue, FormatError> {
        let mut input = bytes;
        ClaimValue::decode_in(Format::V2, id, &mut input).map(|(v, _)| v)
    }

    #[test]
    fn format_2_texts_are_viscii_where_they_fit_and_nowhere_else() {
        let name = FullName::new("Nguyễn Thị Thanh Hương").unwrap();
        let value = ClaimValue::Name(name.clone());
        let bytes = value.encode_in(Format::V2);
        // A byte string (major type 2) of one byte per letter.
        assert_eq!(bytes[0], 0x40 | 22);
        assert_eq!(bytes.len(), 23);
        assert_eq!(decode_v2(ClaimId::FullName, &bytes).unwrap(), value);
        // The same name as UTF-8 text is not the issuer's encoding.
        let utf8 = value.encode_in(Format::V1);
        assert!(decode_v2(ClaimId::FullName, &utf8).is_err());
        assert!(decode(ClaimId::FullName, &utf8).is_ok());
        // A name VISCII cannot hold travels as UTF-8, and only so.
        let foreign = ClaimValue::Name(FullName::new("Lý Ngọc 李").unwrap());
        let text = foreign.encode_in(Format::V2);
        assert_eq!(text[0] & 0xe0, 0x60);
        assert_eq!(decode_v2(ClaimId::FullName, &text).unwrap(), foreign);
        // VISCII bytes still obey the name's rule: no digit, no double space.
        let mut digit = vec![0x45];
        digit.extend_from_slice(b"Nam 2");
        assert!(decode_v2(ClaimId::FullName, &digit).is_err());
        let mut control = vec![0x43];
        control.extend_from_slice(b"A\x01B");
        assert!(decode_v2(ClaimId::FullName, &control).is_err());
    }

    #[test]
    fn format_2_packs_the_card_number_and_refuses_what_unpacks_wrong() {
        for number in ["DN4010123456789", "AA1000000000000", "ZZ5999999999999"] {
            let value = ClaimValue::CardNumber(HealthCardNumber::parse(number).unwrap());
            let bytes = value.encode_in(Format::V2);
            assert_eq!(bytes.len(), 8, "{number}");
            assert_eq!(decode_v2(ClaimId::CardNumber, &bytes).unwrap(), value);
        }
        let packed = |v: u64| {
            let mut out = vec![0x47];
            out.extend_from_slice(&v.to_be_bytes()[1..]);
            out
        };
        // Group 676 is past "ZZ"; benefit digit 0 and 6 are no level.
        assert!(decode_v2(ClaimId::CardNumber, &packed(676 * CARD_DIGITS)).is_err());
        assert!(decode_v2(ClaimId::CardNumber, &packed(99 * CARD_DIGITS)).is_err());
        assert!(
            decode_v2(ClaimId::CardNumber, &packed(6_000_000_000_000)).is_err(),
            "benefit level 6"
        );
        // The format 1 text is not format 2's encoding.
        let text = ClaimValue::CardNumber(HealthCardNumber::parse("DN4010123456789").unwrap())
            .encode_in(Format::V1);
        assert!(decode_v2(ClaimId::CardNumber, &text).is_err());
    }

    #[test]
    fn format_2_facilities_are_a_code_or_a_code_and_compact_name() {
        let (_, _, health) = crate::document::sample::reference_citizen();
        let facility = health.first_care_facility().clone();
        let code = ClaimValue::FacilityCode(facility.code.clone());
        let bytes = code.encode_in(Format::V2);
        assert_eq!(bytes, [0x19, 0x03, 0xe9]); // 1001
        assert_eq!(decode_v2(ClaimId::FirstCareFacility, &bytes).unwrap(), code);
        let full = ClaimValue::Facility(facility);
        let bytes = full.encode_in(Format::V2);
        assert_eq!(decode_v2(ClaimId::FirstCareFacility, &bytes).unwrap(), full);
        // Six digits are no facility code.
        assert!(decode_v2(ClaimId::FirstCareFacility, &[0x1a, 0, 1, 0x86, 0xa0]).is_err());
        // Format 1 never takes the bare code.
        assert!(decode(ClaimId::FirstCareFacility, &[0x19, 0x03, 0xe9]).is_err());
    }
}
