package vn.vidi.domain

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.ffi.ActivityEvent
import java.nio.file.Path
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** One wallet and one verifier shared by many coroutines at once. */
@Timeout(60)
class ConcurrencyTest {
    @Test
    fun `eight coroutines present at once and every proof verifies`(@TempDir dir: Path) = runBlocking<Unit> {
        ServerMock.start(dir.resolve("issuer")).use { server ->
            val deviceKeys = JcaDeviceKeyStore()
            newWallet(dir, deviceKeys = deviceKeys).use { wallet ->
                val offer = server.offer(citizen = 6)
                // Two copies of each credential: presentations pick one at random.
                assertEquals(2u, wallet.issuance.accept(offer.uri, offer.pin, batchSize = 2).batchSize)
                val card = wallet.idCard()

                VidiVerifier(dir.resolve("verifier").toString()).use { verifier ->
                    verifier.sync(server.baseUrl)
                    val signedBefore = deviceKeys.signatures
                    val n = 8
                    // Released together, on eight threads.
                    val barrier = CyclicBarrier(n)
                    val verdicts = (1..n).map { i ->
                        async(Dispatchers.IO) {
                            barrier.await(10, TimeUnit.SECONDS)
                            val shown = if (i % 2 == 0) wallet.present(card, "checkpoint-id") else wallet.present(card, "age-18")
                            shown to verifier.verify(shown.payload)
                        }
                    }.awaitAll()

                    verdicts.forEach { (shown, verdict) -> assertTrue(verdict.valid, "${shown.kind}: ${verdict.reasonEn}") }
                    assertEquals(n, verdicts.map { it.first.payload }.toSet().size, "every proof is fresh")
                    assertEquals(setOf("national-id", "age-over-18"), verdicts.map { it.second.kind }.toSet())
                    assertEquals(signedBefore + n, deviceKeys.signatures)
                    assertEquals(n, wallet.activityLog(ActivityEvent.PRESENTED).size)
                    assertEquals(n, verifier.state.value.verified)
                }
            }
        }
    }
}
