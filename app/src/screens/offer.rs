//! Accepting documents: an OpenID4VCI offer and the PIN the citizen
//! received separately.
//!
//! The offer's link comes from a deep link (the screen is entered with
//! it), from the camera (the screen scans while it waits for a code, and
//! reads the first offer it sees: later frames are ignored) or from the
//! clipboard (`Paste`). It is read offline by core's `offer_info` (the
//! issuer and the documents offered, or nothing yet for an offer by
//! reference). `Submit` runs the issuance with the wallet held: each
//! [`IssuanceStep`] is shown in words as it starts (done, or current), the
//! result says which documents were added or replaced. `Cancel` raises
//! core's [`CancelFlag`] and drops the issuance at its next await: nothing
//! is stored until every credential has arrived, so the wallet is left as
//! it was. When the wallet holds documents restored from a backup that
//! need re-binding, the offer is taken as a re-binding
//! (`vidi_core::issuance::rebind`), which says how many were re-bound.
//!
//! The PIN travels in the submit event and is wiped after use; it is never
//! kept in the screen's state.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use tokio::sync::{mpsc, oneshot};
use vidi_core::document::DocumentType;
use vidi_core::issuance::{
    self, CancelFlag, DocumentRefusal, IssuanceOptions, IssuanceReport, IssuanceStep, OfferInfo,
    RebindReport,
};
use vidi_core::store::AddOutcome;
use zeroize::Zeroizing;

use super::{Command, Ctx, Done as AnyDone, Needs, Screen, Session};
use crate::problem::Problem;
use crate::words::{Language, Str, t};

/// Credentials of each kind asked for, each bound to its own device key.
const BATCH_SIZE: u32 = 1;

/// What the user does on the offer screen.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum OfferEvent {
    /// The offer link was pasted (or typed).
    Paste {
        /// The text pasted.
        text: String,
    },
    /// "Accept", with the PIN that came with the offer (wiped after use).
    Submit {
        /// The issuer's PIN as typed.
        pin: String,
    },
    /// Stop the issuance under way; the wallet is left as it was.
    Cancel,
    /// Forget the offer read and scan or paste another.
    ScanAgain,
    /// "Done" (or leaving the screen): back to the documents.
    Close,
}

impl std::fmt::Debug for OfferEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // An offer link carries the issuer's one-time code.
            Self::Paste { .. } => f.write_str("Paste(hidden)"),
            Self::Submit { .. } => f.write_str("Submit(hidden)"),
            Self::Cancel => f.write_str("Cancel"),
            Self::ScanAgain => f.write_str("ScanAgain"),
            Self::Close => f.write_str("Close"),
        }
    }
}

/// What the offer screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OfferView {
    /// Waiting for a code: the camera runs (see `PlatformView::camera`)
    /// and `scan_label` says what to do.
    pub scanning: bool,
    /// "Scan the offer's QR code".
    pub scan_label: String,
    /// "Paste the offer link".
    pub paste_label: String,
    /// The text read (trimmed), or its first [`LINK_SHOWN`] characters
    /// and "…" when longer: an offer link runs to a thousand characters
    /// (its one-time code among them) and the preview below says what it
    /// offers, so the screen shows only where the link begins.
    pub link: String,
    /// Why the text read is not an offer.
    pub link_error: Option<String>,
    /// The offer read, before it is accepted.
    pub offer: Option<OfferPreview>,
    /// The wallet holds restored documents: this offer re-binds them.
    pub rebinding: Option<String>,
    /// The PIN field's label (shown when `offer.needs_pin`).
    pub pin_label: String,
    /// The accept button's words.
    pub accept_label: String,
    /// Whether "Accept" may be pressed now.
    pub can_submit: bool,
    /// The issuance's steps so far, in order, each in words.
    pub steps: Vec<OfferStep>,
    /// The issuance runs.
    pub busy: bool,
    /// Whether it can be cancelled now.
    pub can_cancel: bool,
    /// The cancel button's words ("Cancelling…" once pressed).
    pub cancel_label: String,
    /// What the issuance did, a line per document (and the re-binding's
    /// count); none until it succeeded.
    pub result: Option<Vec<String>>,
    /// What went wrong, in words.
    pub error: Option<String>,
    /// PIN tries the issuer still allows, after a wrong PIN.
    pub tries_left: Option<u32>,
    /// Whether another offer may be read instead of this one.
    pub can_scan_again: bool,
    /// "Read another offer".
    pub scan_again_label: String,
    /// The button back to the documents ("Done").
    pub close_label: String,
}

