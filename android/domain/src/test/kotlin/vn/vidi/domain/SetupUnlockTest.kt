package vn.vidi.domain

import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.app.Event
import vn.vidi.app.Language
import vn.vidi.app.ScreenView
import vn.vidi.app.SetupEvent
import vn.vidi.app.UnlockEvent
import vn.vidi.app.UnlockMethod
import vn.vidi.app.ViewModel
import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** The right PIN for the tests' wallets (no run, no repeated digit). */
const val PIN = "135790"

/** The first screens through the generated bindings, as the Android shell drives them: events in, view models out. */
@Timeout(120)
class SetupUnlockTest {
    @Test
    fun `first run makes the wallet, then a wrong PIN says the tries left and the right one unlocks`(@TempDir dir: Path) {
        Phone(dir, serverUrl = "http://localhost:8080").use { phone ->
            val start = phone.sendAndAwait(Event.Start, "the first-run screen") { it.screen is ScreenView.Setup }
            val setup = (start.screen as ScreenView.Setup).view
            assertEquals(Language.ENGLISH, start.language)
            assertEquals("http://localhost:8080", setup.serverUrl)
            assertEquals(6u, setup.pinLength)
            assertFalse(setup.biometricAvailable)
            assertNotNull(setup.biometricNote)
            assertFalse(start.platform.secureDisplay, "first run shows nothing secret")

            // The PIN rules are the core's, worded by it.
            val weak = phone.sendAndAwait(finish("123456", "123456"), "a PIN error") { setupOf(it)?.pinError != null }
            assertTrue(setupOf(weak)!!.pinError!!.contains("run of digits"), setupOf(weak)!!.pinError)
            assertFalse(Files.exists(dir.resolve("wallet.db")))

            val documents = phone.sendAndAwait(finish(PIN, PIN), "the documents") { it.screen is ScreenView.Documents }
            assertTrue(documents.platform.secureDisplay)
            assertNotNull(documents.autoLock, "an unlocked wallet locks by itself")
            assertTrue(documents.header.menu.isNotEmpty())

            val locked = phone.sendAndAwait(Event.Lock, "the unlock screen, ready") { unlockOf(it)?.busy == false }
            assertNull(locked.autoLock)
            assertEquals(UnlockMethod.PIN, unlockOf(locked)!!.method)
            assertTrue(unlockOf(locked)!!.canSubmit)

            val wrong = phone.sendAndAwait(submit("000000"), "a wrong PIN counted") { unlockOf(it)?.attemptsLeft != null }
            val unlock = unlockOf(wrong)!!
            assertEquals("Wrong PIN. 4 tries left before a wait.", unlock.error)
            assertEquals("4 tries left before a wait.", unlock.attemptsLeft)
            assertEquals(0u, unlock.waitSeconds)

            phone.sendAndAwait(submit(PIN), "the documents again") { it.screen is ScreenView.Documents }

            // The language follows the phone's, every word re-worded by the core.
            val vietnamese = phone.sendAndAwait(Event.SetLanguage(Language.VIETNAMESE), "Vietnamese") { it.language == Language.VIETNAMESE }
            assertTrue(vietnamese.screen is ScreenView.Documents)
            assertEquals("Mở ví", phone.sendAndAwait(Event.Lock, "the unlock screen") { unlockOf(it) != null }.header.title)
        }
    }

    @Test
    fun `the lock-out after five wrong PINs survives a new AppCore on the same folder`(@TempDir dir: Path) {
        Phone(dir).use { phone ->
            phone.sendAndAwait(Event.Start, "the first-run screen") { it.screen is ScreenView.Setup }
            phone.sendAndAwait(finish(PIN, PIN), "the documents") { it.screen is ScreenView.Documents }
        }

        // The app restarted: a new core on the same folder and keystore file.
        Phone(dir).use { phone ->
            phone.sendAndAwait(Event.Start, "the unlock screen, ready") { unlockOf(it)?.busy == false }
            for (attempt in 1..4) {
                phone.sendAndAwait(submit("000000"), "wrong PIN $attempt counted") { view ->
                    unlockOf(view)?.let { !it.busy && it.attemptsLeft == "${5 - attempt} tries left before a wait." } == true
                }
            }
            val waiting = unlockOf(phone.sendAndAwait(submit("000000"), "the wait") { unlockOf(it)?.let { u -> !u.busy && u.waitSeconds > 0u } == true })!!
            assertTrue(waiting.waitSeconds in 25u..30u, "${waiting.waitSeconds}")
            assertFalse(waiting.canSubmit)
            assertTrue(waiting.wait!!.startsWith("Try again in "), waiting.wait)
            assertTrue(waiting.error!!.startsWith("Too many wrong PINs."), waiting.error)
            assertEquals(1000u, phone.shell.last.platform.tickMs, "the countdown ticks")
        }

        // Restarted again during the wait: it is still there, sealed in the wallet file.
        Phone(dir).use { phone ->
            val view = phone.sendAndAwait(Event.Start, "the unlock screen, read from the file") { unlockOf(it)?.busy == false }
            val unlock = unlockOf(view)!!
            assertTrue(unlock.waitSeconds in 20u..30u, "${unlock.waitSeconds}")
            assertFalse(unlock.canSubmit)
            // Even the right PIN is not tried during the wait.
            val before = phone.send(submit(PIN))
            phone.shell.await("a render after the submit", before) { true }
            Thread.sleep(300)
            assertTrue(phone.shell.last.screen is ScreenView.Unlock)
            assertTrue(unlockOf(phone.shell.last)!!.waitSeconds > 0u)
            // A tick re-draws the countdown.
            phone.sendAndAwait(Event.Tick, "a tick's render") { unlockOf(it) != null }
        }
    }

    private fun finish(pin: String, confirm: String) = Event.Setup(SetupEvent.Finish(pin, confirm))

    private fun submit(pin: String) = Event.Unlock(UnlockEvent.Submit(pin))
}

/** The first-run screen's view, when it is shown. */
fun setupOf(view: ViewModel) = (view.screen as? ScreenView.Setup)?.view

/** The unlock screen's view, when it is shown. */
fun unlockOf(view: ViewModel) = (view.screen as? ScreenView.Unlock)?.view
