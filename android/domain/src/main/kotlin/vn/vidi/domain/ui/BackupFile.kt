package vn.vidi.domain.ui

import java.time.LocalDate

/**
 * The file a backup is written to or restored from, as [BackupModel] sees it.
 *
 * The core reads and writes a file [path]. Where the user's file lives
 * somewhere the core cannot open (Android's Storage Access Framework hands
 * out `content:` URIs), [path] is a temporary copy: [save] copies it out
 * after a backup is written, [load] copies the user's file in before a
 * restore, and [discard] removes the copy afterwards, whatever happened.
 */
interface BackupFile {
    /** The file the core writes or reads. */
    val path: String

    /** The file's name as the user knows it, for "Backup saved: …". */
    val name: String

    /** Copies the backup just written at [path] to the user's file. */
    suspend fun save() {}

    /** Copies the user's file to [path] before it is restored. */
    suspend fun load() {}

    /** Removes [path] if it is a temporary copy; the model calls it once, last. */
    fun discard() {}

    companion object {
        /** A file the core reaches itself: no copying, nothing to discard. */
        fun at(path: String): BackupFile = PlainBackupFile(path)

        /**
         * The name offered when saving a backup made on [day]:
         * `vidi-backup-2025-01-31.age` (an age file, as the CLI's `wallet.age`).
         */
        fun suggestedName(day: LocalDate): String = "vidi-backup-$day.age"
    }
}

/** A backup file at a path the core can open directly. */
private class PlainBackupFile(override val path: String) : BackupFile {
    override val name: String get() = path
}
