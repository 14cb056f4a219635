package vn.vidi.app.ui

import android.content.Intent
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.FilterChip
import androidx.compose.material3.HorizontalDivider
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
import vn.vidi.domain.ui.ActivityLogModel
import vn.vidi.domain.ui.LogItem
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.Str

/** How long the log may keep entries; null is for ever. */
private val RETENTION_CHOICES = listOf(null, 30, 90, 365)

/**
 * The activity log, newest first: narrowed by event, kept for a chosen
 * time, and exported as text through the system's share sheet.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun ActivityLogScreen(model: AppViewModel, language: Language, modifier: Modifier = Modifier) {
    val log: ActivityLogModel = remember { model.model(Route.ActivityLog) { ActivityLogModel(it, model.app.language, model.wallet) } }
    val state by log.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    LaunchedEffect(Unit) { log.load() }
    // The export is ready: hand it to the share sheet once, then tell the
    // model, so a screen recreated after a rotation does not share it again.
    LaunchedEffect(state.export) {
        state.export?.let { text ->
            val send = Intent(Intent.ACTION_SEND).setType("text/plain").putExtra(Intent.EXTRA_TEXT, text)
            context.startActivity(Intent.createChooser(send, null))
            log.exportShown()
        }
    }
    Column(modifier.fillMaxSize().padding(16.dp)) {
        Text(Str.LOG_TITLE.text(language), style = MaterialTheme.typography.headlineMedium)
        FlowRow {
            state.filters.forEach { choice ->
                FilterChip(choice.selected, onClick = { log.setFilter(choice.event) }, label = { Text(choice.label) }, modifier = Modifier.padding(end = 8.dp))
            }
        }
        FlowRow {
            RETENTION_CHOICES.forEach { days ->
                val label = if (days == null) Str.LOG_RETENTION_FOREVER.text(language) else Str.LOG_RETENTION_DAYS.text(language, days)
                FilterChip(state.retentionDays == days, onClick = { log.setRetention(days) }, label = { Text(label) }, modifier = Modifier.padding(end = 8.dp))
            }
        }
        OutlinedButton(onClick = { log.exportLog() }, modifier = Modifier.fillMaxWidth()) { Text(Str.SHELL_EXPORT_LOG.text(language)) }
        BusyBar(state.loading)
        ErrorLine(state.error)
        if (state.empty) Text(Str.LOG_EMPTY.text(language), modifier = Modifier.padding(vertical = 16.dp))
        LazyColumn {
            items(state.entries, key = { it.id }) { LogRow(it) }
        }
    }
}

@Composable
private fun LogRow(item: LogItem) {
    Column(Modifier.padding(vertical = 8.dp)) {
        Text(item.time, style = MaterialTheme.typography.labelMedium)
        Text(item.text, style = MaterialTheme.typography.bodyLarge)
        item.claims?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        item.audience?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        item.whileLocked?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
    }
    HorizontalDivider()
}
