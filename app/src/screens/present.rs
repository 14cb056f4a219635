//! Signing in to an online service (OpenID4VP): the service asks for some
//! claims of the citizen's documents, the citizen sees who asks, why and
//! what, and shares or declines.
//!
//! The request's link (`openid4vp://…`) comes from a deep link (the screen
//! is entered with it), from the camera (the screen scans while it waits,
//! and reads the first request it sees) or from the clipboard (`Paste`).
//! Reading it runs off the update loop: the request object is fetched
//! (core's `fetch_request`), then checked offline against the wallet's
//! trust list and matched to the documents held (`prepare`), each step
//! shown in words; `Cancel` drops it at its next await. The consent shows
//! the service's name as its attestation proves it, who registered it, its
//! purpose, the claims asked grouped by document (in the labels the app
//! uses everywhere) and when the request expires. `Share` and `Decline`
//! both answer the service (core's `answer`: a presentation per document,
//! or `access_denied`), so a declined service is told and stops waiting.
//!
//! Every refusal of core has its own sentence ([`Failure`]); none names a
//! claim value, a nonce or a link.

use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use vidi_core::claims::ClaimId;
use vidi_core::document::DocumentType;
use vidi_core::http::{Endpoint, NetworkProblem};
use vidi_core::oid4vp::{
    self, Consent, PresentError, PresentOptions, PresentOutcome, RequestError, RequestLink,
};
use vidi_core::sdjwt;
use zeroize::Zeroizing;

use super::offer::until_stopped;
use super::{Command, Ctx, Done as AnyDone, Needs, Screen, Session};
use crate::problem::Problem;
use crate::words::{Language, Str, claim_label, list, t, type_name};

/// What the user does on the sign-in screen.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PresentEvent {
    /// The request link was pasted (or typed).
    Paste {
        /// The text pasted.
        text: String,
    },
    /// "Share": present the claims shown to the service.
    Share,
    /// "Decline": tell the service no.
    Decline,
    /// Stop reading the request; nothing is shared.
    Cancel,
    /// Forget the request and scan or paste another.
    ScanAgain,
    /// "Back to documents" (or leaving the screen).
    Close,
}

impl std::fmt::Debug for PresentEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // A request link names the service's session.
            Self::Paste { .. } => f.write_str("Paste(hidden)"),
            Self::Share => f.write_str("Share"),
            Self::Decline => f.write_str("Decline"),
            Self::Cancel => f.write_str("Cancel"),
            Self::ScanAgain => f.write_str("ScanAgain"),
            Self::Close => f.write_str("Close"),
        }
    }
}

/// What the sign-in screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PresentView {
    /// Waiting for a code: the camera runs (see `PlatformView::camera`)
    /// and `scan_label` says what to do.
    pub scanning: bool,
    /// "Scan the QR code on the service's page".
    pub scan_label: String,
    /// "Paste the sign-in link".
    pub paste_label: String,
    /// The steps so far (reading the request, or sending the answer), in
    /// order, each in words.
    pub steps: Vec<PresentStep>,
    /// Work runs (reading the request, or answering).
    pub busy: bool,
    /// Whether it can be cancelled now (only while the request is read:
    /// an answer being sent is not taken back).
    pub can_cancel: bool,
    /// The cancel button's words.
    pub cancel_label: String,
    /// The request checked: who asks, why, what.
    pub consent: Option<ConsentView>,
    /// "Share".
    pub share_label: String,
    /// "Decline".
    pub decline_label: String,
    /// Whether "Share" and "Decline" may be pressed now.
    pub can_answer: bool,
    /// What was answered, once the service took it.
    pub result: Option<PresentResult>,
    /// What went wrong, in words.
    pub error: Option<String>,
    /// Whether another request may be read instead.
    pub can_scan_again: bool,
    /// "Scan another code".
    pub scan_again_label: String,
    /// Whether the button back to the documents is shown: once answered,
    /// or once a refusal is final (nothing runs).
    pub can_close: bool,
    /// "Back to documents".
    pub close_label: String,
}

