//! Driving licence classes: those of the Law on Road Traffic Order and
//! Safety 2024 (in force 2025-01-01) and those of the Road Traffic Law 2008,
//! still printed on licences in circulation.
//!
//! Several printed codes (A1, B1, C, D) exist in both laws with different
//! meanings, so the 2008 classes are distinct `Legacy2008*` variants.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{DocumentError, Field};

/// A driving licence class.
///
/// Serialised as the printed code for current classes (`"B"`) and as
/// `"2008-"` followed by the printed code for legacy ones (`"2008-B2"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LicenceClass {
    /// Motorcycles up to 125 cc or 11 kW.
    A1,
    /// Motorcycles over 125 cc or 11 kW.
    A,
    /// Three-wheeled motorcycles.
    B1,
    /// Cars up to 8 passengers, trucks up to 3,500 kg.
    B,
    /// Trucks over 3,500 kg up to 7,500 kg.
    C1,
    /// Trucks over 7,500 kg.
    C,
    /// Buses with 9 to 16 passengers.
    D1,
    /// Buses with 17 to 29 passengers.
    D2,
    /// Buses with over 29 passengers.
    D,
    /// Class B towing a trailer over 750 kg.
    BE,
    /// Class C1 towing a trailer over 750 kg.
    C1E,
    /// Class C towing a trailer over 750 kg.
    CE,
    /// Class D1 towing a trailer over 750 kg.
    D1E,
    /// Class D2 towing a trailer over 750 kg.
    D2E,
    /// Class D towing a trailer over 750 kg.
    DE,
    /// 2008 A1: motorcycles 50 cc to under 175 cc.
    #[serde(rename = "2008-A1")]
    Legacy2008A1,
    /// 2008 A2: motorcycles 175 cc and over.
    #[serde(rename = "2008-A2")]
    Legacy2008A2,
    /// 2008 A3: three-wheeled motor vehicles.
    #[serde(rename = "2008-A3")]
    Legacy2008A3,
    /// 2008 A4: tractors up to 1,000 kg.
    #[serde(rename = "2008-A4")]
    Legacy2008A4,
    /// 2008 B1: cars up to 9 seats, non-professional (includes automatic-only B1).
    #[serde(rename = "2008-B1")]
    Legacy2008B1,
    /// 2008 B2: cars up to 9 seats, professional.
    #[serde(rename = "2008-B2")]
    Legacy2008B2,
    /// 2008 C: trucks 3,500 kg and over.
    #[serde(rename = "2008-C")]
    Legacy2008C,
    /// 2008 D: buses with 10 to 30 seats.
    #[serde(rename = "2008-D")]
    Legacy2008D,
    /// 2008 E: buses with over 30 seats.
    #[serde(rename = "2008-E")]
    Legacy2008E,
    /// 2008 FB2: class B2 towing a trailer.
    #[serde(rename = "2008-FB2")]
    Legacy2008FB2,
    /// 2008 FC: class C towing a trailer.
    #[serde(rename = "2008-FC")]
    Legacy2008FC,
    /// 2008 FD: class D towing a trailer.
    #[serde(rename = "2008-FD")]
    Legacy2008FD,
    /// 2008 FE: class E towing a trailer.
    #[serde(rename = "2008-FE")]
    Legacy2008FE,
}

/// Static facts about one class.
struct Info {
    /// Stable wire code; never reuse or renumber.
    code: u8,
    printed: &'static str,
    minimum_age: u8,
    /// Whether every licence of this class carries an end date.
    always_expires: bool,
    vi: &'static str,
    en: &'static str,
}

const fn info(
    code: u8,
    printed: &'static str,
    minimum_age: u8,
    always_expires: bool,
    vi: &'static str,
    en: &'static str,
) -> Info {
    Info {
        code,
        printed,
        minimum_age,
        always_expires,
        vi,
        en,
    }
}

impl LicenceClass {
    /// Every class: the 15 current ones, then the 13 legacy ones.
    pub const ALL: [Self; 28] = {
        use LicenceClass::*;
        [
            A1,
            A,
            B1,
            B,
            C1,
            C,
            D1,
            D2,
            D,
            BE,
            C1E,
            CE,
            D1E,
            D2E,
            DE,
            Legacy2008A1,
            Legacy2008A2,
            Legacy2008A3,
            Legacy2008A4,
            Legacy2008B1,
            Legacy2008B2,
            Legacy2008C,
            Legacy2008D,
            Legacy2008E,
            Legacy2008FB2,
            Legacy2008FC,
            Legacy2008FD,
            Legacy2008FE,
        ]
    };

