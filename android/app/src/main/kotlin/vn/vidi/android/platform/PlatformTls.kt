package vn.vidi.android.platform

import android.content.Context

/**
 * Hands the app's [Context] to the Rust core's HTTPS client, whose
 * certificate checks (rustls-platform-verifier) run in Android's own trust
 * manager through JNI: the system's CAs, user CAs where the network
 * security config allows them (debug builds), revocation. Without it every
 * HTTPS request of issuance and sync fails on a phone.
 *
 * Call once before the core's first request ([AppViewModel] does, before it
 * makes the core); later calls do nothing. The native side is
 * `Java_vn_vidi_android_platform_PlatformTls_init` in vidi-ffi
 * (`ffi/src/android.rs`), in the same library the bindings load.
 */
object PlatformTls {
    init {
        System.loadLibrary("vidi_ffi")
    }

    @JvmStatic external fun init(context: Context)
}
