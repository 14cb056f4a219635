//! The admin operations, for the admin HTTP API and for in-process callers
//! (tests, `vidi demo`): list citizens and their credentials, make offers,
//! re-bind, revoke, suspend, reinstate, rotate the issuer key.

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use vidi_core::document::DocumentType;
use vidi_core::document::citizens::{CitizenNote, TestCitizen};
use vidi_core::http::check_server_url;
use vidi_core::oid4vci::{CredentialOffer, OfferLink};

use crate::catalog;
use crate::citizens;
use crate::credentials::{self, Change, IssuedCredential};
use crate::db::{self, millis};
use crate::error::{Error, Result};
use crate::keys;
use crate::offers::{self, NewOffer};
use crate::qr::OfferQr;
use crate::state::{AppState, today};
use crate::status;

/// `POST /admin/offers`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferRequest {
    /// The citizen's number.
    pub citizen: u32,
    /// Which documents (`national_id`, `driving_licence`,
    /// `health_insurance`, or `nid`, `dl`, `hi`); all when absent.
    #[serde(default)]
    pub document_types: Option<Vec<String>>,
    /// Put a `credential_offer_uri` in the link instead of the offer.
    #[serde(default)]
    pub by_reference: bool,
    /// The issuer identifier the offer names, e.g. `http://10.0.2.2:8080`
    /// for an Android emulator; the URL the request came to when absent.
    #[serde(default)]
    pub issuer_url: Option<String>,
    /// The QR code images to draw of the link (`png`, `svg`); none when
    /// absent (drawing them is most of an offer's cost).
    #[serde(default)]
    pub qr: Vec<QrFormat>,
}

/// A picture of the offer link as a QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QrFormat {
    /// A 1-bit PNG, base64 in `qr_png_base64`.
    Png,
    /// An SVG document in `qr_svg`.
    Svg,
}

/// `POST /admin/citizens/{n}/reissue`: [`OfferRequest`] without the citizen.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReissueRequest {
    /// Which documents; all the citizen holds when absent.
    #[serde(default)]
    pub document_types: Option<Vec<String>>,
    /// As in [`OfferRequest`].
    #[serde(default)]
    pub by_reference: bool,
    /// As in [`OfferRequest`].
    #[serde(default)]
    pub issuer_url: Option<String>,
    /// As in [`OfferRequest`].
    #[serde(default)]
    pub qr: Vec<QrFormat>,
}

/// A new offer: the link to put in a QR code, the PIN to tell the citizen
/// separately, the QR code itself.
#[derive(Clone, Serialize, Deserialize)]
pub struct OfferCreated {
    /// Its id (`GET /offers/{id}` serves it).
    pub offer_id: String,
    /// `openid-credential-offer://?credential_offer=...` or `...?credential_offer_uri=...`.
    pub offer_uri: String,
    /// The six-digit PIN (`tx_code`).
    pub pin: String,
    /// The offer link as a PNG QR code, base64, when asked for (`qr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_png_base64: Option<String>,
    /// The offer link as an SVG QR code, when asked for (`qr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_svg: Option<String>,
    /// When the code stops working (RFC 3339).
    pub expires_at: String,
    /// The offer itself.
    pub offer: CredentialOffer,
    /// Whether redeeming it revokes the documents' older credentials.
    pub rebind: bool,
}

impl std::fmt::Debug for OfferCreated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OfferCreated")
            .field("expires_at", &self.expires_at)
            .field("rebind", &self.rebind)
            .finish_non_exhaustive()
    }
}

/// A citizen as `GET /admin/citizens` shows them.
#[derive(Debug, Clone, Serialize)]
pub struct CitizenView {
    /// Their number.
    pub number: u32,
    /// Full name.
    pub name: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub birth_date: String,
    /// Why they are special (`minor`, `expired_licence`, ...).
    pub notes: Vec<CitizenNote>,
    /// Their documents.
    pub documents: Vec<DocumentView>,
}

/// One of a citizen's documents.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// `national_id`, `driving_licence` or `health_insurance`.
    pub document_type: &'static str,
    /// What an offer for it contains today.
    pub credential_configuration_ids: Vec<String>,
    /// What was issued for it.
    pub credentials: Vec<IssuedCredential>,
}

/// An issuer key as `GET /admin/keys` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct KeyView {
    /// Key id.
    pub kid: u16,
    /// Compressed SEC1, hex.
    pub public_key: String,
    /// `active` or `retired`.
    pub state: &'static str,
    /// Made at (RFC 3339).
    pub created_at: String,
    /// Retired at (RFC 3339).
    pub retired_at: Option<String>,
    /// Trusted until (RFC 3339): retirement plus the credential validity.
    pub trusted_until: Option<String>,
}

