package vn.vidi.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import vn.vidi.app.Event
import vn.vidi.app.VerdictView
import vn.vidi.app.VerifierEvent
import vn.vidi.app.VerifierView

/**
 * The checkpoint: while scanning (the camera above, drawn by `VidiApp`),
 * the hint, the cached lists with their ages and the sync; a verdict fills
 * the screen, green or red, until tapped.
 */
@Composable
fun VerifierScreen(view: VerifierView, send: (Event) -> Unit) {
    val verdict = view.verdict
    if (verdict != null) {
        Verdict(verdict, view.scanNextLabel) { send(Event.Verifier(VerifierEvent.Dismiss)) }
        return
    }
    ScreenColumn {
        if (view.scanning) InfoLine(view.scanHint)
        view.notReady?.let { InfoLine(it) }
        ErrorLine(view.error)
        Text(view.listsLabel, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 8.dp))
        view.lists.forEach { list ->
            Column(Modifier.padding(vertical = 4.dp)) {
                Text(list.name, fontWeight = FontWeight.SemiBold)
                Text(list.age, color = if (list.stale) MaterialTheme.colorScheme.error else Color.Unspecified)
                list.warning?.let { Text(it, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodySmall) }
            }
        }
        view.staleWarning?.let { ErrorLine(it) }
        view.lastSync?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        OutlinedTextField(
            value = view.serverUrl,
            onValueChange = { send(Event.Verifier(VerifierEvent.SetServerUrl(it))) },
            label = { Text(view.serverUrlLabel) },
            singleLine = true,
            enabled = !view.syncing,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri),
            modifier = Modifier.fillMaxWidth().padding(top = 12.dp),
        )
        ErrorLine(view.syncError)
        BusyBar(view.syncing)
        Button(
            onClick = { send(Event.Verifier(VerifierEvent.Sync)) },
            enabled = view.canSync,
            modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
        ) { Text(view.syncLabel) }
    }
}

/** The verdict over the whole screen in its tone's colour; a tap dismisses it. */
@Composable
private fun Verdict(verdict: VerdictView, next: String, onDismiss: () -> Unit) {
    Column(
        Modifier
            .fillMaxSize()
            .background(verdictColor(verdict.tone))
            .clickable(onClickLabel = next, onClick = onDismiss)
            .verticalScroll(rememberScrollState())
            .padding(24.dp),
    ) {
        Text(verdict.headline, color = VerdictText, style = MaterialTheme.typography.displaySmall, fontWeight = FontWeight.Bold)
        Text(verdict.documentName, color = VerdictText, style = MaterialTheme.typography.titleLarge, modifier = Modifier.padding(top = 8.dp))
        verdict.issuer?.let { Text(it, color = VerdictText) }
        verdict.reason?.let { Text(it, color = VerdictText, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 12.dp)) }
        verdict.fields.forEach { field ->
            Column(Modifier.padding(top = 8.dp)) {
                Text(field.label, color = VerdictText, style = MaterialTheme.typography.labelMedium)
                Text(field.value, color = VerdictText, style = MaterialTheme.typography.bodyLarge, fontWeight = FontWeight.SemiBold)
            }
        }
        verdict.hidden?.let { Text(it, color = VerdictText, modifier = Modifier.padding(top = 12.dp)) }
        Text(verdict.checkedAt, color = VerdictText, style = MaterialTheme.typography.bodySmall, modifier = Modifier.padding(top = 12.dp))
        Text(next, color = VerdictText, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 24.dp))
    }
}
