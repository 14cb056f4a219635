package vn.vidi.domain.ui

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.domain.Language
import vn.vidi.domain.LockedException
import vn.vidi.domain.VidiWallet
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue

/** Navigation over a real wallet: first run, the back stack, a deep link kept while locked, modes, locking. */
@Timeout(60)
class AppModelTest {
    private val link = "openid-credential-offer://?credential_offer_uri=http%3A%2F%2F127.0.0.1%3A9%2Foffers%2Fx"

    @Test
    fun `first run, back stack, mode switch, lock, then a deep link waits for the unlock`(@TempDir dir: Path) = runBlocking<Unit> {
        val platform = testPlatform(dir)
        val app = AppModel(this, Language.Vietnamese, platform)
        app.start()
        assertEquals(Route.Setup, app.state.value.route)

        val setup = app.setupModel(this)
        setup.setPin(TEST_PIN)
        setup.setPinConfirm(TEST_PIN)
        setup.finish()
        app.state.awaitState { it.route == Route.Documents }
        val wallet: VidiWallet = assertNotNull(app.wallet)
        assertTrue(wallet.isUnlocked())

        app.navigate(Route.DocumentDetail("doc-1"))
        app.navigate(Route.ShowQr("doc-1"))
        assertEquals(listOf(Route.Documents, Route.DocumentDetail("doc-1"), Route.ShowQr("doc-1")), app.state.value.stack)
        assertTrue(app.back())
        assertTrue(app.back())
        assertFalse(app.back(), "false at the root")
        assertEquals(Route.Documents, app.state.value.route)

        app.switchMode()
        assertEquals(AppMode.Verifier, app.state.value.mode)
        assertEquals(listOf<Route>(Route.Verifier), app.state.value.stack)
        app.switchMode()
        assertEquals(AppMode.Citizen, app.state.value.mode)
        assertEquals(Route.Documents, app.state.value.route, "still unlocked")

        app.lock().join()
        assertNull(app.wallet)
        assertEquals(listOf<Route>(Route.Unlock), app.state.value.stack)
        assertFailsWith<LockedException> { VidiWallet.open(platform.walletPath, platform.keyProvider(UnlockMethod.Pin, TEST_PIN)).use { it.documents() } }

        // A restart: the wallet file exists, so the app opens on the unlock screen.
        val restarted = AppModel(this, Language.English, platform)
        restarted.start()
        assertEquals(Route.Unlock, restarted.state.value.route)

        // An offer link opened while locked waits for the unlock.
        restarted.openLink(link)
        assertTrue(restarted.state.value.offerWaiting)
        assertEquals(Route.Unlock, restarted.state.value.route)
        val unlock = restarted.unlockModel(this)
        unlock.setPin(TEST_PIN)
        unlock.submit()
        restarted.state.awaitState { it.route is Route.AcceptOffer }
        assertEquals(listOf(Route.Documents, Route.AcceptOffer(link)), restarted.state.value.stack)
        assertFalse(restarted.state.value.offerWaiting)
        assertTrue(assertNotNull(restarted.wallet).isUnlocked())

        // While unlocked, a link opens at once on top of the documents.
        restarted.back()
        restarted.openLink(link)
        assertEquals(listOf(Route.Documents, Route.AcceptOffer(link)), restarted.state.value.stack)

        // The verifier mode needs no wallet; back from it while locked is the unlock screen.
        restarted.lock().join()
        restarted.switchMode()
        assertEquals(Route.Verifier, restarted.state.value.route)
        restarted.switchMode()
        assertEquals(Route.Unlock, restarted.state.value.route)

        restarted.setLanguage(Language.Vietnamese)
        assertSame(Language.Vietnamese, restarted.state.value.language)
    }
}
