//! The unlock screen: the app PIN, or the phone's biometric prompt.
//!
//! Each try opens the wallet file with the platform's key provider for the
//! PIN typed (the PIN layered inside the platform's key) and unlocks it.
//! After [`FREE_ATTEMPTS`] wrong PINs in a row every further one costs a
//! wait of 30 s, doubled each time up to 64 minutes (core's `app_lock`).
//! The count and the end of the wait are sealed into the wallet file with
//! the platform's key before the screen hears of the failure
//! (`lock_state`), so neither a restart nor editing a file resets them.
//! Biometric failures are counted by the phone.
//!
//! When the platform's key no longer opens the wallet (a phone restored
//! from a device backup brings the file back without its this-device-only
//! key), no PIN can help: the screen says so and offers to start again
//! and restore a Vidi backup.

use vidi_core::app_lock::{self, PIN_LENGTH};
use vidi_core::store::{self, StoreError};
use zeroize::Zeroizing;

use super::{Command, Ctx, Done as AnyDone, Needs, Screen, Session};
use crate::effect::Effect;
use crate::lock_state::LockState;
use crate::platform::{Platform, UnlockMethod};
use crate::problem::Problem;
use crate::words::{Str, t};

/// What the user does on the unlock screen.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum UnlockEvent {
    /// "Unlock" with the PIN typed.
    Submit {
        /// The PIN.
        pin: String,
    },
    /// "Unlock with fingerprint or face": the core asks for the prompt.
    UseBiometric,
    /// The biometric prompt's answer.
    Biometric {
        /// It recognised the user.
        ok: bool,
        /// The user dismissed it.
        cancelled: bool,
    },
    /// "Start again" (offered when the platform's key is gone).
    StartOver,
    /// "Delete and start again", confirmed.
    ConfirmStartOver,
    /// Not now.
    CancelStartOver,
}

impl std::fmt::Debug for UnlockEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Submit { .. } => f.write_str("Submit(hidden)"),
            Self::UseBiometric => f.write_str("UseBiometric"),
            Self::Biometric { ok, cancelled } => {
                write!(f, "Biometric(ok: {ok}, cancelled: {cancelled})")
            }
            Self::StartOver => f.write_str("StartOver"),
            Self::ConfirmStartOver => f.write_str("ConfirmStartOver"),
            Self::CancelStartOver => f.write_str("CancelStartOver"),
        }
    }
}

/// What the unlock screen draws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UnlockView {
    /// PIN or biometric.
    pub method: UnlockMethod,
    /// The PIN field's label.
    pub pin_label: String,
    /// Digits in the PIN.
    pub pin_length: u32,
    /// The submit button's words.
    pub submit_label: String,
    /// Whether a PIN may be submitted now (not busy, no wait).
    pub can_submit: bool,
    /// The biometric button's words.
    pub biometric_label: String,
    /// What went wrong.
    pub error: Option<String>,
    /// "2 tries left before a wait", after a wrong PIN.
    pub attempts_left: Option<String>,
    /// Seconds until a PIN may be tried; 0 when it may now.
    pub wait_seconds: u32,
    /// The wait in words ("Try again in 25 s"), while there is one.
    pub wait: Option<String>,
    /// Trying.
    pub busy: bool,
    /// An offer link (or a service's sign-in request) arrived: it opens
    /// after unlocking.
    pub offer_waiting: Option<String>,
    /// The platform's key is gone: this explains, and `start_over_label` starts again.
    pub key_gone: Option<String>,
    /// "Start again".
    pub start_over_label: String,
    /// Asking to confirm starting again: the question.
    pub confirm_start_over: Option<String>,
    /// The confirming button.
    pub confirm_start_over_label: String,
    /// The cancelling button.
    pub cancel_label: String,
}

