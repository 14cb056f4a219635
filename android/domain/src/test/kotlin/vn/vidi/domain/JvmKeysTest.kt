package vn.vidi.domain

import org.junit.jupiter.api.io.TempDir
import vn.vidi.ffi.VidiException
import java.nio.file.Path
import java.security.KeyFactory
import java.security.MessageDigest
import java.security.Signature
import java.security.spec.X509EncodedKeySpec
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** The Kotlin key provider and device key store on their own, as the core calls them. */
class JvmKeysTest {
    private val secret = ByteArray(74) { it.toByte() }

    @Test
    fun `the key provider seals with AES-GCM and opens only its own blobs`() {
        val provider = KeyStoreKeyProvider.inMemory()
        val sealed = provider.seal(secret)
        assertEquals(1 + 12 + secret.size + 16, sealed.size)
        assertContentEquals(secret, provider.unseal(sealed))
        assertFalse(sealed.contentEquals(provider.seal(secret)), "a fresh IV each time")

        assertFailsWith<VidiException.WrongKey> { KeyStoreKeyProvider.inMemory().unseal(sealed) }
        val tampered = sealed.copyOf().also { it[20] = (it[20] + 1).toByte() }
        assertFailsWith<VidiException.WrongKey> { provider.unseal(tampered) }
        assertFailsWith<VidiException.WrongKey> { provider.unseal(byteArrayOf(1, 2, 3)) }

        provider.released = false
        assertFailsWith<VidiException.Locked> { provider.unseal(sealed) }
        assertFailsWith<VidiException.Locked> { provider.seal(secret) }
    }

    @Test
    fun `a PKCS12 keystore file keeps the key for the next run`(@TempDir dir: Path) {
        val file = dir.resolve("keys.p12")
        val sealed = KeyStoreKeyProvider.pkcs12(file, "pw".toCharArray()).seal(secret)
        assertContentEquals(secret, KeyStoreKeyProvider.pkcs12(file, "pw".toCharArray()).unseal(sealed))
        assertFailsWith<VidiException.WrongKey> {
            KeyStoreKeyProvider.pkcs12(file, "pw".toCharArray(), alias = "another").unseal(sealed)
        }
    }

    @Test
    fun `device keys sign the prehash itself, as raw r and s`() {
        val store = JcaDeviceKeyStore()
        val key = store.create()
        assertEquals(91, key.publicKey.size, "X.509 SubjectPublicKeyInfo of a P-256 key")
        assertContentEquals(key.publicKey, store.publicKey(key.handle))

        val prehash = MessageDigest.getInstance("SHA-256").digest("the proof's signed bytes".toByteArray())
        val raw = store.sign(key.handle, prehash)
        assertEquals(64, raw.size)
        val public = KeyFactory.getInstance("EC").generatePublic(X509EncodedKeySpec(key.publicKey))
        // Over the prehash as given: NONEwithECDSA verifies it, SHA256withECDSA (hashing again) does not.
        val der = EcdsaSignatures.rawToDer(raw)
        assertTrue(Signature.getInstance("NONEwithECDSA").run { initVerify(public); update(prehash); verify(der) })
        assertFalse(Signature.getInstance("SHA256withECDSA").run { initVerify(public); update(prehash); verify(der) })
        assertEquals(1, store.signatures)

        assertFailsWith<VidiException.InvalidInput> { store.sign(key.handle, ByteArray(31)) }
        store.delete(key.handle)
        store.delete(key.handle)
        assertFailsWith<VidiException.NotFound> { store.sign(key.handle, prehash) }
        assertFailsWith<VidiException.NotFound> { store.publicKey(key.handle) }
    }

    @Test
    fun `DER signatures convert to raw and back, short scalars padded`() {
        val r = ByteArray(32) { if (it == 0) 0 else 0x7f }
        val s = ByteArray(32) { 0xff.toByte() }
        val raw = r + s
        val der = EcdsaSignatures.rawToDer(raw)
        // r loses its leading zero; s gains one to stay positive.
        assertEquals(2 + (2 + 31) + (2 + 33), der.size)
        assertContentEquals(raw, EcdsaSignatures.derToRaw(der))
        assertFailsWith<IllegalArgumentException> { EcdsaSignatures.derToRaw(der + 0) }
        assertFailsWith<IllegalArgumentException> { EcdsaSignatures.derToRaw(der.copyOf(der.size - 1)) }
        assertFailsWith<IllegalArgumentException> { EcdsaSignatures.derToRaw(raw) }
    }
}