    // Minimum ages: art. 59 of the 2024 law and art. 60 of the 2008 law.
    // Terms: A1, A, B1 (2024) and A1-A3 (2008) never expire; legacy A4 is
    // left open because older A4 licences were printed without an end date.
    const fn info(self) -> Info {
        use LicenceClass::*;
        match self {
            A1 => info(
                1,
                "A1",
                18,
                false,
                "Mô tô hai bánh đến 125 cm³ hoặc 11 kW",
                "Motorcycles up to 125 cc or 11 kW",
            ),
            A => info(
                2,
                "A",
                18,
                false,
                "Mô tô hai bánh trên 125 cm³ hoặc 11 kW",
                "Motorcycles over 125 cc or 11 kW",
            ),
            B1 => info(
                3,
                "B1",
                18,
                false,
                "Mô tô ba bánh",
                "Three-wheeled motorcycles",
            ),
            B => info(
                4,
                "B",
                18,
                true,
                "Ô tô chở đến 8 người (trừ chỗ lái), ô tô tải đến 3.500 kg",
                "Cars up to 8 passengers, trucks up to 3,500 kg",
            ),
            C1 => info(
                5,
                "C1",
                18,
                true,
                "Ô tô tải trên 3.500 kg đến 7.500 kg",
                "Trucks over 3,500 kg up to 7,500 kg",
            ),
            C => info(
                6,
                "C",
                21,
                true,
                "Ô tô tải trên 7.500 kg",
                "Trucks over 7,500 kg",
            ),
            D1 => info(
                7,
                "D1",
                24,
                true,
                "Ô tô chở trên 8 đến 16 người (trừ chỗ lái)",
                "Buses with 9 to 16 passengers",
            ),
            D2 => info(
                8,
                "D2",
                24,
                true,
                "Ô tô chở trên 16 đến 29 người (trừ chỗ lái)",
                "Buses with 17 to 29 passengers",
            ),
            D => info(
                9,
                "D",
                27,
                true,
                "Ô tô chở trên 29 người (trừ chỗ lái), xe giường nằm",
                "Buses with over 29 passengers, sleeper buses",
            ),
            BE => info(
                10,
                "BE",
                21,
                true,
                "Xe hạng B kéo rơ moóc trên 750 kg",
                "Class B towing a trailer over 750 kg",
            ),
            C1E => info(
                11,
                "C1E",
                24,
                true,
                "Xe hạng C1 kéo rơ moóc trên 750 kg",
                "Class C1 towing a trailer over 750 kg",
            ),
            CE => info(
                12,
                "CE",
                24,
                true,
                "Xe hạng C kéo rơ moóc trên 750 kg, xe đầu kéo",
                "Class C towing a trailer over 750 kg, tractor units",
            ),
            D1E => info(
                13,
                "D1E",
                27,
                true,
                "Xe hạng D1 kéo rơ moóc trên 750 kg",
                "Class D1 towing a trailer over 750 kg",
            ),
            D2E => info(
                14,
                "D2E",
                27,
                true,
                "Xe hạng D2 kéo rơ moóc trên 750 kg",
                "Class D2 towing a trailer over 750 kg",
            ),
            DE => info(
                15,
                "DE",
                27,
                true,
                "Xe hạng D kéo rơ moóc trên 750 kg, ô tô chở khách nối toa",
                "Class D towing a trailer over 750 kg, articulated buses",
            ),
            Legacy2008A1 => info(
                101,
                "A1",
                18,
                false,
                "Mô tô hai bánh từ 50 đến dưới 175 cm³",
                "Motorcycles 50 cc to under 175 cc (2008)",
            ),
            Legacy2008A2 => info(
                102,
                "A2",
                18,
                false,
                "Mô tô hai bánh từ 175 cm³ trở lên",
                "Motorcycles 175 cc and over (2008)",
            ),
            Legacy2008A3 => info(
                103,
                "A3",
                18,
                false,
                "Mô tô ba bánh",
                "Three-wheeled motor vehicles (2008)",
            ),
            Legacy2008A4 => info(
                104,
                "A4",
                18,
                false,
                "Máy kéo đến 1.000 kg",
                "Tractors up to 1,000 kg (2008)",
            ),
            Legacy2008B1 => info(
                105,
                "B1",
                18,
                true,
                "Ô tô đến 9 chỗ, ô tô tải dưới 3.500 kg, không hành nghề lái xe",
                "Cars up to 9 seats, trucks under 3,500 kg, non-professional (2008)",
            ),
            Legacy2008B2 => info(
                106,
                "B2",
                18,
                true,
                "Ô tô đến 9 chỗ, ô tô tải dưới 3.500 kg, hành nghề lái xe",
                "Cars up to 9 seats, trucks under 3,500 kg, professional (2008)",
            ),
            Legacy2008C => info(
                107,
                "C",
                21,
                true,
                "Ô tô tải từ 3.500 kg trở lên",
                "Trucks 3,500 kg and over (2008)",
            ),
            Legacy2008D => info(
                108,
                "D",
                24,
                true,
                "Ô tô chở từ 10 đến 30 người",
                "Buses with 10 to 30 seats (2008)",
            ),
            Legacy2008E => info(
                109,
                "E",
                27,
                true,
                "Ô tô chở trên 30 người",
                "Buses with over 30 seats (2008)",
            ),
            Legacy2008FB2 => info(
                110,
                "FB2",
                21,
                true,
                "Xe hạng B2 kéo rơ moóc",
                "Class B2 towing a trailer (2008)",
            ),
            Legacy2008FC => info(
                111,
                "FC",
                24,
                true,
                "Xe hạng C kéo rơ moóc, đầu kéo sơ mi rơ moóc",
                "Class C towing a trailer, tractor units (2008)",
            ),
            Legacy2008FD => info(
                112,
                "FD",
                27,
                true,
                "Xe hạng D kéo rơ moóc",
                "Class D towing a trailer (2008)",
            ),
            Legacy2008FE => info(
                113,
                "FE",
                27,
                true,
                "Xe hạng E kéo rơ moóc, ô tô chở khách nối toa",
                "Class E towing a trailer, articulated buses (2008)",
            ),
        }
    }

