package vn.vidi.domain

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.ffi.IssuanceStep
import java.net.URLEncoder
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.test.fail

/** Cancelling the coroutine of an issuance cancels the core's work and stores nothing. */
@Timeout(60)
class CancellationTest {
    @Test
    fun `an issuance stuck on a silent server stops when its coroutine is cancelled`(@TempDir dir: Path) = runBlocking<Unit> {
        BlackHole().use { blackHole ->
            ServerMock.start(dir.resolve("issuer")).use { server ->
                newWallet(dir).use { wallet ->
                    // An offer by reference whose server accepts the connection and never answers.
                    val link = "openid-credential-offer://?credential_offer_uri=" +
                        URLEncoder.encode("${blackHole.url}/offers/slow", Charsets.UTF_8)
                    val issuing = launch(Dispatchers.Default) {
                        wallet.issuance.accept(link, "123456")
                        fail("the issuance finished against a server that never answers")
                    }
                    withContext(Dispatchers.IO) { blackHole.accepted.get(20, TimeUnit.SECONDS) }
                    delay(300)
                    assertTrue(issuing.isActive, "still waiting for an answer")

                    val started = System.nanoTime()
                    issuing.cancelAndJoin()
                    // The wallet's lock is released: its calls do not wait for a dead issuance.
                    assertTrue(wallet.documents().isEmpty())
                    val tookMillis = (System.nanoTime() - started) / 1_000_000
                    assertTrue(tookMillis < 2_000, "cancelling took $tookMillis ms")

                    // The same wallet takes a real offer afterwards.
                    val offer = server.offer(citizen = 0)
                    assertEquals(3, wallet.issuance.accept(offer.uri, offer.pin).documents.size)
                    assertEquals(3, wallet.documents().size)
                }
            }
        }
    }

    @Test
    fun `an issuance cancelled as soon as it starts leaves no documents`(@TempDir dir: Path) = runBlocking<Unit> {
        ServerMock.start(dir.resolve("issuer")).use { server ->
            newWallet(dir).use { wallet ->
                val offer = server.offer(citizen = 5)
                val started = CompletableDeferred<IssuanceStep>()
                val issuing = async(Dispatchers.IO) {
                    wallet.issuance.accept(offer.uri, offer.pin, onStep = { started.complete(it) })
                }
                // Cancelled at its first step, while the core works on it.
                assertEquals(IssuanceStep.ReadingOffer, started.await())
                issuing.cancelAndJoin()
                assertTrue(issuing.isCancelled)
                assertTrue(wallet.documents().isEmpty())

                // The offer is still good, unless the core got past the token step before the cancel reached it.
                try {
                    val report = wallet.issuance.accept(offer.uri, offer.pin)
                    assertEquals(report.documents.size, wallet.documents().size)
                } catch (_: OfferUsedException) {
                    assertTrue(wallet.documents().isEmpty())
                }
            }
        }
    }
}
