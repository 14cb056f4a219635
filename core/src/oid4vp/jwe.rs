//! Compact JWE (RFC 7516) with ECDH-ES key agreement on P-256 and AES-GCM
//! content encryption (RFC 7518 §4.6, §5.3): the encrypted authorization
//! response of `direct_post.jwt`.
//!
//! Direct key agreement: the content key is the Concat KDF (NIST SP
//! 800-56A, one SHA-256 round) of the shared secret, with `enc` as the
//! algorithm id, `apu`/`apv` as the parties' info and the key length in
//! bits, so the encrypted-key part is empty. Built on RustCrypto's `p256`
//! (ECDH) and `aes-gcm`: no OpenSSL for the phones.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::keys::{PublicKey, random_bytes};
use crate::oid4vci::{b64, jwk, public_key_from_jwk};

/// `alg` of the key agreement.
pub const ALG_ECDH_ES: &str = "ECDH-ES";

/// A content encryption algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    /// AES-128-GCM: OpenID4VP's default for encrypted responses.
    A128Gcm,
    /// AES-256-GCM.
    A256Gcm,
}

impl Enc {
    /// The JOSE name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::A128Gcm => "A128GCM",
            Self::A256Gcm => "A256GCM",
        }
    }

    /// The algorithm named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "A128GCM" => Some(Self::A128Gcm),
            "A256GCM" => Some(Self::A256Gcm),
            _ => None,
        }
    }

    const fn key_len(self) -> usize {
        match self {
            Self::A128Gcm => 16,
            Self::A256Gcm => 32,
        }
    }
}

/// A JWE could not be made or opened. Carries no key or plaintext.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JweError {
    /// Not five base64url parts with a JSON header and an empty key part.
    #[error("malformed JWE")]
    Malformed,
    /// A header the recipient does not take: `alg`, `enc`, `epk`, `kid` or
    /// `crit`.
    #[error("unexpected JWE header: {0}")]
    Header(&'static str),
    /// The ephemeral or recipient key is not a P-256 point.
    #[error("the JWE's key is not a P-256 public key")]
    Key,
    /// The tag does not verify: another recipient's, or changed.
    #[error("the JWE does not decrypt: wrong key or changed in transit")]
    Decrypt,
    /// No randomness for the ephemeral key or the IV.
    #[error("no randomness for the JWE")]
    Randomness,
}

/// A recipient's private key for ECDH-ES: the service's response key.
pub struct EcdhKey {
    secret: p256::SecretKey,
}

impl EcdhKey {
    /// A fresh random key.
    pub fn generate() -> Result<Self, JweError> {
        loop {
            let mut seed = Zeroizing::new([0u8; 32]);
            random_bytes(seed.as_mut()).map_err(|_| JweError::Randomness)?;
            if let Ok(secret) = p256::SecretKey::from_slice(seed.as_ref()) {
                return Ok(Self { secret });
            }
        }
    }

    /// A key from its secret scalar (32 bytes).
    pub fn from_secret_bytes(bytes: &[u8]) -> Result<Self, JweError> {
        Ok(Self {
            secret: p256::SecretKey::from_slice(bytes).map_err(|_| JweError::Key)?,
        })
    }

    /// The public key senders encrypt to.
    pub fn public_key(&self) -> PublicKey {
        PublicKey::from(&p256::ecdsa::VerifyingKey::from(self.secret.public_key()))
    }

    fn agree(&self, with: &PublicKey) -> Result<Zeroizing<[u8; 32]>, JweError> {
        let point = p256::PublicKey::from_sec1_bytes(&with.0).map_err(|_| JweError::Key)?;
        let shared = p256::ecdh::diffie_hellman(self.secret.to_nonzero_scalar(), point.as_affine());
        let mut z = Zeroizing::new([0u8; 32]);
        z.copy_from_slice(shared.raw_secret_bytes());
        Ok(z)
    }
}

impl std::fmt::Debug for EcdhKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EcdhKey")
            .field("public_key", &self.public_key())
            .finish_non_exhaustive()
    }
}

/// The Concat KDF of RFC 7518 §4.6.2 for direct key agreement: `enc` is
/// the algorithm id, the output is `enc`'s key length.
pub fn concat_kdf(z: &[u8], enc: Enc, apu: &[u8], apv: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut hash = Sha256::new();
    hash.update(1u32.to_be_bytes());
    hash.update(z);
    for part in [enc.name().as_bytes(), apu, apv] {
        hash.update(u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes());
        hash.update(part);
    }
    let bits = u32::try_from(enc.key_len() * 8).unwrap_or(0);
    hash.update(bits.to_be_bytes());
    let block = hash.finalize();
    Zeroizing::new(block[..enc.key_len()].to_vec())
}

