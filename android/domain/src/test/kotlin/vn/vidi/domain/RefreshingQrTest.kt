package vn.vidi.domain

import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.ffi.ActivityEvent
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue

/** The QR screen's flow: countdown frames, and a new presentation at each refresh. */
@Timeout(30)
class RefreshingQrTest {
    @Test
    fun `a new code is made at the refresh, on a virtual clock`(@TempDir dir: Path) = runBlocking<Unit> {
        val deviceKeys = JcaDeviceKeyStore()
        newWallet(dir, deviceKeys = deviceKeys).use { wallet ->
            val card = wallet.addSampleDocuments().first()
            // A virtual clock far from the system's: each code's countdown is moved onto it.
            val clock = FakeClock(now = 1_750_000_000_000L)
            val frames = wallet.refreshingQr(card, "checkpoint-id", clock).take(15 + 1 + 2).toList()

            val first = frames.first().presentation
            val countdown = (15 downTo 1).map { QrTick.Countdown(it, it + 45) }
            assertEquals(countdown + QrTick.Refresh, frames.take(16).map { it.tick })
            assertTrue(frames.take(16).all { it.presentation == first })

            val second = frames[16].presentation
            assertNotEquals(first.payload, second.payload, "the refresh made a new code")
            assertEquals(listOf(QrTick.Countdown(15, 60), QrTick.Countdown(14, 59)), frames.drop(16).map { it.tick })
            assertTrue(!second.madeAt.isBefore(first.madeAt))
            assertEquals(2, deviceKeys.signatures)
            assertEquals(2, wallet.activityLog(ActivityEvent.PRESENTED).size)
            assertEquals(1_750_000_000_000L + 15_000 + 1_000, clock.now)
        }
    }

    @Test
    fun `on the system clock the countdown starts from the core's times`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            val card = wallet.addSampleDocuments().first()
            val clock = FakeClock(now = System.currentTimeMillis())
            val frame = wallet.refreshingQr(card, "age-18", clock).first()
            // made_at is in whole seconds, so up to a second of the 15 has gone.
            val tick = frame.tick as QrTick.Countdown
            assertTrue(tick.secondsToRefresh in 14..15, "$tick")
            assertEquals("age-over-18", frame.presentation.kind)
        }
    }

    @Test
    fun `a locked wallet ends the flow with the error`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            val card = wallet.addSampleDocuments().first()
            wallet.lock()
            assertFailsWith<LockedException> { wallet.refreshingQr(card, "checkpoint-id", FakeClock(now = 0)).first() }
        }
    }
}
