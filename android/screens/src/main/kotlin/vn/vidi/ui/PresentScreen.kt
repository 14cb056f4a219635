package vn.vidi.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalClipboardManager
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import vn.vidi.app.Event
import vn.vidi.app.PresentEvent
import vn.vidi.app.PresentView
import vn.vidi.app.SharedDocument

/**
 * Signing in to an online service: while the core is scanning, the camera
 * (drawn by `VidiApp`) and the clipboard's paste; then the steps in the
 * core's words with cancel; the consent (who asks, who registered it, why,
 * what, by document, and the time left) with Share and Decline; and what
 * was answered, or why not.
 */
@Composable
fun PresentScreen(view: PresentView, send: (Event) -> Unit) {
    val clipboard = LocalClipboardManager.current
    ScreenColumn {
        if (view.scanning) {
            InfoLine(view.scanLabel)
            OutlinedButton(
                onClick = { clipboard.getText()?.text?.let { send(Event.Present(PresentEvent.Paste(it))) } },
                modifier = Modifier.fillMaxWidth(),
            ) { Text(view.pasteLabel) }
        }
        view.steps.forEach { step ->
            Row(
                Modifier.padding(vertical = 2.dp).clearAndSetSemantics { contentDescription = step.accessibilityLabel },
                verticalAlignment = Alignment.CenterVertically,
            ) {
                Text(step.text, fontWeight = if (step.done) FontWeight.Normal else FontWeight.Bold)
            }
        }
        BusyBar(view.busy)
        view.consent?.let { consent ->
            Text(
                consent.heading,
                style = MaterialTheme.typography.titleLarge,
                modifier = Modifier.padding(top = 8.dp).semantics { heading() },
            )
            Text(consent.registeredBy, style = MaterialTheme.typography.bodyMedium)
            Text(consent.purposeLabel, style = MaterialTheme.typography.labelLarge, modifier = Modifier.padding(top = 12.dp))
            Text(consent.purpose)
            Text(consent.whatLabel, style = MaterialTheme.typography.labelLarge, modifier = Modifier.padding(top = 12.dp))
            consent.documents.forEach { SharedCard(it) }
            Text(consent.expires, style = MaterialTheme.typography.bodySmall, modifier = Modifier.padding(top = 8.dp))
            Button(
                onClick = { send(Event.Present(PresentEvent.Share)) },
                enabled = view.canAnswer,
                modifier = Modifier.fillMaxWidth().padding(top = 12.dp),
            ) { Text(view.shareLabel) }
            OutlinedButton(
                onClick = { send(Event.Present(PresentEvent.Decline)) },
                enabled = view.canAnswer,
                modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
            ) { Text(view.declineLabel) }
        }
        ErrorLine(view.error)
        view.result?.let { result ->
            Text(
                result.text,
                style = MaterialTheme.typography.titleMedium,
                modifier = Modifier.padding(top = 8.dp).semantics { heading() },
            )
            result.documents.forEach { SharedCard(it) }
        }
        if (view.canCancel) {
            OutlinedButton(
                onClick = { send(Event.Present(PresentEvent.Cancel)) },
                modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
            ) { Text(view.cancelLabel) }
        }
        if (view.canScanAgain) {
            OutlinedButton(onClick = { send(Event.Present(PresentEvent.ScanAgain)) }, modifier = Modifier.fillMaxWidth().padding(top = 8.dp)) {
                Text(view.scanAgainLabel)
            }
        }
        if (view.canClose) {
            Button(onClick = { send(Event.Present(PresentEvent.Close)) }, modifier = Modifier.fillMaxWidth().padding(top = 12.dp)) {
                Text(view.closeLabel)
            }
        }
    }
}

/** One document's claims, as a card: its name, then a line per claim. */
@Composable
private fun SharedCard(document: SharedDocument) {
    Card(Modifier.fillMaxWidth().padding(top = 8.dp)) {
        Column(Modifier.padding(12.dp)) {
            Text(document.document, fontWeight = FontWeight.SemiBold)
            document.claims.forEach { Text(it, modifier = Modifier.padding(start = 12.dp, top = 2.dp)) }
        }
    }
}
