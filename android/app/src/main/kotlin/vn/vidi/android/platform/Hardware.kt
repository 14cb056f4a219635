package vn.vidi.android.platform

import android.os.Build
import android.security.keystore.KeyInfo
import android.security.keystore.KeyProperties
import android.security.keystore.StrongBoxUnavailableException
import java.security.Key
import java.security.KeyFactory
import java.security.PrivateKey
import javax.crypto.SecretKey
import javax.crypto.SecretKeyFactory

/** Where the Keystore keeps a key. */
enum class SecurityLevel { StrongBox, Tee, Software, Unknown }

/** Key generation on StrongBox with the TEE as fallback, and where a key ended up. */
internal object Hardware {
    /**
     * Runs [generate] asking for StrongBox; on a phone without it
     * (`StrongBoxUnavailableException`) runs it again for the TEE.
     */
    inline fun <T> generateWithFallback(generate: (strongBox: Boolean) -> T): T = try {
        generate(true)
    } catch (_: StrongBoxUnavailableException) {
        generate(false)
    }

    /** Where [key], an `AndroidKeyStore` key, lives (`KeyInfo.securityLevel` from Android 12). */
    fun securityLevel(key: Key): SecurityLevel {
        val info: KeyInfo = when (key) {
            is PrivateKey -> KeyFactory.getInstance(key.algorithm, ANDROID_KEYSTORE).getKeySpec(key, KeyInfo::class.java)
            is SecretKey -> SecretKeyFactory.getInstance(key.algorithm, ANDROID_KEYSTORE).getKeySpec(key, KeyInfo::class.java) as KeyInfo
            else -> return SecurityLevel.Unknown
        }
        return if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
            when (info.securityLevel) {
                KeyProperties.SECURITY_LEVEL_STRONGBOX -> SecurityLevel.StrongBox
                KeyProperties.SECURITY_LEVEL_TRUSTED_ENVIRONMENT -> SecurityLevel.Tee
                KeyProperties.SECURITY_LEVEL_SOFTWARE -> SecurityLevel.Software
                else -> SecurityLevel.Unknown
            }
        } else {
            @Suppress("DEPRECATION")
            if (info.isInsideSecureHardware) SecurityLevel.Tee else SecurityLevel.Software
        }
    }
}

