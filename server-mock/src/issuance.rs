//! The credential endpoint's work: check the request against the token's
//! grant, check the key proofs and their nonces, and issue one credential
//! per proof, each bound to its proof's key at its own random status index:
//! a Vidi (COSE) credential of a kind, or a document's SD-JWT VC, both from
//! the same proofs, allowance and status lists.

use rusqlite::Connection;
use vidi_core::credential::CredentialKind;
use vidi_core::document::DocumentType;
use vidi_core::document::citizens::CitizenNote;
use vidi_core::error::ProofError;
use vidi_core::issuer::Issuer;
use vidi_core::oid4vci::{
    CredentialRequest, CredentialResponse, IssuedCredential, JwsError, VerifiedProof,
    verify_proof_jwt,
};
use vidi_core::sdjwt::{self, Issuance, SdJwtError, StatusReference};
use vidi_core::trust::Status;

use crate::catalog;
use crate::citizens;
use crate::config::BATCH_SIZE;
use crate::credentials::{self, NewCredential};
use crate::db;
use crate::error::{Error, Result};
use crate::keys;
use crate::status;
use crate::tokens::{self, Grant};

/// Reads a credential request body: `unknown_credential_configuration`,
/// `invalid_credential_request` or `invalid_proof` for what is wrong in it.
pub fn parse_request(body: &[u8]) -> Result<CredentialRequest> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| Error::invalid_credential_request("the body is not JSON"))?;
    let object = value
        .as_object()
        .ok_or_else(|| Error::invalid_credential_request("the body is not a JSON object"))?;
    if !object
        .get("credential_configuration_id")
        .is_some_and(|v| v.is_string())
    {
        return Err(Error::invalid_credential_request(
            "credential_configuration_id is missing or not a string",
        ));
    }
    if object.contains_key("proof") {
        return Err(Error::invalid_proof(
            "send key proofs as proofs.jwt (an array), not proof",
        ));
    }
    let jwts = object
        .get("proofs")
        .and_then(|p| p.get("jwt"))
        .and_then(|j| j.as_array())
        .ok_or_else(|| Error::invalid_proof("proofs.jwt is missing or not an array"))?;
    if jwts.iter().any(|j| !j.is_string()) {
        return Err(Error::invalid_proof(
            "every proofs.jwt entry must be a string",
        ));
    }
    serde_json::from_value(value)
        .map_err(|_| Error::invalid_credential_request("the credential request is malformed"))
}

/// The kind a request asks for, if the grant allows it.
pub fn requested_kind(grant: &Grant, request: &CredentialRequest) -> Result<CredentialKind> {
    let id = &request.credential_configuration_id;
    let kind = catalog::kind_of(id).ok_or_else(Error::unknown_credential_configuration)?;
    if !grant.configuration_ids.contains(id) {
        return Err(Error::invalid_credential_request(
            "the access token does not cover this credential configuration",
        ));
    }
    Ok(kind)
}

/// What a credential request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    /// A Vidi credential (`vidi_cose_v1`) of this kind.
    Vidi(CredentialKind),
    /// The SD-JWT VC (`dc+sd-jwt`) of this document type.
    SdJwt(DocumentType),
}

impl Requested {
    /// The document it is drawn from.
    pub fn document_type(self) -> DocumentType {
        match self {
            Self::Vidi(kind) => kind.document_type(),
            Self::SdJwt(document) => document,
        }
    }

    /// Its credential configuration id.
    pub fn configuration_id(self) -> String {
        match self {
            Self::Vidi(kind) => catalog::configuration_id(kind),
            Self::SdJwt(document) => catalog::sd_jwt_configuration_id(document),
        }
    }
}

/// What a request asks for, if the grant allows it: a configuration its
/// offer named, or the `dc+sd-jwt` configuration of a document whose main
/// credential its offer named (the offer lists Vidi's own configurations,
/// which the Vidi wallet takes whole; the token also covers each offered
/// document's SD-JWT VC).
pub fn requested(grant: &Grant, request: &CredentialRequest) -> Result<Requested> {
    let id = &request.credential_configuration_id;
    let Some(document) = catalog::sd_jwt_document_of(id) else {
        return requested_kind(grant, request).map(Requested::Vidi);
    };
    let main = catalog::configuration_id(vidi_core::issuance::main_kind(document));
    if !grant.configuration_ids.contains(&main) {
        return Err(Error::invalid_credential_request(
            "the access token does not cover this credential configuration",
        ));
    }
    Ok(Requested::SdJwt(document))
}

