package vn.vidi.domain.ui

import vn.vidi.domain.JcaDeviceKeyStore
import vn.vidi.domain.KeyStoreKeyProvider
import vn.vidi.domain.SystemWallClock
import vn.vidi.domain.WallClock
import vn.vidi.ffi.KeyProvider
import vn.vidi.ffi.pinKeyProvider
import java.nio.file.Path

/**
 * [AppPlatform] on a plain JVM, for tests and desktop demos: everything in
 * [dir] (`wallet.db`, `verifier/`, `settings.properties`, a PKCS12
 * `keystore.p12` standing in for the Android Keystore), device keys from
 * [JcaDeviceKeyStore] (held by this object only, as StrongBox keys are by
 * the phone). The PIN method wraps the keystore provider in the core's
 * `pinKeyProvider`; [pinWorkFactor] is its scrypt cost (null: the real
 * one; tests pass a small one). The biometric method uses the keystore
 * provider as is: [biometricReleased] false acts out a user who has not
 * passed the prompt.
 */
class JvmPlatform(
    dir: Path,
    override val defaultServerUrl: String = "http://localhost:8080",
    override val biometricAvailable: Boolean = false,
    override val clock: WallClock = SystemWallClock,
    private val pinWorkFactor: UByte? = null,
) : AppPlatform {
    override val walletPath: String = dir.resolve("wallet.db").toString()
    override val verifierCacheDir: String = dir.resolve("verifier").toString()
    override val deviceKeys: JcaDeviceKeyStore = JcaDeviceKeyStore()
    override val settings: SettingsStore = FileSettingsStore(dir.resolve("settings.properties"))

    private val keystore = KeyStoreKeyProvider.pkcs12(dir.resolve("keystore.p12"), KEYSTORE_PASSWORD.toCharArray())

    /** Whether the keystore releases the key, as after a passed biometric prompt. */
    var biometricReleased: Boolean
        get() = keystore.released
        set(value) {
            keystore.released = value
        }

    override fun keyProvider(method: UnlockMethod, pin: String?): KeyProvider = when (method) {
        UnlockMethod.Pin -> pinKeyProvider(keystore, requireNotNull(pin) { "the PIN method needs a PIN" }, pinWorkFactor)
        UnlockMethod.Biometric -> keystore
    }

    private companion object {
        /** The stand-in keystore file's password; the Android Keystore has none. */
        const val KEYSTORE_PASSWORD = "vidi-jvm-keystore"
    }
}