/// The answer to `POST /admin/keys/rotate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotation {
    /// The key now retired.
    pub retired_kid: u16,
    /// The key now signing.
    pub active_kid: u16,
}

fn rfc3339(ms: i64) -> String {
    db::time_of(ms).format(&Rfc3339).unwrap_or_default()
}

fn document_types(names: Option<&[String]>) -> Result<Option<Vec<DocumentType>>> {
    names
        .map(|names| {
            names
                .iter()
                .map(|name| {
                    citizens::type_of(name)
                        .or_else(|| DocumentType::from_code(name))
                        .ok_or_else(|| {
                            Error::invalid_request(
                                "document_types: use national_id, driving_licence or health_insurance",
                            )
                        })
                })
                .collect()
        })
        .transpose()
}

/// A checked issuer identifier: an address Vidi's wallets fetch from, by
/// core's one rule ([`check_server_url`]: HTTPS, or plain HTTP to loopback
/// or the Android emulator's host 10.0.2.2), normalised the same way (no
/// trailing slash), and with no query or fragment (an issuer identifier
/// has none).
pub fn issuer_url(url: &str) -> Result<String> {
    let refused = |why: &str| {
        Error::invalid_request(format!(
            "issuer_url must be an https:// address, or http:// to this machine or 10.0.2.2, \
             with no query or fragment: {why}"
        ))
    };
    let checked = check_server_url(url).map_err(|e| refused(&e.to_string()))?;
    if checked.contains(['?', '#']) {
        return Err(refused("it has a query or fragment"));
    }
    if checked.len() > 200 {
        return Err(refused("it is longer than 200 characters"));
    }
    Ok(checked)
}

/// The admin operations on a running server. Cheap to clone.
#[derive(Clone)]
pub struct Admin {
    pub(crate) state: Arc<AppState>,
}

impl Admin {
    /// Every citizen with their documents and credentials.
    pub async fn citizens(&self) -> Result<Vec<CitizenView>> {
        self.state
            .db
            .run(move |conn| {
                let now = db::now_ms();
                let today = today();
                citizens::all(conn)?
                    .iter()
                    .map(|person| view(conn, person, now, today))
                    .collect()
            })
            .await
    }

    /// Citizen `number`.
    pub async fn citizen(&self, number: u32) -> Result<CitizenView> {
        self.state
            .db
            .run(move |conn| {
                let person = citizens::require(conn, number)?;
                view(conn, &person, db::now_ms(), today())
            })
            .await
    }

    /// Makes an offer; `default_issuer` names the issuer when the request
    /// does not.
    pub async fn create_offer(&self, request: OfferRequest) -> Result<OfferCreated> {
        let base = self.state.local_base_url();
        self.create_offer_for(request, false, &base).await
    }

    /// Makes a re-binding offer for citizen `number`: redeeming it issues
    /// the documents to the new device's keys and revokes their older
    /// credentials.
    pub async fn reissue(&self, number: u32, request: ReissueRequest) -> Result<OfferCreated> {
        let base = self.state.local_base_url();
        self.reissue_for(number, request, &base).await
    }

    pub(crate) async fn reissue_for(
        &self,
        number: u32,
        request: ReissueRequest,
        default_issuer: &str,
    ) -> Result<OfferCreated> {
        let offer = OfferRequest {
            citizen: number,
            document_types: request.document_types,
            by_reference: request.by_reference,
            issuer_url: request.issuer_url,
            qr: request.qr,
        };
        self.create_offer_for(offer, true, default_issuer).await
    }

