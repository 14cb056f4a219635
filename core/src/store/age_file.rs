//! Age files at the lowest level: to one recipient, with one identity, and
//! under a passphrase. The record encryption (`encryption`), the key
//! providers (`key_provider`) and backups build on these; this module uses
//! none of them.

use std::io::{Read as _, Write as _};
use std::iter;

use secrecy::SecretString;
use zeroize::Zeroizing;

use super::error::{KeyProviderError, Result, StoreError};

/// Encrypts `plaintext` to one age recipient, binary format.
pub(crate) fn age_encrypt(
    recipient: &dyn age::Recipient,
    plaintext: &[u8],
) -> Result<Vec<u8>, KeyProviderError> {
    let failed = |e: &dyn std::fmt::Display| KeyProviderError::Failed(e.to_string());
    let encryptor =
        age::Encryptor::with_recipients(iter::once(recipient)).map_err(|e| failed(&e))?;
    let mut out = Vec::with_capacity(plaintext.len() + 256);
    let mut writer = encryptor.wrap_output(&mut out).map_err(|e| failed(&e))?;
    writer.write_all(plaintext).map_err(|e| failed(&e))?;
    writer.finish().map_err(|e| failed(&e))?;
    Ok(out)
}

fn map_decrypt(e: age::DecryptError) -> KeyProviderError {
    match e {
        age::DecryptError::DecryptionFailed
        | age::DecryptError::NoMatchingKeys
        | age::DecryptError::KeyDecryptionFailed
        | age::DecryptError::InvalidMac => KeyProviderError::WrongKey,
        other => KeyProviderError::Failed(other.to_string()),
    }
}

/// Decrypts an age file with one identity. Used by the key providers to
/// unseal, and by [`Vault::decrypt`].
pub(crate) fn age_decrypt(
    identity: &dyn age::Identity,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, KeyProviderError> {
    let decryptor = age::Decryptor::new_buffered(ciphertext).map_err(map_decrypt)?;
    let mut reader = decryptor
        .decrypt(iter::once(identity))
        .map_err(map_decrypt)?;
    let mut out = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    reader
        .read_to_end(&mut out)
        .map_err(|_| KeyProviderError::WrongKey)?;
    Ok(out)
}

/// Encrypts `plaintext` under a passphrase (age scrypt, binary format), with
/// work factor `2^log_n` or age's default.
pub(crate) fn passphrase_encrypt(
    passphrase: &str,
    work_factor: Option<u8>,
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let mut recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
    if let Some(log_n) = work_factor {
        recipient.set_work_factor(log_n.clamp(1, 30));
    }
    age_encrypt(&recipient, plaintext).map_err(|_| StoreError::Encryption)
}

/// Decrypts a file made by [`passphrase_encrypt`], telling a wrong
/// passphrase from a damaged file as far as age can.
pub(crate) fn passphrase_decrypt(
    passphrase: &str,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    // Another file, or an age version this build does not read.
    if !ciphertext.starts_with(b"age-encryption.org/v1\n") {
        return Err(StoreError::BackupFormat);
    }
    let decryptor = match age::Decryptor::new_buffered(ciphertext) {
        Ok(d) if d.is_scrypt() => d,
        // An age file for a key, not a passphrase.
        Ok(_) => return Err(StoreError::BackupFormat),
        Err(_) => return Err(StoreError::BackupCorrupt),
    };
    let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
    let mut reader = decryptor
        .decrypt(iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            // The stanza's AEAD failing is what a wrong passphrase looks like;
            // a flipped bit in the stanza body looks the same, and age cannot
            // tell them apart.
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys => StoreError::BackupPassphrase,
            _ => StoreError::BackupCorrupt,
        })?;
    let mut out = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    reader
        .read_to_end(&mut out)
        .map_err(|_| StoreError::BackupCorrupt)?;
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn passphrase_files_tell_wrong_passphrase_from_damage() {
        let file = passphrase_encrypt("pw", Some(2), b"hello").unwrap();
        assert_eq!(
            passphrase_decrypt("pw", &file).unwrap().as_slice(),
            b"hello"
        );
        assert!(matches!(
            passphrase_decrypt("nope", &file),
            Err(StoreError::BackupPassphrase)
        ));
        let mut damaged = file.clone();
        let last = damaged.len() - 3;
        damaged[last] ^= 1;
        assert!(matches!(
            passphrase_decrypt("pw", &damaged),
            Err(StoreError::BackupCorrupt)
        ));
        assert!(matches!(
            passphrase_decrypt("pw", b"not an age file"),
            Err(StoreError::BackupFormat)
        ));
    }
}
