//! The documents list: every document of the wallet with its type, holder,
//! number as printed on its card, validity and one status badge.
//!
//! On entering and whenever the screen is shown again (back from a card,
//! an offer, a restore) it lists the documents again, after applying the
//! verifier's cached status lists offline (no cache before the first sync
//! is not an error). "Update status" (pull to refresh) first syncs that
//! cache from the issuer, then applies it and lists. A status is as of
//! when its list was signed, so "Status checked 5 minutes ago" counts from
//! then, from the document checked longest ago.
//!
//! The badge rule ([`StatusBadge::of`]: pending, revoked, expired,
//! suspended, needs re-binding, valid, unknown, the most pressing first),
//! the validity line and the type names live here once; the card screen
//! ([`super::detail`]) uses them too.

use time::{Date, OffsetDateTime};
use vidi_core::card;
use vidi_core::document::DocumentType;
use vidi_core::store::{self, DocumentStatus, DocumentSummary, StoreError};
use vidi_core::sync::SyncError;
use vidi_core::verifier::Policy;

use super::{Command, Ctx, Done as AnyDone, Screen, Session, VerifierCaches};
use crate::nav::Route;
use crate::platform::Platform;
use crate::problem::Problem;
use crate::words::{Language, Str, age, date, t, type_name, vietnam};

/// What the user does on the documents list.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DocumentsEvent {
    /// List the documents again (offline: the cached status lists applied).
    Refresh,
    /// Pull to refresh / "Update status": sync the status lists from the
    /// issuer, apply them, list.
    UpdateStatus,
    /// A row was tapped: its card.
    Open {
        /// The document.
        id: String,
    },
    /// "Delete damaged documents": asks to confirm.
    AskDeleteDamaged,
    /// The confirmation was declined.
    CancelDeleteDamaged,
    /// Deletion of the damaged documents confirmed (nothing without
    /// [`DocumentsEvent::AskDeleteDamaged`] first).
    DeleteDamaged,
}

/// The colour family of a badge or verdict: the shell picks the colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Tone {
    /// All is well (green).
    Good,
    /// Needs attention (orange).
    Caution,
    /// Cannot be used (red).
    Bad,
    /// Not known (grey).
    Neutral,
}

/// A document's state as one badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum StatusBadge {
    /// Valid as of the last status list.
    Valid,
    /// Suspended by the issuer.
    Suspended,
    /// Revoked by the issuer.
    Revoked,
    /// Past its expiry date.
    Expired,
    /// The status was never learned.
    Unknown,
    /// Received while the wallet was locked, not merged yet.
    Pending,
    /// Restored from a backup: it must be re-bound before it can be shown.
    NeedsRebinding,
}

impl StatusBadge {
    /// The badge of `document` on `today` (Vietnam's calendar), the most
    /// pressing first: pending, revoked, expired, suspended, needs
    /// re-binding, valid, unknown.
    pub fn of(document: &DocumentSummary, today: Date) -> Self {
        match document.status.status {
            _ if document.pending => Self::Pending,
            DocumentStatus::Revoked => Self::Revoked,
            _ if expired(document, today) => Self::Expired,
            DocumentStatus::Suspended => Self::Suspended,
            _ if document.needs_rebinding => Self::NeedsRebinding,
            DocumentStatus::Valid => Self::Valid,
            DocumentStatus::Unknown => Self::Unknown,
        }
    }

    /// Its colour family.
    pub fn tone(self) -> Tone {
        match self {
            Self::Valid => Tone::Good,
            Self::Suspended | Self::NeedsRebinding => Tone::Caution,
            Self::Revoked | Self::Expired => Tone::Bad,
            Self::Unknown | Self::Pending => Tone::Neutral,
        }
    }

    /// Its words.
    pub fn words(self, language: Language) -> String {
        let text = match self {
            Self::Valid => Str::StatusValid,
            Self::Suspended => Str::StatusSuspended,
            Self::Revoked => Str::StatusRevoked,
            Self::Expired => Str::StatusExpired,
            Self::Unknown => Str::StatusUnknown,
            Self::Pending => Str::StatusPending,
            Self::NeedsRebinding => Str::StatusNeedsRebinding,
        };
        t(language, text, &[])
    }
}

/// Today in Vietnam, where documents' dates begin and end.
pub fn today(now: OffsetDateTime) -> Date {
    now.to_offset(vietnam()).date()
}