/// A task's result.
pub enum Done {
    /// The lock state read at entry.
    Loaded(LockState),
    /// Unlocked.
    Unlocked(Box<Session>),
    /// A wrong PIN, counted.
    WrongPin(LockState),
    /// The platform's key does not open the wallet.
    KeyGone,
    /// Another failure.
    Failed(Problem),
    /// The wallet was deleted to start again.
    Deleted,
}

/// The unlock screen.
pub struct State {
    method: UnlockMethod,
    lock: LockState,
    error: Option<Error>,
    busy: bool,
    /// A link waits for unlocking: the words saying so.
    link_waiting: Option<Str>,
    key_gone: bool,
    confirm_start_over: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Error {
    PinLength,
    WrongPin,
    BiometricCancelled,
    BiometricFailed,
    Other(Problem),
}

impl State {
    /// The screen for the method chosen at first run; reads the wrong-PIN
    /// count from the wallet file, and asks for the prompt when the method
    /// is biometric.
    pub fn enter(ctx: &Ctx) -> (Self, Vec<Command>) {
        let method = ctx.settings.unlock_method.unwrap_or(UnlockMethod::Pin);
        let platform = ctx.platform.clone();
        let state = Self {
            method,
            lock: LockState::default(),
            error: None,
            busy: method == UnlockMethod::Pin,
            link_waiting: None,
            key_gone: false,
            confirm_start_over: false,
        };
        let mut commands = Vec::new();
        if method == UnlockMethod::Pin {
            commands.push(Command::task(async move {
                let read = tokio::task::spawn_blocking(move || {
                    let wallet = store::Wallet::open(platform.wallet_path())?;
                    LockState::read(&wallet, platform.key_provider.as_ref())
                })
                .await;
                AnyDone::Unlock(match read {
                    Ok(Ok(lock)) => Done::Loaded(lock),
                    // Unreadable: as if tampered with, rather than no count at all.
                    Ok(Err(_)) | Err(_) => Done::Loaded(LockState::TAMPERED),
                })
            }));
        } else {
            commands.push(prompt(ctx));
        }
        (state, commands)
    }

    /// An offer link waits for the unlock (or no longer does).
    pub fn offer_waiting(&mut self, waiting: bool, _ctx: &Ctx) -> Vec<Command> {
        self.link_waiting = waiting.then_some(Str::UnlockOfferWaiting);
        Vec::new()
    }

    /// A service's sign-in request link arrived: it opens after unlocking.
    pub fn request_waiting(&mut self, _ctx: &Ctx) -> Vec<Command> {
        self.link_waiting = Some(Str::UnlockRequestWaiting);
        Vec::new()
    }

