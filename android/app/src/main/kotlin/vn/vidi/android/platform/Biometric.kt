package vn.vidi.android.platform

import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import javax.crypto.Cipher

/**
 * The system's biometric prompt (strong biometrics only, the class
 * [BiometricKeyProvider]'s key accepts), bound to a `CryptoObject`: what
 * the prompt authenticates is the one cipher that may then open the wallet
 * key, not a time window.
 *
 * Made once in the activity's `onCreate`: androidx.biometric keeps a prompt
 * that is showing across a rotation and reconnects it to the
 * `BiometricPrompt` the new activity makes there, so the answer still
 * arrives (once) and the user is not asked again. [onResult] runs on the
 * main thread with the authenticated cipher, or null and whether the user
 * cancelled. The prompt itself says when a finger is not recognised, so
 * only errors end it.
 */
class Biometric(activity: FragmentActivity, onResult: (cipher: Cipher?, cancelled: Boolean) -> Unit) {
    private val prompt = BiometricPrompt(
        activity,
        ContextCompat.getMainExecutor(activity),
        object : BiometricPrompt.AuthenticationCallback() {
            override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) {
                onResult(result.cryptoObject?.cipher, false)
            }

            override fun onAuthenticationError(errorCode: Int, errString: CharSequence) {
                val cancelled = errorCode == BiometricPrompt.ERROR_USER_CANCELED ||
                    errorCode == BiometricPrompt.ERROR_NEGATIVE_BUTTON ||
                    errorCode == BiometricPrompt.ERROR_CANCELED
                onResult(null, cancelled)
            }
        },
    )

    /** Shows the prompt with the core's [title] and [cancel] words, to authenticate [cipher]. */
    fun ask(title: String, cancel: String, cipher: Cipher) {
        val info = BiometricPrompt.PromptInfo.Builder()
            .setTitle(title)
            .setNegativeButtonText(cancel)
            .setAllowedAuthenticators(BIOMETRIC_STRONG)
            .build()
        prompt.authenticate(info, BiometricPrompt.CryptoObject(cipher))
    }
}
