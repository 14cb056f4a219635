//! Documents' last-known status from a verifier's cached status lists,
//! offline: what the wallet shows as "valid", "suspended" or "revoked"
//! between issuances.

use time::OffsetDateTime;

use super::Wallet;
use super::documents::{DocumentStatus, DocumentSummary, DocumentView};
use super::error::Result;
use crate::trust::{Status, StatusList};
use crate::verifier::Policy;

/// A document's status from `lists` at `now`, and the moment it is as of
/// (when the oldest list used was signed): the worst of its credentials'
/// statuses (revoked, then suspended, then valid). `None` when no
/// credential's list is there and usable: missing, older than the policy's
/// `max_status_age`, signed too far in the future, or silent on the index.
pub(crate) fn status_from_lists(
    view: &DocumentView,
    lists: &[StatusList],
    now: OffsetDateTime,
    policy: &Policy,
) -> Option<(DocumentStatus, OffsetDateTime)> {
    let mut worst: Option<(DocumentStatus, OffsetDateTime)> = None;
    for credential in &view.credentials {
        let Some(list) = lists.iter().find(|l| l.kid() == credential.kid) else {
            continue;
        };
        let age = now - list.issued_at();
        if age > policy.max_status_age || -age > policy.max_future {
            continue;
        }
        let status = match list.get(credential.status_index) {
            Some(Status::Valid) => DocumentStatus::Valid,
            Some(Status::Suspended) => DocumentStatus::Suspended,
            Some(Status::Revoked) => DocumentStatus::Revoked,
            Some(Status::Other(_)) | None => continue,
        };
        worst = Some(match worst {
            None => (status, list.issued_at()),
            Some((held, as_of)) => (
                if severity(status) > severity(held) {
                    status
                } else {
                    held
                },
                as_of.min(list.issued_at()),
            ),
        });
    }
    worst
}

fn severity(status: DocumentStatus) -> u8 {
    match status {
        DocumentStatus::Unknown => 0,
        DocumentStatus::Valid => 1,
        DocumentStatus::Suspended => 2,
        DocumentStatus::Revoked => 3,
    }
}

impl Wallet {
    /// Sets each document's last-known status from the verifier's cached
    /// `lists` at `now` (see [`status_from_lists`]); a document none of
    /// whose lists is usable, or whose status was learned later than the
    /// lists were signed, is left as it is, and so is a damaged one (see
    /// [`Wallet::list_documents_checked`]). Returns every readable
    /// document's summary afterwards. Needs the wallet unlocked; fetches nothing.
    pub fn update_status(
        &mut self,
        lists: &[StatusList],
        now: OffsetDateTime,
        policy: &Policy,
    ) -> Result<Vec<DocumentSummary>> {
        for summary in self.list_documents_checked()?.documents {
            let view = match self.document(&summary.id) {
                Ok(view) => view,
                // A damaged credential: listed as damaged elsewhere.
                Err(e) if e.is_damaged_record() => continue,
                Err(e) => return Err(e),
            };
            let Some((status, as_of)) = status_from_lists(&view, lists, now, policy) else {
                continue;
            };
            let known = summary.status;
            let newer = known.learned_at.is_none_or(|at| at < as_of);
            if newer || (known.learned_at == Some(as_of) && known.status != status) {
                self.set_status(&summary.id, status, as_of)?;
            }
        }
        Ok(self.list_documents_checked()?.documents)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use time::Duration;

    use super::*;
    use crate::store::{CitizenDocuments, MemoryKeyProvider};

    /// A wallet holding the reference citizen's three documents from the
    /// test issuer, and when they were added.
    fn wallet(dir: &std::path::Path) -> (Wallet, OffsetDateTime) {
        let mut wallet = Wallet::create(dir.join("w.db"), &MemoryKeyProvider::generate()).unwrap();
        let now = OffsetDateTime::now_utc();
        let issuer = crate::sample::test_issuer().unwrap();
        wallet
            .add_sample_citizen(&issuer, CitizenDocuments::reference().unwrap(), now)
            .unwrap();
        (wallet, now)
    }

    fn list_with(view: &DocumentView, status: Status, at: OffsetDateTime) -> StatusList {
        let credential = &view.credentials[0];
        let len = view
            .credentials
            .iter()
            .map(|c| c.status_index)
            .max()
            .unwrap()
            + 1;
        let mut list = StatusList::new(credential.kid, 2, len as usize, at).unwrap();
        assert!(list.set(credential.status_index, status));
        list
    }

    #[test]
    fn the_worst_credential_status_wins_and_old_lists_are_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let (mut wallet, now) = wallet(dir.path());
        let documents = wallet.list_documents().unwrap();
        let id = &documents[0].id;
        let view = wallet.document(id).unwrap();
        let policy = Policy::default();

        // Nothing cached, or only another issuer key's list: nothing changes.
        assert_eq!(wallet.update_status(&[], now, &policy).unwrap(), documents);
        let kid = view.credentials[0].kid;
        let other = StatusList::new(kid.wrapping_add(1), 2, 1 << 16, now).unwrap();
        assert_eq!(
            wallet.update_status(&[other], now, &policy).unwrap(),
            documents
        );

        // A list from three days ago is too old to use.
        let stale = list_with(&view, Status::Revoked, now - Duration::days(3));
        let after = wallet.update_status(&[stale], now, &policy).unwrap();
        assert_eq!(after[0].status, documents[0].status);

        // One credential suspended in a fresh list: the document is suspended.
        let at = now - Duration::hours(1);
        let suspended = list_with(&view, Status::Suspended, at);
        let after = wallet.update_status(&[suspended], now, &policy).unwrap();
        assert_eq!(after[0].status.status, DocumentStatus::Suspended);
        assert_eq!(
            after[0].status.learned_at.map(|t| t.unix_timestamp()),
            Some(at.unix_timestamp())
        );
        // A newer list revokes it.
        let revoked = list_with(&view, Status::Revoked, now);
        let after = wallet.update_status(&[revoked], now, &policy).unwrap();
        assert_eq!(after[0].status.status, DocumentStatus::Revoked);

        // An older list than the status held does not undo it.
        let older = list_with(&view, Status::Valid, at);
        let after = wallet.update_status(&[older], now, &policy).unwrap();
        assert_eq!(after[0].status.status, DocumentStatus::Revoked);
    }

    #[test]
    fn every_credential_counts() {
        let dir = tempfile::tempdir().unwrap();
        let (wallet, now) = wallet(dir.path());
        let id = &wallet.list_documents().unwrap()[0].id;
        let view = wallet.document(id).unwrap();
        assert!(
            view.credentials.len() > 1,
            "the sample ID card has age credentials"
        );
        let policy = Policy::default();
        let mut list = list_with(&view, Status::Valid, now);
        let last = view.credentials.last().unwrap();
        assert_eq!(last.kid, view.credentials[0].kid);
        assert_eq!(
            status_from_lists(&view, std::slice::from_ref(&list), now, &policy).map(|(s, _)| s),
            Some(DocumentStatus::Valid)
        );
        assert!(list.set(last.status_index, Status::Revoked));
        assert_eq!(
            status_from_lists(&view, &[list], now, &policy).map(|(s, _)| s),
            Some(DocumentStatus::Revoked)
        );
        let future = list_with(&view, Status::Valid, now + Duration::hours(1));
        assert_eq!(status_from_lists(&view, &[future], now, &policy), None);
    }
}