    fn submit(&mut self, pin: Zeroizing<String>, ctx: &Ctx) -> Vec<Command> {
        if self.busy || self.key_gone || self.lock.wait_seconds(ctx.now) > 0 {
            return Vec::new();
        }
        if pin.len() != PIN_LENGTH || !pin.bytes().all(|b| b.is_ascii_digit()) {
            self.error = Some(Error::PinLength);
            return Vec::new();
        }
        self.busy = true;
        self.error = None;
        vec![attempt(
            ctx.platform.clone(),
            UnlockMethod::Pin,
            Some(pin),
            self.lock,
        )]
    }
}

fn prompt(ctx: &Ctx) -> Command {
    Command::Effect(Effect::BiometricPrompt {
        title: t(ctx.language, Str::UnlockBiometricPromptTitle, &[]),
        cancel: t(ctx.language, Str::CommonCancel, &[]),
    })
}

/// Opens and unlocks the wallet; counts a wrong PIN in the sealed record.
fn attempt(
    platform: Platform,
    method: UnlockMethod,
    pin: Option<Zeroizing<String>>,
    lock: LockState,
) -> Command {
    Command::task(async move {
        let result = tokio::task::spawn_blocking(move || {
            let now = platform.clock.now();
            let mut wallet = store::Wallet::open(platform.wallet_path())
                .map_err(|e| Done::Failed(Problem::from(&e)))?;
            if let Some(keys) = &platform.device_keys {
                wallet.set_device_key_store(std::sync::Arc::clone(keys));
            }
            let key = platform.wallet_key(method, pin.as_deref().map(String::as_str));
            match wallet.unlock_at(key.provider(), now) {
                Ok(_) => {
                    if method == UnlockMethod::Pin {
                        LockState::default()
                            .write(&wallet, platform.key_provider.as_ref(), now)
                            .map_err(|e| Done::Failed(Problem::from(&e)))?;
                    }
                    Ok(Done::Unlocked(Box::new(Session::new(wallet))))
                }
                Err(e) if key.platform_key_gone(&e) => Err(Done::KeyGone),
                Err(
                    StoreError::WrongKey
                    | StoreError::KeyProvider(store::KeyProviderError::WrongKey),
                ) if method == UnlockMethod::Pin => {
                    // The record as stored now (not as this screen last saw
                    // it: another screen may have counted meanwhile).
                    let stored =
                        LockState::read(&wallet, platform.key_provider.as_ref()).unwrap_or(lock);
                    let next = stored.max_of(lock).after_wrong_pin(now);
                    next.write(&wallet, platform.key_provider.as_ref(), now)
                        .map_err(|e| Done::Failed(Problem::from(&e)))?;
                    Err(Done::WrongPin(next))
                }
                Err(e) => Err(Done::Failed(Problem::from(&e))),
            }
        })
        .await;
        AnyDone::Unlock(match result {
            Ok(Ok(done) | Err(done)) => done,
            Err(_) => Done::Failed(Problem::Other),
        })
    })
}

impl LockState {
    /// The stricter of two states.
    fn max_of(self, other: Self) -> Self {
        if other.failed > self.failed {
            other
        } else {
            self
        }
    }
}

impl Screen for State {
    type Event = UnlockEvent;
    type View = UnlockView;
    type Done = Done;

    fn title(&self, ctx: &Ctx) -> String {
        t(ctx.language, Str::UnlockTitle, &[])
    }

    fn update(&mut self, event: UnlockEvent, ctx: &Ctx) -> Vec<Command> {
        match event {
            UnlockEvent::Submit { pin } => self.submit(Zeroizing::new(pin), ctx),
            UnlockEvent::UseBiometric => {
                if self.busy || self.key_gone || self.method != UnlockMethod::Biometric {
                    return Vec::new();
                }
                vec![prompt(ctx)]
            }
            UnlockEvent::Biometric { ok, cancelled } => {
                if self.busy || self.key_gone || self.method != UnlockMethod::Biometric {
                    return Vec::new();
                }
                if !ok {
                    self.error = Some(if cancelled {
                        Error::BiometricCancelled
                    } else {
                        Error::BiometricFailed
                    });
                    return Vec::new();
                }
                self.busy = true;
                self.error = None;
                vec![attempt(
                    ctx.platform.clone(),
                    UnlockMethod::Biometric,
                    None,
                    self.lock,
                )]
            }
            UnlockEvent::StartOver => {
                if self.key_gone && !self.busy {
                    self.confirm_start_over = true;
                }
                Vec::new()
            }
            UnlockEvent::CancelStartOver => {
                self.confirm_start_over = false;
                Vec::new()
            }
            UnlockEvent::ConfirmStartOver => {
                if !self.confirm_start_over || self.busy {
                    return Vec::new();
                }
                self.busy = true;
                let platform = ctx.platform.clone();
                vec![Command::task(async move {
                    let deleted =
                        tokio::task::spawn_blocking(move || delete_wallet(&platform)).await;
                    AnyDone::Unlock(match deleted {
                        Ok(Ok(())) => Done::Deleted,
                        Ok(Err(_)) | Err(_) => Done::Failed(Problem::Other),
                    })
                })]
            }
        }
    }

