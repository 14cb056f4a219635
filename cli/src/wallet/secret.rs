//! Passphrases: from the environment, or asked on the terminal without
//! echo. They are never printed, and wiped from memory when dropped.

use vidi_core::store::PassphraseKeyProvider;
use zeroize::Zeroizing;

use crate::output::Failure;

/// The wallet passphrase's environment variable.
pub const PASSPHRASE_VAR: &str = "VIDI_PASSPHRASE";
/// The backup passphrase's environment variable.
pub const BACKUP_PASSPHRASE_VAR: &str = "VIDI_BACKUP_PASSPHRASE";
/// Lowers scrypt's work factor of new wallets and backups to `2^N`: for
/// tests and CI only.
pub const SCRYPT_LOG_N_VAR: &str = "VIDI_SCRYPT_LOG_N";

/// What a passphrase is for, for prompts and messages.
#[derive(Debug, Clone, Copy)]
pub enum Purpose {
    /// The wallet key's passphrase.
    Wallet,
    /// A backup's passphrase.
    Backup,
}

impl Purpose {
    fn var(self) -> &'static str {
        match self {
            Self::Wallet => PASSPHRASE_VAR,
            Self::Backup => BACKUP_PASSPHRASE_VAR,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Self::Wallet => "wallet passphrase",
            Self::Backup => "backup passphrase",
        }
    }
}

/// A passphrase from `purpose`'s environment variable or, when it is unset,
/// from the terminal; `new` asks twice and requires both to match. An empty
/// passphrase is refused.
pub fn passphrase(purpose: Purpose, new: bool) -> Result<Zeroizing<String>, Failure> {
    let var = purpose.var();
    let words = purpose.words();
    match std::env::var(var) {
        Ok(value) => {
            let value = Zeroizing::new(value);
            if value.is_empty() {
                return Err(Failure::Failed(format!(
                    "{var} is set but empty: an empty {words} is refused"
                )));
            }
            return Ok(value);
        }
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(Failure::Usage(format!("{var} is not valid UTF-8")));
        }
        Err(std::env::VarError::NotPresent) => {}
    }
    let first_prompt = if new {
        format!("New {words}: ")
    } else {
        format!("{}: ", capitalised(words))
    };
    let first = prompt(&first_prompt, var)?;
    if first.is_empty() {
        return Err(Failure::Failed(format!("an empty {words} is refused")));
    }
    if new {
        let again = prompt(&format!("Repeat the {words}: "), var)?;
        if *again != *first {
            return Err(Failure::Failed(format!(
                "the two {words}s differ; nothing was changed"
            )));
        }
    }
    Ok(first)
}

fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Asks on the terminal (not stdin), without echo.
fn prompt(text: &str, var: &str) -> Result<Zeroizing<String>, Failure> {
    rpassword::prompt_password(text)
        .map(Zeroizing::new)
        .map_err(|e| {
            Failure::Usage(format!(
                "cannot ask for the passphrase on a terminal ({e}); set {var} instead"
            ))
        })
}

/// The scrypt work factor `VIDI_SCRYPT_LOG_N` asks for, if any.
pub fn scrypt_log_n() -> Result<Option<u8>, Failure> {
    let Some(value) = std::env::var_os(SCRYPT_LOG_N_VAR) else {
        return Ok(None);
    };
    value
        .to_str()
        .and_then(|v| v.trim().parse::<u8>().ok())
        .filter(|n| (1..=30).contains(n))
        .map(Some)
        .ok_or_else(|| Failure::Usage(format!("{SCRYPT_LOG_N_VAR} must be a number from 1 to 30")))
}

/// The key provider that opens the wallet (the work factor is read from
/// the sealed key itself).
pub fn wallet_key_provider() -> Result<PassphraseKeyProvider, Failure> {
    let passphrase = passphrase(Purpose::Wallet, false)?;
    Ok(PassphraseKeyProvider::new(&passphrase))
}

/// The key provider for a new wallet: a new passphrase, asked twice, at
/// age's default work factor unless `VIDI_SCRYPT_LOG_N` lowers it. Returns
/// the work factor too.
pub fn new_wallet_key_provider() -> Result<(PassphraseKeyProvider, Option<u8>), Failure> {
    let log_n = scrypt_log_n()?;
    let passphrase = passphrase(Purpose::Wallet, true)?;
    let provider = match log_n {
        Some(n) => PassphraseKeyProvider::with_work_factor(&passphrase, n),
        None => PassphraseKeyProvider::new(&passphrase),
    };
    Ok((provider, log_n))
}
