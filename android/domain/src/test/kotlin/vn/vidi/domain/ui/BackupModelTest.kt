package vn.vidi.domain.ui

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.domain.Language
import vn.vidi.domain.ServerMock
import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** A backup on one phone, restored on another, re-bound there with a new offer from the real mock issuer. */
@Timeout(120)
class BackupModelTest {
    private val passphrase = "mật khẩu dài"

    @Test
    fun `backup, restore into a fresh wallet, then re-bind with a new offer`(@TempDir dir: Path) = runBlocking<Unit> {
        ServerMock.start(dir.resolve("issuer")).use { server ->
            val backupFile = dir.resolve("vidi-backup.age").toString()
            val first = testPlatform(dir.resolve("phone-a").also(Files::createDirectories))
            setUpWallet(first).use { wallet ->
                val offer = server.offer(citizen = 0)
                wallet.issuance.accept(offer.uri, offer.pin)
                val model = BackupModel(this, Language.English, wallet)

                model.setPassphrase("short")
                model.setPassphraseConfirm("short")
                model.backup(backupFile)
                assertEquals("The passphrase must be at least 8 characters.", model.state.value.error)
                model.setPassphrase(passphrase)
                model.setPassphraseConfirm("$passphrase!")
                model.backup(backupFile)
                assertEquals("The two passphrases do not match.", model.state.value.error)
                assertFalse(Files.exists(Path.of(backupFile)))

                model.setPassphraseConfirm(passphrase)
                assertFalse(model.state.value.toString().contains(passphrase))
                model.backup(backupFile)
                val saved = model.state.awaitState { !it.busy }
                assertNull(saved.error)
                assertEquals("Backup saved: $backupFile", saved.lastBackup)
                assertTrue(saved.passphrase.isEmpty && saved.passphraseConfirm.isEmpty, "cleared after use")
                assertTrue(Files.size(Path.of(backupFile)) > 0)
            }

            // A new phone: first run, then restore.
            val second = testPlatform(dir.resolve("phone-b").also(Files::createDirectories))
            setUpWallet(second).use { wallet ->
                val model = BackupModel(this, Language.English, wallet)
                model.restore(backupFile)
                assertEquals("Enter the backup's passphrase.", model.state.value.error)

                model.setPassphrase("not the passphrase")
                model.restore(backupFile)
                val refused = model.state.awaitState { !it.busy }
                assertEquals("Wrong passphrase for this backup.", refused.error)
                assertTrue(wallet.documents().isEmpty())

                model.setPassphrase(passphrase)
                model.restore(backupFile)
                val restored = model.state.awaitState { !it.busy }
                assertNull(restored.error)
                val report = restored.restoreReport!!
                assertTrue("Documents added: 3" in report, "$report")
                assertTrue("Documents to re-bind: 3" in report, "$report")
                assertEquals(3, restored.needsRebinding.size)
                assertTrue(restored.needsRebinding.all { it.holder == "Nguyễn Thị Thanh Hương" })

                model.setLanguage(Language.Vietnamese)
                assertTrue("Giấy tờ cần liên kết lại: 3" in model.state.value.restoreReport!!)
                assertTrue(model.state.value.needsRebinding.any { it.name == "Thẻ căn cước" }, "${model.state.value.needsRebinding}")

                // The issuer sends a re-issue offer; the offer screen re-binds.
                val offer = server.offer(citizen = 0)
                val rebind = OfferModel(this, Language.English, wallet)
                rebind.fromPaste(offer.uri)
                rebind.setPin(offer.pin)
                rebind.submit()
                val done = rebind.state.awaitState { !it.busy }
                assertNull(done.error)
                assertTrue(done.rebinding)
                assertTrue("Documents re-bound: 3" in done.result!!, "${done.result}")
                assertTrue(wallet.documents().none { it.needsRebinding })

                model.refresh()
                model.state.awaitState { it.needsRebinding.isEmpty() }
            }
        }
    }
}
