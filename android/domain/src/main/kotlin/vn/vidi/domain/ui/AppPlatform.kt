package vn.vidi.domain.ui

import vn.vidi.domain.SystemWallClock
import vn.vidi.domain.WallClock
import vn.vidi.ffi.DeviceKeyStore
import vn.vidi.ffi.KeyProvider
import java.io.File

/** How the citizen unlocks the wallet: an app PIN, or the phone's biometric prompt. */
enum class UnlockMethod { Pin, Biometric }

/**
 * What differs between Android, iOS and the JVM tests; the screen models
 * reach the device only through it.
 *
 * - Android: `http://10.0.2.2:8080`, the Android Keystore (StrongBox when
 *   present, else the TEE) for both the key provider and the device keys,
 *   files under `Context.filesDir`.
 * - iOS: `http://localhost:8080`, the Keychain and the Secure Enclave.
 * - JVM tests: `JvmPlatform` over [vn.vidi.domain.KeyStoreKeyProvider] and
 *   [vn.vidi.domain.JcaDeviceKeyStore].
 */
interface AppPlatform {
    /** The issuer's URL proposed at first run (the emulator's or simulator's view of server-mock). */
    val defaultServerUrl: String

    /** Whether the device can unlock with a fingerprint or face (enrolled and allowed). */
    val biometricAvailable: Boolean

    /** The wallet's file (absolute path). */
    val walletPath: String

    /** The folder of the verifier's cached trust and status lists. */
    val verifierCacheDir: String

    /** Where the device keys are made (StrongBox / TEE / Secure Enclave); null keeps software keys in the wallet. */
    val deviceKeys: DeviceKeyStore?

    /** The app's small settings file. */
    val settings: SettingsStore

    /** The clock lock-out waits and countdowns run on (virtual in tests). */
    val clock: WallClock get() = SystemWallClock

    /**
     * The wallet's key provider for [method]: the platform's hardware-backed
     * provider, wrapped by the core's `pinKeyProvider` with [pin] for
     * [UnlockMethod.Pin] (so a wrong PIN is the core's `WrongKey`). For
     * [UnlockMethod.Biometric] [pin] is ignored and the platform asks for
     * the user's biometric when the key is used.
     */
    fun keyProvider(method: UnlockMethod, pin: String?): KeyProvider

    /** Whether a wallet file exists already (first run when not). */
    fun walletExists(): Boolean = File(walletPath).exists()
}
