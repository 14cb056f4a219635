package vn.vidi.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.draw.clip
import androidx.compose.ui.graphics.Brush
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import vn.vidi.app.CardLine
import vn.vidi.app.CardView
import vn.vidi.app.DetailEvent
import vn.vidi.app.DetailView
import vn.vidi.app.Event

/**
 * A document's card, front and back drawn like the plastic card, its
 * badge, issuer and dates, "Show QR code", re-binding when it needs it,
 * and delete after a confirmation.
 */
@Composable
fun DetailScreen(view: DetailView, send: (Event) -> Unit) {
    ScreenColumn {
        BusyBar(view.loading || view.deleting)
        ErrorLine(view.error)
        view.card?.let { card ->
            Text(view.frontLabel, style = MaterialTheme.typography.labelLarge)
            DocumentCard(card, front = true)
            if (card.back.isNotEmpty()) {
                Text(view.backLabel, style = MaterialTheme.typography.labelLarge, modifier = Modifier.padding(top = 12.dp))
                DocumentCard(card, front = false)
            }
        }
        Text(view.typeName, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 12.dp))
        Text(view.holder)
        Text(view.validity)
        Text(view.badgeText, color = toneColor(view.tone), fontWeight = FontWeight.SemiBold)
        Text(view.issuer, style = MaterialTheme.typography.bodySmall)
        Text(view.received, style = MaterialTheme.typography.bodySmall)
        Text(view.statusChecked, style = MaterialTheme.typography.bodySmall)
        view.rebindingNote?.let { note ->
            InfoLine(note)
            OutlinedButton(onClick = { send(Event.Detail(DetailEvent.REBIND)) }, modifier = Modifier.fillMaxWidth()) {
                Text(view.rebindLabel)
            }
        }
        Button(
            onClick = { send(Event.Detail(DetailEvent.SHOW_QR)) },
            enabled = view.canShowQr,
            modifier = Modifier.fillMaxWidth().padding(top = 12.dp),
        ) { Text(view.showQrLabel) }
        OutlinedButton(
            onClick = { send(Event.Detail(DetailEvent.ASK_DELETE)) },
            enabled = !view.deleting,
            modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
        ) { Text(view.deleteLabel) }
    }
    view.deleteQuestion?.let { question ->
        AlertDialog(
            onDismissRequest = { send(Event.Detail(DetailEvent.CANCEL_DELETE)) },
            text = { Text(question) },
            confirmButton = {
                TextButton(onClick = { send(Event.Detail(DetailEvent.DELETE)) }, enabled = !view.deleting) { Text(view.confirmDeleteLabel) }
            },
            dismissButton = {
                TextButton(onClick = { send(Event.Detail(DetailEvent.CANCEL_DELETE)) }) { Text(view.cancelLabel) }
            },
        )
    }
}

/**
 * One side of a document drawn like the plastic card: rounded corners,
 * the card's colours, its national header and title, the portrait's slot,
 * the number in the accent colour, then the fields with the card's own
 * labels. [front] picks the side.
 */
@Composable
private fun DocumentCard(card: CardView, front: Boolean) {
    val colors = cardColors(card.theme)
    Box(
        Modifier
            .fillMaxWidth()
            .heightIn(min = 200.dp)
            .padding(vertical = 4.dp)
            .clip(RoundedCornerShape(12.dp))
            .background(Brush.verticalGradient(listOf(colors.top, colors.bottom)))
            .padding(12.dp),
    ) {
        Column {
            if (front) {
                card.header.forEach {
                    Text(it, color = colors.text, style = MaterialTheme.typography.labelSmall, textAlign = TextAlign.Center, modifier = Modifier.fillMaxWidth())
                }
                Text(
                    card.title,
                    color = colors.accent,
                    fontWeight = FontWeight.Bold,
                    style = MaterialTheme.typography.titleSmall,
                    textAlign = TextAlign.Center,
                    modifier = Modifier.fillMaxWidth().padding(vertical = 4.dp),
                )
                Row {
                    if (card.portrait != null) {
                        val description = card.portraitLabel
                        Box(
                            Modifier
                                .size(width = 56.dp, height = 72.dp)
                                .background(colors.bottom)
                                .semantics { if (description != null) contentDescription = description },
                        )
                        Box(Modifier.width(8.dp))
                    }
                    Column {
                        Line(card.number, colors.text, valueColor = colors.accent)
                        card.front.forEach { Line(it, colors.text) }
                    }
                }
            } else {
                card.back.forEach { Line(it, colors.text) }
            }
        }
    }
}

@Composable
private fun Line(line: CardLine, color: Color, valueColor: Color = color) {
    Column(Modifier.padding(vertical = 1.dp)) {
        Text(line.label, color = color, style = MaterialTheme.typography.labelSmall)
        Text(line.value, color = valueColor, fontWeight = FontWeight.SemiBold, style = MaterialTheme.typography.bodySmall)
    }
}