/// Whether `document`'s expiry date has passed on `today`.
pub fn expired(document: &DocumentSummary, today: Date) -> bool {
    document.valid_until.is_some_and(|until| until < today)
}

/// The validity line: "Có giá trị đến 14/05/2031" / "Valid until
/// 14/05/2031", "Đã hết hạn ngày …" / "Expired on …", or "Không thời
/// hạn" / "No expiry".
pub fn validity(document: &DocumentSummary, today: Date, language: Language) -> String {
    match document.valid_until {
        None => t(language, Str::DocumentsNoExpiry, &[]),
        Some(until) if expired(document, today) => {
            t(language, Str::DocumentsExpiredOn, &[&date(until)])
        }
        Some(until) => t(language, Str::DocumentsValidUntil, &[&date(until)]),
    }
}

/// How old the badges of `documents` are at `now`, from the one checked
/// longest ago (a status is as of when its list was signed): "Trạng thái
/// cập nhật 5 phút trước" / "Status checked 5 minutes ago", or never
/// checked if any was not. Pending documents have no status yet and do
/// not count; `None` with no other documents.
pub fn status_age<'a>(
    documents: impl IntoIterator<Item = &'a DocumentSummary>,
    now: OffsetDateTime,
    language: Language,
) -> Option<String> {
    let learned: Vec<Option<OffsetDateTime>> = documents
        .into_iter()
        .filter(|d| !d.pending)
        .map(|d| d.status.learned_at)
        .collect();
    if learned.is_empty() {
        return None;
    }
    if learned.iter().any(Option::is_none) {
        return Some(t(language, Str::DocumentsStatusNeverChecked, &[]));
    }
    let oldest = learned.into_iter().flatten().min()?;
    let seconds = (now - oldest).whole_seconds();
    Some(t(language, Str::StatusChecked, &[&age(seconds, language)]))
}

/// The card's theme for a document type.
pub fn theme(document_type: DocumentType) -> CardStyle {
    match document_type {
        DocumentType::NationalId => CardStyle::NationalId,
        DocumentType::DrivingLicence => CardStyle::DrivingLicence,
        DocumentType::HealthInsurance => CardStyle::HealthInsurance,
    }
}

/// Which card's look to draw (colours and emblem are the shell's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CardStyle {
    /// The identity card (căn cước).
    NationalId,
    /// The driving licence.
    DrivingLicence,
    /// The health insurance card.
    HealthInsurance,
}

/// A row of the list.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DocumentItem {
    /// The document's id, for [`DocumentsEvent::Open`].
    pub id: String,
    /// Its card's look (for the row's colour or icon).
    pub theme: CardStyle,
    /// "Thẻ căn cước" / "Identity card".
    pub type_name: String,
    /// The holder's full name.
    pub holder: String,
    /// The number as printed on the card (personal ID, licence or card
    /// number); `None` when it could not be read (a pending document).
    pub number: Option<String>,
    /// "Có giá trị đến 14/05/2031" / "Valid until 14/05/2031", "Expired on
    /// …", "No expiry".
    pub validity: String,
    /// The status badge.
    pub badge: StatusBadge,
    /// The badge's words.
    pub badge_text: String,
    /// The badge's colour family.
    pub tone: Tone,
    /// Received while locked, not merged yet.
    pub pending: bool,
    /// Past its expiry date.
    pub expired: bool,
    /// Restored from a backup: it must be re-bound before it can be shown.
    pub needs_rebinding: bool,
    /// What a screen reader says for the row.
    pub accessibility_label: String,
}

impl std::fmt::Debug for DocumentItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No name, number or dates in logs.
        f.debug_struct("DocumentItem")
            .field("id", &self.id)
            .field("theme", &self.theme)
            .field("badge", &self.badge)
            .field("pending", &self.pending)
            .field("expired", &self.expired)
            .field("needs_rebinding", &self.needs_rebinding)
            .finish_non_exhaustive()
    }
}

