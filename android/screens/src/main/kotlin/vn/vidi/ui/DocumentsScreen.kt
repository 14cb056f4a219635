package vn.vidi.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.draw.clip
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import vn.vidi.app.DamagedDocuments
import vn.vidi.app.DocumentItem
import vn.vidi.app.DocumentsEvent
import vn.vidi.app.DocumentsView
import vn.vidi.app.Event
import vn.vidi.app.Route

/**
 * The wallet's documents: a row per document in its card's colour with
 * the core's badge, then how old the badges are and "Update status"; the
 * documents that cannot be read are named on a line, with a button that
 * deletes them after a confirmation; and the button that opens the
 * sign-in screen for an online service.
 */
@Composable
fun DocumentsScreen(view: DocumentsView, send: (Event) -> Unit) {
    ScreenColumn {
        BusyBar(view.loading || view.statusUpdating)
        ErrorLine(view.error)
        view.damaged?.let { DamagedLine(it, send) }
        view.empty?.let { InfoLine(it) }
        view.items.forEach { item ->
            DocumentRow(item) { send(Event.Documents(DocumentsEvent.Open(item.id))) }
        }
        view.statusAge?.let { Text(it, style = MaterialTheme.typography.bodySmall, modifier = Modifier.padding(top = 8.dp)) }
        ErrorLine(view.statusError)
        OutlinedButton(
            onClick = { send(Event.Documents(DocumentsEvent.UpdateStatus)) },
            enabled = view.canUpdateStatus,
            modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
        ) { Text(view.updateStatusLabel) }
        view.signInLabel?.let { label ->
            Button(
                onClick = { send(Event.Open(Route.Present(null))) },
                modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
            ) { Text(label) }
        }
    }
}

@Composable
private fun DocumentRow(item: DocumentItem, onOpen: () -> Unit) {
    val colors = cardColors(item.theme)
    Card(
        Modifier
            .fillMaxWidth()
            .padding(vertical = 6.dp)
            .clip(RoundedCornerShape(12.dp))
            .clickable(onClick = onOpen)
            .clearAndSetSemantics { contentDescription = item.accessibilityLabel },
    ) {
        Row(Modifier.background(colors.top).padding(12.dp), verticalAlignment = Alignment.CenterVertically) {
            Column(Modifier.weight(1f)) {
                Text(item.typeName, color = colors.accent, fontWeight = FontWeight.Bold)
                Text(item.holder, color = colors.text, style = MaterialTheme.typography.titleMedium)
                item.number?.let { Text(it, color = colors.text, style = MaterialTheme.typography.bodySmall) }
                Text(item.validity, color = colors.text, style = MaterialTheme.typography.bodySmall)
            }
            Row(verticalAlignment = Alignment.CenterVertically) {
                Box(Modifier.size(10.dp).clip(CircleShape).background(toneColor(item.tone, dark = false)))
                Text(item.badgeText, color = toneColor(item.tone, dark = false), modifier = Modifier.padding(start = 6.dp))
            }
        }
    }
}

@Composable
private fun DamagedLine(damaged: DamagedDocuments, send: (Event) -> Unit) {
    ErrorLine(damaged.text)
    OutlinedButton(
        onClick = { send(Event.Documents(DocumentsEvent.AskDeleteDamaged)) },
        enabled = !damaged.deleting,
        modifier = Modifier.fillMaxWidth(),
    ) { Text(damaged.deleteLabel) }
    damaged.deleteQuestion?.let { question ->
        AlertDialog(
            onDismissRequest = { send(Event.Documents(DocumentsEvent.CancelDeleteDamaged)) },
            text = { Text(question) },
            confirmButton = {
                TextButton(
                    onClick = { send(Event.Documents(DocumentsEvent.DeleteDamaged)) },
                    enabled = !damaged.deleting,
                ) { Text(damaged.confirmDeleteLabel) }
            },
            dismissButton = {
                TextButton(onClick = { send(Event.Documents(DocumentsEvent.CancelDeleteDamaged)) }) { Text(damaged.cancelLabel) }
            },
        )
    }
}
