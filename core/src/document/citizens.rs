//! Deterministic fictional citizens, for demos, the mock issuer and tests.
//!
//! [`citizen`] builds citizen number `n` of a population identified by a
//! `seed`; [`citizens`] builds numbers `0..count`. Number 0 is always the
//! reference citizen of [`super::sample`]. Numbers 1 to 5 are fixed edge
//! cases (see [`MINOR_NUMBER`] and the constants after it); the others are
//! ordinary adults with realistic Vietnamese names, dates and addresses.
//!
//! Every value comes from [`draw`], a SHA-256 of (seed, citizen number,
//! attempt, field label), so the same seed gives the same citizens on every
//! platform and in every release that keeps `draw` and the tables below.
//! Every document goes through its validating constructor; should a draw be
//! refused, the citizen is drawn again with the next attempt number.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use time::macros::date;
use time::{Date, Duration, Month};

use super::age::{age_on, anniversary};
use super::province::province_name;
use super::sample::try_reference_citizen;
use super::{
    BenefitLevel, CareFacility, Document, DocumentError, DocumentType, DrivingLicence,
    DrivingLicenceFields, Field, FullName, HealthCardNumber, HealthInsuranceCard,
    HealthInsuranceCardFields, LicenceClass, LicenceClassEntry, LicenceNumber, NationalIdCard,
    NationalIdCardFields, Nationality, OrganisationName, PersonalIdNumber, Place, Sex,
};

/// Number of the reference citizen (note [`CitizenNote::Reference`]).
pub const REFERENCE_NUMBER: u32 = 0;
/// Number of the minor: 16 years old on `today`, no driving licence,
/// health card of group HS (note [`CitizenNote::Minor`]).
pub const MINOR_NUMBER: u32 = 1;
/// Number of the citizen whose only licence class, B, ended before `today`
/// (note [`CitizenNote::ExpiredLicence`]).
pub const EXPIRED_LICENCE_NUMBER: u32 = 2;
/// Number of the citizen whose valid licence the mock issuer suspends
/// (note [`CitizenNote::SuspendedLicence`]).
pub const SUSPENDED_LICENCE_NUMBER: u32 = 3;
/// Number of the citizen with a name of 60 characters or more
/// (note [`CitizenNote::LongName`]).
pub const LONG_NAME_NUMBER: u32 = 4;
/// Number of the citizen aged 60 or over on `today` whose identity card,
/// issued at 58 or over, has no expiry date. [`CitizenNote`] has no variant
/// for this case, so the citizen carries no note.
pub const LIFELONG_ID_NUMBER: u32 = 5;

/// How many times a citizen is drawn before [`citizen`] gives up and returns
/// the last validation error.
pub const MAX_ATTEMPTS: u32 = 16;

/// Why a citizen is special.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CitizenNote {
    /// The driving licence has class B only, and it ended before `today`.
    ExpiredLicence,
    /// The licence is valid, but the mock issuer suspends it: a marker only.
    SuspendedLicence,
    /// Under 18 on `today` (16 years old): no driving licence.
    Minor,
    /// Full name of 60 characters or more.
    LongName,
    /// The reference citizen of [`super::sample::try_reference_citizen`].
    Reference,
}

/// One fictional citizen and the documents they hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestCitizen {
    /// Number within the population of a seed; 0 is the reference citizen.
    pub number: u32,
    /// Identity card; every citizen has one.
    pub national_id: NationalIdCard,
    /// Driving licence, held by about 80 % of citizens.
    pub driving_licence: Option<DrivingLicence>,
    /// Health-insurance card, held by about 90 % of citizens.
    pub health_insurance: Option<HealthInsuranceCard>,
    /// Edge cases this citizen was made for; empty for ordinary citizens.
    pub notes: Vec<CitizenNote>,
}

impl TestCitizen {
    /// Full name, as on every document.
    pub fn full_name(&self) -> &FullName {
        self.national_id.full_name()
    }

    /// The citizen's document of `doc_type`, if they hold one.
    pub fn document(&self, doc_type: DocumentType) -> Option<Document> {
        match doc_type {
            DocumentType::NationalId => Some(Document::NationalId(self.national_id.clone())),
            DocumentType::DrivingLicence => {
                self.driving_licence.clone().map(Document::DrivingLicence)
            }
            DocumentType::HealthInsurance => {
                self.health_insurance.clone().map(Document::HealthInsurance)
            }
        }
    }

    /// Whether the citizen carries `note`.
    pub fn has_note(&self, note: CitizenNote) -> bool {
        self.notes.contains(&note)
    }
}

/// The citizens numbered `0..count` of the population of `seed`, as
/// [`citizen`] builds them.
pub fn citizens(seed: u64, count: u32, today: Date) -> Result<Vec<TestCitizen>, DocumentError> {
    (0..count).map(|n| citizen(seed, n, today)).collect()
}

/// The first-care facilities of `people`'s health cards, one per code, in
/// code order: the registry an issuer publishes with its trust list so that
/// verifiers can name the codes format 2 proofs carry.
pub fn facility_registry<'a>(
    people: impl IntoIterator<Item = &'a TestCitizen>,
) -> Vec<CareFacility> {
    let mut registry: std::collections::BTreeMap<String, CareFacility> =
        std::collections::BTreeMap::new();
    for card in people
        .into_iter()
        .filter_map(|p| p.health_insurance.as_ref())
    {
        let facility = card.first_care_facility();
        registry
            .entry(facility.code_str().to_owned())
            .or_insert_with(|| facility.clone());
    }
    registry.into_values().collect()
}

/// Citizen `number` of the population of `seed`, with documents as they
/// stand on `today`.
///
/// Number 0 is the reference citizen, whatever the seed; numbers 1 to 5 are
/// the edge cases named by [`MINOR_NUMBER`] and the constants after it.
/// Personal ID numbers are unique within a seed for numbers below 1,000,000.
///
/// Fails only for dates the generator cannot place people in: `today` must
/// be between 1959 and 2399.
pub fn citizen(seed: u64, number: u32, today: Date) -> Result<TestCitizen, DocumentError> {
    if number == REFERENCE_NUMBER {
        let (national_id, licence, health) = try_reference_citizen()?;
        return Ok(TestCitizen {
            number,
            national_id,
            driving_licence: Some(licence),
            health_insurance: Some(health),
            notes: vec![CitizenNote::Reference],
        });
    }
    let mut last_error = DocumentError::OutOfRange(Field::DateOfBirth);
    for attempt in 0..MAX_ATTEMPTS {
        let draws = Draws {
            seed,
            number,
            attempt,
        };
        match generate(draws, today) {
            Ok(citizen) => return Ok(citizen),
            Err(error) => last_error = error,
        }
    }
    Err(last_error)
}

/// The generator's only source of randomness.
///
/// The first 8 bytes, read big-endian, of
/// `SHA-256("vidi/citizens/v1" ‖ 0x00 ‖ seed ‖ number ‖ attempt ‖ label)`,
/// where `seed` is 8 bytes and `number` and `attempt` 4 bytes, all
/// big-endian, and `label` is the UTF-8 name of the value being drawn (such
/// as `"dob"` or `"given"`). Changing this function or a label changes every
/// population; tests pin its output.
pub fn draw(seed: u64, number: u32, attempt: u32, label: &str) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(b"vidi/citizens/v1\0");
    hasher.update(seed.to_be_bytes());
    hasher.update(number.to_be_bytes());
    hasher.update(attempt.to_be_bytes());
    hasher.update(label.as_bytes());
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    for (out, byte) in first.iter_mut().zip(digest.iter()) {
        *out = *byte;
    }
    u64::from_be_bytes(first)
}

/// The draws of one attempt at one citizen.
#[derive(Debug, Clone, Copy)]
struct Draws {
    seed: u64,
    number: u32,
    attempt: u32,
}

impl Draws {
    fn raw(self, label: &str) -> u64 {
        draw(self.seed, self.number, self.attempt, label)
    }

