package vn.vidi.domain

import kotlinx.coroutines.delay

/**
 * Wall-clock time and waiting on it, so that time-driven logic (the QR
 * countdown) can run against the system clock in the app and in virtual time
 * in tests.
 */
interface WallClock {
    /** Milliseconds since the Unix epoch. */
    fun nowMillis(): Long

    /** Suspends for [millis] milliseconds of this clock's time. */
    suspend fun sleep(millis: Long)
}

/** The device's clock: [System.currentTimeMillis] and a cancellable [delay]. */
object SystemWallClock : WallClock {
    override fun nowMillis(): Long = System.currentTimeMillis()

    override suspend fun sleep(millis: Long) = delay(millis)
}
