//! End-to-end tests of the `vidi` binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use vidi_core::presentation::{Presentation, from_text_any, to_text_in};
use vidi_core::preset::Preset;

/// The golden vectors' time, 2026-06-01 08:00 UTC.
const T: &str = "2026-06-01T08:00:00Z";
/// 30 s later: inside the freshness window.
const T_30S: &str = "2026-06-01T08:00:30Z";
/// 2 minutes later: outside it.
const T_2MIN: &str = "2026-06-01T08:02:00Z";
const PERSONAL_ID: &str = "001190012345";

fn vidi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vidi"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("vidi runs")
}

fn vidi_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vidi"))
        .args(args)
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

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(out), stderr(out)))
}

/// A proof of `preset` made at `T`, and the trust file written with it.
fn sample(dir: &Path, preset: &str) -> (String, PathBuf) {
    sample_in(dir, preset, 2)
}

/// A sample proof in proof `format` (1 or 2).
fn sample_in(dir: &Path, preset: &str, format: u8) -> (String, PathBuf) {
    let trust = dir.join(format!("{preset}-{format}-trust.json"));
    let out = vidi(&[
        "sample",
        "--preset",
        preset,
        "--at",
        T,
        "--format",
        &format.to_string(),
        "--trust-out",
        trust.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "sample prints exactly the payload");
    let payload = text.trim().to_owned();
    assert!(payload.starts_with(&format!("VD{format}:")));
    assert!(stderr(&out).contains(trust.to_str().unwrap()));
    (payload, trust)
}

fn verify_json(trust: &Path, at: &str, payload: &str) -> Output {
    vidi(&[
        "verify",
        "--trust",
        trust.to_str().unwrap(),
        "--at",
        at,
        "--json",
        payload,
    ])
}

#[test]
fn sample_then_verify_every_preset() {
    let dir = tempfile::tempdir().unwrap();
    for preset in Preset::ALL {
        let (payload, trust) = sample(dir.path(), preset.name());
        let out = verify_json(&trust, T_30S, &payload);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            preset.name(),
            stdout(&out)
        );
        let v = json(&out);
        assert_eq!(v["valid"], true);
        let claims = v["claims"].as_array().unwrap();
        assert_eq!(claims.len(), preset.claims().len(), "{}", preset.name());
        for (claim, id) in claims.iter().zip(preset.claims()) {
            assert_eq!(claim["name"], id.name());
            assert_eq!(claim["label_vi"], id.label_vi());
            assert_eq!(claim["label_en"], id.label_en());
            assert!(claim["display"].is_string());
        }
        assert_eq!(v["kind"], preset.kind().name());
        assert_eq!(v["presented_at"], T);
        assert_eq!(v["status_list_age_seconds"], 30);
        assert!(v["hidden_claims"].as_u64().is_some());
    }
}

#[test]
fn checkpoint_id_discloses_the_three_claims() {
    let dir = tempfile::tempdir().unwrap();
    let (payload, trust) = sample(dir.path(), "checkpoint-id");
    let v = json(&verify_json(&trust, T_30S, &payload));
    let names: Vec<&str> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["personal_id_number", "full_name", "date_of_birth"]);
    assert_eq!(v["claims"][0]["value"], PERSONAL_ID);
    assert_eq!(v["claims"][2]["value"], "1990-05-17");
    assert_eq!(v["document_type"], "national_id");
    // Format 2: the checkpoint's own credential, nothing else in it.
    assert_eq!(v["kind"], "checkpoint-id");
    assert_eq!(v["hidden_claims"], 0);
    // Format 1: the same claims from the identity card's claim tree, the
    // other 7 hidden; verifiers still accept it.
    let (payload, trust) = sample_in(dir.path(), "checkpoint-id", 1);
    let v = json(&verify_json(&trust, T_30S, &payload));
    assert_eq!(v["valid"], true);
    assert_eq!(v["kind"], "national-id");
    assert_eq!(v["claims"][1]["value"], "Nguyễn Thị Thanh Hương");
    assert_eq!(v["hidden_claims"], 7);
}

