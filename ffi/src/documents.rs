//! What the wallet shows: documents, their fields and credentials, the
//! presets, and presentations (the QR proof with its matrix and SVG).

use time::{Date, OffsetDateTime};
use vidi_core::claims::{ClaimId, ClaimNameError};
use vidi_core::credential::FORMAT_VERSION;
use vidi_core::issuer::VIETNAM;
use vidi_core::preset::Preset;
use vidi_core::store::{self, DocumentView, PresentationOutput};

use vidi_core::card;

use crate::card::CardLayout;
use crate::convert::{ClaimLabel, DisplayField, DocumentType, count, iso_date, unix};
use crate::error::VidiError;

/// A document's revocation status as the issuer last told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DocumentStatus {
    /// Valid.
    Valid,
    /// Suspended; may become valid again.
    Suspended,
    /// Revoked for good.
    Revoked,
    /// Never learned.
    Unknown,
}

impl From<store::DocumentStatus> for DocumentStatus {
    fn from(s: store::DocumentStatus) -> Self {
        match s {
            store::DocumentStatus::Valid => Self::Valid,
            store::DocumentStatus::Suspended => Self::Suspended,
            store::DocumentStatus::Revoked => Self::Revoked,
            store::DocumentStatus::Unknown => Self::Unknown,
        }
    }
}

/// A row of the wallet's document list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DocumentSummary {
    /// The document's id in the wallet (stable across re-issuance).
    pub id: String,
    /// Its type.
    pub document_type: DocumentType,
    /// The type's name in Vietnamese (`Thẻ căn cước`).
    pub type_label_vi: String,
    /// The type's name in English (`Identity card`).
    pub type_label_en: String,
    /// The holder's full name.
    pub holder_name: String,
    /// Date of issue (insured-from for the health card), ISO 8601.
    pub valid_from: String,
    /// Expiry date, ISO 8601; `None` for documents that do not expire.
    pub valid_until: Option<String>,
    /// Revocation status as last known.
    pub status: DocumentStatus,
    /// When the status was learned, Unix seconds; `None` if never.
    pub status_learned_at_unix: Option<i64>,
    /// Restored from a backup without its device keys: it shows, but cannot
    /// be presented until re-bound (`rebind`).
    pub needs_rebinding: bool,
    /// Received while the wallet was locked; merged at the next unlock.
    pub pending: bool,
    /// Its expiry date has passed (in Vietnam's calendar).
    pub expired: bool,
    /// When the wallet first held it, Unix seconds.
    pub added_at_unix: i64,
    /// When it last changed, Unix seconds.
    pub updated_at_unix: i64,
}

/// Today in Vietnam, where documents' dates begin and end.
pub(crate) fn today(now: OffsetDateTime) -> Date {
    now.to_offset(VIETNAM).date()
}

impl DocumentSummary {
    pub(crate) fn new(s: &store::DocumentSummary, today: Date) -> Self {
        Self {
            id: s.id.as_str().to_owned(),
            document_type: s.document_type.into(),
            type_label_vi: s.document_type.label_vi().to_owned(),
            type_label_en: s.document_type.label_en().to_owned(),
            holder_name: s.holder_name.clone(),
            valid_from: iso_date(s.valid_from),
            valid_until: s.valid_until.map(iso_date),
            status: s.status.status.into(),
            status_learned_at_unix: s.status.learned_at.map(unix),
            needs_rebinding: s.needs_rebinding,
            pending: s.pending,
            expired: s.valid_until.is_some_and(|until| until < today),
            added_at_unix: unix(s.added_at),
            updated_at_unix: unix(s.updated_at),
        }
    }
}

/// A credential of a document: what a presentation is made from.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CredentialSummary {
    /// Its id in the wallet.
    pub id: String,
    /// Its kind: `national-id`, `age-over-18`, `licence-class-B`, ...
    pub kind: String,
    /// When it expires, Unix seconds.
    pub expires_at_unix: i64,
    /// Its index in the issuer's status list.
    pub status_index: u32,
    /// The handle of its device key; `None` when the key is not in this
    /// wallet (restored from a backup).
    pub device_key: Option<String>,
}

