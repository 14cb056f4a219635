//! A document laid out like the card people know: the national header, the
//! title as printed, the number, and the fields of the front and the back
//! in the order the physical card prints them, each with the label printed
//! beside it (Vietnamese above, English below, as on the cards).
//!
//! Layouts: the chip citizen identity card (CĂN CƯỚC CÔNG DÂN, 2021) and
//! the identity card that replaced it for cards issued from 1 July 2024
//! (CĂN CƯỚC, Law on Identification 2023); the PET driving licence, with
//! the class table on its back; the health insurance card (2021 design),
//! whose back carries the benefit level and notes for the holder.

use time::Date;
use time::macros::date;

use crate::claims::{Claim, ClaimId};
use crate::document::Document;
use crate::error::ProofError;

/// The national header printed at the top of every card, in Vietnamese.
pub const NATIONAL_HEADER_VI: [&str; 2] = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
];

/// The national header in English, as printed under the Vietnamese.
pub const NATIONAL_HEADER_EN: [&str; 2] = [
    "SOCIALIST REPUBLIC OF VIET NAM",
    "Independence - Freedom - Happiness",
];

/// Identity cards issued from this day are "CĂN CƯỚC" (Law on
/// Identification 2023, in force 1 July 2024); earlier ones "CĂN CƯỚC
/// CÔNG DÂN".
pub const IDENTITY_CARD_FROM: Date = date!(2024 - 07 - 01);

/// Which card's look: colours and emblem are the app's to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardTheme {
    /// The identity card.
    NationalId,
    /// The driving licence.
    DrivingLicence,
    /// The health insurance card.
    HealthInsurance,
}

/// One printed field: the claim and the label the card prints beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardField {
    /// The claim (its value shown as `ClaimValue::display` gives it).
    pub claim: Claim,
    /// The label as printed, in Vietnamese.
    pub label_vi: &'static str,
    /// The label as printed, in English.
    pub label_en: &'static str,
}

/// A document as its card prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardLayout {
    /// Which card.
    pub theme: CardTheme,
    /// The card's title as printed, in Vietnamese (`CĂN CƯỚC`).
    pub title_vi: &'static str,
    /// The card's title as printed, in English (`IDENTITY CARD`).
    pub title_en: &'static str,
    /// The number under the title.
    pub number: CardField,
    /// The portrait's slot (identity card): the digest of the portrait the
    /// issuer holds; the wallet holds no photo, so apps draw a placeholder.
    pub portrait: Option<CardField>,
    /// The front's fields, in print order.
    pub front: Vec<CardField>,
    /// The back's fields, in print order.
    pub back: Vec<CardField>,
}

/// Where a claim goes on a card.
#[derive(Clone, Copy)]
enum Slot {
    Number,
    Portrait,
    Front,
    Back,
}

/// One line of a card's plan: the claim, where it goes, its two labels.
type Line = (ClaimId, Slot, &'static str, &'static str);

const CITIZEN_IDENTITY_CARD: [Line; 10] = [
    (ClaimId::PersonalIdNumber, Slot::Number, "Số", "No."),
    (ClaimId::PortraitDigest, Slot::Portrait, "Ảnh", "Photo"),
    (ClaimId::FullName, Slot::Front, "Họ và tên", "Full name"),
    (
        ClaimId::DateOfBirth,
        Slot::Front,
        "Ngày sinh",
        "Date of birth",
    ),
    (ClaimId::Sex, Slot::Front, "Giới tính", "Sex"),
    (
        ClaimId::Nationality,
        Slot::Front,
        "Quốc tịch",
        "Nationality",
    ),
    (
        ClaimId::PlaceOfOrigin,
        Slot::Front,
        "Quê quán",
        "Place of origin",
    ),
    (
        ClaimId::PlaceOfResidence,
        Slot::Front,
        "Nơi thường trú",
        "Place of residence",
    ),
    (
        ClaimId::DateOfExpiry,
        Slot::Front,
        "Có giá trị đến",
        "Date of expiry",
    ),
    (
        ClaimId::DateOfIssue,
        Slot::Back,
        "Ngày, tháng, năm",
        "Date, month, year",
    ),
];

