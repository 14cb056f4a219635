//! Vidi's shared core: the three Vietnamese identity documents, the compact
//! checkpoint QR proof (format version 1), and the offline verifier.
//!
//! Everything the apps and the CLI do lives here; `vidi-ffi` only wraps it.
//! The proof format is specified byte by byte in `docs/proof-format.md`.
#![forbid(unsafe_code)]

pub mod app_lock;
pub mod claims;
pub mod credential;
pub mod document;
pub mod error;
pub mod fs;
pub mod http;
pub mod issuance;
pub mod issuer;
pub mod keys;
pub mod oid4vci;
pub mod perf;
pub mod presentation;
pub mod preset;
pub mod qr;
pub mod sample;
pub mod store;
pub mod sync;
pub mod tree;
pub mod trust;
pub mod verifier;