    /// Uniform in `0..n` (0 if `n` is 0), by multiply-and-shift.
    fn below(self, label: &str, n: u64) -> u64 {
        ((u128::from(self.raw(label)) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn between(self, label: &str, lo: u64, hi: u64) -> u64 {
        lo + self.below(label, hi.saturating_sub(lo).saturating_add(1))
    }

    /// True with `percent` % probability.
    fn chance(self, label: &str, percent: u64) -> bool {
        self.below(label, 100) < percent
    }

    fn index(self, label: &str, len: usize) -> usize {
        usize::try_from(self.below(label, len as u64)).unwrap_or(0)
    }

    fn pick<T: Copy + Default>(self, label: &str, items: &[T]) -> T {
        items
            .get(self.index(label, items.len()))
            .copied()
            .unwrap_or_default()
    }

    fn weighted<T: Copy + Default>(self, label: &str, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|&(_, w)| u64::from(w)).sum();
        let mut r = self.below(label, total);
        for &(item, weight) in items {
            if r < u64::from(weight) {
                return item;
            }
            r -= u64::from(weight);
        }
        T::default()
    }

    /// A word of `pool` not already in `used`.
    fn fresh(self, label: &str, pool: &[&'static str], used: &[&str]) -> &'static str {
        let left: Vec<&'static str> = pool.iter().copied().filter(|w| !used.contains(w)).collect();
        self.pick(label, &left)
    }

    fn fresh_weighted(
        self,
        label: &str,
        pool: &[(&'static str, u32)],
        used: &[&str],
    ) -> &'static str {
        let left: Vec<(&'static str, u32)> = pool
            .iter()
            .copied()
            .filter(|(w, _)| !used.contains(w))
            .collect();
        self.weighted(label, &left)
    }

    /// Uniform in `lo..=hi`; an error naming `field` if `hi < lo`.
    fn date(self, label: &str, lo: Date, hi: Date, field: Field) -> Result<Date, DocumentError> {
        let span = u64::try_from(hi.to_julian_day() - lo.to_julian_day())
            .map_err(|_| DocumentError::OutOfRange(field))?;
        let offset = i32::try_from(self.below(label, span + 1))
            .map_err(|_| DocumentError::OutOfRange(field))?;
        Date::from_julian_day(lo.to_julian_day() + offset)
            .map_err(|_| DocumentError::OutOfRange(field))
    }
}

/// The same day `years` earlier; 28 February for 29 February.
fn years_before(day: Date, years: i32, field: Field) -> Result<Date, DocumentError> {
    let year = day.year() - years;
    Date::from_calendar_date(year, day.month(), day.day())
        .or_else(|_| Date::from_calendar_date(year, day.month(), 28))
        .map_err(|_| DocumentError::OutOfRange(field))
}

/// Which edge case a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ordinary,
    Minor,
    ExpiredLicence,
    SuspendedLicence,
    LongName,
    Lifelong,
}

impl Kind {
    fn of(number: u32) -> Self {
        match number {
            MINOR_NUMBER => Self::Minor,
            EXPIRED_LICENCE_NUMBER => Self::ExpiredLicence,
            SUSPENDED_LICENCE_NUMBER => Self::SuspendedLicence,
            LONG_NAME_NUMBER => Self::LongName,
            LIFELONG_ID_NUMBER => Self::Lifelong,
            _ => Self::Ordinary,
        }
    }

    fn notes(self) -> Vec<CitizenNote> {
        match self {
            Self::Minor => vec![CitizenNote::Minor],
            Self::ExpiredLicence => vec![CitizenNote::ExpiredLicence],
            Self::SuspendedLicence => vec![CitizenNote::SuspendedLicence],
            Self::LongName => vec![CitizenNote::LongName],
            Self::Ordinary | Self::Lifelong => Vec::new(),
        }
    }
}

fn generate(d: Draws, today: Date) -> Result<TestCitizen, DocumentError> {
    let kind = Kind::of(d.number);
    let sex = if d.chance("sex", 50) {
        Sex::Male
    } else {
        Sex::Female
    };
    let full_name = FullName::new(&if kind == Kind::LongName {
        long_name(d, sex)
    } else {
        ordinary_name(d, sex)
    })?;

    let (date_of_birth, date_of_issue) = birth_and_issue(d, kind, today)?;
    let date_of_expiry = id_expiry(date_of_birth, date_of_issue);

    let birth = d.weighted("birth.province", &province_weights());
    let residence_province = if d.chance("residence.moved", 30) {
        d.weighted("residence.province", MIGRATION)
    } else {
        birth
    };
    let origin = Address::rural_or_urban(d, "origin", birth, 75)?;
    let residence = Address::rural_or_urban(d, "residence", residence_province, 45)?;

    let national_id = NationalIdCard::new(NationalIdCardFields {
        number: personal_id_number(d, birth, date_of_birth, sex)?,
        full_name: full_name.clone(),
        date_of_birth,
        sex,
        nationality: Nationality::VIETNAM,
        place_of_origin: Place::new(&origin.origin_text())?,
        place_of_residence: Place::new(&residence.residence_text())?,
        date_of_issue,
        date_of_expiry,
        portrait_digest: None,
    })?;

    let driving_licence = match kind {
        Kind::Minor => None,
        Kind::ExpiredLicence | Kind::SuspendedLicence => Some(()),
        Kind::Ordinary | Kind::LongName | Kind::Lifelong => d.chance("licence", 80).then_some(()),
    }
    .map(|()| driving_licence(d, kind, &full_name, date_of_birth, &residence, today))
    .transpose()?;

    let health_insurance = (kind == Kind::Minor || d.chance("health", 90))
        .then(|| health_card(d, &full_name, date_of_birth, sex, &residence, today))
        .transpose()?;

    Ok(TestCitizen {
        number: d.number,
        national_id,
        driving_licence,
        health_insurance,
        notes: kind.notes(),
    })
}

// ---------------------------------------------------------------- names

/// Family names with weights in tenths of a percent, roughly as common as
/// in the population (Nguyễn about 38 %).
const FAMILY_NAMES: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 31),
    ("Huỳnh", 20),
    ("Phan", 45),
    ("Vũ", 20),
    ("Võ", 19),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 8),
    ("Đào", 7),
    ("Trịnh", 6),
    ("Mai", 6),
    ("Trương", 7),
    ("Lương", 5),
    ("Cao", 5),
    ("Lâm", 5),
    ("Hà", 5),
    ("Đoàn", 6),
    ("Tạ", 3),
    ("Tô", 3),
    ("Châu", 3),
    ("Thái", 3),
    ("Lưu", 3),
    ("Kiều", 2),
    ("La", 2),
    ("Tăng", 2),
];

const MALE_MIDDLE: &[(&str, u32)] = &[
    ("Văn", 30),
    ("Hữu", 8),
    ("Đức", 10),
    ("Minh", 10),
    ("Quốc", 7),
    ("Thanh", 6),
    ("Gia", 4),
    ("Bảo", 4),
    ("Xuân", 4),
    ("Công", 5),
    ("Đình", 6),
    ("Ngọc", 3),
    ("Trọng", 4),
    ("Quang", 5),
    ("Hoàng", 4),
    ("Tiến", 3),
    ("Thành", 4),
    ("Duy", 4),
    ("Việt", 3),
];

const FEMALE_MIDDLE: &[(&str, u32)] = &[
    ("Thị", 35),
    ("Ngọc", 8),
    ("Thanh", 7),
    ("Thu", 6),
    ("Minh", 5),
    ("Bảo", 4),
    ("Kim", 5),
    ("Thùy", 4),
    ("Phương", 4),
    ("Mỹ", 3),
    ("Hồng", 4),
    ("Diệu", 2),
    ("Khánh", 3),
    ("Hoài", 2),
    ("Xuân", 4),
    ("Gia", 2),
    ("Hải", 2),
    ("Quỳnh", 2),
];

/// First of two given names, as in "Nguyễn Thị Thanh Hương".
const MALE_SECOND: &[&str] = &[
    "Minh", "Quang", "Hoàng", "Anh", "Đức", "Thành", "Tuấn", "Việt", "Gia", "Bảo", "Hải", "Trung",
];

const FEMALE_SECOND: &[&str] = &[
    "Thanh", "Ngọc", "Thu", "Minh", "Phương", "Bảo", "Kim", "Hồng", "Mai", "Khánh", "Thảo", "Diễm",
];

const MALE_GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đông", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
    "Khang", "Khánh", "Khoa", "Kiên", "Long", "Lộc", "Lâm", "Minh", "Nam", "Nghĩa", "Nhân",
    "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn",
    "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Hưng", "Hòa", "Thái", "Bảo", "Đức",
];

const FEMALE_GIVEN: &[&str] = &[
    "An", "Anh", "Châu", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
    "Hồng", "Huyền", "Hương", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung",
    "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Trâm", "Uyên",
    "Vân", "Vy", "Xuân", "Yến", "Nhi", "Thư", "Hân",
];

/// Given names strung together for the long-name citizen, in the style of
/// the descendants of the Nguyễn dynasty.
const LONG_MALE_WORDS: &[&str] = &[
    "Quang",
    "Minh",
    "Hoàng",
    "Bảo",
    "Thiện",
    "Nhân",
    "Nguyên",
    "Khôi",
    "Vĩnh",
    "Trường",
    "Phước",
    "Hưng",
    "Thịnh",
    "Đăng",
    "Khoa",
    "Duy",
    "Anh",
    "Tuấn",
    "Long",
];

const LONG_FEMALE_WORDS: &[&str] = &[
    "Hoàng", "Phương", "Thảo", "Nguyên", "Ngọc", "Bích", "Diễm", "Kiều", "Tường", "Vi", "Yến",
    "Như", "Quỳnh", "Khánh", "Linh", "Uyên", "Thục", "Đoan", "Trâm", "Anh",
];

/// Minimum length of the long name, in characters.
const LONG_NAME_CHARS: usize = 60;

fn ordinary_name(d: Draws, sex: Sex) -> String {
    let (middle_pool, second_pool, given_pool) = match sex {
        Sex::Male => (MALE_MIDDLE, MALE_SECOND, MALE_GIVEN),
        Sex::Female => (FEMALE_MIDDLE, FEMALE_SECOND, FEMALE_GIVEN),
    };
    let family = d.weighted("name.family", FAMILY_NAMES);
    let mut words = vec![family];
    let middle = d.fresh_weighted("name.middle", middle_pool, &words);
    words.push(middle);
    if d.chance("name.two_given", 30) {
        let second = d.fresh("name.second", second_pool, &words);
        words.push(second);
    }
    let given = d.fresh("name.given", given_pool, &words);
    words.push(given);
    words.join(" ")
}

fn long_name(d: Draws, sex: Sex) -> String {
    let (family, middle, pool) = match sex {
        Sex::Male => ("Tôn Thất", "Hữu", LONG_MALE_WORDS),
        Sex::Female => ("Công Tằng Tôn Nữ", "Thị", LONG_FEMALE_WORDS),
    };
    let mut name = format!("{family} {middle}");
    let mut used: Vec<&str> = Vec::new();
    for i in 0..pool.len() {
        if name.chars().count() >= LONG_NAME_CHARS {
            break;
        }
        let word = d.fresh(&format!("name.long.{i}"), pool, &used);
        used.push(word);
        name.push(' ');
        name.push_str(word);
    }
    name
}

// ---------------------------------------------------------------- dates

/// First and last usual issue dates of the generated identity cards (a card
/// renewed at an age reached after the last one is issued later).
const FIRST_ID_ISSUE: Date = date!(2021 - 01 - 01);
const LAST_ID_ISSUE: Date = date!(2025 - 12 - 31);
/// Earliest date of birth of ordinary citizens.
const EARLIEST_BIRTH: Date = date!(1940 - 01 - 01);
/// Ages at which an identity card must be renewed.
const RENEWAL_AGES: [u32; 4] = [14, 25, 40, 60];

/// Date of birth and identity-card issue date for the kind of citizen.
fn birth_and_issue(d: Draws, kind: Kind, today: Date) -> Result<(Date, Date), DocumentError> {
    let dob_field = Field::DateOfBirth;
    let birth = match kind {
        Kind::Minor => {
            let lo = years_before(today, 17, dob_field)?.next_day();
            let lo = lo.ok_or(DocumentError::OutOfRange(dob_field))?;
            d.date("dob", lo, years_before(today, 16, dob_field)?, dob_field)?
        }
        Kind::ExpiredLicence => d.date(
            "dob",
            years_before(today, 70, dob_field)?,
            years_before(today, 35, dob_field)?,
            dob_field,
        )?,
        Kind::Lifelong => {
            // Issue first: the holder must be 58 or over on that day.
            let last = LAST_ID_ISSUE.min(today);
            let issue = d.date(
                "id.issue",
                FIRST_ID_ISSUE.min(last),
                last,
                Field::DateOfIssue,
            )?;
            let hi = years_before(
                issue,
                i32::try_from(NationalIdCard::NO_EXPIRY_FROM_AGE).unwrap_or(58),
                dob_field,
            )?
            .min(years_before(today, 60, dob_field)?);
            let lo = EARLIEST_BIRTH.min(years_before(hi, 25, dob_field)?);
            return Ok((d.date("dob", lo, hi, dob_field)?, issue));
        }
        Kind::Ordinary | Kind::SuspendedLicence | Kind::LongName => {
            // Three in four among the under-65s, the rest over the whole span.
            let hi = years_before(today, 19, dob_field)?;
            let lo = if d.chance("dob.young", 75) {
                years_before(today, 65, dob_field)?.max(EARLIEST_BIRTH)
            } else {
                EARLIEST_BIRTH
            };
            d.date("dob", lo.min(hi), hi, dob_field)?
        }
    };
    let (lo, hi) = id_issue_window(birth, today);
    Ok((birth, d.date("id.issue", lo, hi, Field::DateOfIssue)?))
}

/// Issue dates in 2021-2025, not after `today`, and on or after the last
/// renewal age (14, 25, 40, 60) the holder has reached by `today`, so that
/// the card has not expired on `today` ([`id_expiry`]); if there are none,
/// from that renewal up to `today`.
fn id_issue_window(birth: Date, today: Date) -> (Date, Date) {
    let age = age_on(birth, today);
    let renewed = RENEWAL_AGES
        .into_iter()
        .filter(|&renewal| renewal <= age)
        .max()
        .unwrap_or(RENEWAL_AGES[0]);
    let first = FIRST_ID_ISSUE.max(anniversary(birth, renewed));
    let last = LAST_ID_ISSUE.min(today);
    if first <= last {
        (first, last)
    } else {
        (first.min(today), today)
    }
}

/// Expiry of a card issued on `issue`: the next renewal age (14, 25, 40,
/// 60), skipping one that falls within two years of issue; none from 58.
fn id_expiry(birth: Date, issue: Date) -> Option<Date> {
    let age = age_on(birth, issue);
    if age >= NationalIdCard::NO_EXPIRY_FROM_AGE {
        return None;
    }
    RENEWAL_AGES
        .into_iter()
        .find(|&renewal| age + 2 < renewal)
        .map(|renewal| anniversary(birth, renewal))
}

// ---------------------------------------------------------------- identity

fn personal_id_number(
    d: Draws,
    province: u16,
    birth: Date,
    sex: Sex,
) -> Result<PersonalIdNumber, DocumentError> {
    let field = Field::DateOfBirth;
    let year = birth.year();
    if !(1900..2400).contains(&year) {
        return Err(DocumentError::OutOfRange(field));
    }
    let century =
        u32::try_from((year - 1900) / 100).map_err(|_| DocumentError::OutOfRange(field))?;
    let digit = 2 * century + u32::from(sex == Sex::Female);
    let yy = year.rem_euclid(100);
    PersonalIdNumber::parse(&format!(
        "{province:03}{digit}{yy:02}{:06}",
        id_serial(d.seed, d.number)
    ))
}

/// The 6-digit serial of a personal ID number: `(12345 + number × m) mod
/// 10⁶`, with `m` drawn from the seed and coprime to 10. This is a
/// permutation of the numbers below 1,000,000, so serials (and hence ID
/// numbers) never repeat within a seed, and number 0 keeps the reference
/// citizen's serial 012345.
fn id_serial(seed: u64, number: u32) -> u64 {
    let m = draw(seed, 0, 0, "id.serial.multiplier");
    let multiplier = (m % 100_000) * 10 + [1, 3, 7, 9][usize::try_from(m >> 62).unwrap_or(0) & 3];
    (12_345 + u64::from(number) * multiplier) % 1_000_000
}

// ---------------------------------------------------------------- places

/// Districts of a province: urban (quận, thành phố, thị xã) and rural
/// (huyện), with a rough population weight in hundred thousands.
struct ProvincePlaces {
    code: u16,
    weight: u32,
    urban: &'static [&'static str],
    rural: &'static [&'static str],
}

