package vn.vidi.android.platform

import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity

/**
 * Shows the system's biometric prompt (strong biometrics only, the class
 * the wallet key's Keystore entry accepts) and reports the outcome on the
 * main thread: [onSuccess] after which the key is usable for
 * `KeystoreKeyProvider.AUTH_VALIDITY_SECONDS`, or [onFailure] with whether
 * the user cancelled. The prompt itself says when a finger is not
 * recognised, so only errors end it.
 */
fun askBiometric(
    activity: FragmentActivity,
    title: String,
    cancel: String,
    onSuccess: () -> Unit,
    onFailure: (cancelled: Boolean) -> Unit,
) {
    val callback = object : BiometricPrompt.AuthenticationCallback() {
        override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) = onSuccess()

        override fun onAuthenticationError(errorCode: Int, errString: CharSequence) {
            val cancelled = errorCode == BiometricPrompt.ERROR_USER_CANCELED ||
                errorCode == BiometricPrompt.ERROR_NEGATIVE_BUTTON ||
                errorCode == BiometricPrompt.ERROR_CANCELED
            onFailure(cancelled)
        }
    }
    val info = BiometricPrompt.PromptInfo.Builder()
        .setTitle(title)
        .setNegativeButtonText(cancel)
        .setAllowedAuthenticators(BIOMETRIC_STRONG)
        .build()
    BiometricPrompt(activity, ContextCompat.getMainExecutor(activity), callback).authenticate(info)
}
