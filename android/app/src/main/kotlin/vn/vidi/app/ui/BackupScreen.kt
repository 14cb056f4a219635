package vn.vidi.app.ui

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import vn.vidi.app.AppViewModel
import vn.vidi.domain.Language
import vn.vidi.domain.ui.BackupModel
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.Str
import java.io.File

/**
 * Backup and restore with a passphrase typed twice. The backup file is
 * `vidi-wallet.backup` in the app's folder on shared storage
 * (`Android/data/vn.vidi.app/files/`), where a computer or the Files app
 * can copy it off the phone and back. Documents restored on a new phone
 * are listed for re-binding, which a re-issue offer does.
 */
@Composable
fun BackupScreen(model: AppViewModel, language: Language, modifier: Modifier = Modifier) {
    val backup: BackupModel = remember { model.model(Route.Backup) { BackupModel(it, model.app.language, model.wallet) } }
    val state by backup.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    val path = remember(context) { File(context.getExternalFilesDir(null) ?: context.filesDir, BACKUP_FILE).absolutePath }
    LaunchedEffect(Unit) { backup.refresh() }
    ScreenColumn(modifier) {
        Text(Str.BACKUP_TITLE.text(language), style = MaterialTheme.typography.headlineMedium)
        Text(Str.BACKUP_INTRO.text(language), modifier = Modifier.padding(vertical = 8.dp))
        SecretField(state.passphrase.text, backup::setPassphrase, Str.BACKUP_PASSPHRASE_LABEL.text(language))
        SecretField(state.passphraseConfirm.text, backup::setPassphraseConfirm, Str.BACKUP_PASSPHRASE_CONFIRM_LABEL.text(language))
        ErrorLine(state.error)
        BusyBar(state.busy)
        Button(onClick = { backup.backup(path) }, enabled = !state.busy, modifier = Modifier.fillMaxWidth().padding(top = 8.dp)) {
            Text(Str.BACKUP_CREATE.text(language))
        }
        OutlinedButton(onClick = { backup.restore(path) }, enabled = !state.busy, modifier = Modifier.fillMaxWidth()) {
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

private const val BACKUP_FILE = "vidi-wallet.backup"
