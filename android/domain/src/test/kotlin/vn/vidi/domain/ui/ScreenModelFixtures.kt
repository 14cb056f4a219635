package vn.vidi.domain.ui

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import vn.vidi.domain.Language
import vn.vidi.domain.SystemWallClock
import vn.vidi.domain.VidiWallet
import vn.vidi.domain.WallClock
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicReference
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/** The app PIN the tests choose at first run. */
const val TEST_PIN = "246810"

/** Another valid PIN, typed by mistake. */
const val WRONG_PIN = "135792"

/** A JVM platform in [dir] with a cheap PIN scrypt. */
fun testPlatform(dir: Path, clock: WallClock = SystemWallClock, biometric: Boolean = false) =
    JvmPlatform(dir, biometricAvailable = biometric, clock = clock, pinWorkFactor = 2.toUByte())

/** Waits until the state satisfies [predicate] (the test class's timeout bounds it). */
suspend fun <S> StateFlow<S>.awaitState(predicate: (S) -> Boolean): S = first(predicate)

/** First run through [SetupModel] with [pin] (or biometric): the new, unlocked wallet. */
suspend fun CoroutineScope.setUpWallet(
    platform: AppPlatform,
    pin: String = TEST_PIN,
    method: UnlockMethod = UnlockMethod.Pin,
): VidiWallet {
    val created = AtomicReference<VidiWallet>()
    val setup = SetupModel(this, Language.English, platform) { created.set(it) }
    setup.setMethod(method)
    setup.setPin(pin)
    setup.setPinConfirm(pin)
    setup.finish()
    val done = setup.state.awaitState { !it.busy }
    assertTrue(done.done, "setup failed: ${done.error} ${done.serverUrlError} ${done.pinError}")
    return assertNotNull(created.get())
}
