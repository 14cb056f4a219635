//! Verifier sync: the issuer's signed trust list and status lists, fetched
//! when there is a network and kept in a folder for offline verification.
//!
//! The folder holds the lists exactly as the server signed them, so every
//! load checks their signatures again:
//!
//! | file | what |
//! |---|---|
//! | `trust-list.jws` | the trust list, a JWS (`vidi-trust-list+jwt`) by the trust anchor |
//! | `status-lists/<kid>.jws` | each issuer key's status list token (`statuslist+jwt`), signed by that key |
//! | `state.json` | the pinned anchor key, each list's URL, ETag, issue time and last sync |
//!
//! The anchor key is pinned on the first sync (from `GET /trust-anchor`, or
//! given by the caller) and a trust list signed by any other key is refused
//! from then on ([`SyncError::AnchorChanged`]). Requests carry
//! `If-None-Match` with the ETag last seen; a `304` counts as a sync.
//! Whether a list is too old to rely on is the verifier's call
//! ([`crate::verifier::Policy::max_status_age`]); [`VerifierCache::ages`]
//! says how old each one is, for display.
//!
//! Files are written whole ([`crate::fs::write_atomic`]) and `state.json`
//! last, so an interrupted sync leaves a cache that still loads. File I/O is
//! synchronous: the files are small.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::http::trust::HttpTrust;
use crate::http::{Conditional, Endpoint, Http, HttpError, NetworkProblem, fetch_anchor, join};
use crate::keys::PublicKey;
use crate::trust::{SignedListError, VerifierData, kid_text, open_status_list, open_trust_list};

/// The trust list's file in the cache folder.
pub const TRUST_LIST_FILE: &str = "trust-list.jws";
/// The folder of status list files in the cache folder.
pub const STATUS_LISTS_DIR: &str = "status-lists";
/// The sync state's file in the cache folder.
pub const STATE_FILE: &str = "state.json";

const STATE_FORMAT: &str = "vidi-verifier-cache";
const STATE_VERSION: u32 = 1;

/// Which cached list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CachedList {
    /// The trust list.
    TrustList,
    /// The status list of an issuer key.
    StatusList(u16),
}

impl std::fmt::Display for CachedList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TrustList => f.write_str("trust list"),
            Self::StatusList(kid) => write!(f, "status list {kid:04x}"),
        }
    }
}

/// Why a sync or a load failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// The server could not be reached.
    #[error("{}", crate::http::trust::network_words("server", *endpoint, *problem))]
    Network {
        /// Where the request went.
        endpoint: Endpoint,
        /// What went wrong.
        problem: NetworkProblem,
    },
    /// The server answered with an error status.
    #[error("the server refused the {endpoint} request (HTTP {status})")]
    ServerRefused {
        /// Where the request went.
        endpoint: Endpoint,
        /// The HTTP status.
        status: u16,
    },
    /// The server's answer is not what was expected.
    #[error("the server's {endpoint} answer is not valid: {reason}")]
    UnexpectedResponse {
        /// Which answer.
        endpoint: Endpoint,
        /// What is wrong.
        reason: &'static str,
    },
    /// The trust list is signed by another key than the pinned anchor, or
    /// the server now names another anchor: refused, the cache is unchanged.
    #[error(
        "the trust anchor changed: the trust list is not signed by the key pinned at the first sync"
    )]
    AnchorChanged,
    /// A list did not verify.
    #[error("the {list} does not verify: {error}")]
    List {
        /// Which list.
        list: CachedList,
        /// Why.
        error: SignedListError,
    },
    /// The folder holds no synced cache.
    #[error("no verifier cache here; run a sync first")]
    NotSynced,
    /// The cache's state file is damaged or of another version.
    #[error("the verifier cache is damaged: {0}")]
    Cache(&'static str),
    /// A cache file could not be read or written.
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
}