    fn done(&mut self, done: Done, _ctx: &Ctx) -> Vec<Command> {
        self.busy = false;
        match done {
            Done::Loaded(lock) => {
                self.lock = lock;
                Vec::new()
            }
            Done::Unlocked(session) => {
                self.lock = LockState::default();
                vec![Command::Opened(*session)]
            }
            Done::WrongPin(lock) => {
                self.lock = lock;
                self.error = Some(Error::WrongPin);
                Vec::new()
            }
            Done::KeyGone => {
                self.key_gone = true;
                self.error = None;
                Vec::new()
            }
            Done::Failed(problem) => {
                self.error = Some(Error::Other(problem));
                Vec::new()
            }
            Done::Deleted => {
                self.confirm_start_over = false;
                vec![Command::Reset]
            }
        }
    }

    fn tick(&mut self, ctx: &Ctx) -> Vec<Command> {
        if self.lock.wait_seconds(ctx.now) == 0
            && self.error == Some(Error::WrongPin)
            && self.lock.locked_until.is_some()
        {
            // The wait is over: the error about it goes too.
            self.error = None;
        }
        Vec::new()
    }

    fn needs(&self) -> Needs {
        Needs {
            tick_ms: self.lock.locked_until.map(|_| 1000),
            ..Needs::default()
        }
    }

    fn view(&self, ctx: &Ctx) -> UnlockView {
        let l = ctx.language;
        let wait_seconds = self.lock.wait_seconds(ctx.now);
        let error = self.error.map(|e| match e {
            Error::PinLength => t(l, Str::UnlockPinLength, &[&PIN_LENGTH]),
            Error::WrongPin if wait_seconds > 0 => t(l, Str::UnlockWrongPinWait, &[&wait_seconds]),
            Error::WrongPin => t(
                l,
                Str::UnlockWrongPin,
                &[&app_lock::attempts_left(self.lock.failed)],
            ),
            Error::BiometricCancelled => t(l, Str::UnlockBiometricCancelled, &[]),
            Error::BiometricFailed => t(l, Str::UnlockBiometricFailed, &[]),
            Error::Other(p) => p.words(l),
        });
        let attempts_left = (self.lock.failed > 0 && self.method == UnlockMethod::Pin).then(|| {
            t(
                l,
                Str::UnlockAttemptsLeft,
                &[&app_lock::attempts_left(self.lock.failed)],
            )
        });
        UnlockView {
            method: self.method,
            pin_label: t(l, Str::UnlockPinLabel, &[]),
            pin_length: PIN_LENGTH as u32,
            submit_label: t(l, Str::UnlockSubmit, &[]),
            can_submit: !self.busy && !self.key_gone && wait_seconds == 0,
            biometric_label: t(l, Str::UnlockUseBiometric, &[]),
            error,
            attempts_left,
            wait_seconds,
            wait: (wait_seconds > 0).then(|| t(l, Str::UnlockWait, &[&wait_seconds])),
            busy: self.busy,
            offer_waiting: self.link_waiting.map(|words| t(l, words, &[])),
            key_gone: self.key_gone.then(|| t(l, Str::UnlockKeyGone, &[])),
            start_over_label: t(l, Str::UnlockStartOver, &[]),
            confirm_start_over: self
                .confirm_start_over
                .then(|| t(l, Str::UnlockStartOverConfirm, &[])),
            confirm_start_over_label: t(l, Str::UnlockStartOverYes, &[]),
            cancel_label: t(l, Str::CommonCancel, &[]),
        }
    }
}

/// Deletes the wallet file (with SQLite's journal files) and the settings.
fn delete_wallet(platform: &Platform) -> std::io::Result<()> {
    let wallet = platform.wallet_path();
    for suffix in ["", "-wal", "-shm"] {
        let mut path = wallet.clone().into_os_string();
        path.push(suffix);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    match std::fs::remove_file(platform.settings_path()) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_never_prints_the_pin() {
        let event = UnlockEvent::Submit {
            pin: "246810".into(),
        };
        let printed = format!("{event:?}");
        assert!(!printed.contains("246810"), "{printed}");
    }
}