    pub(crate) async fn create_offer_for(
        &self,
        request: OfferRequest,
        rebind: bool,
        default_issuer: &str,
    ) -> Result<OfferCreated> {
        let issuer = issuer_url(request.issuer_url.as_deref().unwrap_or(default_issuer))?;
        let new = NewOffer {
            citizen: request.citizen,
            document_types: document_types(request.document_types.as_deref())?,
            rebind,
            issuer_url: issuer.clone(),
        };
        let ttl = millis(self.state.config.ttl.offer);
        let created = self
            .state
            .db
            .run(move |conn| offers::create(conn, &new, db::now_ms(), ttl, today()))
            .await?;
        let link = if request.by_reference {
            OfferLink::ByReference(format!("{issuer}/offers/{}", created.id))
        } else {
            OfferLink::ByValue(created.offer.clone())
        }
        .to_link();
        // Drawn only when asked for, each picture at most once.
        let qr = if request.qr.is_empty() {
            None
        } else {
            Some(OfferQr::encode(&link)?)
        };
        let drawn = |format: QrFormat| qr.as_ref().filter(|_| request.qr.contains(&format));
        let qr_png_base64 = match drawn(QrFormat::Png) {
            Some(qr) => Some(STANDARD.encode(qr.to_png()?)),
            None => None,
        };
        let qr_svg = drawn(QrFormat::Svg).map(OfferQr::to_svg);
        Ok(OfferCreated {
            offer_id: created.id,
            offer_uri: link,
            pin: created.pin,
            qr_png_base64,
            qr_svg,
            expires_at: rfc3339(created.expires_at),
            offer: created.offer,
            rebind,
        })
    }

    /// Revokes, suspends or reinstates credential `id`.
    pub async fn change_credential(&self, id: i64, change: Change) -> Result<IssuedCredential> {
        self.state
            .db
            .run(move |conn| credentials::change_status(conn, id, change, db::now_ms()))
            .await
    }

    /// Retires the active issuer key and makes a new one.
    pub async fn rotate_key(&self) -> Result<Rotation> {
        let len = self.state.config.status_list_len;
        let (retired_kid, active_kid) = self
            .state
            .db
            .run(move |conn| keys::rotate(conn, len, db::now_ms()))
            .await?;
        Ok(Rotation {
            retired_kid,
            active_kid,
        })
    }

    /// The issuer keys.
    pub async fn keys(&self) -> Result<Vec<KeyView>> {
        let validity = self.state.config.credential_validity;
        let keys = self.state.db.run(|conn| keys::all(conn)).await?;
        Ok(keys
            .iter()
            .map(|k| KeyView {
                kid: k.kid,
                public_key: k.public_key.to_hex(),
                state: if k.retired_at.is_some() {
                    "retired"
                } else {
                    "active"
                },
                created_at: rfc3339(k.created_at),
                retired_at: k.retired_at.map(rfc3339),
                trusted_until: k
                    .retired_at
                    .map(|at| rfc3339(at.saturating_add(validity.whole_milliseconds() as i64))),
            })
            .collect())
    }

    /// Key `kid`'s status list as it stands (for tests and tools; verifiers
    /// fetch the signed token).
    pub async fn status_list(&self, kid: u16) -> Result<Option<vidi_core::trust::StatusList>> {
        self.state
            .db
            .run(move |conn| status::current_list(conn, kid))
            .await
    }
}

fn view(
    conn: &rusqlite::Connection,
    person: &TestCitizen,
    now: i64,
    today: time::Date,
) -> Result<CitizenView> {
    let issued = credentials::of_citizen(conn, person.number, now)?;
    let documents = citizens::documents(person)
        .iter()
        .map(|held| {
            let name = citizens::type_name(held.document_type);
            DocumentView {
                document_type: name,
                credential_configuration_ids: citizens::issuable(held, today)
                    .into_iter()
                    .map(catalog::configuration_id)
                    .collect(),
                credentials: issued
                    .iter()
                    .filter(|c| c.document_type == name)
                    .cloned()
                    .collect(),
            }
        })
        .collect();
    let birth = person.national_id.date_of_birth();
    Ok(CitizenView {
        number: person.number,
        name: person.full_name().as_str().to_owned(),
        birth_date: format!(
            "{:04}-{:02}-{:02}",
            birth.year(),
            u8::from(birth.month()),
            birth.day()
        ),
        notes: person.notes.clone(),
        documents,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn issuer_urls() {
        for (given, checked) in [
            ("http://10.0.2.2:8080", "http://10.0.2.2:8080"),
            ("http://localhost:8080/", "http://localhost:8080"),
            (
                "https://issuer.example/vidi/mock",
                "https://issuer.example/vidi/mock",
            ),
            ("http://[::1]:8080", "http://[::1]:8080"),
            ("HTTPS://Issuer.Example/", "https://issuer.example"),
        ] {
            assert_eq!(issuer_url(given).unwrap(), checked, "{given}");
        }
        for bad in [
            "javascript:alert(1)",
            "http://",
            "http://[",
            "http://a]b",
            "http://:80",
            "https://a/b?c",
            "https://a/b#c",
            "ftp://a",
            // Plain HTTP elsewhere than this machine: no wallet fetches it.
            "http://issuer.example",
        ] {
            assert!(issuer_url(bad).is_err(), "{bad}");
        }
    }
}
