//! End to end against the mock issuer started in-process on 127.0.0.1:
//! `vidi wallet add --offer` with the PIN, a checkpoint proof,
//! `vidi verifier sync`, `vidi verify --verifier-dir`, a revocation through
//! the admin API, a wrong PIN, and re-binding after a backup restore.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use vidi_server_mock::{
    BackgroundServer, Change, Config, OfferCreated, OfferRequest, ReissueRequest,
};

const PASSPHRASE: &str = "correct horse battery staple";
const BACKUP_PASSPHRASE: &str = "a different backup passphrase";
const REFERENCE_NAME: &str = "Nguyễn Thị Thanh Hương";

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn both(out: &Output) -> String {
    format!("{}{}", stdout(out), stderr(out))
}

/// The mock issuer, and a temp dir for its data, wallets and caches.
struct Issuer {
    server: BackgroundServer,
    tmp: tempfile::TempDir,
}

impl Issuer {
    fn start() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let server = BackgroundServer::start(Config::ephemeral(tmp.path().join("issuer")))
            .expect("the mock issuer starts");
        Self { server, tmp }
    }

    fn url(&self) -> String {
        self.server.base_url()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn offer(&self, citizen: u32, by_reference: bool) -> OfferCreated {
        let admin = self.server.admin().unwrap();
        self.server
            .block_on(admin.create_offer(OfferRequest {
                citizen,
                by_reference,
                ..OfferRequest::default()
            }))
            .unwrap()
    }

    fn reissue(&self, citizen: u32) -> OfferCreated {
        let admin = self.server.admin().unwrap();
        self.server
            .block_on(admin.reissue(
                citizen,
                ReissueRequest {
                    by_reference: true,
                    ..ReissueRequest::default()
                },
            ))
            .unwrap()
    }

    /// Revokes every valid credential of `citizen`'s `document_type`.
    fn revoke(&self, citizen: u32, document_type: &str) -> usize {
        let admin = self.server.admin().unwrap();
        let view = self.server.block_on(admin.citizen(citizen)).unwrap();
        let mut revoked = 0;
        for document in view
            .documents
            .iter()
            .filter(|d| d.document_type == document_type)
        {
            for credential in document.credentials.iter().filter(|c| c.state == "valid") {
                self.server
                    .block_on(admin.change_credential(credential.id, Change::Revoke))
                    .unwrap();
                revoked += 1;
            }
        }
        revoked
    }

    /// How many credentials `citizen`'s `document_type` was issued.
    fn issued(&self, citizen: u32, document_type: &str) -> usize {
        let admin = self.server.admin().unwrap();
        let view = self.server.block_on(admin.citizen(citizen)).unwrap();
        view.documents
            .iter()
            .filter(|d| d.document_type == document_type)
            .map(|d| d.credentials.len())
            .sum()
    }
}

fn vidi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vidi"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("VIDI_OFFER_PIN")
        .stdin(Stdio::null())
        .output()
        .expect("vidi runs")
}

/// A wallet folder.
struct Wallet {
    dir: PathBuf,
}

impl Wallet {
    fn new(issuer: &Issuer, name: &str) -> Self {
        let wallet = Self {
            dir: issuer.path(name),
        };
        wallet.ok(&["init"]);
        wallet
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_env(&[], args)
    }

