//! Issuance: an OpenID4VCI offer and its PIN into the wallet, and
//! re-binding restored documents, as async functions on the crate's
//! runtime. Cancel by cancelling the awaiting coroutine or task (the work
//! stops at its next network step), or by a `CancelHandle` (it stops
//! before its next step with `Cancelled`). Nothing is stored until every
//! credential has arrived and checked out.

use std::sync::Arc;

use vidi_core::issuance::{self, CancelFlag, IssuanceOptions};
use vidi_core::store::AddOutcome;
use zeroize::Zeroizing;

use crate::convert::{DocumentType, count};
use crate::error::VidiError;
use crate::runtime;
use crate::wallet::Wallet;

/// Stops an issuance before its next step; share one with the call and
/// call `CancelHandle::cancel` from anywhere.
#[derive(Debug, Default, uniffi::Object)]
pub struct CancelHandle {
    flag: CancelFlag,
}

#[uniffi::export]
impl CancelHandle {
    /// A handle not cancelled yet.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Cancels: the issuance fails with `Cancelled` before its next step.
    pub fn cancel(&self) {
        self.flag.cancel();
    }

    /// Whether it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.flag.is_cancelled()
    }
}

/// Where an issuance is, for a progress display.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum IssuanceStep {
    /// Reading the offer (fetching it when given by reference).
    ReadingOffer,
    /// Reading the issuer's metadata.
    ReadingMetadata,
    /// Fetching and verifying the issuer's trust list.
    FetchingTrustList,
    /// Exchanging the code and PIN for an access token.
    RequestingToken,
    /// Requesting the `index`-th of `total` kinds of credential.
    RequestingCredentials {
        /// The kind requested (`national-id`, ...).
        kind: String,
        /// How many credentials of it (the batch size).
        count: u32,
        /// 1-based.
        index: u32,
        /// How many kinds.
        total: u32,
    },
    /// Checking the documents rebuilt from the credentials.
    CheckingDocuments,
    /// Adding `documents` documents to the wallet.
    Storing {
        /// How many.
        documents: u32,
    },
    /// Done.
    Done,
    /// A step this version does not name.
    Other {
        /// The step in English.
        description: String,
    },
}

impl From<issuance::IssuanceStep> for IssuanceStep {
    fn from(step: issuance::IssuanceStep) -> Self {
        use issuance::IssuanceStep as S;
        match step {
            S::ReadingOffer => Self::ReadingOffer,
            S::ReadingMetadata => Self::ReadingMetadata,
            S::FetchingTrustList => Self::FetchingTrustList,
            S::RequestingToken => Self::RequestingToken,
            S::RequestingCredentials {
                kind,
                count: n,
                index,
                total,
            } => Self::RequestingCredentials {
                kind: kind.name(),
                count: count(n),
                index: count(index),
                total: count(total),
            },
            S::CheckingDocuments => Self::CheckingDocuments,
            S::Storing { documents } => Self::Storing {
                documents: count(documents),
            },
            S::Done => Self::Done,
            other => Self::Other {
                description: other.to_string(),
            },
        }
    }
}

/// Told each step of an issuance as it starts. Called on the crate's
/// runtime thread: return quickly (post to the UI thread).
#[uniffi::export(with_foreign)]
pub trait IssuanceProgress: Send + Sync {
    /// The step starting now.
    fn step(&self, step: IssuanceStep);
}

/// What adding an issued document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AddedAs {
    /// A document the wallet did not hold.
    Added,
    /// It replaced the wallet's copy (an older one, or one restored from a
    /// backup that needed re-binding), keeping its id.
    Replaced,
    /// The wallet was locked: kept as pending, merged at the next unlock.
    Pending,
}

/// One document an issuance put in the wallet.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IssuedDocument {
    /// The document's id in the wallet.
    pub document_id: String,
    /// Added, replaced or pending.
    pub added_as: AddedAs,
    /// Its type.
    pub document_type: DocumentType,
    /// The credential kinds issued for it, each once.
    pub kinds: Vec<String>,
    /// How many credentials (kinds × batch size).
    pub credentials: u32,
}

/// What an issuance did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IssuanceReport {
    /// The issuer's identifier (its URL).
    pub issuer: String,
    /// The issuer's display name, when it gives one.
    pub issuer_name: Option<String>,
    /// Credentials of each kind received.
    pub batch_size: u32,
    /// The documents, national ID first.
    pub documents: Vec<IssuedDocument>,
}

impl From<issuance::IssuanceReport> for IssuanceReport {
    fn from(r: issuance::IssuanceReport) -> Self {
        Self {
            issuer: r.issuer,
            issuer_name: r.issuer_name,
            batch_size: r.batch_size,
            documents: r
                .documents
                .into_iter()
                .map(|d| IssuedDocument {
                    document_id: d.outcome.id().as_str().to_owned(),
                    added_as: match d.outcome {
                        AddOutcome::Added(_) => AddedAs::Added,
                        AddOutcome::Replaced(_) => AddedAs::Replaced,
                        AddOutcome::Pending(_) => AddedAs::Pending,
                    },
                    document_type: d.document_type.into(),
                    kinds: d.kinds.iter().map(|k| k.name()).collect(),
                    credentials: count(d.credentials),
                })
                .collect(),
        }
    }
}