/// What the documents list draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DocumentsView {
    /// The rows, oldest document first.
    pub items: Vec<DocumentItem>,
    /// Listing (the rows already shown stay meanwhile).
    pub loading: bool,
    /// Why the documents could not be listed; the rows already shown stay.
    pub error: Option<String>,
    /// The empty state's words: only once listed without error and with
    /// nothing in the wallet.
    pub empty: Option<String>,
    /// Whether "Update status" does something now (not while it runs).
    pub can_update_status: bool,
    /// An update is running (sync, then the badges).
    pub status_updating: bool,
    /// The update's button: "Update status", "Updating status…" while it runs.
    pub update_status_label: String,
    /// How old the badges are: "Status checked 5 minutes ago", or
    /// "Document status never checked"; `None` with no documents.
    pub status_age: Option<String>,
    /// Why the status could not be updated (offline, say), in words; the
    /// rows and their badges stay.
    pub status_error: Option<String>,
    /// The documents whose stored data is damaged and cannot be read (the
    /// rows are the others), with a way to delete them; `None` when all read.
    pub damaged: Option<DamagedDocuments>,
    /// The button that opens the sign-in screen, which scans an online
    /// service's QR code (`Event::Open` with `Route::Present`): "Sign in
    /// to a service"; `None` with no documents to share.
    pub sign_in_label: Option<String>,
}

/// The documents that cannot be read, and how to delete them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DamagedDocuments {
    /// "2 documents cannot be read …: 1a2b3c4d, 5e6f7a8b. …"
    pub text: String,
    /// Their ids (random, not personal data).
    pub ids: Vec<String>,
    /// "Xoá giấy tờ bị hỏng" / "Delete damaged documents".
    pub delete_label: String,
    /// The confirmation's question, while asking.
    pub delete_question: Option<String>,
    /// The confirming button ("Deleting…" while it runs).
    pub confirm_delete_label: String,
    /// The button that declines.
    pub cancel_label: String,
    /// The deletion is running.
    pub deleting: bool,
}

/// A task's result.
pub enum Done {
    /// The documents were listed (after applying the cached lists).
    Listed(Result<Listing, Problem>),
    /// "Update status" ended: the sync's failure, if any, and the list.
    Updated {
        /// Why the sync failed.
        sync: Option<Problem>,
        /// The list read after it.
        listed: Result<Listing, Problem>,
    },
    /// The damaged documents were deleted (or not).
    DeletedDamaged(Result<(), Problem>),
}

/// The documents as read, and why the cached lists could not be applied.
pub struct Listing {
    rows: Vec<Row>,
    damaged: Vec<String>,
    apply_failure: Option<Problem>,
}

/// A document as listed, with its number from its card.
#[derive(Clone)]
struct Row {
    summary: DocumentSummary,
    number: Option<String>,
}

/// The documents list.
pub struct State {
    rows: Vec<Row>,
    damaged: Vec<String>,
    confirm_delete: bool,
    deleting: bool,
    listed: bool,
    listing: u32,
    failure: Option<Problem>,
    apply_failure: Option<Problem>,
    sync_failure: Option<Problem>,
    status_updating: bool,
}

impl State {
    /// The list, being read.
    pub fn enter(ctx: &Ctx) -> (Self, Vec<Command>) {
        let mut state = Self {
            rows: Vec::new(),
            damaged: Vec::new(),
            confirm_delete: false,
            deleting: false,
            listed: false,
            listing: 0,
            failure: None,
            apply_failure: None,
            sync_failure: None,
            status_updating: false,
        };
        let commands = state.refresh(ctx);
        (state, commands)
    }

    /// Lists again, after applying the cached status lists.
    fn refresh(&mut self, ctx: &Ctx) -> Vec<Command> {
        let Some(session) = ctx.session.cloned() else {
            return Vec::new();
        };
        self.listing += 1;
        let caches = ctx.verifier.clone();
        let platform = ctx.platform.clone();
        vec![Command::task(async move {
            AnyDone::Documents(Done::Listed(list(&session, caches, platform, true).await))
        })]
    }

    fn update_status(&mut self, ctx: &Ctx) -> Vec<Command> {
        if self.status_updating {
            return Vec::new();
        }
        let Some(session) = ctx.session.cloned() else {
            return Vec::new();
        };
        self.status_updating = true;
        self.sync_failure = None;
        let caches = ctx.verifier.clone();
        let platform = ctx.platform.clone();
        let url = ctx.server_url();
        vec![Command::task(async move {
            let sync = match vidi_core::sync::sync(&url, &platform.verifier_dir()).await {
                Ok(_) => {
                    caches.reload();
                    None
                }
                Err(e) => Some(Problem::from(&e)),
            };
            // Offline, the badges stay as they were: nothing new to apply.
            let listed = list(&session, caches, platform, sync.is_none()).await;
            AnyDone::Documents(Done::Updated { sync, listed })
        })]
    }

