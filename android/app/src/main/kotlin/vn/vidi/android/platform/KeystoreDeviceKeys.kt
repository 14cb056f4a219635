package vn.vidi.android.platform

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import vn.vidi.domain.EcdsaSignatures
import vn.vidi.ffi.CreatedDeviceKey
import vn.vidi.ffi.DeviceKeyStore
import vn.vidi.ffi.VidiException
import java.security.GeneralSecurityException
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.PrivateKey
import java.security.Signature
import java.security.spec.ECGenParameterSpec
import java.util.UUID

/**
 * Device keys in the Android Keystore: one P-256 signing key per
 * credential, made in StrongBox when the phone has one, else in the TEE,
 * never leaving it.
 *
 * The core hands [sign] a SHA-256 prehash, so the keys allow
 * `DIGEST_NONE` and are used with `NONEwithECDSA` (`SHA256withECDSA`
 * would hash it again); the DER signature goes back as raw `r || s`
 * through the domain's [EcdsaSignatures], as on the JVM. Public keys are
 * the certificate's X.509 SubjectPublicKeyInfo, which the core accepts.
 * The keys need no user authentication: the wallet's own unlock guards
 * them, and the QR screen signs a new code every 15 seconds.
 */
class KeystoreDeviceKeys : DeviceKeyStore {
    /** Where the last key made lives (StrongBox, TEE...), for the settings screen and bug reports. */
    @Volatile
    var lastSecurityLevel: SecurityLevel = SecurityLevel.Unknown
        private set

    override fun kind(): String = KIND

    override fun create(): CreatedDeviceKey = keystore {
        val alias = PREFIX + UUID.randomUUID()
        val pair = Hardware.generateWithFallback { strongBox ->
            KeyPairGenerator.getInstance(KeyProperties.KEY_ALGORITHM_EC, ANDROID_KEYSTORE).run {
                initialize(spec(alias, strongBox))
                generateKeyPair()
            }
        }
        lastSecurityLevel = Hardware.securityLevel(pair.private)
        CreatedDeviceKey(alias, pair.public.encoded)
    }

    override fun publicKey(handle: String): ByteArray = keystore {
        store().getCertificate(checked(handle))?.publicKey?.encoded ?: throw VidiException.NotFound("no device key $handle")
    }

    override fun sign(handle: String, prehash: ByteArray): ByteArray {
        if (prehash.size != PREHASH_BYTES) throw VidiException.InvalidInput("a prehash is $PREHASH_BYTES bytes, not ${prehash.size}")
        return keystore {
            val key = store().getKey(checked(handle), null) as PrivateKey? ?: throw VidiException.NotFound("no device key $handle")
            val der = Signature.getInstance("NONEwithECDSA").run {
                initSign(key)
                update(prehash)
                sign()
            }
            EcdsaSignatures.derToRaw(der)
        }
    }

    override fun delete(handle: String) {
        keystore {
            val store = store()
            if (handle.startsWith(PREFIX) && store.containsAlias(handle)) store.deleteEntry(handle)
        }
    }

    private fun spec(alias: String, strongBox: Boolean): KeyGenParameterSpec =
        KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_SIGN)
            .setAlgorithmParameterSpec(ECGenParameterSpec("secp256r1"))
            .setDigests(KeyProperties.DIGEST_NONE)
            .setIsStrongBoxBacked(strongBox)
            .build()

    private fun store(): KeyStore = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }

    /** Only this store's aliases are handles (not the wallet key's). */
    private fun checked(handle: String): String {
        if (!handle.startsWith(PREFIX)) throw VidiException.NotFound("no device key $handle")
        return handle
    }

    private inline fun <T> keystore(block: () -> T): T = try {
        block()
    } catch (e: VidiException) {
        throw e
    } catch (e: GeneralSecurityException) {
        throw VidiException.Other("device key store: ${e.javaClass.simpleName}")
    } catch (e: IllegalArgumentException) {
        throw VidiException.Other("device key store: ${e.message}")
    } catch (e: java.io.IOException) {
        throw VidiException.Other("device key store: ${e.javaClass.simpleName}")
    }

    companion object {
        /** Stored with every handle; one kind for StrongBox and TEE keys alike. */
        const val KIND = "android-keystore-p256"
        private const val PREFIX = "vidi-device-"
        private const val PREHASH_BYTES = 32
    }
}
