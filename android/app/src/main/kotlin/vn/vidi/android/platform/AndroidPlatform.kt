package vn.vidi.android.platform

import android.content.Context
import android.content.res.Configuration
import androidx.biometric.BiometricManager
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import vn.vidi.app.Language
import vn.vidi.ffi.AppConfig
import vn.vidi.ffi.languageFor

/**
 * This phone, as the app core is told about it at start: the app's files
 * folder, the emulator's address of server-mock, whether a strong
 * biometric can unlock, and the phone's languages. The keys are
 * [KeystoreKeyProvider] and [KeystoreDeviceKeys].
 */
object AndroidPlatform {
    /** server-mock on the development host, as the Android emulator reaches it. */
    const val DEFAULT_SERVER_URL = "http://10.0.2.2:8080"

    /** What `AppCore` is made with. */
    fun config(context: Context): AppConfig {
        val app = context.applicationContext
        return AppConfig(
            dataDir = app.filesDir.absolutePath,
            defaultServerUrl = DEFAULT_SERVER_URL,
            biometricAvailable = biometricAvailable(app),
            languages = languageTags(app.resources.configuration),
            pinWorkFactor = null,
        )
    }

    /** Whether a strong biometric (the class `BiometricPrompt` is asked for) is enrolled. */
    fun biometricAvailable(context: Context): Boolean =
        BiometricManager.from(context).canAuthenticate(BIOMETRIC_STRONG) == BiometricManager.BIOMETRIC_SUCCESS

    /** The phone's preferred languages, first preferred, as BCP 47 tags. */
    fun languageTags(configuration: Configuration): List<String> {
        val locales = configuration.locales
        return (0 until locales.size()).map { locales[it].toLanguageTag() }
    }

    /**
     * The app core's language for [configuration], for `Event.SetLanguage`
     * when the phone's language changes while the app runs: the core's
     * choice (`languageFor`), as it chose at start from `AppConfig.languages`.
     */
    fun language(configuration: Configuration): Language = languageFor(languageTags(configuration))
}