impl SyncError {
    fn from_http(endpoint: Endpoint, e: HttpError) -> Self {
        match e {
            HttpError::Network(problem) => Self::Network { endpoint, problem },
            HttpError::Status(status, _) => Self::ServerRefused {
                endpoint,
                status: status.as_u16(),
            },
            HttpError::Body(reason) => Self::UnexpectedResponse { endpoint, reason },
            HttpError::Url => Self::UnexpectedResponse {
                endpoint,
                reason: "not an HTTPS URL (HTTP is allowed on loopback only)",
            },
        }
    }
}

/// How a sync goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncOptions {
    /// How long each request may take.
    pub timeout: StdDuration,
    /// The trust anchor key, when known out of band: pinned on the first
    /// sync instead of the server's `/trust-anchor`, and checked on later ones.
    pub anchor: Option<PublicKey>,
    /// Which HTTPS servers are trusted: the platform's verifier, with any
    /// extra CA.
    pub trust: HttpTrust,
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            timeout: StdDuration::from_secs(30),
            anchor: None,
            trust: HttpTrust::platform(),
        }
    }
}

/// What became of one list in a sync.
#[derive(Debug)]
#[non_exhaustive]
pub enum SyncOutcome {
    /// Fetched for the first time.
    New,
    /// Fetched, and different from the copy held.
    Changed,
    /// Fetched, and the same as the copy held.
    Unchanged,
    /// The server said the copy held is current (304).
    NotModified,
    /// Fetching or verifying failed; the copy held (if any) is kept.
    Failed(SyncError),
}

impl SyncOutcome {
    /// Whether the cache now holds a list that the server confirmed in this sync.
    pub fn is_current(&self) -> bool {
        !matches!(self, Self::Failed(_))
    }
}

/// One list in a sync report.
#[derive(Debug)]
pub struct ListSync {
    /// Which list.
    pub list: CachedList,
    /// What happened.
    pub outcome: SyncOutcome,
    /// When the copy now held was signed.
    pub issued_at: Option<OffsetDateTime>,
    /// When the server last confirmed the copy now held.
    pub last_synced: Option<OffsetDateTime>,
}

/// What a sync did.
#[derive(Debug)]
pub struct SyncReport {
    /// The server synced from.
    pub server: String,
    /// The pinned trust anchor key.
    pub anchor: PublicKey,
    /// Whether the anchor was pinned in this sync (the first one).
    pub anchor_pinned_now: bool,
    /// When the sync ran.
    pub synced_at: OffsetDateTime,
    /// The trust list first, then each issuer key's status list.
    pub lists: Vec<ListSync>,
    /// Status lists dropped because their key left the trust list.
    pub removed: Vec<u16>,
}

