package vn.vidi.domain

import kotlinx.coroutines.yield

/**
 * Virtual time: [sleep] moves the clock on at once (plus [oversleep], to act
 * out a device that dozed) and records how long each wait was.
 */
class FakeClock(var now: Long, var oversleep: Long = 0) : WallClock {
    val sleeps = mutableListOf<Long>()

    override fun nowMillis(): Long = now

    override suspend fun sleep(millis: Long) {
        require(millis > 0) { "asked to sleep $millis ms" }
        sleeps += millis
        now += millis + oversleep
        yield()
    }
}
