//! Free-text fields: names, addresses, organisation names.
//!
//! All are normalised to Unicode NFC, so a name typed with decomposed
//! Vietnamese diacritics equals the same name typed precomposed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{DocumentError, Field};

/// NFC-normalises, refuses control characters, trims and collapses every
/// run of whitespace into one space, then checks the length in characters.
fn clean(input: &str, field: Field, max: usize) -> Result<String, DocumentError> {
    let nfc: String = input.nfc().collect();
    if nfc.chars().any(char::is_control) {
        return Err(DocumentError::InvalidCharacter(field));
    }
    let cleaned = nfc.split_whitespace().collect::<Vec<_>>().join(" ");
    match cleaned.chars().count() {
        0 => Err(DocumentError::Empty(field)),
        n if n > max => Err(DocumentError::TooLong { field, max }),
        _ => Ok(cleaned),
    }
}

/// Implements the conversions shared by the text newtypes.
macro_rules! text_conversions {
    ($ty:ident) => {
        impl $ty {
            /// The normalised text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $ty {
            type Err = DocumentError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = DocumentError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::new(&s)
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> Self {
                value.0
            }
        }
    };
}

/// A person's full name, e.g. "Nguyễn Thị Thanh Hương".
///
/// NFC, trimmed, single spaces, 1 to 100 characters; letters of any script
/// (with their combining marks), spaces, apostrophes and hyphens only.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FullName(String);

impl FullName {
    /// Maximum length in characters.
    pub const MAX_CHARS: usize = 100;

    /// Normalises and checks a name.
    pub fn new(input: &str) -> Result<Self, DocumentError> {
        let field = Field::FullName;
        let name = clean(input, field, Self::MAX_CHARS)?;
        let mut after_letter = false;
        for c in name.chars() {
            let allowed = c.is_alphabetic()
                || matches!(c, ' ' | '-' | '\'' | '\u{2019}')
                // Marks left over by NFC (scripts without precomposed forms).
                || (after_letter && is_combining_mark(c));
            if !allowed {
                return Err(DocumentError::InvalidCharacter(field));
            }
            after_letter = c.is_alphabetic() || (after_letter && is_combining_mark(c));
        }
        if !name.chars().any(char::is_alphabetic) {
            return Err(DocumentError::InvalidCharacter(field));
        }
        Ok(Self(name))
    }
}

text_conversions!(FullName);

/// An address or place, e.g. "Xã Phù Đổng, Huyện Gia Lâm, Hà Nội".
///
/// NFC, trimmed, single spaces, 1 to 200 characters, no control characters.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Place(String);

impl Place {
    /// Maximum length in characters.
    pub const MAX_CHARS: usize = 200;

    /// Normalises and checks a place.
    pub fn new(input: &str) -> Result<Self, DocumentError> {
        clean(input, Field::Place, Self::MAX_CHARS).map(Self)
    }
}

text_conversions!(Place);

/// The name of an authority or facility, e.g. "Sở Giao thông vận tải Hà Nội".
///
/// Same rules as [`Place`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrganisationName(String);

impl OrganisationName {
    /// Maximum length in characters.
    pub const MAX_CHARS: usize = 200;

    /// Normalises and checks a name.
    pub fn new(input: &str) -> Result<Self, DocumentError> {
        clean(input, Field::OrganisationName, Self::MAX_CHARS).map(Self)
    }
}

text_conversions!(OrganisationName);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const NFC_NAME: &str = "Nguyễn Thị Thanh Hương";

    #[test]
    fn nfd_name_equals_nfc_name() {
        let nfd: String = NFC_NAME.nfd().collect();
        assert_ne!(nfd, NFC_NAME);
        assert_eq!(
            FullName::new(&nfd).unwrap(),
            FullName::new(NFC_NAME).unwrap()
        );
        assert_eq!(FullName::new(&nfd).unwrap().as_str(), NFC_NAME);
    }

    #[test]
    fn name_is_trimmed_and_spaces_collapsed() {
        let name = FullName::new("  Nguyễn   Thị  Thanh Hương ").unwrap();
        assert_eq!(name.to_string(), NFC_NAME);
    }

    #[test]
    fn name_accepts_apostrophe_hyphen_and_other_scripts() {
        assert!(FullName::new("H'Hen Niê").is_ok());
        assert!(FullName::new("Trần-Lê Minh").is_ok());
        assert!(FullName::new("Ксения Иванова").is_ok());
    }

    #[test]
    fn name_rejections() {
        let err = |s: &str| FullName::new(s).unwrap_err();
        assert_eq!(
            err("Nguyễn Văn 2"),
            DocumentError::InvalidCharacter(Field::FullName)
        );
        assert_eq!(
            err("Nguyễn\tVăn"),
            DocumentError::InvalidCharacter(Field::FullName)
        );
        assert_eq!(
            err("Nguyễn\u{0}Văn"),
            DocumentError::InvalidCharacter(Field::FullName)
        );
        assert_eq!(
            err("Nguyễn, Văn"),
            DocumentError::InvalidCharacter(Field::FullName)
        );
        assert_eq!(err("' -"), DocumentError::InvalidCharacter(Field::FullName));
        assert_eq!(err(""), DocumentError::Empty(Field::FullName));
        assert_eq!(err("   "), DocumentError::Empty(Field::FullName));
        let long = "ư".repeat(101);
        assert_eq!(
            err(&long),
            DocumentError::TooLong {
                field: Field::FullName,
                max: 100
            }
        );
        assert!(FullName::new(&"ư".repeat(100)).is_ok());
    }

    #[test]
    fn length_counts_characters_after_nfc() {
        // 100 letters with two combining marks each in NFD: 300 chars, 100 in NFC.
        let nfd: String = "ễ".repeat(100).nfd().collect();
        assert_eq!(nfd.chars().count(), 300);
        assert!(FullName::new(&nfd).is_ok());
    }

    #[test]
    fn place_rules() {
        let p = Place::new(" Số 12 Phố Hàng Bạc,  Hà Nội ").unwrap();
        assert_eq!(p.as_str(), "Số 12 Phố Hàng Bạc, Hà Nội");
        assert_eq!(
            Place::new("a\nb").unwrap_err(),
            DocumentError::InvalidCharacter(Field::Place)
        );
        assert_eq!(
            Place::new("").unwrap_err(),
            DocumentError::Empty(Field::Place)
        );
        assert!(Place::new(&"a".repeat(200)).is_ok());
        assert!(Place::new(&"a".repeat(201)).is_err());
    }

    #[test]
    fn serde_goes_through_validation() {
        let name: FullName = serde_json::from_str("\"Nguyễn Văn An\"").unwrap();
        assert_eq!(serde_json::to_string(&name).unwrap(), "\"Nguyễn Văn An\"");
        assert!(serde_json::from_str::<FullName>("\"R2D2\"").is_err());
        assert!(serde_json::from_str::<OrganisationName>("\"\"").is_err());
    }
}

crate::document::redacted_debug!(FullName);

crate::document::redacted_debug!(Place);