/// A request, as the citizen is asked to consent to it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ConsentView {
    /// The service's name in the phone's language, as its registration proves it.
    pub service: String,
    /// "<service> asks you to share".
    pub heading: String,
    /// "Registered by <attester>".
    pub registered_by: String,
    /// "Why".
    pub purpose_label: String,
    /// The service's purpose, in the phone's language.
    pub purpose: String,
    /// "What will be shared".
    pub what_label: String,
    /// The claims asked, grouped by document.
    pub documents: Vec<SharedDocument>,
    /// "This request expires in 5 minutes."
    pub expires: String,
}

/// One document's claims, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SharedDocument {
    /// The document's name ("Identity card").
    pub document: String,
    /// Each claim's label ("Full name", "Date of birth").
    pub claims: Vec<String>,
}

/// The answer given.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PresentResult {
    /// Whether the claims were shared (else declined).
    pub shared: bool,
    /// "Shared with <service>" or "Declined; <service> was told."
    pub text: String,
    /// What was shared; empty when declined.
    pub documents: Vec<SharedDocument>,
}

/// One step in words.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PresentStep {
    /// What it does.
    pub text: String,
    /// Done (a later step started); else current.
    pub done: bool,
    /// The step and whether it is done, for screen readers.
    pub accessibility_label: String,
}

/// A step of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Fetching the request object.
    Fetching,
    /// Checking it and matching it to the documents.
    Checking,
    /// Sending the claims.
    Sending,
    /// Sending the refusal.
    Declining,
}

/// Why the request was not answered, with what its words need (no claim
/// value, nonce or link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The request was refused by the wallet's checks.
    Request(RequestError),
    /// No document held has these claims.
    NotHeld {
        /// The document asked for, when the wallet knows its type.
        document: Option<DocumentType>,
        /// The claims missing (machine names).
        missing: Vec<String>,
    },
    /// The wallet has no trust list.
    NoTrustList,
    /// The service could not be reached.
    Network {
        /// Fetching the request, or posting the answer.
        endpoint: Endpoint,
        /// What happened.
        problem: NetworkProblem,
    },
    /// The service answered with an error.
    Refused {
        /// The HTTP status.
        status: u16,
        /// Its reason, when it gave one (made printable and bounded by core).
        reason: Option<String>,
    },
    /// The service's answer is not OpenID4VP.
    Protocol,
    /// The presentation could not be made.
    Presentation,
    /// The answer could not be encrypted.
    Encryption,
    /// The wallet failed.
    Store(Problem),
    /// Cancelled by the citizen.
    Cancelled,
}

impl From<&PresentError> for Failure {
    fn from(e: &PresentError) -> Self {
        match e {
            PresentError::Request(r) => Self::Request(r.clone()),
            PresentError::NotHeld { document, missing } => Self::NotHeld {
                document: sdjwt::document_type_of_vct(document),
                missing: missing.clone(),
            },
            PresentError::NoTrustList => Self::NoTrustList,
            PresentError::Network { endpoint, problem } => Self::Network {
                endpoint: *endpoint,
                problem: *problem,
            },
            PresentError::Refused { status, error } => Self::Refused {
                status: *status,
                reason: error
                    .as_ref()
                    .map(|e| {
                        e.error_description
                            .clone()
                            .unwrap_or_else(|| e.error.clone())
                    })
                    .filter(|r| !r.trim().is_empty()),
            },
            PresentError::Protocol(_) => Self::Protocol,
            PresentError::SdJwt(_) => Self::Presentation,
            PresentError::Jwe(_) => Self::Encryption,
            PresentError::Store(e) => Self::Store(Problem::from(e)),
            _ => Self::Store(Problem::Other),
        }
    }
}

