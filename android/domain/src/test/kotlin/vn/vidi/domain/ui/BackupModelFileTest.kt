package vn.vidi.domain.ui

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.domain.Language
import vn.vidi.domain.newWallet
import java.io.FileNotFoundException
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Backups through a temporary copy, as the Android app makes them with the
 * Storage Access Framework: the user's file is elsewhere ([userFile]), the
 * core writes and reads a temporary file, and the copy goes away afterwards.
 */
@Timeout(120)
class BackupModelFileTest {
    private val passphrase = "mật khẩu dài"

    /** A temporary copy at [temp] of the user's file [userFile]; copies fail when told to. */
    private class CopiedFile(val temp: Path, val userFile: Path, val failing: Boolean = false) : BackupFile {
        var discarded = 0
        override val path: String get() = temp.toString()
        override val name: String get() = userFile.fileName.toString()

        override suspend fun save() {
            if (failing) throw IOException("no room")
            Files.copy(temp, userFile)
        }

        override suspend fun load() {
            if (failing) throw FileNotFoundException("gone")
            Files.copy(userFile, temp)
        }

        override fun discard() {
            discarded++
            Files.deleteIfExists(temp)
        }
    }

    @Test
    fun `the suggested name is dated`() {
        assertEquals("vidi-backup-2025-01-31.age", BackupFile.suggestedName(java.time.LocalDate.of(2025, 1, 31)))
        assertEquals("/tmp/x.age", BackupFile.at("/tmp/x.age").name)
    }

    @Test
    fun `a backup is copied out and a restore copied in, the temporary copy discarded every time`(@TempDir dir: Path) = runBlocking<Unit> {
        val cache = Files.createDirectories(dir.resolve("cache"))
        val chosen = Files.createDirectories(dir.resolve("chosen")).resolve("vidi-backup-2025-01-01.age")
        newWallet(dir).use { wallet ->
            wallet.addSampleDocuments()
            val model = BackupModel(this, Language.English, wallet)

            // A passphrase that cannot make a backup is refused before a file is chosen.
            model.setPassphrase("short")
            model.setPassphraseConfirm("short")
            assertFalse(model.checkBackup())
            assertEquals("The passphrase must be at least 8 characters.", model.state.value.error)
            val refused = CopiedFile(cache.resolve("refused"), chosen)
            model.backup(refused)
            assertEquals(1, refused.discarded)
            assertFalse(Files.exists(chosen))

            model.setPassphrase(passphrase)
            model.setPassphraseConfirm(passphrase)
            assertTrue(model.checkBackup())
            assertNull(model.state.value.error)
            val saving = CopiedFile(cache.resolve("out"), chosen)
            model.backup(saving)
            val saved = model.state.awaitState { !it.busy }
            assertNull(saved.error)
            assertEquals("Backup saved: vidi-backup-2025-01-01.age", saved.lastBackup, "named as the user knows it")
            assertTrue(Files.size(chosen) > 0)
            assertEquals(1, saving.discarded)
            assertFalse(Files.exists(saving.temp))

            // Saving where the user chose fails: said in words, in either language; nothing left behind.
            model.setPassphrase(passphrase)
            model.setPassphraseConfirm(passphrase)
            val full = CopiedFile(cache.resolve("full"), dir.resolve("elsewhere.age"), failing = true)
            model.backup(full)
            val notSaved = model.state.awaitState { !it.busy }
            assertEquals(Str.BACKUPFILE_SAVE_FAILED.text(Language.English), notSaved.error)
            assertEquals(1, full.discarded)
            assertFalse(Files.exists(full.temp), "the core's file was written, then discarded")
            model.setLanguage(Language.Vietnamese)
            assertEquals("Không lưu được tệp sao lưu vào nơi bạn đã chọn. Hãy thử lại hoặc chọn nơi khác.", model.state.value.error)
            model.setLanguage(Language.English)

            // A restore with no passphrase is refused before a file is chosen, and discards a copy at once.
            assertFalse(model.checkRestore())
            assertEquals("Enter the backup's passphrase.", model.state.value.error)
            val early = CopiedFile(cache.resolve("early"), chosen)
            model.restore(early)
            assertEquals("Enter the backup's passphrase.", model.state.value.error)
            assertEquals(1, early.discarded)

            // The chosen file cannot be opened.
            model.setPassphrase(passphrase)
            assertTrue(model.checkRestore())
            val gone = CopiedFile(cache.resolve("gone"), chosen, failing = true)
            model.restore(gone)
            assertEquals(Str.BACKUPFILE_OPEN_FAILED.text(Language.English), model.state.awaitState { !it.busy }.error)
            assertEquals(1, gone.discarded)

            // Restored from the copy: the wallet already holds it all.
            model.setPassphrase(passphrase)
            val reading = CopiedFile(cache.resolve("in"), chosen)
            model.restore(reading)
            val restored = model.state.awaitState { !it.busy }
            assertNull(restored.error)
            assertTrue(restored.restoreReport!!.any { it.startsWith("Already in the wallet, unchanged: ") }, "${restored.restoreReport}")
            assertEquals(1, reading.discarded)
            assertFalse(Files.exists(reading.temp))
            assertTrue(Files.exists(chosen), "the user's file is kept")
        }
    }
}