fn proof_error(e: &JwsError) -> Error {
    Error::invalid_proof(match e {
        JwsError::Malformed => "a proof is not a compact JWS with JSON header and payload",
        JwsError::Header("typ") => "a proof's typ is not openid4vci-proof+jwt",
        JwsError::Header("alg") => "a proof's alg is not ES256",
        JwsError::Header(_) => "a proof's jwk header is missing or not a P-256 key",
        JwsError::PrivateKeyInHeader => {
            "a proof's jwk header carries a private key (d): send the public key only"
        }
        JwsError::UnsupportedCritical => {
            "a proof has a crit header: this issuer understands no JWS extensions"
        }
        JwsError::Signature => "a proof's signature does not verify with its jwk",
        JwsError::Claim("aud") => "a proof's aud is not this credential issuer",
        JwsError::Claim("iat") => "a proof's iat is missing or too far from the server's clock",
        JwsError::Claim("nonce") => "a proof has no nonce: get one from the nonce endpoint",
        _ => "a proof is not valid",
    })
}

/// Checks the key proofs (signature, audience, time, nonce present): the
/// CPU work, done before the database is touched.
pub fn verify_proofs(
    request: &CredentialRequest,
    audience: &str,
    now_seconds: i64,
    max_skew_seconds: i64,
) -> Result<Vec<VerifiedProof>> {
    let jwts = &request.proofs.jwt;
    if jwts.is_empty() {
        return Err(Error::invalid_proof("proofs.jwt is empty"));
    }
    if jwts.len() > BATCH_SIZE as usize {
        return Err(Error::invalid_credential_request(format!(
            "at most {BATCH_SIZE} proofs in one request (batch_size)"
        )));
    }
    let mut proofs: Vec<VerifiedProof> = Vec::with_capacity(jwts.len());
    for jwt in jwts {
        let proof = verify_proof_jwt(jwt, audience, now_seconds, max_skew_seconds)
            .map_err(|e| proof_error(&e))?;
        if proofs.iter().any(|p| p.key == proof.key) {
            return Err(Error::invalid_proof(
                "two proofs with the same key: each credential needs its own device key",
            ));
        }
        proofs.push(proof);
    }
    Ok(proofs)
}

/// A document that gives no credential today, as the wallet is told it.
fn refusal(e: &ProofError) -> Error {
    let refused = Error::invalid_credential_request(format!("cannot issue: {e}"));
    match e {
        // Never an expired credential; the wallet tells its holder why this
        // document did not come.
        ProofError::Expired => refused.with_reason("document_expired"),
        _ => refused,
    }
}

/// What issuing needs from the configuration.
pub struct IssuerSettings<'a> {
    /// The issuer's name.
    pub name: &'a str,
    /// The longest a credential lives.
    pub validity: time::Duration,
    /// Entries in the status list of a key made when the active key's list
    /// is full.
    pub status_list_len: u32,
}

/// Refuses a request beyond what the token allows: [`BATCH_SIZE`]
/// credentials of each of its offer's configurations, over all its
/// requests. Used up: 401 `invalid_token`; more asked than is left: 400
/// `invalid_credential_request`.
fn check_allowance(
    conn: &Connection,
    grant: &Grant,
    configuration_id: &str,
    asked: usize,
) -> Result<()> {
    let used = credentials::issued_for(conn, &grant.offer_id, configuration_id)?;
    let left = BATCH_SIZE.saturating_sub(used);
    if left == 0 {
        return Err(Error::invalid_token(
            "the access token's allowance for this credential configuration is used up",
        )
        .with_reason("allowance_used"));
    }
    if asked > left as usize {
        return Err(Error::invalid_credential_request(format!(
            "the access token allows {left} more credential(s) of this configuration"
        ))
        .with_reason("allowance_exceeded"));
    }
    Ok(())
}

