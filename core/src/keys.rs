//! P-256 keys: the issuer's signing key and the device key a credential is
//! bound to, behind the [`DeviceSigner`] trait the platforms implement
//! (Secure Enclave, StrongBox); [`SoftwareDeviceKey`] serves the CLI, tests
//! and emulators.

use p256::ecdsa::{RecoveryId, Signature, SigningKey, VerifyingKey};
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use crate::error::KeyError;

/// Length of a compressed SEC1 P-256 public key.
pub const PUBLIC_KEY_LEN: usize = 33;
/// Length of a raw `r || s` ES256 signature.
pub const SIGNATURE_LEN: usize = 64;

/// A P-256 public key, compressed SEC1 form.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(pub [u8; PUBLIC_KEY_LEN]);

impl PublicKey {
    /// Parses a compressed or uncompressed SEC1 key and checks it is on the curve.
    pub fn from_sec1(bytes: &[u8]) -> Result<Self, KeyError> {
        let key = VerifyingKey::from_sec1_bytes(bytes).map_err(|_| KeyError::InvalidPublicKey)?;
        Ok(Self::from(&key))
    }

    /// The key as a verifier.
    pub fn verifying_key(&self) -> Result<VerifyingKey, KeyError> {
        VerifyingKey::from_sec1_bytes(&self.0).map_err(|_| KeyError::InvalidPublicKey)
    }

    /// Uncompressed SEC1 bytes (65), as JWK x and y want them.
    pub fn uncompressed(&self) -> Result<Vec<u8>, KeyError> {
        Ok(self
            .verifying_key()?
            .to_sec1_point(false)
            .as_bytes()
            .to_vec())
    }

    /// Lowercase hex of the compressed key.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl From<&VerifyingKey> for PublicKey {
    fn from(key: &VerifyingKey) -> Self {
        let point = key.to_sec1_point(true);
        let mut out = [0u8; PUBLIC_KEY_LEN];
        out.copy_from_slice(point.as_bytes());
        Self(out)
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", self.to_hex())
    }
}

/// A signature by a device key over a presentation transcript.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DeviceSignature {
    /// Raw `r || s`, low-s or not as the platform gives it.
    pub signature: [u8; SIGNATURE_LEN],
    /// The ECDSA recovery id when the signer knows it (software keys do;
    /// hardware keys do not, and the holder then finds it by trial).
    pub recovery_id: Option<u8>,
}

/// A P-256 key that never leaves the device; the platform implements it.
pub trait DeviceSigner {
    /// The public key the issuer binds credentials to.
    fn public_key(&self) -> Result<PublicKey, KeyError>;
    /// Signs a 32-byte SHA-256 digest (ES256 over a prehash).
    fn sign_prehash(&self, prehash: &[u8; 32]) -> Result<DeviceSignature, KeyError>;
}

/// Fills `buf` from the operating system's generator.
pub fn random_bytes(buf: &mut [u8]) -> Result<(), KeyError> {
    getrandom::fill(buf).map_err(|_| KeyError::Randomness)
}

fn signing_key_from_seed(seed: &[u8]) -> Result<SigningKey, KeyError> {
    // Hash until a valid scalar comes out (fails with probability ~2^-32 per try).
    let mut material = Zeroizing::new(Sha256::digest(seed).to_vec());
    for _ in 0..8 {
        if let Ok(key) = SigningKey::from_slice(&material) {
            return Ok(key);
        }
        material = Zeroizing::new(Sha256::digest(&*material).to_vec());
    }
    Err(KeyError::Randomness)
}

fn random_signing_key() -> Result<SigningKey, KeyError> {
    let mut seed = Zeroizing::new([0u8; 32]);
    random_bytes(seed.as_mut())?;
    signing_key_from_seed(seed.as_ref())
}

/// A device key held in memory: the CLI's, the tests' and the emulators'.
pub struct SoftwareDeviceKey {
    key: SigningKey,
}

impl SoftwareDeviceKey {
    /// A fresh random key.
    pub fn generate() -> Result<Self, KeyError> {
        Ok(Self {
            key: random_signing_key()?,
        })
    }

    /// A key derived from a seed: for test vectors and samples only.
    pub fn from_seed(seed: &[u8]) -> Result<Self, KeyError> {
        Ok(Self {
            key: signing_key_from_seed(seed)?,
        })
    }

