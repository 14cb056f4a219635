//! Starting and stopping the server: in a tokio runtime the caller has
//! ([`start`]), or in a runtime of its own for synchronous callers
//! ([`BackgroundServer`]).

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::conn::{IdleIo, Limits};

use crate::admin::{self, Admin};
use crate::config::{Config, MIN_CITIZENS};
use crate::db::{self, Database};
use crate::error::StartError;
use crate::list_cache::Signing;
use crate::state::{AppState, today};
use crate::{citizens, http, keys};

/// What the server prints when it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Startup {
    /// The base URL on this machine (`http://127.0.0.1:PORT`).
    pub base_url: String,
    /// The base URL from an Android emulator (`http://10.0.2.2:PORT`).
    pub android_url: String,
    /// The base URL from an iOS simulator (`http://localhost:PORT`).
    pub ios_url: String,
    /// The developer portal.
    pub portal_url: String,
    /// The trust anchor's RFC 7638 JWK thumbprint.
    pub trust_anchor_thumbprint: String,
    /// The database file.
    pub database: PathBuf,
    /// How many citizens are seeded.
    pub citizens: u32,
    /// Whether the admin API asks for a token.
    pub admin_token_required: bool,
}

impl std::fmt::Display for Startup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "vidi-server-mock: the mock national issuer (not a real authority)"
        )?;
        writeln!(f, "  this machine      {}", self.base_url)?;
        writeln!(f, "  Android emulator  {}", self.android_url)?;
        writeln!(f, "  iOS simulator     {}", self.ios_url)?;
        writeln!(f, "  portal            {}/", self.portal_url)?;
        writeln!(
            f,
            "  online service    {}/rp (Cổng dịch vụ công, mô phỏng: OpenID4VP)",
            self.portal_url
        )?;
        writeln!(f, "  trust list        {}/trust-list", self.base_url)?;
        writeln!(
            f,
            "  trust anchor      {} (SHA-256 JWK thumbprint, RFC 7638)",
            self.trust_anchor_thumbprint
        )?;
        writeln!(f, "  database          {}", self.database.display())?;
        write!(
            f,
            "  citizens          {} (GET /admin/citizens); admin API {}",
            self.citizens,
            if self.admin_token_required {
                "needs the admin token"
            } else {
                "open on loopback"
            }
        )
    }
}

/// A running server. Dropping it leaves the server running until the
/// runtime ends; [`Server::shutdown`] stops it.
pub struct Server {
    state: Arc<AppState>,
    startup: Startup,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

fn check(config: &Config) -> Result<(), StartError> {
    if config.citizens < MIN_CITIZENS {
        return Err(StartError::Config(format!(
            "at least {MIN_CITIZENS} citizens, not {}",
            config.citizens
        )));
    }
    if config.max_connections == 0 {
        return Err(StartError::Config(
            "max_connections must be at least 1".into(),
        ));
    }
    if config.header_read_timeout.is_zero() || config.idle_timeout.is_zero() {
        return Err(StartError::Config(
            "the header read and idle timeouts must be longer than zero".into(),
        ));
    }
    if config.status_list_len < 16 {
        return Err(StartError::Config(
            "status lists need at least 16 entries".into(),
        ));
    }
    match &config.admin_token {
        Some(token) if token.trim().is_empty() => {
            return Err(StartError::Config("the admin token is empty".into()));
        }
        None if !config.listen.ip().is_loopback() => {
            return Err(StartError::AdminTokenRequired(config.listen));
        }
        _ => {}
    }
    if let Some(url) = &config.public_url {
        admin::issuer_url(url).map_err(|e| StartError::Config(e.description.into_owned()))?;
    }
    Ok(())
}

/// Opens (or creates) the data directory's database, makes the keys on
/// first start, seeds the citizens, binds `config.listen` and serves on the
/// current tokio runtime.
pub async fn start(mut config: Config) -> Result<Server, StartError> {
    check(&config)?;
    if let Some(url) = &config.public_url {
        config.public_url = Some(url.trim_end_matches('/').to_owned());
    }
    std::fs::create_dir_all(&config.data_dir).map_err(|source| StartError::Io {
        what: format!(
            "cannot create the data directory {}",
            config.data_dir.display()
        ),
        source,
    })?;
    // Before anything is made: a bad certificate or key stops the start.
    let tls = config.tls.as_ref().map(crate::tls::acceptor).transpose()?;
    let path = config.database_path();
    let (seed, count, list_len) = (config.seed, config.citizens, config.status_list_len);
    let (db, thumbprint) = tokio::task::spawn_blocking(move || {
        let db = Database::open(&path)?;
        let thumbprint = db.with(|conn| {
            keys::ensure(conn, list_len, db::now_ms())?;
            keys::jwk_thumbprint(&keys::anchor(conn)?.public_key())
        })?;
        db.with(|conn| citizens::seed(conn, seed, count, today()))?;
        Ok::<_, StartError>((db, thumbprint))
    })
    .await
    .map_err(|e| StartError::Setup(e.to_string()))??;

    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| StartError::Io {
            what: format!("cannot listen on {}", config.listen),
            source,
        })?;
    let local_addr = listener.local_addr().map_err(|source| StartError::Io {
        what: "no local address".into(),
        source,
    })?;
    let seeded = db.with(|conn| citizens::all(conn).map(|all| all.len()))?;
    let signing = Arc::new(Signing::new(&config));
    let state = Arc::new(AppState {
        db,
        config,
        local_addr,
        lists: Arc::default(),
        signing,
        rp: Arc::new(crate::rp::RelyingParty::new()?),
    });
    let base_url = state.local_base_url();
    let port = local_addr.port();
    let scheme = state.scheme();
    let startup = Startup {
        android_url: format!("{scheme}://10.0.2.2:{port}"),
        ios_url: format!("{scheme}://localhost:{port}"),
        portal_url: base_url.clone(),
        base_url,
        trust_anchor_thumbprint: thumbprint,
        database: state.config.database_path(),
        citizens: u32::try_from(seeded).unwrap_or(u32::MAX),
        admin_token_required: state.config.admin_token.is_some(),
    };