/// Uses the proofs' nonces and issues one credential per proof, in one
/// transaction. A re-binding grant first revokes the document's older
/// credentials; the suspended-licence citizen's licence credentials are
/// issued suspended.
///
/// `base` is the issuer identifier: an SD-JWT VC's `iss`, and where its
/// status list is.
pub fn issue(
    conn: &mut Connection,
    grant: &Grant,
    requested: Requested,
    proofs: &[VerifiedProof],
    settings: &IssuerSettings<'_>,
    base: &str,
    now: i64,
) -> Result<CredentialResponse> {
    let tx = conn.transaction()?;
    let configuration_id = requested.configuration_id();
    check_allowance(&tx, grant, &configuration_id, proofs.len())?;
    for proof in proofs {
        if credentials::device_key_bound(&tx, &proof.key.to_hex())? {
            return Err(Error::invalid_proof(
                "a proof's key is already bound to a credential: each credential needs a new device key",
            )
            .with_reason("device_key_bound"));
        }
    }
    let mut nonces: Vec<&str> = proofs.iter().map(|p| p.nonce.as_str()).collect();
    nonces.sort_unstable();
    nonces.dedup();
    for nonce in nonces {
        tokens::consume_nonce(&tx, nonce, now)?;
    }

    let person = citizens::require(&tx, grant.citizen)?;
    let document_type = requested.document_type();
    let held = citizens::documents(&person)
        .into_iter()
        .find(|h| h.document_type == document_type)
        .ok_or_else(|| Error::invalid_credential_request("the citizen holds no such document"))?;
    if grant.rebind {
        credentials::revoke_older(&tx, grant.citizen, document_type, &grant.offer_id, now)?;
    }
    let status = if document_type == DocumentType::DrivingLicence
        && person.has_note(CitizenNote::SuspendedLicence)
    {
        Status::Suspended
    } else {
        Status::Valid
    };

    let (key, mut info) = keys::active(&tx)?;
    let mut issuer = Issuer {
        key,
        name: settings.name.to_owned(),
        validity: settings.validity,
    };
    let mut stamp = Vec::new();
    let mut out = Vec::with_capacity(proofs.len());
    for proof in proofs {
        if credentials::list_full(&tx, info.kid, info.status_list_len)? {
            // A full list rolls over to a new key, which signs from now on
            // (the old one is retired: it keeps its list and stays in the
            // trust list while its credentials live), instead of refusing
            // all issuance until an operator rotates.
            keys::rotate_in(&tx, settings.status_list_len, now)?;
            if status != Status::Valid {
                stamp.push(info.kid);
            }
            let (key, next) = keys::active(&tx)?;
            issuer.key = key;
            info = next;
        }
        let index = credentials::free_index(&tx, info.kid, info.status_list_len)?;
        let (credential, expires_at) = match requested {
            Requested::Vidi(kind) => {
                let credential = issuer
                    .issue(kind, &held.document, proof.key, index, db::time_of(now))
                    .map_err(|e| refusal(&e))?;
                let expires_at = i64::from(credential.expires_at);
                (serde_json::to_value(&credential)?, expires_at)
            }
            Requested::SdJwt(_) => {
                let how = Issuance {
                    issuer: base,
                    key: &issuer.key,
                    device_key: proof.key,
                    status: StatusReference {
                        idx: index,
                        uri: status::list_url(base, info.kid),
                    },
                    issued_at: db::time_of(now),
                    expires_at: db::time_of(now),
                };
                let credential =
                    sdjwt::issue_document(&held.document, how, db::time_of(now), settings.validity)
                        .map_err(|e| match e {
                            SdJwtError::Document(e) => refusal(&e),
                            e => Error::from(e),
                        })?;
                let expires_at = credential.expires_at().unix_timestamp();
                (serde_json::Value::from(credential.as_str()), expires_at)
            }
        };
        credentials::insert(
            &tx,
            &NewCredential {
                citizen: grant.citizen,
                document_type,
                configuration_id: &configuration_id,
                offer_id: &grant.offer_id,
                kid: info.kid,
                status_index: index,
                device_key: proof.key.to_hex(),
                status,
                issued_at: now,
                expires_at: expires_at.saturating_mul(1000),
            },
        )?;
        out.push(IssuedCredential { credential });
    }
    if status != Status::Valid {
        stamp.push(info.kid);
    }
    for kid in stamp {
        credentials::restamp(&tx, kid, now)?;
    }
    tx.commit()?;
    Ok(CredentialResponse { credentials: out })
}