    fn run_env(&self, env: &[(&str, &str)], args: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vidi"));
        command
            .arg("wallet")
            .arg("--dir")
            .arg(&self.dir)
            .args(args)
            .env("VIDI_PASSPHRASE", PASSPHRASE)
            .env("VIDI_SCRYPT_LOG_N", "10")
            .env("NO_COLOR", "1")
            .env_remove("VIDI_OFFER_PIN")
            .env_remove("VIDI_BACKUP_PASSPHRASE")
            .stdin(Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        command.output().expect("vidi runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", both(&out));
        stdout(&out)
    }

    /// `list`'s rows as (short id, line).
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

    fn national_id(&self) -> String {
        self.documents()
            .into_iter()
            .find(|(_, line)| line.contains("Identity card"))
            .expect("an identity card")
            .0
    }

    fn add(&self, offer: &OfferCreated, pin: &str) -> Output {
        self.run(&["add", "--offer", &offer.offer_uri, "--pin", pin])
    }

    fn checkpoint_payload(&self) -> String {
        let id = self.national_id();
        self.ok(&["qr", &id, "--preset", "checkpoint-id", "--payload"])
            .trim()
            .to_owned()
    }
}

fn sync(issuer: &Issuer, cache: &Path) -> String {
    let out = vidi(&[
        "verifier",
        "sync",
        "--server",
        &issuer.url(),
        "--dir",
        cache.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    stdout(&out)
}

fn verify(cache: &Path, payload: &str) -> Output {
    vidi(&["verify", "--verifier-dir", cache.to_str().unwrap(), payload])
}

/// The line of `list` (in `sync`'s output) that begins with `list`.
fn line_of<'a>(text: &'a str, list: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start().starts_with(list))
        .unwrap_or_else(|| panic!("no {list} line in:\n{text}"))
}

#[test]
fn issue_present_sync_verify_revoke() {
    let issuer = Issuer::start();
    let wallet = Wallet::new(&issuer, "wallet");
    let offer = issuer.offer(0, true);
    assert!(offer.offer_uri.contains("credential_offer_uri="));

    let out = wallet.add(&offer, &offer.pin);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let report = stdout(&out);
    assert!(report.starts_with("3 documents from"), "{report}");
    assert!(report.contains("national-id, age-over-16"), "{report}");
    let progress = stderr(&out);
    assert!(progress.contains("issuance: exchanging the code and PIN for a token…"));
    assert!(progress.contains("issuance: requesting 1 national-id credential"));
    for secret in [offer.pin.as_str(), offer.offer_id.as_str()] {
        assert!(
            !both(&out).contains(secret),
            "the PIN or offer id was printed"
        );
    }

    let documents = wallet.documents();
    assert_eq!(documents.len(), 3, "{documents:?}");
    for (_, line) in &documents {
        assert!(line.contains(REFERENCE_NAME), "{line}");
        assert!(!line.contains("re-binding"), "{line}");
    }
    let log = wallet.ok(&["log"]);
    assert!(log.contains("added") || log.contains("issu"), "{log}");

    // A used offer cannot be used again (an issuer may also stop serving
    // an offer given by reference once it is used).
    let again = wallet.add(&offer, &offer.pin);
    assert_eq!(again.status.code(), Some(1), "{}", both(&again));
    let refusal = stderr(&again);
    assert!(
        refusal.contains("already been used") || refusal.contains("no longer accepts this offer"),
        "{refusal}"
    );

    // The verifier syncs, then checks a fresh checkpoint proof offline.
    let cache = issuer.path("verifier");
    let first = sync(&issuer, &cache);
    assert!(first.contains("pinned now"), "{first}");
    assert!(line_of(&first, "trust list").contains("new"), "{first}");
    let payload = wallet.checkpoint_payload();
    let valid = verify(&cache, &payload);
    assert_eq!(valid.status.code(), Some(0), "{}", both(&valid));
    let verdict = stdout(&valid);
    assert!(verdict.contains("VALID"), "{verdict}");
    assert!(verdict.contains(REFERENCE_NAME), "{verdict}");
    assert!(verdict.contains("Verifier cache"), "{verdict}");
    assert!(verdict.contains("status list"), "{verdict}");

    // Nothing changed: every list answers 304.
    let second = sync(&issuer, &cache);
    assert!(
        line_of(&second, "trust list").contains("not modified (304)"),
        "{second}"
    );
    assert!(second.contains("pinned, unchanged"), "{second}");

    // Revoked through the admin API: the next sync brings it, and the verdict says so.
    // Its five Vidi credentials and its SD-JWT VC.
    assert_eq!(issuer.revoke(0, "national_id"), 6);
    let third = sync(&issuer, &cache);
    assert!(
        line_of(&third, "trust list").contains("not modified"),
        "{third}"
    );
    assert!(
        third
            .lines()
            .any(|l| l.trim_start().starts_with("status list") && l.contains("changed")),
        "{third}"
    );
    let payload = wallet.checkpoint_payload();
    let revoked = verify(&cache, &payload);
    assert_eq!(revoked.status.code(), Some(1), "{}", both(&revoked));
    assert!(stdout(&revoked).contains("revoked"), "{}", both(&revoked));

    // The same as JSON, with the cache's ages.
    let json = vidi(&[
        "verify",
        "--json",
        "--verifier-dir",
        cache.to_str().unwrap(),
        &payload,
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["reason"], "revoked");
    let ages = value["verifier_cache"].as_array().unwrap();
    assert_eq!(ages[0]["list"], "trust_list");
    assert!(ages.len() >= 2);
}

#[test]
fn a_wrong_pin_is_refused_and_stores_nothing() {
    let issuer = Issuer::start();
    let wallet = Wallet::new(&issuer, "wallet");
    let offer = issuer.offer(0, false);
    let wrong = if offer.pin == "000000" {
        "111111"
    } else {
        "000000"
    };

    let out = wallet.add(&offer, wrong);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let message = stderr(&out);
    assert!(message.contains("wrong PIN"), "{message}");
    assert!(message.contains("tries left"), "{message}");
    assert!(message.contains("nothing was stored"), "{message}");
    assert!(!both(&out).contains(wrong), "the PIN was printed");
    assert!(wallet.documents().is_empty());
    assert_eq!(issuer.issued(0, "national_id"), 0);

    // No PIN at all, and none to ask for on a terminal.
    let out = wallet.run(&["add", "--offer", &offer.offer_uri]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(stderr(&out).contains("needs the PIN"), "{}", both(&out));

    // The right PIN still works (the offer was given by value, as bare JSON this time).
    let json = serde_json::to_string(&offer.offer).unwrap();
    let out = wallet.run(&["add", "--offer", &json, "--pin", &offer.pin]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(wallet.documents().len(), 3);
    let again = wallet.run(&["add", "--offer", &json, "--pin", &offer.pin]);
    assert_eq!(again.status.code(), Some(1), "{}", both(&again));
    assert!(
        stderr(&again).contains("already been used"),
        "{}",
        both(&again)
    );
    assert_eq!(wallet.documents().len(), 3);

    // Not an offer.
    let out = wallet.run(&["add", "--offer", "https://example.invalid/x", "--pin", "1"]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        stderr(&out).contains("not a credential offer link"),
        "{}",
        both(&out)
    );
}

#[test]
fn too_many_wrong_pins_burn_the_offer() {
    let issuer = Issuer::start();
    let wallet = Wallet::new(&issuer, "wallet");
    let offer = issuer.offer(1, false);
    let wrong = if offer.pin == "000000" {
        "111111"
    } else {
        "000000"
    };
    let mut last = String::new();
    for _ in 0..10 {
        let out = wallet.add(&offer, wrong);
        assert_eq!(out.status.code(), Some(1), "{}", both(&out));
        last = stderr(&out);
        if !last.contains("wrong PIN") {
            break;
        }
    }
    assert!(last.contains("blocked after too many wrong PINs"), "{last}");
    let out = wallet.add(&offer, &offer.pin);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        stderr(&out).contains("blocked after too many wrong PINs"),
        "{}",
        both(&out)
    );
    assert!(wallet.documents().is_empty());
}

#[test]
fn batches_bind_each_credential_to_its_own_key() {
    let issuer = Issuer::start();
    let wallet = Wallet::new(&issuer, "wallet");
    let offer = issuer.offer(0, true);
    let out = wallet.run(&[
        "add",
        "--offer",
        &offer.offer_uri,
        "--pin",
        &offer.pin,
        "--batch",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(
        stdout(&out).contains("3 credentials of each kind"),
        "{}",
        both(&out)
    );
    assert!(
        stdout(&out).contains("Also 9 SD-JWT VCs for online services"),
        "{}",
        both(&out)
    );
    // national-id, age over 16, 18 and 21 and checkpoint-id, three of each,
    // and three SD-JWT VCs.
    assert_eq!(issuer.issued(0, "national_id"), 18);
    let shown = wallet.ok(&["show", &wallet.national_id()]);
    assert!(shown.contains("national-id"), "{shown}");
    wallet.checkpoint_payload();
}

#[test]
fn rebinding_after_a_restore_makes_documents_presentable_again() {
    let issuer = Issuer::start();
    let old_phone = Wallet::new(&issuer, "old");
    let offer = issuer.offer(0, true);
    let out = old_phone.add(&offer, &offer.pin);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let backup = issuer.path("wallet.age");
    let env = [("VIDI_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)];
    let out = old_phone.run_env(&env, &["backup", "--out", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));

    let new_phone = Wallet::new(&issuer, "new");
    let out = new_phone.run_env(&env, &["restore", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(stdout(&out).contains("3 need re-binding"), "{}", both(&out));
    let id = new_phone.national_id();
    let refused = new_phone.run(&["qr", &id, "--preset", "checkpoint-id", "--payload"]);
    assert_eq!(refused.status.code(), Some(1), "{}", both(&refused));

    let reissue = issuer.reissue(0);
    let out = new_phone.run(&[
        "rebind",
        "--offer",
        &reissue.offer_uri,
        "--pin",
        &reissue.pin,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let report = stdout(&out);
    assert!(report.contains("3 documents re-bound"), "{report}");
    assert!(report.contains("re-bound to this wallet"), "{report}");
    assert!(!report.contains("still need"), "{report}");
    let documents = new_phone.documents();
    assert_eq!(
        documents.len(),
        3,
        "the restored copies were replaced, not added to"
    );
    assert!(documents.iter().all(|(_, l)| !l.contains("re-binding")));
    assert_eq!(new_phone.national_id(), id, "the document keeps its id");

    // The new phone's proof verifies; the old phone's credentials were revoked by the re-issue.
    let cache = issuer.path("verifier");
    sync(&issuer, &cache);
    let fresh = verify(&cache, &new_phone.checkpoint_payload());
    assert_eq!(fresh.status.code(), Some(0), "{}", both(&fresh));
    let old = verify(&cache, &old_phone.checkpoint_payload());
    assert_eq!(old.status.code(), Some(1), "{}", both(&old));
    assert!(stdout(&old).contains("revoked"), "{}", both(&old));
}

#[test]
fn verifying_needs_a_synced_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let out = vidi(&[
        "verify",
        "--verifier-dir",
        tmp.path().to_str().unwrap(),
        "VD1:X",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        stderr(&out).contains("vidi verifier sync"),
        "{}",
        both(&out)
    );
    let out = vidi(&["verify", "VD1:X"]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    // Nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let out = vidi(&[
        "verifier",
        "sync",
        "--server",
        &url,
        "--dir",
        tmp.path().join("cache").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(stderr(&out).contains("cannot connect"), "{}", both(&out));
}

/// Makes `citizen`'s driving licence end on its day of issue, in the
/// issuer's own database file: an offer made before the change still names
/// it, and the issuer then refuses to issue it, as it does any expired
/// document.
fn expire_licence(issuer: &Issuer, citizen: u32) {
    let db =
        rusqlite::Connection::open(issuer.path("issuer").join("vidi-server-mock.sqlite3")).unwrap();
    let record: String = db
        .query_row(
            "SELECT record FROM citizens WHERE number = ?1",
            [citizen],
            |r| r.get(0),
        )
        .unwrap();
    let mut person: serde_json::Value = serde_json::from_str(&record).unwrap();
    let licence = &mut person["driving_licence"];
    let issued = licence["date_of_issue"].clone();
    assert!(!issued.is_null(), "{licence}");
    for class in licence["classes"].as_array_mut().unwrap() {
        class["valid_until"] = issued.clone();
    }
    let changed = db
        .execute(
            "UPDATE citizens SET record = ?1 WHERE number = ?2",
            rusqlite::params![person.to_string(), citizen],
        )
        .unwrap();
    assert_eq!(changed, 1);
}

#[test]
fn an_offer_with_one_expired_document_delivers_the_others() {
    let issuer = Issuer::start();
    let wallet = Wallet::new(&issuer, "wallet");
    let offer = issuer.offer(0, true);
    assert!(
        offer
            .offer
            .credential_configuration_ids
            .iter()
            .any(|id| id.contains("driving")),
        "{:?}",
        offer.offer.credential_configuration_ids
    );
    expire_licence(&issuer, 0);

    let out = wallet.add(&offer, &offer.pin);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let text = stdout(&out);
    assert!(text.contains("2 documents"), "{text}");
    assert!(
        text.contains(
            "Not added: the Giấy phép lái xe · Driving licence: the document has expired."
        ),
        "{text}"
    );
    let documents = wallet.documents();
    assert_eq!(documents.len(), 2, "{documents:?}");
    assert!(documents.iter().any(|(_, l)| l.contains("Identity card")));
    assert!(
        documents
            .iter()
            .any(|(_, l)| l.contains("Health insurance"))
    );
    assert!(!documents.iter().any(|(_, l)| l.contains("Driving licence")));
    assert_eq!(issuer.issued(0, "driving_licence"), 0);
    // The identity card still makes a proof.
    assert!(!wallet.checkpoint_payload().is_empty());
}
