package vn.vidi.domain.ui

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.domain.Language
import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** First run: PIN rules, the server URL check, the wallet made under the PIN provider. */
@Timeout(60)
class SetupModelTest {
    @Test
    fun `PIN rules refuse short, repeated, running and mismatched PINs`() {
        assertEquals(PinProblem.Length, SetupModel.pinProblem("12345", "12345"))
        assertEquals(PinProblem.Length, SetupModel.pinProblem("12a456", "12a456"))
        assertEquals(PinProblem.OneDigit, SetupModel.pinProblem("777777", "777777"))
        assertEquals(PinProblem.Run, SetupModel.pinProblem("123456", "123456"))
        assertEquals(PinProblem.Run, SetupModel.pinProblem("654321", "654321"))
        assertEquals(PinProblem.Run, SetupModel.pinProblem("789012", "789012"))
        assertEquals(PinProblem.Mismatch, SetupModel.pinProblem("246810", "246801"))
        assertNull(SetupModel.pinProblem("246810", "246810"))
        assertNull(SetupModel.pinProblem("112233", "112233"))
    }

    @Test
    fun `a refused PIN is worded and nothing is created`(@TempDir dir: Path) = runBlocking<Unit> {
        val platform = testPlatform(dir)
        val model = SetupModel(this, Language.Vietnamese, platform)
        model.setPin("123456")
        model.setPinConfirm("123456")
        model.finish()
        assertEquals("Mã PIN không được là dãy số liên tiếp như 123456 hay 654321.", model.state.value.pinError)
        model.setLanguage(Language.English)
        assertEquals("The PIN cannot be a run of digits such as 123456 or 654321.", model.state.value.pinError)
        assertFalse(model.state.value.busy)
        assertFalse(platform.walletExists())
    }

    @Test
    fun `a server URL the core refuses is shown by its field and nothing is created`(@TempDir dir: Path) = runBlocking<Unit> {
        val platform = testPlatform(dir)
        val model = SetupModel(this, Language.English, platform)
        assertEquals("http://localhost:8080", model.state.value.serverUrl, "the platform's default")
        model.setServerUrl("http://issuer.example")
        model.setPin(TEST_PIN)
        model.setPinConfirm(TEST_PIN)
        model.finish()
        val state = model.state.awaitState { !it.busy }
        assertTrue(state.serverUrlError!!.startsWith("This address is not valid"))
        assertFalse(state.done)
        assertEquals(TEST_PIN, state.pin.text, "the input is kept to correct the URL")
        assertFalse(platform.walletExists())
        assertNull(platform.settings.load().unlockMethod)
    }

    @Test
    fun `finish saves the settings and creates an unlocked wallet under the PIN provider`(@TempDir dir: Path) = runBlocking<Unit> {
        val platform = testPlatform(dir)
        val model = SetupModel(this, Language.English, platform) { wallet -> wallet.close() }
        model.setServerUrl(" http://10.0.2.2:8080/ ")
        model.setPin("24a6810")
        assertEquals(TEST_PIN, model.state.value.pin.text, "digits only")
        model.setPinConfirm(TEST_PIN)
        assertFalse(model.state.value.toString().contains(TEST_PIN), "a state never prints the PIN")
        model.finish()
        val state = model.state.awaitState { !it.busy }
        assertTrue(state.done, "${state.error}")
        assertEquals("http://10.0.2.2:8080", state.serverUrl, "normalised by the core")
        assertTrue(state.pin.isEmpty && state.pinConfirm.isEmpty, "cleared after use")
        assertTrue(Files.exists(Path.of(platform.walletPath)))
        val settings = platform.settings.load()
        assertEquals(UnlockMethod.Pin, settings.unlockMethod)
        assertEquals("http://10.0.2.2:8080", settings.serverUrl)
    }

    @Test
    fun `the wallet made at setup is sealed by the PIN over the keystore`(@TempDir dir: Path) = runBlocking<Unit> {
        val platform = testPlatform(dir)
        setUpWallet(platform).use { wallet ->
            assertTrue(wallet.isUnlocked())
            assertTrue(wallet.keyProviderKind().startsWith("pin+"), wallet.keyProviderKind())
        }
    }

    @Test
    fun `biometric is offered only where the phone has it`(@TempDir dir: Path) = runBlocking<Unit> {
        val without = SetupModel(this, Language.English, testPlatform(dir.resolve("a").also(Files::createDirectories)))
        without.setMethod(UnlockMethod.Biometric)
        assertEquals(UnlockMethod.Pin, without.state.value.method)
        assertFalse(without.state.value.biometricAvailable)

        val platform = testPlatform(dir.resolve("b").also(Files::createDirectories), biometric = true)
        setUpWallet(platform, method = UnlockMethod.Biometric).use { wallet ->
            assertEquals("jvm-keystore-aes-gcm", wallet.keyProviderKind(), "no PIN layer")
        }
        assertEquals(UnlockMethod.Biometric, platform.settings.load().unlockMethod)
    }
}
