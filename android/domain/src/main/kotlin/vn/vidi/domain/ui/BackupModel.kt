package vn.vidi.domain.ui

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.launch
import vn.vidi.domain.Language
import vn.vidi.domain.VidiWallet
import vn.vidi.domain.WrongKeyException
import vn.vidi.ffi.DocumentSummary
import vn.vidi.ffi.RestoreReport

/** A document restored from a backup that must be re-bound before it can be shown. */
data class RebindItem(val id: String, val name: String, val holder: String)

/** What the backup screen shows. [passphrase] and [passphraseConfirm] never print. */
data class BackupState(
    val passphrase: Secret = Secret.EMPTY,
    val passphraseConfirm: Secret = Secret.EMPTY,
    val error: String? = null,
    val busy: Boolean = false,
    /** "Backup saved: ..." after a backup. */
    val lastBackup: String? = null,
    /** What a restore did, a line per kind of outcome. */
    val restoreReport: List<String>? = null,
    /** Documents to re-bind with a new offer (the accept-offer screen does it). */
    val needsRebinding: List<RebindItem> = emptyList(),
)

/**
 * Backup and restore of the wallet. A backup holds the documents, the
 * activity log and the settings, encrypted with a passphrase of at least
 * [MIN_PASSPHRASE] characters typed twice; never the device keys, so
 * documents restored on another phone must be re-bound: [needsRebinding]
 * lists them, and a re-issue offer accepted on the offer screen re-binds
 * them. The passphrases are cleared after each try.
 *
 * The file is a [BackupFile]: a plain path, or (Android) a temporary copy
 * of a file the user picked, copied out after a backup and in before a
 * restore, and discarded once either is over; a failed copy is shown in
 * words of its own.
 */
