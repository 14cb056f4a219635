//! The verifier cache against a tiny axum server on loopback that serves a
//! signed trust list and status lists with ETags: anchor pinning, 304s,
//! changes, removal, tampering and offline loads.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use time::OffsetDateTime;
use vidi_core::document::DocumentType;
use vidi_core::keys::IssuerKey;
use vidi_core::oid4vci::{STATUS_LIST_JWT_TYP, TRUST_LIST_JWT_TYP, jwk, sign_with_issuer};
use vidi_core::sync::{
    CachedList, STATE_FILE, STATUS_LISTS_DIR, SyncError, SyncOptions, SyncOutcome, TRUST_LIST_FILE,
    VerifierCache, sync, sync_with,
};
use vidi_core::trust::{SignedListError, Status, StatusList, TrustList, TrustedIssuer};

/// The test server's world: an anchor, issuer keys, their status lists.
struct World {
    anchor: IssuerKey,
    issuers: Vec<IssuerKey>,
    lists: BTreeMap<u16, StatusList>,
    iat: i64,
    /// Requests that carried If-None-Match, by path.
    conditional: Vec<String>,
    /// Requests by path.
    requests: Vec<String>,
}

type Shared = Arc<Mutex<World>>;

fn trust_list(world: &World) -> TrustList {
    TrustList {
        issuers: world
            .issuers
            .iter()
            .map(|k| TrustedIssuer {
                kid: k.kid(),
                name: "Test issuer".into(),
                public_key: k.public_key(),
                document_types: DocumentType::ALL.to_vec(),
                valid_from: OffsetDateTime::UNIX_EPOCH,
                valid_until: None,
            })
            .collect(),
        facilities: Vec::new(),
        attesters: Vec::new(),
    }
}

fn trust_list_jws(world: &World, base: &str) -> String {
    let urls: BTreeMap<String, String> = world
        .issuers
        .iter()
        .map(|k| {
            (
                k.kid().to_string(),
                format!("{base}/status-lists/{}", k.kid()),
            )
        })
        .collect();
    sign_with_issuer(
        json!({"typ": TRUST_LIST_JWT_TYP, "jwk": jwk(&world.anchor.public_key()).unwrap()}),
        &json!({"iat": world.iat, "trust_list": trust_list(world), "status_lists": urls}),
        &world.anchor,
    )
    .unwrap()
}

fn status_list_jws(world: &World, kid: u16) -> Option<String> {
    let key = world.issuers.iter().find(|k| k.kid() == kid)?;
    let list = world.lists.get(&kid)?;
    let iat = list.issued_at().unix_timestamp();
    Some(
        sign_with_issuer(
            json!({"typ": STATUS_LIST_JWT_TYP, "kid": kid.to_string()}),
            &json!({
                "sub": format!("/status-lists/{kid}"),
                "iat": iat,
                "exp": iat + 86400,
                "ttl": 3600,
                "status_list": {"bits": list.bits(), "lst": list.lst()},
            }),
            key,
        )
        .unwrap(),
    )
}

/// A JWS with a strong ETag; 304 when If-None-Match has it.
fn conditional(world: &mut World, path: &str, headers: &HeaderMap, body: String) -> Response {
    world.requests.push(path.to_owned());
    let etag = format!("\"{}\"", hex::encode(&sha2_digest(body.as_bytes())[..8]));
    if let Some(given) = headers.get(header::IF_NONE_MATCH) {
        world.conditional.push(path.to_owned());
        if given.to_str().ok() == Some(etag.as_str()) {
            return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
        }
    }
    (
        [
            (header::ETAG, etag),
            (header::CONTENT_TYPE, "application/jwt".to_owned()),
        ],
        body,
    )
        .into_response()
}

fn sha2_digest(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).to_vec()
}

async fn anchor(State((world, _)): State<(Shared, String)>) -> Response {
    let world = world.lock().unwrap();
    axum::Json(jwk(&world.anchor.public_key()).unwrap()).into_response()
}

async fn trust(State((world, base)): State<(Shared, String)>, headers: HeaderMap) -> Response {
    let mut world = world.lock().unwrap();
    let body = trust_list_jws(&world, &base);
    conditional(&mut world, "/trust-list", &headers, body)
}

