//! The async runtime for the commands that talk to an issuer (issuance,
//! verifier sync): one current-thread tokio runtime per command, made only
//! when such a command runs. The rest of `vidi` stays synchronous.

use std::future::Future;

use crate::output::Failure;

/// Runs `future` to completion on a fresh current-thread runtime.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Failed(format!("cannot start the async runtime: {e}")))?;
    Ok(runtime.block_on(future))
}