#[test]
fn human_verdict_is_plain_when_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (payload, trust) = sample_in(dir.path(), "checkpoint-id", 1);
    let out = vidi(&[
        "verify",
        "--trust",
        trust.to_str().unwrap(),
        "--at",
        T_30S,
        &payload,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("HỢP LỆ · VALID") || text.contains("HỢP LỆ  ·  VALID"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Personal ID number:  {PERSONAL_ID}")),
        "{text}"
    );
    assert!(text.contains("7 other claims hidden"), "{text}");
    assert!(text.contains("30 s ago"), "{text}");
    assert!(!text.contains('\x1b'), "no colour into a pipe");

    let out = vidi(&[
        "verify",
        "--trust",
        trust.to_str().unwrap(),
        "--at",
        T_2MIN,
        &payload,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("KHÔNG HỢP LỆ"), "{text}");
    assert!(text.contains("Mã QR đã hết hạn (quá cũ)"), "{text}");
    assert!(text.contains("too old: made 120 s ago"), "{text}");
}

#[test]
fn a_proof_two_minutes_old_is_too_old() {
    let dir = tempfile::tempdir().unwrap();
    let (payload, trust) = sample(dir.path(), "checkpoint-id");
    let out = verify_json(&trust, T_2MIN, &payload);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["valid"], false);
    assert_eq!(v["reason"], "too_old");
    assert_eq!(v["reason_vi"], "Mã QR đã hết hạn (quá cũ)");
    assert!(v["reason_en"].as_str().unwrap().starts_with("too old"));
}

#[test]
fn a_changed_character_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (payload, trust) = sample(dir.path(), "checkpoint-id");
    let mut chars: Vec<char> = payload.chars().collect();
    for i in [10, chars.len() / 2, chars.len() - 20] {
        let original = chars[i];
        chars[i] = if original == 'A' { 'B' } else { 'A' };
        let altered: String = chars.iter().collect();
        let out = verify_json(&trust, T_30S, &altered);
        assert_eq!(out.status.code(), Some(1), "position {i}");
        assert_eq!(json(&out)["valid"], false);
        chars[i] = original;
    }
}

#[test]
fn garbage_is_malformed() {
    let dir = tempfile::tempdir().unwrap();
    let (_, trust) = sample(dir.path(), "age-18");
    for garbage in ["hello", "VD1:", "VD1:!!!!", "VD9:AAAA"] {
        let out = verify_json(&trust, T_30S, garbage);
        assert_eq!(out.status.code(), Some(1), "{garbage}");
        assert_eq!(json(&out)["reason"], "malformed", "{garbage}");
    }
}

