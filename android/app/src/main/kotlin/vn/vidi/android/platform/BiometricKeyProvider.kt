package vn.vidi.android.platform

import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.UserNotAuthenticatedException
import vn.vidi.ffi.KeyProvider
import vn.vidi.ffi.VidiException
import java.security.GeneralSecurityException
import java.security.KeyFactory
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.PrivateKey
import java.security.PublicKey
import java.security.spec.MGF1ParameterSpec
import java.security.spec.X509EncodedKeySpec
import java.util.concurrent.atomic.AtomicReference
import javax.crypto.BadPaddingException
import javax.crypto.Cipher
import javax.crypto.IllegalBlockSizeException
import javax.crypto.spec.OAEPParameterSpec
import javax.crypto.spec.PSource

/**
 * The biometric method's wallet key provider (AppCore's
 * `biometricKeyProvider`): an RSA-2048 key pair made in the Keystore's TEE
 * whose private key needs a strong biometric for every single use
 * (`setUserAuthenticationParameters(0, AUTH_BIOMETRIC_STRONG)`), bound to
 * the prompt with a `BiometricPrompt.CryptoObject` rather than a validity
 * window during which any code in the process could use it.
 *
 * - [seal] encrypts with the public key (RSA-OAEP), which needs no
 *   authentication: the core seals at first run and asks for no prompt
 *   there.
 * - Unlocking: the core's `Effect.BiometricPrompt` makes the activity ask
 *   [unsealCipher] for a decrypting `Cipher` on the private key, show the
 *   prompt with it as the `CryptoObject`, and hand the cipher the prompt
 *   authenticated to [authenticated] before it sends
 *   `Event.Unlock(UnlockEvent.Biometric(ok = true, …))`. The core's [unseal]
 *   (on its worker thread) takes that cipher, exactly once; without one it
 *   throws `Locked`.
 * - A key invalidated by a new fingerprint or face enrolment is deleted,
 *   and a missing key (a wallet file restored onto another phone) makes
 *   [unseal] throw `WrongKey`: the core then offers the backup.
 *
 * The key is made in the TEE, not StrongBox: StrongBox RSA generation takes
 * seconds and its OAEP digests vary by chip; the private key still never
 * leaves secure hardware.
 */
class BiometricKeyProvider : KeyProvider {
    private val ready = AtomicReference<Cipher?>(null)

    override fun kind(): String = KIND

    override fun seal(secret: ByteArray): ByteArray = keystore {
        if (secret.size > MAX_SECRET_BYTES) throw VidiException.InvalidInput("a wallet key of ${secret.size} bytes is too long to seal")
        val recipient = publicKey()
        Cipher.getInstance(TRANSFORMATION).run {
            init(Cipher.ENCRYPT_MODE, recipient, OAEP)
            doFinal(secret)
        }
    }

    override fun unseal(sealed: ByteArray): ByteArray = keystore {
        val cipher = ready.getAndSet(null)
        if (cipher == null) {
            if (privateKey() == null) throw VidiException.WrongKey("no biometric wallet key on this phone")
            throw VidiException.Locked("the biometric prompt has not released the wallet key")
        }
        try {
            cipher.doFinal(sealed)
        } catch (_: BadPaddingException) {
            throw VidiException.WrongKey("the biometric key does not open the wallet key")
        } catch (_: IllegalBlockSizeException) {
            // The Keystore's way of saying the operation was not authorised.
            throw VidiException.Locked("the Keystore refused the biometric key")
        }
    }

    /**
     * A cipher on the private key for the prompt's `CryptoObject`; null when
     * there is no usable key (none, or invalidated by a new enrolment and
     * deleted now), in which case [unseal] reports the key gone. Throws the
     * Keystore's other failures.
     */
    @Throws(GeneralSecurityException::class)
    fun unsealCipher(): Cipher? {
        ready.set(null)
        val key = try {
            privateKey()
        } catch (_: java.io.IOException) {
            null
        }
        if (key == null) return null
        return try {
            decrypting(key)
        } catch (_: KeyPermanentlyInvalidatedException) {
            deleteKey()
            null
        }
    }

