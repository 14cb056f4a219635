//! The wallet store benchmark: `cargo bench -p vidi-core --bench wallet`.
//!
//! Prints medians of opening, unlocking and listing a wallet of 100
//! documents (with the memory key provider, and with the passphrase
//! provider at age's default scrypt work factor), of a presentation built
//! from a stored credential against the bare `presentation::present` + QR,
//! and of appending 10,000 log entries. Files live in a temp dir on disk;
//! every commit is `synchronous=FULL`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use vidi_core::document::sample::try_reference_citizen;
use vidi_core::document::{NationalIdCard, PersonalIdNumber};
use vidi_core::presentation::{Disclosure, present};
use vidi_core::preset::Preset;
use vidi_core::qr::{Ecc, QrCode};
use vidi_core::sample::{reference_credential, test_issuer, vector_time};
use vidi_core::store::{
    Activity, ActivityEvent, CitizenDocuments, Disclose, KeyProvider, MemoryKeyProvider,
    PassphraseKeyProvider, Wallet,
};

const DOCUMENTS: u32 = 100;
const LOG_ENTRIES: u32 = 10_000;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn time<T>(iterations: usize, mut f: impl FnMut() -> T) -> Duration {
    let samples = (0..iterations)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    median(samples)
}

fn card(serial: u32) -> NationalIdCard {
    let (card, _, _) = try_reference_citizen().unwrap();
    let mut fields = card.into_fields();
    fields.number = PersonalIdNumber::parse(&format!("001190{serial:06}")).unwrap();
    NationalIdCard::new(fields).unwrap()
}

fn open_unlock_list(path: &std::path::Path, key: &dyn KeyProvider) -> usize {
    let mut wallet = Wallet::open(path).unwrap();
    wallet.unlock_at(key, vector_time()).unwrap();
    wallet.list_documents().unwrap().len()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let now = vector_time();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wallet.db");
    let memory = MemoryKeyProvider::generate();
    let issuer = test_issuer().unwrap();

    let start = Instant::now();
    let mut wallet = Wallet::create(&path, &memory).unwrap();
    for serial in 0..DOCUMENTS {
        let documents = CitizenDocuments {
            national_id: card(serial),
            licence: None,
            health: None,
        };
        wallet.add_sample_citizen(&issuer, documents, now).unwrap();
    }
    let fill = start.elapsed();
    let id = wallet.list_documents().unwrap()[0].id.clone();
    println!(
        "wallet of {DOCUMENTS} national ID cards (4 credentials and 4 software keys each): \
         filled in {} ({} per document, issuance included)",
        ms(fill),
        ms(fill / DOCUMENTS)
    );

    // Open + unlock + list, memory key provider.
    drop(wallet);
    let _ = open_unlock_list(&path, &memory);
    let memory_time = time(30, || open_unlock_list(&path, &memory));
    println!(
        "open + unlock + list ({DOCUMENTS} documents), memory key:      median {}",
        ms(memory_time)
    );

    // The same with a passphrase at age's default work factor.
    let passphrase = PassphraseKeyProvider::new("benchmark passphrase");
    let mut wallet = Wallet::open(&path).unwrap();
    wallet.unlock_at(&memory, now).unwrap();
    let start = Instant::now();
    wallet.rekey(&passphrase).unwrap();
    let seal = start.elapsed();
    drop(wallet);
    let passphrase_time = time(5, || open_unlock_list(&path, &passphrase));
    let sealed = passphrase
        .seal(b"32 bytes of secret, give or take")
        .unwrap();
    let scrypt_alone = time(5, || passphrase.unseal(&sealed).unwrap());
    println!(
        "open + unlock + list ({DOCUMENTS} documents), passphrase key:  median {} \
         (scrypt unseal alone {}: scrypt dominates; sealing took {})",
        ms(passphrase_time),
        ms(scrypt_alone),
        ms(seal)
    );

    // A presentation from a stored credential vs the bare proof + QR.
    let mut wallet = Wallet::open(&path).unwrap();
    wallet.unlock_at(&passphrase, now).unwrap();
    let stored = |wallet: &mut Wallet| {
        let out = wallet
            .present(&id, Disclose::Preset(Preset::CheckpointId), None, None, now)
            .unwrap();
        out.text.len()
    };
    let held = reference_credential(Preset::CheckpointId.kind(), 1, now).unwrap();
    let at = u32::try_from(now.unix_timestamp()).unwrap();
    let disclosure = Disclosure {
        claims: Preset::CheckpointId.claims(),
        ..Disclosure::default()
    };
    let bare = || {
        let text = present(&held.credential, &disclosure, at, &held.device_key).unwrap();
        QrCode::alphanumeric(&text, Ecc::M).unwrap().version()
    };
    for _ in 0..20 {
        stored(&mut wallet);
        bare();
    }
    // Interleaved, so that a noisy neighbour slows both alike.
    let (mut stored_samples, mut bare_samples) = (Vec::new(), Vec::new());
    for _ in 0..300 {
        let t = Instant::now();
        std::hint::black_box(stored(&mut wallet));
        stored_samples.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(bare());
        bare_samples.push(t.elapsed());
    }
    let (from_store, bare_time) = (median(stored_samples), median(bare_samples));
    println!(
        "presentation (checkpoint-id) + QR from the store: median {} vs bare {}: ratio {:.1} \
         (decrypting the document's 4 credentials, and the log entry's commit)",
        us(from_store),
        us(bare_time),
        from_store.as_secs_f64() / bare_time.as_secs_f64()
    );

    // Appending log entries, one transaction each.
    let mut activity = Activity::new(ActivityEvent::Presented);
    activity.preset = Some(Preset::CheckpointId);
    activity.claims = Preset::CheckpointId
        .claims()
        .iter()
        .map(|c| c.name())
        .collect();
    activity.audience = Some("Công an phường Hàng Đào".into());
    let mut samples = Vec::with_capacity(LOG_ENTRIES as usize);
    let start = Instant::now();
    for i in 0..LOG_ENTRIES {
        let t = Instant::now();
        wallet
            .record_activity(&activity, now + time::Duration::seconds(i64::from(i)))
            .unwrap();
        samples.push(t.elapsed());
    }
    let total = start.elapsed();
    println!(
        "append {LOG_ENTRIES} log entries, one transaction each: total {} ({} per entry on \
         average, median {})",
        ms(total),
        us(total / LOG_ENTRIES),
        us(median(samples))
    );
}