impl SyncReport {
    /// Whether every list is current.
    pub fn is_complete(&self) -> bool {
        self.lists.iter().all(|l| l.outcome.is_current())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ListState {
    url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    issued_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    synced_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    changed_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CacheState {
    format: String,
    version: u32,
    server: String,
    /// Compressed SEC1, hex.
    anchor: String,
    #[serde(with = "time::serde::rfc3339")]
    anchor_pinned_at: OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    trust_list: Option<ListState>,
    #[serde(default)]
    status_lists: BTreeMap<u16, ListState>,
}

impl CacheState {
    fn read(dir: &Path) -> Result<Option<Self>, SyncError> {
        let text = match std::fs::read_to_string(dir.join(STATE_FILE)) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let state: Self =
            serde_json::from_str(&text).map_err(|_| SyncError::Cache("state.json is not valid"))?;
        if state.format != STATE_FORMAT || state.version != STATE_VERSION {
            return Err(SyncError::Cache("state.json is of another format"));
        }
        Ok(Some(state))
    }

    fn anchor(&self) -> Result<PublicKey, SyncError> {
        hex::decode(&self.anchor)
            .ok()
            .and_then(|b| PublicKey::from_sec1(&b).ok())
            .ok_or(SyncError::Cache("the pinned anchor key is not valid"))
    }
}

fn status_list_path(dir: &Path, kid: u16) -> PathBuf {
    dir.join(STATUS_LISTS_DIR)
        .join(format!("{}.jws", kid_text(kid)))
}

fn read_optional(path: &Path) -> Result<Option<String>, SyncError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// A fetched list body, or the held copy when the server said 304.
async fn fetch_list(
    http: &Http,
    url: &str,
    held: Option<&str>,
    etag: Option<&str>,
) -> Result<(String, Option<String>, bool), HttpError> {
    let etag = held.and(etag);
    match http.get_conditional(url, etag).await? {
        Conditional::Fresh { body, etag } => Ok((body, etag, false)),
        Conditional::NotModified => match held {
            Some(held) => Ok((held.to_owned(), etag.map(str::to_owned), true)),
            None => Err(HttpError::Body("304 without a copy held")),
        },
    }
}

/// Syncs the cache in `dir` from `server_url` with default options; see
/// [`sync_with`].
pub async fn sync(server_url: &str, dir: &Path) -> Result<SyncReport, SyncError> {
    sync_with(server_url, dir, &SyncOptions::default()).await
}

/// Fetches the trust list and every issuer key's status list from
/// `server_url` (conditionally, with the ETags held), verifies them, and
/// keeps them in `dir` (created if missing).
///
/// Fails as a whole when the trust list cannot be had or does not verify
/// against the pinned anchor; a status list that cannot be had is reported
/// as [`SyncOutcome::Failed`] and its old copy kept. Cancelling (dropping
/// the future) leaves a cache that loads.
pub async fn sync_with(
    server_url: &str,
    dir: &Path,
    options: &SyncOptions,
) -> Result<SyncReport, SyncError> {
    let now = OffsetDateTime::now_utc();
    std::fs::create_dir_all(dir.join(STATUS_LISTS_DIR))?;
    let http = Http::new(options.timeout, &options.trust)
        .map_err(|e| SyncError::from_http(Endpoint::TrustAnchor, e))?;
    let old = CacheState::read(dir)?;

    let (anchor, anchor_pinned_now) = match &old {
        Some(state) => {
            let pinned = state.anchor()?;
            if options.anchor.is_some_and(|given| given != pinned) {
                return Err(SyncError::AnchorChanged);
            }
            (pinned, false)
        }
        None => {
            let published = fetch_anchor(&http, server_url)
                .await
                .map_err(|e| SyncError::from_http(Endpoint::TrustAnchor, e))?;
            if options.anchor.is_some_and(|given| given != published) {
                return Err(SyncError::AnchorChanged);
            }
            (published, true)
        }
    };

    // The trust list.
    let url = join(server_url, "/trust-list");
    let held_path = dir.join(TRUST_LIST_FILE);
    let held = read_optional(&held_path)?;
    let old_list = old.as_ref().and_then(|s| s.trust_list.as_ref());
    let (body, etag, not_modified) = fetch_list(
        &http,
        &url,
        held.as_deref(),
        old_list.and_then(|l| l.etag.as_deref()),
    )
    .await
    .map_err(|e| SyncError::from_http(Endpoint::TrustList, e))?;
    let signed = open_trust_list(&body, &anchor).map_err(|error| match error {
        SignedListError::AnchorMismatch => SyncError::AnchorChanged,
        error => SyncError::List {
            list: CachedList::TrustList,
            error,
        },
    })?;
    let outcome = outcome_of(not_modified, held.as_deref(), &body);
    if matches!(outcome, SyncOutcome::New | SyncOutcome::Changed) {
        crate::fs::write_atomic(&held_path, body.as_bytes())?;
    }
    let trust_state = ListState {
        url: url.clone(),
        etag,
        issued_at: signed.issued_at,
        synced_at: now,
        changed_at: match (&outcome, old_list) {
            (SyncOutcome::New | SyncOutcome::Changed, _) | (_, None) => now,
            (_, Some(l)) => l.changed_at,
        },
    };
    let mut lists = vec![ListSync {
        list: CachedList::TrustList,
        outcome,
        issued_at: Some(signed.issued_at),
        last_synced: Some(now),
    }];

    // Each issuer key's status list.
    let mut kids: Vec<u16> = signed.trust_list.issuers.iter().map(|i| i.kid).collect();
    kids.sort_unstable();
    kids.dedup();
    let mut status_states = BTreeMap::new();
    for kid in &kids {
        let kid = *kid;
        let url = match signed.status_list_urls.get(&kid) {
            Some(url) if url.starts_with('/') => join(server_url, url),
            Some(url) => url.clone(),
            None => join(server_url, &format!("/status-lists/{}", kid_text(kid))),
        };
        let old_state = old
            .as_ref()
            .and_then(|s| s.status_lists.get(&kid))
            .filter(|s| s.url == url);
        let path = status_list_path(dir, kid);
        let held = read_optional(&path)?;
        let result = fetch_list(
            &http,
            &url,
            held.as_deref(),
            old_state.and_then(|s| s.etag.as_deref()),
        )
        .await
        .map_err(|e| SyncError::from_http(Endpoint::StatusList, e))
        .and_then(|(body, etag, not_modified)| {
            let list = open_status_list(&body, kid, &signed.trust_list).map_err(|error| {
                SyncError::List {
                    list: CachedList::StatusList(kid),
                    error,
                }
            })?;
            Ok((body, etag, not_modified, list))
        });
        match result {
            Ok((body, etag, not_modified, list)) => {
                let outcome = outcome_of(not_modified, held.as_deref(), &body);
                if matches!(outcome, SyncOutcome::New | SyncOutcome::Changed) {
                    crate::fs::write_atomic(&path, body.as_bytes())?;
                }
                let changed_at = match (&outcome, old_state) {
                    (SyncOutcome::New | SyncOutcome::Changed, _) | (_, None) => now,
                    (_, Some(s)) => s.changed_at,
                };
                status_states.insert(
                    kid,
                    ListState {
                        url,
                        etag,
                        issued_at: list.issued_at(),
                        synced_at: now,
                        changed_at,
                    },
                );
                lists.push(ListSync {
                    list: CachedList::StatusList(kid),
                    outcome,
                    issued_at: Some(list.issued_at()),
                    last_synced: Some(now),
                });
            }
            Err(error) => {
                // Keep what was held; it is checked again on load.
                let kept = old.as_ref().and_then(|s| s.status_lists.get(&kid)).cloned();
                lists.push(ListSync {
                    list: CachedList::StatusList(kid),
                    outcome: SyncOutcome::Failed(error),
                    issued_at: kept.as_ref().map(|s| s.issued_at),
                    last_synced: kept.as_ref().map(|s| s.synced_at),
                });
                if let Some(kept) = kept {
                    status_states.insert(kid, kept);
                }
            }
        }
    }

    // Status lists of keys that left the trust list.
    let mut removed = Vec::new();
    if let Some(state) = &old {
        for kid in state.status_lists.keys() {
            if !kids.contains(kid) {
                removed.push(*kid);
            }
        }
    }
    for kid in &removed {
        match std::fs::remove_file(status_list_path(dir, *kid)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }

    let state = CacheState {
        format: STATE_FORMAT.to_owned(),
        version: STATE_VERSION,
        server: server_url.to_owned(),
        anchor: anchor.to_hex(),
        anchor_pinned_at: old.as_ref().map_or(now, |s| s.anchor_pinned_at),
        trust_list: Some(trust_state),
        status_lists: status_states,
    };
    let json = serde_json::to_vec_pretty(&state)
        .map_err(|_| SyncError::Cache("state.json cannot be written"))?;
    crate::fs::write_atomic(&dir.join(STATE_FILE), &json)?;

    Ok(SyncReport {
        server: server_url.to_owned(),
        anchor,
        anchor_pinned_now,
        synced_at: now,
        lists,
        removed,
    })
}

fn outcome_of(not_modified: bool, held: Option<&str>, body: &str) -> SyncOutcome {
    match (not_modified, held) {
        (true, _) => SyncOutcome::NotModified,
        (false, None) => SyncOutcome::New,
        (false, Some(held)) if held.trim() == body.trim() => SyncOutcome::Unchanged,
        (false, Some(_)) => SyncOutcome::Changed,
    }
}

/// How old a cached list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListAge {
    /// Which list.
    pub list: CachedList,
    /// When it was signed.
    pub issued_at: OffsetDateTime,
    /// Time since it was signed (what the verifier's policy looks at for
    /// status lists).
    pub age: Duration,
    /// When the server last confirmed it.
    pub synced_at: OffsetDateTime,
    /// Time since then.
    pub since_sync: Duration,
    /// When the copy held was first stored.
    pub changed_at: OffsetDateTime,
}

/// A loaded verifier cache: the verified trust list and status lists, and
/// when each was signed and synced.
#[derive(Debug, Clone)]
pub struct VerifierCache {
    /// The trust list and the status lists that verified, for
    /// [`crate::verifier::verify`].
    pub data: VerifierData,
    /// The server last synced from.
    pub server: String,
    /// The pinned trust anchor.
    pub anchor: PublicKey,
    /// When the trust list was signed.
    pub trust_list_issued_at: OffsetDateTime,
    /// Status list files that no longer verify, left out of `data`.
    pub refused: Vec<(u16, SignedListError)>,
    trust_list_state: ListState,
    status_list_states: BTreeMap<u16, ListState>,
}

impl VerifierCache {
    /// Loads the cache in `dir`, checking every signature again: the trust
    /// list against the pinned anchor, each status list against its key in
    /// the trust list. Works offline.
    pub fn load(dir: &Path) -> Result<Self, SyncError> {
        let state = CacheState::read(dir)?.ok_or(SyncError::NotSynced)?;
        let anchor = state.anchor()?;
        let trust_list_state = state.trust_list.clone().ok_or(SyncError::NotSynced)?;
        let jws = read_optional(&dir.join(TRUST_LIST_FILE))?.ok_or(SyncError::NotSynced)?;
        let signed = open_trust_list(&jws, &anchor).map_err(|error| SyncError::List {
            list: CachedList::TrustList,
            error,
        })?;
        let mut status_lists = Vec::new();
        let mut refused = Vec::new();
        let mut status_list_states = BTreeMap::new();
        for (kid, list_state) in &state.status_lists {
            let Some(jws) = read_optional(&status_list_path(dir, *kid))? else {
                continue;
            };
            match open_status_list(&jws, *kid, &signed.trust_list) {
                Ok(list) => {
                    status_lists.push(list);
                    status_list_states.insert(*kid, list_state.clone());
                }
                Err(e) => refused.push((*kid, e)),
            }
        }
        Ok(Self {
            data: VerifierData {
                trust_list: signed.trust_list,
                status_lists,
            },
            server: state.server,
            anchor,
            trust_list_issued_at: signed.issued_at,
            refused,
            trust_list_state,
            status_list_states,
        })
    }

    /// Each list's age at `now`: the trust list first, then the status lists.
    pub fn ages(&self, now: OffsetDateTime) -> Vec<ListAge> {
        let age = |list, issued_at: OffsetDateTime, state: &ListState| ListAge {
            list,
            issued_at,
            age: now - issued_at,
            synced_at: state.synced_at,
            since_sync: now - state.synced_at,
            changed_at: state.changed_at,
        };
        let mut out = vec![age(
            CachedList::TrustList,
            self.trust_list_issued_at,
            &self.trust_list_state,
        )];
        for list in &self.data.status_lists {
            if let Some(state) = self.status_list_states.get(&list.kid()) {
                out.push(age(
                    CachedList::StatusList(list.kid()),
                    list.issued_at(),
                    state,
                ));
            }
        }
        out
    }
}
