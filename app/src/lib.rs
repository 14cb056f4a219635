//! `vidi-app`: the apps' core. Every screen of the citizen and verifier
//! apps, their state, their rules and every word they show, in Rust, in
//! the Elm shape that Crux made the reference for Rust apps with native
//! shells:
//!
//! - **events in**: [`Event`], what the user did or the platform reported
//!   (a tap, a typed PIN, a camera frame, a timer, the app going to the
//!   background);
//! - **one view model out**: [`ViewModel`], what the shell draws, already
//!   in the phone's language (Vietnamese or English), accessibility labels
//!   included;
//! - **effects the shell performs**: [`Effect`], what only the platform
//!   can do (a biometric prompt, a file picker, the share sheet, closing
//!   the app). Long-lived platform states (the camera on, full brightness,
//!   secure display, the tick timer) are fields of the view model instead:
//!   the shell keeps the platform in step with them.
//!
//! Work that takes time (unlocking with scrypt, issuance and sync over
//! HTTP, backups) runs as tasks on the shell's tokio runtime ([`Core`]);
//! each ends in a message back to [`App::update`]. The rules stay pure and
//! synchronous, so they are tested in milliseconds (`tests/`), and a shell
//! only draws.
//!
//! With the `uniffi` feature, events, view models and effects are uniffi
//! records and enums, so Kotlin and Swift get native types through
//! `vidi-ffi` with no second serialisation layer.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod app;
mod driver;
mod effect;
mod event;
mod lock_state;
mod nav;
mod platform;
mod problem;
pub mod screens;
mod view;
pub mod words;

pub use app::{App, BACKGROUND_GRACE_SECONDS, IDLE_SECONDS, Msg, Outgoing};
pub use driver::{Core, Shell};
pub use effect::Effect;
pub use event::{Event, Lifecycle};
pub use nav::{Mode, Route};
pub use platform::{Clock, Platform, SystemClock, UnlockMethod};
#[cfg(feature = "testing")]
pub use platform::{ManualClock, pin_key_provider};
pub use problem::Problem;
pub use view::{
    AutoLockView, Header, MenuAction, MenuItem, PlatformView, ScreenView, ShellWords, ViewModel,
};
pub use words::Language;

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("vidi_app");
