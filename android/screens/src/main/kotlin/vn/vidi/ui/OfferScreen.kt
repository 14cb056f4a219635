package vn.vidi.ui

import androidx.compose.foundation.layout.Row
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
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalClipboardManager
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import vn.vidi.app.Event
import vn.vidi.app.OfferEvent
import vn.vidi.app.OfferView

/**
 * Accepting an offer: while the core is scanning, the camera (drawn by
 * `VidiApp`) and the clipboard's paste; then the offer read, its PIN, the
 * issuance's steps in the core's words, cancel, and what it did.
 */
@Composable
fun OfferScreen(view: OfferView, send: (Event) -> Unit) {
    val clipboard = LocalClipboardManager.current
    var pin by remember { mutableStateOf("") }
    ScreenColumn {
        if (view.scanning) {
            InfoLine(view.scanLabel)
            OutlinedButton(
                onClick = { clipboard.getText()?.text?.let { send(Event.Offer(OfferEvent.Paste(it))) } },
                modifier = Modifier.fillMaxWidth(),
            ) { Text(view.pasteLabel) }
        }
        if (view.link.isNotEmpty()) Text(view.link, style = MaterialTheme.typography.bodySmall, modifier = Modifier.padding(top = 8.dp))
        ErrorLine(view.linkError)
        view.rebinding?.let { InfoLine(it) }
        view.offer?.let { offer ->
            offer.issuer?.let { Text(it, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 8.dp)) }
            offer.documents.forEach { Text(it, fontWeight = FontWeight.SemiBold) }
            offer.byReference?.let { InfoLine(it) }
            if (offer.needsPin && view.result == null) {
                SecretField(pin, { pin = it }, view.pinLabel, digits = true)
            }
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
        ErrorLine(view.error)
        view.result?.forEach { Text(it) }
        if (view.offer != null && view.result == null) {
            Button(
                onClick = {
                    send(Event.Offer(OfferEvent.Submit(pin)))
                    pin = ""
                },
                enabled = view.canSubmit,
                modifier = Modifier.fillMaxWidth().padding(top = 12.dp),
            ) { Text(view.acceptLabel) }
        }
        if (view.busy) {
            OutlinedButton(
                onClick = { send(Event.Offer(OfferEvent.Cancel)) },
                enabled = view.canCancel,
                modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
            ) { Text(view.cancelLabel) }
        }
        if (view.canScanAgain) {
            OutlinedButton(onClick = { send(Event.Offer(OfferEvent.ScanAgain)) }, modifier = Modifier.fillMaxWidth().padding(top = 8.dp)) {
                Text(view.scanAgainLabel)
            }
        }
        if (view.result != null) {
            Button(onClick = { send(Event.Offer(OfferEvent.Close)) }, modifier = Modifier.fillMaxWidth().padding(top = 12.dp)) {
                Text(view.closeLabel)
            }
        }
    }
}
