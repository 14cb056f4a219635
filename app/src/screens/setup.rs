//! First run: the issuer's URL (the platform's default proposed, checked
//! by core's `check_server_url`), the unlock method (a 6-digit app PIN, or
//! the phone's biometric when it has one), then the wallet is made with
//! the platform's key provider for that method and its device key store.
//! The settings are saved before the wallet file is written, so a wallet
//! file always has its settings (a crash in between only repeats first
//! run). The PINs travel in the submit event and are wiped after use.

use std::sync::Arc;

use vidi_core::app_lock::{self, PIN_LENGTH, PinProblem};
use vidi_core::http::check_server_url;
use vidi_core::store;
use zeroize::Zeroizing;

use super::{Command, Ctx, Done as AnyDone, Screen, Session};
use crate::lock_state::LockState;
use crate::platform::{AppSettings, UnlockMethod};
use crate::problem::Problem;
use crate::words::{Str, t};

/// What the user does on the first-run screen.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SetupEvent {
    /// The server URL field changed.
    ServerUrl {
        /// Its text.
        url: String,
    },
    /// The unlock method was chosen.
    Method {
        /// Which.
        method: UnlockMethod,
    },
    /// "Create wallet", with the PIN typed twice (ignored for biometrics).
    Finish {
        /// The PIN.
        pin: String,
        /// The PIN typed again.
        confirm: String,
    },
}

impl std::fmt::Debug for SetupEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ServerUrl { .. } => f.write_str("ServerUrl"),
            Self::Method { method } => write!(f, "Method({method:?})"),
            Self::Finish { .. } => f.write_str("Finish(hidden)"),
        }
    }
}

/// What the first-run screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SetupView {
    /// The introduction.
    pub intro: String,
    /// The server URL field's label.
    pub server_url_label: String,
    /// The URL as typed (the platform's default at first).
    pub server_url: String,
    /// What is wrong with it.
    pub server_url_error: Option<String>,
    /// The method chooser's label.
    pub method_label: String,
    /// The method chosen.
    pub method: UnlockMethod,
    /// The PIN choice's words.
    pub method_pin: String,
    /// The biometric choice's words.
    pub method_biometric: String,
    /// Whether the phone can unlock with biometrics.
    pub biometric_available: bool,
    /// Why biometrics cannot be chosen, when they cannot.
    pub biometric_note: Option<String>,
    /// The PIN fields' labels (shown for the PIN method).
    pub pin_label: String,
    /// The confirmation field's label.
    pub pin_confirm_label: String,
    /// Digits in a PIN.
    pub pin_length: u32,
    /// What is wrong with the PIN.
    pub pin_error: Option<String>,
    /// A failure creating the wallet.
    pub error: Option<String>,
    /// The button's words ("Creating the wallet…" while busy).
    pub finish_label: String,
    /// Creating the wallet.
    pub busy: bool,
}

/// A task's result.
pub enum Done {
    /// The URL was refused.
    BadUrl,
    /// The wallet exists, unlocked.
    Created(Box<Session>, AppSettings),
    /// Creating it failed.
    Failed(Problem),
}

/// The first-run screen.
pub struct State {
    server_url: String,
    server_url_bad: bool,
    method: UnlockMethod,
    pin_problem: Option<PinProblem>,
    error: Option<Problem>,
    busy: bool,
}

impl State {
    /// The screen with the platform's default URL.
    pub fn enter(ctx: &Ctx) -> Self {
        Self {
            server_url: ctx.server_url(),
            server_url_bad: false,
            method: UnlockMethod::Pin,
            pin_problem: None,
            error: None,
            busy: false,
        }
    }

