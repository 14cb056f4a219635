//! The verifier: an offline cache of the issuer's signed trust list and
//! status lists in a folder, synced when online, and verdicts on scanned
//! proofs that an app shows as they are.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use vidi_core::sync::{
    self, CachedList as CoreCachedList, SyncOutcome as CoreSyncOutcome, VerifierCache,
};
use vidi_core::verifier::{self, Policy, RejectReason, Verified};

use crate::convert::{DisplayField, DocumentType, count, now_or, unix};
use crate::error::VidiError;
use crate::runtime;

/// Which cached list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CachedList {
    /// The trust list: the issuers' keys, signed by the trust anchor.
    TrustList,
    /// The status list of the issuer key `kid`.
    StatusList {
        /// The issuer key id.
        kid: u16,
    },
}

impl From<CoreCachedList> for CachedList {
    fn from(list: CoreCachedList) -> Self {
        match list {
            CoreCachedList::TrustList => Self::TrustList,
            CoreCachedList::StatusList(kid) => Self::StatusList { kid },
        }
    }
}

/// What a sync did to one list.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum SyncOutcome {
    /// Fetched for the first time.
    New,
    /// Fetched, and different from the copy held.
    Changed,
    /// Fetched, and the same as the copy held.
    Unchanged,
    /// The server said the copy held is current.
    NotModified,
    /// Fetching or verifying failed; the copy held (if any) is kept.
    Failed {
        /// Why.
        reason: String,
    },
}

impl From<&CoreSyncOutcome> for SyncOutcome {
    fn from(outcome: &CoreSyncOutcome) -> Self {
        match outcome {
            CoreSyncOutcome::New => Self::New,
            CoreSyncOutcome::Changed => Self::Changed,
            CoreSyncOutcome::Unchanged => Self::Unchanged,
            CoreSyncOutcome::NotModified => Self::NotModified,
            CoreSyncOutcome::Failed(e) => Self::Failed {
                reason: e.to_string(),
            },
            other => Self::Failed {
                reason: format!("{other:?}"),
            },
        }
    }
}

/// One list in a sync report.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ListSync {
    /// Which list.
    pub list: CachedList,
    /// What happened to it.
    pub outcome: SyncOutcome,
    /// When the copy now held was signed, Unix seconds.
    pub issued_at_unix: Option<i64>,
    /// When the server last confirmed the copy now held, Unix seconds.
    pub last_synced_unix: Option<i64>,
    /// The held copy's age at the sync (since it was signed), seconds.
    pub age_seconds: Option<i64>,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncReport {
    /// The server synced from.
    pub server: String,
    /// The pinned trust anchor key, compressed SEC1 in hex.
    pub anchor: String,
    /// Whether the anchor was pinned in this sync (the first one).
    pub anchor_pinned_now: bool,
    /// When the sync ran, Unix seconds.
    pub synced_at_unix: i64,
    /// Whether every list is current.
    pub complete: bool,
    /// The trust list first, then each issuer key's status list.
    pub lists: Vec<ListSync>,
    /// Status lists dropped because their key left the trust list.
    pub removed: Vec<u16>,
}

impl From<&sync::SyncReport> for SyncReport {
    fn from(r: &sync::SyncReport) -> Self {
        Self {
            server: r.server.clone(),
            anchor: r.anchor.to_hex(),
            anchor_pinned_now: r.anchor_pinned_now,
            synced_at_unix: unix(r.synced_at),
            complete: r.is_complete(),
            lists: r
                .lists
                .iter()
                .map(|l| ListSync {
                    list: l.list.into(),
                    outcome: (&l.outcome).into(),
                    issued_at_unix: l.issued_at.map(unix),
                    last_synced_unix: l.last_synced.map(unix),
                    age_seconds: l.issued_at.map(|at| (r.synced_at - at).whole_seconds()),
                })
                .collect(),
            removed: r.removed.clone(),
        }
    }
}