    /// Stable one-byte wire code: 1-15 for current classes, 101-113 for
    /// legacy ones.
    pub const fn to_code(self) -> u8 {
        self.info().code
    }

    /// The class with this wire code.
    pub fn from_code(code: u8) -> Result<Self, DocumentError> {
        Self::ALL
            .into_iter()
            .find(|c| c.to_code() == code)
            .ok_or(DocumentError::UnknownCode(Field::LicenceClass))
    }

    /// The code printed on the licence, e.g. `"A1"` (ambiguous without
    /// [`LicenceClass::is_legacy`]).
    pub const fn as_str(self) -> &'static str {
        self.info().printed
    }

    /// Whether the class comes from the 2008 law.
    pub const fn is_legacy(self) -> bool {
        self.to_code() > 100
    }

    /// Short Vietnamese description of the vehicles covered.
    pub const fn description_vi(self) -> &'static str {
        self.info().vi
    }

    /// Short English description of the vehicles covered.
    pub const fn description_en(self) -> &'static str {
        self.info().en
    }

    /// Minimum age in whole years to hold the class.
    pub const fn minimum_age(self) -> u8 {
        self.info().minimum_age
    }

    /// Whether every licence of this class has an end date.
    pub const fn always_expires(self) -> bool {
        self.info().always_expires
    }

    /// A current (2024 law) class from its printed code, any letter case.
    pub fn parse_current(s: &str) -> Result<Self, DocumentError> {
        Self::parse_in(s, false)
    }

    /// A legacy (2008 law) class from its printed code, any letter case.
    pub fn parse_legacy(s: &str) -> Result<Self, DocumentError> {
        Self::parse_in(s, true)
    }

    fn parse_in(s: &str, legacy: bool) -> Result<Self, DocumentError> {
        Self::ALL
            .into_iter()
            .find(|c| c.is_legacy() == legacy && c.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or(DocumentError::UnknownCode(Field::LicenceClass))
    }
}

impl fmt::Display for LicenceClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn wire_codes_round_trip_and_are_unique() {
        let mut seen = HashSet::new();
        for class in LicenceClass::ALL {
            assert!(seen.insert(class.to_code()), "{class:?}");
            assert_eq!(LicenceClass::from_code(class.to_code()).unwrap(), class);
        }
        assert_eq!(seen.len(), 28);
        assert_eq!(
            LicenceClass::ALL.iter().filter(|c| c.is_legacy()).count(),
            13
        );
        for code in [0, 16, 100, 114, 255] {
            assert!(LicenceClass::from_code(code).is_err());
        }
    }

    #[test]
    fn printed_codes_round_trip_within_each_law() {
        for class in LicenceClass::ALL {
            let parsed = if class.is_legacy() {
                LicenceClass::parse_legacy(class.as_str())
            } else {
                LicenceClass::parse_current(class.as_str())
            };
            assert_eq!(parsed.unwrap(), class);
            assert!(!class.description_vi().is_empty() && !class.description_en().is_empty());
        }
    }

    #[test]
    fn colliding_codes_are_distinct() {
        for code in ["A1", "B1", "C", "D"] {
            let current = LicenceClass::parse_current(code).unwrap();
            let legacy = LicenceClass::parse_legacy(code).unwrap();
            assert_ne!(current, legacy);
            assert_eq!(current.as_str(), legacy.as_str());
        }
        assert_eq!(LicenceClass::parse_current("b").unwrap(), LicenceClass::B);
        assert!(LicenceClass::parse_current("B2").is_err());
        assert!(LicenceClass::parse_legacy("BE").is_err());
        assert!(LicenceClass::parse_current("").is_err());
    }

    #[test]
    fn serde_names_are_unique_and_round_trip() {
        let mut seen = HashSet::new();
        for class in LicenceClass::ALL {
            let json = serde_json::to_string(&class).unwrap();
            assert!(seen.insert(json.clone()));
            assert_eq!(serde_json::from_str::<LicenceClass>(&json).unwrap(), class);
        }
        assert_eq!(
            serde_json::to_string(&LicenceClass::Legacy2008B2).unwrap(),
            "\"2008-B2\""
        );
        assert!(serde_json::from_str::<LicenceClass>("\"B2\"").is_err());
    }

    #[test]
    fn minimum_ages() {
        assert_eq!(LicenceClass::B.minimum_age(), 18);
        assert_eq!(LicenceClass::C.minimum_age(), 21);
        assert_eq!(LicenceClass::D2.minimum_age(), 24);
        assert_eq!(LicenceClass::DE.minimum_age(), 27);
        assert_eq!(LicenceClass::Legacy2008FB2.minimum_age(), 21);
    }
}