const fn pp(
    code: u16,
    weight: u32,
    urban: &'static [&'static str],
    rural: &'static [&'static str],
) -> ProvincePlaces {
    ProvincePlaces {
        code,
        weight,
        urban,
        rural,
    }
}

/// One entry for each of the 63 province codes of the personal ID number.
const PLACES: &[ProvincePlaces] = &[
    pp(
        1,
        85,
        &[
            "Quận Hoàn Kiếm",
            "Quận Ba Đình",
            "Quận Đống Đa",
            "Quận Cầu Giấy",
            "Quận Hai Bà Trưng",
            "Quận Thanh Xuân",
            "Quận Long Biên",
            "Quận Hoàng Mai",
        ],
        &[
            "Huyện Gia Lâm",
            "Huyện Đông Anh",
            "Huyện Sóc Sơn",
            "Huyện Thường Tín",
            "Huyện Ba Vì",
        ],
    ),
    pp(
        2,
        9,
        &["Thành phố Hà Giang"],
        &["Huyện Vị Xuyên", "Huyện Bắc Quang"],
    ),
    pp(
        4,
        5,
        &["Thành phố Cao Bằng"],
        &["Huyện Hòa An", "Huyện Trùng Khánh"],
    ),
    pp(
        6,
        3,
        &["Thành phố Bắc Kạn"],
        &["Huyện Ba Bể", "Huyện Chợ Đồn"],
    ),
    pp(
        8,
        8,
        &["Thành phố Tuyên Quang"],
        &["Huyện Sơn Dương", "Huyện Yên Sơn"],
    ),
    pp(
        10,
        7,
        &["Thành phố Lào Cai"],
        &["Huyện Bảo Thắng", "Huyện Bát Xát"],
    ),
    pp(
        11,
        6,
        &["Thành phố Điện Biên Phủ"],
        &["Huyện Mường Ảng", "Huyện Điện Biên"],
    ),
    pp(
        12,
        5,
        &["Thành phố Lai Châu"],
        &["Huyện Tam Đường", "Huyện Phong Thổ"],
    ),
    pp(
        14,
        13,
        &["Thành phố Sơn La"],
        &["Huyện Mai Sơn", "Huyện Mộc Châu"],
    ),
    pp(
        15,
        8,
        &["Thành phố Yên Bái"],
        &["Huyện Văn Chấn", "Huyện Trấn Yên"],
    ),
    pp(
        17,
        9,
        &["Thành phố Hòa Bình"],
        &["Huyện Lương Sơn", "Huyện Mai Châu"],
    ),
    pp(
        19,
        13,
        &["Thành phố Thái Nguyên"],
        &["Huyện Đại Từ", "Huyện Phú Bình"],
    ),
    pp(
        20,
        8,
        &["Thành phố Lạng Sơn"],
        &["Huyện Cao Lộc", "Huyện Hữu Lũng"],
    ),
    pp(
        22,
        13,
        &[
            "Thành phố Hạ Long",
            "Thành phố Cẩm Phả",
            "Thành phố Uông Bí",
        ],
        &["Huyện Vân Đồn", "Huyện Tiên Yên"],
    ),
    pp(
        24,
        19,
        &["Thành phố Bắc Giang"],
        &["Huyện Lục Nam", "Huyện Hiệp Hòa"],
    ),
    pp(
        25,
        15,
        &["Thành phố Việt Trì"],
        &["Huyện Lâm Thao", "Huyện Thanh Ba"],
    ),
    pp(
        26,
        12,
        &["Thành phố Vĩnh Yên"],
        &["Huyện Yên Lạc", "Huyện Tam Dương"],
    ),
    pp(
        27,
        15,
        &["Thành phố Bắc Ninh", "Thành phố Từ Sơn"],
        &["Huyện Gia Bình", "Huyện Tiên Du"],
    ),
    pp(
        30,
        19,
        &["Thành phố Hải Dương"],
        &["Huyện Gia Lộc", "Huyện Cẩm Giàng"],
    ),
    pp(
        31,
        21,
        &["Quận Lê Chân", "Quận Ngô Quyền", "Quận Hồng Bàng"],
        &["Huyện Thủy Nguyên", "Huyện An Lão"],
    ),
    pp(
        33,
        13,
        &["Thành phố Hưng Yên"],
        &["Huyện Khoái Châu", "Huyện Văn Lâm"],
    ),
    pp(
        34,
        19,
        &["Thành phố Thái Bình"],
        &["Huyện Kiến Xương", "Huyện Vũ Thư"],
    ),
    pp(
        35,
        9,
        &["Thành phố Phủ Lý"],
        &["Huyện Lý Nhân", "Huyện Thanh Liêm"],
    ),
    pp(
        36,
        18,
        &["Thành phố Nam Định"],
        &["Huyện Hải Hậu", "Huyện Giao Thủy"],
    ),
    pp(
        37,
        10,
        &["Thành phố Ninh Bình", "Thành phố Tam Điệp"],
        &["Huyện Gia Viễn", "Huyện Hoa Lư"],
    ),
    pp(
        38,
        37,
        &["Thành phố Thanh Hóa", "Thành phố Sầm Sơn"],
        &["Huyện Hoằng Hóa", "Huyện Quảng Xương", "Huyện Thọ Xuân"],
    ),
    pp(
        40,
        34,
        &["Thành phố Vinh"],
        &["Huyện Diễn Châu", "Huyện Nghi Lộc", "Huyện Đô Lương"],
    ),
    pp(
        42,
        13,
        &["Thành phố Hà Tĩnh"],
        &["Huyện Đức Thọ", "Huyện Cẩm Xuyên"],
    ),
    pp(
        44,
        9,
        &["Thành phố Đồng Hới"],
        &["Huyện Lệ Thủy", "Huyện Bố Trạch"],
    ),
    pp(
        45,
        6,
        &["Thành phố Đông Hà"],
        &["Huyện Hải Lăng", "Huyện Triệu Phong"],
    ),
    pp(
        46,
        11,
        &["Thành phố Huế"],
        &["Huyện Phú Vang", "Huyện Quảng Điền"],
    ),
    pp(
        48,
        12,
        &["Quận Hải Châu", "Quận Thanh Khê", "Quận Sơn Trà"],
        &["Huyện Hòa Vang"],
    ),
    pp(
        49,
        15,
        &["Thành phố Tam Kỳ", "Thành phố Hội An"],
        &["Huyện Duy Xuyên", "Huyện Thăng Bình"],
    ),
    pp(
        51,
        12,
        &["Thành phố Quảng Ngãi"],
        &["Huyện Bình Sơn", "Huyện Tư Nghĩa"],
    ),
    pp(
        52,
        15,
        &["Thành phố Quy Nhơn"],
        &["Huyện Tuy Phước", "Huyện Phù Cát"],
    ),
    pp(
        54,
        9,
        &["Thành phố Tuy Hòa"],
        &["Huyện Tuy An", "Huyện Phú Hòa"],
    ),
    pp(
        56,
        12,
        &["Thành phố Nha Trang", "Thành phố Cam Ranh"],
        &["Huyện Diên Khánh", "Huyện Cam Lâm"],
    ),
    pp(
        58,
        6,
        &["Thành phố Phan Rang - Tháp Chàm"],
        &["Huyện Ninh Phước", "Huyện Ninh Hải"],
    ),
    pp(
        60,
        12,
        &["Thành phố Phan Thiết"],
        &["Huyện Hàm Thuận Bắc", "Huyện Tuy Phong"],
    ),
    pp(
        62,
        6,
        &["Thành phố Kon Tum"],
        &["Huyện Đắk Hà", "Huyện Sa Thầy"],
    ),
    pp(
        64,
        16,
        &["Thành phố Pleiku"],
        &["Huyện Chư Sê", "Huyện Chư Păh"],
    ),
    pp(
        66,
        19,
        &["Thành phố Buôn Ma Thuột"],
        &["Huyện Krông Pắc", "Huyện Cư M'gar"],
    ),
    pp(
        67,
        7,
        &["Thành phố Gia Nghĩa"],
        &["Huyện Đắk Mil", "Huyện Cư Jút"],
    ),
    pp(
        68,
        13,
        &["Thành phố Đà Lạt", "Thành phố Bảo Lộc"],
        &["Huyện Đức Trọng", "Huyện Di Linh"],
    ),
    pp(
        70,
        10,
        &["Thành phố Đồng Xoài"],
        &["Huyện Bù Đăng", "Huyện Đồng Phú"],
    ),
    pp(
        72,
        12,
        &["Thành phố Tây Ninh"],
        &["Huyện Dương Minh Châu", "Huyện Gò Dầu"],
    ),
    pp(
        74,
        27,
        &[
            "Thành phố Thủ Dầu Một",
            "Thành phố Dĩ An",
            "Thành phố Thuận An",
        ],
        &["Huyện Bàu Bàng", "Huyện Phú Giáo"],
    ),
    pp(
        75,
        32,
        &["Thành phố Biên Hòa", "Thành phố Long Khánh"],
        &["Huyện Trảng Bom", "Huyện Nhơn Trạch"],
    ),
    pp(
        77,
        12,
        &["Thành phố Vũng Tàu", "Thành phố Bà Rịa"],
        &["Huyện Châu Đức", "Huyện Xuyên Mộc"],
    ),
    pp(
        79,
        94,
        &[
            "Quận 1",
            "Quận 3",
            "Quận 10",
            "Quận Bình Thạnh",
            "Quận Tân Bình",
            "Quận Gò Vấp",
            "Thành phố Thủ Đức",
        ],
        &["Huyện Củ Chi", "Huyện Hóc Môn", "Huyện Bình Chánh"],
    ),
    pp(
        80,
        17,
        &["Thành phố Tân An"],
        &["Huyện Đức Hòa", "Huyện Bến Lức"],
    ),
    pp(
        82,
        18,
        &["Thành phố Mỹ Tho"],
        &["Huyện Châu Thành", "Huyện Cái Bè"],
    ),
    pp(
        83,
        13,
        &["Thành phố Bến Tre"],
        &["Huyện Mỏ Cày Nam", "Huyện Giồng Trôm"],
    ),
    pp(
        84,
        10,
        &["Thành phố Trà Vinh"],
        &["Huyện Càng Long", "Huyện Cầu Kè"],
    ),
    pp(
        86,
        10,
        &["Thành phố Vĩnh Long"],
        &["Huyện Long Hồ", "Huyện Tam Bình"],
    ),
    pp(
        87,
        16,
        &["Thành phố Cao Lãnh", "Thành phố Sa Đéc"],
        &["Huyện Lấp Vò", "Huyện Tháp Mười"],
    ),
    pp(
        89,
        19,
        &["Thành phố Long Xuyên", "Thành phố Châu Đốc"],
        &["Huyện Chợ Mới", "Huyện Phú Tân"],
    ),
    pp(
        91,
        17,
        &["Thành phố Rạch Giá", "Thành phố Phú Quốc"],
        &["Huyện Châu Thành", "Huyện Tân Hiệp"],
    ),
    pp(
        92,
        12,
        &["Quận Ninh Kiều", "Quận Bình Thủy", "Quận Cái Răng"],
        &["Huyện Phong Điền", "Huyện Cờ Đỏ"],
    ),
    pp(
        93,
        7,
        &["Thành phố Vị Thanh"],
        &["Huyện Phụng Hiệp", "Huyện Châu Thành A"],
    ),
    pp(
        94,
        12,
        &["Thành phố Sóc Trăng"],
        &["Huyện Mỹ Tú", "Huyện Kế Sách"],
    ),
    pp(
        95,
        9,
        &["Thành phố Bạc Liêu"],
        &["Huyện Hòa Bình", "Huyện Phước Long"],
    ),
    pp(
        96,
        12,
        &["Thành phố Cà Mau"],
        &["Huyện Cái Nước", "Huyện Trần Văn Thời"],
    ),
];

