//! The checkpoint QR code: a proof payload (text in the QR alphanumeric set,
//! such as `"VD1:"` followed by Base45) rendered as an alphanumeric-mode QR
//! code, always at the smallest version that holds it.
//!
//! Encoding is done by the `fast_qr` crate; this module chooses the version
//! itself from the ISO/IEC 18004 capacity table ([`min_version`]) and passes
//! it explicitly, so the "smallest version" guarantee does not depend on
//! the encoder's own choice. Renderings: Unicode half blocks for terminals
//! ([`QrCode::to_terminal`]), SVG ([`QrCode::to_svg`]), an 8-bit grey
//! bitmap ([`QrCode::to_luma`]) and PNG ([`QrCode::to_png`]).
//!
//! Reading goes the other way: [`read_image`] finds every QR code in a PNG
//! or JPEG picture (the desktop app's stand-in for the phone camera) and
//! returns their texts, refusing oversized files before decoding them.
//!
//! ```
//! use vidi_core::qr::{Ecc, QrCode};
//!
//! let code = QrCode::alphanumeric("VD1:6BFOXN*TS0BI$ZDFRH", Ecc::M)?;
//! assert_eq!(code.version(), 2);
//! assert_eq!(code.size(), 25);
//! # Ok::<(), vidi_core::qr::QrError>(())
//! ```

mod capacity;
mod read;
#[cfg(test)]
mod read_tests;
mod render;
#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use fast_qr::qr::QRBuilder;
use fast_qr::{ECL, Mode, Version};

pub use capacity::{MAX_VERSION, alphanumeric_capacity, min_version};
pub use read::{MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, QrReadError, read_image};
pub use render::{MAX_QUIET, MAX_SCALE, QUIET_ZONE, TerminalTheme};

/// QR error-correction level: how much of the symbol may be damaged or
/// hidden and still be read. Higher levels make larger codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Ecc {
    /// Low: about 7 % of codewords can be restored.
    L,
    /// Medium (the default): about 15 %.
    #[default]
    M,
    /// Quartile: about 25 %.
    Q,
    /// High: about 30 %.
    H,
}

impl Ecc {
    /// All four levels, from the lowest to the highest redundancy.
    pub const ALL: [Ecc; 4] = [Ecc::L, Ecc::M, Ecc::Q, Ecc::H];

    /// The level's one-letter name: `"L"`, `"M"`, `"Q"` or `"H"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Ecc::L => "L",
            Ecc::M => "M",
            Ecc::Q => "Q",
            Ecc::H => "H",
        }
    }

    const fn to_fast_qr(self) -> ECL {
        match self {
            Ecc::L => ECL::L,
            Ecc::M => ECL::M,
            Ecc::Q => ECL::Q,
            Ecc::H => ECL::H,
        }
    }
}

impl fmt::Display for Ecc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error from parsing an [`Ecc`] that is not one of `L`, `M`, `Q`, `H`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown QR error-correction level {0:?}: expected L, M, Q or H")]
pub struct ParseEccError(String);

impl FromStr for Ecc {
    type Err = ParseEccError;

    /// Parses `"L"`, `"M"`, `"Q"` or `"H"`, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "L" | "l" => Ok(Ecc::L),
            "M" | "m" => Ok(Ecc::M),
            "Q" | "q" => Ok(Ecc::Q),
            "H" | "h" => Ok(Ecc::H),
            _ => Err(ParseEccError(s.to_owned())),
        }
    }
}

/// Why a payload could not be turned into a QR code or an image.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QrError {
    /// The payload has a character outside the QR alphanumeric set
    /// (0-9, A-Z, space, `$ % * + - . / :`); lowercase letters are outside it.
    #[error(
        "character {position} of the payload is not in the QR alphanumeric set \
         (0-9, A-Z, space, $ % * + - . / :)"
    )]
    NotAlphanumeric {
        /// Zero-based index of the first offending character, counted in
        /// characters (Unicode scalar values), not bytes.
        position: usize,
    },
    /// The payload does not fit in the largest QR code (version 40) at the
    /// requested error-correction level.
    #[error(
        "a payload of {chars} characters does not fit in a QR code at this error-correction level"
    )]
    TooLong {
        /// Length of the payload, in characters.
        chars: usize,
    },
    /// The QR encoder refused the payload or produced an inconsistent code.
    #[error("QR encoder failed: {0}")]
    Encoder(String),
    /// The image encoder failed, or the image parameters are out of range.
    #[error("QR image encoding failed: {0}")]
    Image(String),
}