const IDENTITY_CARD: [Line; 10] = [
    (
        ClaimId::PersonalIdNumber,
        Slot::Number,
        "Số định danh cá nhân",
        "Personal identification number",
    ),
    (ClaimId::PortraitDigest, Slot::Portrait, "Ảnh", "Photo"),
    (
        ClaimId::FullName,
        Slot::Front,
        "Họ, chữ đệm và tên khai sinh",
        "Full name",
    ),
    (
        ClaimId::DateOfBirth,
        Slot::Front,
        "Ngày, tháng, năm sinh",
        "Date of birth",
    ),
    (ClaimId::Sex, Slot::Front, "Giới tính", "Sex"),
    (
        ClaimId::Nationality,
        Slot::Front,
        "Quốc tịch",
        "Nationality",
    ),
    (
        ClaimId::PlaceOfResidence,
        Slot::Back,
        "Nơi cư trú",
        "Place of residence",
    ),
    (
        ClaimId::PlaceOfOrigin,
        Slot::Back,
        "Nơi đăng ký khai sinh",
        "Place of birth registration",
    ),
    (
        ClaimId::DateOfIssue,
        Slot::Back,
        "Ngày, tháng, năm cấp",
        "Date of issue",
    ),
    (
        ClaimId::DateOfExpiry,
        Slot::Back,
        "Ngày, tháng, năm hết hạn",
        "Date of expiry",
    ),
];

const DRIVING_LICENCE: [Line; 7] = [
    (ClaimId::LicenceNumber, Slot::Number, "Số", "No."),
    (ClaimId::FullName, Slot::Front, "Họ tên", "Full name"),
    (
        ClaimId::DateOfBirth,
        Slot::Front,
        "Ngày sinh",
        "Date of birth",
    ),
    (
        ClaimId::DateOfExpiry,
        Slot::Front,
        "Có giá trị đến",
        "Expires",
    ),
    (
        ClaimId::IssuingAuthority,
        Slot::Front,
        "Nơi cấp",
        "Issued by",
    ),
    (
        ClaimId::DateOfIssue,
        Slot::Front,
        "Ngày cấp",
        "Date of issue",
    ),
    (ClaimId::LicenceClasses, Slot::Back, "Hạng", "Class"),
];

const HEALTH_INSURANCE_CARD: [Line; 8] = [
    (ClaimId::CardNumber, Slot::Number, "Mã số", "Code"),
    (ClaimId::FullName, Slot::Front, "Họ và tên", "Full name"),
    (
        ClaimId::DateOfBirth,
        Slot::Front,
        "Ngày sinh",
        "Date of birth",
    ),
    (ClaimId::Sex, Slot::Front, "Giới tính", "Sex"),
    (
        ClaimId::FirstCareFacility,
        Slot::Front,
        "Nơi đăng ký KCB ban đầu",
        "Initial healthcare facility",
    ),
    (
        ClaimId::ValidFrom,
        Slot::Front,
        "Giá trị sử dụng từ ngày",
        "Valid from",
    ),
    (ClaimId::ValidTo, Slot::Front, "Đến ngày", "Valid to"),
    (
        ClaimId::BenefitLevel,
        Slot::Back,
        "Mức hưởng",
        "Benefit level",
    ),
];

impl CardLayout {
    /// `document` laid out as its card prints it. Fails only as
    /// [`Document::main_claims`] does.
    pub fn of(document: &Document) -> Result<Self, ProofError> {
        let (theme, title_vi, title_en, plan): (_, _, _, &[Line]) = match document {
            Document::NationalId(card) if card.date_of_issue() >= IDENTITY_CARD_FROM => (
                CardTheme::NationalId,
                "CĂN CƯỚC",
                "IDENTITY CARD",
                &IDENTITY_CARD,
            ),
            Document::NationalId(_) => (
                CardTheme::NationalId,
                "CĂN CƯỚC CÔNG DÂN",
                "CITIZEN IDENTITY CARD",
                &CITIZEN_IDENTITY_CARD,
            ),
            Document::DrivingLicence(_) => (
                CardTheme::DrivingLicence,
                "GIẤY PHÉP LÁI XE",
                "DRIVER'S LICENSE",
                &DRIVING_LICENCE,
            ),
            Document::HealthInsurance(_) => (
                CardTheme::HealthInsurance,
                "THẺ BẢO HIỂM Y TẾ",
                "HEALTH INSURANCE CARD",
                &HEALTH_INSURANCE_CARD,
            ),
        };
        let claims = document.main_claims()?;
        let mut number = None;
        let mut portrait = None;
        let (mut front, mut back) = (Vec::new(), Vec::new());
        for &(id, slot, label_vi, label_en) in plan {
            let Some(claim) = claims.iter().find(|c| c.id == id) else {
                continue;
            };
            let field = CardField {
                claim: claim.clone(),
                label_vi,
                label_en,
            };
            match slot {
                Slot::Number => number = Some(field),
                Slot::Portrait => portrait = Some(field),
                Slot::Front => front.push(field),
                Slot::Back => back.push(field),
            }
        }
        let number = number.ok_or(ProofError::WrongDocument(document.document_type().code()))?;
        Ok(Self {
            theme,
            title_vi,
            title_en,
            number,
            portrait,
            front,
            back,
        })
    }

