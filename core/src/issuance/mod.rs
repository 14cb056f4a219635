//! Wallet-side issuance: accepting an OpenID4VCI credential offer
//! (pre-authorized code flow) into the encrypted [`Wallet`].
//!
//! [`accept_offer`] reads the offer link (fetching the offer when it is
//! given by reference), reads the issuer's and its authorization server's
//! metadata, fetches the issuer's trust list (verified against its trust
//! anchor), exchanges the code and PIN for a token, and then for each
//! credential configuration offered: gets a nonce, creates device keys in
//! the wallet (one per credential; [`IssuanceOptions::batch_size`] > 1 gives
//! several credentials of each kind, each with its own key, so that
//! presentations need not share one), signs key proofs with them and
//! requests the credentials. Every credential is checked (its kind, the key
//! it is bound to, its issuer's signature by a key in the trust list, its
//! claims) before anything is stored. The credentials are then grouped by
//! document, the document is rebuilt from its main credential's claims
//! ([`document_from_claims`]) and added to the wallet, which logs it and
//! replaces an older copy of the same document, including one restored from
//! a backup that needs re-binding ([`rebind`]).
//!
//! Cancelling: drop the future. Nothing is stored until every credential
//! has arrived and checked out, so a dropped issuance leaves the wallet's
//! documents as they were. A [`CancelFlag`] stops it between steps with
//! [`IssuanceError::Cancelled`]. The device keys an issuance made and
//! stored no credential for (it failed, was cancelled or dropped) are
//! deleted, from the platform's key store too.
//!
//! Errors and progress never carry the code, the PIN, the token, a URL or
//! anything from a document.
//!
//! ```no_run
//! # async fn demo(wallet: &mut vidi_core::store::Wallet) -> Result<(), Box<dyn std::error::Error>> {
//! use vidi_core::issuance::{IssuanceOptions, accept_offer};
//! let mut progress = |step: vidi_core::issuance::IssuanceStep| eprintln!("{step}");
//! let options = IssuanceOptions {
//!     progress: Some(&mut progress),
//!     ..IssuanceOptions::default()
//! };
//! let report = accept_offer(
//!     wallet,
//!     "openid-credential-offer://?credential_offer_uri=http%3A%2F%2F127.0.0.1%3A8080%2Foffers%2Fabc",
//!     Some("123456"),
//!     options,
//! )
//! .await?;
//! println!("{} documents", report.documents.len());
//! # Ok(()) }
//! ```

mod document;
mod error;
mod offer_info;
mod sd_jwt;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use time::OffsetDateTime;

pub use document::{DocumentClaimsError, document_from_claims, main_kind};
pub use error::{DocumentRefusal, IssuanceError};
pub use offer_info::{OfferInfo, kind_of_configuration_id, offer_info};

use crate::credential::{Credential, CredentialKind};
use crate::document::{DocumentType, LicenceClass};
use crate::error::{KeyError, ProofError};
use crate::http::fetch_anchor;
use crate::http::trust::HttpTrust;
use crate::http::{self, Endpoint, Http, allowed_url, join, printable};
use crate::keys::{PublicKey, verify_es256};
use crate::oid4vci::{
    AuthorizationServerMetadata, CredentialOffer, CredentialRequest, CredentialResponse,
    IssuerMetadata, JwsError, NonceResponse, OfferLink, PRE_AUTHORIZED_GRANT, Proofs,
    TokenResponse, proof_jwt,
};
use crate::store::{
    AddOutcome, DeviceKeyHandle, DocumentId, NewCredential, NewDocument, NewSdJwt, StoreError,
    Wallet,
};
use crate::trust::{SignedListError, SignedTrustList, TrustList, open_trust_list};

/// Stops an issuance between steps; clones share the flag.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    /// A flag not raised.
    pub fn new() -> Self {
        Self::default()
    }

    /// Raises it: the issuance stops before its next step.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether it was raised.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Where an issuance is, for a progress display.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssuanceStep {
    /// Reading the offer (fetching it when given by reference).
    ReadingOffer,
    /// Reading the issuer's and the authorization server's metadata.
    ReadingMetadata,
    /// Fetching and verifying the issuer's trust list.
    FetchingTrustList,
    /// Exchanging the code and PIN for an access token.
    RequestingToken,
    /// Requesting the `index`-th of `total` credential configurations.
    RequestingCredentials {
        /// The kind requested.
        kind: CredentialKind,
        /// How many credentials of it (the batch size).
        count: usize,
        /// 1-based.
        index: usize,
        /// How many configurations.
        total: usize,
    },
    /// Rebuilding the documents from the checked credentials.
    CheckingDocuments,
    /// Adding `documents` documents to the wallet.
    Storing {
        /// How many.
        documents: usize,
    },
    /// Done.
    Done,
}