/// An online service's sign-in request read where an offer was expected:
/// this screen gives way to the sign-in screen with it.
fn sign_in_instead(text: &str) -> Option<Vec<Command>> {
    let text = text.trim();
    crate::nav::is_request_link(text).then(|| {
        vec![
            Command::Back,
            Command::Navigate(crate::Route::Present {
                link: Some(text.to_owned()),
            }),
        ]
    })
}

/// How many characters of the text read the screen shows.
pub const LINK_SHOWN: usize = 48;

/// `text` as the screen shows it: whole when short, else its beginning
/// and "…".
fn shown(text: &str) -> String {
    if text.chars().count() <= LINK_SHOWN {
        return text.to_owned();
    }
    let mut head: String = text.chars().take(LINK_SHOWN).collect();
    head.push('…');
    head
}

/// An offer as its link tells it, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OfferPreview {
    /// "Issuer: …"; none for an offer by reference (known once fetched).
    pub issuer: Option<String>,
    /// The documents offered, by name; empty for an offer by reference.
    pub documents: Vec<String>,
    /// For an offer by reference: the documents come from the issuer.
    pub by_reference: Option<String>,
    /// Whether to ask for the offer's PIN.
    pub needs_pin: bool,
}

/// One issuance step in words.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OfferStep {
    /// What it does.
    pub text: String,
    /// Done (a later step started, or it is the last "Done"); else current.
    pub done: bool,
    /// The step and whether it is done, for screen readers.
    pub accessibility_label: String,
}

/// A task's result (steps and the end come on a stream).
pub enum Done {
    /// The issuance started, re-binding or not.
    Started {
        /// Which submit.
        run: u64,
        /// Whether it re-binds restored documents.
        rebinding: bool,
    },
    /// A step started.
    Step {
        /// Which submit.
        run: u64,
        /// The step.
        step: IssuanceStep,
    },
    /// The issuance ended.
    Finished {
        /// Which submit.
        run: u64,
        /// What it did, or why not.
        outcome: Result<Outcome, Problem>,
    },
    /// The task ended (its results came on the stream).
    Ended,
}

/// What an issuance did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Each document and how it went in.
    documents: Vec<(How, DocumentType)>,
    /// Documents of the offer not stored, and why.
    refused: Vec<(Refused, DocumentType)>,
    /// For a re-binding: documents re-bound, and still waiting.
    rebound: Option<(usize, usize)>,
}

/// Why a document of the offer was not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    Expired,
    ByIssuer,
    Invalid,
}

/// How a document went into the wallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Added,
    Replaced,
    Pending,
}

impl Outcome {
    fn accepted(report: &IssuanceReport) -> Self {
        Self {
            documents: report
                .documents
                .iter()
                .map(|d| {
                    let how = match d.outcome {
                        AddOutcome::Added(_) => How::Added,
                        AddOutcome::Replaced(_) => How::Replaced,
                        AddOutcome::Pending(_) => How::Pending,
                    };
                    (how, d.document_type)
                })
                .collect(),
            refused: report
                .refused
                .iter()
                .map(|r| {
                    let why = match r.reason {
                        DocumentRefusal::Expired => Refused::Expired,
                        DocumentRefusal::IssuerRefused { .. } => Refused::ByIssuer,
                        _ => Refused::Invalid,
                    };
                    (why, r.document_type)
                })
                .collect(),
            rebound: None,
        }
    }