    /** The prompt succeeded with [cipher] (its `CryptoObject`'s): the next [unseal] uses it, once; null forgets it. */
    fun authenticated(cipher: Cipher?) {
        ready.set(cipher)
    }

    private fun store(): KeyStore = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }

    private fun privateKey(): PrivateKey? = synchronized(LOCK) { store().getKey(ALIAS, null) as PrivateKey? }

    /**
     * The public key, made on first use, as a software key:
     * public-key operations need no authentication and are not the
     * Keystore's (its own provider would refuse OAEP's SHA-256 MGF1 on some
     * versions). A key pair invalidated by a new enrolment is replaced
     * first, or the wallet would be sealed for a key that can no longer open.
     */
    private fun publicKey(): PublicKey = synchronized(LOCK) {
        val store = store()
        val existing = store.getKey(ALIAS, null) as PrivateKey?
        if (existing != null) {
            try {
                decrypting(existing)
            } catch (_: KeyPermanentlyInvalidatedException) {
                store.deleteEntry(ALIAS)
            }
        }
        val stored = store.getCertificate(ALIAS)?.publicKey ?: generate()
        KeyFactory.getInstance(stored.algorithm).generatePublic(X509EncodedKeySpec(stored.encoded))
    }

    /** A cipher that decrypts with [key] once authenticated (initialising needs no prompt). */
    private fun decrypting(key: PrivateKey): Cipher = Cipher.getInstance(TRANSFORMATION).apply { init(Cipher.DECRYPT_MODE, key, OAEP) }

    private fun generate(): PublicKey = KeyPairGenerator.getInstance(KeyProperties.KEY_ALGORITHM_RSA, ANDROID_KEYSTORE).run {
        initialize(spec())
        generateKeyPair().public
    }

    private fun spec(): KeyGenParameterSpec {
        val builder = KeyGenParameterSpec.Builder(ALIAS, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setKeySize(2048)
            .setDigests(KeyProperties.DIGEST_SHA256)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_RSA_OAEP)
            .setUserAuthenticationRequired(true)
            .setInvalidatedByBiometricEnrollment(true)
        // Every use needs its own strong biometric. Before Android 11 a
        // key with no validity duration set is per-use and biometric-only.
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
            builder.setUserAuthenticationParameters(0, KeyProperties.AUTH_BIOMETRIC_STRONG)
        }
        return builder.build()
    }

    /** Turns the Keystore's failures into the errors the core expects. */
    private inline fun <T> keystore(block: () -> T): T = try {
        block()
    } catch (e: VidiException) {
        throw e
    } catch (_: UserNotAuthenticatedException) {
        throw VidiException.Locked("the Keystore will not use the biometric key without the prompt")
    } catch (_: KeyPermanentlyInvalidatedException) {
        deleteKey()
        throw VidiException.WrongKey("the biometric key was invalidated by a change of the phone's biometrics")
    } catch (e: GeneralSecurityException) {
        throw VidiException.Other("keystore: ${e.javaClass.simpleName}")
    } catch (e: java.io.IOException) {
        throw VidiException.Other("keystore: ${e.javaClass.simpleName}")
    }

    companion object {
        /** Stored with the sealed wallet key: RSA-OAEP under a per-use biometric key. */
        const val KIND = "android-keystore-biometric-oaep"

        private const val ALIAS = "vidi-wallet-key-biometric-rsa"
        private const val TRANSFORMATION = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding"

        /** RSA-2048 with OAEP-SHA-256: 256 - 2·32 - 2 bytes. */
        private const val MAX_SECRET_BYTES = 190

        /** SHA-256 with MGF1 over SHA-1, the one MGF1 digest every Keystore version decrypts with. */
        private val OAEP = OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)
        private val LOCK = Any()

        /** Deletes the key (a wallet deleted or set up again, or the key invalidated). */
        fun deleteKey() = synchronized(LOCK) {
            val store = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
            if (store.containsAlias(ALIAS)) store.deleteEntry(ALIAS)
        }
    }
}
