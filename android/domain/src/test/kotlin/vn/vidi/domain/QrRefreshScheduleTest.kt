package vn.vidi.domain

import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

class QrRefreshScheduleTest {
    // As the core makes them: refresh 15 s and expiry 60 s after the code was made.
    private val made = 1_750_000_000_000L
    private val usual = QrRefreshSchedule(madeAt = made, refreshAt = made + 15_000, expiresAt = made + 60_000)

    @Test
    fun `counts down every second from 15 to 1, then refreshes at refresh_at`() = runBlocking {
        val clock = FakeClock(now = made)
        val ticks = usual.ticks(clock).toList()

        val expected = (15 downTo 1).map { QrTick.Countdown(it, it + 45) } + QrTick.Refresh
        assertEquals(expected, ticks)
        assertEquals(List(15) { 1_000L }, clock.sleeps)
        assertEquals(made + 15_000, clock.now)
    }

    @Test
    fun `a screen opened mid-second rounds up, then waits for the next whole second`() = runBlocking {
        val clock = FakeClock(now = made + 2_300)
        val ticks = usual.ticks(clock).toList()

        assertEquals(QrTick.Countdown(secondsToRefresh = 13, secondsToExpiry = 58), ticks.first())
        assertEquals(QrTick.Countdown(secondsToRefresh = 12, secondsToExpiry = 57), ticks[1])
        assertEquals(QrTick.Refresh, ticks.last())
        assertEquals(listOf(700L) + List(12) { 1_000L }, clock.sleeps)
    }

    @Test
    fun `a credential ending before the refresh makes the code expire instead`() = runBlocking {
        val schedule = QrRefreshSchedule(madeAt = made, refreshAt = made + 15_000, expiresAt = made + 4_500)
        val clock = FakeClock(now = made)
        val ticks = schedule.ticks(clock).toList()

        // Counting down to the expiry, which comes first; the expiry is 4.5 s away at the start.
        assertEquals(
            listOf(
                QrTick.Countdown(5, 5),
                QrTick.Countdown(4, 4),
                QrTick.Countdown(3, 3),
                QrTick.Countdown(2, 2),
                QrTick.Countdown(1, 1),
                QrTick.Expired,
            ),
            ticks,
        )
        assertEquals(made + 4_500, clock.now)
    }

    @Test
    fun `a device that slept through the countdown refreshes at once, without the missed seconds`() = runBlocking {
        val clock = FakeClock(now = made, oversleep = 30_000)
        val ticks = usual.ticks(clock).toList()

        assertEquals(listOf(QrTick.Countdown(15, 60), QrTick.Refresh), ticks)
    }

    @Test
    fun `a code already past its refresh time only asks for a new one`() = runBlocking {
        val clock = FakeClock(now = made + 20_000)
        assertEquals(listOf<QrTick>(QrTick.Refresh), usual.ticks(clock).toList())
        assertEquals(emptyList(), clock.sleeps)
    }

    @Test
    fun `a clock set back mid-countdown counts from the new time`() = runBlocking {
        val clock = FakeClock(now = made + 10_000)
        val ticks = usual.ticks(clock)
            .onEach { if (it == QrTick.Countdown(3, 48)) clock.now -= 5_000 } // the user corrects the time
            .take(5)
            .toList()

        val counts = ticks.map { (it as QrTick.Countdown).secondsToRefresh }
        assertEquals(listOf(5, 4, 3, 7, 6), counts)
    }

    @Test
    fun `the system clock drives the same countdown in real time`() = runBlocking {
        val now = System.currentTimeMillis()
        val schedule = QrRefreshSchedule(madeAt = now, refreshAt = now + 300, expiresAt = now + 60_000)
        val started = System.nanoTime()
        val ticks = schedule.ticks().toList()
        val tookMillis = (System.nanoTime() - started) / 1_000_000

        assertEquals(QrTick.Refresh, ticks.last())
        assertEquals(1, (ticks.first() as QrTick.Countdown).secondsToRefresh)
        assertTrue(tookMillis in 250..5_000, "took $tookMillis ms")
    }

    @Test
    fun `times out of order are refused`() {
        assertFailsWith<IllegalArgumentException> { QrRefreshSchedule(madeAt = made, refreshAt = made - 1, expiresAt = made + 60_000) }
        assertFailsWith<IllegalArgumentException> { QrRefreshSchedule(madeAt = made, refreshAt = made + 15_000, expiresAt = made - 1) }
    }
}
