//! Load on the mock issuer: complete issuance flows at 1, 16 and 64
//! concurrent clients, then status list and trust list fetches, and the
//! server's peak memory.
//!
//! ```sh
//! cargo bench -p vidi-server-mock --bench load                 # 10 s per level
//! cargo bench -p vidi-server-mock --bench load -- --secs 3     # shorter
//! ```
//!
//! Under `cargo test --benches` it is a one-second smoke run.
//!
//! The server is the `vidi-server-mock` binary of this build (bench profile),
//! started as a child process on 127.0.0.1:0 with a fresh data dir in the
//! temp directory and `--quiet`; its memory is its own `VmHWM` (peak resident
//! set) from `/proc/<pid>/status`, so the client's memory is not counted.
//! Client and server share the machine's cores.
//!
//! One flow is what a wallet does for one credential: `POST /admin/offers`
//! (the national ID card of citizen `n % 60`, no QR picture asked for), `POST
//! /token` with the PIN, `POST /nonce`, and `POST /credential` with one key
//! proof by a new software device key. The client checks each status and
//! reads the JSON it needs (code, PIN, token, nonce); it does not verify the
//! credential. Each client has its own connection (keep-alive).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use vidi_core::keys::SoftwareDeviceKey;
use vidi_core::oid4vci::{self, PRE_AUTHORIZED_GRANT};

const BIN: &str = env!("CARGO_BIN_EXE_vidi-server-mock");
const LEVELS: [usize; 3] = [1, 16, 64];
/// At most this many flows per level, whatever the time: keeps the
/// database and the status list (65,536 entries per key) bounded.
const MAX_FLOWS_PER_LEVEL: usize = 12_000;
/// Concurrent clients for the list fetches.
const LIST_CLIENTS: usize = 16;

struct Settings {
    secs: u64,
    levels: Vec<usize>,
}

/// `cargo bench` passes `--bench`; without it (`cargo test --benches`) this
/// is a one-second smoke run at 1 and 16 clients.
fn settings() -> Settings {
    let mut secs = 10;
    let mut bench = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--secs" => secs = args.next().and_then(|v| v.parse().ok()).expect("--secs N"),
            "--bench" => bench = true,
            _ => {}
        }
    }
    if bench {
        Settings {
            secs: secs.max(1),
            levels: LEVELS.to_vec(),
        }
    } else {
        Settings {
            secs: 1,
            levels: vec![1, 16],
        }
    }
}

struct ServerProcess {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl ServerProcess {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(BIN)
            .args(["--data-dir", dir.path().to_str().unwrap()])
            .args(["--listen", "127.0.0.1:0", "--quiet"])
            .env_remove("VIDI_ADMIN_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut base = None;
        loop {
            let mut line = String::new();
            assert!(stdout.read_line(&mut line).unwrap() > 0, "no banner");
            if line.trim_start().starts_with("this machine") {
                base = line.split_whitespace().last().map(str::to_owned);
            }
            if line.contains("Ctrl-C") {
                break;
            }
        }
        Self {
            child,
            base: base.expect("base URL in the banner"),
            _dir: dir,
        }
    }

    /// `VmHWM` and `VmRSS` of the server, in MiB.
    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
                .map_or(f64::NAN, |kb| kb / 1024.0)
        };
        (field("VmHWM:"), field("VmRSS:"))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> Client {
    Client::builder()
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

async fn ok_json(response: reqwest::Response, what: &str) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::OK, "{what}: {body}");
    body
}

/// Step times of one flow: offer, token, nonce, proof (client), credential.
type Steps = [Duration; 5];

async fn flow(client: &Client, base: &str, citizen: usize) -> Steps {
    let mut steps = [Duration::ZERO; 5];
    let mut lap = Instant::now();
    let mut mark = |i: usize, lap: &mut Instant| {
        steps[i] = lap.elapsed();
        *lap = Instant::now();
    };
    let offer = ok_json(
        client
            .post(format!("{base}/admin/offers"))
            .json(&json!({ "citizen": citizen % 60, "document_types": ["national_id"] }))
            .send()
            .await
            .unwrap(),
        "offer",
    )
    .await;
    mark(0, &mut lap);
    let code = offer["offer"]["grants"][PRE_AUTHORIZED_GRANT]["pre-authorized_code"]
        .as_str()
        .unwrap();
    let pin = offer["pin"].as_str().unwrap();
    let token = ok_json(
        client
            .post(format!("{base}/token"))
            .form(&[
                ("grant_type", PRE_AUTHORIZED_GRANT),
                ("pre-authorized_code", code),
                ("tx_code", pin),
            ])
            .send()
            .await
            .unwrap(),
        "token",
    )
    .await;
    mark(1, &mut lap);
    let nonce = ok_json(
        client.post(format!("{base}/nonce")).send().await.unwrap(),
        "nonce",
    )
    .await;
    mark(2, &mut lap);
    let key = SoftwareDeviceKey::generate().unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let proof = oid4vci::proof_jwt(&key, base, nonce["c_nonce"].as_str().unwrap(), now).unwrap();
    mark(3, &mut lap);
    let issued = ok_json(
        client
            .post(format!("{base}/credential"))
            .bearer_auth(token["access_token"].as_str().unwrap())
            .json(&json!({
                "credential_configuration_id": "national_id",
                "proofs": { "jwt": [proof] },
            }))
            .send()
            .await
            .unwrap(),
        "credential",
    )
    .await;
    assert_eq!(issued["credentials"].as_array().map(Vec::len), Some(1));
    mark(4, &mut lap);
    steps
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64) * p).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

struct LevelResult {
    clients: usize,
    flows: usize,
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
    step_medians: Steps,
}

