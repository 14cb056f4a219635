//! One document, drawn like the card people know (core's `CardLayout`:
//! the national header, the title, the number, the portrait's slot, the
//! front and back fields with the labels the card prints), with its
//! status, validity, issuer, when it was received and when its status was
//! checked; "Show QR code" when it can be shown, and deleting it after a
//! confirmation. Back on the list, the list reads the documents again.

use vidi_core::card::{self, NATIONAL_HEADER_EN, NATIONAL_HEADER_VI};
use vidi_core::preset::Preset;
use vidi_core::store::{DocumentId, DocumentStatus, DocumentView};

use super::documents::{self, CardStyle, StatusBadge, Tone};
use super::{Command, Ctx, Done as AnyDone, Screen};
use crate::nav::Route;
use crate::problem::Problem;
use crate::words::{Language, Str, date_time, in_sentence, t};

/// What the user does on a document's card.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DetailEvent {
    /// "Show QR code": only when it can be shown.
    ShowQr,
    /// "Accept a re-issue offer", for a document awaiting re-binding.
    Rebind,
    /// "Delete document": asks to confirm.
    AskDelete,
    /// The user kept it.
    CancelDelete,
    /// Deletion confirmed (nothing without [`DetailEvent::AskDelete`] first).
    Delete,
}

/// One printed line of a card.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CardLine {
    /// The claim's machine name (`full_name`), a stable key for the line.
    pub claim: String,
    /// The printed label in the chosen language.
    pub label: String,
    /// The printed label in Vietnamese ("Họ, chữ đệm và tên khai sinh").
    pub label_vi: String,
    /// The printed label in English ("Full name").
    pub label_en: String,
    /// The value as printed (dates as 14/05/2031).
    pub value: String,
}

impl std::fmt::Debug for CardLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No value in logs.
        f.debug_struct("CardLine")
            .field("claim", &self.claim)
            .finish_non_exhaustive()
    }
}

/// A document laid out as its card prints it. The Vietnamese and English
/// header and title are both kept, for cards that print both.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CardView {
    /// Which card's colours and emblem.
    pub theme: CardStyle,
    /// The national header's lines in the chosen language.
    pub header: Vec<String>,
    /// The national header's lines in Vietnamese.
    pub header_vi: Vec<String>,
    /// The national header's lines in English.
    pub header_en: Vec<String>,
    /// The title as printed, in the chosen language ("CĂN CƯỚC").
    pub title: String,
    /// The title in Vietnamese.
    pub title_vi: String,
    /// The title in English.
    pub title_en: String,
    /// The number under the title.
    pub number: CardLine,
    /// The portrait's slot (identity card): draw a placeholder (its value
    /// is only the digest of the portrait the issuer holds).
    pub portrait: Option<CardLine>,
    /// What a screen reader says for the portrait's placeholder.
    pub portrait_label: Option<String>,
    /// The front's lines, in print order.
    pub front: Vec<CardLine>,
    /// The back's lines, in print order (may be empty).
    pub back: Vec<CardLine>,
}

/// What a document's card screen draws.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DetailView {
    /// Reading the document.
    pub loading: bool,
    /// The card, once read (boxed: the screen views share one enum).
    pub card: Option<Box<CardView>>,
    /// "Mặt trước" / "Front".
    pub front_label: String,
    /// "Mặt sau" / "Back".
    pub back_label: String,
    /// "Thẻ căn cước" / "Identity card".
    pub type_name: String,
    /// The holder's full name.
    pub holder: String,
    /// "Có giá trị đến 14/05/2031" / "Valid until 14/05/2031", "Expired on
    /// …", "No expiry".
    pub validity: String,
    /// The status badge, once read.
    pub badge: Option<StatusBadge>,
    /// The badge's words.
    pub badge_text: String,
    /// The badge's colour family.
    pub tone: Tone,
    /// "Cơ quan cấp: …" / "Issued by …".
    pub issuer: String,
    /// "Nhận vào ví lúc 09:05 14/05/2031" / "Added to the wallet …".
    pub received: String,
    /// "Status checked at 09:05 14/05/2031", or "Status never checked".
    pub status_checked: String,
    /// Whether it can be shown now: not pending, revoked, expired or
    /// awaiting re-binding, and it has something to show.
    pub can_show_qr: bool,
    /// "Xuất trình mã QR" / "Show QR code".
    pub show_qr_label: String,
    /// Restored from a backup without its keys.
    pub needs_rebinding: bool,
    /// What re-binding means and why it cannot be shown, when it needs it.
    pub rebinding_note: Option<String>,
    /// The button to accept a re-issue offer, shown with the note.
    pub rebind_label: String,
    /// "Xoá giấy tờ" / "Delete document".
    pub delete_label: String,
    /// The confirmation's question, while asking.
    pub delete_question: Option<String>,
    /// The confirming button ("Deleting…" while it runs).
    pub confirm_delete_label: String,
    /// The cancelling button.
    pub cancel_label: String,
    /// Deleting.
    pub deleting: bool,
    /// What went wrong, in words.
    pub error: Option<String>,
}