/// Where people who moved away from their province of birth live.
const MIGRATION: &[(u16, u32)] = &[(79, 40), (1, 30), (74, 12), (75, 8), (48, 5), (92, 5)];

fn province_weights() -> Vec<(u16, u32)> {
    PLACES.iter().map(|p| (p.code, p.weight)).collect()
}

fn places_of(code: u16) -> Result<&'static ProvincePlaces, DocumentError> {
    PLACES
        .iter()
        .find(|p| p.code == code)
        .ok_or(DocumentError::UnknownProvince(Field::Place))
}

const STREETS: &[&str] = &[
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Quang Trung",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Phan Chu Trinh",
    "Hùng Vương",
    "Nguyễn Du",
    "Trần Phú",
    "Lê Duẩn",
    "Bà Triệu",
    "Ngô Quyền",
    "Lê Lai",
    "Nguyễn Văn Cừ",
    "Phan Đình Phùng",
    "Lý Tự Trọng",
    "Điện Biên Phủ",
    "Nguyễn Thị Minh Khai",
    "Võ Thị Sáu",
    "Trần Quốc Toản",
    "Lê Hồng Phong",
    "Nguyễn Chí Thanh",
    "Nguyễn Huệ",
];

const WARDS: &[&str] = &[
    "Quang Trung",
    "Trần Phú",
    "Lê Lợi",
    "Minh Khai",
    "Hòa Bình",
    "Tân An",
    "Tân Thịnh",
    "Đông Thành",
    "Bắc Sơn",
    "Nam Hà",
    "Phú Hòa",
    "Thống Nhất",
    "Tân Lập",
    "Hưng Phúc",
    "Trung Tâm",
    "An Phú",
];