/// A QR code symbol: a square of dark and light modules, without the quiet
/// zone (the renderings add it).
#[derive(Clone, PartialEq, Eq)]
pub struct QrCode {
    version: u8,
    ecc: Ecc,
    size: usize,
    /// Row-major, `size * size` entries, `true` = dark.
    modules: Vec<bool>,
}

impl fmt::Debug for QrCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QrCode")
            .field("version", &self.version)
            .field("ecc", &self.ecc)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// `fast_qr`'s versions, indexed by version number minus one.
const FAST_QR_VERSIONS: [Version; MAX_VERSION as usize] = {
    use Version::*;
    [
        V01, V02, V03, V04, V05, V06, V07, V08, V09, V10, V11, V12, V13, V14, V15, V16, V17, V18,
        V19, V20, V21, V22, V23, V24, V25, V26, V27, V28, V29, V30, V31, V32, V33, V34, V35, V36,
        V37, V38, V39, V40,
    ]
};

/// Whether `c` belongs to the QR alphanumeric set.
const fn is_alphanumeric_char(c: char) -> bool {
    matches!(c, '0'..='9' | 'A'..='Z' | ' ' | '$' | '%' | '*' | '+' | '-' | '.' | '/' | ':')
}

/// Whether every character of `text` is in the QR alphanumeric set
/// (0-9, A-Z, space, `$ % * + - . / :`). True for the empty string.
#[must_use]
pub fn is_alphanumeric(text: &str) -> bool {
    text.chars().all(is_alphanumeric_char)
}

impl QrCode {
    /// Encodes `text` as an alphanumeric-mode QR code at error-correction
    /// level `ecc`, at the smallest version that holds it
    /// (`min_version(text.len(), ecc)`). The mask pattern is the one with the
    /// lowest ISO/IEC 18004 penalty score.
    ///
    /// # Errors
    /// - [`QrError::NotAlphanumeric`] if a character is outside the QR
    ///   alphanumeric set;
    /// - [`QrError::TooLong`] if `text` does not fit in version 40 at `ecc`;
    /// - [`QrError::Encoder`] if the encoder fails (not expected).
    pub fn alphanumeric(text: &str, ecc: Ecc) -> Result<QrCode, QrError> {
        if let Some(position) = text.chars().position(|c| !is_alphanumeric_char(c)) {
            return Err(QrError::NotAlphanumeric { position });
        }
        // The whole text is ASCII now, so bytes and characters coincide.
        let chars = text.len();
        let version = min_version(chars, ecc).ok_or(QrError::TooLong { chars })?;
        let fast_version = FAST_QR_VERSIONS
            .get(usize::from(version) - 1)
            .copied()
            .ok_or_else(|| QrError::Encoder(format!("no version {version}")))?;

        let qr = QRBuilder::new(text.as_bytes())
            .mode(Mode::Alphanumeric)
            .ecl(ecc.to_fast_qr())
            .version(fast_version)
            .build()
            .map_err(|e| QrError::Encoder(e.to_string()))?;

        let size = 4 * usize::from(version) + 17;
        let built_version = qr.version.map(|v| v as usize + 1);
        if qr.size != size || built_version != Some(usize::from(version)) {
            return Err(QrError::Encoder(format!(
                "asked for version {version} ({size} modules), got {built_version:?} ({} modules)",
                qr.size
            )));
        }
        let modules = qr
            .data
            .get(..size * size)
            .ok_or_else(|| QrError::Encoder("module matrix too short".to_owned()))?
            .iter()
            .map(|module| module.value())
            .collect();

        Ok(QrCode {
            version,
            ecc,
            size,
            modules,
        })
    }

    /// The QR version, 1..=40.
    #[must_use]
    pub fn version(&self) -> u8 {
        self.version
    }

    /// The error-correction level.
    #[must_use]
    pub fn ecc(&self) -> Ecc {
        self.ecc
    }

    /// Width and height in modules, `4 * version + 17`, quiet zone excluded.
    #[must_use]
    pub fn size(&self) -> usize {
        self.size
    }

    /// Whether the module in column `x`, row `y` (from the top-left corner)
    /// is dark. Positions outside the symbol are light, like the quiet zone.
    #[must_use]
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size
            && y < self.size
            && self
                .modules
                .get(y * self.size + x)
                .copied()
                .unwrap_or(false)
    }

    /// All modules, row by row from the top, `size * size` of them;
    /// `true` is dark.
    #[must_use]
    pub fn modules(&self) -> &[bool] {
        &self.modules
    }
}