    fn listed(&mut self, listed: Result<Listing, Problem>) {
        match listed {
            Ok(listing) => {
                self.rows = listing.rows;
                self.damaged = listing.damaged;
                self.apply_failure = listing.apply_failure;
                self.failure = None;
                self.listed = true;
            }
            Err(problem) => self.failure = Some(problem),
        }
    }

    /// Deletes the damaged documents listed, once confirmed, then lists again.
    fn delete_damaged(&mut self, ctx: &Ctx) -> Vec<Command> {
        if !self.confirm_delete || self.deleting || self.damaged.is_empty() {
            return Vec::new();
        }
        let Some(session) = ctx.session.cloned() else {
            return Vec::new();
        };
        self.deleting = true;
        let ids = self.damaged.clone();
        let now = ctx.now;
        vec![Command::task(async move {
            let deleted = session
                .blocking(move |wallet| {
                    for id in &ids {
                        match wallet.delete_document(&store::DocumentId::new(id.as_str()), now) {
                            // Gone already (another screen, another process).
                            Ok(()) | Err(StoreError::NotFound(_)) => {}
                            Err(e) => return Err(e),
                        }
                    }
                    Ok(())
                })
                .await
                .map_err(|e| Problem::from(&e));
            AnyDone::Documents(Done::DeletedDamaged(deleted))
        })]
    }

    fn damaged_view(&self, l: Language) -> Option<DamagedDocuments> {
        if self.damaged.is_empty() {
            return None;
        }
        let count = self.damaged.len();
        let short: Vec<&str> = self
            .damaged
            .iter()
            .map(|id| id.get(..8).unwrap_or(id))
            .collect();
        Some(DamagedDocuments {
            text: t(l, Str::DocumentsDamaged, &[&count, &short.join(", ")]),
            ids: self.damaged.clone(),
            delete_label: t(l, Str::DocumentsDeleteDamaged, &[]),
            delete_question: self
                .confirm_delete
                .then(|| t(l, Str::DocumentsDeleteDamagedConfirm, &[&count])),
            confirm_delete_label: t(
                l,
                if self.deleting {
                    Str::DetailDeleting
                } else {
                    Str::DocumentsDeleteDamaged
                },
                &[],
            ),
            cancel_label: t(l, Str::CommonCancel, &[]),
            deleting: self.deleting,
        })
    }

    fn item(row: &Row, today: Date, language: Language) -> DocumentItem {
        let summary = &row.summary;
        let badge = StatusBadge::of(summary, today);
        let type_name = type_name(summary.document_type, language);
        let validity = validity(summary, today, language);
        let badge_text = badge.words(language);
        let accessibility_label = match &row.number {
            Some(number) => t(
                language,
                Str::DocumentsRowLabel,
                &[
                    &type_name,
                    &summary.holder_name,
                    number,
                    &badge_text,
                    &validity,
                ],
            ),
            None => t(
                language,
                Str::DocumentsRowLabelNoNumber,
                &[&type_name, &summary.holder_name, &badge_text, &validity],
            ),
        };
        DocumentItem {
            id: summary.id.as_str().to_owned(),
            theme: theme(summary.document_type),
            type_name,
            holder: summary.holder_name.clone(),
            number: row.number.clone(),
            validity,
            badge,
            badge_text,
            tone: badge.tone(),
            pending: summary.pending,
            expired: expired(summary, today),
            needs_rebinding: summary.needs_rebinding,
            accessibility_label,
        }
    }
}

/// Applies the platform's cached status lists when `apply` (no cache yet
/// is not a failure), then reads every document and its number, on a
/// blocking thread. The lists are applied at the time they are (a sync
/// may have taken a while): a list signed after the moment the user
/// tapped is not "from the future".
async fn list(
    session: &Session,
    caches: VerifierCaches,
    platform: Platform,
    apply: bool,
) -> Result<Listing, Problem> {
    session
        .blocking(move |wallet| {
            let apply_failure = if apply {
                let now = platform.clock.now();
                apply_cached(wallet, &caches, &platform.verifier_dir(), now)
            } else {
                None
            };
            let (rows, damaged) = rows(wallet)?;
            Ok(Listing {
                rows,
                damaged,
                apply_failure,
            })
        })
        .await
        .map_err(|e| Problem::from(&e))
}