const COMMUNES: &[&str] = &[
    "Tân Phú",
    "An Bình",
    "Hòa Bình",
    "Đông Hưng",
    "Yên Phú",
    "Phú Thịnh",
    "Tân Hiệp",
    "Vĩnh Lộc",
    "Nghĩa Hưng",
    "Quảng Phú",
    "Xuân Lâm",
    "Hưng Đạo",
    "Đại Đồng",
    "Minh Tân",
    "Tiên Phong",
    "Hồng Phong",
    "Phước Hòa",
    "Long Thạnh",
];

const NORTH_HAMLETS: &[&str] = &[
    "Thôn Đông",
    "Thôn Đoài",
    "Thôn Thượng",
    "Thôn Hạ",
    "Thôn Trung",
    "Thôn 3",
    "Thôn 7",
    "Xóm 5",
    "Xóm Mới",
];

const SOUTH_HAMLETS: &[&str] = &[
    "Ấp 1",
    "Ấp 4",
    "Ấp Tân Hòa",
    "Ấp Phú Lợi",
    "Ấp Bình An",
    "Ấp Long Thạnh",
    "Ấp Mỹ Hòa",
];

/// The parts of an address, kept so the health card can name a facility
/// near the holder.
struct Address {
    province_code: u16,
    province: &'static str,
    urban: bool,
    /// House and street, or hamlet.
    street: String,
    /// "Phường Quang Trung", "Phường 5" or "Xã Tân Phú".
    ward: String,
    /// Index of the district within its province's urban or rural list.
    district_index: usize,
    /// "Quận Đống Đa", "Thành phố Vinh", "Huyện Gia Lâm", ...
    district: &'static str,
}

impl Address {
    /// A rural address with `rural_percent` % probability, else an urban one.
    fn rural_or_urban(
        d: Draws,
        label: &str,
        code: u16,
        rural_percent: u64,
    ) -> Result<Self, DocumentError> {
        let places = places_of(code)?;
        let province = province_name(code).ok_or(DocumentError::UnknownProvince(Field::Place))?;
        let urban = !d.chance(&format!("{label}.rural"), rural_percent);
        let south = code >= 70;
        let north = code <= 37;
        let l = |part: &str| format!("{label}.{part}");
        let districts = if urban { places.urban } else { places.rural };
        let district_index = d.index(&l("district"), districts.len());
        let district = districts
            .get(district_index)
            .copied()
            .ok_or(DocumentError::Empty(Field::Place))?;
        let (street, ward) = if urban {
            let house = d.between(&l("house"), 1, 199);
            let road = d.pick(&l("street"), STREETS);
            let street = if north {
                if d.chance(&l("alley"), 30) {
                    let alley = d.between(&l("alley.number"), 2, 120);
                    format!("Số {house}, ngõ {alley} Phố {road}")
                } else {
                    format!("Số {house} Phố {road}")
                }
            } else if south && d.chance(&l("alley"), 30) {
                let lane = d.between(&l("alley.number"), 2, 60);
                format!("Số {house}/{lane} Đường {road}")
            } else {
                format!("Số {house} Đường {road}")
            };
            let ward = if south && d.chance(&l("ward.numbered"), 50) {
                format!("Phường {}", d.between(&l("ward.number"), 1, 15))
            } else {
                format!("Phường {}", d.pick(&l("ward"), WARDS))
            };
            (street, ward)
        } else {
            let hamlets = if south { SOUTH_HAMLETS } else { NORTH_HAMLETS };
            let street = d.pick(&l("hamlet"), hamlets).to_owned();
            (street, format!("Xã {}", d.pick(&l("commune"), COMMUNES)))
        };
        Ok(Self {
            province_code: code,
            province,
            urban,
            street,
            ward,
            district_index,
            district,
        })
    }

