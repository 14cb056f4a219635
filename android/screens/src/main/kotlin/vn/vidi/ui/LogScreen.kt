package vn.vidi.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.FilterChip
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import vn.vidi.app.Event
import vn.vidi.app.LogEvent
import vn.vidi.app.LogView

/**
 * The activity log: filters by kind, the entries as the core words them,
 * how long they are kept (and the other periods), and the export, which
 * the core hands to the share sheet once (`Effect.Share`).
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun LogScreen(view: LogView, send: (Event) -> Unit) {
    ScreenColumn {
        FlowRow {
            view.filters.forEach { filter ->
                FilterChip(
                    selected = filter.selected,
                    onClick = { send(Event.Log(LogEvent.SetFilter(filter.event))) },
                    label = { Text(filter.label) },
                    modifier = Modifier.padding(end = 8.dp),
                )
            }
        }
        BusyBar(view.loading)
        ErrorLine(view.error)
        view.empty?.let { InfoLine(it) }
        view.entries.forEach { entry ->
            Column(Modifier.padding(vertical = 6.dp)) {
                Text(entry.time, style = MaterialTheme.typography.labelSmall)
                Text(entry.text)
                entry.claims?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
                entry.audience?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
                entry.whileLocked?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
            }
            HorizontalDivider()
        }
        Text(view.retention, style = MaterialTheme.typography.titleSmall, modifier = Modifier.padding(top = 12.dp))
        FlowRow {
            view.retentionChoices.forEach { choice ->
                FilterChip(
                    selected = choice.selected,
                    onClick = { send(Event.Log(LogEvent.SetRetention(choice.days))) },
                    label = { Text(choice.label) },
                    modifier = Modifier.padding(end = 8.dp),
                )
            }
        }
        OutlinedButton(onClick = { send(Event.Log(LogEvent.Export)) }, modifier = Modifier.fillMaxWidth().padding(top = 8.dp)) {
            Text(view.exportLabel)
        }
    }
}
