//! `vidi-server-mock`: runs the mock national issuer until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use vidi_server_mock::config::{DEFAULT_CITIZENS, DEFAULT_LISTEN, DEFAULT_SEED, MIN_CITIZENS};
use vidi_server_mock::{Config, TlsFiles, default_data_dir, start};

/// The mock national issuer: seeded test citizens, OpenID4VCI issuance,
/// trust list and status lists. Not a real authority.
#[derive(Parser)]
#[command(name = "vidi-server-mock", version)]
struct Args {
    /// Where the SQLite database lives [default: $XDG_DATA_HOME/vidi-server-mock
    /// or ~/.local/share/vidi-server-mock]
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Address and port to listen on; a non-loopback address needs --admin-token
    #[arg(long, default_value = DEFAULT_LISTEN)]
    listen: SocketAddr,
    /// Seed of the test citizens
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// How many test citizens
    #[arg(long, default_value_t = DEFAULT_CITIZENS,
          value_parser = clap::value_parser!(u32).range(i64::from(MIN_CITIZENS)..))]
    citizens: u32,
    /// Bearer token for the admin API (required when --listen is not loopback)
    #[arg(long, env = "VIDI_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// A fixed issuer URL (default: http:// + the Host each request was sent to)
    #[arg(long)]
    public_url: Option<String>,
    /// Serve HTTPS with this certificate (PEM: the server's, then any
    /// intermediates); needs --tls-key
    #[arg(long, requires = "tls_key", value_name = "PEM")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM)
    #[arg(long, requires = "tls_cert", value_name = "PEM")]
    tls_key: Option<PathBuf>,
    /// Do not log requests
    #[arg(long)]
    quiet: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let mut config = Config::new(args.data_dir.unwrap_or_else(default_data_dir));
    config.listen = args.listen;
    config.seed = args.seed;
    config.citizens = args.citizens;
    config.admin_token = args.admin_token;
    config.public_url = args.public_url;
    config.log_requests = !args.quiet;
    config.tls = args
        .tls_cert
        .zip(args.tls_key)
        .map(|(cert, key)| TlsFiles { cert, key });

    let server = match start(config).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("vidi-server-mock: {e}");
            return ExitCode::from(2);
        }
    };
    println!("{}", server.startup());
    println!("Ctrl-C to stop.");
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match server.serve_until(ctrl_c).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vidi-server-mock: {e}");
            ExitCode::FAILURE
        }
    }
}