    /// Every field in print order: the number, the portrait, the front,
    /// the back.
    pub fn fields(&self) -> impl Iterator<Item = &CardField> {
        std::iter::once(&self.number)
            .chain(&self.portrait)
            .chain(&self.front)
            .chain(&self.back)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::document::citizens::citizens;
    use crate::store::CitizenDocuments;

    fn every_claim_once(document: &Document) {
        let card = CardLayout::of(document).unwrap();
        let claims = document.main_claims().unwrap();
        let printed: Vec<&Claim> = card.fields().map(|f| &f.claim).collect();
        assert_eq!(printed.len(), claims.len());
        for claim in &claims {
            assert_eq!(printed.iter().filter(|c| **c == claim).count(), 1);
        }
        assert!(
            card.fields()
                .all(|f| !f.label_vi.is_empty() && !f.label_en.is_empty())
        );
    }

    #[test]
    fn every_claim_is_printed_once_for_every_citizen() {
        let reference = CitizenDocuments::reference().unwrap();
        let mut documents: Vec<Document> = reference
            .with_kinds()
            .into_iter()
            .map(|(document, _)| document)
            .collect();
        for citizen in citizens(7, 60, date!(2026 - 03 - 01)).unwrap() {
            documents.push(Document::NationalId(citizen.national_id));
            documents.extend(citizen.driving_licence.map(Document::DrivingLicence));
            documents.extend(citizen.health_insurance.map(Document::HealthInsurance));
        }
        for document in &documents {
            every_claim_once(document);
        }
        for theme in [
            CardTheme::NationalId,
            CardTheme::DrivingLicence,
            CardTheme::HealthInsurance,
        ] {
            assert!(
                documents
                    .iter()
                    .any(|d| CardLayout::of(d).unwrap().theme == theme)
            );
        }
    }

    #[test]
    fn the_title_follows_the_card_s_date_of_issue() {
        let reference = CitizenDocuments::reference().unwrap();
        let mut fields = reference.national_id.fields().clone();
        let card = |fields: &crate::document::NationalIdCardFields| {
            let id = crate::document::NationalIdCard::new(fields.clone()).unwrap();
            CardLayout::of(&Document::NationalId(id)).unwrap()
        };
        fields.date_of_issue = date!(2024 - 07 - 01);
        let new = card(&fields);
        assert_eq!((new.title_vi, new.title_en), ("CĂN CƯỚC", "IDENTITY CARD"));
        assert_eq!(new.number.label_vi, "Số định danh cá nhân");
        assert_eq!(new.back[0].claim.id, ClaimId::PlaceOfResidence);
        fields.date_of_issue = date!(2024 - 06 - 30);
        let old = card(&fields);
        assert_eq!(old.title_vi, "CĂN CƯỚC CÔNG DÂN");
        assert_eq!(old.title_en, "CITIZEN IDENTITY CARD");
        assert_eq!((old.number.label_vi, old.number.label_en), ("Số", "No."));
        assert_eq!(old.back.len(), 1);
        assert_eq!(old.back[0].claim.id, ClaimId::DateOfIssue);
    }

    #[test]
    fn licence_and_health_card_print_their_titles() {
        let reference = CitizenDocuments::reference().unwrap();
        let licence =
            CardLayout::of(&Document::DrivingLicence(reference.licence.unwrap())).unwrap();
        assert_eq!(licence.title_en, "DRIVER'S LICENSE");
        assert_eq!(licence.front[0].claim.id, ClaimId::FullName);
        assert_eq!(licence.back[0].claim.id, ClaimId::LicenceClasses);
        let health = CardLayout::of(&Document::HealthInsurance(reference.health.unwrap())).unwrap();
        assert_eq!(health.title_vi, "THẺ BẢO HIỂM Y TẾ");
        assert_eq!(health.number.claim.id, ClaimId::CardNumber);
        assert!(health.portrait.is_none());
    }
}
