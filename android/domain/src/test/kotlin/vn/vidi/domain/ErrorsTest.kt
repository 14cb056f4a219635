package vn.vidi.domain

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.ffi.VidiException
import java.net.InetAddress
import java.net.ServerSocket
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/** The core's errors arrive as the facade's typed exceptions. */
@Timeout(60)
class ErrorsTest {
    private fun wrong(pin: String) = if (pin == "000000") "111111" else "000000"

    @Test
    fun `a wrong PIN says how many tries are left, and the right one still works`(@TempDir dir: Path) = runBlocking<Unit> {
        ServerMock.start(dir.resolve("issuer")).use { server ->
            newWallet(dir).use { wallet ->
                val offer = server.offer(citizen = 0)
                val refused = assertFailsWith<WrongPinException> { wallet.issuance.accept(offer.uri, wrong(offer.pin)) }
                assertEquals(4, refused.triesLeft)
                assertFalse(offer.pin in refused.message.orEmpty(), "the reason never holds the PIN")
                assertIs<VidiException.WrongPin>(refused.cause)
                assertTrue(wallet.documents().isEmpty())

                assertEquals(3, wallet.issuance.accept(offer.uri, offer.pin).documents.size)
                assertFailsWith<OfferUsedException> { wallet.issuance.accept(offer.uri, offer.pin) }
                assertFailsWith<InvalidInputException> { wallet.issuance.accept("https://example.invalid/", null) }
            }
        }
    }

    @Test
    fun `too many wrong PINs burn the offer`(@TempDir dir: Path) = runBlocking<Unit> {
        ServerMock.start(dir.resolve("issuer")).use { server ->
            newWallet(dir).use { wallet ->
                val offer = server.offer(citizen = 1)
                val tries = mutableListOf<Int?>()
                val burned = assertFailsWith<OfferBurnedException> {
                    repeat(10) {
                        try {
                            wallet.issuance.accept(offer.uri, wrong(offer.pin))
                        } catch (e: WrongPinException) {
                            tries += e.triesLeft
                        }
                    }
                }
                assertEquals(listOf<Int?>(4, 3, 2, 1), tries)
                assertNotNull(burned.message)
                // Burned for good: not even the right PIN redeems it.
                assertFailsWith<OfferBurnedException> { wallet.issuance.accept(offer.uri, offer.pin) }
                assertTrue(wallet.documents().isEmpty())
            }
        }
    }

    @Test
    fun `a locked wallet refuses to read or show, and a key the platform holds back keeps it locked`(@TempDir dir: Path) =
        runBlocking<Unit> {
            val keys = KeyStoreKeyProvider.inMemory()
            newWallet(dir, keys).use { wallet ->
                val card = wallet.addSampleDocuments().first()
                wallet.present(card, "checkpoint-id")

                wallet.lock()
                assertFalse(wallet.isUnlocked())
                assertFailsWith<LockedException> { wallet.documents() }
                assertFailsWith<LockedException> { wallet.present(card, "checkpoint-id") }

                // The user has not authenticated: the keystore will not release the key.
                keys.released = false
                val locked = assertFailsWith<LockedException> { wallet.unlock() }
                assertTrue("authenticates" in locked.reason, locked.reason)
                assertFalse(wallet.isUnlocked())

                keys.released = true
                wallet.unlock()
                assertEquals(3, wallet.documents().size)
                assertFailsWith<InvalidInputException> { wallet.present(card, "no-such-preset") }
                assertFailsWith<NotFoundException> { wallet.document("no-such-document") }
            }
        }

    @Test
    fun `another keystore's key does not open the wallet`(@TempDir dir: Path) = runBlocking<Unit> {
        val path = dir.resolve("wallet.db").toString()
        VidiWallet.create(path, KeyStoreKeyProvider.inMemory(), JcaDeviceKeyStore()).close()
        VidiWallet.open(path, KeyStoreKeyProvider.inMemory(), JcaDeviceKeyStore()).use { wallet ->
            assertFailsWith<WrongKeyException> { wallet.unlock() }
            assertFalse(wallet.isUnlocked())
        }
        assertFailsWith<InvalidInputException> { VidiWallet.create(path, KeyStoreKeyProvider.inMemory()) }
        assertFailsWith<NotFoundException> { VidiWallet.open(dir.resolve("none.db").toString(), KeyStoreKeyProvider.inMemory()) }
    }

    @Test
    fun `a verifier without a cache, or without a network, says so`(@TempDir dir: Path) = runBlocking<Unit> {
        VidiVerifier(dir.resolve("verifier").toString()).use { verifier ->
            assertFailsWith<NotFoundException> { verifier.verify("VD1:") }
            // A loopback port nothing listens on any more.
            val port = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { it.localPort }
            val offline = assertFailsWith<NetworkException> { verifier.sync("http://127.0.0.1:$port") }
            val state = verifier.state.value
            assertEquals(offline, state.syncError)
            assertFalse(state.syncing || state.ready)
        }
    }
}
