//! `vidi-ffi`: the uniffi exports of `vidi-core` for the Kotlin and Swift
//! apps, in one namespace, `vidi`. Only wrappers live here: the public
//! error (`VidiError`), the foreign traits the platforms implement
//! (`KeyProvider`, `DeviceKeyStore`, `IssuanceProgress`), the async
//! runtime, and conversions to records an app shows as they are. Every
//! rule is in core.
//!
//! - `AppCore`: the app core (vidi-app: every screen's state, rules and
//!   words) with the platform's keys, drawing through the shell's
//!   `AppShell`. Its events, view models and effects are vidi-app's uniffi
//!   types (namespace `vidi_app`).
//! - `Wallet`: create or open an encrypted wallet file with a platform
//!   key provider; unlock, list and show documents, present them as QR
//!   codes, read the activity log, back up and restore. Synchronous.
//! - `accept_offer`, `rebind`: issuance from an OpenID4VCI offer and a
//!   PIN. Async, cancellable.
//! - `Verifier`: sync a trust and status list cache (async), verify
//!   scanned proofs offline into a `Verdict`.
//! - `check_server_url`, `read_offer`: the first-run server address and an
//!   offer link, checked offline.
//! - `read_qr_image`: the texts of the QR codes in a PNG or JPEG picture
//!   (the desktop's stand-in for the camera).
//! - `pin_key_provider`: the app PIN layered over a platform key provider.
//! - `software_key_provider`, `memory_key_provider`,
//!   `memory_device_key_store`: Rust implementations of the foreign
//!   traits, for tests, desktops and emulators.
//!
//! - On Android, `PlatformTls.init(context)` (JNI, `android.rs`): the
//!   app's `Context` for the platform certificate verifier, before any
//!   HTTPS request.
//!
//! Nothing here panics across the boundary: no `unwrap`, and async work
//! runs as runtime tasks whose panics come back as `VidiError::Other`
//! (uniffi catches panics in synchronous calls itself).
//!
//! Bindings: `scripts/bindings.sh` (see `docs/bindings.md`).
// No unsafe code; on Android the one JNI export (`android.rs`) is
// `no_mangle`, which the lint counts, so there it is denied, not forbidden.
#![cfg_attr(not(target_os = "android"), forbid(unsafe_code))]
#![cfg_attr(target_os = "android", deny(unsafe_code))]

mod activity;
#[cfg(any(target_os = "android", test))]
mod android;
mod app;
mod card;
mod convert;
mod documents;
mod error;
mod issuance;
mod keys;
mod offers;
mod pin_key;
mod qr_image;
mod runtime;
mod verifier;
mod wallet;

pub use activity::{ActivityEvent, BackupReport, LogEntry, LogFilter, RestoreReport, UnlockReport};
pub use app::{AppConfig, AppCore, AppShell, language_for};
pub use card::{CardLayout, CardTheme};
pub use convert::{ClaimLabel, DisplayField, DocumentType};
pub use documents::{
    CredentialSummary, Disclose, DocumentDetails, DocumentStatus, DocumentSummary, Presentation,
    PresetInfo, QrMatrix, format_version, presets,
};
pub use error::{QrImageProblem, VidiError};
pub use issuance::{
    AddedAs, CancelHandle, IssuanceProgress, IssuanceReport, IssuanceStep, IssuedDocument,
    RebindReport, accept_offer, rebind,
};
pub use keys::{
    CreatedDeviceKey, DeviceKeyStore, KeyProvider, memory_device_key_store, memory_key_provider,
    software_key_provider,
};
pub use offers::{OfferInfo, check_server_url, read_offer};
pub use pin_key::pin_key_provider;
pub use qr_image::read_qr_image;
pub use verifier::{CachedList, ListAge, ListSync, SyncOutcome, SyncReport, Verdict, Verifier};
pub use wallet::Wallet;

uniffi::setup_scaffolding!("vidi");
