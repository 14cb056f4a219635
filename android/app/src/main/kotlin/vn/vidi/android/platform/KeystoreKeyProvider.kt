package vn.vidi.android.platform

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.UserNotAuthenticatedException
import vn.vidi.domain.AesGcmSealing
import vn.vidi.ffi.KeyProvider
import vn.vidi.ffi.VidiException
import java.security.GeneralSecurityException
import java.security.KeyStore
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey

/**
 * The wallet key provider on the Android Keystore: the wallet's secret is
 * sealed with AES-256-GCM under a key made inside the Keystore (StrongBox
 * when the phone has one, else the TEE) that never leaves it.
 *
 * The sealing is the domain's [AesGcmSealing], the same as the JVM stand-in
 * (`vn.vidi.domain.KeyStoreKeyProvider`), with the provider's [kind] as
 * associated data; only where the key lives differs.
 *
 * With [biometric], the key is usable only for [AUTH_VALIDITY_SECONDS]
 * after a strong biometric (a `BiometricPrompt` shown by the unlock
 * screen): the core calls [seal] and [unseal] synchronously on its own
 * thread, which cannot wait for a prompt bound to a `CryptoObject`, so a
 * short validity window follows the prompt instead. Used before it,
 * the Keystore throws `UserNotAuthenticatedException`, which becomes
 * `Locked`; a key invalidated by a new fingerprint enrolment becomes
 * `WrongKey` (the wallet then comes back from its backup).
 * Without [biometric] (the PIN method) the key needs no authentication:
 * the core's `pinKeyProvider` wraps this provider, so opening needs both
 * this phone's key and the PIN.
 */
class KeystoreKeyProvider(private val biometric: Boolean) : KeyProvider {
    private val alias = if (biometric) BIOMETRIC_ALIAS else PLAIN_ALIAS
    private val kind = if (biometric) BIOMETRIC_KIND else PLAIN_KIND
    private val sealing = AesGcmSealing(kind)

    override fun kind(): String = kind

    override fun seal(secret: ByteArray): ByteArray = keystore {
        val key = key(create = true) ?: throw VidiException.Other("keystore: the key was not made")
        sealing.seal(key, secret)
    }

    override fun unseal(sealed: ByteArray): ByteArray = keystore { sealing.unseal(sealed, alias) { key(create = false) } }

    /** The AES key, made in StrongBox (else the TEE) on first use when [create]. */
    private fun key(create: Boolean): SecretKey? = synchronized(LOCK) {
        val store = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
        (store.getKey(alias, null) as SecretKey?)?.let { return it }
        if (!create) return null
        Hardware.generateWithFallback { strongBox ->
            KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE).run {
                init(spec(strongBox))
                generateKey()
            }
        }
    }

    private fun spec(strongBox: Boolean): KeyGenParameterSpec =
        KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setKeySize(256)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setRandomizedEncryptionRequired(true)
            .setIsStrongBoxBacked(strongBox)
            .apply { if (biometric) requireBiometric(this) }
            .build()

    /** Turns the Keystore's failures into the errors the core expects. */
    private inline fun <T> keystore(block: () -> T): T = try {
        block()
    } catch (e: VidiException) {
        throw e
    } catch (_: UserNotAuthenticatedException) {
        throw VidiException.Locked("the keystore will not release the wallet key until the user authenticates")
    } catch (_: KeyPermanentlyInvalidatedException) {
        throw VidiException.WrongKey("the wallet key was invalidated by a change of the phone's biometrics")
    } catch (e: GeneralSecurityException) {
        throw VidiException.Other("keystore: ${e.javaClass.simpleName}")
    } catch (e: java.io.IOException) {
        throw VidiException.Other("keystore: ${e.javaClass.simpleName}")
    }

    companion object {
        /** Kind of the PIN method's inner provider (the core reports `pin+android-keystore`). */
        const val PLAIN_KIND = "android-keystore"

        /** Kind of the biometric method's provider. */
        const val BIOMETRIC_KIND = "android-keystore-biometric"

        /** How long a successful biometric prompt lets the wallet key be used. */
        const val AUTH_VALIDITY_SECONDS = 15

        private const val PLAIN_ALIAS = "vidi-wallet-key"
        private const val BIOMETRIC_ALIAS = "vidi-wallet-key-biometric"
        private val LOCK = Any()

        /** Deletes both wallet keys (a wallet deleted or set up again). */
        fun deleteKeys() = synchronized(LOCK) {
            val store = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
            listOf(PLAIN_ALIAS, BIOMETRIC_ALIAS).forEach { if (store.containsAlias(it)) store.deleteEntry(it) }
        }
    }
}

/** The Keystore's provider name. */
internal const val ANDROID_KEYSTORE = "AndroidKeyStore"