impl Failure {
    /// The sentence for it.
    pub fn words(&self, l: Language) -> String {
        match self {
            Self::Request(r) => request_words(r, l),
            Self::NotHeld { document, missing } => {
                let claims: Vec<String> = missing.iter().map(|name| claim_words(name, l)).collect();
                let claims = list(&claims, l);
                match document {
                    Some(d) => t(
                        l,
                        Str::PresentErrorNotHeld,
                        &[&crate::words::in_sentence(&type_name(*d, l)), &claims],
                    ),
                    None => t(l, Str::PresentErrorNotHeldAny, &[&claims]),
                }
            }
            Self::NoTrustList => t(l, Str::PresentErrorNoTrustList, &[]),
            Self::Network {
                problem:
                    NetworkProblem::UntrustedCertificate
                    | NetworkProblem::CertificateForAnotherHost
                    | NetworkProblem::Tls,
                ..
            } => t(l, Str::PresentErrorCertificate, &[]),
            Self::Network {
                endpoint: Endpoint::PresentationResponse,
                ..
            } => t(l, Str::PresentErrorNetworkResponse, &[]),
            Self::Network { .. } => t(l, Str::PresentErrorNetworkRequest, &[]),
            Self::Refused {
                reason: Some(reason),
                ..
            } => t(l, Str::PresentErrorRefused, &[reason]),
            Self::Refused { status, .. } => t(l, Str::PresentErrorRefusedPlain, &[status]),
            Self::Protocol => t(l, Str::PresentErrorProtocol, &[]),
            Self::Presentation => t(l, Str::PresentErrorPresentation, &[]),
            Self::Encryption => t(l, Str::PresentErrorEncryption, &[]),
            Self::Store(p) => p.words(l),
            Self::Cancelled => t(l, Str::PresentCancelled, &[]),
        }
    }
}

fn request_words(e: &RequestError, l: Language) -> String {
    let key = match e {
        RequestError::Link(_) => Str::PresentErrorNotARequest,
        RequestError::Unsigned => Str::PresentErrorUnsigned,
        RequestError::Malformed(_) => Str::PresentErrorMalformed,
        RequestError::UnknownService => Str::PresentErrorUnknownService,
        RequestError::AttestationExpired => Str::PresentErrorRegistrationExpired,
        RequestError::ClientIdMismatch => Str::PresentErrorClientIdMismatch,
        RequestError::Signature => Str::PresentErrorSignature,
        RequestError::Expired => Str::PresentErrorExpired,
        RequestError::NotYetValid => Str::PresentErrorNotYetValid,
        RequestError::Replayed => Str::PresentErrorReplayed,
        RequestError::ResponseUri => Str::PresentErrorResponseUri,
        RequestError::ResponseMode => Str::PresentErrorResponseMode,
        RequestError::EncryptionKey => Str::PresentErrorEncryptionKey,
        RequestError::Query(_) => Str::PresentErrorQuery,
        _ => Str::PresentErrorRequestOther,
    };
    t(l, key, &[])
}

/// A claim's label as the app words it everywhere; a claim the app has no
/// label for keeps its machine name.
fn claim_words(name: &str, l: Language) -> String {
    match ClaimId::from_name(name) {
        Some(id) => crate::words::in_sentence(&claim_label(id, l)),
        None => name.to_owned(),
    }
}

fn documents(consent: &Consent, l: Language) -> Vec<SharedDocument> {
    let mut out: Vec<(DocumentType, Vec<String>)> = Vec::new();
    for m in &consent.matches {
        let labels = m.claims.iter().map(|name| match ClaimId::from_name(name) {
            Some(id) => claim_label(id, l),
            None => name.clone(),
        });
        match out.iter_mut().find(|(d, _)| *d == m.document_type) {
            Some((_, claims)) => {
                for label in labels {
                    if !claims.contains(&label) {
                        claims.push(label);
                    }
                }
            }
            None => out.push((m.document_type, labels.collect())),
        }
    }
    out.into_iter()
        .map(|(d, claims)| SharedDocument {
            document: type_name(d, l),
            claims,
        })
        .collect()
}

/// Whole minutes left until `expires_at`, rounded up; none once passed.
fn minutes_left(expires_at: OffsetDateTime, now: OffsetDateTime) -> Option<i64> {
    let seconds = (expires_at - now).whole_seconds();
    (seconds > 0).then(|| (seconds + 59) / 60)
}

