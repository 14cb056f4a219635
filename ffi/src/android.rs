//! Android: the JNI entry point that hands the app's `Context` to
//! rustls-platform-verifier, which checks HTTPS certificates with Android's
//! own trust manager (through its small Kotlin component, the
//! `rustls-platform-verifier` AAR the app depends on). Without it every
//! HTTPS request of issuance and sync fails on a phone.
//!
//! The shell calls `vn.vidi.android.platform.PlatformTls.init(context)`
//! once, before the core's first request (`AppViewModel` does it before it
//! makes the `AppCore`); later calls keep the first context. uniffi's
//! bindings cannot carry a `Context` (they load the library through JNA),
//! hence this one hand-written JNI function.

use jni::objects::JObject;
use jni::{Env, EnvUnowned};

/// Runs `init` with the caller's `Env` and `context`. A JNI failure is
/// thrown to the caller as a `RuntimeException`; a panic never unwinds into
/// the JVM (`with_env` catches it and it is thrown the same way).
pub(crate) fn init_with<'caller, F>(
    mut env: EnvUnowned<'caller>,
    context: JObject<'caller>,
    init: F,
) where
    F: FnOnce(&mut Env<'caller>, JObject<'caller>) -> Result<(), jni::errors::Error>,
{
    env.with_env(|env| init(env, context))
        .resolve::<jni::errors::ThrowRuntimeExAndDefault>();
}

/// `PlatformTls.init(context: Context)`, a static native method (`@JvmStatic
/// external fun` in a Kotlin `object`).
#[cfg(target_os = "android")]
#[allow(unsafe_code)] // exporting the JNI symbol needs `no_mangle`; no unsafe code runs
#[unsafe(no_mangle)]
pub extern "system" fn Java_vn_vidi_android_platform_PlatformTls_init<'caller>(
    env: EnvUnowned<'caller>,
    _class: jni::objects::JClass<'caller>,
    context: JObject<'caller>,
) {
    init_with(env, context, |env, context| {
        rustls_platform_verifier::android::init_with_env(env, context)
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The JNI name is made of the Kotlin class's package, name and method:
    /// a mismatch is an `UnsatisfiedLinkError` at the app's start.
    #[test]
    fn the_kotlin_side_declares_the_exported_method() {
        let kotlin = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../android/app/src/main/kotlin/vn/vidi/android/platform/PlatformTls.kt"
        ))
        .unwrap();
        assert!(kotlin.contains("package vn.vidi.android.platform\n"));
        assert!(kotlin.contains("object PlatformTls"));
        assert!(kotlin.contains("@JvmStatic external fun init(context: Context)"));
        assert!(kotlin.contains("System.loadLibrary(\"vidi_ffi\")"));
        let rust = include_str!("android.rs");
        assert!(rust.contains(concat!(
            "fn Java_",
            "vn_vidi_android_platform_PlatformTls_init<"
        )));
        // The helper the entry point runs compiles on the host too.
        let _ =
            init_with::<fn(&mut Env<'static>, JObject<'static>) -> Result<(), jni::errors::Error>>;
    }
}