    let app = http::router(state.clone());
    let limits = Limits {
        header_read_timeout: state.config.header_read_timeout,
        idle_timeout: state.config.idle_timeout,
        max_connections: state.config.max_connections,
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, app, tls, limits, stopped));
    Ok(Server {
        state,
        startup,
        stop: Some(stop),
        task,
    })
}

/// The accept loop, in place of `axum::serve` (which has no timeouts and
/// no connection limit): a connection is accepted only with a permit of
/// `max_connections`, served by hyper's HTTP/1.1 with a header read
/// timeout, and closed when idle longer than `idle_timeout`. With `tls`,
/// each connection first completes a TLS handshake (in its own task, under
/// the same idle timeout); one that fails is closed. On `stopped` it stops
/// accepting and waits for open connections to finish their requests (idle
/// keep-alive ones are closed).
async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    limits: Limits,
    stopped: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;

    let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    tokio::pin!(stopped);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.map_err(std::io::Error::other)?,
            _ = &mut stopped => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, a connection reset before
                    // accept, ...: not the listener's end.
                    eprintln!("vidi-server-mock: accept: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut stopped => break,
        };
        let _ = stream.set_nodelay(true);
        let io = IdleIo::new(stream);
        let activity = io.activity();
        let service = TowerToHyperService::new(app.clone());
        let watcher = graceful.watcher();
        let builder = builder.clone();
        let tls = tls.clone();
        let idle = limits.idle_timeout;
        tokio::spawn(async move {
            let _permit = permit;
            let served = async {
                match tls {
                    None => {
                        let connection = builder.serve_connection(TokioIo::new(io), service);
                        let _ = watcher.watch(connection).await;
                    }
                    Some(tls) => {
                        // A failed handshake (plain HTTP, an unknown CA on
                        // the client's side) just closes the connection.
                        let Ok(stream) = tls.accept(io).await else {
                            return;
                        };
                        let connection = builder.serve_connection(TokioIo::new(stream), service);
                        let _ = watcher.watch(connection).await;
                    }
                }
            };
            tokio::select! {
                () = served => {}
                () = activity.idle_for(idle) => {}
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

impl Server {
    /// `http://127.0.0.1:PORT` (or the configured public URL).
    pub fn base_url(&self) -> String {
        self.startup.base_url.clone()
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.state.local_addr
    }

    /// What to print at start.
    pub fn startup(&self) -> &Startup {
        &self.startup
    }

    /// How many times a list (trust list or status list) was signed since
    /// start. Lists are signed once per change and served from memory, so
    /// this grows with changes, not with requests.
    pub fn lists_signed(&self) -> u64 {
        self.state.lists.signed()
    }

    /// The admin operations, in process.
    pub fn admin(&self) -> Admin {
        Admin {
            state: self.state.clone(),
        }
    }

    /// Stops accepting connections, lets open requests finish, and returns
    /// when the server has stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Serves until `signal` completes (Ctrl-C for the binary), then shuts
    /// down. Returns the serving error, if serving failed.
    pub async fn serve_until(mut self, signal: impl Future<Output = ()>) -> std::io::Result<()> {
        tokio::select! {
            result = &mut self.task => {
                return result.unwrap_or_else(|e| Err(std::io::Error::other(e)));
            }
            () = signal => {}
        }
        self.shutdown().await;
        Ok(())
    }
}

/// A server on a tokio runtime of its own, for callers without one (a
/// synchronous CLI). Stops when dropped. Do not create or drop it inside an
/// async context.
pub struct BackgroundServer {
    server: Option<Server>,
    runtime: tokio::runtime::Runtime,
}

impl BackgroundServer {
    /// Starts the server on a new two-thread runtime.
    pub fn start(config: Config) -> Result<Self, StartError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("vidi-server-mock")
            .build()
            .map_err(|source| StartError::Io {
                what: "cannot start a tokio runtime".into(),
                source,
            })?;
        let server = runtime.block_on(start(config))?;
        Ok(Self {
            server: Some(server),
            runtime,
        })
    }

    fn server(&self) -> Result<&Server, StartError> {
        self.server
            .as_ref()
            .ok_or_else(|| StartError::Setup("the server was stopped".into()))
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        self.server().map(Server::base_url).unwrap_or_default()
    }

    /// What to print at start.
    pub fn startup(&self) -> Option<&Startup> {
        self.server.as_ref().map(Server::startup)
    }

    /// Runs an admin operation (or any future) on the server's runtime:
    /// `bg.block_on(bg.admin()?.create_offer(request))`.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// The admin operations (async; run them with [`BackgroundServer::block_on`]).
    pub fn admin(&self) -> Result<Admin, StartError> {
        self.server().map(Server::admin)
    }

    /// Stops the server.
    pub fn stop(mut self) {
        self.stop_inner();
    }

    fn stop_inner(&mut self) {
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.shutdown());
        }
    }
}

impl Drop for BackgroundServer {
    fn drop(&mut self) {
        self.stop_inner();
    }
}
