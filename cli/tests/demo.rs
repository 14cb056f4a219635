//! `vidi demo`: the whole story against the mock issuer started in-process
//! on loopback, with nothing left behind in the temporary folder root.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

const REFERENCE_NAME: &str = "Nguyễn Thị Thanh Hương";
const PERSONAL_ID: &str = "001190012345";

/// `vidi demo ARGS` with its temporary folders under `tmp`.
fn demo(tmp: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vidi"))
        .arg("demo")
        .args(args)
        .env("NO_COLOR", "1")
        .env("TMPDIR", tmp)
        .stdin(Stdio::null())
        .output()
        .expect("vidi runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Where `needle` first occurs in `text`.
fn at(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in:\n{text}"))
}

fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn demo_tells_the_whole_story_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let out = demo(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "the demo writes only to stdout");
    let text = stdout(&out);
    assert!(!text.contains('\x1b'), "colour without a terminal");

    // The issuer on loopback, its citizens, the reference citizen.
    let url = at(&text, "http://127.0.0.1:");
    let port: String = text[url + "http://127.0.0.1:".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(port.parse::<u16>().is_ok_and(|p| p > 0), "{text}");
    assert!(text.contains("Test citizens seeded: 60"), "{text}");
    assert!(text.contains(REFERENCE_NAME), "{text}");

    // The offer, the PIN, the issuance steps as they happened.
    assert!(text.contains("openid-credential-offer://"), "{text}");
    assert!(text.contains("PIN, sent separately"), "{text}");
    let steps = [
        "reading the issuer's metadata",
        "exchanging the code and PIN for a token",
        "a fresh nonce",
        "national-id, age-over-16",
        "adding 3 documents to the wallet",
        "The wallet now holds 3 documents",
    ];
    let places: Vec<usize> = steps.iter().map(|s| at(&text, s)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{text}");

    // The QR, then the verdicts in the story's order.
    let qr = at(&text, "QR version 10 · ECC M");
    let synced = at(&text, "pinned at this first sync");
    let valid = at(&text, "✔  HỢP LỆ  ·  VALID");
    let revoked = at(&text, "Giấy tờ đã bị thu hồi");
    let too_old = at(&text, "too old: made 120 s ago");
    let tampered = at(&text, "a disclosed claim was altered");
    assert!(qr < synced && synced < valid, "{text}");
    assert!(valid < revoked && revoked < too_old && too_old < tampered);
    assert!(text.contains("the credential is revoked"), "{text}");
    assert!(text.contains("status list 0001  changed"), "{text}");
    assert!(text.contains("Mã QR đã hết hạn (quá cũ)"), "{text}");
    assert!(text.contains("Thông tin đã bị sửa đổi"), "{text}");
    assert_eq!(text.matches("HỢP LỆ  ·  VALID").count(), 1, "{text}");
    assert_eq!(text.matches("KHÔNG HỢP LỆ").count(), 3, "{text}");
    // The valid verdict shows what the checkpoint-id proof discloses.
    assert!(text[valid..revoked].contains(PERSONAL_ID), "{text}");
    assert!(text[valid..revoked].contains(REFERENCE_NAME), "{text}");

    // The closing commands.
    for command in [
        "vidi-server-mock",
        "wallet --dir ~/.vidi add --offer",
        "vidi verifier sync --server",
        "vidi verify --verifier-dir",
    ] {
        assert!(text[tampered..].contains(command), "{command}: {text}");
    }

    // Every temporary file and folder it made is gone.
    assert_eq!(entries(tmp.path()), Vec::<String>::new());
}

#[test]
fn demo_light_draws_the_qr_for_a_light_background() {
    let tmp = tempfile::tempdir().unwrap();
    let out = demo(tmp.path(), &["--light"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // On a dark background the quiet zone is drawn in full blocks; on a
    // light one the background is the quiet zone.
    assert!(!text.lines().any(|l| l.starts_with("████")), "{text}");
    assert!(text.contains("QR version 10"), "{text}");
    assert!(entries(tmp.path()).is_empty());
}

#[test]
fn demo_without_a_temporary_folder_stops_with_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let out = demo(&tmp.path().join("missing"), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).starts_with("vidi: demo: cannot make a temporary folder"),
        "{}",
        stderr(&out)
    );
    assert!(entries(tmp.path()).is_empty());
}
