package vn.vidi.domain

import vn.vidi.ffi.CreatedDeviceKey
import vn.vidi.ffi.DeviceKeyStore
import vn.vidi.ffi.KeyProvider
import vn.vidi.ffi.VidiException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.security.GeneralSecurityException
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.SecureRandom
import java.security.Signature
import java.security.spec.ECGenParameterSpec
import java.util.UUID
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey

/**
 * The wallet key provider on a `java.security` [KeyStore], standing in on
 * the JVM for the Android Keystore: the wallet's secret is sealed with
 * AES-256-GCM under a secret key entry [alias] that never leaves the
 * store (on Android: `KeyGenParameterSpec` with `setIsStrongBoxBacked` and
 * `setUserAuthenticationRequired`; the sealing is the same).
 *
 * A sealed blob is [AesGcmSealing]'s, with the provider's [kind] as
 * associated data. Unsealing
 * a blob made under another key (or damaged) throws the bindings'
 * `WrongKey`; while [released] is false (the user has not authenticated,
 * as Android's `UserNotAuthenticatedException`) both operations throw
 * `Locked`. Called by the core on its own threads: thread-safe.
 */
class KeyStoreKeyProvider private constructor(
    private val keyStore: KeyStore,
    private val alias: String,
    private val password: CharArray,
    private val file: Path?,
) : KeyProvider {

    /** Whether the platform releases the key now; false acts out a user who has not authenticated. */
    @Volatile
    var released: Boolean = true

    private val random = SecureRandom()

    override fun kind(): String = KIND

    override fun seal(secret: ByteArray): ByteArray = guarded {
        val key = key(create = true) ?: throw VidiException.Other("keystore: the key was not made")
        SEALING.seal(key, secret)
    }

    override fun unseal(sealed: ByteArray): ByteArray = guarded { SEALING.unseal(sealed, alias) { key(create = false) } }

    /** Throws `Locked` unless [released]; turns platform failures into the bindings' `Other`. */
    private inline fun <T> guarded(block: () -> T): T {
        if (!released) throw VidiException.Locked("the keystore will not release the wallet key until the user authenticates")
        return try {
            block()
        } catch (e: VidiException) {
            throw e
        } catch (e: GeneralSecurityException) {
            throw VidiException.Other("keystore: ${e.javaClass.simpleName}")
        } catch (e: java.io.IOException) {
            throw VidiException.Other("keystore file: ${e.javaClass.simpleName}")
        }
    }

    /** The AES key, made (and the store saved) on first use when [create]. */
    private fun key(create: Boolean): SecretKey? = synchronized(keyStore) {
        (keyStore.getKey(alias, password) as SecretKey?)?.let { return it }
        if (!create) return null
        val key = KeyGenerator.getInstance("AES").apply { init(256, random) }.generateKey()
        keyStore.setEntry(alias, KeyStore.SecretKeyEntry(key), KeyStore.PasswordProtection(password))
        file?.let(::save)
        key
    }

    private fun save(file: Path) {
        val temp = Files.createTempFile(file.toAbsolutePath().parent, file.fileName.toString(), ".tmp")
        Files.newOutputStream(temp).use { keyStore.store(it, password) }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE)
    }

    companion object {
        /** The kind stored with the sealed key: a wallet opens only with a provider of this kind. */
        const val KIND = "jvm-keystore-aes-gcm"
        const val DEFAULT_ALIAS = "vidi-wallet-key"

        private val SEALING = AesGcmSealing(KIND)

        /** A provider over a fresh in-memory PKCS12 store: its key is gone with the object. */
        fun inMemory(alias: String = DEFAULT_ALIAS): KeyStoreKeyProvider {
            val store = KeyStore.getInstance("PKCS12").apply { load(null, null) }
            return KeyStoreKeyProvider(store, alias, UUID.randomUUID().toString().toCharArray(), null)
        }

        /**
         * A provider over the PKCS12 file [file], protected by [password]:
         * loaded when it exists, written when the key is first made, so
         * the wallet opens again in a later run.
         */
        fun pkcs12(file: Path, password: CharArray, alias: String = DEFAULT_ALIAS): KeyStoreKeyProvider {
            val store = KeyStore.getInstance("PKCS12")
            if (Files.exists(file)) Files.newInputStream(file).use { store.load(it, password) } else store.load(null, password)
            return KeyStoreKeyProvider(store, alias, password.copyOf(), file)
        }
    }
}

/**
 * Device keys from the JVM's `java.security`, standing in for StrongBox or
 * the TEE: P-256 keys made by `KeyPairGenerator("EC")`, held in this
 * object only (on Android: `KeyGenParameterSpec` with `PURPOSE_SIGN`,
 * `DIGEST_NONE` and `setIsStrongBoxBacked`, in the `AndroidKeyStore`).
 *
 * The core hands [sign] a SHA-256 prehash; `SHA256withECDSA` would hash
 * it again, so it is signed with `NONEwithECDSA` and the DER signature is
 * returned as raw `r || s` (64 bytes). The core finds the recovery id and
 * normalises S itself. Public keys are X.509 SubjectPublicKeyInfo
 * (`PublicKey.getEncoded()`, 91 bytes), which the core accepts.
 */
