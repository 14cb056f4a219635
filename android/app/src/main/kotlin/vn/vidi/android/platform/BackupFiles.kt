package vn.vidi.android.platform

import android.content.Context
import android.net.Uri
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.File
import java.io.FileNotFoundException
import java.io.IOException
import java.util.UUID
import java.util.concurrent.ConcurrentHashMap

/**
 * Backup files the user reaches with the Storage Access Framework (a
 * `content:` URI from `CreateDocument` or `OpenDocument`, anywhere the Files
 * app can go). The core reads and writes a file path, so each backup goes
 * through a temporary file in the app's cache: the core writes it and this
 * copies it out to the picked document (`Effect.FileWritten`), or this
 * copies the picked document in and the core reads it. The files are
 * encrypted; they are deleted after the copy out, and those copied in at
 * the next pick or when the app's view model goes. The rules (passphrase,
 * messages) are the core's.
 */
class BackupFiles(context: Context) {
    private val resolver = context.applicationContext.contentResolver
    private val dir = File(context.applicationContext.cacheDir, "backups")
    private val saving = ConcurrentHashMap<String, Uri>()

    /** A new temporary file for the backup the core writes, to be copied to [uri]; its path. */
    fun saveTarget(uri: Uri): String {
        clear()
        val file = temporary()
        saving[file.absolutePath] = uri
        return file.absolutePath
    }

    /** Copies the backup written at [path] to the document picked for it, then deletes it; false on failure. */
    suspend fun copyOut(path: String): Boolean = withContext(Dispatchers.IO) {
        val file = File(path)
        try {
            val uri = saving.remove(path) ?: return@withContext false
            val sink = resolver.openOutputStream(uri) ?: throw FileNotFoundException("no output stream for the backup")
            sink.use { out -> file.inputStream().use { it.copyTo(out) } }
            true
        } catch (_: IOException) {
            false
        } catch (_: SecurityException) {
            false
        } finally {
            file.delete()
        }
    }

    /** Copies the document at [uri] into a temporary file for the core to read; its path, or null on failure. */
    suspend fun copyIn(uri: Uri): String? = withContext(Dispatchers.IO) {
        clear()
        val file = temporary()
        try {
            val source = resolver.openInputStream(uri) ?: throw FileNotFoundException("no input stream for the backup")
            source.use { input -> file.outputStream().use { input.copyTo(it) } }
            file.absolutePath
        } catch (_: IOException) {
            file.delete()
            null
        } catch (_: SecurityException) {
            file.delete()
            null
        }
    }

    /** Deletes every temporary backup file. */
    fun clear() {
        saving.clear()
        dir.listFiles()?.forEach { it.delete() }
    }

    private fun temporary(): File {
        dir.mkdirs()
        return File(dir, "backup-${UUID.randomUUID()}.age")
    }
}