/// How old a cached list is.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ListAge {
    /// Which list.
    pub list: CachedList,
    /// When it was signed, Unix seconds.
    pub issued_at_unix: i64,
    /// Seconds since it was signed (what the verifier's policy looks at:
    /// a status list older than 48 hours gives "status unknown").
    pub age_seconds: i64,
    /// When the server last confirmed it, Unix seconds.
    pub synced_at_unix: i64,
    /// Seconds since then.
    pub since_sync_seconds: i64,
    /// When the copy held was first stored, Unix seconds.
    pub changed_at_unix: i64,
}

/// A verdict on a scanned proof, ready to show: when `valid`, the document,
/// issuer and disclosed claims; when not, one reason in both languages.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Verdict {
    /// Whether the proof is accepted.
    pub valid: bool,
    /// The time it was checked at, Unix seconds.
    pub checked_at_unix: i64,
    /// The document's type (valid proofs).
    pub document_type: Option<DocumentType>,
    /// The document's name in Vietnamese (`Thẻ căn cước`).
    pub document_label_vi: Option<String>,
    /// The document's name in English (`Identity card`).
    pub document_label_en: Option<String>,
    /// The credential kind (`national-id`, `age-over-18`, ...).
    pub kind: Option<String>,
    /// The issuer's name from the trust list.
    pub issuer: Option<String>,
    /// The disclosed claims in the card's order, with both labels.
    pub claims: Vec<DisplayField>,
    /// How many claims stayed hidden.
    pub hidden_claims: u32,
    /// When the proof was made, Unix seconds.
    pub presented_at_unix: Option<i64>,
    /// When the credential expires, Unix seconds.
    pub expires_at_unix: Option<i64>,
    /// The status list's age when checked, seconds.
    pub status_list_age_seconds: Option<i64>,
    /// Why it was refused: `malformed`, `unknown_issuer`,
    /// `bad_issuer_signature`, `tampered_claim`, `bad_device_signature`,
    /// `too_old`, `from_future`, `expired`, `revoked`, `suspended`,
    /// `status_unknown`, `wrong_nonce`, `wrong_audience`.
    pub reason_code: Option<String>,
    /// The reason in Vietnamese, for the officer.
    pub reason_vi: Option<String>,
    /// The reason in English, with its detail (`too old: made 75 s ago`).
    pub reason_en: Option<String>,
}

impl Verdict {
    fn new(result: &Result<Verified, RejectReason>, checked_at: i64) -> Self {
        match result {
            Ok(v) => Self {
                valid: true,
                checked_at_unix: checked_at,
                document_type: Some(v.document_type.into()),
                document_label_vi: Some(v.document_type.label_vi().to_owned()),
                document_label_en: Some(v.document_type.label_en().to_owned()),
                kind: Some(v.kind.name()),
                issuer: Some(v.issuer.clone()),
                claims: v.claims.iter().map(DisplayField::from).collect(),
                hidden_claims: count(v.hidden_claims),
                presented_at_unix: Some(unix(v.presented_at)),
                expires_at_unix: Some(unix(v.expires_at)),
                status_list_age_seconds: Some(v.status_list_age.whole_seconds()),
                reason_code: None,
                reason_vi: None,
                reason_en: None,
            },
            Err(reason) => Self {
                valid: false,
                checked_at_unix: checked_at,
                document_type: None,
                document_label_vi: None,
                document_label_en: None,
                kind: None,
                issuer: None,
                claims: Vec::new(),
                hidden_claims: 0,
                presented_at_unix: None,
                expires_at_unix: None,
                status_list_age_seconds: None,
                reason_code: Some(reason.code().to_owned()),
                reason_vi: Some(reason.label_vi().to_owned()),
                reason_en: Some(reason.to_string()),
            },
        }
    }
}