async fn status(
    State((world, _)): State<(Shared, String)>,
    Path(kid): Path<u16>,
    headers: HeaderMap,
) -> Response {
    let mut world = world.lock().unwrap();
    match status_list_jws(&world, kid) {
        Some(body) => conditional(&mut world, &format!("/status-lists/{kid}"), &headers, body),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn key(kid: u16, seed: &str) -> IssuerKey {
    IssuerKey::from_seed(kid, seed.as_bytes()).unwrap()
}

async fn serve() -> (String, Shared) {
    let now = OffsetDateTime::now_utc();
    let issuers = vec![key(1, "issuer-1"), key(2, "issuer-2")];
    let lists = issuers
        .iter()
        .map(|k| (k.kid(), StatusList::new(k.kid(), 2, 64, now).unwrap()))
        .collect();
    let world = Arc::new(Mutex::new(World {
        anchor: key(0, "anchor"),
        issuers,
        lists,
        iat: now.unix_timestamp(),
        conditional: Vec::new(),
        requests: Vec::new(),
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/trust-anchor", get(anchor))
        .route("/trust-list", get(trust))
        .route("/status-lists/{kid}", get(status))
        .with_state((world.clone(), base.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, world)
}

fn outcome(report: &vidi_core::sync::SyncReport, list: CachedList) -> &SyncOutcome {
    &report
        .lists
        .iter()
        .find(|l| l.list == list)
        .unwrap_or_else(|| panic!("{list} not in the report"))
        .outcome
}

#[tokio::test]
async fn first_sync_pins_the_anchor_and_keeps_verified_lists() {
    let (base, world) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let report = sync(&base, dir.path()).await.unwrap();
    assert!(report.anchor_pinned_now);
    assert!(report.is_complete());
    assert_eq!(report.lists.len(), 3);
    for l in &report.lists {
        assert!(matches!(l.outcome, SyncOutcome::New), "{}", l.list);
    }
    assert!(dir.path().join(TRUST_LIST_FILE).exists());
    assert!(dir.path().join(STATUS_LISTS_DIR).join("1.jws").exists());
    assert!(dir.path().join(STATE_FILE).exists());

    let cache = VerifierCache::load(dir.path()).unwrap();
    assert_eq!(cache.anchor, world.lock().unwrap().anchor.public_key());
    assert_eq!(cache.data.trust_list.issuers.len(), 2);
    assert_eq!(cache.data.status_lists.len(), 2);
    assert!(cache.refused.is_empty());
    let now = OffsetDateTime::now_utc();
    let ages = cache.ages(now);
    assert_eq!(ages.len(), 3);
    assert_eq!(ages[0].list, CachedList::TrustList);
    assert!(ages.iter().all(|a| a.since_sync.whole_seconds() < 60));
    assert!(ages.iter().all(|a| a.age.whole_seconds() < 60));

    // No request in the first sync was conditional; every one in the second is, and 304s.
    assert!(world.lock().unwrap().conditional.is_empty());
    let again = sync(&base, dir.path()).await.unwrap();
    assert!(!again.anchor_pinned_now);
    for l in &again.lists {
        assert!(matches!(l.outcome, SyncOutcome::NotModified), "{}", l.list);
        assert!(l.last_synced.is_some());
    }
    assert_eq!(world.lock().unwrap().conditional.len(), 3);
    // Still loads; the 304 counts as a sync.
    let cache = VerifierCache::load(dir.path()).unwrap();
    assert!(cache.ages(OffsetDateTime::now_utc())[0].synced_at >= report.synced_at);
}

#[tokio::test]
async fn a_revocation_arrives_with_the_next_sync() {
    let (base, world) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    sync(&base, dir.path()).await.unwrap();
    {
        let mut w = world.lock().unwrap();
        let list = w.lists.get_mut(&2).unwrap();
        list.set(5, Status::Revoked);
        list.reissue(OffsetDateTime::now_utc());
    }
    let report = sync(&base, dir.path()).await.unwrap();
    assert!(matches!(
        outcome(&report, CachedList::TrustList),
        SyncOutcome::NotModified
    ));
    assert!(matches!(
        outcome(&report, CachedList::StatusList(1)),
        SyncOutcome::NotModified
    ));
    assert!(matches!(
        outcome(&report, CachedList::StatusList(2)),
        SyncOutcome::Changed
    ));
    let cache = VerifierCache::load(dir.path()).unwrap();
    assert_eq!(
        cache.data.status_list(2).unwrap().get(5),
        Some(Status::Revoked)
    );
    assert_eq!(
        cache.data.status_list(1).unwrap().get(5),
        Some(Status::Valid)
    );
}

#[tokio::test]
async fn a_new_anchor_is_refused_and_the_cache_kept() {
    let (base, world) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    sync(&base, dir.path()).await.unwrap();
    let before = std::fs::read(dir.path().join(TRUST_LIST_FILE)).unwrap();
    let state_before = std::fs::read(dir.path().join(STATE_FILE)).unwrap();
    {
        let mut w = world.lock().unwrap();
        w.anchor = key(0, "another anchor");
        w.iat += 1;
    }
    let error = sync(&base, dir.path()).await.unwrap_err();
    assert!(matches!(error, SyncError::AnchorChanged), "{error}");
    assert_eq!(
        std::fs::read(dir.path().join(TRUST_LIST_FILE)).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read(dir.path().join(STATE_FILE)).unwrap(),
        state_before
    );
    VerifierCache::load(dir.path()).unwrap();

    // A fresh cache given the old anchor out of band refuses the server's new one.
    let other = tempfile::tempdir().unwrap();
    let options = SyncOptions {
        anchor: Some(key(0, "anchor").public_key()),
        ..SyncOptions::default()
    };
    let error = sync_with(&base, other.path(), &options).await.unwrap_err();
    assert!(matches!(error, SyncError::AnchorChanged), "{error}");
}

#[tokio::test]
async fn a_key_leaving_the_trust_list_takes_its_status_list_along() {
    let (base, world) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    sync(&base, dir.path()).await.unwrap();
    {
        let mut w = world.lock().unwrap();
        w.issuers.retain(|k| k.kid() != 1);
        w.iat += 1;
    }
    let report = sync(&base, dir.path()).await.unwrap();
    assert!(matches!(
        outcome(&report, CachedList::TrustList),
        SyncOutcome::Changed
    ));
    assert_eq!(report.removed, vec![1]);
    assert!(!dir.path().join(STATUS_LISTS_DIR).join("1.jws").exists());
    let cache = VerifierCache::load(dir.path()).unwrap();
    assert_eq!(cache.data.status_lists.len(), 1);
    assert!(cache.data.status_list(1).is_none());
}

#[tokio::test]
async fn tampered_files_are_refused_on_load() {
    let (base, _world) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    sync(&base, dir.path()).await.unwrap();

    // A status list signed by another key than its issuer's.
    let forged = sign_with_issuer(
        json!({"typ": STATUS_LIST_JWT_TYP, "kid": "2"}),
        &json!({"iat": 1, "status_list": {"bits": 2, "lst": "eNoDAAAAAAE"}}),
        &key(2, "not the issuer"),
    )
    .unwrap();
    std::fs::write(dir.path().join(STATUS_LISTS_DIR).join("2.jws"), forged).unwrap();
    let cache = VerifierCache::load(dir.path()).unwrap();
    assert!(cache.data.status_list(2).is_none());
    assert_eq!(cache.refused.len(), 1);
    assert_eq!(cache.refused[0].0, 2);

    // A trust list signed by another key than the pinned anchor.
    let mut world = World {
        anchor: key(0, "impostor"),
        issuers: vec![key(9, "impostor issuer")],
        lists: BTreeMap::new(),
        iat: 1,
        conditional: Vec::new(),
        requests: Vec::new(),
    };
    let jws = trust_list_jws(&world, &base);
    world.iat = 2;
    std::fs::write(dir.path().join(TRUST_LIST_FILE), jws).unwrap();
    match VerifierCache::load(dir.path()) {
        Err(SyncError::List {
            list: CachedList::TrustList,
            error: SignedListError::AnchorMismatch,
        }) => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn no_server_is_a_network_error_and_the_cache_still_loads() {
    let (base, _world) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    sync(&base, dir.path()).await.unwrap();
    // A port nothing listens on.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gone = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let error = sync(&gone, dir.path()).await.unwrap_err();
    assert!(
        matches!(
            error,
            SyncError::Network {
                problem: vidi_core::http::NetworkProblem::Connect,
                ..
            }
        ),
        "{error}"
    );
    assert!(!error.to_string().contains("127.0.0.1"), "no URL: {error}");
    VerifierCache::load(dir.path()).unwrap();
    assert!(matches!(
        VerifierCache::load(tempfile::tempdir().unwrap().path()),
        Err(SyncError::NotSynced)
    ));
    // Plain HTTP off loopback is refused before any request.
    let error = sync(
        "http://example.invalid",
        tempfile::tempdir().unwrap().path(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, SyncError::UnexpectedResponse { .. }),
        "{error}"
    );
}