    /// "Xã Phù Đổng, Huyện Gia Lâm, Hà Nội": no street.
    fn origin_text(&self) -> String {
        format!("{}, {}, {}", self.ward, self.district, self.province)
    }

    /// "Số 12 Phố Hàng Bạc, Phường Hàng Đào, Quận Hoàn Kiếm, Hà Nội".
    fn residence_text(&self) -> String {
        format!(
            "{}, {}, {}, {}",
            self.street, self.ward, self.district, self.province
        )
    }
}

/// "Huyện Gia Lâm" becomes "huyện Gia Lâm", as inside a facility name.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

// ---------------------------------------------------------------- licence

/// The traffic police took licensing over from the transport departments
/// on this day.
const POLICE_LICENSING_FROM: Date = date!(2025 - 03 - 01);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum ClassSet {
    #[default]
    A1,
    A1B,
    B,
    AB,
}

fn driving_licence(
    d: Draws,
    kind: Kind,
    full_name: &FullName,
    birth: Date,
    residence: &Address,
    today: Date,
) -> Result<DrivingLicence, DocumentError> {
    let issue_field = Field::DateOfIssue;
    let adult = anniversary(birth, 18);
    let (issue, set) = match kind {
        Kind::ExpiredLicence => {
            // Ten-year B ended at least a month before today.
            let lo = years_before(today, 14, issue_field)?;
            let hi = years_before(today, 10, issue_field)?
                .checked_sub(Duration::days(30))
                .ok_or(DocumentError::OutOfRange(issue_field))?;
            (
                d.date("licence.issue", lo.max(adult), hi, issue_field)?,
                ClassSet::B,
            )
        }
        _ => {
            let lo = years_before(today, 9, issue_field)?.max(adult);
            let issue = d.date("licence.issue", lo, today, issue_field)?;
            let set = if kind == Kind::SuspendedLicence {
                ClassSet::A1B
            } else {
                d.weighted(
                    "licence.classes",
                    &[
                        (ClassSet::A1, 42),
                        (ClassSet::A1B, 42),
                        (ClassSet::B, 12),
                        (ClassSet::AB, 4),
                    ],
                )
            };
            (issue, set)
        }
    };
    let classes: &[LicenceClass] = match set {
        ClassSet::A1 => &[LicenceClass::A1],
        ClassSet::A1B => &[LicenceClass::A1, LicenceClass::B],
        ClassSet::B => &[LicenceClass::B],
        ClassSet::AB => &[LicenceClass::A, LicenceClass::B],
    };
    let entries = classes
        .iter()
        .map(|&class| {
            let from = d.date(
                &format!("licence.{}.from", class.as_str()),
                adult,
                issue,
                Field::ValidFrom,
            )?;
            let until = class.always_expires().then(|| anniversary(issue, 10));
            Ok(LicenceClassEntry {
                class,
                valid_from: from,
                valid_until: until,
            })
        })
        .collect::<Result<Vec<_>, DocumentError>>()?;
    let authority = if issue >= POLICE_LICENSING_FROM {
        "Cục Cảnh sát giao thông".to_owned()
    } else {
        format!("Sở Giao thông vận tải {}", residence.province)
    };
    DrivingLicence::new(DrivingLicenceFields {
        number: LicenceNumber::parse(&format!(
            "{:02}{:010}",
            residence.province_code,
            d.below("licence.number", 10_000_000_000)
        ))?,
        full_name: full_name.clone(),
        date_of_birth: birth,
        classes: entries,
        date_of_issue: issue,
        issuing_authority: OrganisationName::new(&authority)?,
    })
}

// ---------------------------------------------------------------- health

/// Beneficiary groups and their benefit level (Decree 146/2018).
const fn benefit_of(group: &str) -> u8 {
    match group.as_bytes() {
        b"TE" | b"CC" => 1,
        b"HN" | b"BT" => 2,
        b"HT" | b"CN" => 3,
        _ => 4,
    }
}

const GROUPS_YOUNG_ADULT: &[(&str, u32)] = &[("SV", 50), ("GD", 25), ("DN", 25)];
const GROUPS_WORKING_AGE: &[(&str, u32)] = &[
    ("DN", 42),
    ("GD", 24),
    ("HC", 15),
    ("CN", 6),
    ("HN", 5),
    ("NO", 3),
    ("CC", 2),
];
const GROUPS_RETIRED: &[(&str, u32)] = &[
    ("HT", 50),
    ("GD", 25),
    ("CN", 8),
    ("HN", 5),
    ("CC", 7),
    ("BT", 5),
];

/// Hospitals of the cities and provinces that are better known by name.
fn named_hospitals(code: u16) -> &'static [&'static str] {
    match code {
        1 => &[
            "Bệnh viện Bạch Mai",
            "Bệnh viện Thanh Nhàn",
            "Bệnh viện Xanh Pôn",
        ],
        31 => &["Bệnh viện Hữu nghị Việt Tiệp"],
        46 => &["Bệnh viện Trung ương Huế"],
        48 => &["Bệnh viện Đà Nẵng"],
        79 => &[
            "Bệnh viện Nhân dân Gia Định",
            "Bệnh viện Nhân dân 115",
            "Bệnh viện Chợ Rẫy",
        ],
        92 => &["Bệnh viện Đa khoa thành phố Cần Thơ"],
        _ => &[],
    }
}

/// A first-care facility near `home`. Facility codes are the 2-digit
/// province and 001-019 for hospitals, 020-099 for district health
/// centres, 100-999 for ward and commune health stations. Within a
/// province a code names one facility and a name has one code, so that a
/// registry of codes (format 2 proofs send the code alone) is consistent.
/// Stations are numbered by their ward's name, so two wards of the same
/// name in one province share a station code and its name.
fn care_facility(d: Draws, home: &Address) -> Result<CareFacility, DocumentError> {
    let province = u64::from(home.province_code) * 1000;
    let (number, name) = match d.weighted("health.facility", &[(0u8, 30), (1, 30), (2, 40)]) {
        0 => match named_hospitals(home.province_code) {
            [] => (1, format!("Bệnh viện Đa khoa tỉnh {}", home.province)),
            named => {
                let i = d.index("health.hospital", named.len());
                let name = named.get(i).copied().unwrap_or_default();
                (i as u64 + 1, name.to_owned())
            }
        },
        1 => {
            let offset = if home.urban { 0 } else { 40 };
            (
                20 + offset + home.district_index as u64,
                format!("Trung tâm Y tế {}", lower_first(home.district)),
            )
        }
        _ => (
            100 + ward_number(&home.ward),
            format!("Trạm Y tế {}", lower_first(&home.ward)),
        ),
    };
    CareFacility::from_code_number(province + number, &name)
}

/// A ward's place among the ward names a province can have (the named
/// wards, the numbered ones, the communes), 0-48.
fn ward_number(ward: &str) -> u64 {
    let named = WARDS.iter().map(|w| format!("Phường {w}"));
    let numbered = (1..=15).map(|n| format!("Phường {n}"));
    let communes = COMMUNES.iter().map(|c| format!("Xã {c}"));
    named
        .chain(numbered)
        .chain(communes)
        .position(|w| w == ward)
        .unwrap_or(0) as u64
}

