//! A document laid out like its physical card, for the document screen.

use vidi_core::card::{self, NATIONAL_HEADER_EN, NATIONAL_HEADER_VI};

use crate::convert::DisplayField;

/// Which card's look to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CardTheme {
    /// The identity card (căn cước).
    NationalId,
    /// The driving licence.
    DrivingLicence,
    /// The health insurance card.
    HealthInsurance,
}

/// A document as its card prints it: the national header, the title, the
/// number, the portrait's slot, and the front and back fields in print
/// order, each with the label printed on the card in both languages and
/// the value as printed (dates dd/mm/yyyy). Every field of
/// `DocumentDetails::fields` is on it exactly once.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardLayout {
    /// Which card.
    pub theme: CardTheme,
    /// The national header's two lines in Vietnamese
    /// (`CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, `Độc lập - Tự do - Hạnh phúc`).
    pub header_vi: Vec<String>,
    /// The national header's two lines in English
    /// (`SOCIALIST REPUBLIC OF VIET NAM`, `Independence - Freedom - Happiness`).
    pub header_en: Vec<String>,
    /// The title as printed in Vietnamese: `CĂN CƯỚC` (cards issued from
    /// 1 July 2024), `CĂN CƯỚC CÔNG DÂN`, `GIẤY PHÉP LÁI XE`, `THẺ BẢO HIỂM Y TẾ`.
    pub title_vi: String,
    /// The title as printed in English: `IDENTITY CARD`, `CITIZEN IDENTITY
    /// CARD`, `DRIVER'S LICENSE`, `HEALTH INSURANCE CARD`.
    pub title_en: String,
    /// The number under the title (`Số / No.`).
    pub number: DisplayField,
    /// The portrait's slot on an identity card (its value is the digest of
    /// the portrait the issuer holds: draw a placeholder); `None` otherwise.
    pub portrait: Option<DisplayField>,
    /// The front's fields, in print order.
    pub front: Vec<DisplayField>,
    /// The back's fields, in print order (may be empty).
    pub back: Vec<DisplayField>,
}

fn field(f: &card::CardField) -> DisplayField {
    DisplayField {
        claim: f.claim.id.name(),
        label_vi: f.label_vi.to_owned(),
        label_en: f.label_en.to_owned(),
        value: f.claim.value.display(),
    }
}

impl From<&card::CardLayout> for CardLayout {
    fn from(c: &card::CardLayout) -> Self {
        Self {
            theme: match c.theme {
                card::CardTheme::NationalId => CardTheme::NationalId,
                card::CardTheme::DrivingLicence => CardTheme::DrivingLicence,
                card::CardTheme::HealthInsurance => CardTheme::HealthInsurance,
            },
            header_vi: NATIONAL_HEADER_VI.map(str::to_owned).to_vec(),
            header_en: NATIONAL_HEADER_EN.map(str::to_owned).to_vec(),
            title_vi: c.title_vi.to_owned(),
            title_en: c.title_en.to_owned(),
            number: field(&c.number),
            portrait: c.portrait.as_ref().map(field),
            front: c.front.iter().map(field).collect(),
            back: c.back.iter().map(field).collect(),
        }
    }
}
