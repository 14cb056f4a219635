//! Nationality as an ISO 3166-1 alpha-3 code.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{DocumentError, Field};

/// An ISO 3166-1 alpha-3 country code, `"VNM"` by default.
///
/// Any three upper-case ASCII letters are accepted; only Việt Nam has a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nationality([u8; 3]);

impl Nationality {
    /// Việt Nam.
    pub const VIETNAM: Self = Self(*b"VNM");

    /// Checks a code such as `"VNM"`.
    pub fn new(code: &str) -> Result<Self, DocumentError> {
        let field = Field::Nationality;
        if code.is_empty() {
            return Err(DocumentError::Empty(field));
        }
        if !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(DocumentError::InvalidCharacter(field));
        }
        code.as_bytes()
            .try_into()
            .map(Self)
            .map_err(|_| DocumentError::WrongLength { field, expected: 3 })
    }

    /// The three-letter code.
    pub fn as_str(&self) -> &str {
        // Always ASCII by construction.
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    /// Whether this is Việt Nam.
    pub fn is_vietnam(&self) -> bool {
        *self == Self::VIETNAM
    }

    /// Vietnamese label: "Việt Nam" for `VNM`, otherwise the code itself.
    pub fn label_vi(&self) -> &str {
        if self.is_vietnam() {
            "Việt Nam"
        } else {
            self.as_str()
        }
    }
}

impl Default for Nationality {
    fn default() -> Self {
        Self::VIETNAM
    }
}

impl fmt::Display for Nationality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Nationality {
    type Err = DocumentError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<String> for Nationality {
    type Error = DocumentError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::new(&s)
    }
}

impl From<Nationality> for String {
    fn from(value: Nationality) -> Self {
        value.as_str().to_owned()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn default_is_vietnam() {
        let n = Nationality::default();
        assert_eq!(n.as_str(), "VNM");
        assert_eq!(n.label_vi(), "Việt Nam");
        assert_eq!(Nationality::new("VNM").unwrap(), n);
        assert_eq!(Nationality::new("FRA").unwrap().label_vi(), "FRA");
    }

    #[test]
    fn rejects_bad_codes() {
        let f = Field::Nationality;
        assert_eq!(
            Nationality::new("vnm"),
            Err(DocumentError::InvalidCharacter(f))
        );
        assert_eq!(
            Nationality::new("VN"),
            Err(DocumentError::WrongLength {
                field: f,
                expected: 3
            })
        );
        assert_eq!(
            Nationality::new("VIỆ"),
            Err(DocumentError::InvalidCharacter(f))
        );
        assert_eq!(
            Nationality::new("VNMX"),
            Err(DocumentError::WrongLength {
                field: f,
                expected: 3
            })
        );
        assert_eq!(Nationality::new(""), Err(DocumentError::Empty(f)));
        assert!(serde_json::from_str::<Nationality>("\"V1M\"").is_err());
    }
}