    /// The secret scalar, for storing the key encrypted.
    pub fn secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.key.to_bytes().to_vec())
    }

    /// Loads a key from its secret scalar.
    pub fn from_secret_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        Ok(Self {
            key: SigningKey::from_slice(bytes).map_err(|_| KeyError::InvalidSecretKey)?,
        })
    }
}

impl DeviceSigner for SoftwareDeviceKey {
    fn public_key(&self) -> Result<PublicKey, KeyError> {
        Ok(PublicKey::from(self.key.verifying_key()))
    }

    fn sign_prehash(&self, prehash: &[u8; 32]) -> Result<DeviceSignature, KeyError> {
        let (sig, rid) = self.key.sign_prehash_recoverable(prehash);
        Ok(DeviceSignature {
            signature: sig.to_bytes().into(),
            recovery_id: Some(rid.to_byte()),
        })
    }
}

/// The recovery id that makes `signature` over `prehash` recover `key`.
pub fn find_recovery_id(
    key: &PublicKey,
    prehash: &[u8; 32],
    signature: &[u8; SIGNATURE_LEN],
) -> Result<u8, KeyError> {
    let sig = Signature::from_slice(signature).map_err(|_| KeyError::InvalidSignature)?;
    let vk = key.verifying_key()?;
    RecoveryId::trial_recovery_from_prehash(&vk, prehash, &sig)
        .map(|rid| rid.to_byte())
        .map_err(|_| KeyError::InvalidSignature)
}

/// The low-S form of a device signature and its recovery id: platforms may
/// return either form; proofs carry only the low one.
pub fn low_s(
    signature: [u8; SIGNATURE_LEN],
    recovery_id: u8,
) -> Result<([u8; SIGNATURE_LEN], u8), KeyError> {
    let sig = Signature::from_slice(&signature).map_err(|_| KeyError::InvalidSignature)?;
    let normal = sig.normalize_s();
    if normal == sig {
        Ok((signature, recovery_id))
    } else {
        // Negating s negates R, whose y parity is bit 0 of the recovery id.
        Ok((normal.to_bytes().into(), recovery_id ^ 1))
    }
}

/// The public key that `signature` over `prehash` verifies under.
///
/// This is ECDSA public-key recovery: the result always verifies the
/// signature, so what authenticates the holder is that the issuer signed
/// this very key.
pub fn recover(
    prehash: &[u8; 32],
    signature: &[u8; SIGNATURE_LEN],
    recovery_id: u8,
) -> Result<PublicKey, KeyError> {
    let sig = Signature::from_slice(signature).map_err(|_| KeyError::InvalidSignature)?;
    // Only the low-S form is accepted, so that a proof has one valid text:
    // (r, n - s) with the other recovery id would recover the same key.
    if sig.normalize_s() != sig {
        return Err(KeyError::InvalidSignature);
    }
    let rid = RecoveryId::from_byte(recovery_id).ok_or(KeyError::InvalidSignature)?;
    let vk = VerifyingKey::recover_from_prehash(prehash, &sig, rid)
        .map_err(|_| KeyError::InvalidSignature)?;
    Ok(PublicKey::from(&vk))
}

/// An issuer's P-256 signing key with its key id.
pub struct IssuerKey {
    key: SigningKey,
    kid: u16,
}

impl IssuerKey {
    /// A fresh random key with the given key id.
    pub fn generate(kid: u16) -> Result<Self, KeyError> {
        Ok(Self {
            key: random_signing_key()?,
            kid,
        })
    }

    /// A key derived from a seed: for the built-in test issuer only.
    pub fn from_seed(kid: u16, seed: &[u8]) -> Result<Self, KeyError> {
        Ok(Self {
            key: signing_key_from_seed(seed)?,
            kid,
        })
    }

    /// Loads a key from its secret scalar.
    pub fn from_secret_bytes(kid: u16, bytes: &[u8]) -> Result<Self, KeyError> {
        Ok(Self {
            key: SigningKey::from_slice(bytes).map_err(|_| KeyError::InvalidSecretKey)?,
            kid,
        })
    }

    /// The secret scalar, for storing the key.
    pub fn secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.key.to_bytes().to_vec())
    }

    /// The key id carried in every proof.
    pub fn kid(&self) -> u16 {
        self.kid
    }

    /// The public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey::from(self.key.verifying_key())
    }

    /// ES256 over `message` (SHA-256 then ECDSA), raw `r || s`.
    pub fn sign(&self, message: &[u8]) -> Result<[u8; SIGNATURE_LEN], KeyError> {
        let digest: [u8; 32] = Sha256::digest(message).into();
        let (sig, _) = self.key.sign_prehash_recoverable(&digest);
        Ok(sig.to_bytes().into())
    }
}

