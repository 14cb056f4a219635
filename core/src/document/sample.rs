//! A fictional reference citizen, for demos and tests.

use time::macros::date;

use super::{
    BenefitLevel, CareFacility, CareFacilityCode, DocumentError, DrivingLicence,
    DrivingLicenceFields, FullName, HealthCardNumber, HealthInsuranceCard,
    HealthInsuranceCardFields, LicenceClass, LicenceClassEntry, LicenceNumber, NationalIdCard,
    NationalIdCardFields, Nationality, OrganisationName, PersonalIdNumber, Place, Sex,
};

/// The three documents of Nguyễn Thị Thanh Hương, a fictional citizen born
/// 1990-05-17 in Hà Nội.
///
/// # Panics
///
/// Never: the data is constant and the tests build it.
#[allow(clippy::expect_used)] // constant data; `try_reference_citizen` is tested
pub fn reference_citizen() -> (NationalIdCard, DrivingLicence, HealthInsuranceCard) {
    try_reference_citizen().expect("reference citizen data is valid")
}

/// Builds the reference citizen's documents through the validating
/// constructors.
pub fn try_reference_citizen()
-> Result<(NationalIdCard, DrivingLicence, HealthInsuranceCard), DocumentError> {
    let full_name = FullName::new("Nguyễn Thị Thanh Hương")?;
    let date_of_birth = date!(1990 - 05 - 17);

    let id_card = NationalIdCard::new(NationalIdCardFields {
        number: PersonalIdNumber::parse("001190012345")?,
        full_name: full_name.clone(),
        date_of_birth,
        sex: Sex::Female,
        nationality: Nationality::VIETNAM,
        place_of_origin: Place::new("Xã Phù Đổng, Huyện Gia Lâm, Hà Nội")?,
        place_of_residence: Place::new(
            "Số 12 Phố Hàng Bạc, Phường Hàng Đào, Quận Hoàn Kiếm, Hà Nội",
        )?,
        date_of_issue: date!(2021 - 04 - 10),
        date_of_expiry: Some(date!(2030 - 05 - 17)),
        portrait_digest: None,
    })?;

    let licence = DrivingLicence::new(DrivingLicenceFields {
        number: LicenceNumber::parse("012345678901")?,
        full_name: full_name.clone(),
        date_of_birth,
        classes: vec![
            LicenceClassEntry {
                class: LicenceClass::A1,
                valid_from: date!(2010 - 06 - 01),
                valid_until: None,
            },
            LicenceClassEntry {
                class: LicenceClass::B,
                valid_from: date!(2012 - 03 - 15),
                valid_until: Some(date!(2032 - 03 - 15)),
            },
        ],
        date_of_issue: date!(2022 - 03 - 15),
        issuing_authority: OrganisationName::new("Sở Giao thông vận tải Hà Nội")?,
    })?;

    let health_card = HealthInsuranceCard::new(HealthInsuranceCardFields {
        card_number: HealthCardNumber::parse("DN4010123456789")?,
        full_name,
        date_of_birth,
        sex: Sex::Female,
        first_care_facility: CareFacility {
            code: CareFacilityCode::parse("01001")?,
            name: OrganisationName::new("Bệnh viện Bạch Mai")?,
        },
        valid_from: date!(2026 - 01 - 01),
        valid_to: date!(2030 - 12 - 31),
        benefit_level: BenefitLevel::new(4)?,
    })?;

    Ok((id_card, licence, health_card))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reference_citizen_is_valid() {
        let (id, licence, health) = try_reference_citizen().unwrap();
        assert_eq!(id.number().province_name(), Some("Hà Nội"));
        assert_eq!(id.age_on(date!(2026 - 05 - 16)), 35);
        assert_eq!(id.age_on(date!(2026 - 05 - 17)), 36);
        assert_eq!(licence.date_of_expiry(), None);
        assert_eq!(health.benefit_level().coverage_percent(), 80);
        assert_eq!(reference_citizen(), (id, licence, health));
    }

    #[test]
    fn reference_citizen_serde_round_trip() {
        let (id, licence, health) = reference_citizen();
        let json = serde_json::to_string_pretty(&(&id, &licence, &health)).unwrap();
        assert!(json.contains("\"full_name\": \"Nguyễn Thị Thanh Hương\""));
        assert!(json.contains("\"date_of_issue\": \"2021-04-10\""));
        assert!(json.contains("\"nationality\": \"VNM\""));
        assert!(json.contains("\"sex\": \"female\""));
        let back: (NationalIdCard, DrivingLicence, HealthInsuranceCard) =
            serde_json::from_str(&json).unwrap();
        assert_eq!(back, (id, licence, health));
    }

    #[test]
    fn invalid_json_is_refused() {
        let (id, _, _) = reference_citizen();
        let json = serde_json::to_string(&id).unwrap();
        for (good, bad) in [
            ("001190012345", "001190012346x"),
            ("001190012345", "003190012345"),
            ("001190012345", "001090012345"),
            ("\"female\"", "\"male\""),
            ("1990-05-17", "1991-05-17"),
            ("2030-05-17", "2020-05-17"),
        ] {
            let tampered = json.replace(good, bad);
            assert_ne!(tampered, json);
            assert!(
                serde_json::from_str::<NationalIdCard>(&tampered).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn error_messages_carry_no_personal_data() {
        let (id, _, _) = reference_citizen();
        let json = serde_json::to_string(&id)
            .unwrap()
            .replace("1990-05-17", "1991-05-17");
        let message = serde_json::from_str::<NationalIdCard>(&json)
            .unwrap_err()
            .to_string();
        assert!(message.contains("birth-year digits"), "{message}");
        for secret in ["1991", "001190012345", "Hương", "05-17"] {
            assert!(!message.contains(secret), "{message}");
        }
    }
}