class JcaDeviceKeyStore(private val kind: String = KIND) : DeviceKeyStore {
    private val keys = ConcurrentHashMap<String, KeyPair>()
    private val signed = AtomicInteger()

    /** How many signatures this store has made (how often the core called [sign]). */
    val signatures: Int get() = signed.get()

    /** How many keys it holds. */
    val size: Int get() = keys.size

    override fun kind(): String = kind

    override fun create(): CreatedDeviceKey = platform {
        val pair = KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()
        val handle = "jca-" + UUID.randomUUID()
        keys[handle] = pair
        CreatedDeviceKey(handle, pair.public.encoded)
    }

    override fun publicKey(handle: String): ByteArray = pair(handle).public.encoded

    override fun sign(handle: String, prehash: ByteArray): ByteArray {
        if (prehash.size != PREHASH_BYTES) throw VidiException.InvalidInput("a prehash is $PREHASH_BYTES bytes, not ${prehash.size}")
        val pair = pair(handle)
        return platform {
            val der = Signature.getInstance("NONEwithECDSA").run {
                initSign(pair.private)
                update(prehash)
                sign()
            }
            signed.incrementAndGet()
            EcdsaSignatures.derToRaw(der)
        }
    }

    override fun delete(handle: String) {
        keys.remove(handle)
    }

    private fun pair(handle: String): KeyPair = keys[handle] ?: throw VidiException.NotFound("no device key $handle")

    private inline fun <T> platform(block: () -> T): T = try {
        block()
    } catch (e: GeneralSecurityException) {
        throw VidiException.Other("device key store: ${e.javaClass.simpleName}")
    } catch (e: IllegalArgumentException) {
        throw VidiException.Other("device key store: ${e.message}")
    }

    companion object {
        const val KIND = "jvm-jca-p256"
        private const val PREHASH_BYTES = 32
    }
}

/** ECDSA P-256 signature encodings. */
object EcdsaSignatures {
    private const val SCALAR_BYTES = 32

    /** A DER `ECDSA-Sig-Value` (`SEQUENCE { r INTEGER, s INTEGER }`) as raw `r || s`, 32 bytes each. */
    fun derToRaw(der: ByteArray): ByteArray {
        var at = 0
        fun byte(): Int {
            require(at < der.size) { "truncated DER signature" }
            return der[at++].toInt() and 0xff
        }
        fun length(): Int {
            val first = byte()
            return when {
                first < 0x80 -> first
                first == 0x81 -> byte().also { require(it >= 0x80) { "non-minimal DER length" } }
                else -> throw IllegalArgumentException("unsupported DER length")
            }
        }
        fun integer(): ByteArray {
            require(byte() == 0x02) { "not a DER INTEGER" }
            val length = length()
            require(length in 1..SCALAR_BYTES + 1 && at + length <= der.size) { "bad INTEGER length $length" }
            val bytes = der.copyOfRange(at, at + length)
            at += length
            require(bytes[0] >= 0) { "negative INTEGER" }
            val magnitude = bytes.dropWhile { it == 0.toByte() }.toByteArray()
            require(magnitude.size <= SCALAR_BYTES) { "INTEGER longer than $SCALAR_BYTES bytes" }
            return ByteArray(SCALAR_BYTES - magnitude.size) + magnitude
        }
        require(byte() == 0x30) { "not a DER SEQUENCE" }
        require(length() == der.size - at) { "DER SEQUENCE length does not match" }
        val raw = integer() + integer()
        require(at == der.size) { "trailing bytes after the DER signature" }
        return raw
    }

    /** Raw `r || s` as DER, for `java.security.Signature.verify`. */
    fun rawToDer(raw: ByteArray): ByteArray {
        require(raw.size == 2 * SCALAR_BYTES) { "a raw signature is ${2 * SCALAR_BYTES} bytes" }
        fun integer(scalar: ByteArray): ByteArray {
            val trimmed = scalar.dropWhile { it == 0.toByte() }.toByteArray().let { if (it.isEmpty()) byteArrayOf(0) else it }
            val body = if (trimmed[0] < 0) byteArrayOf(0) + trimmed else trimmed
            return byteArrayOf(0x02, body.size.toByte()) + body
        }
        val body = integer(raw.copyOfRange(0, SCALAR_BYTES)) + integer(raw.copyOfRange(SCALAR_BYTES, 2 * SCALAR_BYTES))
        return byteArrayOf(0x30, body.size.toByte()) + body
    }
}