/// What a re-binding did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RebindReport {
    /// The issuance.
    pub issuance: IssuanceReport,
    /// Documents that needed re-binding and now have credentials bound to
    /// this wallet's keys.
    pub rebound: Vec<String>,
    /// Documents that still need re-binding (another issuer's, or not in
    /// this offer).
    pub still_needs_rebinding: Vec<String>,
}

impl From<issuance::RebindReport> for RebindReport {
    fn from(r: issuance::RebindReport) -> Self {
        let ids = |ids: Vec<vidi_core::store::DocumentId>| {
            ids.iter().map(|id| id.as_str().to_owned()).collect()
        };
        Self {
            issuance: r.issuance.into(),
            rebound: ids(r.rebound),
            still_needs_rebinding: ids(r.still_needs_rebinding),
        }
    }
}

#[derive(Clone, Copy)]
enum Mode {
    Accept,
    Rebind,
}

enum Done {
    Accepted(issuance::IssuanceReport),
    Rebound(issuance::RebindReport),
}

/// The issuance itself, on the runtime.
async fn issue(
    wallet: Arc<Wallet>,
    mode: Mode,
    link: String,
    pin: Option<Zeroizing<String>>,
    batch_size: u32,
    cancel: Option<Arc<CancelHandle>>,
    progress: Option<Arc<dyn IssuanceProgress>>,
) -> Result<Done, VidiError> {
    let mut held = wallet.lock_async().await;
    let mut tell = |step: issuance::IssuanceStep| {
        if let Some(progress) = &progress {
            progress.step(step.into());
        }
    };
    let options = IssuanceOptions {
        batch_size,
        cancel: cancel.map(|c| c.flag.clone()),
        progress: Some(&mut tell),
        ..IssuanceOptions::default()
    };
    let pin = pin.as_deref().map(String::as_str);
    let done = match mode {
        Mode::Accept => issuance::accept_offer(&mut held.wallet, &link, pin, options)
            .await
            .map(Done::Accepted),
        Mode::Rebind => issuance::rebind(&mut held.wallet, &link, pin, options)
            .await
            .map(Done::Rebound),
    };
    done.map_err(|e| wallet.fail(e))
}

/// Accepts the credential offer `link` (an `openid-credential-offer://`
/// link as scanned or opened, or the offer's JSON) with the `pin` the
/// citizen received separately, and adds the documents to `wallet`.
/// `batch_size` credentials of each kind are asked for, each bound to its
/// own device key, so that verifiers cannot link presentations by one.
///
/// Errors an app acts on: `WrongPin` (with the tries left), `OfferUsed`
/// (used, expired or unknown: ask for a new offer), `OfferBurned`,
/// `Network`, `ServerRefused`, `InvalidInput` (not an offer; no PIN given
/// where one is needed), `Locked`, `Cancelled`.
#[uniffi::export(default(batch_size = 1, cancel = None, progress = None))]
pub async fn accept_offer(
    wallet: Arc<Wallet>,
    link: String,
    pin: Option<String>,
    batch_size: u32,
    cancel: Option<Arc<CancelHandle>>,
    progress: Option<Arc<dyn IssuanceProgress>>,
) -> Result<IssuanceReport, VidiError> {
    let pin = pin.map(Zeroizing::new);
    let task = issue(
        wallet,
        Mode::Accept,
        link,
        pin,
        batch_size,
        cancel,
        progress,
    );
    match runtime::run(task).await? {
        Done::Accepted(report) => Ok(report.into()),
        Done::Rebound(report) => Ok(report.issuance.into()),
    }
}

/// Accepts a re-issue offer for documents restored from a backup: the
/// re-issued documents replace the restored copies and can be shown again.
/// Needs the wallet unlocked. Errors as for `accept_offer`.
#[uniffi::export(default(batch_size = 1, cancel = None, progress = None))]
pub async fn rebind(
    wallet: Arc<Wallet>,
    link: String,
    pin: Option<String>,
    batch_size: u32,
    cancel: Option<Arc<CancelHandle>>,
    progress: Option<Arc<dyn IssuanceProgress>>,
) -> Result<RebindReport, VidiError> {
    let pin = pin.map(Zeroizing::new);
    let task = issue(
        wallet,
        Mode::Rebind,
        link,
        pin,
        batch_size,
        cancel,
        progress,
    );
    match runtime::run(task).await? {
        Done::Rebound(report) => Ok(report.into()),
        Done::Accepted(_) => Err(VidiError::other("internal error: not a re-binding")),
    }
}
