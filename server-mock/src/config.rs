//! How the server is set up: where it keeps its data, where it listens, the
//! citizens it seeds and how long codes, tokens and nonces live.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use vidi_core::issuer::DEFAULT_VALIDITY;

/// The issuer name in the trust list and the metadata.
pub const DEFAULT_ISSUER_NAME: &str = "Vidi mock national issuer (not a real authority)";
/// The default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// The default citizen seed.
pub const DEFAULT_SEED: u64 = 1;
/// The default number of citizens.
pub const DEFAULT_CITIZENS: u32 = 60;
/// The fewest citizens the server seeds: enough for every edge case and a
/// crowd of ordinary ones.
pub const MIN_CITIZENS: u32 = 50;
/// The most proofs in one credential request.
pub const BATCH_SIZE: u32 = 10;

/// How long the short-lived things live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ttls {
    /// A credential offer and its pre-authorized code, from creation.
    pub offer: Duration,
    /// An access token.
    pub access_token: Duration,
    /// A nonce from the nonce endpoint.
    pub nonce: Duration,
    /// How far a proof's `iat` may be from the server's clock.
    pub proof_skew: Duration,
    /// `Cache-Control: max-age` of the trust list and status lists, and the
    /// status list token's `ttl`.
    pub list_max_age: Duration,
    /// A status list token is signed anew (new `iat`) when served and older
    /// than this, even without a change, so verifiers never see a stale one.
    pub status_list_refresh: Duration,
    /// A status list token's `exp` is its `iat` plus this (the verifier's
    /// default `max_status_age`).
    pub status_list_lifetime: Duration,
}

impl Default for Ttls {
    fn default() -> Self {
        Self {
            offer: Duration::from_secs(30 * 60),
            access_token: Duration::from_secs(10 * 60),
            nonce: Duration::from_secs(5 * 60),
            proof_skew: Duration::from_secs(5 * 60),
            list_max_age: Duration::from_secs(300),
            status_list_refresh: Duration::from_secs(60 * 60),
            status_list_lifetime: Duration::from_secs(48 * 60 * 60),
        }
    }
}

/// The server's settings. [`Config::new`] gives the defaults for a data
/// directory; tests set `listen` to `127.0.0.1:0` and shorten the [`Ttls`].
#[derive(Clone)]
pub struct Config {
    /// Where `vidi-server-mock.sqlite3` lives; created if missing.
    pub data_dir: PathBuf,
    /// Where to listen. Port 0 picks a free port.
    pub listen: SocketAddr,
    /// The seed of the test citizens (`vidi_core::document::citizens`).
    pub seed: u64,
    /// How many citizens, at least [`MIN_CITIZENS`].
    pub citizens: u32,
    /// The bearer token the admin API asks for. Required when `listen` is
    /// not a loopback address; when set, asked for on loopback too.
    pub admin_token: Option<String>,
    /// A fixed issuer identifier (base URL, no trailing slash). When `None`
    /// the identifier is `http://` + the request's `Host`, so that the same
    /// server is `http://10.0.2.2:PORT` to an Android emulator and
    /// `http://127.0.0.1:PORT` to an iOS simulator.
    pub public_url: Option<String>,
    /// The issuer's name in the trust list and metadata.
    pub issuer_name: String,
    /// The longest a credential lives; also how long a retired key stays in
    /// the trust list after retirement.
    pub credential_validity: time::Duration,
    /// Entries in each issuer key's status list.
    pub status_list_len: u32,
    /// Lifetimes.
    pub ttl: Ttls,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long a client has to send a request's line and headers, from
    /// when the server starts waiting for them (also the keep-alive wait
    /// between requests); then the connection is closed.
    pub header_read_timeout: Duration,
    /// A connection on which nothing is read or written for this long is
    /// closed (a stalled body upload or a client that stops reading).
    pub idle_timeout: Duration,
    /// The most connections served at once; more wait in the listen
    /// backlog until one closes.
    pub max_connections: usize,
    /// Write one line per request to stderr.
    pub log_requests: bool,
    /// Serve HTTPS with this certificate and key instead of plain HTTP.
    pub tls: Option<TlsFiles>,
}

/// The PEM files HTTPS is served with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// The server's certificate, then any intermediate CA certificates.
    pub cert: PathBuf,
    /// Its private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("listen", &self.listen)
            .field("seed", &self.seed)
            .field("citizens", &self.citizens)
            .field("admin_token", &self.admin_token.as_ref().map(|_| "<set>"))
            .field("public_url", &self.public_url)
            .field("ttl", &self.ttl)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("max_connections", &self.max_connections)
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// The defaults, keeping the data in `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            seed: DEFAULT_SEED,
            citizens: DEFAULT_CITIZENS,
            admin_token: None,
            public_url: None,
            issuer_name: DEFAULT_ISSUER_NAME.to_owned(),
            credential_validity: DEFAULT_VALIDITY,
            status_list_len: 1 << 16,
            ttl: Ttls::default(),
            max_body_bytes: 64 * 1024,
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 1024,
            log_requests: true,
            tls: None,
        }
    }

    /// [`Config::new`] listening on a free loopback port, with no request
    /// log: what tests and `vidi demo` start in-process.
    pub fn ephemeral(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            log_requests: false,
            ..Self::new(data_dir)
        }
    }

    /// The database file.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("vidi-server-mock.sqlite3")
    }
}

/// The default data directory: `$XDG_DATA_HOME/vidi-server-mock`, else
/// `~/.local/share/vidi-server-mock` (`~/Library/Application Support/...`
/// on macOS, `%APPDATA%\vidi-server-mock` on Windows), else
/// `./vidi-server-mock-data`.
pub fn default_data_dir() -> PathBuf {
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        env("APPDATA")
    } else if let Some(xdg) = env("XDG_DATA_HOME") {
        Some(xdg)
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library").join("Application Support"))
    } else {
        env("HOME").map(|h| h.join(".local").join("share"))
    };
    match base {
        Some(base) => base.join("vidi-server-mock"),
        None => PathBuf::from("vidi-server-mock-data"),
    }
}
