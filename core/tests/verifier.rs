//! Verifier rules that the vectors cannot carry: status lists dated in the
//! future, policy windows at their edges.
#![allow(clippy::unwrap_used, missing_docs)]

use time::Duration;
use vidi_core::preset::Preset;
use vidi_core::sample::{sample_proof, test_verifier_data, vector_time};
use vidi_core::trust::StatusList;
use vidi_core::verifier::{Policy, RejectReason, StatusProblem, verify};

#[test]
fn a_status_list_from_the_future_is_not_trusted() {
    let now = vector_time();
    let proof = sample_proof(Preset::CheckpointId, 1, now).unwrap();
    let mut data = test_verifier_data(now).unwrap();
    let kid = data.status_lists[0].kid();
    data.status_lists = vec![StatusList::new(kid, 2, 4096, now + Duration::days(3650)).unwrap()];
    assert_eq!(
        verify(
            &proof,
            &data.trust_list,
            &data.status_lists,
            now,
            &Policy::default()
        ),
        Err(RejectReason::StatusUnknown(StatusProblem::FromFuture))
    );
    // Within the clock tolerance it is fine.
    data.status_lists = vec![StatusList::new(kid, 2, 4096, now + Duration::seconds(20)).unwrap()];
    assert!(
        verify(
            &proof,
            &data.trust_list,
            &data.status_lists,
            now,
            &Policy::default()
        )
        .is_ok()
    );
}

#[test]
fn freshness_window_edges() {
    let now = vector_time();
    let proof = sample_proof(Preset::Age18, 2, now).unwrap();
    let data = test_verifier_data(now).unwrap();
    let policy = Policy::default();
    let at = |offset: i64| {
        verify(
            &proof,
            &data.trust_list,
            &data.status_lists,
            now + Duration::seconds(offset),
            &policy,
        )
    };
    assert!(at(60).is_ok(), "exactly max age is still fresh");
    assert_eq!(at(61), Err(RejectReason::TooOld { age_seconds: 61 }));
    assert!(at(-30).is_ok(), "exactly max future is tolerated");
    assert_eq!(at(-31), Err(RejectReason::FromFuture { ahead_seconds: 31 }));
    let stale_ok = test_verifier_data(now - Duration::hours(48)).unwrap();
    assert!(
        verify(
            &proof,
            &stale_ok.trust_list,
            &stale_ok.status_lists,
            now,
            &policy
        )
        .is_ok()
    );
    let stale = test_verifier_data(now - Duration::hours(48) - Duration::seconds(1)).unwrap();
    assert!(matches!(
        verify(&proof, &stale.trust_list, &stale.status_lists, now, &policy),
        Err(RejectReason::StatusUnknown(StatusProblem::TooOld { .. }))
    ));
}
