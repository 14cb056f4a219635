//! Feeds arbitrary bytes to the proof decoder and the verifier, both as
//! Base45 text and as decoded bytes: nothing may panic, and nothing random
//! may verify.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vidi_core::presentation::{Presentation, to_text};
use vidi_core::sample::{test_verifier_data, vector_time};
use vidi_core::trust::VerifierData;
use vidi_core::verifier::{Policy, verify};

fn data() -> &'static VerifierData {
    static DATA: OnceLock<VerifierData> = OnceLock::new();
    DATA.get_or_init(|| test_verifier_data(vector_time()).unwrap_or_default())
}

fuzz_target!(|bytes: &[u8]| {
    let _ = Presentation::from_bytes(bytes);
    let data = data();
    let policy = Policy::default();
    let as_proof = to_text(bytes);
    let accepted = verify(&as_proof, &data.trust_list, &data.status_lists, vector_time(), &policy).is_ok();
    assert!(!accepted, "random bytes verified");
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = verify(text, &data.trust_list, &data.status_lists, vector_time(), &policy);
    }
});
