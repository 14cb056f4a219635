//! `--extra-ca FILE` (or `VIDI_EXTRA_CA`): CA certificates, PEM, trusted
//! beyond the system's for issuance and sync, e.g. the test CA of a
//! `vidi-server-mock --tls-cert` run.

use std::path::Path;

use vidi_core::http::trust::HttpTrust;

use crate::output::Failure;

/// The environment variable `--extra-ca` falls back to.
pub const EXTRA_CA_VAR: &str = "VIDI_EXTRA_CA";

/// The system's trust, plus the CAs in `file` when one is given.
pub fn trust(file: Option<&Path>) -> Result<HttpTrust, Failure> {
    let Some(file) = file else {
        return Ok(HttpTrust::platform());
    };
    let pem = std::fs::read(file).map_err(|e| {
        Failure::Usage(format!(
            "--extra-ca {}: cannot read it: {e}",
            file.display()
        ))
    })?;
    HttpTrust::with_extra_ca_pem(&pem)
        .map_err(|e| Failure::Usage(format!("--extra-ca {}: {e}", file.display())))
}