impl std::fmt::Debug for DetailView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No name, values or dates in logs.
        f.debug_struct("DetailView")
            .field("loading", &self.loading)
            .field("card", &self.card)
            .field("type_name", &self.type_name)
            .field("badge", &self.badge)
            .field("can_show_qr", &self.can_show_qr)
            .field("needs_rebinding", &self.needs_rebinding)
            .field("asking_to_delete", &self.delete_question.is_some())
            .field("deleting", &self.deleting)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

/// A task's result.
pub enum Done {
    /// The document was read.
    Loaded(Box<Loaded>),
    /// Reading it failed.
    Failed(Problem),
    /// It was deleted.
    Deleted,
    /// Deleting it failed.
    DeleteFailed(Problem),
}

/// A document as read, with its card.
pub struct Loaded {
    view: DocumentView,
    card: card::CardLayout,
    showable: bool,
}

/// A document's card screen.
pub struct State {
    id: String,
    document: Option<Box<Loaded>>,
    loading: bool,
    error: Option<Problem>,
    confirm_delete: bool,
    deleting: bool,
}

impl State {
    /// The screen for document `id`, being read.
    pub fn enter(id: String, ctx: &Ctx) -> (Self, Vec<Command>) {
        let mut state = Self {
            id,
            document: None,
            loading: false,
            error: None,
            confirm_delete: false,
            deleting: false,
        };
        let commands = state.load(ctx);
        (state, commands)
    }

    /// The document shown.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn load(&mut self, ctx: &Ctx) -> Vec<Command> {
        let Some(session) = ctx.session.cloned() else {
            return Vec::new();
        };
        self.loading = true;
        let id = DocumentId::new(self.id.clone());
        vec![Command::task(async move {
            let read = session
                .blocking(move |wallet| wallet.document(&id))
                .await
                .map_err(|e| Problem::from(&e))
                .and_then(|view| {
                    let card = card::CardLayout::of(&view.document).map_err(|_| Problem::Other)?;
                    let showable = showable(&view);
                    Ok(Loaded {
                        view,
                        card,
                        showable,
                    })
                });
            AnyDone::Detail(match read {
                Ok(loaded) => Done::Loaded(Box::new(loaded)),
                Err(problem) => Done::Failed(problem),
            })
        })]
    }

    fn delete(&mut self, ctx: &Ctx) -> Vec<Command> {
        if !self.confirm_delete || self.deleting {
            return Vec::new();
        }
        let Some(session) = ctx.session.cloned() else {
            return Vec::new();
        };
        self.deleting = true;
        let id = DocumentId::new(self.id.clone());
        let now = ctx.now;
        vec![Command::task(async move {
            let deleted = session
                .blocking(move |wallet| wallet.delete_document(&id, now))
                .await;
            AnyDone::Detail(match deleted {
                Ok(()) => Done::Deleted,
                Err(e) => Done::DeleteFailed(Problem::from(&e)),
            })
        })]
    }

    /// Whether the document can be shown now (see [`DetailView::can_show_qr`]).
    fn can_show_qr(&self, ctx: &Ctx) -> bool {
        self.document.as_ref().is_some_and(|d| {
            let s = &d.view.summary;
            d.showable
                && !s.pending
                && !s.needs_rebinding
                && !documents::expired(s, documents::today(ctx.now))
                && s.status.status != DocumentStatus::Revoked
        })
    }
}

/// Whether the document has a preset or a claim to show.
fn showable(view: &DocumentView) -> bool {
    !Preset::showable(view.credentials.iter().map(|c| c.kind)).is_empty()
        || !view.showable_claims().is_empty()
}

fn line(field: &card::CardField, language: Language) -> CardLine {
    CardLine {
        claim: field.claim.id.name(),
        label: language.pick(field.label_vi, field.label_en).to_owned(),
        label_vi: field.label_vi.to_owned(),
        label_en: field.label_en.to_owned(),
        value: field.claim.value.display(),
    }
}

/// `card` in `language`.
fn card_view(card: &card::CardLayout, language: Language) -> CardView {
    let header = |lines: [&str; 2]| lines.map(str::to_owned).to_vec();
    CardView {
        theme: match card.theme {
            card::CardTheme::NationalId => CardStyle::NationalId,
            card::CardTheme::DrivingLicence => CardStyle::DrivingLicence,
            card::CardTheme::HealthInsurance => CardStyle::HealthInsurance,
        },
        header: header(match language {
            Language::Vietnamese => NATIONAL_HEADER_VI,
            Language::English => NATIONAL_HEADER_EN,
        }),
        header_vi: header(NATIONAL_HEADER_VI),
        header_en: header(NATIONAL_HEADER_EN),
        title: language.pick(card.title_vi, card.title_en).to_owned(),
        title_vi: card.title_vi.to_owned(),
        title_en: card.title_en.to_owned(),
        number: line(&card.number, language),
        portrait: card.portrait.as_ref().map(|f| line(f, language)),
        portrait_label: card
            .portrait
            .as_ref()
            .map(|_| t(language, Str::DetailPortrait, &[])),
        front: card.front.iter().map(|f| line(f, language)).collect(),
        back: card.back.iter().map(|f| line(f, language)).collect(),
    }
}