fn step_text(step: Step, l: Language) -> String {
    t(
        l,
        match step {
            Step::Fetching => Str::PresentStepFetching,
            Step::Checking => Str::PresentStepChecking,
            Step::Sending => Str::PresentStepSending,
            Step::Declining => Str::PresentStepDeclining,
        },
        &[],
    )
}

/// A task's result (steps and the end come on a stream).
pub enum Done {
    /// A step started.
    Step {
        /// Which run.
        run: u64,
        /// The step.
        step: Step,
    },
    /// The request was read: the consent, or why not.
    Checked {
        /// Which run.
        run: u64,
        /// The consent, or why not.
        result: Result<Box<Consent>, Failure>,
    },
    /// The answer was sent, or not.
    Answered {
        /// Which run.
        run: u64,
        /// What happened.
        result: Result<PresentOutcome, Failure>,
    },
    /// The task ended (its results came on the stream).
    Ended,
}

/// Where the screen is.
enum Phase {
    /// Waiting for a link (scanning, or pasting).
    Waiting,
    /// Reading the request.
    Checking,
    /// Asking the citizen.
    Consent,
    /// Sending the answer (the step says which).
    Answering,
    /// Answered.
    Answered {
        /// Shared (else declined).
        shared: bool,
    },
    /// Failed: `failure` says why.
    Failed,
}

/// The sign-in screen.
pub struct State {
    entered: Option<String>,
    phase: Phase,
    link_bad: bool,
    consent: Option<Box<Consent>>,
    steps: Vec<Step>,
    failure: Option<Failure>,
    run: u64,
    stop: Option<oneshot::Sender<()>>,
}

impl State {
    /// The screen, reading `link` when it came as a deep link; else it scans.
    pub fn enter(link: Option<String>, ctx: &Ctx) -> (Self, Vec<Command>) {
        let mut state = Self {
            entered: link.clone(),
            phase: Phase::Waiting,
            link_bad: false,
            consent: None,
            steps: Vec::new(),
            failure: None,
            run: 0,
            stop: None,
        };
        let commands = match link {
            Some(link) => state.read(&Zeroizing::new(link), ctx),
            None => Vec::new(),
        };
        (state, commands)
    }

    /// The link it was opened with.
    pub fn link(&self) -> Option<String> {
        self.entered.clone()
    }

    fn busy(&self) -> bool {
        matches!(self.phase, Phase::Checking | Phase::Answering)
    }

    fn fail(&mut self, failure: Failure) {
        self.phase = Phase::Failed;
        self.failure = Some(failure);
        self.stop = None;
    }

    /// Reads `text` as a request link and starts reading the request.
    fn read(&mut self, text: &str, ctx: &Ctx) -> Vec<Command> {
        self.steps.clear();
        self.consent = None;
        self.failure = None;
        let link = match RequestLink::parse(text) {
            Ok(link) => link,
            Err(RequestError::Link(_)) => {
                // Not a request: said, and the camera keeps looking.
                self.phase = Phase::Waiting;
                self.link_bad = true;
                return Vec::new();
            }
            Err(e) => {
                self.link_bad = false;
                self.fail(Failure::Request(e));
                return Vec::new();
            }
        };
        self.link_bad = false;
        let Some(session) = ctx.session.cloned() else {
            self.fail(Failure::Store(Problem::Locked));
            return Vec::new();
        };
        self.run += 1;
        self.phase = Phase::Checking;
        let (stop, stopped) = oneshot::channel();
        self.stop = Some(stop);
        let (tx, rx) = mpsc::unbounded_channel();
        let work = check(session, link, self.run, ctx.now, stopped, tx);
        vec![Command::Stream(rx), Command::task(work)]
    }