fn apply_cached(
    wallet: &mut store::Wallet,
    caches: &VerifierCaches,
    dir: &std::path::Path,
    now: OffsetDateTime,
) -> Option<Problem> {
    match caches.get(dir) {
        Ok(cache) => wallet
            .update_status(&cache.data.status_lists, now, &Policy::default())
            .err()
            .map(|e| Problem::from(&e)),
        Err(SyncError::NotSynced) => None,
        Err(e) => Some(Problem::from(&e)),
    }
}

/// Every document that can be read with its number as its card prints
/// it (a document whose details cannot be read, pending, lists without
/// one), and the ids of those whose stored data is damaged.
fn rows(wallet: &store::Wallet) -> Result<(Vec<Row>, Vec<String>), StoreError> {
    let listing = wallet.list_documents_checked()?;
    let damaged = listing
        .damaged
        .iter()
        .map(|id| id.as_str().to_owned())
        .collect();
    let rows = listing
        .documents
        .into_iter()
        .map(|summary| {
            let number = wallet
                .document(&summary.id)
                .ok()
                .and_then(|view| card::CardLayout::of(&view.document).ok())
                .map(|card| card.number.claim.value.display());
            Row { summary, number }
        })
        .collect();
    Ok((rows, damaged))
}

impl Screen for State {
    type Event = DocumentsEvent;
    type View = DocumentsView;
    type Done = Done;

    fn title(&self, ctx: &Ctx) -> String {
        t(ctx.language, Str::DocumentsTitle, &[])
    }

    fn update(&mut self, event: DocumentsEvent, ctx: &Ctx) -> Vec<Command> {
        match event {
            DocumentsEvent::Refresh => self.refresh(ctx),
            DocumentsEvent::UpdateStatus => self.update_status(ctx),
            DocumentsEvent::Open { id } => {
                if self.rows.iter().any(|r| r.summary.id.as_str() == id) {
                    vec![Command::Navigate(Route::DocumentDetail { id })]
                } else {
                    Vec::new()
                }
            }
            DocumentsEvent::AskDeleteDamaged => {
                if !self.damaged.is_empty() && !self.deleting {
                    self.confirm_delete = true;
                }
                Vec::new()
            }
            DocumentsEvent::CancelDeleteDamaged => {
                if !self.deleting {
                    self.confirm_delete = false;
                }
                Vec::new()
            }
            DocumentsEvent::DeleteDamaged => self.delete_damaged(ctx),
        }
    }

    fn done(&mut self, done: Done, ctx: &Ctx) -> Vec<Command> {
        match done {
            Done::Listed(listed) => {
                self.listing = self.listing.saturating_sub(1);
                self.listed(listed);
            }
            Done::Updated { sync, listed } => {
                self.status_updating = false;
                self.sync_failure = sync;
                self.listed(listed);
            }
            Done::DeletedDamaged(deleted) => {
                self.deleting = false;
                self.confirm_delete = false;
                match deleted {
                    Ok(()) => return self.refresh(ctx),
                    Err(problem) => self.failure = Some(problem),
                }
            }
        }
        Vec::new()
    }

    fn resume(&mut self, ctx: &Ctx) -> Vec<Command> {
        self.refresh(ctx)
    }

