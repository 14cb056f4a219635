//! End-to-end tests of `vidi wallet`: the real binary on wallets in temp
//! dirs, with a low scrypt work factor so that each unlock is quick.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const PASSPHRASE: &str = "correct horse battery staple";
const BACKUP_PASSPHRASE: &str = "a different backup passphrase";
const REFERENCE_NAME: &str = "Nguyễn Thị Thanh Hương";
const PERSONAL_ID: &str = "001190012345";

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn both(out: &Output) -> String {
    format!("{}{}", stdout(out), stderr(out))
}

/// A wallet folder in a temp dir, and how to run `vidi` on it.
struct Fixture {
    tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Fixture {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("wallet");
        Self { tmp, dir }
    }

    /// Another wallet folder, in a temp dir of its own.
    fn other() -> Self {
        Self::new()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn command(&self, env: &[(&str, &str)], args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vidi"));
        command
            .arg("wallet")
            .arg("--dir")
            .arg(&self.dir)
            .args(args)
            .env_remove("VIDI_BACKUP_PASSPHRASE")
            .env("VIDI_PASSPHRASE", PASSPHRASE)
            .env("VIDI_SCRYPT_LOG_N", "10")
            .env("NO_COLOR", "1");
        for (key, value) in env {
            command.env(key, value);
        }
        command
    }

    /// `vidi wallet --dir DIR ARGS` with the passphrase set and no stdin.
    fn run(&self, args: &[&str]) -> Output {
        self.run_env(&[], args)
    }

    fn run_env(&self, env: &[(&str, &str)], args: &[&str]) -> Output {
        self.command(env, args)
            .stdin(Stdio::null())
            .output()
            .expect("vidi runs")
    }

    fn run_stdin(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(&[], args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("vidi runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// Runs and requires exit 0.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", both(&out));
        stdout(&out)
    }

    fn init(&self) {
        self.ok(&["init"]);
    }

    /// A wallet with the reference citizen's documents.
    fn with_reference() -> Self {
        let f = Self::new();
        f.init();
        f.ok(&["add-sample"]);
        f
    }

    /// `list`'s rows as (short id, whole line).
    fn documents(&self) -> Vec<(String, String)> {
        self.ok(&["list"])
            .lines()
            .skip(1)
            .filter_map(|line| {
                let id = line.split_whitespace().next()?;
                let is_id = id.len() >= 8 && id.bytes().all(|b| b.is_ascii_hexdigit());
                is_id.then(|| (id.to_owned(), line.to_owned()))
            })
            .collect()
    }

    /// The short id of the document whose `list` line contains `text`.
    fn id_of(&self, text: &str) -> String {
        self.documents()
            .into_iter()
            .find(|(_, line)| line.contains(text))
            .unwrap_or_else(|| panic!("no document like {text}"))
            .0
    }

    fn national_id(&self) -> String {
        self.id_of("Identity card")
    }
}

fn vidi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vidi"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("vidi runs")
}

/// The test issuer's trust file, written by `vidi sample`.
fn trust_file(dir: &Path) -> PathBuf {
    let trust = dir.join("trust.json");
    let out = vidi(&[
        "sample",
        "--preset",
        "age-18",
        "--trust-out",
        trust.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    trust
}

fn verify_json(trust: &Path, payload: &str) -> (Option<i32>, Value) {
    let out = vidi(&[
        "verify",
        "--json",
        "--trust",
        trust.to_str().unwrap(),
        payload,
    ]);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", both(&out)));
    (out.status.code(), json)
}

fn claim_values(verdict: &Value) -> Vec<(String, String)> {
    verdict["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["display"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn init_creates_the_wallet_once() {
    let f = Fixture::new();
    let out = f.run(&["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(f.dir.join("wallet.db").is_file());
    let before = std::fs::read(f.dir.join("wallet.db")).unwrap();

    let again = f.run(&["init"]);
    assert_eq!(again.status.code(), Some(1), "{}", both(&again));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(f.dir.join("wallet.db")).unwrap(), before);

    let check = f.ok(&["unlock-check"]);
    assert_eq!(check.trim(), "unlocked: 0 documents, 0 pending merged");
}

#[test]
fn an_empty_passphrase_is_refused() {
    let f = Fixture::new();
    let out = f.run_env(&[("VIDI_PASSPHRASE", "")], &["init"]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(stderr(&out).contains("empty"), "{}", stderr(&out));
    assert!(!f.dir.join("wallet.db").exists());
}

#[test]
fn a_missing_wallet_says_how_to_make_one() {
    let f = Fixture::new();
    let out = f.run(&["list"]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(stderr(&out).contains("init"), "{}", stderr(&out));
    let no_dir = Command::new(env!("CARGO_BIN_EXE_vidi"))
        .args(["wallet", "list"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(no_dir.status.code(), Some(2), "{}", both(&no_dir));
    assert!(stderr(&no_dir).contains("--dir"));
}

#[test]
fn a_wrong_passphrase_is_refused_and_changes_nothing() {
    let f = Fixture::with_reference();
    let file = f.dir.join("wallet.db");
    let before = std::fs::read(&file).unwrap();
    let wrong = "not the passphrase";
    let out = f.run_env(&[("VIDI_PASSPHRASE", wrong)], &["unlock-check"]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        stderr(&out).contains("wrong passphrase"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("unlocking"), "progress is announced");
    assert!(!both(&out).contains(wrong) && !both(&out).contains(PASSPHRASE));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is unchanged"
    );

    let out = f.ok(&["unlock-check"]);
    assert_eq!(out.trim(), "unlocked: 3 documents, 0 pending merged");
}

#[test]
fn add_sample_adds_the_reference_citizens_three_documents() {
    let f = Fixture::new();
    f.init();
    let added = f.ok(&["add-sample"]);
    assert!(added.contains(REFERENCE_NAME), "{added}");
    assert_eq!(added.matches("added").count(), 3, "{added}");

    let list = f.ok(&["list"]);
    let documents = f.documents();
    assert_eq!(documents.len(), 3, "{list}");
    for (id, line) in &documents {
        assert_eq!(id.len(), 8, "{line}");
        assert!(line.contains(REFERENCE_NAME), "{line}");
    }
    for t in ["Identity card", "Driving licence", "Health insurance card"] {
        assert!(list.contains(t), "{list}");
    }
    assert!(!list.contains("needs re-binding"), "{list}");
}

#[test]
fn the_minor_has_no_licence() {
    let f = Fixture::new();
    f.init();
    let added = f.ok(&["add-sample", "--citizen", "1"]);
    assert_eq!(added.matches("added").count(), 2, "{added}");
    let list = f.ok(&["list"]);
    assert_eq!(f.documents().len(), 2, "{list}");
    assert!(!list.contains("Driving licence"), "{list}");
    assert!(!list.contains(REFERENCE_NAME), "{list}");
}

#[test]
fn documents_received_while_locked_merge_at_unlock() {
    let f = Fixture::new();
    f.init();
    let out = f.run_env(
        &[("VIDI_PASSPHRASE", "wrong, and not needed")],
        &["add-sample", "--locked"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(
        stdout(&out).matches("pending").count(),
        3,
        "{}",
        stdout(&out)
    );
    let check = f.ok(&["unlock-check"]);
    assert_eq!(check.trim(), "unlocked: 3 documents, 3 pending merged");
    let check = f.ok(&["unlock-check"]);
    assert_eq!(check.trim(), "unlocked: 3 documents, 0 pending merged");
}

#[test]
fn show_lays_out_the_card() {
    let f = Fixture::with_reference();
    let id = f.national_id();
    let shown = f.ok(&["show", &id]);
    assert!(shown.contains(PERSONAL_ID), "{shown}");
    assert!(
        shown.contains("Số định danh cá nhân / Personal ID number"),
        "{shown}"
    );
    assert!(shown.contains(REFERENCE_NAME), "{shown}");
    for kind in ["national-id", "age-over-16", "age-over-18", "age-over-21"] {
        assert!(shown.contains(kind), "{shown}");
    }
    assert!(shown.contains("in this wallet"), "{shown}");
    // Any unique beginning of the id will do.
    let short = f.ok(&["show", &id[..5]]);
    assert_eq!(short.lines().next(), shown.lines().next());
}

#[test]
fn a_checkpoint_payload_verifies() {
    let f = Fixture::with_reference();
    let trust = trust_file(f.tmp.path());
    let id = f.national_id();
    let payload = f.ok(&["qr", &id, "--preset", "checkpoint-id", "--payload"]);
    assert_eq!(payload.lines().count(), 1, "only the payload on stdout");
    let payload = payload.trim();
    assert!(payload.starts_with("VD2:"));
    let (code, verdict) = verify_json(&trust, payload);
    assert_eq!(code, Some(0), "{verdict}");
    assert_eq!(verdict["valid"], true);
    assert_eq!(verdict["kind"], "checkpoint-id");
    let claims = claim_values(&verdict);
    assert!(
        claims.contains(&("personal_id_number".to_owned(), PERSONAL_ID.to_owned())),
        "{claims:?}"
    );
    assert_eq!(claims.len(), 3);
}

#[test]
fn claims_can_be_named_without_a_preset() {
    let f = Fixture::with_reference();
    let trust = trust_file(f.tmp.path());
    let id = f.national_id();
    let payload = f.ok(&["qr", &id, "--claims", "full_name", "--payload"]);
    let (code, verdict) = verify_json(&trust, payload.trim());
    assert_eq!(code, Some(0), "{verdict}");
    assert_eq!(
        claim_values(&verdict),
        [("full_name".to_owned(), REFERENCE_NAME.to_owned())]
    );
    assert_eq!(verdict["hidden_claims"], 9);

    // Drawn in the terminal, with a caption.
    let drawn = f.ok(&["qr", &id, "--claims", "full_name,date_of_birth"]);
    assert!(drawn.contains('█'), "{drawn}");
    assert!(drawn.contains("Full name, Date of birth"), "{drawn}");
    assert!(drawn.contains("Valid for 60 s"), "{drawn}");
    assert!(drawn.contains("refresh in 15 s"), "{drawn}");

    // A claim the document does not have, and nothing to show.
    let out = f.run(&["qr", &id, "--claims", "licence_number"]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(stderr(&out).contains("no claim `licence_number`"));
    let out = f.run(&["qr", &id]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(stderr(&out).contains("checkpoint-id"), "{}", stderr(&out));
    // A preset for another document type.
    let out = f.run(&["qr", &id, "--preset", "traffic-stop"]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(stderr(&out).contains("driving licence"), "{}", stderr(&out));
}

#[test]
fn audience_and_nonce_reach_the_verifier() {
    let f = Fixture::with_reference();
    let trust = trust_file(f.tmp.path());
    let id = f.national_id();
    let payload = f.ok(&[
        "qr",
        &id,
        "--preset",
        "age-18",
        "--nonce",
        "0a0b0c",
        "--audience",
        "Hotel Sen",
        "--payload",
    ]);
    let trust = trust.to_str().unwrap();
    let good = vidi(&[
        "verify",
        "--trust",
        trust,
        "--nonce",
        "0a0b0c",
        "--audience",
        "Hotel Sen",
        payload.trim(),
    ]);
    assert_eq!(good.status.code(), Some(0), "{}", both(&good));
    let wrong = vidi(&[
        "verify",
        "--trust",
        trust,
        "--nonce",
        "ffff",
        "--audience",
        "Hotel Sen",
        payload.trim(),
    ]);
    assert_eq!(wrong.status.code(), Some(1), "{}", both(&wrong));
}

#[test]
fn the_log_shows_what_was_disclosed() {
    let f = Fixture::with_reference();
    let id = f.national_id();
    f.ok(&["qr", &id, "--preset", "checkpoint-id", "--payload"]);
    f.ok(&[
        "qr",
        &id,
        "--claims",
        "full_name",
        "--audience",
        "Hotel Sen",
        "--payload",
    ]);

    let log = f.ok(&["log"]);
    let lines: Vec<&str> = log.lines().collect();
    // Newest first: the full_name presentation, the checkpoint one, three issuances.
    assert!(
        lines[1].contains("presentation") && lines[1].contains("full_name"),
        "{log}"
    );
    assert!(lines[1].contains("Hotel Sen"), "{log}");
    assert!(
        lines[2].contains("personal_id_number, full_name, date_of_birth"),
        "{log}"
    );
    assert!(lines[2].contains("checkpoint-id"), "{log}");
    assert!(lines[2].contains(&id), "{log}");
    assert_eq!(log.matches("issuance").count(), 3, "{log}");
    assert!(
        !log.contains(PERSONAL_ID),
        "the log holds claim names, not values"
    );

    let only = f.ok(&["log", "--event", "presentation", "--limit", "1"]);
    assert_eq!(only.matches("presentation").count(), 1, "{only}");
    assert!(
        only.contains("full_name") && !only.contains("checkpoint-id"),
        "{only}"
    );

    let json: Value = serde_json::from_str(&f.ok(&["log", "--json", "--doc", &id])).unwrap();
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{json}");
    assert_eq!(entries[1]["event"], "presented");
    assert_eq!(entries[1]["preset"], "checkpoint-id");
    assert_eq!(
        entries[1]["claims"],
        serde_json::json!(["personal_id_number", "full_name", "date_of_birth"])
    );

    let future = f.ok(&["log", "--since", "2999-01-01T00:00:00Z"]);
    assert!(future.contains("no log entries match"), "{future}");
}

#[test]
fn export_log_and_retention() {
    let f = Fixture::with_reference();
    let out = f.path("log.json");
    f.ok(&["export-log", "--out", out.to_str().unwrap()]);
    let json: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(json["format"], "vidi-activity-log");
    assert_eq!(json["entries"].as_array().unwrap().len(), 3);

    assert!(f.ok(&["retention"]).contains("every entry"));
    assert!(f.ok(&["retention", "30"]).contains("30 days"));
    assert!(f.ok(&["retention"]).contains("30 days"));
    assert!(f.ok(&["retention", "off"]).contains("every entry"));
    let bad = f.run(&["retention", "0"]);
    assert_eq!(bad.status.code(), Some(2), "{}", both(&bad));
}

#[test]
fn a_restored_backup_needs_re_binding() {
    let f = Fixture::with_reference();
    let backup = f.path("wallet.age");
    let env = [("VIDI_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)];
    let out = f.run_env(&env, &["backup", "--out", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(backup.is_file());
    let before = f.documents();

    let g = Fixture::other();
    g.init();
    let wrong = g.run_env(
        &[("VIDI_BACKUP_PASSPHRASE", "not it")],
        &["restore", backup.to_str().unwrap()],
    );
    assert_eq!(wrong.status.code(), Some(1), "{}", both(&wrong));
    assert!(stderr(&wrong).contains("wrong backup passphrase"));
    assert!(!both(&wrong).contains("not it"));
    assert_eq!(
        g.ok(&["unlock-check"]).trim(),
        "unlocked: 0 documents, 0 pending merged"
    );

    let out = g.run_env(&env, &["restore", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let report = stdout(&out);
    assert!(report.contains("3 added"), "{report}");
    assert!(report.contains("3 need re-binding"), "{report}");
    assert!(report.contains("3 log entries added"), "{report}");

    let after = g.documents();
    assert_eq!(
        after.iter().map(|(id, _)| id).collect::<Vec<_>>(),
        before.iter().map(|(id, _)| id).collect::<Vec<_>>(),
        "the same documents, with the same ids"
    );
    for (_, line) in &after {
        assert!(line.contains("needs re-binding"), "{line}");
        assert!(line.contains(REFERENCE_NAME), "{line}");
    }
    let id = g.national_id();
    let shown = g.ok(&["show", &id]);
    assert!(
        shown.contains(PERSONAL_ID),
        "restored documents can be read"
    );
    let qr = g.run(&["qr", &id, "--preset", "checkpoint-id"]);
    assert_eq!(qr.status.code(), Some(1), "{}", both(&qr));
    assert!(stderr(&qr).contains("re-binding"), "{}", stderr(&qr));
    assert!(stdout(&qr).is_empty());

    // Restoring again changes nothing.
    let again = g.run_env(&env, &["restore", backup.to_str().unwrap()]);
    assert!(stdout(&again).contains("3 unchanged"), "{}", both(&again));
}

#[test]
fn delete_removes_the_document_and_logs_it() {
    let f = Fixture::with_reference();
    let id = f.id_of("Health insurance card");

    let refused = f.run_stdin(&["delete", &id], "zzzz\n");
    assert_eq!(refused.status.code(), Some(1), "{}", both(&refused));
    assert!(stderr(&refused).contains("first 4 characters"));
    assert_eq!(f.documents().len(), 3);

    let confirmed = f.run_stdin(&["delete", &id], &format!("{}\n", &id[..4]));
    assert_eq!(confirmed.status.code(), Some(0), "{}", both(&confirmed));
    assert_eq!(f.documents().len(), 2);

    let licence = f.id_of("Driving licence");
    f.ok(&["delete", &licence, "--yes"]);
    let left = f.documents();
    assert_eq!(left.len(), 1);
    assert!(left[0].1.contains("Identity card"));

    let log = f.ok(&["log", "--event", "deletion"]);
    assert_eq!(log.matches("deletion").count(), 2, "{log}");
    assert!(log.contains(&licence) && log.contains(&id), "{log}");
    // A deleted document's id still selects its history.
    let history = f.ok(&["log", "--doc", &licence]);
    assert!(
        history.contains("deletion") && history.contains("issuance"),
        "{history}"
    );

    let gone = f.run(&["show", &licence]);
    assert_eq!(gone.status.code(), Some(1), "{}", both(&gone));
}

#[test]
fn watch_draws_a_fresh_qr_each_period() {
    let f = Fixture::with_reference();
    let id = f.national_id();
    let out = f.run(&[
        "qr",
        &id,
        "--preset",
        "age-18",
        "--watch",
        "--watch-count",
        "2",
        "--watch-interval-ms",
        "200",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let text = stdout(&out);
    assert_eq!(text.matches("QR version").count(), 2, "{text}");
    assert!(
        text.contains("QR 1 of 2") && text.contains("QR 2 of 2"),
        "{text}"
    );
    let log = f.ok(&["log", "--event", "presentation"]);
    assert_eq!(log.matches("age_over_18").count(), 2, "{log}");
}

#[test]
fn images_are_written_to_files() {
    let f = Fixture::with_reference();
    let id = f.national_id();
    let png = f.path("qr.png");
    let out = f.run(&[
        "qr",
        &id,
        "--preset",
        "checkpoint-id",
        "--png",
        png.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let svg = f.path("qr.svg");
    f.ok(&[
        "qr",
        &id,
        "--preset",
        "age-18",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
}

#[test]
fn unknown_and_ambiguous_ids_are_refused() {
    let f = Fixture::with_reference();
    let taken: Vec<String> = f.documents().into_iter().map(|(id, _)| id).collect();
    let unknown = (0..16u8)
        .map(|d| format!("{d:x}"))
        .find(|c| !taken.iter().any(|id| id.starts_with(c.as_str())))
        .map_or_else(
            || "0123456789abcdef0123".to_owned(),
            |c| format!("{c}00000"),
        );
    let out = f.run(&["show", &unknown]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(stderr(&out).contains("no document"), "{}", stderr(&out));
    let out = f.run(&["qr", "not-an-id", "--preset", "age-18"]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));

    // Add citizens until two ids share a first character.
    let mut citizen = 1;
    let shared = loop {
        let ids: Vec<String> = f.documents().into_iter().map(|(id, _)| id).collect();
        let shared = ids.iter().enumerate().find_map(|(i, a)| {
            ids[i + 1..]
                .iter()
                .any(|b| b[..1] == a[..1])
                .then(|| a[..1].to_owned())
        });
        if let Some(c) = shared {
            break c;
        }
        assert!(citizen < 20, "17 documents always share a first character");
        // Citizen 2's licence has expired: no credential is issued for it.
        if citizen != 2 {
            f.ok(&["add-sample", "--citizen", &citizen.to_string()]);
        }
        citizen += 1;
    };
    let out = f.run(&["show", &shared]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(stderr(&out).contains("ambiguous"), "{}", stderr(&out));
}

#[test]
fn list_and_show_print_json() {
    let f = Fixture::with_reference();
    let list: Value = serde_json::from_str(&f.ok(&["list", "--json"])).unwrap();
    assert_eq!(list["format"], "vidi-wallet-documents");
    assert_eq!(list["version"], 1);
    let documents = list["documents"].as_array().unwrap();
    let types: Vec<&str> = documents
        .iter()
        .map(|d| d["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["nid", "dl", "hi"], "{list}");
    for doc in documents {
        assert_eq!(doc["id"].as_str().unwrap().len(), 32, "{doc}");
        assert_eq!(doc["holder_name"], REFERENCE_NAME, "{doc}");
        assert!(doc["valid_from"].as_str().is_some(), "{doc}");
        assert_eq!(doc["status"]["status"], "unknown", "{doc}");
        assert!(doc["status"]["checked_at"].is_null(), "{doc}");
        assert_eq!(doc["needs_rebinding"], false, "{doc}");
        assert_eq!(doc["pending"], false, "{doc}");
        assert!(doc["flags"].as_array().unwrap().is_empty(), "{doc}");
        assert!(doc["added_at"].as_str().unwrap().ends_with('Z'), "{doc}");
    }

    let id = f.national_id();
    let shown: Value = serde_json::from_str(&f.ok(&["show", "--json", &id])).unwrap();
    assert_eq!(shown["format"], "vidi-wallet-document");
    assert_eq!(shown["version"], 1);
    assert!(shown["id"].as_str().unwrap().starts_with(&id), "{shown}");
    assert!(
        documents.iter().any(|d| d["id"] == shown["id"]
            && d["type"] == shown["type"]
            && d["holder_name"] == shown["holder_name"]),
        "{shown}"
    );
    assert!(!shown["issuer"].as_str().unwrap().is_empty(), "{shown}");
    let claims = shown["claims"].as_object().unwrap();
    assert_eq!(claims["personal_id_number"], PERSONAL_ID, "{shown}");
    assert_eq!(claims["full_name"], REFERENCE_NAME, "{shown}");
    assert!(claims["date_of_birth"].as_str().is_some(), "{shown}");
    let kinds: Vec<&str> = shown["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    for kind in ["national-id", "age-over-16", "age-over-18", "age-over-21"] {
        assert!(kinds.contains(&kind), "{shown}");
    }
    for c in shown["credentials"].as_array().unwrap() {
        assert_eq!(c["device_key_in_wallet"], true, "{c}");
        assert!(c["expires_at"].as_str().unwrap().ends_with('Z'), "{c}");
    }

    // The licence's classes, one without an end date.
    let licence = f.id_of("Driving licence");
    let shown: Value = serde_json::from_str(&f.ok(&["show", "--json", &licence])).unwrap();
    let classes = shown["claims"]["licence_classes"].as_array().unwrap();
    assert!(!classes.is_empty(), "{shown}");
    assert!(classes[0]["class"].as_str().is_some(), "{shown}");
}

#[test]
fn a_truncated_wallet_is_reported_as_damaged() {
    let f = Fixture::with_reference();
    let file = f.dir.join("wallet.db");
    let whole = std::fs::read(&file).unwrap();
    for len in [0, whole.len() / 2] {
        std::fs::write(&file, &whole[..len]).unwrap();
        let out = f.run(&["list"]);
        assert_eq!(out.status.code(), Some(1), "{}", both(&out));
        let err = stderr(&out);
        assert!(err.contains("is damaged"), "{len}: {err}");
        assert!(!err.contains("no wallet"), "{len}: {err}");
    }
}

#[test]
fn a_damaged_document_record_is_named_and_can_be_deleted() {
    let f = Fixture::with_reference();
    let list: Value = serde_json::from_str(&f.ok(&["list", "--json"])).unwrap();
    let ids: Vec<String> = list["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    {
        let conn = rusqlite::Connection::open(f.dir.join("wallet.db")).unwrap();
        let mut blob: Vec<u8> = conn
            .query_row(
                "SELECT record FROM documents WHERE id = ?1",
                [&ids[0]],
                |r| r.get(0),
            )
            .unwrap();
        let middle = blob.len() / 2;
        blob[middle] ^= 0x01;
        conn.execute(
            "UPDATE documents SET record = ?2 WHERE id = ?1",
            rusqlite::params![ids[0], blob],
        )
        .unwrap();
    }
    let out = f.run(&["list"]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(stderr(&out).contains(&ids[0]), "{}", both(&out));
    assert!(stdout(&out).contains("Driving licence"), "{}", both(&out));
    let list: Value = serde_json::from_str(&f.ok(&["list", "--json"])).unwrap();
    assert_eq!(list["damaged"], serde_json::json!([ids[0]]));
    assert_eq!(list["documents"].as_array().unwrap().len(), 2);
    f.ok(&["show", &ids[1]]);
    f.ok(&["delete", "--yes", &ids[0]]);
    let list: Value = serde_json::from_str(&f.ok(&["list", "--json"])).unwrap();
    assert!(list["damaged"].as_array().unwrap().is_empty(), "{list}");
    assert_eq!(list["documents"].as_array().unwrap().len(), 2);
}

/// Flips one byte in the middle of `column` of the first row of `table`
/// whose `key` is `id`, in the wallet file.
fn flip_byte(dir: &Path, table: &str, column: &str, key: &str, id: &str) {
    let conn = rusqlite::Connection::open(dir.join("wallet.db")).unwrap();
    let (rowid, mut blob): (i64, Vec<u8>) = conn
        .query_row(
            &format!("SELECT rowid, {column} FROM {table} WHERE {key} = ?1 LIMIT 1"),
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let middle = blob.len() / 2;
    blob[middle] ^= 0x01;
    conn.execute(
        &format!("UPDATE {table} SET {column} = ?2 WHERE rowid = ?1"),
        rusqlite::params![rowid, blob],
    )
    .unwrap();
}

#[test]
fn backup_log_and_export_log_survive_one_damaged_record_and_name_it() {
    let f = Fixture::with_reference();
    let list: Value = serde_json::from_str(&f.ok(&["list", "--json"])).unwrap();
    let ids: Vec<String> = list["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    let log: Value = serde_json::from_str(&f.ok(&["log", "--json"])).unwrap();
    let entry_ids: Vec<String> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(entry_ids.len(), 3);
    flip_byte(&f.dir, "documents", "record", "id", &ids[0]);
    flip_byte(&f.dir, "activity_log", "record", "id", &entry_ids[1]);

    // log: the rest, and the damaged entry named.
    let out = f.run(&["log"]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(stderr(&out).contains(&entry_ids[1]), "{}", both(&out));
    assert!(stdout(&out).contains("2 entries"), "{}", both(&out));
    let log: Value = serde_json::from_str(&f.ok(&["log", "--json"])).unwrap();
    assert_eq!(log["entries"].as_array().unwrap().len(), 2);
    assert_eq!(log["damaged"], serde_json::json!([entry_ids[1]]));
    // export-log: the same.
    let exported = f.path("log.json");
    let out = f.run(&["export-log", "--out", exported.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(stderr(&out).contains(&entry_ids[1]), "{}", both(&out));
    let json: Value = serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    assert_eq!(json["entries"].as_array().unwrap().len(), 2);
    assert_eq!(json["damaged"], serde_json::json!([entry_ids[1]]));
    // qr of a healthy document still works.
    f.ok(&["qr", &ids[2], "--preset", "hospital"]);

    // backup: the healthy rest, saying what it left out.
    let backup = f.path("wallet.age");
    let env = [("VIDI_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)];
    let out = f.run_env(&env, &["backup", "--out", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let said = stdout(&out);
    assert!(said.contains("2 documents"), "{said}");
    assert!(said.contains(&ids[0]), "{said}");
    assert!(said.contains(&entry_ids[1]), "{said}");
    // ... which restores.
    let g = Fixture::other();
    g.init();
    let out = g.run_env(&env, &["restore", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(stdout(&out).contains("2 added"), "{}", both(&out));
    assert_eq!(g.documents().len(), 2);

    // The user deletes the damaged records; everything reads again.
    f.ok(&["delete", "--yes", &ids[0]]);
    assert!(
        f.ok(&["log", "--delete-entry", &entry_ids[1]])
            .contains("deleted")
    );
    let out = f.run(&["log"]);
    assert!(!stderr(&out).contains("damaged"), "{}", both(&out));
    let out = f.run(&["unlock-check"]);
    assert_eq!(
        stdout(&out).trim(),
        "unlocked: 2 documents, 0 pending merged"
    );
}
