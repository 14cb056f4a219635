//! Credential offers: the pre-authorized code, its PIN (`tx_code`), the
//! wrong-PIN count that burns an offer, and redeeming the code for an
//! access token.

use rusqlite::{Connection, OptionalExtension as _, params};
use time::Date;
use vidi_core::document::DocumentType;
use vidi_core::oid4vci::{CredentialOffer, Grants, PreAuthorizedCodeGrant, TokenResponse, TxCode};

use crate::catalog;
use crate::citizens;
use crate::error::{Error, Result};
use crate::secrets::{self, PIN_DIGITS};
use crate::tokens;

/// Wrong PINs after which an offer is burned.
pub const MAX_PIN_TRIES: u32 = 5;

/// What to offer.
#[derive(Debug, Clone)]
pub struct NewOffer {
    /// The citizen's number.
    pub citizen: u32,
    /// Which of their documents; `None` for all of them.
    pub document_types: Option<Vec<DocumentType>>,
    /// Re-binding: redeeming it revokes the credentials issued for these
    /// documents by earlier offers.
    pub rebind: bool,
    /// The issuer identifier the offer names.
    pub issuer_url: String,
}

/// A new offer, with the secrets it was made with (shown once).
#[derive(Clone)]
pub struct CreatedOffer {
    /// Its id, in `credential_offer_uri`.
    pub id: String,
    /// The offer, code included.
    pub offer: CredentialOffer,
    /// The PIN.
    pub pin: String,
    /// When the code stops working (Unix ms).
    pub expires_at: i64,
}

impl std::fmt::Debug for CreatedOffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedOffer")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

fn code_hash(code: &str) -> Vec<u8> {
    secrets::hash(&[b"pre-authorized_code", code.as_bytes()])
}

fn pin_hash(offer_id: &str, pin: &str) -> Vec<u8> {
    secrets::hash(&[b"tx_code", offer_id.as_bytes(), pin.as_bytes()])
}

/// The configuration ids for `citizen`'s documents of `types` (all when
/// `None`) that can be issued on `today`.
pub fn configuration_ids(
    conn: &Connection,
    citizen: u32,
    types: Option<&[DocumentType]>,
    today: Date,
) -> Result<Vec<String>> {
    let person = citizens::require(conn, citizen)?;
    let held = citizens::documents(&person);
    if let Some(types) = types {
        if types.is_empty() {
            return Err(Error::invalid_request("document_types is empty"));
        }
        if let Some(missing) = types
            .iter()
            .find(|t| !held.iter().any(|h| h.document_type == **t))
        {
            return Err(Error::invalid_request(format!(
                "the citizen holds no {}",
                citizens::type_name(*missing)
            )));
        }
    }
    let ids: Vec<String> = held
        .iter()
        .filter(|h| types.is_none_or(|t| t.contains(&h.document_type)))
        .flat_map(|h| citizens::issuable(h, today))
        .map(catalog::configuration_id)
        .collect();
    if ids.is_empty() {
        return Err(Error::conflict(
            "nothing of these documents can be issued today",
        ));
    }
    Ok(ids)
}

/// Makes an offer.
pub fn create(
    conn: &Connection,
    new: &NewOffer,
    now: i64,
    ttl_ms: i64,
    today: Date,
) -> Result<CreatedOffer> {
    let ids = configuration_ids(conn, new.citizen, new.document_types.as_deref(), today)?;
    let id = secrets::random_token(16)?;
    let code = secrets::random_token(32)?;
    let pin = secrets::random_pin()?;
    let offer = CredentialOffer {
        credential_issuer: new.issuer_url.clone(),
        credential_configuration_ids: ids.clone(),
        grants: Grants {
            pre_authorized_code: Some(PreAuthorizedCodeGrant {
                code: code.clone(),
                tx_code: Some(TxCode {
                    input_mode: Some("numeric".into()),
                    length: Some(PIN_DIGITS),
                    description: Some("The PIN the mock issuer showed with this offer".to_owned()),
                }),
            }),
        },
    };
    let expires_at = now.saturating_add(ttl_ms);
    conn.execute(
        "INSERT INTO offers (id, citizen, configuration_ids, code_hash, pin_hash, state, rebind,
                             issuer_url, offer_json, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7, ?8, ?9, ?10)",
        params![
            id,
            new.citizen,
            serde_json::to_string(&ids)?,
            code_hash(&code),
            pin_hash(&id, &pin),
            new.rebind,
            new.issuer_url,
            serde_json::to_string(&offer)?,
            now,
            expires_at,
        ],
    )?;
    Ok(CreatedOffer {
        id,
        offer,
        pin,
        expires_at,
    })
}

