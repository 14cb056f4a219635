//! The seeded test citizens (`vidi_core::document::citizens`), kept in the
//! database as JSON so that a restart on a later day issues the same
//! documents, and the credentials each of their documents gives.

use rusqlite::{Connection, OptionalExtension as _, params};
use time::Date;
use vidi_core::credential::CredentialKind;
use vidi_core::document::DocumentType;
use vidi_core::document::citizens::{TestCitizen, citizen};
use vidi_core::issuance::main_kind;
use vidi_core::issuer::{Document, claims_for};
use vidi_core::store::CitizenDocuments;

use crate::db;
use crate::error::{Error, Result, StartError};

const SEED: &str = "citizen_seed";
const SEEDED_ON: &str = "citizens_seeded_on";

/// Seeds citizens `0..count` of `seed` as they stand on `today`, or on the
/// day of the first seeding when the database already has some; adds the
/// missing numbers when `count` grew. Refuses another seed.
pub fn seed(conn: &mut Connection, seed: u64, count: u32, today: Date) -> Result<(), StartError> {
    let tx = conn.transaction()?;
    let stored_seed = db::meta(&tx, SEED)?;
    let seeded_on = match stored_seed {
        Some(stored) => {
            let stored: u64 = stored
                .parse()
                .map_err(|_| StartError::Setup("the stored citizen seed is not a number".into()))?;
            if stored != seed {
                return Err(StartError::SeedMismatch {
                    stored,
                    requested: seed,
                });
            }
            let day = db::meta(&tx, SEEDED_ON)?.unwrap_or_default();
            Date::parse(&day, &time::format_description::well_known::Iso8601::DATE)
                .map_err(|_| StartError::Setup("the stored seeding date is not a date".into()))?
        }
        None => {
            db::set_meta(&tx, SEED, &seed.to_string())?;
            db::set_meta(&tx, SEEDED_ON, &iso_date(today))?;
            today
        }
    };
    let have: u32 = tx.query_row(
        "SELECT COALESCE(MAX(number) + 1, 0) FROM citizens",
        [],
        |r| r.get(0),
    )?;
    for number in have..count {
        let person = citizen(seed, number, seeded_on)
            .map_err(|e| StartError::Setup(format!("citizen {number}: {e}")))?;
        let record = serde_json::to_string(&person)
            .map_err(|_| StartError::Setup(format!("citizen {number} does not serialise")))?;
        tx.execute(
            "INSERT INTO citizens (number, record) VALUES (?1, ?2)",
            params![number, record],
        )?;
    }
    tx.commit()?;
    Ok(())
}

fn iso_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn parse(number: u32, record: &str) -> Result<TestCitizen> {
    // serde's message could quote a stored value: give only its place.
    serde_json::from_str(record).map_err(|e| {
        Error::internal(format_args!(
            "stored citizen {number} is not valid (line {}, column {})",
            e.line(),
            e.column()
        ))
    })
}

/// Citizen `number`.
pub fn load(conn: &Connection, number: u32) -> Result<Option<TestCitizen>> {
    let record: Option<String> = conn
        .query_row(
            "SELECT record FROM citizens WHERE number = ?1",
            [number],
            |r| r.get(0),
        )
        .optional()?;
    record.map(|r| parse(number, &r)).transpose()
}

/// Citizen `number`, or 404.
pub fn require(conn: &Connection, number: u32) -> Result<TestCitizen> {
    load(conn, number)?.ok_or_else(|| Error::not_found("no citizen with this number"))
}

/// Every citizen, by number.
pub fn all(conn: &Connection) -> Result<Vec<TestCitizen>> {
    let mut stmt = conn.prepare("SELECT number, record FROM citizens ORDER BY number")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (number, record) = row?;
        out.push(parse(number, &record)?);
    }
    Ok(out)
}

/// The wire name of a document type: `national_id`, `driving_licence`,
/// `health_insurance` (its serde name).
pub fn type_name(document_type: DocumentType) -> &'static str {
    match document_type {
        DocumentType::NationalId => "national_id",
        DocumentType::DrivingLicence => "driving_licence",
        DocumentType::HealthInsurance => "health_insurance",
    }
}

/// The document type of a wire name.
pub fn type_of(name: &str) -> Option<DocumentType> {
    DocumentType::ALL
        .into_iter()
        .find(|t| type_name(*t) == name)
}

/// A citizen's document with the credential kinds it gives.
pub struct HeldDocument {
    /// Its type.
    pub document_type: DocumentType,
    /// The document.
    pub document: Document,
    /// Every kind core issues for it (`CitizenDocuments::with_kinds`).
    pub kinds: Vec<CredentialKind>,
}

/// The citizen's documents.
pub fn documents(person: &TestCitizen) -> Vec<HeldDocument> {
    CitizenDocuments {
        national_id: person.national_id.clone(),
        licence: person.driving_licence.clone(),
        health: person.health_insurance.clone(),
    }
    .with_kinds()
    .into_iter()
    .map(|(document, kinds)| HeldDocument {
        document_type: match &document {
            Document::NationalId(_) => DocumentType::NationalId,
            Document::DrivingLicence(_) => DocumentType::DrivingLicence,
            Document::HealthInsurance(_) => DocumentType::HealthInsurance,
        },
        document,
        kinds,
    })
    .collect()
}

/// The kinds of `held` that can be issued on `today`: none when its main
/// credential cannot be (an expired document), and not those a day
/// refuses (a health card whose cover has not started).
pub fn issuable(held: &HeldDocument, today: Date) -> Vec<CredentialKind> {
    let main = main_kind(held.document_type);
    if claims_for(main, &held.document, today).is_err() {
        return Vec::new();
    }
    held.kinds
        .iter()
        .copied()
        .filter(|k| claims_for(*k, &held.document, today).is_ok())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::date;
    use vidi_core::document::citizens::{MINOR_NUMBER, SUSPENDED_LICENCE_NUMBER};

    #[test]
    fn seeds_once_grows_and_refuses_another_seed() {
        let mut conn = Connection::open_in_memory().unwrap();
        db::migrate(&mut conn).unwrap();
        seed(&mut conn, 7, 50, date!(2026 - 03 - 01)).unwrap();
        let first = all(&conn).unwrap();
        assert_eq!(first.len(), 50);
        // A later day and a larger count: the same 50, plus 10 more.
        seed(&mut conn, 7, 60, date!(2027 - 01 - 01)).unwrap();
        let second = all(&conn).unwrap();
        assert_eq!(second.len(), 60);
        assert_eq!(&second[..50], &first[..]);
        assert_eq!(second[59], citizen(7, 59, date!(2026 - 03 - 01)).unwrap());
        assert!(matches!(
            seed(&mut conn, 8, 60, date!(2026 - 03 - 01)),
            Err(StartError::SeedMismatch {
                stored: 7,
                requested: 8
            })
        ));
        let minor = require(&conn, MINOR_NUMBER).unwrap();
        assert!(
            documents(&minor)
                .iter()
                .all(|d| d.document_type != DocumentType::DrivingLicence)
        );
        let suspended = require(&conn, SUSPENDED_LICENCE_NUMBER).unwrap();
        assert!(
            documents(&suspended)
                .iter()
                .any(|d| d.document_type == DocumentType::DrivingLicence)
        );
        assert!(require(&conn, 999).is_err());
        for t in DocumentType::ALL {
            assert_eq!(type_of(type_name(t)), Some(t));
            assert_eq!(serde_json::to_value(t).unwrap(), type_name(t));
        }
    }
}
