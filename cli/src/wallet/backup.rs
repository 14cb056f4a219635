//! `backup` and `restore`.

use std::process::ExitCode;

use time::OffsetDateTime;
use vidi_core::store::{DocumentId, StoreError};

use super::activity::restore_words;
use super::secret::{Purpose, passphrase, scrypt_log_n};
use super::{OutArgs, Place, RestoreArgs, plural, store_failure};
use crate::output::{Failure, emit, note};

/// `backup`.
pub fn backup(place: &Place, args: &OutArgs) -> Result<ExitCode, Failure> {
    let (wallet, _) = place.unlocked()?;
    let log_n = scrypt_log_n()?;
    let secret = passphrase(Purpose::Backup, true)?;
    note("encrypting the backup (scrypt)…");
    let report = wallet
        .backup_with_work_factor(&args.out, &secret, log_n)
        .map_err(|e| {
            store_failure(
                &format!("cannot write the backup {}", args.out.display()),
                e,
            )
        })?;
    let (documents, entries) = (report.documents, report.log_entries);
    let mut out = format!(
        "wrote the backup {}: {documents} document{}, {entries} log entr{} and the settings,\n\
         encrypted with the backup passphrase. Device keys never leave this wallet: documents\n\
         restored elsewhere must be re-bound by their issuer before they can be shown.\n",
        args.out.display(),
        plural(documents),
        if entries == 1 { "y" } else { "ies" }
    );
    if !report.damaged_documents.is_empty() {
        let ids: Vec<&str> = report
            .damaged_documents
            .iter()
            .map(DocumentId::as_str)
            .collect();
        out.push_str(&format!(
            "Left out {} damaged document{} that cannot be read: {}\n\
             (delete with `vidi wallet delete ID`).\n",
            ids.len(),
            plural(ids.len()),
            ids.join(", ")
        ));
    }
    if !report.damaged_log_entries.is_empty() {
        let count = report.damaged_log_entries.len();
        out.push_str(&format!(
            "Left out {count} damaged log entr{} that cannot be read: {}\n\
             (delete with `vidi wallet log --delete-entry ID`).\n",
            if count == 1 { "y" } else { "ies" },
            report.damaged_log_entries.join(", ")
        ));
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `restore`.
pub fn restore(place: &Place, args: &RestoreArgs) -> Result<ExitCode, Failure> {
    if !args.file.is_file() {
        return Err(Failure::Failed(format!(
            "no backup file at {}",
            args.file.display()
        )));
    }
    let (mut wallet, _) = place.unlocked()?;
    let secret = passphrase(Purpose::Backup, false)?;
    note("decrypting the backup (scrypt)…");
    let report = wallet
        .restore(&args.file, &secret, OffsetDateTime::now_utc())
        .map_err(|e| match e {
            StoreError::BackupPassphrase => {
                Failure::Failed("wrong backup passphrase; nothing was changed".to_owned())
            }
            e => store_failure(
                &format!(
                    "cannot restore {}; nothing was changed",
                    args.file.display()
                ),
                e,
            ),
        })?;
    let mut out = format!("restored {}:\n", args.file.display());
    for line in restore_words(&report) {
        out.push_str(&format!("  {line}\n"));
    }
    if report.needs_rebinding > 0 {
        out.push_str(&format!(
            "The {} document{} needing re-binding can be read but not shown as a QR until\n\
             the issuer re-issues {} to this wallet.\n",
            report.needs_rebinding,
            plural(report.needs_rebinding),
            if report.needs_rebinding == 1 {
                "it"
            } else {
                "them"
            }
        ));
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
