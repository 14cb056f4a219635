package vn.vidi.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import vn.vidi.app.BackupEvent
import vn.vidi.app.BackupView
import vn.vidi.app.Event

/**
 * Backup and restore: the passphrase (twice for a backup), then the core
 * asks the activity for a file (`Effect.PickFileToSave` / `PickFileToOpen`,
 * the Storage Access Framework); what a restore did, and the documents to
 * re-bind with a re-issue offer.
 */
@Composable
fun BackupScreen(view: BackupView, send: (Event) -> Unit) {
    var passphrase by remember { mutableStateOf("") }
    var confirm by remember { mutableStateOf("") }
    ScreenColumn {
        InfoLine(view.intro)
        SecretField(passphrase, { passphrase = it }, view.passphraseLabel)
        SecretField(confirm, { confirm = it }, view.passphraseConfirmLabel)
        ErrorLine(view.error)
        BusyBar(view.busy)
        view.busyText?.let { Text(it) }
        Button(
            onClick = {
                send(Event.Backup(BackupEvent.Backup(passphrase, confirm)))
                passphrase = ""
                confirm = ""
            },
            enabled = !view.busy,
            modifier = Modifier.fillMaxWidth().padding(top = 12.dp),
        ) { Text(view.createLabel) }
        OutlinedButton(
            onClick = {
                send(Event.Backup(BackupEvent.Restore(passphrase)))
                passphrase = ""
                confirm = ""
            },
            enabled = !view.busy,
            modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
        ) { Text(view.restoreLabel) }
        view.lastBackup?.let { InfoLine(it) }
        view.restoreReport?.forEach { Text(it) }
        if (view.needsRebinding.isNotEmpty()) {
            Text(view.needsRebindingTitle, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 12.dp))
            view.needsRebinding.forEach { item ->
                Column(Modifier.padding(vertical = 4.dp)) {
                    Text(item.name)
                    Text(item.holder, style = MaterialTheme.typography.bodySmall)
                }
            }
            InfoLine(view.needsRebindingHint)
            Button(onClick = { send(Event.Backup(BackupEvent.Rebind)) }, modifier = Modifier.fillMaxWidth()) { Text(view.rebindLabel) }
        }
    }
}