/// A verifier over a cache folder: `Verifier::sync` when online,
/// `Verifier::verify` offline. The first sync pins the server's trust
/// anchor; a later trust list signed by another key is refused.
#[derive(uniffi::Object)]
pub struct Verifier {
    dir: PathBuf,
    cache: Mutex<Option<Arc<VerifierCache>>>,
}

impl Verifier {
    /// The loaded cache, loading it from the folder the first time.
    pub(crate) fn cache(&self) -> Result<Arc<VerifierCache>, VidiError> {
        let mut held = self
            .cache
            .lock()
            .map_err(|_| VidiError::other("the verifier cache lock is poisoned"))?;
        if let Some(cache) = held.as_ref() {
            return Ok(Arc::clone(cache));
        }
        let cache = Arc::new(VerifierCache::load(&self.dir)?);
        *held = Some(Arc::clone(&cache));
        Ok(cache)
    }

    fn replace(&self, cache: Option<VerifierCache>) {
        if let Ok(mut held) = self.cache.lock() {
            *held = cache.map(Arc::new);
        }
    }
}

#[uniffi::export]
impl Verifier {
    /// A verifier keeping its cache in `cache_dir` (created at the first
    /// sync). Reads nothing yet.
    #[uniffi::constructor]
    pub fn new(cache_dir: String) -> Arc<Self> {
        Arc::new(Self {
            dir: PathBuf::from(cache_dir),
            cache: Mutex::new(None),
        })
    }

    /// Fetches the trust list and every status list from `server_url`
    /// (HTTPS; HTTP on loopback only), verifies them and keeps them.
    /// Fails as a whole when the trust list cannot be had or does not
    /// verify; a status list that cannot be had is reported as `Failed`
    /// and its old copy kept.
    pub async fn sync(&self, server_url: String) -> Result<SyncReport, VidiError> {
        let dir = self.dir.clone();
        let (report, cache) = runtime::run(async move {
            let report = sync::sync(&server_url, &dir).await?;
            let cache = VerifierCache::load(&dir).ok();
            Ok((SyncReport::from(&report), cache))
        })
        .await?;
        self.replace(cache);
        Ok(report)
    }

    /// Verifies a scanned proof against the cache, at `now_unix` (default:
    /// the system clock). A verifier that showed a `nonce` or has an
    /// `audience` name passes them; proofs must then answer them. Errors
    /// only when there is nothing to verify against (`NotFound`: sync first).
    #[uniffi::method(default(now_unix = None, nonce = None, audience = None))]
    pub fn verify(
        &self,
        payload: String,
        now_unix: Option<i64>,
        nonce: Option<Vec<u8>>,
        audience: Option<String>,
    ) -> Result<Verdict, VidiError> {
        let cache = self.cache()?;
        let now = now_or(now_unix)?;
        let policy = Policy {
            nonce,
            audience,
            ..Policy::default()
        };
        let result = verifier::verify(
            payload.trim(),
            &cache.data.trust_list,
            &cache.data.status_lists,
            now,
            &policy,
        );
        Ok(Verdict::new(&result, unix(now)))
    }

    /// Each cached list's age at `now_unix` (default: the system clock):
    /// the trust list first, then the status lists.
    #[uniffi::method(default(now_unix = None))]
    pub fn cache_ages(&self, now_unix: Option<i64>) -> Result<Vec<ListAge>, VidiError> {
        let cache = self.cache()?;
        let now = now_or(now_unix)?;
        Ok(cache
            .ages(now)
            .into_iter()
            .map(|a| ListAge {
                list: a.list.into(),
                issued_at_unix: unix(a.issued_at),
                age_seconds: a.age.whole_seconds(),
                synced_at_unix: unix(a.synced_at),
                since_sync_seconds: a.since_sync.whole_seconds(),
                changed_at_unix: unix(a.changed_at),
            })
            .collect())
    }

    /// The server last synced from; `NotFound` before the first sync.
    pub fn server(&self) -> Result<String, VidiError> {
        Ok(self.cache()?.server.clone())
    }
}
