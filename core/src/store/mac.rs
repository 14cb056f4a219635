//! The key a wallet's records are authenticated with, and how a MAC's
//! input is laid out; the checks themselves are in `integrity`.

use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;
use zeroize::Zeroizing;

type HmacSha256 = Hmac<Sha256>;

/// The key records are authenticated with: derived from the wallet's age
/// identity. Zeroized on drop.
pub(crate) struct MacKey(Zeroizing<[u8; 32]>);

impl MacKey {
    /// Derives the key from the identity's secret text.
    pub(crate) fn derive(identity_secret: &[u8]) -> Self {
        let mut mac = keyed(identity_secret);
        mac.update(b"vidi wallet record authentication v1");
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&mac.finalize().into_bytes());
        Self(key)
    }

    pub(crate) fn tag(&self, input: &Input) -> [u8; 32] {
        let mut mac = keyed(self.0.as_slice());
        mac.update(&input.0);
        mac.finalize().into_bytes().into()
    }

    pub(crate) fn verify(&self, input: &Input, tag: &[u8]) -> bool {
        let mut mac = keyed(self.0.as_slice());
        mac.update(&input.0);
        mac.verify_slice(tag).is_ok()
    }
}

fn keyed(key: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length.
    #[allow(clippy::expect_used)]
    HmacSha256::new_from_slice(key).expect("HMAC accepts every key length")
}

/// A MAC's input: length-prefixed fields, so no two field lists encode alike.
pub(crate) struct Input(Vec<u8>);

impl Input {
    pub(crate) fn new(domain: &str) -> Self {
        let mut input = Self(Vec::with_capacity(1024));
        input.field(domain.as_bytes());
        input
    }

    pub(crate) fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.0
            .extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        self.0.extend_from_slice(bytes);
        self
    }

    pub(crate) fn number(&mut self, n: i64) -> &mut Self {
        self.field(&n.to_be_bytes())
    }

    pub(crate) fn optional(&mut self, bytes: Option<&[u8]>) -> &mut Self {
        match bytes {
            Some(b) => self.field(&[1]).field(b),
            None => self.field(&[0]),
        }
    }
}
