//! Vidi's shared core: the three Vietnamese identity documents, the compact
//! checkpoint QR proof (format version 1), and the offline verifier.
//!
//! Everything the apps and the CLI do lives here; `vidi-ffi` only wraps it.
#![forbid(unsafe_code)]

pub mod document;
pub mod qr;