    fn view(&self, ctx: &Ctx) -> DocumentsView {
        let l = ctx.language;
        let today = today(ctx.now);
        let loading = self.listing > 0;
        let empty = !loading
            && self.listed
            && self.failure.is_none()
            && self.rows.is_empty()
            && self.damaged.is_empty();
        DocumentsView {
            items: self
                .rows
                .iter()
                .map(|row| Self::item(row, today, l))
                .collect(),
            loading,
            error: self.failure.map(|p| p.words(l)),
            empty: empty.then(|| t(l, Str::DocumentsEmpty, &[])),
            can_update_status: !self.status_updating && ctx.session.is_some(),
            status_updating: self.status_updating,
            update_status_label: t(
                l,
                if self.status_updating {
                    Str::DocumentsStatusUpdating
                } else {
                    Str::DocumentsUpdateStatus
                },
                &[],
            ),
            status_age: status_age(self.rows.iter().map(|r| &r.summary), ctx.now, l),
            // A wallet that cannot be listed says so once, in `error`.
            status_error: self
                .sync_failure
                .or(self.apply_failure)
                .filter(|_| self.failure.is_none())
                .map(|p| t(l, Str::DocumentsStatusFailed, &[&p.words(l)])),
            damaged: self.damaged_view(l),
            sign_in_label: (!self.rows.is_empty()).then(|| t(l, Str::PresentOpen, &[])),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use time::macros::{date, datetime};
    use vidi_core::store::{DocumentId, KnownStatus, MemoryKeyProvider};

    use super::*;
    use crate::platform::{AppSettings, SystemClock};

    const NOW: OffsetDateTime = datetime!(2026-06-15 10:00 UTC);

    fn summary(status: DocumentStatus) -> DocumentSummary {
        DocumentSummary {
            id: DocumentId::new("id"),
            document_type: DocumentType::NationalId,
            holder_name: "Nguyễn Văn An".into(),
            valid_from: date!(2021 - 05 - 14),
            valid_until: Some(date!(2031 - 05 - 14)),
            status: KnownStatus {
                status,
                learned_at: None,
            },
            needs_rebinding: false,
            pending: false,
            added_at: NOW,
            updated_at: NOW,
        }
    }

    fn with(status: DocumentStatus, pending: bool, expired: bool, rebind: bool) -> DocumentSummary {
        let mut s = summary(status);
        s.pending = pending;
        s.needs_rebinding = rebind;
        if expired {
            s.valid_until = Some(date!(2026 - 01 - 01));
        }
        s
    }

    #[test]
    fn the_badge_is_the_most_pressing_state() {
        use DocumentStatus::{Revoked, Suspended, Unknown, Valid};
        let today = today(NOW);
        let badge = |s: DocumentSummary| StatusBadge::of(&s, today);
        assert_eq!(badge(summary(Valid)), StatusBadge::Valid);
        assert_eq!(badge(with(Revoked, true, true, true)), StatusBadge::Pending);
        assert_eq!(
            badge(with(Revoked, false, true, true)),
            StatusBadge::Revoked
        );
        assert_eq!(
            badge(with(Suspended, false, true, true)),
            StatusBadge::Expired
        );
        assert_eq!(
            badge(with(Suspended, false, false, true)),
            StatusBadge::Suspended
        );
        assert_eq!(
            badge(with(Valid, false, false, true)),
            StatusBadge::NeedsRebinding
        );
        assert_eq!(
            badge(with(Unknown, false, false, true)),
            StatusBadge::NeedsRebinding
        );
        assert_eq!(badge(summary(Unknown)), StatusBadge::Unknown);

        assert_eq!(StatusBadge::Valid.tone(), Tone::Good);
        assert_eq!(StatusBadge::Suspended.tone(), Tone::Caution);
        assert_eq!(StatusBadge::NeedsRebinding.tone(), Tone::Caution);
        assert_eq!(StatusBadge::Revoked.tone(), Tone::Bad);
        assert_eq!(StatusBadge::Expired.tone(), Tone::Bad);
        assert_eq!(StatusBadge::Unknown.tone(), Tone::Neutral);
        assert_eq!(StatusBadge::Pending.tone(), Tone::Neutral);
        assert_eq!(
            StatusBadge::NeedsRebinding.words(Language::Vietnamese),
            "Cần liên kết lại"
        );
        assert_eq!(
            StatusBadge::Pending.words(Language::English),
            "Waiting for unlock"
        );
    }

    #[test]
    fn the_validity_line_and_expiry_follow_vietnam_s_calendar() {
        let s = summary(DocumentStatus::Valid);
        assert_eq!(
            validity(&s, today(NOW), Language::English),
            "Valid until 14/05/2031"
        );
        // The last day is still valid; 17:30 UTC that evening is already
        // the next day in Vietnam.
        let last_day = today(datetime!(2031-05-14 16:59 UTC));
        assert!(!expired(&s, last_day));
        assert_eq!(
            validity(&s, last_day, Language::English),
            "Valid until 14/05/2031"
        );
        let next_day = today(datetime!(2031-05-14 17:30 UTC));
        assert!(expired(&s, next_day));
        assert_eq!(
            validity(&s, next_day, Language::Vietnamese),
            "Đã hết hạn ngày 14/05/2031"
        );
        let mut lifelong = s.clone();
        lifelong.valid_until = None;
        assert!(!expired(&lifelong, next_day));
        assert_eq!(
            validity(&lifelong, next_day, Language::English),
            "No expiry"
        );
        assert_eq!(
            validity(&lifelong, next_day, Language::Vietnamese),
            "Không thời hạn"
        );
        assert_eq!(
            type_name(DocumentType::HealthInsurance, Language::Vietnamese),
            "Thẻ bảo hiểm y tế"
        );
    }

    #[test]
    fn the_status_age_is_the_oldest_check_pending_documents_aside() {
        let learned = |seconds_ago: Option<i64>, pending: bool| {
            let mut s = summary(DocumentStatus::Valid);
            s.status.learned_at = seconds_ago.map(|a| NOW - time::Duration::seconds(a));
            s.pending = pending;
            s
        };
        let checked = vec![
            learned(Some(7200), false),
            learned(Some(300), false),
            learned(None, true),
        ];
        assert_eq!(
            status_age(&checked, NOW, Language::Vietnamese).as_deref(),
            Some("Trạng thái cập nhật 2 giờ trước")
        );
        assert_eq!(
            status_age(&checked, NOW, Language::English).as_deref(),
            Some("Status checked 2 hours ago")
        );
        let mut older = checked.clone();
        older.push(learned(Some(2 * 86_400), false));
        assert_eq!(
            status_age(&older, NOW, Language::English).as_deref(),
            Some("Status checked 2 days ago")
        );
        let mut never = checked.clone();
        never.push(learned(None, false));
        assert_eq!(
            status_age(&never, NOW, Language::English).as_deref(),
            Some("Document status never checked")
        );
        assert_eq!(
            status_age(&[learned(None, true)], NOW, Language::English),
            None
        );
        assert_eq!(status_age(&[], NOW, Language::English), None);
    }

    fn platform(dir: &std::path::Path) -> Platform {
        Platform {
            default_server_url: "http://127.0.0.1:9".into(),
            pin_work_factor: Some(2),
            ..Platform::software(
                dir.to_path_buf(),
                Arc::new(MemoryKeyProvider::generate()),
                Arc::new(SystemClock),
            )
        }
    }

    #[test]
    fn a_failed_listing_is_an_error_in_words_and_the_rows_stay() {
        let dir = tempfile::tempdir().unwrap();
        let platform = platform(dir.path());
        let settings = AppSettings::default();
        let verifier = VerifierCaches::default();
        let ctx = Ctx {
            platform: &platform,
            language: Language::Vietnamese,
            now: NOW,
            session: None,
            settings: &settings,
            verifier: &verifier,
        };
        // Without a wallet nothing is read, and nothing is "empty" yet.
        let (mut state, commands) = State::enter(&ctx);
        assert!(commands.is_empty());
        assert!(state.view(&ctx).empty.is_none());

        state.listing = 1;
        assert!(state.view(&ctx).loading);
        state.done(
            Done::Listed(Ok(Listing {
                rows: Vec::new(),
                damaged: Vec::new(),
                apply_failure: None,
            })),
            &ctx,
        );
        let view = state.view(&ctx);
        assert!(!view.loading);
        assert!(view.empty.unwrap().starts_with("Ví chưa có giấy tờ nào"));

        let row = Row {
            summary: summary(DocumentStatus::Valid),
            number: Some("001099012345".into()),
        };
        state.done(
            Done::Updated {
                sync: None,
                listed: Ok(Listing {
                    rows: vec![row.clone(), row],
                    damaged: Vec::new(),
                    apply_failure: Some(Problem::Other),
                }),
            },
            &ctx,
        );
        let view = state.view(&ctx);
        assert_eq!(view.items.len(), 2);
        assert_eq!(
            view.status_error.as_deref(),
            Some("Chưa cập nhật được trạng thái. Đã xảy ra lỗi. Hãy thử lại.")
        );
        assert_eq!(
            view.items[0].accessibility_label,
            "Thẻ căn cước, Nguyễn Văn An, số 001099012345. Còn hiệu lực. Có giá trị đến 14/05/2031."
        );

        state.listing = 1;
        state.done(Done::Listed(Err(Problem::Locked)), &ctx);
        let view = state.view(&ctx);
        assert_eq!(
            view.error.as_deref(),
            Some("Ví đang khoá. Hãy mở khoá rồi thử lại.")
        );
        assert_eq!(view.items.len(), 2);
        assert!(view.empty.is_none());
        // A wallet that cannot be listed says so once, in `error`.
        assert!(view.status_error.is_none());
    }
}