/// Checks an ES256 signature over `message` (SHA-256 then ECDSA).
pub fn verify_es256(key: &PublicKey, message: &[u8], signature: &[u8; SIGNATURE_LEN]) -> bool {
    use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
    let (Ok(vk), Ok(sig)) = (key.verifying_key(), Signature::from_slice(signature)) else {
        return false;
    };
    let digest: [u8; 32] = Sha256::digest(message).into();
    vk.verify_prehash(&digest, &sig).is_ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn recovery_returns_the_signing_key() {
        let key = SoftwareDeviceKey::generate().unwrap();
        let digest: [u8; 32] = Sha256::digest(b"transcript").into();
        let sig = key.sign_prehash(&digest).unwrap();
        let rid = sig.recovery_id.unwrap();
        assert_eq!(
            find_recovery_id(&key.public_key().unwrap(), &digest, &sig.signature).unwrap(),
            rid
        );
        let (low, rid) = low_s(sig.signature, rid).unwrap();
        assert_eq!(
            recover(&digest, &low, rid).unwrap(),
            key.public_key().unwrap()
        );
        // Another message recovers another key.
        let other: [u8; 32] = Sha256::digest(b"other").into();
        assert_ne!(
            recover(&other, &low, rid).ok(),
            Some(key.public_key().unwrap())
        );
    }

    #[test]
    fn rfc6979_p256_sha256_vector() {
        // RFC 6979 A.2.5, P-256, SHA-256, message "sample".
        let x = hex::decode("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721")
            .unwrap();
        let issuer = IssuerKey::from_secret_bytes(1, &x).unwrap();
        let public = issuer.public_key().uncompressed().unwrap();
        assert_eq!(
            hex::encode_upper(&public[1..]),
            "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6\
             7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299"
        );
        let sig = issuer.sign(b"sample").unwrap();
        assert_eq!(
            hex::encode_upper(sig),
            "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716\
             F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"
        );
        assert!(verify_es256(&issuer.public_key(), b"sample", &sig));
        assert!(!verify_es256(&issuer.public_key(), b"Sample", &sig));
    }

    #[test]
    fn only_low_s_device_signatures_recover() {
        let key = SoftwareDeviceKey::from_seed(b"low-s").unwrap();
        let public = key.public_key().unwrap();
        for i in 0u8..16 {
            let digest: [u8; 32] = Sha256::digest([i]).into();
            let signed = key.sign_prehash(&digest).unwrap();
            let (low, rid) = low_s(signed.signature, signed.recovery_id.unwrap()).unwrap();
            assert_eq!(recover(&digest, &low, rid).unwrap(), public);
            // The high-S twin with the other parity verifies in plain ECDSA but is refused.
            let sig = Signature::from_slice(&low).unwrap();
            let (r, s) = sig.split_scalars();
            let high = Signature::from_scalars(r, -*s).unwrap();
            let high_bytes: [u8; SIGNATURE_LEN] = high.to_bytes().into();
            assert_ne!(high_bytes, low);
            assert_eq!(
                recover(&digest, &high_bytes, rid ^ 1),
                Err(KeyError::InvalidSignature)
            );
            assert_eq!(low_s(high_bytes, rid ^ 1).unwrap(), (low, rid));
        }
    }

    #[test]
    fn es256_sign_verify_and_tamper() {
        let issuer = IssuerKey::from_seed(1, b"seed").unwrap();
        let sig = issuer.sign(b"hello").unwrap();
        assert!(verify_es256(&issuer.public_key(), b"hello", &sig));
        assert!(!verify_es256(&issuer.public_key(), b"hellp", &sig));
        let mut bad = sig;
        bad[10] ^= 1;
        assert!(!verify_es256(&issuer.public_key(), b"hello", &bad));
    }

    #[test]
    fn seeded_keys_are_deterministic() {
        let a = IssuerKey::from_seed(1, b"x").unwrap().public_key();
        let b = IssuerKey::from_seed(1, b"x").unwrap().public_key();
        let c = IssuerKey::from_seed(1, b"y").unwrap().public_key();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(PublicKey::from_sec1(&a.0).unwrap(), a);
        assert_eq!(PublicKey::from_sec1(&a.uncompressed().unwrap()).unwrap(), a);
    }
}