    fn answer(&mut self, accept: bool, ctx: &Ctx) -> Vec<Command> {
        if !matches!(self.phase, Phase::Consent) {
            return Vec::new();
        }
        let Some(consent) = self.consent.clone() else {
            return Vec::new();
        };
        // Past its expiry the service no longer waits: nothing is sent.
        if minutes_left(consent.request.expires_at, ctx.now).is_none() {
            self.fail(Failure::Request(RequestError::Expired));
            return Vec::new();
        }
        let Some(session) = ctx.session.cloned() else {
            self.fail(Failure::Store(Problem::Locked));
            return Vec::new();
        };
        self.run += 1;
        self.phase = Phase::Answering;
        self.steps = vec![if accept {
            Step::Sending
        } else {
            Step::Declining
        }];
        let run = self.run;
        let now = ctx.now;
        vec![Command::task(async move {
            let mut wallet = session.hold().await;
            let options = PresentOptions::default();
            let result = oid4vp::answer(&mut wallet, &consent, accept, &options, now)
                .await
                .map_err(|e| Failure::from(&e));
            AnyDone::Present(Done::Answered { run, result })
        })]
    }

    fn reset(&mut self) {
        self.phase = Phase::Waiting;
        self.link_bad = false;
        self.consent = None;
        self.steps.clear();
        self.failure = None;
        self.stop = None;
    }
}

/// Reads the request: fetched (the step sent first), then checked and
/// matched with the wallet held; the end is sent on `tx`.
async fn check(
    session: Session,
    link: RequestLink,
    run: u64,
    now: OffsetDateTime,
    stopped: oneshot::Receiver<()>,
    tx: mpsc::UnboundedSender<AnyDone>,
) -> AnyDone {
    let steps = tx.clone();
    let work = async move {
        let _ = steps.send(AnyDone::Present(Done::Step {
            run,
            step: Step::Fetching,
        }));
        let jws = oid4vp::fetch_request(&link, &PresentOptions::default()).await?;
        let _ = steps.send(AnyDone::Present(Done::Step {
            run,
            step: Step::Checking,
        }));
        let wallet = session.hold().await;
        oid4vp::prepare(&wallet, &link, &jws, now)
    };
    let result = match until_stopped(work, stopped).await {
        Some(Ok(consent)) => Ok(Box::new(consent)),
        Some(Err(e)) => Err(Failure::from(&e)),
        None => Err(Failure::Cancelled),
    };
    let _ = tx.send(AnyDone::Present(Done::Checked { run, result }));
    AnyDone::Present(Done::Ended)
}

impl Screen for State {
    type Event = PresentEvent;
    type View = PresentView;
    type Done = Done;

    fn title(&self, ctx: &Ctx) -> String {
        t(ctx.language, Str::PresentTitle, &[])
    }

    fn update(&mut self, event: PresentEvent, ctx: &Ctx) -> Vec<Command> {
        match event {
            PresentEvent::Paste { text } => {
                let text = Zeroizing::new(text);
                if self.busy() || matches!(self.phase, Phase::Answered { .. }) {
                    return Vec::new();
                }
                self.read(&text, ctx)
            }
            PresentEvent::Share => self.answer(true, ctx),
            PresentEvent::Decline => self.answer(false, ctx),
            PresentEvent::Cancel => {
                if matches!(self.phase, Phase::Checking)
                    && let Some(stop) = self.stop.take()
                {
                    let _ = stop.send(());
                }
                Vec::new()
            }
            PresentEvent::ScanAgain => {
                if !self.busy() {
                    self.reset();
                }
                Vec::new()
            }
            PresentEvent::Close => {
                if let Some(stop) = self.stop.take() {
                    let _ = stop.send(());
                }
                vec![Command::Back]
            }
        }
    }

    fn scanned(&mut self, text: String, ctx: &Ctx) -> Vec<Command> {
        // The camera reports every frame: only the first request counts.
        if self.needs().camera {
            return self.read(&Zeroizing::new(text), ctx);
        }
        Vec::new()
    }

    fn done(&mut self, done: Done, _ctx: &Ctx) -> Vec<Command> {
        match done {
            Done::Step { run, step } if run == self.run && self.busy() => {
                self.steps.push(step);
            }
            Done::Checked { run, result } if run == self.run && self.busy() => {
                self.stop = None;
                match result {
                    Ok(consent) => {
                        self.consent = Some(consent);
                        self.phase = Phase::Consent;
                    }
                    Err(Failure::Cancelled) => {
                        self.reset();
                        self.failure = Some(Failure::Cancelled);
                    }
                    Err(failure) => self.fail(failure),
                }
            }
            Done::Answered { run, result } if run == self.run && self.busy() => match result {
                Ok(outcome) => {
                    self.phase = Phase::Answered {
                        shared: matches!(outcome, PresentOutcome::Sent { .. }),
                    };
                }
                Err(failure) => self.fail(failure),
            },
            _ => {}
        }
        Vec::new()
    }

