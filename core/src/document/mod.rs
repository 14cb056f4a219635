//! The three Vietnamese identity documents Vidi holds: the citizen identity
//! card (thẻ căn cước), the driving licence and the health-insurance card.
//!
//! Every field is a typed value that checks itself when built, and each card
//! checks the rules that tie its fields together. Deserialisation goes through
//! the same checks. Error messages name the field and the rule, never the
//! citizen's data.

mod age;
#[cfg(any(test, feature = "test-support"))]
pub mod citizens;
mod date_format;
mod digits;
mod driving_licence;
mod error;
mod health_insurance;
mod licence_class;
mod national_id;
mod nationality;
mod province;
#[cfg(any(test, feature = "test-support"))]
pub mod sample;

/// `Debug` that names the type and hides the personal value, so that a
/// logged or panicking structure never prints a name or a number.
macro_rules! redacted_debug {
    ($ty:ident) => {
        impl ::std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(concat!(stringify!($ty), "(<redacted>)"))
            }
        }
    };
}
pub(crate) use redacted_debug;
mod text;

use serde::{Deserialize, Serialize};

pub use driving_licence::{DrivingLicence, DrivingLicenceFields, LicenceClassEntry, LicenceNumber};
pub use error::{DocumentError, Field};
pub use health_insurance::{
    BenefitLevel, CareFacility, CareFacilityCode, HealthCardNumber, HealthInsuranceCard,
    HealthInsuranceCardFields,
};
pub use licence_class::LicenceClass;
pub use national_id::{NationalIdCard, NationalIdCardFields, PersonalIdNumber};
pub use nationality::Nationality;
pub use text::{FullName, OrganisationName, Place};

/// One of the three documents.
#[derive(Debug, Clone)]
pub enum Document {
    /// Căn cước.
    NationalId(NationalIdCard),
    /// Giấy phép lái xe.
    DrivingLicence(DrivingLicence),
    /// Thẻ bảo hiểm y tế.
    HealthInsurance(HealthInsuranceCard),
}

impl Document {
    /// Which of the three documents this is.
    pub fn document_type(&self) -> DocumentType {
        match self {
            Self::NationalId(_) => DocumentType::NationalId,
            Self::DrivingLicence(_) => DocumentType::DrivingLicence,
            Self::HealthInsurance(_) => DocumentType::HealthInsurance,
        }
    }
}

/// The kinds of document the wallet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// Thẻ căn cước: the chip citizen identity card.
    NationalId,
    /// Giấy phép lái xe.
    DrivingLicence,
    /// Thẻ bảo hiểm y tế.
    HealthInsurance,
}

impl DocumentType {
    /// Every document type.
    pub const ALL: [Self; 3] = [
        Self::NationalId,
        Self::DrivingLicence,
        Self::HealthInsurance,
    ];

    /// Short ASCII code: `"nid"`, `"dl"` or `"hi"`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::NationalId => "nid",
            Self::DrivingLicence => "dl",
            Self::HealthInsurance => "hi",
        }
    }

    /// The type for a code returned by [`DocumentType::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Vietnamese name of the document.
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::NationalId => "Thẻ căn cước",
            Self::DrivingLicence => "Giấy phép lái xe",
            Self::HealthInsurance => "Thẻ bảo hiểm y tế",
        }
    }

    /// English name of the document.
    pub const fn label_en(self) -> &'static str {
        match self {
            Self::NationalId => "Identity card",
            Self::DrivingLicence => "Driving licence",
            Self::HealthInsurance => "Health insurance card",
        }
    }
}

/// Sex as printed on Vietnamese documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Nam.
    Male,
    /// Nữ.
    Female,
}

impl Sex {
    /// `"Nam"` or `"Nữ"`.
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Male => "Nam",
            Self::Female => "Nữ",
        }
    }

    /// `"Male"` or `"Female"`.
    pub const fn label_en(self) -> &'static str {
        match self {
            Self::Male => "Male",
            Self::Female => "Female",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_type_codes_round_trip() {
        for t in DocumentType::ALL {
            assert_eq!(DocumentType::from_code(t.code()), Some(t));
        }
        assert_eq!(DocumentType::NationalId.label_vi(), "Thẻ căn cước");
        assert_eq!(DocumentType::from_code("xx"), None);
    }

    #[test]
    fn sex_labels() {
        assert_eq!(Sex::Male.label_vi(), "Nam");
        assert_eq!(Sex::Female.label_vi(), "Nữ");
    }
}
