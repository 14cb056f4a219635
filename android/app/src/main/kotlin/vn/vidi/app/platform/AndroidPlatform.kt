package vn.vidi.app.platform

import android.content.Context
import androidx.biometric.BiometricManager
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import vn.vidi.domain.ui.AppPlatform
import vn.vidi.domain.ui.FileSettingsStore
import vn.vidi.domain.ui.SettingsStore
import vn.vidi.domain.ui.UnlockMethod
import vn.vidi.ffi.DeviceKeyStore
import vn.vidi.ffi.KeyProvider
import vn.vidi.ffi.pinKeyProvider
import java.io.File

/**
 * The screen models' view of this phone: the emulator's address of
 * server-mock, the Android Keystore for the wallet key and the device keys,
 * and files in the app's no-backup folder (the wallet has its own backup,
 * and its keys could not follow an Android backup anyway).
 */
class AndroidPlatform(context: Context) : AppPlatform {
    private val app = context.applicationContext
    private val dir = app.noBackupFilesDir

    override val defaultServerUrl: String = DEFAULT_SERVER_URL

    override val biometricAvailable: Boolean
        get() = BiometricManager.from(app).canAuthenticate(BIOMETRIC_STRONG) == BiometricManager.BIOMETRIC_SUCCESS

    override val walletPath: String = File(dir, "wallet.vidi").absolutePath

    override val verifierCacheDir: String = File(dir, "verifier").apply { mkdirs() }.absolutePath

    override val deviceKeys: DeviceKeyStore = KeystoreDeviceKeys()

    override val settings: SettingsStore = FileSettingsStore(File(dir, "settings.properties").toPath())

    override fun keyProvider(method: UnlockMethod, pin: String?): KeyProvider = when (method) {
        UnlockMethod.Biometric -> KeystoreKeyProvider(biometric = true)
        UnlockMethod.Pin -> pinKeyProvider(KeystoreKeyProvider(biometric = false), requireNotNull(pin) { "the PIN method needs a PIN" })
    }

    companion object {
        /** server-mock on the development host, as the Android emulator reaches it. */
        const val DEFAULT_SERVER_URL = "http://10.0.2.2:8080"
    }
}
