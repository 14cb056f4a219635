package vn.vidi.domain.ui

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.domain.FakeClock
import vn.vidi.domain.Language
import vn.vidi.domain.VidiWallet
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicReference
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Unlocking a wallet made at setup under the PIN provider: wrong PINs are
 * the core's `WrongKey`, counted and persisted; the waits run on a
 * virtual clock.
 */
@Timeout(120)
class UnlockModelTest {
    private val start = 1_750_000_000_000L

    /** Types [pin], submits and waits for the answer. */
    private suspend fun UnlockModel.tryPin(pin: String): UnlockState {
        setPin(pin)
        submit()
        return state.awaitState { !it.busy }
    }

    @Test
    fun `a wrong PIN says how many tries are left, the right one unlocks and resets the count`(@TempDir dir: Path) = runBlocking<Unit> {
        val platform = testPlatform(dir, FakeClock(start))
        setUpWallet(platform).close()
        val opened = AtomicReference<VidiWallet>()
        val model = UnlockModel(this, Language.English, platform) { opened.set(it) }
        assertEquals(UnlockMethod.Pin, model.state.value.method)

        val wrong = model.tryPin(WRONG_PIN)
        assertEquals("Wrong PIN. 4 tries left before a wait.", wrong.error)
        assertEquals(4, wrong.attemptsLeft)
        assertFalse(wrong.unlocked)
        assertTrue(wrong.pin.isEmpty, "cleared after use")
        assertEquals(1, platform.settings.load().failedUnlocks)
        assertNull(opened.get())

        model.setLanguage(Language.Vietnamese)
        model.setPin("12")
        model.submit()
        assertEquals("Hãy nhập đủ 6 chữ số.", model.state.value.error)

        val right = model.tryPin(TEST_PIN)
        assertTrue(right.unlocked, "${right.error}")
        assertNull(right.error)
        opened.get().use { wallet -> assertTrue(wallet.isUnlocked()) }
        assertEquals(AppSettings(serverUrl = "http://localhost:8080", unlockMethod = UnlockMethod.Pin), platform.settings.load())
    }

    @Test
    fun `five wrong PINs cost 30 s, the next 60 s, and a restart keeps the wait`(@TempDir dir: Path) = runBlocking<Unit> {
        val clock = FakeClock(start)
        val platform = testPlatform(dir, clock)
        setUpWallet(platform).close()
        val model = UnlockModel(this, Language.English, platform)
        repeat(4) { model.tryPin(WRONG_PIN) }
        val fifth = model.tryPin(WRONG_PIN)
        assertEquals("Too many wrong PINs. Try again in 30 seconds.", fifth.error)
        assertEquals(start + 30_000, platform.settings.load().lockedUntilMillis, "saved before the screen heard")
        assertEquals(5, platform.settings.load().failedUnlocks)

        // The app is closed and opened again during the wait: a new model, the same settings.
        val restarted = UnlockModel(this, Language.English, testPlatform(dir, clock))
        assertTrue(restarted.state.value.waitSeconds in 1..30, "${restarted.state.value.waitSeconds}")

        // The countdown runs out on the virtual clock, a second at a time.
        model.state.awaitState { it.waitSeconds == 0 }
        restarted.state.awaitState { it.waitSeconds == 0 }
        assertTrue(clock.now >= start + 30_000)
        assertTrue(clock.sleeps.all { it in 1..1_000 }, "${clock.sleeps}")

        val sixth = model.tryPin(WRONG_PIN)
        assertEquals("Too many wrong PINs. Try again in 60 seconds.", sixth.error)
        assertEquals(6, platform.settings.load().failedUnlocks)
        val waitEnds = platform.settings.load().lockedUntilMillis
        assertEquals(60_000, waitEnds - clock.now)
        assertTrue(model.state.value.waitSeconds > 0)

        // During a wait even the right PIN is not tried.
        model.setPin(TEST_PIN)
        model.submit()
        assertFalse(model.state.value.busy)
        assertFalse(model.state.value.unlocked)
        assertEquals(6, platform.settings.load().failedUnlocks)

        model.state.awaitState { it.waitSeconds == 0 }
        val right = model.tryPin(TEST_PIN)
        assertTrue(right.unlocked, "${right.error}")
        assertEquals(0, platform.settings.load().failedUnlocks)
        assertEquals(0, platform.settings.load().lockedUntilMillis)
    }

    @Test
    fun `the waits double from 30 s and stop growing`() {
        assertNull(UnlockModel.waitMillis(4))
        assertEquals(listOf(30_000L, 60_000L, 120_000L, 240_000L), (5..8).map { UnlockModel.waitMillis(it) })
        assertEquals(UnlockModel.MAX_WAIT_MILLIS, UnlockModel.waitMillis(40))
        assertEquals(listOf(5, 4, 1, 1), listOf(0, 1, 4, 9).map(UnlockModel::attemptsLeft))
    }

    @Test
    fun `biometric unlock opens when the keystore releases the key, and a dismissed prompt is worded`(@TempDir dir: Path) = runBlocking<Unit> {
        val platform = testPlatform(dir, FakeClock(start), biometric = true)
        setUpWallet(platform, method = UnlockMethod.Biometric).close()
        val opened = AtomicReference<VidiWallet>()
        val model = UnlockModel(this, Language.Vietnamese, platform) { opened.set(it) }
        assertEquals(UnlockMethod.Biometric, model.state.value.method)

        model.biometricFailed(cancelled = true)
        assertEquals("Đã huỷ xác thực. Chạm để thử lại.", model.state.value.error)

        platform.biometricReleased = false
        model.biometricSucceeded()
        val refused = model.state.awaitState { !it.busy }
        assertFalse(refused.unlocked)
        assertEquals("Ví đang khoá. Hãy mở khoá rồi thử lại.", refused.error)
        assertEquals(0, platform.settings.load().failedUnlocks, "the phone counts biometric failures, not the app")

        platform.biometricReleased = true
        model.biometricSucceeded()
        assertTrue(model.state.awaitState { !it.busy }.unlocked)
        assertNotNull(opened.get()).use { assertTrue(it.isUnlocked()) }
    }
}