    fn finish(
        &mut self,
        pin: Zeroizing<String>,
        confirm: Zeroizing<String>,
        ctx: &Ctx,
    ) -> Vec<Command> {
        if self.busy {
            return Vec::new();
        }
        self.error = None;
        self.pin_problem = None;
        if self.method == UnlockMethod::Pin
            && let Some(problem) = app_lock::pin_problem(&pin, &confirm)
        {
            self.pin_problem = Some(problem);
            return Vec::new();
        }
        self.busy = true;
        self.server_url_bad = false;
        let url = self.server_url.trim().to_owned();
        let method = self.method;
        let platform = ctx.platform.clone();
        vec![Command::task(async move {
            let Ok(url) = check_server_url(&url) else {
                return AnyDone::Setup(Done::BadUrl);
            };
            let settings = AppSettings {
                server_url: Some(url),
                unlock_method: Some(method),
            };
            let made = tokio::task::spawn_blocking(move || -> Result<_, Problem> {
                let problem = |e: store::StoreError| Problem::from(&e);
                settings
                    .save(&platform.settings_path())
                    .map_err(|_| Problem::Other)?;
                let key = platform.wallet_key(method, Some(pin.as_str()));
                let mut wallet = store::Wallet::create(platform.wallet_path(), key.provider())
                    .map_err(problem)?;
                if let Some(keys) = &platform.device_keys {
                    wallet.set_device_key_store(Arc::clone(keys));
                }
                LockState::default()
                    .write(
                        &wallet,
                        platform.key_provider.as_ref(),
                        platform.clock.now(),
                    )
                    .map_err(problem)?;
                Ok((wallet, settings))
            })
            .await;
            AnyDone::Setup(match made {
                Ok(Ok((wallet, settings))) => {
                    Done::Created(Box::new(Session::new(wallet)), settings)
                }
                Ok(Err(problem)) => Done::Failed(problem),
                Err(_) => Done::Failed(Problem::Other),
            })
        })]
    }
}

impl Screen for State {
    type Event = SetupEvent;
    type View = SetupView;
    type Done = Done;

    fn title(&self, ctx: &Ctx) -> String {
        t(ctx.language, Str::SetupTitle, &[])
    }

    fn update(&mut self, event: SetupEvent, ctx: &Ctx) -> Vec<Command> {
        match event {
            SetupEvent::ServerUrl { url } => {
                self.server_url = url;
                self.server_url_bad = false;
                Vec::new()
            }
            SetupEvent::Method { method } => {
                if method == UnlockMethod::Biometric && !ctx.platform.biometric_available {
                    return Vec::new();
                }
                self.method = method;
                self.pin_problem = None;
                Vec::new()
            }
            SetupEvent::Finish { pin, confirm } => {
                self.finish(Zeroizing::new(pin), Zeroizing::new(confirm), ctx)
            }
        }
    }

    fn done(&mut self, done: Done, _ctx: &Ctx) -> Vec<Command> {
        self.busy = false;
        match done {
            Done::BadUrl => {
                self.server_url_bad = true;
                Vec::new()
            }
            Done::Failed(problem) => {
                self.error = Some(problem);
                Vec::new()
            }
            Done::Created(session, settings) => {
                self.server_url = settings.server_url.clone().unwrap_or_default();
                vec![Command::Settings(settings), Command::Opened(*session)]
            }
        }
    }

    fn view(&self, ctx: &Ctx) -> SetupView {
        let l = ctx.language;
        SetupView {
            intro: t(l, Str::SetupIntro, &[]),
            server_url_label: t(l, Str::SetupServerUrlLabel, &[]),
            server_url: self.server_url.clone(),
            server_url_error: self
                .server_url_bad
                .then(|| t(l, Str::SetupServerUrlInvalid, &[])),
            method_label: t(l, Str::SetupMethodLabel, &[]),
            method: self.method,
            method_pin: t(l, Str::SetupMethodPin, &[]),
            method_biometric: t(l, Str::SetupMethodBiometric, &[]),
            biometric_available: ctx.platform.biometric_available,
            biometric_note: (!ctx.platform.biometric_available)
                .then(|| t(l, Str::SetupBiometricUnavailable, &[])),
            pin_label: t(l, Str::SetupPinLabel, &[]),
            pin_confirm_label: t(l, Str::SetupPinConfirmLabel, &[]),
            pin_length: PIN_LENGTH as u32,
            pin_error: self.pin_problem.map(|p| pin_problem_words(p, ctx)),
            error: self.error.map(|p| p.words(l)),
            finish_label: t(
                l,
                if self.busy {
                    Str::SetupCreating
                } else {
                    Str::SetupFinish
                },
                &[],
            ),
            busy: self.busy,
        }
    }
}

fn pin_problem_words(problem: PinProblem, ctx: &Ctx) -> String {
    let l = ctx.language;
    match problem {
        PinProblem::Length => t(l, Str::SetupPinLength, &[&PIN_LENGTH]),
        PinProblem::OneDigit => t(l, Str::SetupPinOneDigit, &[]),
        PinProblem::Run => t(l, Str::SetupPinRun, &[]),
        PinProblem::Mismatch => t(l, Str::SetupPinMismatch, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_never_prints_the_pin() {
        let event = SetupEvent::Finish {
            pin: "246810".into(),
            confirm: "246810".into(),
        };
        let printed = format!("{event:?}");
        assert!(!printed.contains("246810"), "{printed}");
    }
}
