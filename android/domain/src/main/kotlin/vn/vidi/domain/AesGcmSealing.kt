package vn.vidi.domain

import vn.vidi.ffi.VidiException
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * How a keystore-backed key provider seals the wallet's secret: AES-256-GCM
 * under a key that never leaves the keystore, as
 * `01 || IV (12 bytes) || ciphertext || tag (16 bytes)`, with the provider's
 * [kind] as associated data (a blob opens only under a provider of its
 * kind). Shared by the JVM stand-in ([KeyStoreKeyProvider]) and the Android
 * app's Keystore provider, which differ only in where the key lives.
 *
 * The cipher picks the IV (the Android Keystore insists on it), so [seal]
 * reads it back rather than making one.
 */
class AesGcmSealing(private val kind: String) {
    private val aad = kind.toByteArray()

    /** Seals [secret] under [key]. */
    fun seal(key: SecretKey, secret: ByteArray): ByteArray {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, key)
        cipher.updateAAD(aad)
        val sealed = cipher.doFinal(secret)
        val iv = cipher.iv
        if (iv == null || iv.size != IV_BYTES) throw VidiException.Other("keystore: unexpected IV length")
        return byteArrayOf(VERSION) + iv + sealed
    }

    /**
     * Opens a blob made by [seal]. [key] is looked up only once the blob's
     * layout is right; a missing key (`null`), a blob of another layout or
     * one made under another key or kind throws the bindings' `WrongKey`,
     * naming [alias] (not secret).
     */
    fun unseal(sealed: ByteArray, alias: String, key: () -> SecretKey?): ByteArray {
        if (sealed.size < 1 + IV_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw VidiException.WrongKey("not a key sealed by $kind")
        }
        val secretKey = key() ?: throw VidiException.WrongKey("the keystore holds no key $alias")
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, secretKey, GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES))
        cipher.updateAAD(aad)
        return try {
            cipher.doFinal(sealed, 1 + IV_BYTES, sealed.size - 1 - IV_BYTES)
        } catch (_: AEADBadTagException) {
            throw VidiException.WrongKey("the sealed key does not open with key $alias")
        }
    }

    private companion object {
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val VERSION: Byte = 1
        const val IV_BYTES = 12
        const val TAG_BITS = 128
    }
}