class BackupModel(
    scope: CoroutineScope,
    language: Language,
    private val wallet: VidiWallet,
) : ScreenModel<BackupState>(scope, language, BackupState()) {

    private var backupName: String? = null
    private var report: RestoreReport? = null
    private var documents: List<DocumentSummary> = emptyList()
    private var failure: Throwable? = null

    fun setPassphrase(text: String) = update { it.copy(passphrase = Secret(text), error = null) }

    fun setPassphraseConfirm(text: String) = update { it.copy(passphraseConfirm = Secret(text), error = null) }

    /** Loads the documents waiting for re-binding (when the screen opens). */
    fun refresh() {
        scope.launch { guarded { loadRebinding() } }
    }

    /** Writes a backup to [path] (a file the user chose). */
    fun backup(path: String) = backup(BackupFile.at(path))

    /**
     * Whether what was typed makes a backup passphrase (at least
     * [MIN_PASSPHRASE] characters, typed twice the same); if not,
     * [BackupState.error] says why. The screen asks before the user picks
     * where to save, so no empty file is made for nothing.
     */
    fun checkBackup(): Boolean {
        val problem = passphraseProblem(state.value)
        if (problem != null) update { it.copy(error = problem) }
        return problem == null
    }

    /**
     * Writes a backup to [file]'s path, then [BackupFile.save]s it where the
     * user chose; [BackupFile.discard] follows in every case, also when the
     * passphrase is refused or the screen is busy.
     */
    fun backup(file: BackupFile) {
        val current = state.value
        if (current.busy || !checkBackup()) {
            file.discard()
            return
        }
        val passphrase = current.passphrase.text
        start()
        scope.launch {
            try {
                guarded {
                    wallet.backup(file.path, passphrase)
                    copying(saving = true) { file.save() }
                    backupName = file.name
                    update { it.copy(lastBackup = Str.BACKUP_DONE.text(language, file.name)) }
                }
            } finally {
                file.discard()
            }
        }
    }

    /** Restores the backup at [path] into this wallet with the passphrase typed. */
    fun restore(path: String) = restore(BackupFile.at(path))

    /**
     * [BackupFile.load]s [file] and restores it into this wallet with the
     * passphrase typed; [BackupFile.discard] follows in every case.
     */
    fun restore(file: BackupFile) {
        val current = state.value
        if (current.busy) {
            file.discard()
            return
        }
        val passphrase = current.passphrase.text
        if (!checkRestore()) {
            file.discard()
            return
        }
        start()
        scope.launch {
            try {
                guarded {
                    copying(saving = false) { file.load() }
                    val restored = wallet.restore(file.path, passphrase)
                    report = restored
                    update { it.copy(restoreReport = reportLines(restored)) }
                    loadRebinding()
                }
            } finally {
                file.discard()
            }
        }
    }

    /**
     * Whether a passphrase was typed to restore with; if not,
     * [BackupState.error] asks for it. The screen asks before the user
     * picks the file.
     */
    fun checkRestore(): Boolean {
        val typed = !state.value.passphrase.isEmpty
        if (!typed) update { it.copy(error = Str.BACKUP_PASSPHRASE_NEEDED.text(language)) }
        return typed
    }

    /** Why the typed passphrase cannot make a backup, or null. */
    private fun passphraseProblem(current: BackupState): String? {
        val passphrase = current.passphrase.text
        return when {
            passphrase.length < MIN_PASSPHRASE -> Str.BACKUP_PASSPHRASE_SHORT.text(language, MIN_PASSPHRASE)
            passphrase != current.passphraseConfirm.text -> Str.BACKUP_PASSPHRASE_MISMATCH.text(language)
            else -> null
        }
    }

    /** Runs a copy of the backup file; any failure (not a cancellation) becomes a [FileCopyFailure]. */
    private suspend fun copying(saving: Boolean, copy: suspend () -> Unit) {
        try {
            copy()
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            throw FileCopyFailure(saving, e)
        }
    }

    /** Marks the screen busy and clears what the user typed. */
    private fun start() {
        failure = null
        update { it.copy(busy = true, error = null, passphrase = Secret.EMPTY, passphraseConfirm = Secret.EMPTY) }
    }

    /** Runs [block], turning a failure into the screen's error. */
    private suspend fun guarded(block: suspend () -> Unit) {
        try {
            block()
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            failure = e
            update { it.copy(error = words(e)) }
        } finally {
            update { it.copy(busy = false) }
        }
    }

    /** A failure in words; on this screen a wrong key is the backup's passphrase. */
    private fun words(error: Throwable): String = when {
        error is WrongKeyException -> Str.BACKUP_WRONG_PASSPHRASE.text(language)
        error is FileCopyFailure && error.saving -> Str.BACKUPFILE_SAVE_FAILED.text(language)
        error is FileCopyFailure -> Str.BACKUPFILE_OPEN_FAILED.text(language)
        else -> describe(error)
    }

    private suspend fun loadRebinding() {
        documents = wallet.documents().filter { it.needsRebinding }
        update { it.copy(needsRebinding = rebindItems()) }
    }

    override fun onLanguageChanged() {
        update { current ->
            current.copy(
                lastBackup = backupName?.let { Str.BACKUP_DONE.text(language, it) },
                restoreReport = report?.let(::reportLines),
                needsRebinding = rebindItems(),
                error = failure?.let(::words) ?: current.error,
            )
        }
    }

    private fun rebindItems() = documents.map { RebindItem(it.id, language.pick(it.typeLabelVi, it.typeLabelEn), it.holderName) }

    /** The restore in words: a line for each count that is not zero ("nothing changed" when all are). */
    private fun reportLines(report: RestoreReport): List<String> = buildList {
        fun line(count: UInt, text: Str) {
            if (count > 0u) add(text.text(language, count.toInt()))
        }
        line(report.added, Str.BACKUP_RESTORE_ADDED)
        line(report.replacedOlder, Str.BACKUP_RESTORE_REPLACED)
        line(report.keptNewer, Str.BACKUP_RESTORE_KEPT_NEWER)
        line(report.unchanged, Str.BACKUP_RESTORE_UNCHANGED)
        line(report.logEntries, Str.BACKUP_RESTORE_LOG)
        line(report.needsRebinding, Str.BACKUP_RESTORE_NEEDS_REBINDING)
        if (isEmpty()) add(Str.BACKUP_RESTORE_NOTHING.text(language))
    }

    /** Copying the backup file to ([saving]) or from the user's file failed; [cause] is kept for debugging only. */
    private class FileCopyFailure(val saving: Boolean, cause: Throwable) : Exception("backup file copy failed", cause)

    companion object {
        /** The shortest backup passphrase. */
        const val MIN_PASSPHRASE = 8
    }
}