    fn needs(&self) -> Needs {
        Needs {
            camera: matches!(self.phase, Phase::Waiting),
            ..Needs::default()
        }
    }

    fn view(&self, ctx: &Ctx) -> PresentView {
        let l = ctx.language;
        let busy = self.busy();
        let last = self.steps.len().saturating_sub(1);
        let service = self.consent.as_ref().map(|c| {
            l.pick(&c.request.service_name.vi, &c.request.service_name.en)
                .to_owned()
        });
        let consent = match (&self.phase, &self.consent, &service) {
            (Phase::Consent | Phase::Answering, Some(c), Some(service)) => {
                let expires = match minutes_left(c.request.expires_at, ctx.now) {
                    Some(1) => t(l, Str::PresentExpiresInOne, &[]),
                    Some(n) => t(l, Str::PresentExpiresIn, &[&n]),
                    None => t(l, Str::PresentErrorExpired, &[]),
                };
                Some(ConsentView {
                    service: service.clone(),
                    heading: t(l, Str::PresentAsks, &[service]),
                    registered_by: t(l, Str::PresentRegisteredBy, &[&c.request.attester_name]),
                    purpose_label: t(l, Str::PresentPurposeLabel, &[]),
                    purpose: l
                        .pick(&c.request.purpose.vi, &c.request.purpose.en)
                        .to_owned(),
                    what_label: t(l, Str::PresentWhatLabel, &[]),
                    documents: documents(c, l),
                    expires,
                })
            }
            _ => None,
        };
        let result = match (&self.phase, &self.consent, &service) {
            (Phase::Answered { shared }, Some(c), Some(service)) => Some(PresentResult {
                shared: *shared,
                text: if *shared {
                    t(l, Str::PresentShared, &[service])
                } else {
                    t(l, Str::PresentDeclined, &[service])
                },
                documents: if *shared { documents(c, l) } else { Vec::new() },
            }),
            _ => None,
        };
        let error = if self.link_bad {
            Some(t(l, Str::PresentErrorNotARequest, &[]))
        } else {
            self.failure.as_ref().map(|f| f.words(l))
        };
        PresentView {
            scanning: self.needs().camera,
            scan_label: t(l, Str::PresentScan, &[]),
            paste_label: t(l, Str::PresentPaste, &[]),
            // The steps are shown while the work runs; its end says the rest.
            steps: self
                .steps
                .iter()
                .filter(|_| busy)
                .enumerate()
                .map(|(i, step)| {
                    let text = step_text(*step, l);
                    let done = i < last;
                    let a11y = if done {
                        Str::OfferStepA11yDone
                    } else {
                        Str::OfferStepA11yCurrent
                    };
                    PresentStep {
                        accessibility_label: t(l, a11y, &[&text]),
                        text,
                        done,
                    }
                })
                .collect(),
            busy,
            can_cancel: matches!(self.phase, Phase::Checking) && self.stop.is_some(),
            cancel_label: t(l, Str::CommonCancel, &[]),
            consent,
            share_label: t(l, Str::PresentShare, &[]),
            decline_label: t(l, Str::PresentDecline, &[]),
            can_answer: matches!(self.phase, Phase::Consent)
                && self
                    .consent
                    .as_ref()
                    .is_some_and(|c| minutes_left(c.request.expires_at, ctx.now).is_some()),
            can_close: result.is_some() || (error.is_some() && !busy),
            result,
            error,
            can_scan_again: matches!(self.phase, Phase::Failed | Phase::Consent)
                || (matches!(self.phase, Phase::Waiting) && self.link_bad),
            scan_again_label: t(l, Str::PresentScanAgain, &[]),
            close_label: t(l, Str::PresentClose, &[]),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::HashSet;

    use time::macros::datetime;
    use vidi_core::keys::IssuerKey;
    use vidi_core::oid4vp::jwe::Enc;
    use vidi_core::oid4vp::{ConsentMatch, DcqlQuery, VerifiedRequest, Words};
    use vidi_core::store::DocumentId;

    use super::*;

    const EN: Language = Language::English;
    const VI: Language = Language::Vietnamese;

    fn every_request_error() -> Vec<RequestError> {
        vec![
            RequestError::Link("no client_id"),
            RequestError::Unsigned,
            RequestError::Malformed("header"),
            RequestError::UnknownService,
            RequestError::AttestationExpired,
            RequestError::ClientIdMismatch,
            RequestError::Signature,
            RequestError::Expired,
            RequestError::NotYetValid,
            RequestError::Replayed,
            RequestError::ResponseUri,
            RequestError::ResponseMode,
            RequestError::EncryptionKey,
            RequestError::Query("claim_sets"),
        ]
    }

    fn every_other_failure() -> Vec<Failure> {
        vec![
            Failure::NotHeld {
                document: Some(DocumentType::NationalId),
                missing: vec!["place_of_residence".into()],
            },
            Failure::NotHeld {
                document: None,
                missing: vec!["full_name".into()],
            },
            Failure::NoTrustList,
            Failure::Network {
                endpoint: Endpoint::PresentationRequest,
                problem: NetworkProblem::Connect,
            },
            Failure::Network {
                endpoint: Endpoint::PresentationResponse,
                problem: NetworkProblem::Timeout,
            },
            Failure::Network {
                endpoint: Endpoint::PresentationRequest,
                problem: NetworkProblem::UntrustedCertificate,
            },
            Failure::Refused {
                status: 400,
                reason: Some("session closed".into()),
            },
            Failure::Refused {
                status: 500,
                reason: None,
            },
            Failure::Protocol,
            Failure::Presentation,
            Failure::Encryption,
            Failure::Store(Problem::Locked),
            Failure::Cancelled,
        ]
    }

    #[test]
    fn every_refusal_has_its_own_sentence_in_both_languages() {
        for l in [EN, VI] {
            let failures: Vec<Failure> = every_request_error()
                .into_iter()
                .map(Failure::Request)
                .chain(every_other_failure())
                .collect();
            let words: Vec<String> = failures.iter().map(|f| f.words(l)).collect();
            let distinct: HashSet<&String> = words.iter().collect();
            assert_eq!(distinct.len(), words.len(), "{words:#?}");
            let generic = t(l, Str::PresentErrorRequestOther, &[]);
            assert!(!words.contains(&generic), "each variant is worded");
            for w in &words {
                assert!(!w.contains('{'), "argument left in {w}");
            }
        }
        assert_eq!(
            Failure::Request(RequestError::Replayed).words(EN),
            "This request was already answered. Start again on the service's page for a new one."
        );
        assert_eq!(
            Failure::Refused {
                status: 400,
                reason: Some("session closed".into())
            }
            .words(EN),
            "The service refused: session closed"
        );
        assert_eq!(
            Failure::Refused {
                status: 503,
                reason: None
            }
            .words(VI),
            "Dịch vụ từ chối (mã 503)."
        );
    }

    #[test]
    fn claims_not_held_are_named_in_the_app_s_labels() {
        let not_held = PresentError::NotHeld {
            document: sdjwt::vct(DocumentType::DrivingLicence).to_owned(),
            missing: vec!["licence_classes".into(), "age_over_18".into()],
        };
        let failure = Failure::from(&not_held);
        assert_eq!(
            failure.words(EN),
            "Your wallet has no driving licence with what is asked: classes and aged 18 or over."
        );
        assert_eq!(
            failure.words(VI),
            "Ví không có giấy phép lái xe với các thông tin được yêu cầu: hạng và đủ 18 tuổi."
        );
        assert_eq!(claim_words("age_over_21", EN), "aged 21 or over");
        // A type the wallet does not know, and a claim it has no label for.
        let unknown = PresentError::NotHeld {
            document: "urn:example:library-card".into(),
            missing: vec!["full_name".into(), "shelf".into()],
        };
        assert_eq!(
            Failure::from(&unknown).words(EN),
            "Your wallet has no document with what is asked: full name and shelf."
        );
    }

    #[test]
    fn a_refusal_keeps_the_service_s_reason_or_its_status() {
        let refused = PresentError::Refused {
            status: 400,
            error: Some(vidi_core::oid4vci::OAuthError {
                error: "invalid_request".into(),
                error_description: Some("the session has ended".into()),
                vidi_reason: None,
                tries_left: None,
            }),
        };
        assert_eq!(
            Failure::from(&refused),
            Failure::Refused {
                status: 400,
                reason: Some("the session has ended".into())
            }
        );
        let bare = PresentError::Refused {
            status: 502,
            error: None,
        };
        assert_eq!(
            Failure::from(&bare),
            Failure::Refused {
                status: 502,
                reason: None
            }
        );
    }

    #[test]
    fn events_never_print_the_link() {
        let paste = PresentEvent::Paste {
            text: "openid4vp://?client_id=x&request_uri=https%3A%2F%2Frp%2Fsession-secret".into(),
        };
        assert!(!format!("{paste:?}").contains("session-secret"));
        assert_eq!(format!("{:?}", PresentEvent::Share), "Share");
    }

    #[test]
    fn minutes_left_round_up_and_end_at_expiry() {
        let now = datetime!(2026-12-06 08:00 UTC);
        let m = |s: i64| minutes_left(now + time::Duration::seconds(s), now);
        assert_eq!(m(300), Some(5));
        assert_eq!(m(299), Some(5));
        assert_eq!(m(241), Some(5));
        assert_eq!(m(240), Some(4));
        assert_eq!(m(1), Some(1));
        assert_eq!(m(0), None);
        assert_eq!(m(-5), None);
    }

    fn consent() -> Consent {
        let key = IssuerKey::generate(1).unwrap().public_key();
        let matched = |query: &str, document_type, claims: &[&str]| ConsentMatch {
            query_id: query.into(),
            document: DocumentId::new("0123abcd"),
            document_type,
            claims: claims.iter().map(|c| (*c).to_owned()).collect(),
        };
        Consent {
            request: VerifiedRequest {
                client_id: "verifier_attestation:residence".into(),
                service_name: Words::new("Cổng dịch vụ công", "Public service portal"),
                attester_name: "Bộ Công an".into(),
                purpose: Words::new("Xác nhận cư trú", "Confirm residence"),
                query: DcqlQuery::one("id", sdjwt::vct(DocumentType::NationalId), &["full_name"]),
                nonce: "n".into(),
                state: "s".into(),
                response_uri: "https://rp.example/response".into(),
                response_key: key,
                response_kid: None,
                enc: Enc::A128Gcm,
                expires_at: datetime!(2026-12-06 08:05 UTC),
            },
            matches: vec![
                matched(
                    "id",
                    DocumentType::NationalId,
                    &["full_name", "place_of_residence"],
                ),
                matched("dl", DocumentType::DrivingLicence, &["licence_classes"]),
                matched(
                    "id2",
                    DocumentType::NationalId,
                    &["full_name", "age_over_18"],
                ),
            ],
            trust_fetched_at: datetime!(2026-12-06 07:00 UTC),
        }
    }

    #[test]
    fn the_claims_asked_are_grouped_by_document_in_labels() {
        let c = consent();
        assert_eq!(
            documents(&c, EN),
            [
                SharedDocument {
                    document: "Identity card".into(),
                    claims: vec![
                        "Full name".into(),
                        "Place of residence".into(),
                        "Aged 18 or over".into()
                    ],
                },
                SharedDocument {
                    document: "Driving licence".into(),
                    claims: vec!["Classes".into()],
                },
            ]
        );
        assert_eq!(documents(&c, VI)[0].claims[0], "Họ, chữ đệm và tên");
    }
}
