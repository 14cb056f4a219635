package vn.vidi.app.platform

import android.content.Context
import android.net.Uri
import android.provider.OpenableColumns
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import vn.vidi.domain.ui.BackupFile
import java.io.File
import java.io.FileNotFoundException
import java.util.UUID

/**
 * Backup files the user reaches with the Storage Access Framework (a
 * `content:` URI from `CreateDocument` or `OpenDocument`, anywhere the Files
 * app can go). The core reads and writes a file path, so each backup goes
 * through a temporary file in [Context.getCacheDir]: written there and
 * copied out, or copied in and read there, then deleted (it is encrypted,
 * but nothing is left behind). The rules stay in `BackupModel`.
 */
class BackupFiles(context: Context) {
    private val resolver = context.applicationContext.contentResolver
    private val cacheDir = context.applicationContext.cacheDir

    /** A backup to be written to [uri] (a new document); [fallbackName] names it if the provider does not say. */
    fun saveTo(uri: Uri, fallbackName: String): BackupFile = Copied(uri, displayName(uri) ?: fallbackName)

    /** A backup to be restored from [uri] (a picked document). */
    fun openFrom(uri: Uri): BackupFile = Copied(uri, displayName(uri) ?: uri.lastPathSegment.orEmpty())

    /** The document's name as the Files app shows it, or null. */
    private fun displayName(uri: Uri): String? = try {
        resolver.query(uri, arrayOf(OpenableColumns.DISPLAY_NAME), null, null, null)?.use { cursor ->
            if (cursor.moveToFirst() && !cursor.isNull(0)) cursor.getString(0) else null
        }
    } catch (e: RuntimeException) {
        null // a provider that cannot say; the fallback name is used
    }

    /** The document at [uri] through a temporary file of its own. */
    private inner class Copied(private val uri: Uri, override val name: String) : BackupFile {
        private val temp = File(cacheDir, "backup-${UUID.randomUUID()}.age")

        override val path: String get() = temp.absolutePath

        override suspend fun save() {
            withContext(Dispatchers.IO) {
                val sink = resolver.openOutputStream(uri) ?: throw FileNotFoundException("no output stream for the backup")
                sink.use { out -> temp.inputStream().use { it.copyTo(out) } }
            }
        }

        override suspend fun load() {
            withContext(Dispatchers.IO) {
                val source = resolver.openInputStream(uri) ?: throw FileNotFoundException("no input stream for the backup")
                source.use { input -> temp.outputStream().use { input.copyTo(it) } }
            }
        }

        override fun discard() {
            temp.delete()
        }
    }
}
