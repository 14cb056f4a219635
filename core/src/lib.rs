//! Vidi's shared core: the three Vietnamese identity documents, the compact
//! checkpoint QR proof (format version 1), and the offline verifier.
//!
//! Everything the apps and the CLI do lives here; `vidi-ffi` only wraps it.
//! The proof format is specified byte by byte in `docs/proof-format.md`.
//!
//! The feature `test-support` adds what only tests, demos, the mock issuer
//! and benchmarks use: the built-in test issuer ([`sample`], keys from a
//! public seed), the seeded citizens (`document::citizens`,
//! `document::sample`), filling a wallet without an issuance server
//! (`store::CitizenDocuments`), the old-schema writers (`store::legacy`) and
//! the proof benchmark (`perf`). The phone library is built without it.
#![forbid(unsafe_code)]

pub mod app_lock;
pub mod card;
pub mod claims;
pub mod credential;
pub mod document;
pub mod error;
pub mod format;
pub mod fs;
pub mod http;
pub mod issuance;
pub mod issuer;
pub mod keys;
pub mod oid4vci;
pub mod oid4vp;
#[cfg(feature = "test-support")]
pub mod perf;
pub mod presentation;
pub mod preset;
pub mod qr;
#[cfg(any(test, feature = "test-support"))]
pub mod sample;
pub mod sdjwt;
pub mod store;
pub mod sync;
pub mod tree;
pub mod trust;
pub mod verifier;
pub mod viscii;