impl std::fmt::Display for IssuanceStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ReadingOffer => f.write_str("reading the offer"),
            Self::ReadingMetadata => f.write_str("reading the issuer's metadata"),
            Self::FetchingTrustList => f.write_str("fetching the issuer's trust list"),
            Self::RequestingToken => f.write_str("exchanging the code and PIN for a token"),
            Self::RequestingCredentials {
                kind,
                count,
                index,
                total,
            } => write!(
                f,
                "requesting {count} {} credential{} ({index}/{total})",
                kind.name(),
                if *count == 1 { "" } else { "s" }
            ),
            Self::CheckingDocuments => f.write_str("checking the documents"),
            Self::Storing { documents } => write!(
                f,
                "adding {documents} document{} to the wallet",
                if *documents == 1 { "" } else { "s" }
            ),
            Self::Done => f.write_str("done"),
        }
    }
}

/// How an issuance goes.
pub struct IssuanceOptions<'a> {
    /// Credentials of each kind to ask for, each bound to its own device
    /// key (at most what the issuer's `batch_credential_issuance` allows).
    pub batch_size: u32,
    /// How long each request may take.
    pub timeout: Duration,
    /// The trust anchor key, when known out of band: the issuer's trust
    /// list must be signed by it. Otherwise the issuer's `/trust-anchor` is used.
    pub trust_anchor: Option<PublicKey>,
    /// Which HTTPS servers are trusted: the platform's verifier, with any
    /// extra CA.
    pub trust: HttpTrust,
    /// Raised to stop between steps.
    pub cancel: Option<CancelFlag>,
    /// Told each step as it starts.
    pub progress: Option<&'a mut (dyn FnMut(IssuanceStep) + Send)>,
}

impl Default for IssuanceOptions<'_> {
    fn default() -> Self {
        Self {
            batch_size: 1,
            timeout: Duration::from_secs(30),
            trust_anchor: None,
            trust: HttpTrust::platform(),
            cancel: None,
            progress: None,
        }
    }
}

impl std::fmt::Debug for IssuanceOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuanceOptions")
            .field("batch_size", &self.batch_size)
            .field("timeout", &self.timeout)
            .field("trust_anchor", &self.trust_anchor)
            .field("trust", &self.trust)
            .finish_non_exhaustive()
    }
}

/// One document an issuance added to the wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedDocument {
    /// Added, replaced (an older copy, or one that needed re-binding), or
    /// pending (the wallet was locked and its keys are in hardware).
    pub outcome: AddOutcome,
    /// The document's type.
    pub document_type: DocumentType,
    /// The credential kinds issued for it, each once.
    pub kinds: Vec<CredentialKind>,
    /// How many credentials (kinds × batch size).
    pub credentials: usize,
    /// How many SD-JWT VCs were stored beside them (`docs/online.md`): the
    /// batch size, or 0 when the issuer offers none for this document, the
    /// wallet was locked, or the issuer refused or sent unusable ones.
    pub sd_jwt: usize,
}

/// What an issuance did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuanceReport {
    /// The issuer's identifier (its URL), as the documents record it.
    pub issuer: String,
    /// The issuer's display name from its metadata, when it gives one.
    pub issuer_name: Option<String>,
    /// Credentials of each kind received.
    pub batch_size: u32,
    /// The documents, national ID first.
    pub documents: Vec<IssuedDocument>,
    /// The documents of the offer that were not stored, and why (the others
    /// were). An issuance that stores none fails instead.
    pub refused: Vec<RefusedDocument>,
}

/// A document of the offer that was not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedDocument {
    /// The document's type.
    pub document_type: DocumentType,
    /// Why.
    pub reason: DocumentRefusal,
}

