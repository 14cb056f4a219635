//! Which HTTPS servers issuance and verifier sync accept, and how a refused
//! certificate is told apart from other network failures.
//!
//! By default a server's certificate is checked by the platform's verifier
//! (`rustls-platform-verifier`, through reqwest): Android's trust manager
//! (system and, where the app's network security config allows, user CAs;
//! revocation), Apple's Security framework, and on Linux the system CA
//! bundle with webpki. On Android that verifier must first be given the
//! app's `Context`: vidi-ffi's JNI entry point does it (see docs/mobile.md).
//!
//! [`HttpTrust::with_extra_ca_pem`] adds CA certificates to those roots, for
//! developers running `vidi-server-mock --tls-cert` under a test CA, and
//! for tests. Not on Android, whose platform verifier takes no extra roots
//! (install the CA on the device instead).

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use super::{Endpoint, NetworkProblem};

/// The certificates a client trusts beyond the platform's.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct HttpTrust {
    extra_roots: Vec<CertificateDer<'static>>,
}

impl std::fmt::Debug for HttpTrust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpTrust")
            .field("extra_roots", &self.extra_roots.len())
            .finish()
    }
}

/// Why a CA file cannot be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HttpTrustError {
    /// No `-----BEGIN CERTIFICATE-----` block in it.
    #[error("the CA file holds no PEM certificate")]
    NoCertificate,
    /// A block is not PEM or not an X.509 certificate a root can be made of.
    #[error("certificate {0} in the CA file is not a valid CA certificate")]
    BadCertificate(usize),
}

impl HttpTrust {
    /// The platform's verifier and roots only.
    pub fn platform() -> Self {
        Self::default()
    }

    /// The platform's roots and every certificate in `pem` (one or more
    /// `CERTIFICATE` blocks) as extra trusted CAs.
    pub fn with_extra_ca_pem(pem: &[u8]) -> Result<Self, HttpTrustError> {
        let mut extra_roots = Vec::new();
        for (n, block) in CertificateDer::pem_slice_iter(pem).enumerate() {
            let der = block.map_err(|_| HttpTrustError::BadCertificate(n + 1))?;
            // The same parse the verifier makes of a root.
            rustls::RootCertStore::empty()
                .add(der.clone())
                .map_err(|_| HttpTrustError::BadCertificate(n + 1))?;
            extra_roots.push(der);
        }
        if extra_roots.is_empty() {
            return Err(HttpTrustError::NoCertificate);
        }
        Ok(Self { extra_roots })
    }

    /// How many CAs are trusted beyond the platform's.
    pub fn extra_roots(&self) -> usize {
        self.extra_roots.len()
    }

    /// `builder` with these roots added to the platform's.
    pub(crate) fn apply(&self, builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        if self.extra_roots.is_empty() {
            return builder;
        }
        let certificates = self
            .extra_roots
            .iter()
            .filter_map(|der| reqwest::Certificate::from_der(der).ok());
        builder.tls_certs_merge(certificates)
    }
}

/// What a TLS failure inside `error` says about the server, if it is one.
/// The rustls error sits in `io::Error`s (tokio-rustls wraps it, the
/// connector wraps that again), whose `source` skips the error they hold:
/// they are opened with `get_ref` instead.
pub(crate) fn tls_problem(error: &reqwest::Error) -> Option<NetworkProblem> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = next {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(classify(tls));
        }
        next = match e.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as _),
            None => e.source(),
        };
    }
    None
}

fn classify(error: &rustls::Error) -> NetworkProblem {
    use rustls::CertificateError as C;
    match error {
        rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        ) => NetworkProblem::CertificateForAnotherHost,
        rustls::Error::InvalidCertificate(_) => NetworkProblem::UntrustedCertificate,
        _ => NetworkProblem::Tls,
    }
}

/// How a network failure reads: `who` is "issuer" or "server".
pub(crate) fn network_words(who: &str, endpoint: Endpoint, problem: NetworkProblem) -> String {
    match problem {
        NetworkProblem::UntrustedCertificate => {
            format!("the {who}'s certificate is not trusted (its {endpoint} endpoint)")
        }
        NetworkProblem::CertificateForAnotherHost => format!(
            "the {who}'s certificate is for another host than the address used (its {endpoint} \
             endpoint)"
        ),
        _ => format!("network: the {who}'s {endpoint} endpoint: {problem}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_must_hold_certificates() {
        assert_eq!(
            HttpTrust::with_extra_ca_pem(b"").unwrap_err(),
            HttpTrustError::NoCertificate
        );
        assert_eq!(
            HttpTrust::with_extra_ca_pem(b"just text\n").unwrap_err(),
            HttpTrustError::NoCertificate
        );
        // PEM that is not a certificate.
        let junk = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert_eq!(
            HttpTrust::with_extra_ca_pem(junk).unwrap_err(),
            HttpTrustError::BadCertificate(1)
        );
        assert_eq!(HttpTrust::platform().extra_roots(), 0);
        assert_eq!(
            format!("{:?}", HttpTrust::platform()),
            "HttpTrust { extra_roots: 0 }"
        );
    }

    #[test]
    fn certificate_failures_are_worded_as_such() {
        assert_eq!(
            classify(&rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer
            )),
            NetworkProblem::UntrustedCertificate
        );
        assert_eq!(
            classify(&rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForName
            )),
            NetworkProblem::CertificateForAnotherHost
        );
        assert_eq!(
            classify(&rustls::Error::InvalidCertificate(
                rustls::CertificateError::Expired
            )),
            NetworkProblem::UntrustedCertificate
        );
        assert_eq!(classify(&rustls::Error::DecryptError), NetworkProblem::Tls);
        assert_eq!(
            network_words(
                "issuer",
                Endpoint::Token,
                NetworkProblem::UntrustedCertificate
            ),
            "the issuer's certificate is not trusted (its token endpoint)"
        );
        assert_eq!(
            network_words("server", Endpoint::TrustList, NetworkProblem::Timeout),
            "network: the server's trust list endpoint: timed out"
        );
    }
}
