//! Random codes, tokens, nonces and PINs, and how they are kept: as SHA-256
//! hashes, compared in constant time.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};
use vidi_core::keys::random_bytes;

use crate::error::{Error, Result};

/// `bytes` random bytes as base64url.
pub fn random_token(bytes: usize) -> Result<String> {
    let mut buf = vec![0u8; bytes];
    random_bytes(&mut buf).map_err(Error::internal)?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

/// A uniformly random integer below `bound` (which must not be 0).
pub fn random_below(bound: u32) -> Result<u32> {
    if bound == 0 {
        return Err(Error::internal("random_below(0)"));
    }
    // Rejection sampling: no modulo bias.
    let zone = u32::MAX - (u32::MAX % bound);
    loop {
        let mut buf = [0u8; 4];
        random_bytes(&mut buf).map_err(Error::internal)?;
        let value = u32::from_le_bytes(buf);
        if value < zone {
            return Ok(value % bound);
        }
    }
}

/// The number of digits in a PIN.
pub const PIN_DIGITS: u32 = 6;

/// A random six-digit PIN.
pub fn random_pin() -> Result<String> {
    Ok(format!("{:06}", random_below(10u32.pow(PIN_DIGITS))?))
}

/// SHA-256 of `parts`, each length-prefixed.
pub fn hash(parts: &[&[u8]]) -> Vec<u8> {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hasher.finalize().to_vec()
}

/// Whether `a` and `b` are equal, in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tokens_pins_and_hashes() {
        let a = random_token(32).unwrap();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token(32).unwrap());
        for _ in 0..100 {
            let pin = random_pin().unwrap();
            assert_eq!(pin.len(), 6);
            assert!(pin.bytes().all(|b| b.is_ascii_digit()));
            assert!(random_below(7).unwrap() < 7);
        }
        assert!(random_below(0).is_err());
        assert_ne!(hash(&[b"ab", b"c"]), hash(&[b"a", b"bc"]));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