/// What a re-binding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RebindReport {
    /// The issuance.
    pub issuance: IssuanceReport,
    /// Documents that needed re-binding and now have fresh credentials
    /// bound to this wallet's keys.
    pub rebound: Vec<DocumentId>,
    /// Documents that still need re-binding (another issuer's, or not in
    /// this offer).
    pub still_needs_rebinding: Vec<DocumentId>,
}

/// The credential kind whose `name()` is `name`.
pub fn kind_from_name(name: &str) -> Option<CredentialKind> {
    [
        CredentialKind::NationalId,
        CredentialKind::DrivingLicence,
        CredentialKind::HealthInsurance,
        CredentialKind::CheckpointId,
        CredentialKind::TrafficStop,
        CredentialKind::Hospital,
    ]
    .into_iter()
    .chain((1..=120).map(CredentialKind::AgeOver))
    .chain(
        LicenceClass::ALL
            .into_iter()
            .map(CredentialKind::LicenceClass),
    )
    .find(|kind| kind.name() == name)
}

/// One issuance's plumbing: the HTTP client, the options, the clock.
struct Session<'o, 'a> {
    http: Http,
    options: &'o mut IssuanceOptions<'a>,
}

impl Session<'_, '_> {
    fn step(&mut self, step: IssuanceStep) -> Result<(), IssuanceError> {
        if self
            .options
            .cancel
            .as_ref()
            .is_some_and(CancelFlag::is_cancelled)
        {
            return Err(IssuanceError::Cancelled);
        }
        if let Some(progress) = self.options.progress.as_mut() {
            progress(step);
        }
        Ok(())
    }
}

/// A credential configuration offered, resolved against the metadata.
struct Offered {
    id: String,
    kind: CredentialKind,
    /// The proof format its configuration names.
    format: crate::format::Format,
}

/// A checked credential with the handle of its device key.
struct Received {
    credential: Credential,
    device_key: DeviceKeyHandle,
}

/// Accepts the credential offer `link` (an `openid-credential-offer://`
/// link, or the offer's JSON) into `wallet` with the PIN the citizen
/// received separately. See the module documentation for the steps.
///
/// The wallet must be unlocked to sign with software device keys; with a
/// platform key store a locked wallet receives the documents as pending.
pub async fn accept_offer(
    wallet: &mut Wallet,
    link: &str,
    pin: Option<&str>,
    mut options: IssuanceOptions<'_>,
) -> Result<IssuanceReport, IssuanceError> {
    let http = Http::new(options.timeout, &options.trust)
        .map_err(|e| IssuanceError::from_http(Endpoint::IssuerMetadata, e))?;
    let mut session = Session {
        http,
        options: &mut options,
    };
    let mut keys = KeysMade {
        wallet,
        made: Vec::new(),
    };
    let result = issue(&mut session, &mut keys, link, pin).await;
    drop(keys);
    if result.is_ok() {
        session.step(IssuanceStep::Done).ok();
    }
    result
}

/// The wallet during one issuance, with the device keys made for it: when
/// it is dropped (the issuance ended, failed or its future was dropped),
/// those no stored credential uses are deleted, in the platform's store too.
struct KeysMade<'w> {
    wallet: &'w mut Wallet,
    made: Vec<DeviceKeyHandle>,
}

impl KeysMade<'_> {
    /// A new device key, remembered.
    fn create_device_key(&mut self) -> Result<(DeviceKeyHandle, PublicKey), StoreError> {
        let (handle, public) = self.wallet.create_device_key()?;
        self.made.push(handle.clone());
        Ok((handle, public))
    }
}

impl std::ops::Deref for KeysMade<'_> {
    type Target = Wallet;
    fn deref(&self) -> &Wallet {
        self.wallet
    }
}

impl std::ops::DerefMut for KeysMade<'_> {
    fn deref_mut(&mut self) -> &mut Wallet {
        self.wallet
    }
}

impl Drop for KeysMade<'_> {
    fn drop(&mut self) {
        // Best effort: a key left behind signs nothing the wallet holds.
        let _ = self.wallet.discard_unused_device_keys(&self.made);
    }
}