impl Screen for State {
    type Event = DetailEvent;
    type View = DetailView;
    type Done = Done;

    fn title(&self, ctx: &Ctx) -> String {
        match &self.document {
            Some(d) => crate::words::type_name(d.view.summary.document_type, ctx.language),
            None => t(ctx.language, Str::DetailTitle, &[]),
        }
    }

    fn update(&mut self, event: DetailEvent, ctx: &Ctx) -> Vec<Command> {
        match event {
            DetailEvent::ShowQr => {
                if self.can_show_qr(ctx) && !self.deleting {
                    vec![Command::Navigate(Route::ShowQr {
                        id: self.id.clone(),
                    })]
                } else {
                    Vec::new()
                }
            }
            DetailEvent::Rebind => {
                if self
                    .document
                    .as_ref()
                    .is_some_and(|d| d.view.summary.needs_rebinding)
                {
                    vec![Command::Navigate(Route::AcceptOffer { link: None })]
                } else {
                    Vec::new()
                }
            }
            DetailEvent::AskDelete => {
                if self.document.is_some() && !self.deleting {
                    self.confirm_delete = true;
                }
                Vec::new()
            }
            DetailEvent::CancelDelete => {
                if !self.deleting {
                    self.confirm_delete = false;
                }
                Vec::new()
            }
            DetailEvent::Delete => self.delete(ctx),
        }
    }

    fn done(&mut self, done: Done, _ctx: &Ctx) -> Vec<Command> {
        match done {
            Done::Loaded(loaded) => {
                self.loading = false;
                self.document = Some(loaded);
                self.error = None;
                Vec::new()
            }
            Done::Failed(problem) => {
                self.loading = false;
                self.error = Some(problem);
                Vec::new()
            }
            Done::Deleted => {
                self.deleting = false;
                self.confirm_delete = false;
                self.error = None;
                vec![Command::Back]
            }
            Done::DeleteFailed(problem) => {
                self.deleting = false;
                self.confirm_delete = false;
                self.error = Some(problem);
                Vec::new()
            }
        }
    }

    fn resume(&mut self, ctx: &Ctx) -> Vec<Command> {
        // Back from the QR or a re-issue offer: its status or keys may have changed.
        self.load(ctx)
    }

    fn view(&self, ctx: &Ctx) -> DetailView {
        let l = ctx.language;
        let today = documents::today(ctx.now);
        let document = self.document.as_deref();
        let summary = document.map(|d| &d.view.summary);
        let badge = summary.map(|s| StatusBadge::of(s, today));
        let type_name = summary
            .map(|s| crate::words::type_name(s.document_type, l))
            .unwrap_or_default();
        let needs_rebinding = summary.is_some_and(|s| s.needs_rebinding);
        DetailView {
            loading: self.loading,
            card: document.map(|d| Box::new(card_view(&d.card, l))),
            front_label: t(l, Str::DetailFront, &[]),
            back_label: t(l, Str::DetailBack, &[]),
            holder: summary.map(|s| s.holder_name.clone()).unwrap_or_default(),
            validity: summary
                .map(|s| documents::validity(s, today, l))
                .unwrap_or_default(),
            badge,
            badge_text: badge.map(|b| b.words(l)).unwrap_or_default(),
            tone: badge.map_or(Tone::Neutral, StatusBadge::tone),
            issuer: document
                .map(|d| t(l, Str::DetailIssuer, &[&d.view.issuer]))
                .unwrap_or_default(),
            received: document
                .map(|d| t(l, Str::DetailReceived, &[&date_time(d.view.received_at)]))
                .unwrap_or_default(),
            status_checked: match summary {
                None => String::new(),
                Some(s) => match s.status.learned_at {
                    Some(at) => t(l, Str::DetailStatusCheckedAt, &[&date_time(at)]),
                    None => t(l, Str::DetailStatusNeverChecked, &[]),
                },
            },
            can_show_qr: self.can_show_qr(ctx) && !self.deleting,
            show_qr_label: t(l, Str::DetailShowQr, &[]),
            needs_rebinding,
            rebinding_note: needs_rebinding.then(|| t(l, Str::ErrorNeedsRebinding, &[])),
            rebind_label: t(l, Str::BackupRebindAction, &[]),
            delete_label: t(l, Str::DetailDelete, &[]),
            delete_question: self
                .confirm_delete
                .then(|| t(l, Str::DetailDeleteConfirm, &[&in_sentence(&type_name)])),
            confirm_delete_label: t(
                l,
                if self.deleting {
                    Str::DetailDeleting
                } else {
                    Str::DetailDelete
                },
                &[],
            ),
            cancel_label: t(l, Str::CommonCancel, &[]),
            deleting: self.deleting,
            error: self.error.map(|p| p.words(l)),
            type_name,
        }
    }
}
