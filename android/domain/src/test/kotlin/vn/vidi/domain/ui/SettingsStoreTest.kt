package vn.vidi.domain.ui

import org.junit.jupiter.api.io.TempDir
import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals

/** The settings file: what is saved comes back, in a new store too; a damaged file reads as defaults. */
class SettingsStoreTest {
    @Test
    fun `settings survive a new store, and a damaged file gives the defaults`(@TempDir dir: Path) {
        val file = dir.resolve("settings.properties")
        assertEquals(AppSettings(), FileSettingsStore(file).load())
        val saved = AppSettings("http://10.0.2.2:8080", UnlockMethod.Biometric, failedUnlocks = 6, lockedUntilMillis = 1_750_000_060_000)
        FileSettingsStore(file).save(saved)
        assertEquals(saved, FileSettingsStore(file).load())
        assertEquals(saved.copy(failedUnlocks = 7), FileSettingsStore(file).update { it.copy(failedUnlocks = it.failedUnlocks + 1) })
        assertEquals(listOf("settings.properties"), Files.list(dir).use { files -> files.map { it.fileName.toString() }.toList() }, "no temporary file left")

        Files.writeString(file, "unlock.method=Retina\nunlock.failed=-3\nunlock.locked_until_ms=soon\n")
        assertEquals(AppSettings(), FileSettingsStore(file).load())
    }
}
