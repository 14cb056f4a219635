//! What every request shares: the database and the configuration.

use std::net::SocketAddr;
use std::sync::Arc;

use time::Date;
use vidi_core::issuer::VIETNAM;

use crate::config::Config;
use crate::db::{self, Database};
use crate::list_cache::{ListCache, Signing};

/// The server's shared state.
pub struct AppState {
    /// The database.
    pub db: Database,
    /// The configuration it was started with.
    pub config: Config,
    /// Where it listens.
    pub local_addr: SocketAddr,
    /// The signed lists as served.
    pub lists: Arc<ListCache>,
    /// What signing the lists needs from the configuration.
    pub signing: Arc<Signing>,
    /// The mock online public service (OpenID4VP relying party).
    pub rp: Arc<crate::rp::RelyingParty>,
}

impl AppState {
    /// `https` when serving TLS, else `http`.
    pub fn scheme(&self) -> &'static str {
        if self.config.tls.is_some() {
            "https"
        } else {
            "http"
        }
    }

    /// The base URL of the listener as seen from this machine: the
    /// configured public URL, else `http://127.0.0.1:PORT` (or the listen
    /// address when it is a specific one; `https://` when serving TLS).
    pub fn local_base_url(&self) -> String {
        if let Some(url) = &self.config.public_url {
            return url.clone();
        }
        let port = self.local_addr.port();
        let scheme = self.scheme();
        match self.local_addr.ip() {
            ip if ip.is_unspecified() => format!("{scheme}://127.0.0.1:{port}"),
            std::net::IpAddr::V6(ip) => format!("{scheme}://[{ip}]:{port}"),
            std::net::IpAddr::V4(ip) => format!("{scheme}://{ip}:{port}"),
        }
    }
}

/// Today in Vietnam, the day documents are judged on.
pub fn today() -> Date {
    db::time_of(db::now_ms()).to_offset(VIETNAM).date()
}
