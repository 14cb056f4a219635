//! Durability under `kill -9`: a writer child (this test binary, run again)
//! adds documents and log entries one transaction each and prints after
//! every commit; the parent kills it mid-stream, reopens the wallet and finds
//! every committed record there, decrypting, and no partial record.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod store_support;

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};

use store_support::*;
use time::Duration;
use vidi_core::preset::Preset;
use vidi_core::sample::test_issuer;
use vidi_core::store::{ActivityEvent, Disclose, LogFilter, PassphraseKeyProvider, Wallet};

/// Set in the child: the wallet path to write to.
const CHILD_ENV: &str = "VIDI_STORE_CRASH_WRITER";
const PASSPHRASE: &str = "crash test";
/// Commits the parent waits for before killing the child.
const COMMITS_BEFORE_KILL: usize = 40;

fn key() -> PassphraseKeyProvider {
    PassphraseKeyProvider::with_work_factor(PASSPHRASE, 2)
}

/// The writer. A no-op unless the parent set [`CHILD_ENV`].
#[test]
fn writer_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut wallet = Wallet::open(&path).unwrap();
    wallet.unlock_at(&key(), now()).unwrap();
    let issuer = test_issuer().unwrap();
    let stdout = std::io::stdout();
    for i in 0..100_000u32 {
        let at = now() + Duration::seconds(i64::from(i));
        let outcome = wallet
            .add_sample_citizen(&issuer, only_national_id(national_id_with_serial(i)), at)
            .unwrap();
        writeln!(stdout.lock(), "committed document {i}").unwrap();
        wallet
            .present(
                outcome[0].id(),
                Disclose::Preset(Preset::Age18),
                None,
                Some("crash"),
                at,
            )
            .unwrap();
        writeln!(stdout.lock(), "committed log {i}").unwrap();
    }
}

#[test]
fn committed_records_survive_sigkill() {
    let (_dir, path) = temp_wallet_path();
    drop(Wallet::create(&path, &key()).unwrap());

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "writer_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (mut documents, mut logs) = (0usize, 0usize);
    let mut count = |line: &str| {
        if line.starts_with("committed document ") {
            documents += 1;
        } else if line.starts_with("committed log ") {
            logs += 1;
        }
    };
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = 0;
    for line in lines.by_ref() {
        count(&line.unwrap());
        seen += 1;
        if seen >= COMMITS_BEFORE_KILL {
            break;
        }
    }
    assert_eq!(seen, COMMITS_BEFORE_KILL, "the writer stopped early");
    // SIGKILL on Unix: no destructor, no checkpoint, no rollback.
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());
    // The child may have committed and printed more before it died: the
    // lines still in the pipe count too.
    for line in lines {
        match line {
            Ok(line) => count(&line),
            Err(_) => break,
        }
    }

    let mut wallet = Wallet::open(&path).unwrap();
    wallet.unlock_at(&key(), now()).unwrap();
    let list = wallet.list_documents().unwrap();
    // Every committed document is there; at most one more was committed
    // after the last line the parent read.
    assert!(
        list.len() >= documents && list.len() <= documents + 1,
        "{} vs {documents}",
        list.len()
    );
    for summary in &list {
        let view = wallet.document(&summary.id).unwrap();
        assert_eq!(view.credentials.len(), 5, "a partial document");
        assert!(view.credentials.iter().all(|c| c.device_key.is_some()));
    }
    let presented = wallet
        .log(&LogFilter {
            event: Some(ActivityEvent::Presented),
            ..LogFilter::default()
        })
        .unwrap();
    assert!(presented.len() >= logs && presented.len() <= logs + 1);
    assert!(
        presented
            .iter()
            .all(|e| e.activity.audience.as_deref() == Some("crash"))
    );
    let added = wallet
        .log(&LogFilter {
            event: Some(ActivityEvent::Added),
            ..LogFilter::default()
        })
        .unwrap();
    assert_eq!(added.len(), list.len());
    // Each document's keys came in its transaction: none without a credential.
    assert_eq!(wallet.device_keys().unwrap().len(), 5 * list.len());
    // The wallet goes on working.
    let last = &list[list.len() - 1].id;
    let out = wallet
        .present(
            last,
            Disclose::Preset(Preset::CheckpointId),
            None,
            None,
            now(),
        )
        .unwrap();
    verify_at(&out.text, now(), None, None);
    drop(wallet);

    let conn = rusqlite::Connection::open(&path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let orphans: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS
             (SELECT 1 FROM credentials c WHERE c.document_id = d.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}