/// The offer `id` for `credential_offer_uri`, until it expires. A used or
/// burned offer is still served, so that the wallet hears why from the
/// token endpoint ("already used", "burned") rather than a bare 404.
pub fn by_id(conn: &Connection, id: &str, now: i64) -> Result<CredentialOffer> {
    let json: Option<String> = conn
        .query_row(
            "SELECT offer_json FROM offers WHERE id = ?1 AND expires_at > ?2",
            params![id, now],
            |r| r.get(0),
        )
        .optional()?;
    let json = json.ok_or_else(|| Error::not_found("no offer with this id, or it has expired"))?;
    Ok(serde_json::from_str(&json)?)
}

/// The token request: checks the code and the PIN, counts wrong PINs, and
/// gives an access token for the offer once.
pub fn redeem(
    conn: &mut Connection,
    code: &str,
    pin: Option<&str>,
    now: i64,
    token_ttl_ms: i64,
) -> Result<TokenResponse> {
    let tx = conn.transaction()?;
    let row: Option<(String, Vec<u8>, u32, String, i64)> = tx
        .query_row(
            "SELECT id, pin_hash, failed_pins, state, expires_at FROM offers WHERE code_hash = ?1",
            [code_hash(code)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let (id, expected, failed, state, expires_at) = row.ok_or_else(|| {
        Error::invalid_grant("unknown pre-authorized code").with_reason("unknown_code")
    })?;
    match state.as_str() {
        "burned" => {
            return Err(
                Error::invalid_grant("the offer was burned after too many wrong PINs")
                    .with_reason("offer_burned"),
            );
        }
        "redeemed" => {
            return Err(
                Error::invalid_grant("the pre-authorized code was already used")
                    .with_reason("offer_used"),
            );
        }
        _ => {}
    }
    if expires_at <= now {
        return Err(Error::invalid_grant("the pre-authorized code has expired")
            .with_reason("offer_expired"));
    }
    let pin = pin.ok_or_else(|| {
        Error::invalid_request("tx_code (the PIN) is required").with_reason("pin_required")
    })?;
    if !secrets::constant_time_eq(&pin_hash(&id, pin), &expected) {
        let failed = failed + 1;
        let burned = failed >= MAX_PIN_TRIES;
        tx.execute(
            "UPDATE offers SET failed_pins = ?1, state = ?2 WHERE id = ?3",
            params![failed, if burned { "burned" } else { "open" }, id],
        )?;
        tx.commit()?;
        let left = MAX_PIN_TRIES.saturating_sub(failed);
        return Err(if burned {
            Error::invalid_grant("wrong PIN; the offer is now burned").with_reason("offer_burned")
        } else {
            Error::invalid_grant(format!("wrong PIN; {left} tries left"))
                .with_reason("wrong_pin")
                .with_tries_left(left)
        });
    }
    tx.execute("UPDATE offers SET state = 'redeemed' WHERE id = ?1", [&id])?;
    let access_token = tokens::issue_access_token(&tx, &id, now, token_ttl_ms)?;
    tx.commit()?;
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer".to_owned(),
        expires_in: u64::try_from(token_ttl_ms.saturating_add(999) / 1000).unwrap_or(0),
    })
}