/// Accepts a re-issue offer for documents restored from a backup (see
/// [`accept_offer`]): the re-issued documents replace the restored copies,
/// which become presentable again. Needs the wallet unlocked.
pub async fn rebind(
    wallet: &mut Wallet,
    link: &str,
    pin: Option<&str>,
    options: IssuanceOptions<'_>,
) -> Result<RebindReport, IssuanceError> {
    let waiting = needing_rebinding(wallet)?;
    let issuance = accept_offer(wallet, link, pin, options).await?;
    let replaced: BTreeSet<&DocumentId> = issuance
        .documents
        .iter()
        .filter(|d| matches!(d.outcome, AddOutcome::Replaced(_)))
        .map(|d| d.outcome.id())
        .collect();
    let rebound = waiting
        .into_iter()
        .filter(|id| replaced.contains(id))
        .collect();
    let still_needs_rebinding = needing_rebinding(wallet)?;
    Ok(RebindReport {
        issuance,
        rebound,
        still_needs_rebinding,
    })
}

fn needing_rebinding(wallet: &Wallet) -> Result<Vec<DocumentId>, IssuanceError> {
    Ok(wallet
        .list_documents_checked()?
        .documents
        .into_iter()
        .filter(|d| d.needs_rebinding)
        .map(|d| d.id)
        .collect())
}

