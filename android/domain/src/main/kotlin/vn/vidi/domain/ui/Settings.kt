package vn.vidi.domain.ui

import java.io.IOException
import java.nio.file.AtomicMoveNotSupportedException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.util.Properties

/**
 * The app's own settings, outside the wallet (they are needed before it is
 * unlocked). Never a PIN or any key.
 */
data class AppSettings(
    /** The issuer's URL chosen at first run; null before. */
    val serverUrl: String? = null,
    /** How the wallet unlocks; null before first run finished choosing. */
    val unlockMethod: UnlockMethod? = null,
    /** Wrong PINs in a row since the last successful unlock. */
    val failedUnlocks: Int = 0,
    /** When the current lock-out ends, Unix milliseconds; 0 when there is none. */
    val lockedUntilMillis: Long = 0,
)

/** Where [AppSettings] are kept. Implementations are thread-safe. */
interface SettingsStore {
    /** The settings now (defaults when none were saved). */
    fun load(): AppSettings

    /** Replaces the settings. */
    fun save(settings: AppSettings)

    /** Saves [change] of the current settings and returns what was saved. */
    fun update(change: (AppSettings) -> AppSettings): AppSettings = synchronized(this) {
        change(load()).also(::save)
    }
}

/**
 * [SettingsStore] in the `java.util.Properties` file [file], written to a
 * temporary file next to it and moved over it, so that a crash leaves the
 * old settings or the new ones, never half of them. A file that cannot be
 * read gives the defaults.
 */
class FileSettingsStore(private val file: Path) : SettingsStore {
    override fun load(): AppSettings = synchronized(this) {
        val properties = Properties()
        try {
            if (Files.exists(file)) Files.newInputStream(file).use(properties::load)
        } catch (_: IOException) {
            return AppSettings()
        } catch (_: IllegalArgumentException) {
            return AppSettings()
        }
        AppSettings(
            serverUrl = properties.getProperty(SERVER_URL),
            unlockMethod = properties.getProperty(UNLOCK_METHOD)?.let { name -> UnlockMethod.entries.firstOrNull { it.name == name } },
            failedUnlocks = properties.getProperty(FAILED_UNLOCKS)?.toIntOrNull()?.coerceAtLeast(0) ?: 0,
            lockedUntilMillis = properties.getProperty(LOCKED_UNTIL)?.toLongOrNull() ?: 0,
        )
    }

    override fun save(settings: AppSettings): Unit = synchronized(this) {
        val properties = Properties()
        settings.serverUrl?.let { properties.setProperty(SERVER_URL, it) }
        settings.unlockMethod?.let { properties.setProperty(UNLOCK_METHOD, it.name) }
        properties.setProperty(FAILED_UNLOCKS, settings.failedUnlocks.toString())
        properties.setProperty(LOCKED_UNTIL, settings.lockedUntilMillis.toString())
        val dir = file.toAbsolutePath().parent
        Files.createDirectories(dir)
        val temp = Files.createTempFile(dir, file.fileName.toString(), ".tmp")
        try {
            Files.newOutputStream(temp).use { properties.store(it, "Vidi app settings") }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE)
            } catch (_: AtomicMoveNotSupportedException) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING)
            }
        } finally {
            Files.deleteIfExists(temp)
        }
    }

    private companion object {
        const val SERVER_URL = "server.url"
        const val UNLOCK_METHOD = "unlock.method"
        const val FAILED_UNLOCKS = "unlock.failed"
        const val LOCKED_UNTIL = "unlock.locked_until_ms"
    }
}