/// A document with every field, ready for its screen.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DocumentDetails {
    /// What the list shows.
    pub summary: DocumentSummary,
    /// Who issued it (the issuance service's identifier).
    pub issuer: String,
    /// When the wallet received this version, Unix seconds.
    pub received_at_unix: i64,
    /// Its fields in the card's slot order, with both labels.
    pub fields: Vec<DisplayField>,
    /// Its credentials.
    pub credentials: Vec<CredentialSummary>,
    /// The presets it can show (`checkpoint-id`, `age-18`, ...).
    pub presets: Vec<String>,
    /// The claims it can show one by one, for `Disclose::Claims`.
    pub claims: Vec<ClaimLabel>,
    /// The document laid out like its physical card.
    pub card: CardLayout,
}

/// The claims the document's credentials can show, in slot order.
pub(crate) fn showable_claims(view: &DocumentView) -> Vec<ClaimId> {
    view.showable_claims()
}

fn showable_presets(view: &DocumentView) -> Vec<String> {
    Preset::showable(view.credentials.iter().map(|c| c.kind))
        .into_iter()
        .map(|p| p.name().to_owned())
        .collect()
}

impl DocumentDetails {
    pub(crate) fn new(view: &DocumentView, today: Date) -> Result<Self, VidiError> {
        Ok(Self {
            summary: DocumentSummary::new(&view.summary, today),
            issuer: view.issuer.clone(),
            received_at_unix: unix(view.received_at),
            fields: view
                .document
                .main_claims()?
                .iter()
                .map(DisplayField::from)
                .collect(),
            credentials: view
                .credentials
                .iter()
                .map(|c| CredentialSummary {
                    id: c.id.clone(),
                    kind: c.kind.name(),
                    expires_at_unix: unix(c.expires_at),
                    status_index: c.status_index,
                    device_key: c.device_key.as_ref().map(|h| h.as_str().to_owned()),
                })
                .collect(),
            presets: showable_presets(view),
            claims: showable_claims(view)
                .into_iter()
                .map(ClaimLabel::from)
                .collect(),
            card: CardLayout::from(&card::CardLayout::of(&view.document)?),
        })
    }
}

/// What to show in a presentation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Disclose {
    /// A checkpoint's preset: `checkpoint-id`, `traffic-stop`, `hospital`, `age-18`.
    Preset {
        /// The preset's name.
        name: String,
    },
    /// These claims (machine names, as in `DocumentDetails::claims`),
    /// from the smallest credential of the document that carries them all.
    Claims {
        /// The claims' names.
        names: Vec<String>,
    },
}

/// The preset named `name`.
pub(crate) fn preset_named(name: &str) -> Result<Preset, VidiError> {
    Preset::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
        VidiError::invalid(format!(
            "no such preset; the presets are {}",
            known.join(", ")
        ))
    })
}

/// `names` as claims of a document that can show `available`.
pub(crate) fn claims_named(
    names: &[String],
    available: &[ClaimId],
) -> Result<Vec<ClaimId>, VidiError> {
    vidi_core::claims::claims_named(names.iter().map(String::as_str), available).map_err(
        |e| match e {
            ClaimNameError::Unknown(_) => {
                let known: Vec<String> = available.iter().map(|c| c.name()).collect();
                VidiError::invalid(format!(
                    "the document has no such claim; it has {}",
                    known.join(", ")
                ))
            }
            ClaimNameError::Empty => VidiError::invalid("no claim to disclose"),
        },
    )
}

/// A QR code's modules, for drawing it natively. The quiet zone (4 light
/// modules around the symbol) is not included; draw it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QrMatrix {
    /// The QR version, 1 to 40.
    pub version: u8,
    /// Width and height in modules (`4 * version + 17`).
    pub size: u32,
    /// `size * size` bytes, row by row from the top-left: 1 for a dark
    /// module, 0 for a light one. The module at column x, row y is
    /// `modules[y * size + x]`.
    pub modules: Vec<u8>,
}