    fn rebound(report: &RebindReport) -> Self {
        Self {
            rebound: Some((report.rebound.len(), report.still_needs_rebinding.len())),
            ..Self::accepted(&report.issuance)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Error {
    PinNeeded,
    Problem(Problem),
}

/// The issuance under way: how to stop it.
struct Running {
    flag: CancelFlag,
    stop: Option<oneshot::Sender<()>>,
}

impl Running {
    fn cancel(&mut self) {
        self.flag.cancel();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The offer screen.
pub struct State {
    entered: Option<String>,
    link: String,
    link_bad: bool,
    offer: Option<OfferInfo>,
    rebinding: bool,
    steps: Vec<IssuanceStep>,
    outcome: Option<Outcome>,
    error: Option<Error>,
    tries_left: Option<u32>,
    run: u64,
    running: Option<Running>,
    cancelling: bool,
}

impl State {
    /// The screen, reading `link` when it came as a deep link; else it scans.
    pub fn enter(link: Option<String>, ctx: &Ctx) -> (Self, Vec<Command>) {
        let mut state = Self {
            entered: link.clone(),
            link: String::new(),
            link_bad: false,
            offer: None,
            rebinding: false,
            steps: Vec::new(),
            outcome: None,
            error: None,
            tries_left: None,
            run: 0,
            running: None,
            cancelling: false,
        };
        state.rebinding = waiting_rebinding(ctx);
        if let Some(link) = link {
            state.read(&link);
        }
        (state, Vec::new())
    }

    /// The offer link it was opened with.
    pub fn link(&self) -> Option<String> {
        self.entered.clone()
    }

    fn busy(&self) -> bool {
        self.running.is_some()
    }

    /// Reads `text` as an offer, forgetting the one before.
    fn read(&mut self, text: &str) {
        let text = text.trim();
        self.link = text.to_owned();
        self.steps.clear();
        self.outcome = None;
        self.error = None;
        self.tries_left = None;
        match issuance::offer_info(text) {
            Ok(info) => {
                self.offer = Some(info);
                self.link_bad = false;
            }
            Err(_) => {
                self.offer = None;
                self.link_bad = true;
            }
        }
    }

    fn submit(&mut self, pin: Zeroizing<String>, ctx: &Ctx) -> Vec<Command> {
        let Some(offer) = &self.offer else {
            return Vec::new();
        };
        if self.busy() || self.outcome.is_some() {
            return Vec::new();
        }
        let pin = Zeroizing::new(pin.trim().to_owned());
        if offer.needs_pin && pin.is_empty() {
            self.error = Some(Error::PinNeeded);
            return Vec::new();
        }
        let Some(session) = ctx.session.cloned() else {
            self.error = Some(Error::Problem(Problem::Locked));
            return Vec::new();
        };
        let pin = (!pin.is_empty()).then_some(pin);
        self.run += 1;
        self.error = None;
        self.steps.clear();
        self.cancelling = false;
        let flag = CancelFlag::new();
        let (stop, stopped) = oneshot::channel();
        self.running = Some(Running {
            flag: flag.clone(),
            stop: Some(stop),
        });
        let (tx, rx) = mpsc::unbounded_channel();
        let work = issue(session, self.link.clone(), pin, self.run, flag, stopped, tx);
        vec![Command::Stream(rx), Command::task(work)]
    }
}

/// Whether the wallet holds documents restored from a backup.
fn waiting_rebinding(ctx: &Ctx) -> bool {
    ctx.session
        .and_then(|s| s.now(|w| w.list_documents_checked()).ok())
        .is_some_and(|listing| listing.documents.iter().any(|d| d.needs_rebinding))
}

/// The issuance, with the wallet held throughout: its start, each step and
/// its end are sent on `tx`, in order.
async fn issue(
    session: Session,
    link: String,
    pin: Option<Zeroizing<String>>,
    run: u64,
    flag: CancelFlag,
    stopped: oneshot::Receiver<()>,
    tx: mpsc::UnboundedSender<AnyDone>,
) -> AnyDone {
    let mut wallet = session.hold().await;
    let rebinding = wallet
        .list_documents_checked()
        .is_ok_and(|listing| listing.documents.iter().any(|d| d.needs_rebinding));
    let _ = tx.send(AnyDone::Offer(Done::Started { run, rebinding }));
    let steps = tx.clone();
    let mut progress = move |step: IssuanceStep| {
        let _ = steps.send(AnyDone::Offer(Done::Step { run, step }));
    };
    let options = IssuanceOptions {
        batch_size: BATCH_SIZE,
        cancel: Some(flag),
        progress: Some(&mut progress),
        ..IssuanceOptions::default()
    };
    let pin = pin.as_deref().map(String::as_str);
    let ended = if rebinding {
        until_stopped(issuance::rebind(&mut wallet, &link, pin, options), stopped)
            .await
            .map(|r| r.map(|report| Outcome::rebound(&report)))
    } else {
        until_stopped(
            issuance::accept_offer(&mut wallet, &link, pin, options),
            stopped,
        )
        .await
        .map(|r| r.map(|report| Outcome::accepted(&report)))
    };
    let outcome = match ended {
        Some(Ok(outcome)) => Ok(outcome),
        Some(Err(e)) => Err(Problem::from(&e)),
        None => Err(Problem::Cancelled),
    };
    let _ = tx.send(AnyDone::Offer(Done::Finished { run, outcome }));
    AnyDone::Offer(Done::Ended)
}

/// `work`, unless `stop` fires (or its sender goes: the screen left)
/// first: then `None`, and `work` is dropped at the await it was in.
pub(crate) async fn until_stopped<T>(
    work: impl Future<Output = T>,
    stop: oneshot::Receiver<()>,
) -> Option<T> {
    let mut work = std::pin::pin!(work);
    let mut stop = stop;
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(out) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(out));
        }
        if Pin::new(&mut stop).poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

impl Screen for State {
    type Event = OfferEvent;
    type View = OfferView;
    type Done = Done;

    fn title(&self, ctx: &Ctx) -> String {
        t(ctx.language, Str::OfferTitle, &[])
    }

    fn update(&mut self, event: OfferEvent, ctx: &Ctx) -> Vec<Command> {
        match event {
            OfferEvent::Paste { text } => {
                let text = Zeroizing::new(text);
                if self.busy() {
                    return Vec::new();
                }
                if let Some(go) = sign_in_instead(&text) {
                    return go;
                }
                self.read(&text);
                Vec::new()
            }
            OfferEvent::Submit { pin } => self.submit(Zeroizing::new(pin), ctx),
            OfferEvent::Cancel => {
                if let Some(running) = &mut self.running {
                    running.cancel();
                    self.cancelling = true;
                }
                Vec::new()
            }
            OfferEvent::ScanAgain => {
                if !self.busy() {
                    self.read("");
                    self.link_bad = false;
                }
                Vec::new()
            }
            OfferEvent::Close => {
                if let Some(running) = &mut self.running {
                    running.cancel();
                }
                vec![Command::Back]
            }
        }
    }

    fn scanned(&mut self, text: String, _ctx: &Ctx) -> Vec<Command> {
        // The camera reports every frame: only the first offer counts.
        if self.needs().camera {
            if let Some(go) = sign_in_instead(&text) {
                return go;
            }
            self.read(&text);
        }
        Vec::new()
    }

    fn done(&mut self, done: Done, _ctx: &Ctx) -> Vec<Command> {
        match done {
            Done::Started { run, rebinding } if run == self.run && self.busy() => {
                self.rebinding = rebinding;
            }
            Done::Step { run, step } if run == self.run && self.busy() => {
                // Successive credential requests are one line that counts up.
                if matches!(step, IssuanceStep::RequestingCredentials { .. })
                    && matches!(
                        self.steps.last(),
                        Some(IssuanceStep::RequestingCredentials { .. })
                    )
                {
                    self.steps.pop();
                }
                self.steps.push(step);
            }
            Done::Finished { run, outcome } if run == self.run && self.busy() => {
                self.running = None;
                self.cancelling = false;
                match outcome {
                    Ok(outcome) => {
                        self.outcome = Some(outcome);
                        self.tries_left = None;
                    }
                    Err(Problem::Cancelled) => {
                        self.steps.clear();
                        self.error = Some(Error::Problem(Problem::Cancelled));
                    }
                    Err(problem) => {
                        self.tries_left = match problem {
                            Problem::WrongPin { tries_left } => tries_left,
                            _ => None,
                        };
                        self.error = Some(Error::Problem(problem));
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn needs(&self) -> Needs {
        Needs {
            camera: self.offer.is_none() && !self.busy() && self.outcome.is_none(),
            ..Needs::default()
        }
    }

    fn view(&self, ctx: &Ctx) -> OfferView {
        let l = ctx.language;
        let busy = self.busy();
        let spent = matches!(
            self.error,
            Some(Error::Problem(Problem::OfferUsed | Problem::OfferBurned))
        );
        let last = self.steps.len().saturating_sub(1);
        OfferView {
            scanning: self.needs().camera,
            scan_label: t(l, Str::OfferScan, &[]),
            paste_label: t(l, Str::OfferPaste, &[]),
            link: shown(&self.link),
            link_error: self.link_bad.then(|| t(l, Str::OfferNotAnOffer, &[])),
            offer: self.offer.as_ref().map(|o| preview(o, l)),
            rebinding: self.rebinding.then(|| t(l, Str::OfferRebindingNote, &[])),
            pin_label: t(l, Str::OfferPinLabel, &[]),
            accept_label: t(l, Str::OfferAccept, &[]),
            can_submit: self.offer.is_some() && !busy && self.outcome.is_none() && !spent,
            steps: self
                .steps
                .iter()
                .enumerate()
                .map(|(i, step)| {
                    let text = step_text(step, l);
                    let done = i < last || *step == IssuanceStep::Done;
                    let a11y = if done {
                        Str::OfferStepA11yDone
                    } else {
                        Str::OfferStepA11yCurrent
                    };
                    OfferStep {
                        accessibility_label: t(l, a11y, &[&text]),
                        text,
                        done,
                    }
                })
                .collect(),
            busy,
            can_cancel: busy && !self.cancelling,
            cancel_label: t(
                l,
                if self.cancelling {
                    Str::OfferCancelling
                } else {
                    Str::CommonCancel
                },
                &[],
            ),
            result: self.outcome.as_ref().map(|o| result_lines(o, l)),
            error: self.error.map(|e| match e {
                Error::PinNeeded => t(l, Str::OfferPinNeeded, &[]),
                Error::Problem(Problem::Cancelled) => t(l, Str::OfferCancelled, &[]),
                Error::Problem(p) => p.words(l),
            }),
            tries_left: self.tries_left,
            can_scan_again: !busy && (self.offer.is_some() || self.link_bad),
            scan_again_label: t(l, Str::OfferScanAgain, &[]),
            close_label: t(l, Str::OfferClose, &[]),
        }
    }
}

fn preview(offer: &OfferInfo, l: Language) -> OfferPreview {
    OfferPreview {
        issuer: offer
            .issuer
            .as_ref()
            .map(|issuer| t(l, Str::OfferIssuer, &[issuer])),
        documents: offer
            .documents
            .iter()
            .map(|d| document_name(*d, l))
            .collect(),
        by_reference: offer.by_reference.then(|| t(l, Str::OfferByReference, &[])),
        needs_pin: offer.needs_pin,
    }
}

/// A document type's name, as the offer and backup screens word it.
pub(crate) fn document_name(document_type: DocumentType, l: Language) -> String {
    t(
        l,
        match document_type {
            DocumentType::NationalId => Str::OfferDocumentNationalId,
            DocumentType::DrivingLicence => Str::OfferDocumentDrivingLicence,
            DocumentType::HealthInsurance => Str::OfferDocumentHealthInsurance,
        },
        &[],
    )
}

fn step_text(step: &IssuanceStep, l: Language) -> String {
    match step {
        IssuanceStep::ReadingOffer => t(l, Str::OfferStepReadingOffer, &[]),
        IssuanceStep::ReadingMetadata => t(l, Str::OfferStepMetadata, &[]),
        IssuanceStep::FetchingTrustList => t(l, Str::OfferStepTrustList, &[]),
        IssuanceStep::RequestingToken => t(l, Str::OfferStepToken, &[]),
        IssuanceStep::RequestingCredentials { index, total, .. } => {
            t(l, Str::OfferStepCredentials, &[index, total])
        }
        IssuanceStep::CheckingDocuments => t(l, Str::OfferStepChecking, &[]),
        IssuanceStep::Storing { documents } => t(l, Str::OfferStepStoring, &[documents]),
        IssuanceStep::Done => t(l, Str::OfferStepDone, &[]),
        _ => t(l, Str::OfferStepOther, &[]),
    }
}

fn result_lines(outcome: &Outcome, l: Language) -> Vec<String> {
    let mut lines: Vec<String> = outcome
        .documents
        .iter()
        .map(|(how, document_type)| {
            let how = match how {
                How::Added => Str::OfferAdded,
                How::Replaced => Str::OfferReplaced,
                How::Pending => Str::OfferPending,
            };
            t(l, how, &[&document_name(*document_type, l)])
        })
        .collect();
    lines.extend(outcome.refused.iter().map(|(why, document_type)| {
        let why = match why {
            Refused::Expired => Str::OfferRefusedExpired,
            Refused::ByIssuer => Str::OfferRefusedByIssuer,
            Refused::Invalid => Str::OfferRefusedInvalid,
        };
        t(l, why, &[&document_name(*document_type, l)])
    }));
    if let Some((rebound, still)) = outcome.rebound {
        lines.push(t(l, Str::OfferRebound, &[&rebound]));
        if still > 0 {
            lines.push(t(l, Str::OfferStillNeedsRebinding, &[&still]));
        }
    }
    lines
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use vidi_core::credential::CredentialKind;

    use super::*;

    #[test]
    fn steps_and_results_read_in_both_languages() {
        let en = Language::English;
        let vi = Language::Vietnamese;
        let credentials = IssuanceStep::RequestingCredentials {
            kind: CredentialKind::NationalId,
            count: 1,
            index: 2,
            total: 3,
        };
        assert_eq!(step_text(&credentials, en), "Receiving documents (2 of 3)");
        assert_eq!(step_text(&credentials, vi), "Đang nhận giấy tờ (2/3)");
        assert_eq!(
            step_text(&IssuanceStep::Storing { documents: 3 }, en),
            "Saving documents to the wallet (3)"
        );
        assert_eq!(step_text(&IssuanceStep::Done, vi), "Hoàn tất");

        let outcome = Outcome {
            documents: vec![
                (How::Replaced, DocumentType::NationalId),
                (How::Pending, DocumentType::HealthInsurance),
            ],
            refused: vec![(Refused::Expired, DocumentType::DrivingLicence)],
            rebound: Some((1, 2)),
        };
        assert_eq!(
            result_lines(&outcome, en),
            [
                "Identity card: replaced the old copy",
                "Health insurance card: will be added when the wallet is unlocked",
                "Driving licence: not added, the document has expired",
                "Documents re-bound: 1",
                "Documents still to re-bind: 2",
            ]
        );
        let all_rebound = Outcome {
            rebound: Some((2, 0)),
            ..outcome
        };
        assert_eq!(
            result_lines(&all_rebound, vi).last().unwrap(),
            "Số giấy tờ đã liên kết lại: 2"
        );
    }

    #[test]
    fn events_never_print_the_pin_or_the_link() {
        let submit = OfferEvent::Submit {
            pin: "482915".into(),
        };
        assert!(!format!("{submit:?}").contains("482915"));
        let paste = OfferEvent::Paste {
            text: "openid-credential-offer://?credential_offer=secret-code".into(),
        };
        assert!(!format!("{paste:?}").contains("secret-code"));
    }

    #[test]
    fn a_stopped_issuance_is_dropped_at_its_await() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let (stop, stopped) = oneshot::channel();
        stop.send(()).unwrap();
        let never = std::future::pending::<u32>();
        assert_eq!(runtime.block_on(until_stopped(never, stopped)), None);
        // Work already done wins over a stop.
        let (stop, stopped) = oneshot::channel();
        stop.send(()).unwrap();
        assert_eq!(
            runtime.block_on(until_stopped(std::future::ready(7), stopped)),
            Some(7)
        );
        // The screen gone (its sender dropped) stops it too.
        let (stop, stopped) = oneshot::channel::<()>();
        drop(stop);
        let never = std::future::pending::<u32>();
        assert_eq!(runtime.block_on(until_stopped(never, stopped)), None);
    }
}
