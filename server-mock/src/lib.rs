//! `vidi-server-mock`: a mock national issuer for Vidi, for development and
//! tests. Not a real authority: its keys are made on first start and kept
//! in plain SQLite.
//!
//! It seeds test citizens (`vidi_core::document::citizens`), issues their
//! documents over OpenID4VCI 1.0 (pre-authorized code with a PIN, nonce
//! endpoint, batch credential requests) using the wire types of
//! `vidi_core::oid4vci`, and serves what verifiers sync: a trust list signed
//! by a trust anchor, and one IETF token status list per issuer key.
//!
//! Start it in process on a free loopback port:
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use vidi_server_mock::{Config, OfferRequest, start};
//!
//! let server = start(Config::ephemeral("/tmp/vidi-mock")).await?;
//! let base = server.base_url(); // http://127.0.0.1:PORT
//! let offer = server
//!     .admin()
//!     .create_offer(OfferRequest { citizen: 0, ..Default::default() })
//!     .await?;
//! println!("{base}: scan {} and enter PIN {}", offer.offer_uri, offer.pin);
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Synchronous callers use [`BackgroundServer`], which brings its own runtime.
#![forbid(unsafe_code)]

pub mod admin;
pub mod catalog;
pub mod citizens;
pub mod config;
mod conn;
pub mod credentials;
pub mod db;
pub mod error;
mod http;
pub mod issuance;
pub mod keys;
mod list_cache;
pub mod offers;
pub mod qr;
pub mod rp;
mod secrets;
mod server;
mod state;
pub mod status;
mod tls;
pub mod tokens;
pub mod trust;

pub use admin::{
    Admin, CitizenView, OfferCreated, OfferRequest, QrFormat, ReissueRequest, Rotation,
};
pub use config::{Config, TlsFiles, Ttls, default_data_dir};
pub use credentials::{Change, IssuedCredential};
pub use error::{Error, StartError};
pub use server::{BackgroundServer, Server, Startup, start};

/// Every route the server serves, as (method, path pattern):
/// `("POST", "/token")`, `("GET", "/offers/{id}")`, ... The router is built
/// from the same list, and `/openapi.json` documents each of them.
pub fn routes() -> Vec<(&'static str, &'static str)> {
    http::served()
}

/// The OpenAPI 3.0 document the server serves at `/openapi.json`.
pub const OPENAPI_JSON: &str = http::OPENAPI_JSON;
