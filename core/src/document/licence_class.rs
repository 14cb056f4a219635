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

    /// Stable one-byte wire code: 1-15 for current classes, 101-113 for
    /// legacy ones. Never renumber or reuse a code.
    pub const fn to_code(self) -> u8 {
        use LicenceClass::*;
        match self {
            A1 => 1,
            A => 2,
            B1 => 3,
            B => 4,
            C1 => 5,
            C => 6,
            D1 => 7,
            D2 => 8,
            D => 9,
            BE => 10,
            C1E => 11,
            CE => 12,
            D1E => 13,
            D2E => 14,
            DE => 15,
            Legacy2008A1 => 101,
            Legacy2008A2 => 102,
            Legacy2008A3 => 103,
            Legacy2008A4 => 104,
            Legacy2008B1 => 105,
            Legacy2008B2 => 106,
            Legacy2008C => 107,
            Legacy2008D => 108,
            Legacy2008E => 109,
            Legacy2008FB2 => 110,
            Legacy2008FC => 111,
            Legacy2008FD => 112,
            Legacy2008FE => 113,
        }
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
        use LicenceClass::*;
        match self {
            A1 | Legacy2008A1 => "A1",
            A => "A",
            B1 | Legacy2008B1 => "B1",
            B => "B",
            C1 => "C1",
            C | Legacy2008C => "C",
            D1 => "D1",
            D2 => "D2",
            D | Legacy2008D => "D",
            BE => "BE",
            C1E => "C1E",
            CE => "CE",
            D1E => "D1E",
            D2E => "D2E",
            DE => "DE",
            Legacy2008A2 => "A2",
            Legacy2008A3 => "A3",
            Legacy2008A4 => "A4",
            Legacy2008B2 => "B2",
            Legacy2008E => "E",
            Legacy2008FB2 => "FB2",
            Legacy2008FC => "FC",
            Legacy2008FD => "FD",
            Legacy2008FE => "FE",
        }
    }

    /// Whether the class comes from the 2008 law.
    pub const fn is_legacy(self) -> bool {
        self.to_code() > 100
    }

    /// A machine name no two classes share: `"B1"`, or `"2008-B1"` for the
    /// 2008 class printed the same way.
    pub fn code_name(self) -> String {
        if self.is_legacy() {
            format!("2008-{}", self.as_str())
        } else {
            self.as_str().to_owned()
        }
    }

    /// The class as people should read it: `"B1"`, or `"B1 (2008)"`, so a
    /// 2008 car class is never taken for the 2024 tricycle class.
    pub fn label(self) -> String {
        if self.is_legacy() {
            format!("{} (2008)", self.as_str())
        } else {
            self.as_str().to_owned()
        }
    }

    /// Minimum age in whole years to hold the class: art. 59 of the 2024
    /// law, art. 60 of the 2008 law.
    pub const fn minimum_age(self) -> u8 {
        use LicenceClass::*;
        match self {
            A1 | A | B1 | B | C1 => 18,
            Legacy2008A1 | Legacy2008A2 | Legacy2008A3 | Legacy2008A4 => 18,
            Legacy2008B1 | Legacy2008B2 => 18,
            C | BE | Legacy2008C | Legacy2008FB2 => 21,
            D1 | D2 | C1E | CE | Legacy2008D | Legacy2008FC => 24,
            D | D1E | D2E | DE | Legacy2008E | Legacy2008FD | Legacy2008FE => 27,
        }
    }

    /// Whether every licence of this class has an end date.
    ///
    /// A1, A, B1 (2024) and A1-A3 (2008) never expire. Legacy A4 is treated
    /// as open-ended because older A4 licences were printed without one.
    pub const fn always_expires(self) -> bool {
        use LicenceClass::*;
        !matches!(
            self,
            A1 | A | B1 | Legacy2008A1 | Legacy2008A2 | Legacy2008A3 | Legacy2008A4
        )
    }

    /// Short Vietnamese description of the vehicles covered.
    pub const fn description_vi(self) -> &'static str {
        use LicenceClass::*;
        match self {
            A1 => "Mô tô hai bánh đến 125 cm³ hoặc 11 kW",
            A => "Mô tô hai bánh trên 125 cm³ hoặc 11 kW",
            B1 => "Mô tô ba bánh",
            B => "Ô tô chở đến 8 người (trừ chỗ lái), ô tô tải đến 3.500 kg",
            C1 => "Ô tô tải trên 3.500 kg đến 7.500 kg",
            C => "Ô tô tải trên 7.500 kg",
            D1 => "Ô tô chở trên 8 đến 16 người (trừ chỗ lái)",
            D2 => "Ô tô chở trên 16 đến 29 người (trừ chỗ lái)",
            D => "Ô tô chở trên 29 người (trừ chỗ lái), xe giường nằm",
            BE => "Xe hạng B kéo rơ moóc trên 750 kg",
            C1E => "Xe hạng C1 kéo rơ moóc trên 750 kg",
            CE => "Xe hạng C kéo rơ moóc trên 750 kg, xe đầu kéo",
            D1E => "Xe hạng D1 kéo rơ moóc trên 750 kg",
            D2E => "Xe hạng D2 kéo rơ moóc trên 750 kg",
            DE => "Xe hạng D kéo rơ moóc trên 750 kg, ô tô chở khách nối toa",
            Legacy2008A1 => "Mô tô hai bánh từ 50 đến dưới 175 cm³",
            Legacy2008A2 => "Mô tô hai bánh từ 175 cm³ trở lên",
            Legacy2008A3 => "Mô tô ba bánh",
            Legacy2008A4 => "Máy kéo đến 1.000 kg",
            Legacy2008B1 => "Ô tô đến 9 chỗ, ô tô tải dưới 3.500 kg, không hành nghề lái xe",
            Legacy2008B2 => "Ô tô đến 9 chỗ, ô tô tải dưới 3.500 kg, hành nghề lái xe",
            Legacy2008C => "Ô tô tải từ 3.500 kg trở lên",
            Legacy2008D => "Ô tô chở từ 10 đến 30 người",
            Legacy2008E => "Ô tô chở trên 30 người",
            Legacy2008FB2 => "Xe hạng B2 kéo rơ moóc",
            Legacy2008FC => "Xe hạng C kéo rơ moóc, đầu kéo sơ mi rơ moóc",
            Legacy2008FD => "Xe hạng D kéo rơ moóc",
            Legacy2008FE => "Xe hạng E kéo rơ moóc, ô tô chở khách nối toa",
        }
    }

    /// Short English description of the vehicles covered.
    pub const fn description_en(self) -> &'static str {
        use LicenceClass::*;
        match self {
            A1 => "Motorcycles up to 125 cc or 11 kW",
            A => "Motorcycles over 125 cc or 11 kW",
            B1 => "Three-wheeled motorcycles",
            B => "Cars up to 8 passengers, trucks up to 3,500 kg",
            C1 => "Trucks over 3,500 kg up to 7,500 kg",
            C => "Trucks over 7,500 kg",
            D1 => "Buses with 9 to 16 passengers",
            D2 => "Buses with 17 to 29 passengers",
            D => "Buses with over 29 passengers, sleeper buses",
            BE => "Class B towing a trailer over 750 kg",
            C1E => "Class C1 towing a trailer over 750 kg",
            CE => "Class C towing a trailer over 750 kg, tractor units",
            D1E => "Class D1 towing a trailer over 750 kg",
            D2E => "Class D2 towing a trailer over 750 kg",
            DE => "Class D towing a trailer over 750 kg, articulated buses",
            Legacy2008A1 => "Motorcycles 50 cc to under 175 cc (2008)",
            Legacy2008A2 => "Motorcycles 175 cc and over (2008)",
            Legacy2008A3 => "Three-wheeled motor vehicles (2008)",
            Legacy2008A4 => "Tractors up to 1,000 kg (2008)",
            Legacy2008B1 => "Cars up to 9 seats, trucks under 3,500 kg, non-professional (2008)",
            Legacy2008B2 => "Cars up to 9 seats, trucks under 3,500 kg, professional (2008)",
            Legacy2008C => "Trucks 3,500 kg and over (2008)",
            Legacy2008D => "Buses with 10 to 30 seats (2008)",
            Legacy2008E => "Buses with over 30 seats (2008)",
            Legacy2008FB2 => "Class B2 towing a trailer (2008)",
            Legacy2008FC => "Class C towing a trailer, tractor units (2008)",
            Legacy2008FD => "Class D towing a trailer (2008)",
            Legacy2008FE => "Class E towing a trailer, articulated buses (2008)",
        }
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
        f.write_str(&self.label())
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