fn health_card(
    d: Draws,
    full_name: &FullName,
    birth: Date,
    sex: Sex,
    home: &Address,
    today: Date,
) -> Result<HealthInsuranceCard, DocumentError> {
    let group = match age_on(birth, today) {
        0..6 => "TE",
        6..18 => "HS",
        18..23 => d.weighted("health.group", GROUPS_YOUNG_ADULT),
        23..60 => d.weighted("health.group", GROUPS_WORKING_AGE),
        _ => d.weighted("health.group", GROUPS_RETIRED),
    };
    let level = benefit_of(group);
    let province = home.province_code;
    let social = format!("{province:02}{:08}", d.below("health.social", 100_000_000));
    let year = today.year();
    let field = Field::ValidFrom;
    HealthInsuranceCard::new(HealthInsuranceCardFields {
        card_number: HealthCardNumber::parse(&format!("{group}{level}{province:02}{social}"))?,
        full_name: full_name.clone(),
        date_of_birth: birth,
        sex,
        first_care_facility: care_facility(d, home)?,
        valid_from: Date::from_calendar_date(year, Month::January, 1)
            .map_err(|_| DocumentError::OutOfRange(field))?,
        valid_to: Date::from_calendar_date(year, Month::December, 31)
            .map_err(|_| DocumentError::OutOfRange(Field::ValidUntil))?,
        benefit_level: BenefitLevel::new(level)?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {

    #[test]
    fn a_facility_code_names_one_facility_within_a_province() {
        let people = citizens(3, 3000, date!(2026 - 06 - 01)).unwrap();
        let mut names: std::collections::BTreeMap<String, String> = Default::default();
        for card in people.iter().filter_map(|p| p.health_insurance.as_ref()) {
            let f = card.first_care_facility();
            let name = names
                .entry(f.code_str().to_owned())
                .or_insert_with(|| f.name.as_str().to_owned());
            assert_eq!(name, f.name.as_str(), "code {}", f.code_str());
        }
        let registry = facility_registry(&people);
        assert_eq!(registry.len(), names.len());
        assert!(
            registry
                .windows(2)
                .all(|w| w[0].code_str() < w[1].code_str())
        );
    }
    use std::collections::HashSet;

    use time::macros::date;
    use unicode_normalization::UnicodeNormalization;

    use super::*;

    const TODAY: Date = date!(2026 - 11 - 22);
    const SEEDS: [u64; 3] = [0, 42, 0xDEAD_BEEF];

    fn population(seed: u64) -> Vec<TestCitizen> {
        citizens(seed, 200, TODAY).unwrap()
    }

    #[test]
    fn draw_is_pinned() {
        // Computed independently: Python hashlib over the documented input.
        // Changing this value changes every population: only on purpose.
        assert_eq!(draw(1, 2, 3, "dob"), 13_415_830_996_125_488_837);
        assert_ne!(draw(1, 2, 3, "dob"), draw(1, 2, 4, "dob"));
        assert_ne!(draw(1, 2, 3, "dob"), draw(1, 3, 3, "dob"));
        assert_ne!(draw(1, 2, 3, "dob"), draw(2, 2, 3, "dob"));
        assert_ne!(draw(1, 2, 3, "dob"), draw(1, 2, 3, "dob2"));
    }

    #[test]
    fn same_seed_same_citizens_other_seed_other_names() {
        let a = citizens(7, 60, TODAY).unwrap();
        assert_eq!(a, citizens(7, 60, TODAY).unwrap());
        assert_eq!(a.get(17), Some(&citizen(7, 17, TODAY).unwrap()));
        let b = citizens(8, 60, TODAY).unwrap();
        let differing = a
            .iter()
            .zip(&b)
            .skip(1)
            .filter(|(x, y)| x.full_name() != y.full_name())
            .count();
        assert!(differing >= 50, "{differing} of 59 names differ");
    }

    #[test]
    fn zero_is_the_reference_citizen() {
        let (id, licence, health) = try_reference_citizen().unwrap();
        for seed in [0, 1, u64::MAX] {
            let c = citizen(seed, 0, TODAY).unwrap();
            assert_eq!(c.number, 0);
            assert_eq!(c.national_id, id);
            assert_eq!(c.driving_licence.as_ref(), Some(&licence));
            assert_eq!(c.health_insurance.as_ref(), Some(&health));
            assert_eq!(c.notes, [CitizenNote::Reference]);
        }
    }

    #[test]
    fn two_hundred_citizens_for_three_seeds_revalidate() {
        for seed in SEEDS {
            let people = population(seed);
            assert_eq!(people.len(), 200);
            for (i, c) in people.iter().enumerate() {
                assert_eq!(c.number as usize, i);
                let id = &c.national_id;
                assert_eq!(NationalIdCard::new(id.fields().clone()).as_ref(), Ok(id));
                if let Some(l) = &c.driving_licence {
                    assert_eq!(DrivingLicence::new(l.fields().clone()).as_ref(), Ok(l));
                    assert_eq!(l.full_name(), id.full_name());
                    assert_eq!(l.date_of_birth(), id.date_of_birth());
                    assert!(l.date_of_issue() <= TODAY);
                }
                if let Some(h) = &c.health_insurance {
                    let again = HealthInsuranceCard::new(h.fields().clone());
                    assert_eq!(again.as_ref(), Ok(h));
                    assert_eq!((h.full_name(), h.sex()), (id.full_name(), id.sex()));
                    assert!(h.is_valid_on(TODAY));
                }
                if c.number != 0 {
                    assert!(id.date_of_issue() <= TODAY);
                    // 2021-2025, or later for a renewal age reached since.
                    assert!((FIRST_ID_ISSUE..=TODAY).contains(&id.date_of_issue()));
                }
            }
        }
    }

    #[test]
    fn id_numbers_are_unique_within_a_seed() {
        for seed in SEEDS {
            let people = population(seed);
            let numbers: HashSet<&str> = people
                .iter()
                .map(|c| c.national_id.number().as_str())
                .collect();
            assert_eq!(numbers.len(), people.len());
        }
    }

    #[test]
    fn id_numbers_match_birth_sex_and_place_of_origin() {
        for seed in SEEDS {
            for c in population(seed) {
                let id = &c.national_id;
                let number = id.number();
                assert_eq!(number.check_against(id.date_of_birth(), id.sex()), Ok(()));
                let province = number.province_name().unwrap();
                assert!(
                    id.place_of_origin().as_str().ends_with(province),
                    "{}",
                    c.number
                );
            }
        }
    }

    /// On whatever day a population is seeded, no identity card has expired
    /// and no document but the expired-licence citizen's licence has. (The
    /// reference citizen, 0, holds the fixed sample documents, whose dates
    /// do not move with the seeding day.)
    #[test]
    fn only_the_intended_edge_cases_are_expired_on_any_seeding_day() {
        let mut days = vec![date!(2026 - 01 - 01), TODAY, date!(2026 - 12 - 06)];
        // Every 211 days over ten years: each season, renewal ages passing.
        let mut day = date!(2026 - 12 - 06);
        for _ in 0..17 {
            day += time::Duration::days(211);
            days.push(day);
        }
        // The server's default seed.
        let seed = 1;
        for &today in &days {
            for c in citizens(seed, 60, today).unwrap().into_iter().skip(1) {
                let at = |what: &str| format!("seed {seed}, {today}, citizen {}: {what}", c.number);
                let id = &c.national_id;
                assert!(
                    id.date_of_expiry().is_none_or(|end| end >= today),
                    "{}",
                    at("identity card expired")
                );
                assert!(
                    id.date_of_issue() <= today,
                    "{}",
                    at("identity card issued later")
                );
                if let Some(licence) = &c.driving_licence {
                    let expired = licence.date_of_expiry().is_some_and(|end| end < today);
                    assert_eq!(
                        expired,
                        c.has_note(CitizenNote::ExpiredLicence),
                        "{}",
                        at("licence")
                    );
                }
                if let Some(card) = &c.health_insurance {
                    assert!(card.valid_to() >= today, "{}", at("health card expired"));
                }
            }
        }
    }

    #[test]
    fn id_expiry_follows_renewal_ages() {
        for c in population(42) {
            let id = &c.national_id;
            let birth = id.date_of_birth();
            let age_at_issue = id.age_on(id.date_of_issue());
            match id.date_of_expiry() {
                None => assert!(age_at_issue >= 58),
                Some(expiry) => {
                    let age = age_on(birth, expiry);
                    assert!(RENEWAL_AGES.contains(&age), "{age}");
                    assert_eq!(expiry, anniversary(birth, age));
                    assert!(age > age_at_issue + 2);
                }
            }
        }
    }

    #[test]
    fn shares_of_licences_and_health_cards() {
        for seed in SEEDS {
            let people = population(seed);
            let licences = people
                .iter()
                .filter(|c| c.driving_licence.is_some())
                .count();
            let health = people
                .iter()
                .filter(|c| c.health_insurance.is_some())
                .count();
            assert!((135..=185).contains(&licences), "{licences} licences");
            assert!((165..=195).contains(&health), "{health} health cards");
        }
    }

    #[test]
    fn family_names_are_weighted_like_reality() {
        let all: Vec<TestCitizen> = SEEDS.iter().flat_map(|&s| population(s)).collect();
        let nguyen = all
            .iter()
            .filter(|c| c.full_name().as_str().starts_with("Nguyễn "))
            .count();
        let share = nguyen * 100 / all.len();
        assert!((28..=48).contains(&share), "Nguyễn {share} %");
        let families: HashSet<&str> = all
            .iter()
            .filter_map(|c| c.full_name().as_str().split(' ').next())
            .collect();
        assert!(families.len() >= 20, "{} family names", families.len());
    }

    #[test]
    fn middle_names_fit_sex() {
        for c in population(42) {
            let words: Vec<&str> = c.full_name().as_str().split(' ').collect();
            let unique: HashSet<&&str> = words.iter().collect();
            assert_eq!(unique.len(), words.len(), "{}", c.full_name());
            match c.national_id.sex() {
                Sex::Male => assert!(!words.contains(&"Thị")),
                Sex::Female => assert!(!words.contains(&"Văn")),
            }
        }
    }

    #[test]
    fn edge_cases_on_the_reference_day() {
        for seed in SEEDS {
            let people = population(seed);
            let at = |n: u32| people.get(n as usize).unwrap();

            let minor = at(MINOR_NUMBER);
            assert_eq!(minor.notes, [CitizenNote::Minor]);
            assert_eq!(minor.national_id.age_on(TODAY), 16);
            assert!(minor.national_id.is_valid_on(TODAY));
            assert!(minor.driving_licence.is_none());
            let card = minor.health_insurance.as_ref().unwrap();
            assert_eq!(card.card_number().group_code(), "HS");

            let expired = at(EXPIRED_LICENCE_NUMBER);
            assert_eq!(expired.notes, [CitizenNote::ExpiredLicence]);
            let licence = expired.driving_licence.as_ref().unwrap();
            let classes: Vec<LicenceClass> = licence.classes().iter().map(|e| e.class).collect();
            assert_eq!(classes, [LicenceClass::B]);
            assert!(licence.date_of_expiry().unwrap() < TODAY);
            assert!(!licence.valid_for_class_on(LicenceClass::B, TODAY));

            let suspended = at(SUSPENDED_LICENCE_NUMBER);
            assert_eq!(suspended.notes, [CitizenNote::SuspendedLicence]);
            let licence = suspended.driving_licence.as_ref().unwrap();
            assert!(licence.valid_for_class_on(LicenceClass::B, TODAY));

            let long = at(LONG_NAME_NUMBER);
            assert_eq!(long.notes, [CitizenNote::LongName]);
            let chars = long.full_name().as_str().chars().count();
            assert!((60..=FullName::MAX_CHARS).contains(&chars), "{chars}");

            let elder = at(LIFELONG_ID_NUMBER);
            assert!(elder.notes.is_empty());
            assert!(elder.national_id.age_on(TODAY) >= 60);
            assert_eq!(elder.national_id.date_of_expiry(), None);

            for c in people.iter().skip(6) {
                assert!(c.notes.is_empty());
                assert!(c.national_id.age_on(TODAY) >= 19);
                assert!(c.full_name().as_str().chars().count() < 60);
                if let Some(l) = &c.driving_licence {
                    assert!(l.classes().iter().all(|e| e.is_valid_on(TODAY)));
                }
            }
        }
    }

    #[test]
    fn names_are_nfc_with_diacritics() {
        for seed in SEEDS {
            let people = population(seed);
            let mut with_marks = 0;
            for c in &people {
                let name = c.full_name().as_str();
                assert_eq!(name.nfc().collect::<String>(), name);
                with_marks += usize::from(!name.is_ascii());
            }
            assert!(with_marks * 100 >= people.len() * 85, "{with_marks}");
        }
    }

    #[test]
    fn tables_are_nfc() {
        let mut words: Vec<&str> = Vec::new();
        words.extend(FAMILY_NAMES.iter().map(|&(w, _)| w));
        words.extend(MALE_MIDDLE.iter().chain(FEMALE_MIDDLE).map(|&(w, _)| w));
        for table in [
            MALE_SECOND,
            FEMALE_SECOND,
            MALE_GIVEN,
            FEMALE_GIVEN,
            LONG_MALE_WORDS,
            LONG_FEMALE_WORDS,
            STREETS,
            WARDS,
            COMMUNES,
            NORTH_HAMLETS,
            SOUTH_HAMLETS,
        ] {
            words.extend(table);
        }
        for p in PLACES {
            words.extend(p.urban.iter().chain(p.rural));
        }
        for w in words {
            assert_eq!(w.nfc().collect::<String>(), w);
        }
    }

    #[test]
    fn no_duplicate_name_and_birth_date() {
        for seed in SEEDS {
            let people = population(seed);
            let pairs: HashSet<(&str, Date)> = people
                .iter()
                .map(|c| (c.full_name().as_str(), c.national_id.date_of_birth()))
                .collect();
            assert_eq!(pairs.len(), people.len());
        }
    }

    #[test]
    fn places_cover_every_province_once() {
        let codes: Vec<u16> = (0..1000).filter(|&c| province_name(c).is_some()).collect();
        assert_eq!(codes.len(), 63);
        let table: Vec<u16> = PLACES.iter().map(|p| p.code).collect();
        assert_eq!(table, codes);
        assert!(
            PLACES
                .iter()
                .all(|p| !p.urban.is_empty() && !p.rural.is_empty())
        );
        assert!(MIGRATION.iter().all(|&(c, _)| province_name(c).is_some()));
    }

    #[test]
    fn health_cards_are_consistent() {
        for c in population(42) {
            let Some(h) = &c.health_insurance else {
                continue;
            };
            let number = h.card_number();
            assert_eq!(number.benefit_level(), h.benefit_level());
            assert_eq!(
                number.benefit_level().get(),
                benefit_of(number.group_code())
            );
            let province = number.province_name().unwrap();
            let residence = c.national_id.place_of_residence().as_str();
            assert!(residence.ends_with(province), "{residence}");
            assert_eq!(
                h.first_care_facility().code.province_code(),
                number.province_code()
            );
            assert!(
                number
                    .social_insurance_number()
                    .starts_with(number.province_code())
            );
            if !c.has_note(CitizenNote::Reference) {
                assert_eq!(h.valid_from(), date!(2026 - 01 - 01));
                assert_eq!(h.valid_to(), date!(2026 - 12 - 31));
            }
        }
    }

    #[test]
    fn licences_follow_the_rules() {
        for c in population(42) {
            let Some(l) = &c.driving_licence else {
                continue;
            };
            let authority = l.issuing_authority().as_str();
            if l.date_of_issue() >= POLICE_LICENSING_FROM {
                assert_eq!(authority, "Cục Cảnh sát giao thông");
            } else {
                assert!(
                    authority.starts_with("Sở Giao thông vận tải "),
                    "{authority}"
                );
            }
            for e in l.classes() {
                assert!(e.valid_from >= c.national_id.age_threshold_changes_on(18));
                if e.class == LicenceClass::B {
                    assert_eq!(e.valid_until, Some(anniversary(l.date_of_issue(), 10)));
                } else {
                    assert_eq!(e.valid_until, None);
                }
            }
        }
    }

    #[test]
    fn other_days_work_too() {
        for today in [
            date!(2021 - 03 - 01),
            date!(2024 - 02 - 29),
            date!(2040 - 06 - 30),
        ] {
            let people = citizens(3, 40, today).unwrap();
            let minor = people.get(MINOR_NUMBER as usize).unwrap();
            assert_eq!(minor.national_id.age_on(today), 16);
            let expired = people.get(EXPIRED_LICENCE_NUMBER as usize).unwrap();
            let licence = expired.driving_licence.as_ref().unwrap();
            assert!(licence.date_of_expiry().unwrap() < today);
            let elder = people.get(LIFELONG_ID_NUMBER as usize).unwrap();
            assert_eq!(elder.national_id.date_of_expiry(), None);
            assert!(elder.national_id.age_on(today) >= 60);
        }
    }

    #[test]
    fn serde_round_trip() {
        let c = citizen(42, 3, TODAY).unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains("\"suspended_licence\""));
        assert_eq!(serde_json::from_str::<TestCitizen>(&json).unwrap(), c);
    }
}