#[test]
fn nonce_and_audience_reach_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let (payload, trust) = sample(dir.path(), "age-18");
    let trust = trust.to_str().unwrap();
    let out = vidi(&[
        "verify", "--trust", trust, "--at", T_30S, "--json", "--nonce", "0a0b0c", &payload,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["reason"], "wrong_nonce");
    // A verifier that names itself refuses a proof made for nobody in particular.
    let out = vidi(&[
        "verify",
        "--trust",
        trust,
        "--at",
        T_30S,
        "--json",
        "--audience",
        "hotel",
        &payload,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["reason"], "wrong_audience");
    let out = vidi(&[
        "verify", "--trust", trust, "--at", T_30S, "--nonce", "xyz", &payload,
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2_without_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let (payload, trust) = sample(dir.path(), "checkpoint-id");
    let missing = dir.path().join("missing.json");

    let out = verify_json(&missing, T_30S, &payload);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("vidi: "), "{err}");
    assert!(!err.contains(&payload) && !err.contains(PERSONAL_ID));
    assert!(out.stdout.is_empty());

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"trust_list\": 3}").unwrap();
    let out = verify_json(&bad, T_30S, &payload);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("vidi: "));

    for at in ["yesterday", "2026-06-01", "2026-06-01 08:00:00"] {
        let out = verify_json(&trust, at, &payload);
        assert_eq!(out.status.code(), Some(2), "{at}");
        let err = stderr(&out);
        assert!(
            err.starts_with("vidi: ") && err.contains("RFC 3339"),
            "{err}"
        );
        assert!(!err.contains(&payload));
    }

    let out = vidi(&["sample", "--preset", "police"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("vidi: "), "{err}");
    for preset in Preset::ALL {
        assert!(err.contains(preset.name()), "{err}");
    }
    assert!(out.stdout.is_empty());

    let out = vidi(&["verify", &payload]);
    assert_eq!(out.status.code(), Some(2), "--trust is required");
    assert!(!stderr(&out).contains(&payload));

    // An unquoted proof split by the shell: the extra part is not echoed.
    let (head, tail) = payload.split_at(payload.len() / 2);
    let out = vidi(&["verify", "--trust", trust.to_str().unwrap(), head, tail]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("vidi: ") && err.contains("quote"), "{err}");
    assert!(!err.contains(tail) && !err.contains(head));
}

#[test]
fn verify_reads_the_payload_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let (payload, trust) = sample(dir.path(), "hospital");
    let out = vidi_stdin(
        &[
            "verify",
            "--trust",
            trust.to_str().unwrap(),
            "--at",
            T_30S,
            "--json",
            "-",
        ],
        &format!("{payload}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["kind"], "hospital");
}

#[test]
fn inspect_json_shows_the_parts() {
    let dir = tempfile::tempdir().unwrap();
    let (payload, trust) = sample(dir.path(), "checkpoint-id");
    let out = vidi(&["inspect", "--json", &payload]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    for key in [
        "chars",
        "bytes",
        "qr_version",
        "kid",
        "kind",
        "document_type",
        "expires_at",
        "status_index",
        "presented_at",
        "nonce_hex",
        "audience",
        "claims",
        "hidden_claims",
        "seeds",
        "hidden_digests",
        "device_key",
        "cose_sign1_hex",
        "issuer_public_key_hex",
        "issuer_name",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["chars"], payload.len());
    assert_eq!(v["bytes"], from_text_any(&payload).unwrap().1.len());
    assert!(v["qr_version"].as_u64().unwrap() <= 11);
    assert_eq!(v["format"], 2);
    assert_eq!(v["kid"], 0x7e57);
    assert_eq!(v["kind"], "checkpoint-id");
    assert_eq!(v["presented_at"], T);
    assert_eq!(v["nonce_hex"], Value::Null);
    assert_eq!(v["claims"].as_array().unwrap().len(), 3);
    assert_eq!(v["hidden_claims"], 0);
    assert_eq!(
        (v["seeds"].as_u64(), v["hidden_digests"].as_u64()),
        (Some(0), Some(0))
    );
    let cose = v["cose_sign1_hex"].as_str().unwrap();
    assert!(cose.starts_with("d284"), "{cose}");
    assert_eq!(v["device_key"].as_str().unwrap().len(), 66);
    let key = v["issuer_public_key_hex"].as_str().unwrap();
    assert_eq!(key.len(), 66);
    assert!(v["issuer_name"].as_str().unwrap().contains("test issuer"));

    // The same key from the trust file.
    let out = vidi(&[
        "inspect",
        "--json",
        "--trust",
        trust.to_str().unwrap(),
        &payload,
    ]);
    let with_trust = json(&out);
    assert_eq!(with_trust["issuer_public_key_hex"], key);
    assert_eq!(with_trust["issuer_source"], "trust_list");

    // Another kid: unknown.
    let (format, mut bytes) = from_text_any(&payload).unwrap();
    bytes[1] ^= 0x01;
    let out = vidi(&["inspect", "--json", &to_text_in(format, &bytes)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["issuer_public_key_hex"], Value::Null);
    let out = vidi(&["inspect", &to_text_in(format, &bytes)]);
    assert!(stdout(&out).contains("unknown (pass --trust)"));
}

#[test]
fn inspect_says_why_a_statement_cannot_be_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (payload, _) = sample(dir.path(), "checkpoint-id");
    let (format, mut bytes) = from_text_any(&payload).unwrap();
    let proof = Presentation::parse(&payload).unwrap();
    let (_, _, raw) = &proof.disclosed[1];
    let start = bytes
        .windows(raw.len())
        .position(|w| w == raw.as_slice())
        .unwrap();
    // The last byte of the full name: an ASCII letter.
    let last = start + raw.len() - 1;
    assert!(bytes[last].is_ascii_lowercase());
    bytes[last] = if bytes[last] == b'a' { b'b' } else { b'a' };
    let altered = to_text_in(format, &bytes);

    let out = vidi(&["inspect", "--json", &altered]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["cose_sign1_hex"], Value::Null);
    assert!(v["rebuild_error"].as_str().unwrap().contains("claims hint"));
    assert_eq!(v["claims"].as_array().unwrap().len(), 3);
    let out = vidi(&["inspect", &altered]);
    assert!(stdout(&out).contains("cannot be rebuilt"));

    let out = vidi(&["inspect", "nonsense"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("vidi: "));
}

/// Decodes the one QR code in a PNG file.
fn decode_png(path: &Path) -> String {
    let file = std::fs::read(path).unwrap();
    let mut decoder = png::Decoder::new(std::io::Cursor::new(file));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let (w, h) = (info.width as usize, info.height as usize);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * info.line_size + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}

#[test]
fn qr_png_decodes_back_and_svg_is_svg() {
    let dir = tempfile::tempdir().unwrap();
    let (payload, _) = sample(dir.path(), "traffic-stop");
    let png_path = dir.path().join("proof.png");
    let out = vidi(&[
        "qr",
        &payload,
        "--png",
        png_path.to_str().unwrap(),
        "--scale",
        "4",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("proof.png"));
    assert_eq!(decode_png(&png_path), payload);

    let out = vidi(&[
        "qr",
        &payload,
        "--png",
        png_path.to_str().unwrap(),
        "--ecc",
        "Q",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(decode_png(&png_path), payload);

    let svg_path = dir.path().join("proof.svg");
    let out = vidi(&["qr", &payload, "--svg", svg_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&svg_path)
            .unwrap()
            .starts_with("<svg")
    );

    let out = vidi(&["qr", &payload]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains('█'));
    assert!(text.lines().last().unwrap().contains("ECC M"), "{text}");

    let out = vidi(&["qr", &payload, "--png", "a.png", "--svg", "a.svg"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vidi(&["qr", &payload, "--ecc", "X"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vidi(&["qr", &payload, "--scale", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bench_prints_a_table() {
    let out = vidi(&["bench", "--iterations", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for preset in Preset::ALL {
        assert!(text.contains(&format!("| {} |", preset.name())), "{text}");
    }
    assert!(stderr(&out).contains("p256"));
}
