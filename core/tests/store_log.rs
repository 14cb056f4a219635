//! The activity log: filters, newest first, limits, retention, export.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod store_support;

use store_support::*;
use time::Duration;
use vidi_core::document::DocumentType;
use vidi_core::preset::Preset;
use vidi_core::store::{Activity, ActivityEvent, Disclose, LogFilter, Wallet};

/// A wallet with the reference citizen added at `now()` and one
/// presentation a day for ten days, alternating ID card and licence.
fn wallet_with_history(
    path: &std::path::Path,
) -> (
    Wallet,
    vidi_core::store::MemoryKeyProvider,
    Vec<vidi_core::store::DocumentId>,
) {
    let (mut wallet, key) = new_wallet(path);
    let ids = add_reference(&mut wallet, now());
    for day in 0..10 {
        let (id, preset) = if day % 2 == 0 {
            (&ids[0], Preset::CheckpointId)
        } else {
            (&ids[1], Preset::TrafficStop)
        };
        let audience = format!("verifier {day}");
        wallet
            .present(
                id,
                Disclose::Preset(preset),
                None,
                Some(&audience),
                now() + Duration::days(day) + Duration::hours(1),
            )
            .unwrap();
    }
    (wallet, key, ids)
}

#[test]
fn filters_select_by_time_kind_and_document_newest_first() {
    let (_dir, path) = temp_wallet_path();
    let (wallet, _, ids) = wallet_with_history(&path);
    let all = wallet.log(&LogFilter::default()).unwrap();
    assert_eq!(all.len(), 13);
    assert!(all.windows(2).all(|w| w[0].at >= w[1].at));
    assert_eq!(all[0].activity.audience.as_deref(), Some("verifier 9"));

    let presented = wallet
        .log(&LogFilter {
            event: Some(ActivityEvent::Presented),
            ..LogFilter::default()
        })
        .unwrap();
    assert_eq!(presented.len(), 10);

    let added = wallet
        .log(&LogFilter {
            event: Some(ActivityEvent::Added),
            ..LogFilter::default()
        })
        .unwrap();
    assert_eq!(added.len(), 3);

    let licence = wallet
        .log(&LogFilter {
            document_id: Some(ids[1].clone()),
            ..LogFilter::default()
        })
        .unwrap();
    assert_eq!(licence.len(), 6);
    assert!(
        licence
            .iter()
            .all(|e| e.activity.document_type == Some(DocumentType::DrivingLicence))
    );

    let window = wallet
        .log(&LogFilter {
            from: Some(now() + Duration::days(2)),
            until: Some(now() + Duration::days(5)),
            ..LogFilter::default()
        })
        .unwrap();
    let audiences: Vec<_> = window
        .iter()
        .map(|e| e.activity.audience.clone().unwrap())
        .collect();
    assert_eq!(audiences, ["verifier 4", "verifier 3", "verifier 2"]);

    let last_two_id_card = wallet
        .log(&LogFilter {
            event: Some(ActivityEvent::Presented),
            document_id: Some(ids[0].clone()),
            limit: Some(2),
            ..LogFilter::default()
        })
        .unwrap();
    assert_eq!(last_two_id_card.len(), 2);
    assert_eq!(
        last_two_id_card[0].activity.audience.as_deref(),
        Some("verifier 8")
    );
    assert_eq!(
        last_two_id_card[0].activity.preset,
        Some(Preset::CheckpointId)
    );
    assert_eq!(
        last_two_id_card[0].activity.claims,
        ["personal_id_number", "full_name", "date_of_birth"]
    );
}

#[test]
fn retention_deletes_old_entries_when_set_on_append_and_on_unlock() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key, _) = wallet_with_history(&path);
    assert_eq!(wallet.log_retention().unwrap(), None);

    // Keep 7 days as of day 10: entries before day 3 go.
    let day10 = now() + Duration::days(10);
    let deleted = wallet.set_log_retention(Some(7), day10).unwrap();
    assert_eq!(deleted, 3 + 3);
    assert_eq!(wallet.log(&LogFilter::default()).unwrap().len(), 7);
    assert_eq!(wallet.log_retention().unwrap(), Some(7));

    // Appending on day 12 prunes what is older than day 5.
    let day12 = now() + Duration::days(12);
    wallet
        .record_activity(&Activity::new(ActivityEvent::Restored), day12)
        .unwrap();
    assert_eq!(wallet.log(&LogFilter::default()).unwrap().len(), 5 + 1);

    // Unlocking on day 15 prunes again; the setting survives lock and reopen.
    drop(wallet);
    let mut wallet = Wallet::open(&path).unwrap();
    let report = wallet.unlock_at(&key, now() + Duration::days(15)).unwrap();
    assert_eq!(report.log_entries_expired, 3);
    assert_eq!(wallet.log_retention().unwrap(), Some(7));
    assert_eq!(wallet.log(&LogFilter::default()).unwrap().len(), 3);

    // Back to keeping everything.
    wallet
        .set_log_retention(None, now() + Duration::days(400))
        .unwrap();
    assert_eq!(wallet.log(&LogFilter::default()).unwrap().len(), 3);
}

#[test]
fn export_is_readable_json_for_the_citizen() {
    let (_dir, path) = temp_wallet_path();
    let (wallet, _, ids) = wallet_with_history(&path);
    let json: serde_json::Value = serde_json::from_str(&wallet.export_log().unwrap()).unwrap();
    assert_eq!(json["format"], "vidi-activity-log");
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 13);
    let newest = &entries[0];
    assert_eq!(newest["event"], "presented");
    assert_eq!(newest["preset"], "traffic-stop");
    assert_eq!(newest["audience"], "verifier 9");
    assert_eq!(newest["document_id"], ids[1].as_str());
    assert_eq!(newest["document_type"], "dl");
    assert_eq!(newest["at"], "2026-06-10T09:00:00Z");
    assert_eq!(newest["claims"][1], "full_name");
    assert_eq!(entries[12]["event"], "added");
}

#[test]
fn activities_can_be_recorded_while_locked() {
    let (_dir, path) = temp_wallet_path();
    let (mut wallet, key) = new_wallet(&path);
    wallet.lock();
    let mut activity = Activity::new(ActivityEvent::Added);
    activity.while_locked = true;
    wallet.record_activity(&activity, now()).unwrap();
    wallet.unlock_at(&key, now()).unwrap();
    let log = wallet.log(&LogFilter::default()).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].activity, activity);
}