/// The offer a link carries or leads to.
async fn read_offer(http: &Http, link: &str) -> Result<CredentialOffer, IssuanceError> {
    let parsed = OfferLink::parse(link).map_err(|e| match e {
        crate::oid4vci::OfferError::Json(_) => {
            IssuanceError::InvalidOffer("the offer is not valid JSON")
        }
        _ => IssuanceError::InvalidOffer("not a credential offer link"),
    })?;
    match parsed {
        OfferLink::ByValue(offer) => Ok(offer),
        OfferLink::ByReference(uri) => {
            if allowed_url(&uri).is_none() {
                return Err(IssuanceError::InvalidOffer(
                    "the offer's address is not HTTPS (HTTP is allowed on loopback only)",
                ));
            }
            http.get_json(&uri)
                .await
                .map_err(|e| IssuanceError::from_http(Endpoint::Offer, e))
        }
    }
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

/// The configurations offered, each resolved to a credential kind.
fn resolve_offered(
    offer: &CredentialOffer,
    metadata: &IssuerMetadata,
) -> Result<Vec<Offered>, IssuanceError> {
    if offer.credential_configuration_ids.is_empty() {
        return Err(IssuanceError::InvalidOffer("it offers no credential"));
    }
    let mut offered = Vec::new();
    for id in &offer.credential_configuration_ids {
        let config = metadata.credential_configurations_supported.get(id).ok_or(
            IssuanceError::InvalidOffer("it names a credential the issuer does not describe"),
        )?;
        let Some(format) = crate::oid4vci::proof_format_of(&config.format) else {
            return Err(IssuanceError::InvalidOffer(
                "a credential is in a format this wallet does not hold",
            ));
        };
        let kind = kind_from_name(&config.vidi_kind).ok_or(IssuanceError::InvalidOffer(
            "a credential is of a kind this wallet does not know",
        ))?;
        let es256_jwt = config.proof_types_supported.get("jwt").is_some_and(|p| {
            p.proof_signing_alg_values_supported
                .iter()
                .any(|a| a == "ES256")
        });
        if !es256_jwt {
            return Err(IssuanceError::InvalidOffer(
                "a credential does not take ES256 key proofs",
            ));
        }
        if offered.iter().any(|o: &Offered| o.kind == kind) {
            return Err(IssuanceError::InvalidOffer("it offers a kind twice"));
        }
        if !kind.exists_in(format) {
            return Err(IssuanceError::InvalidOffer(
                "a credential is of a kind its format does not have",
            ));
        }
        offered.push(Offered {
            id: id.clone(),
            kind,
            format,
        });
    }
    // Each document needs the credential that carries all its fields.
    for o in &offered {
        let main = main_kind(o.kind.document_type());
        if !offered.iter().any(|m| m.kind == main) {
            return Err(IssuanceError::InvalidOffer(
                "it offers a derived credential without its document's main credential",
            ));
        }
    }
    Ok(offered)
}

/// The issuer's trust list, verified against the anchor.
async fn fetch_trust_list(
    http: &Http,
    issuer: &str,
    pinned: Option<PublicKey>,
) -> Result<SignedTrustList, IssuanceError> {
    let published = fetch_anchor(http, issuer)
        .await
        .map_err(|e| IssuanceError::from_http(Endpoint::TrustAnchor, e))?;
    if pinned.is_some_and(|p| p != published) {
        return Err(IssuanceError::TrustList(SignedListError::AnchorMismatch));
    }
    let jws = match http
        .get_conditional(&join(issuer, "/trust-list"), None)
        .await
    {
        Ok(http::Conditional::Fresh { body, .. }) => body,
        Ok(http::Conditional::NotModified) => {
            return Err(IssuanceError::UnexpectedResponse {
                endpoint: Endpoint::TrustList,
                reason: "304 to an unconditional request",
            });
        }
        Err(e) => return Err(IssuanceError::from_http(Endpoint::TrustList, e)),
    };
    Ok(open_trust_list(&jws, &published)?)
}

async fn issue(
    session: &mut Session<'_, '_>,
    wallet: &mut KeysMade<'_>,
    link: &str,
    pin: Option<&str>,
) -> Result<IssuanceReport, IssuanceError> {
    session.step(IssuanceStep::ReadingOffer)?;
    let offer = read_offer(&session.http, link).await?;
    let grant = offer
        .grants
        .pre_authorized_code
        .as_ref()
        .ok_or(IssuanceError::InvalidOffer(
            "it has no pre-authorized code grant",
        ))?;
    let pin = match (&grant.tx_code, pin) {
        (Some(_), None) => return Err(IssuanceError::PinRequired),
        (Some(_), Some(pin)) => Some(pin.trim()),
        // A PIN the offer does not ask for is not sent.
        (None, _) => None,
    };
    let issuer = offer.credential_issuer.clone();
    if allowed_url(&issuer).is_none() {
        return Err(IssuanceError::InvalidOffer(
            "the issuer's address is not HTTPS (HTTP is allowed on loopback only)",
        ));
    }

    session.step(IssuanceStep::ReadingMetadata)?;
    let metadata: IssuerMetadata = session
        .http
        .get_json(&join(&issuer, "/.well-known/openid-credential-issuer"))
        .await
        .map_err(|e| IssuanceError::from_http(Endpoint::IssuerMetadata, e))?;
    if !same_url(&metadata.credential_issuer, &issuer) {
        return Err(IssuanceError::UnexpectedResponse {
            endpoint: Endpoint::IssuerMetadata,
            reason: "it names another issuer than the offer",
        });
    }
    let offered = resolve_offered(&offer, &metadata)?;
    let authorization_server = metadata
        .authorization_servers
        .first()
        .unwrap_or(&metadata.credential_issuer)
        .clone();
    let as_metadata: AuthorizationServerMetadata = session
        .http
        .get_json(&join(
            &authorization_server,
            "/.well-known/oauth-authorization-server",
        ))
        .await
        .map_err(|e| IssuanceError::from_http(Endpoint::AuthorizationServerMetadata, e))?;

    // Before the token: a trust list that does not verify must not use up the code.
    session.step(IssuanceStep::FetchingTrustList)?;
    let trusted = fetch_trust_list(&session.http, &issuer, session.options.trust_anchor).await?;
    // Documents stored while locked are checked against it at the merge.
    wallet.trust_issuers(&trusted.trust_list);
    // Kept to check online services' attestations offline (OpenID4VP).
    wallet.keep_trust_list(&trusted.trust_list, OffsetDateTime::now_utc())?;

    // The token uses the offer up: first make sure the wallet can sign key
    // proofs (a locked wallet's software keys cannot). The key made for the
    // check is the first one used.
    let mut spare = None;
    if !wallet.is_unlocked() {
        let (handle, public) = wallet.create_device_key()?;
        wallet.with_signer(handle.as_str(), |signer| Ok(signer.public_key()?))?;
        spare = Some((handle, public));
    }

    session.step(IssuanceStep::RequestingToken)?;
    let mut form = vec![
        ("grant_type", PRE_AUTHORIZED_GRANT),
        ("pre-authorized_code", grant.code.as_str()),
    ];
    if let Some(pin) = pin {
        form.push(("tx_code", pin));
    }
    let token: TokenResponse = session
        .http
        .post_form(&as_metadata.token_endpoint, &form)
        .await
        .map_err(|e| error::token_error(e, pin.is_some()))?;
    if !token.token_type.eq_ignore_ascii_case("bearer") {
        return Err(IssuanceError::UnexpectedResponse {
            endpoint: Endpoint::Token,
            reason: "the token is not a bearer token",
        });
    }

    let allowed = metadata
        .batch_credential_issuance
        .as_ref()
        .map_or(1, |b| b.batch_size.max(1));
    let batch = session.options.batch_size.clamp(1, allowed);
    let total = offered.len();
    // One document refused (its credential expired, the issuer will not
    // issue it, ...) leaves the others to be stored; a problem with the
    // whole offer (network, token, wallet) stops everything.
    let mut received: BTreeMap<DocumentType, Vec<Received>> = BTreeMap::new();
    let mut refused: Vec<RefusedDocument> = Vec::new();
    let is_refused =
        |refused: &[RefusedDocument], t: DocumentType| refused.iter().any(|r| r.document_type == t);
    for (i, o) in offered.iter().enumerate() {
        let document_type = o.kind.document_type();
        if is_refused(&refused, document_type) {
            continue;
        }
        session.step(IssuanceStep::RequestingCredentials {
            kind: o.kind,
            count: batch as usize,
            index: i + 1,
            total,
        })?;
        let credentials = request_credentials(
            &session.http,
            wallet,
            &metadata,
            &token,
            o,
            batch,
            &trusted.trust_list,
            spare.take(),
        )
        .await;
        let reason = match credentials {
            Ok(credentials) => {
                received
                    .entry(document_type)
                    .or_default()
                    .extend(credentials);
                continue;
            }
            Err(Failed::Document(reason)) => reason,
            Err(Failed::Offer(e)) => DocumentRefusal::of(e)?,
        };
        received.remove(&document_type);
        refused.push(RefusedDocument {
            document_type,
            reason,
        });
    }

    session.step(IssuanceStep::CheckingDocuments)?;
    let mut new_documents = Vec::new();
    for (document_type, credentials) in received {
        match new_document(&issuer, document_type, credentials) {
            Ok(new) => new_documents.push((document_type, new)),
            Err(e) => refused.push(RefusedDocument {
                document_type,
                reason: DocumentRefusal::of(e)?,
            }),
        }
    }
    if new_documents.is_empty() && !refused.is_empty() {
        // Nothing to store: the (first) refusal is the issuance's error.
        return Err(refused.swap_remove(0).reason.into());
    }
    refused.sort_by_key(|r| r.document_type);

    // The SD-JWT VCs of each document, when the issuer offers them and the
    // wallet can store them now (unlocked).
    let mut sd_jwts: BTreeMap<DocumentType, Vec<NewSdJwt>> = BTreeMap::new();
    if wallet.is_unlocked() {
        for (document_type, new) in &new_documents {
            let Some(id) = sd_jwt::configuration(&metadata, *document_type) else {
                continue;
            };
            if session
                .options
                .cancel
                .as_ref()
                .is_some_and(CancelFlag::is_cancelled)
            {
                return Err(IssuanceError::Cancelled);
            }
            let got = sd_jwt::request(
                &session.http,
                wallet,
                &metadata,
                &token,
                &id,
                batch,
                &new.document,
                &trusted.trust_list,
            )
            .await;
            match got {
                Ok(list) => {
                    sd_jwts.insert(*document_type, list);
                }
                Err(Failed::Offer(IssuanceError::Cancelled)) => {
                    return Err(IssuanceError::Cancelled);
                }
                // Best effort: the document comes without them
                // (`IssuedDocument::sd_jwt` is 0).
                Err(_) => {}
            }
        }
    }

    session.step(IssuanceStep::Storing {
        documents: new_documents.len(),
    })?;
    let now = OffsetDateTime::now_utc();
    let mut documents = Vec::new();
    for (document_type, new) in new_documents {
        let mut kinds: Vec<CredentialKind> = Vec::new();
        for c in &new.credentials {
            if !kinds.contains(&c.credential.kind) {
                kinds.push(c.credential.kind);
            }
        }
        let credentials = new.credentials.len();
        let outcome = wallet.add_document(new, now)?;
        let mut sd_jwt = 0;
        if let (Some(list), AddOutcome::Added(id) | AddOutcome::Replaced(id)) =
            (sd_jwts.remove(&document_type), &outcome)
        {
            sd_jwt = list.len();
            wallet.add_sd_jwt_credentials(id, list, now)?;
        }
        documents.push(IssuedDocument {
            outcome,
            document_type,
            kinds,
            credentials,
            sd_jwt,
        });
    }
    let issuer_name = metadata
        .display
        .iter()
        .find(|d| d.locale.as_deref().is_some_and(|l| l.starts_with("vi")))
        .or(metadata.display.first())
        .map(|d| printable(&d.name, 120));
    Ok(IssuanceReport {
        issuer,
        issuer_name,
        batch_size: batch,
        documents,
        refused,
    })
}

/// Key proofs for `keys` answering `nonce`, signed in the wallet.
fn sign_proofs(
    wallet: &mut Wallet,
    keys: &[(DeviceKeyHandle, PublicKey)],
    audience: &str,
    nonce: &str,
) -> Result<Vec<String>, IssuanceError> {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    keys.iter()
        .map(|(handle, _)| {
            wallet
                .with_signer(handle.as_str(), |signer| {
                    proof_jwt(signer, audience, nonce, now).map_err(|e| match e {
                        JwsError::Key(k) => StoreError::from(k),
                        _ => StoreError::Proof(ProofError::Key(KeyError::Signing)),
                    })
                })
                .map_err(IssuanceError::from)
        })
        .collect()
}

/// Why requesting one configuration failed: for the whole offer, or for
/// its document only.
enum Failed {
    Offer(IssuanceError),
    Document(DocumentRefusal),
}

impl From<IssuanceError> for Failed {
    fn from(e: IssuanceError) -> Self {
        Self::Offer(e)
    }
}

impl From<StoreError> for Failed {
    fn from(e: StoreError) -> Self {
        Self::Offer(e.into())
    }
}

/// Requests `batch` credentials of one configuration, each bound to a new
/// device key (`spare` first, when given), and checks them.
#[allow(clippy::too_many_arguments)] // one issuance's state, passed along
async fn request_credentials(
    http: &Http,
    wallet: &mut KeysMade<'_>,
    metadata: &IssuerMetadata,
    token: &TokenResponse,
    offered: &Offered,
    batch: u32,
    trust: &TrustList,
    spare: Option<(DeviceKeyHandle, PublicKey)>,
) -> Result<Vec<Received>, Failed> {
    let mut keys: Vec<(DeviceKeyHandle, PublicKey)> = spare.into_iter().collect();
    while keys.len() < batch as usize {
        keys.push(wallet.create_device_key()?);
    }
    let response = post_with_proofs(http, wallet, metadata, token, &offered.id, &keys).await?;
    let now = OffsetDateTime::now_utc();
    response
        .credentials
        .into_iter()
        .zip(keys)
        .map(|(issued, (handle, public))| {
            let credential: Credential =
                serde_json::from_value(issued.credential).map_err(|_| {
                    Failed::Document(DocumentRefusal::InvalidCredential("not a Vidi credential"))
                })?;
            if credential.format != offered.format {
                return Err(Failed::Document(DocumentRefusal::InvalidCredential(
                    "its proof format is not the one its configuration names",
                )));
            }
            credential_refusal(&credential, offered.kind, &public, trust, now)
                .map_err(Failed::Document)?;
            Ok(Received {
                credential,
                device_key: handle,
            })
        })
        .collect()
}

/// Requests one credential of configuration `id` per key of `keys`, with
/// a fresh nonce (one more try when the nonce expired on the way): the
/// response, holding one credential per key.
async fn post_with_proofs(
    http: &Http,
    wallet: &mut KeysMade<'_>,
    metadata: &IssuerMetadata,
    token: &TokenResponse,
    id: &str,
    keys: &[(DeviceKeyHandle, PublicKey)],
) -> Result<CredentialResponse, Failed> {
    let mut retried = false;
    let response: CredentialResponse = loop {
        let nonce: NonceResponse = http
            .post_empty(&metadata.nonce_endpoint)
            .await
            .map_err(|e| IssuanceError::from_http(Endpoint::Nonce, e))?;
        let proofs = sign_proofs(wallet, keys, &metadata.credential_issuer, &nonce.c_nonce)?;
        let request = CredentialRequest {
            credential_configuration_id: id.to_owned(),
            proofs: Proofs { jwt: proofs },
        };
        match http
            .post_json(
                &metadata.credential_endpoint,
                &request,
                Some(&token.access_token),
            )
            .await
        {
            Ok(response) => break response,
            // The issuer will not issue an expired document: its
            // holder is told so, and the offer's other documents still come.
            Err(http::HttpError::Status(_, Some(oauth)))
                if oauth.vidi_reason.as_deref() == Some("document_expired") =>
            {
                return Err(Failed::Document(DocumentRefusal::Expired));
            }
            Err(e) => match IssuanceError::from_http(Endpoint::Credential, e) {
                // A nonce can expire between the two requests: one more try.
                IssuanceError::ServerRefused { error, .. }
                    if error == "invalid_nonce" && !retried =>
                {
                    retried = true;
                }
                e => return Err(e.into()),
            },
        }
    };
    if response.credentials.len() != keys.len() {
        return Err(IssuanceError::UnexpectedResponse {
            endpoint: Endpoint::Credential,
            reason: "not one credential per key proof",
        }
        .into());
    }
    Ok(response)
}

/// Checks a received credential: its kind, the key it is bound to, its
/// issuer's signature by a key the trust list trusts for its document, its
/// claims and its expiry.
pub fn check_credential(
    credential: &Credential,
    kind: CredentialKind,
    device_key: &PublicKey,
    trust: &TrustList,
    now: OffsetDateTime,
) -> Result<(), IssuanceError> {
    credential_refusal(credential, kind, device_key, trust, now).map_err(IssuanceError::from)
}

/// [`check_credential`], saying why its document is refused.
fn credential_refusal(
    credential: &Credential,
    kind: CredentialKind,
    device_key: &PublicKey,
    trust: &TrustList,
    now: OffsetDateTime,
) -> Result<(), DocumentRefusal> {
    if credential.kind != kind {
        return Err(DocumentRefusal::InvalidCredential(
            "its kind is not the one requested",
        ));
    }
    if !kind.exists_in(credential.format) || !credential.fits_its_format() {
        return Err(DocumentRefusal::InvalidCredential(
            "its expiry or status index cannot travel in its proof format",
        ));
    }
    if credential.device_key != *device_key {
        return Err(DocumentRefusal::InvalidCredential(
            "it is bound to another key than the one proved",
        ));
    }
    if credential.values.len() != kind.slot_count() || credential.claims().is_err() {
        return Err(DocumentRefusal::InvalidCredential(
            "its claims do not fit its kind",
        ));
    }
    let issuer = trust
        .find(credential.kid, kind.document_type(), now)
        .ok_or(DocumentRefusal::InvalidCredential(
            "its issuer key is not in the trust list for this document",
        ))?;
    if !verify_es256(
        &issuer.public_key,
        &credential.statement().to_be_signed(),
        &credential.issuer_signature,
    ) {
        return Err(DocumentRefusal::InvalidCredential(
            "the issuer's signature does not verify",
        ));
    }
    if i64::from(credential.expires_at) <= now.unix_timestamp() {
        return Err(DocumentRefusal::Expired);
    }
    Ok(())
}

/// The document `credentials` (all of one document type) were issued for,
/// rebuilt from its main credential, with the credentials to store.
fn new_document(
    issuer: &str,
    document_type: DocumentType,
    credentials: Vec<Received>,
) -> Result<NewDocument, IssuanceError> {
    let main = main_kind(document_type);
    let mut document = None;
    for r in credentials.iter().filter(|r| r.credential.kind == main) {
        let claims = r
            .credential
            .claims()
            .map_err(|_| IssuanceError::InvalidCredential("its claims do not decode"))?;
        let rebuilt = document_from_claims(main, &claims)?;
        match &document {
            None => document = Some(rebuilt),
            Some(first) if document::same_document(first, &rebuilt) => {}
            Some(_) => {
                return Err(IssuanceError::InvalidCredential(
                    "two credentials of one document disagree",
                ));
            }
        }
    }
    let document = document.ok_or(IssuanceError::InvalidCredential(
        "no credential carries the whole document",
    ))?;
    Ok(NewDocument {
        issuer: issuer.to_owned(),
        document,
        credentials: credentials
            .into_iter()
            .map(|r| NewCredential {
                credential: r.credential,
                device_key: r.device_key,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests;
