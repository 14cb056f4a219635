//! Mutations of valid proofs are never accepted and never panic; proofs
//! survive a real QR encode/decode round trip.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use proptest::prelude::*;
use vidi_core::format::Format;
use vidi_core::presentation::{Presentation, from_text_any, to_text_in};
use vidi_core::preset::Preset;
use vidi_core::qr::{Ecc, QrCode};
use vidi_core::sample::{sample_proof_in, test_verifier_data, vector_time};
use vidi_core::trust::VerifierData;
use vidi_core::verifier::{Policy, verify};

/// Every preset's proof in format 1, then in format 2.
fn fixture() -> (Vec<String>, VerifierData) {
    let now = vector_time();
    let proofs = [Format::V1, Format::V2]
        .into_iter()
        .flat_map(|f| Preset::ALL.map(|p| sample_proof_in(f, p, 3, now).unwrap()))
        .collect();
    (proofs, test_verifier_data(now).unwrap())
}

fn accepted(text: &str, data: &VerifierData) -> bool {
    verify(
        text,
        &data.trust_list,
        &data.status_lists,
        vector_time(),
        &Policy::default(),
    )
    .is_ok()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, bit: u8 },
    Set { at: usize, byte: u8 },
    Insert { at: usize, byte: u8 },
    Delete { at: usize },
    Truncate { keep: usize },
    Swap { a: usize, b: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Set { at, byte }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        any::<usize>().prop_map(|at| Mutation::Delete { at }),
        any::<usize>().prop_map(|keep| Mutation::Truncate { keep }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap { a, b }),
    ]
}

/// Applies the mutations; `None` when they left the bytes unchanged.
fn apply(original: &[u8], mutations: &[Mutation]) -> Option<Vec<u8>> {
    let mut bytes = original.to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip { at, bit } if !bytes.is_empty() => bytes[at % len] ^= 1 << bit,
            Mutation::Set { at, byte } if !bytes.is_empty() => bytes[at % len] = byte,
            Mutation::Insert { at, byte } => bytes.insert(at % (bytes.len() + 1), byte),
            Mutation::Delete { at } if !bytes.is_empty() => {
                bytes.remove(at % len);
            }
            Mutation::Truncate { keep } => bytes.truncate(keep % len),
            Mutation::Swap { a, b } if !bytes.is_empty() => bytes.swap(a % len, b % len),
            _ => {}
        }
    }
    (bytes != original).then_some(bytes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn byte_mutations_are_refused(which in 0usize..8, mutations in prop::collection::vec(mutation(), 1..4)) {
        let (proofs, data) = fixture_cached();
        let (format, original) = from_text_any(&proofs[which]).unwrap();
        if let Some(mutated) = apply(&original, &mutations) {
            let text = to_text_in(format, &mutated);
            prop_assert!(!accepted(&text, data), "mutation accepted: {mutations:?}");
        }
    }

    #[test]
    fn text_mutations_are_refused(which in 0usize..8, mutations in prop::collection::vec(mutation(), 1..4)) {
        let (proofs, data) = fixture_cached();
        if let Some(mutated) = apply(proofs[which].as_bytes(), &mutations) {
            let text = String::from_utf8_lossy(&mutated);
            prop_assert!(!accepted(&text, data));
        }
    }

    #[test]
    fn arbitrary_input_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = Presentation::from_bytes(&bytes);
        let _ = Presentation::from_bytes_v2(&bytes);
        let (_, data) = fixture_cached();
        prop_assert!(!accepted(&to_text_in(Format::V1, &bytes), data));
        prop_assert!(!accepted(&to_text_in(Format::V2, &bytes), data));
    }
}

fn fixture_cached() -> &'static (Vec<String>, VerifierData) {
    static FIXTURE: std::sync::OnceLock<(Vec<String>, VerifierData)> = std::sync::OnceLock::new();
    FIXTURE.get_or_init(fixture)
}

#[test]
fn proofs_round_trip_through_a_real_qr_decoder() {
    let (proofs, data) = fixture_cached();
    for (preset, text) in Preset::ALL.iter().cycle().zip(proofs) {
        for ecc in [Ecc::L, Ecc::M, Ecc::Q] {
            let qr = QrCode::alphanumeric(text, ecc).unwrap();
            let (w, h, luma) = qr.to_luma(4, 4);
            let image =
                rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
                    luma[y * w as usize + x]
                });
            let mut image = image;
            let grids = image.detect_grids();
            assert_eq!(grids.len(), 1, "{}", preset.name());
            let (meta, decoded) = grids[0].decode().unwrap();
            assert_eq!(&decoded, text, "{} at {ecc:?}", preset.name());
            assert_eq!(meta.version.0 as u8, qr.version());
            assert!(
                accepted(&decoded, data),
                "{} decoded from the QR verifies",
                preset.name()
            );
        }
    }
}
