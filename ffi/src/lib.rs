//! test
uniffi::setup_scaffolding!("vidi");

/// Hello.
#[uniffi::export]
pub fn hello() -> u32 { 1 }
