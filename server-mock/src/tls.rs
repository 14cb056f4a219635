//! Serving HTTPS: the certificate chain and private key read from PEM files
//! (`--tls-cert`, `--tls-key`) into a rustls server configuration, used on
//! the accept loop's connections (`server.rs`).

use std::path::Path;
use std::sync::Arc;

use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

use crate::config::TlsFiles;
use crate::error::StartError;

/// The acceptor for `files`: HTTP/1.1 over TLS 1.2 or 1.3 with rustls's
/// safe defaults, the crypto of aws-lc-rs.
pub(crate) fn acceptor(files: &TlsFiles) -> Result<TlsAcceptor, StartError> {
    let chain = certificates(&files.cert)?;
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| {
        StartError::Config(format!(
            "--tls-key {}: no PEM private key read ({})",
            files.key.display(),
            pem_problem(&e)
        ))
    })?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StartError::Config(format!("TLS: {e}")))?
        .with_no_client_auth()
        // rustls's message names the mismatch, not the key's contents.
        .with_single_cert(chain, key)
        .map_err(|e| StartError::Config(format!("--tls-cert and --tls-key: {e}")))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, StartError> {
    let bad = |why: String| StartError::Config(format!("--tls-cert {}: {why}", path.display()));
    let chain = CertificateDer::pem_file_iter(path)
        .map_err(|e| bad(pem_problem(&e)))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(pem_problem(&e)))?;
    if chain.is_empty() {
        return Err(bad("no PEM certificate in it".into()));
    }
    Ok(chain)
}

/// What went wrong reading a PEM file, without its contents.
fn pem_problem(e: &rustls::pki_types::pem::Error) -> String {
    use rustls::pki_types::pem::Error as E;
    match e {
        E::Io(io) => io.to_string(),
        E::NoItemsFound => "nothing of that kind in the file".into(),
        _ => "not valid PEM".into(),
    }
}