async fn run_level(base: &Arc<String>, clients: usize, secs: u64) -> LevelResult {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let per_client = MAX_FLOWS_PER_LEVEL.div_ceil(clients);
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let base = base.clone();
            tokio::spawn(async move {
                let client = client();
                let mut out = Vec::new();
                let mut n = c;
                while Instant::now() < deadline && out.len() < per_client {
                    let t = Instant::now();
                    let steps = flow(&client, &base, n).await;
                    out.push((t.elapsed(), steps));
                    n += clients;
                }
                out
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    let mut totals: Vec<Duration> = all.iter().map(|(t, _)| *t).collect();
    totals.sort_unstable();
    let mut step_medians = [Duration::ZERO; 5];
    for (i, median) in step_medians.iter_mut().enumerate() {
        let mut times: Vec<Duration> = all.iter().map(|(_, s)| s[i]).collect();
        times.sort_unstable();
        *median = percentile(&times, 0.5);
    }
    LevelResult {
        clients,
        flows: all.len(),
        elapsed,
        p50: percentile(&totals, 0.5),
        p99: percentile(&totals, 0.99),
        step_medians,
    }
}

/// GETs of `path` by [`LIST_CLIENTS`] clients for `secs`; with `etag`, as
/// `If-None-Match`. Returns (requests, elapsed, p50, p99, status seen).
async fn fetch_lists(
    base: &Arc<String>,
    path: &'static str,
    etag: Option<String>,
    secs: u64,
) -> (usize, Duration, Duration, Duration, u16) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let tasks: Vec<_> = (0..LIST_CLIENTS)
        .map(|_| {
            let base = base.clone();
            let etag = etag.clone();
            tokio::spawn(async move {
                let client = client();
                let mut times = Vec::new();
                let mut status = 0;
                while Instant::now() < deadline && times.len() < 200_000 {
                    let t = Instant::now();
                    let mut request = client.get(format!("{base}{path}"));
                    if let Some(tag) = &etag {
                        request = request.header("if-none-match", tag);
                    }
                    let response = request.send().await.unwrap();
                    status = response.status().as_u16();
                    let _ = response.bytes().await.unwrap();
                    times.push(t.elapsed());
                }
                (times, status)
            })
        })
        .collect();
    let mut times = Vec::new();
    let mut status = 0;
    for task in tasks {
        let (t, s) = task.await.unwrap();
        times.extend(t);
        status = s;
    }
    let elapsed = started.elapsed();
    times.sort_unstable();
    (
        times.len(),
        elapsed,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        status,
    )
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {cores} cores available")
}

fn main() {
    let settings = settings();
    let server = ServerProcess::start();
    let base = Arc::new(server.base.clone());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("vidi-server-mock load: {}", machine());
    println!("server: {BIN} at {base}, {} s per level", settings.secs);
    let (idle_peak, _) = server.memory();

    println!();
    println!(
        "| clients | flows | flows/s | p50 ms | p99 ms | offer | token | nonce | proof (client) | credential |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for clients in settings.levels.iter().copied() {
        let r = runtime.block_on(run_level(&base, clients, settings.secs));
        let s = r.step_medians;
        println!(
            "| {} | {} | {:.0} | {} | {} | {} | {} | {} | {} | {} |",
            r.clients,
            r.flows,
            r.flows as f64 / r.elapsed.as_secs_f64(),
            ms(r.p50),
            ms(r.p99),
            ms(s[0]),
            ms(s[1]),
            ms(s[2]),
            ms(s[3]),
            ms(s[4]),
        );
    }
    let (flows_peak, _) = server.memory();

    // A status list with some changes in it: revoke 100 credentials.
    let list_secs = settings.secs.div_ceil(2);
    let etag = runtime.block_on(async {
        let client = client();
        for id in 1..=100 {
            let response = client
                .post(format!("{base}/admin/credentials/{id}/revoke"))
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        }
        let response = client
            .get(format!("{base}/status-lists/1"))
            .send()
            .await
            .unwrap();
        let tag = response.headers()["etag"].to_str().unwrap().to_owned();
        let body = response.text().await.unwrap();
        println!();
        println!(
            "status list 1: {} bytes (JWS), 65,536 entries of 2 bits, 100 revoked",
            body.len()
        );
        tag
    });
    let trust_etag = runtime.block_on(async {
        let response = client()
            .get(format!("{base}/trust-list"))
            .send()
            .await
            .unwrap();
        response.headers()["etag"].to_str().unwrap().to_owned()
    });
    println!();
    println!("| GET, {LIST_CLIENTS} clients | status | requests/s | p50 ms | p99 ms |");
    println!("|---|---|---|---|---|");
    for (label, path, tag) in [
        ("/status-lists/1", "/status-lists/1", None),
        (
            "/status-lists/1, If-None-Match",
            "/status-lists/1",
            Some(etag),
        ),
        ("/trust-list", "/trust-list", None),
        (
            "/trust-list, If-None-Match",
            "/trust-list",
            Some(trust_etag),
        ),
    ] {
        let (n, elapsed, p50, p99, status) =
            runtime.block_on(fetch_lists(&base, path, tag, list_secs));
        println!(
            "| `{label}` | {status} | {:.0} | {} | {} |",
            n as f64 / elapsed.as_secs_f64(),
            ms(p50),
            ms(p99)
        );
    }
    let (peak, rss) = server.memory();
    println!();
    println!(
        "server memory (VmHWM, /proc/<pid>/status): {idle_peak:.1} MiB after start, \
         {flows_peak:.1} MiB after the flows, {peak:.1} MiB at the end (VmRSS now {rss:.1} MiB)"
    );
}
