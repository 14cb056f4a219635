package vn.vidi.domain

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/** What the QR screen shows at a given moment. */
sealed interface QrTick {
    /**
     * The code on screen is current: a new one is drawn in [secondsToRefresh]
     * seconds, and verifiers accept this one for [secondsToExpiry] more
     * seconds. Both are rounded up, so a countdown never shows 0 while the
     * code is still in use.
     */
    data class Countdown(val secondsToRefresh: Int, val secondsToExpiry: Int) : QrTick

    /** The refresh time is reached: draw a new code (the flow ends here). */
    data object Refresh : QrTick

    /**
     * The code expired before its refresh time, because the credential it was
     * made from ends first: stop showing it (the flow ends here).
     */
    data object Expired : QrTick
}

/**
 * When a QR code on screen is replaced: the times the core gives with every
 * presentation (`made_at`, `refresh_at`, `expires_at`), as epoch milliseconds.
 * Normally the refresh comes 15 s after the code was made and its expiry 60 s
 * after; `expiresAt` is earlier when the credential itself ends sooner.
 */
data class QrRefreshSchedule(val madeAt: Long, val refreshAt: Long, val expiresAt: Long) {
    init {
        require(refreshAt >= madeAt) { "refreshAt ($refreshAt) is before madeAt ($madeAt)" }
        require(expiresAt >= madeAt) { "expiresAt ($expiresAt) is before madeAt ($madeAt)" }
    }

    /** The same schedule [millis] later (earlier when negative). */
    fun shiftedBy(millis: Long): QrRefreshSchedule =
        QrRefreshSchedule(madeAt + millis, refreshAt + millis, expiresAt + millis)

    /** The moment the code leaves the screen: its refresh, or its expiry if sooner. */
    private val end: Long = minOf(refreshAt, expiresAt)

    /**
     * The countdown as a cold flow: a [QrTick.Countdown] at once and then
     * whenever the whole seconds to the refresh change, ending with
     * [QrTick.Refresh] at [refreshAt] (or [QrTick.Expired] at [expiresAt] if
     * that comes first). The clock is read again after every wait, so a
     * device that slept through the countdown, or a clock that jumped, gets
     * the right tick straight away rather than the seconds it missed.
     */
    fun ticks(clock: WallClock = SystemWallClock): Flow<QrTick> = flow {
        while (true) {
            val now = clock.nowMillis()
            val left = end - now
            if (left <= 0) {
                emit(if (expiresAt <= refreshAt) QrTick.Expired else QrTick.Refresh)
                return@flow
            }
            emit(QrTick.Countdown(secondsUpTo(left), secondsUpTo(expiresAt - now)))
            // Wake when the rounded-up seconds next change: 14.5 s left waits 0.5 s.
            clock.sleep((left - 1) % MILLIS_PER_SECOND + 1)
        }
    }

    private companion object {
        const val MILLIS_PER_SECOND = 1000L

        fun secondsUpTo(millis: Long): Int = ((millis + MILLIS_PER_SECOND - 1) / MILLIS_PER_SECOND).toInt()
    }
}
