package vn.vidi.app.ui

import android.content.ActivityNotFoundException
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import vn.vidi.app.AppViewModel
import vn.vidi.app.platform.BackupFiles
import vn.vidi.domain.Language
import vn.vidi.domain.ui.BackupFile
import vn.vidi.domain.ui.BackupModel
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.Str
import java.time.LocalDate

/**
 * Backup and restore with a passphrase typed twice. The user picks where
 * the backup goes (`CreateDocument`, suggested `vidi-backup-<date>.age`)
 * and which backup to restore (`OpenDocument`) with the system's file
 * picker, so it can be on the phone's storage, an SD card or a cloud drive;
 * [BackupFiles] copies through a temporary file. The passphrase is checked
 * before the picker opens. Documents restored on a new phone are listed for
 * re-binding, which a re-issue offer does.
 */
@Composable
fun BackupScreen(model: AppViewModel, language: Language, modifier: Modifier = Modifier) {
    val backup: BackupModel = remember { model.model(Route.Backup) { BackupModel(it, model.app.language, model.wallet) } }
    val state by backup.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    val files = remember(context) { BackupFiles(context) }
    // No app on the phone answers the file picker's intent.
    var noPicker by rememberSaveable { mutableStateOf(false) }
    val suggested = BackupFile.suggestedName(LocalDate.now())
    // A null URI: the user backed out of the picker.
    val saveTo = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument(BACKUP_MIME_TYPE)) { uri ->
        if (uri != null) backup.backup(files.saveTo(uri, suggested))
    }
    val openFrom = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        if (uri != null) backup.restore(files.openFrom(uri))
    }
    LaunchedEffect(Unit) { backup.refresh() }
    ScreenColumn(modifier) {
        Text(Str.BACKUP_TITLE.text(language), style = MaterialTheme.typography.headlineMedium)
        Text(Str.BACKUP_INTRO.text(language), modifier = Modifier.padding(vertical = 8.dp))
        SecretField(state.passphrase.text, backup::setPassphrase, Str.BACKUP_PASSPHRASE_LABEL.text(language))
        SecretField(state.passphraseConfirm.text, backup::setPassphraseConfirm, Str.BACKUP_PASSPHRASE_CONFIRM_LABEL.text(language))
        ErrorLine(state.error)
        if (noPicker) ErrorLine(Str.BACKUPFILE_NO_PICKER.text(language))
        BusyBar(state.busy)
        Button(
            onClick = { if (backup.checkBackup()) noPicker = !launched { saveTo.launch(suggested) } },
            enabled = !state.busy,
            modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
        ) {
            Text(Str.BACKUP_CREATE.text(language))
        }
        OutlinedButton(
            onClick = { if (backup.checkRestore()) noPicker = !launched { openFrom.launch(arrayOf(ANY_TYPE)) } },
            enabled = !state.busy,
            modifier = Modifier.fillMaxWidth(),
        ) {
            Text(Str.BACKUP_RESTORE.text(language))
        }
        state.lastBackup?.let { Text(it, modifier = Modifier.padding(vertical = 8.dp)) }
        state.restoreReport?.forEach { Text(it) }
        if (state.needsRebinding.isNotEmpty()) {
            Text(Str.BACKUP_NEEDS_REBINDING_TITLE.text(language), style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 16.dp))
            state.needsRebinding.forEach { Text(it.name + " · " + it.holder) }
            Text(Str.BACKUP_NEEDS_REBINDING_HINT.text(language), style = MaterialTheme.typography.bodySmall)
            Button(onClick = { model.app.navigate(Route.AcceptOffer()) }, modifier = Modifier.fillMaxWidth().padding(top = 8.dp)) {
                Text(Str.BACKUP_REBIND_ACTION.text(language))
            }
        }
    }
}

/** Opens a file picker; false when the phone has none. */
private inline fun launched(pick: () -> Unit): Boolean = try {
    pick()
    true
} catch (e: ActivityNotFoundException) {
    false
}

/** A backup is an age file: binary, with no registered type of its own. */
private const val BACKUP_MIME_TYPE = "application/octet-stream"

/** Backups picked to restore: any type, as providers type `.age` files differently. */
private const val ANY_TYPE = "*/*"