fn unb64(text: &str) -> Result<Vec<u8>, JweError> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| JweError::Malformed)
}

fn seal(
    enc: Enc,
    key: &[u8],
    iv: &[u8; 12],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, JweError> {
    let payload = Payload {
        msg: plaintext,
        aad,
    };
    let nonce = Nonce::from_slice(iv);
    match enc {
        Enc::A128Gcm => Aes128Gcm::new_from_slice(key)
            .map_err(|_| JweError::Key)?
            .encrypt(nonce, payload),
        Enc::A256Gcm => Aes256Gcm::new_from_slice(key)
            .map_err(|_| JweError::Key)?
            .encrypt(nonce, payload),
    }
    .map_err(|_| JweError::Decrypt)
}

fn open(
    enc: Enc,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, JweError> {
    if iv.len() != 12 {
        return Err(JweError::Malformed);
    }
    let payload = Payload { msg: sealed, aad };
    let nonce = Nonce::from_slice(iv);
    match enc {
        Enc::A128Gcm => Aes128Gcm::new_from_slice(key)
            .map_err(|_| JweError::Key)?
            .decrypt(nonce, payload),
        Enc::A256Gcm => Aes256Gcm::new_from_slice(key)
            .map_err(|_| JweError::Key)?
            .decrypt(nonce, payload),
    }
    .map(Zeroizing::new)
    .map_err(|_| JweError::Decrypt)
}

/// Encrypts `plaintext` to `recipient` as a compact JWE: ECDH-ES with a
/// fresh ephemeral key, `enc`, the recipient's `kid` in the header, and no
/// `apu`/`apv`.
pub fn encrypt(
    plaintext: &[u8],
    recipient: &PublicKey,
    kid: Option<&str>,
    enc: Enc,
) -> Result<String, JweError> {
    let ephemeral = EcdhKey::generate()?;
    let z = ephemeral.agree(recipient)?;
    let cek = concat_kdf(z.as_ref(), enc, b"", b"");
    let mut header = json!({
        "alg": ALG_ECDH_ES,
        "enc": enc.name(),
        "epk": jwk(&ephemeral.public_key()).map_err(|_| JweError::Key)?,
    });
    if let Some(kid) = kid {
        header["kid"] = Value::from(kid);
    }
    let protected = b64(&serde_json::to_vec(&header).map_err(|_| JweError::Malformed)?);
    let mut iv = [0u8; 12];
    random_bytes(&mut iv).map_err(|_| JweError::Randomness)?;
    let mut sealed = seal(enc, &cek, &iv, protected.as_bytes(), plaintext)?;
    let tag = sealed.split_off(sealed.len() - 16);
    Ok(format!(
        "{protected}..{}.{}.{}",
        b64(&iv),
        b64(&sealed),
        b64(&tag)
    ))
}

/// A JWE's protected header, read before decrypting (to find the key by
/// its `kid`).
pub fn header(jwe: &str) -> Result<Value, JweError> {
    let protected = jwe.split('.').next().ok_or(JweError::Malformed)?;
    serde_json::from_slice(&unb64(protected)?).map_err(|_| JweError::Malformed)
}

/// Decrypts a compact JWE made for `key`: `alg` must be ECDH-ES, `enc`
/// A128GCM or A256GCM, the encrypted key empty, and no `crit`.
pub fn decrypt(jwe: &str, key: &EcdhKey) -> Result<Zeroizing<Vec<u8>>, JweError> {
    let parts: Vec<&str> = jwe.split('.').collect();
    let [protected, encrypted_key, iv, ciphertext, tag] = parts[..] else {
        return Err(JweError::Malformed);
    };
    let header = header(jwe)?;
    if header.get("alg").and_then(Value::as_str) != Some(ALG_ECDH_ES) {
        return Err(JweError::Header("alg"));
    }
    if header.get("crit").is_some() {
        return Err(JweError::Header("crit"));
    }
    let enc = header
        .get("enc")
        .and_then(Value::as_str)
        .and_then(Enc::from_name)
        .ok_or(JweError::Header("enc"))?;
    if !encrypted_key.is_empty() {
        return Err(JweError::Malformed);
    }
    let epk = header.get("epk").ok_or(JweError::Header("epk"))?;
    if epk.get("d").is_some() {
        return Err(JweError::Header("epk"));
    }
    let epk = public_key_from_jwk(epk).map_err(|_| JweError::Key)?;
    let part = |name: &str| -> Result<Vec<u8>, JweError> {
        header
            .get(name)
            .map(|v| v.as_str().ok_or(JweError::Header("apu")).and_then(unb64))
            .transpose()
            .map(Option::unwrap_or_default)
    };
    let (apu, apv) = (part("apu")?, part("apv")?);
    let z = key.agree(&epk)?;
    let cek = concat_kdf(z.as_ref(), enc, &apu, &apv);
    let mut sealed = unb64(ciphertext)?;
    let tag = unb64(tag)?;
    if tag.len() != 16 {
        return Err(JweError::Malformed);
    }
    sealed.extend_from_slice(&tag);
    open(enc, &cek, &unb64(iv)?, protected.as_bytes(), &sealed)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn key_from_jwk_d(d: &str) -> EcdhKey {
        EcdhKey::from_secret_bytes(&URL_SAFE_NO_PAD.decode(d).unwrap()).unwrap()
    }

    /// RFC 7518 Appendix C: the ECDH-ES key agreement example (Alice's
    /// ephemeral key, Bob's key, `apu` "Alice", `apv` "Bob", A128GCM).
    #[test]
    fn concat_kdf_matches_rfc_7518_appendix_c() {
        let alice = key_from_jwk_d("0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo");
        let bob = key_from_jwk_d("VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw");
        let alice_jwk = jwk(&alice.public_key()).unwrap();
        assert_eq!(
            alice_jwk["x"],
            "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0"
        );
        assert_eq!(
            alice_jwk["y"],
            "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"
        );
        let z = alice.agree(&bob.public_key()).unwrap();
        assert_eq!(z, bob.agree(&alice.public_key()).unwrap());
        let key = concat_kdf(z.as_ref(), Enc::A128Gcm, b"Alice", b"Bob");
        assert_eq!(b64(&key), "VqqN6vgjbSBcIijNcacQGg");
    }

    #[test]
    fn a_response_opens_for_its_recipient_only_and_not_once_changed() {
        let service = EcdhKey::generate().unwrap();
        let other = EcdhKey::generate().unwrap();
        for enc in [Enc::A128Gcm, Enc::A256Gcm] {
            let jwe = encrypt(b"{\"vp_token\":1}", &service.public_key(), Some("k1"), enc).unwrap();
            assert_eq!(header(&jwe).unwrap()["kid"], "k1");
            assert_eq!(
                decrypt(&jwe, &service).unwrap().as_slice(),
                b"{\"vp_token\":1}"
            );
            assert_eq!(decrypt(&jwe, &other), Err(JweError::Decrypt));

            let parts: Vec<&str> = jwe.split('.').collect();
            // A flipped ciphertext bit, a changed header (its `kid`), a
            // swapped tag: each fails the tag.
            let mut body = unb64(parts[3]).unwrap();
            body[0] ^= 1;
            let flipped = [parts[0], "", parts[2], &b64(&body), parts[4]].join(".");
            assert_eq!(decrypt(&flipped, &service), Err(JweError::Decrypt));
            let mut h = header(&jwe).unwrap();
            h["kid"] = Value::from("k2");
            let rehead = b64(&serde_json::to_vec(&h).unwrap());
            let reheaded = [&rehead, "", parts[2], parts[3], parts[4]].join(".");
            assert_eq!(decrypt(&reheaded, &service), Err(JweError::Decrypt));
            let short = [parts[0], "", parts[2], parts[3], "AAAA"].join(".");
            assert_eq!(decrypt(&short, &service), Err(JweError::Malformed));
        }
    }

    #[test]
    fn other_algorithms_and_shapes_are_refused_by_name() {
        let service = EcdhKey::generate().unwrap();
        let jwe = encrypt(b"x", &service.public_key(), None, Enc::A128Gcm).unwrap();
        let parts: Vec<&str> = jwe.split('.').collect();
        let with = |edit: &dyn Fn(&mut Value)| {
            let mut h = header(&jwe).unwrap();
            edit(&mut h);
            let h = b64(&serde_json::to_vec(&h).unwrap());
            decrypt(&[&h, "", parts[2], parts[3], parts[4]].join("."), &service)
        };
        assert_eq!(
            with(&|h| h["alg"] = "RSA-OAEP".into()),
            Err(JweError::Header("alg"))
        );
        assert_eq!(
            with(&|h| h["enc"] = "A128CBC-HS256".into()),
            Err(JweError::Header("enc"))
        );
        assert_eq!(
            with(&|h| h["crit"] = json!(["x"])),
            Err(JweError::Header("crit"))
        );
        assert_eq!(
            with(&|h| h["epk"]["d"] = "AAAA".into()),
            Err(JweError::Header("epk"))
        );
        assert_eq!(with(&|h| h["epk"]["x"] = "AAAA".into()), Err(JweError::Key));
        let keyed = [parts[0], "AAAA", parts[2], parts[3], parts[4]].join(".");
        assert_eq!(decrypt(&keyed, &service), Err(JweError::Malformed));
        assert_eq!(decrypt("a.b.c", &service), Err(JweError::Malformed));
    }
}