/// A proof ready to show: redraw it at `refresh_at_unix`; verifiers refuse
/// it after `expires_at_unix`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Presentation {
    /// The proof text (`VD2:` + Base45, or `VD1:` from an older credential), what the QR holds.
    pub payload: String,
    /// The QR code (error correction M).
    pub qr: QrMatrix,
    /// The QR code as a standalone SVG document with its quiet zone; it
    /// has no width or height and scales to its box.
    pub svg: String,
    /// The credential kind it was made from.
    pub kind: String,
    /// When it was made (the time it carries), Unix seconds.
    pub made_at_unix: i64,
    /// When to draw a new one, Unix seconds.
    pub refresh_at_unix: i64,
    /// When verifiers stop accepting it, Unix seconds.
    pub expires_at_unix: i64,
    /// The document it shows.
    pub document_type: DocumentType,
    /// The claims it discloses, in order, with both labels: what a screen
    /// reader says the code shows.
    pub claims: Vec<ClaimLabel>,
}

impl From<&PresentationOutput> for Presentation {
    fn from(p: &PresentationOutput) -> Self {
        Self {
            payload: p.text.clone(),
            qr: QrMatrix {
                version: p.qr.version(),
                size: count(p.qr.size()),
                modules: p.qr.modules().iter().map(|&dark| u8::from(dark)).collect(),
            },
            svg: p.qr.to_svg(),
            kind: p.kind.name(),
            made_at_unix: unix(p.made_at),
            refresh_at_unix: unix(p.refresh_at),
            expires_at_unix: unix(p.expires_at),
            document_type: p.kind.document_type().into(),
            claims: p.claims.iter().copied().map(ClaimLabel::from).collect(),
        }
    }
}

/// A checkpoint's preset.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PresetInfo {
    /// Its name, for `Disclose::Preset`.
    pub name: String,
    /// The document it is shown from.
    pub document_type: DocumentType,
    /// The credential kind it is shown from.
    pub kind: String,
    /// The claims it discloses, in order.
    pub claims: Vec<ClaimLabel>,
}

/// Every preset: `checkpoint-id` (name, date of birth, personal ID
/// number), `traffic-stop`, `hospital`, `age-18`.
#[uniffi::export]
pub fn presets() -> Vec<PresetInfo> {
    Preset::ALL
        .into_iter()
        .map(|p| PresetInfo {
            name: p.name().to_owned(),
            document_type: p.kind().document_type().into(),
            kind: p.kind().name(),
            claims: p.claims().iter().copied().map(ClaimLabel::from).collect(),
        })
        .collect()
}

/// The proof format version this build makes (`VD2:` is 2); it reads 1 and 2.
#[uniffi::export]
pub fn format_version() -> u8 {
    FORMAT_VERSION
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_looked_up_by_name() {
        let available = [
            ClaimId::FullName,
            ClaimId::DateOfBirth,
            ClaimId::AgeOver(18),
        ];
        let names = vec!["age_over_18".to_owned(), " full_name ".to_owned()];
        assert_eq!(
            claims_named(&names, &available).unwrap(),
            [ClaimId::AgeOver(18), ClaimId::FullName]
        );
        let unknown = claims_named(&["sex".to_owned()], &available).unwrap_err();
        assert!(matches!(unknown, VidiError::InvalidInput { .. }));
        assert!(claims_named(&[], &available).is_err());
        assert!(preset_named("age-18").is_ok());
        assert!(preset_named("age-21").is_err());
    }

    #[test]
    fn every_preset_is_listed() {
        let names: Vec<String> = presets().into_iter().map(|p| p.name).collect();
        assert_eq!(
            names,
            ["checkpoint-id", "traffic-stop", "hospital", "age-18"]
        );
        assert_eq!(format_version(), 2);
    }
}
