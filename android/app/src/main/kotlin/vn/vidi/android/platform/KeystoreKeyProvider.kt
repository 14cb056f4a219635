package vn.vidi.android.platform

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
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
 * The key needs no authentication: the core seals the wrong-PIN count
 * with it at first run and after every try, and its `pinKeyProvider`
 * wraps it for the PIN method, so opening needs both this phone's key and
 * the PIN. The biometric method's key, which needs a strong biometric for
 * every use, is [BiometricKeyProvider].
 */
class KeystoreKeyProvider : KeyProvider {
    private val alias = PLAIN_ALIAS
    private val sealing = AesGcmSealing(PLAIN_KIND)

    override fun kind(): String = PLAIN_KIND

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
            .build()

    /** Turns the Keystore's failures into the errors the core expects. */
    private inline fun <T> keystore(block: () -> T): T = try {
        block()
    } catch (e: VidiException) {
        throw e
    } catch (e: GeneralSecurityException) {
        throw VidiException.Other("keystore: ${e.javaClass.simpleName}")
    } catch (e: java.io.IOException) {
        throw VidiException.Other("keystore: ${e.javaClass.simpleName}")
    }

    companion object {
        /** Kind of the PIN method's inner provider (the core reports `pin+android-keystore`). */
        const val PLAIN_KIND = "android-keystore"

        private const val PLAIN_ALIAS = "vidi-wallet-key"

        /** The biometric key of earlier builds (a 15 s validity window), deleted with the others. */
        private const val OLD_BIOMETRIC_ALIAS = "vidi-wallet-key-biometric"
        private val LOCK = Any()

        /** Deletes the wallet keys, this one and [BiometricKeyProvider]'s (a wallet deleted or set up again). */
        fun deleteKeys() {
            synchronized(LOCK) {
                val store = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
                listOf(PLAIN_ALIAS, OLD_BIOMETRIC_ALIAS).forEach { if (store.containsAlias(it)) store.deleteEntry(it) }
            }
            BiometricKeyProvider.deleteKey()
        }
    }
}

/** The Keystore's provider name. */
internal const val ANDROID_KEYSTORE = "AndroidKeyStore"
