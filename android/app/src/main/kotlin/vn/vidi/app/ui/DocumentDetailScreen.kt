package vn.vidi.app.ui

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import vn.vidi.app.AppViewModel
import vn.vidi.domain.Language
import vn.vidi.domain.ui.DocumentDetailModel
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.Str

/** One document as its card, front and back, with its status, "Show QR" and delete. */
@Composable
fun DocumentDetailScreen(model: AppViewModel, route: Route.DocumentDetail, language: Language, modifier: Modifier = Modifier) {
    val detail: DocumentDetailModel = remember(route) {
        model.model(route) { DocumentDetailModel(it, model.app.language, model.wallet, route.id) }
    }
    val state by detail.state.collectAsStateWithLifecycle()
    LaunchedEffect(route) { detail.load() }
    LaunchedEffect(state.deleted) { if (state.deleted) model.app.back() }
    ScreenColumn(modifier) {
        BusyBar(state.loading)
        ErrorLine(state.error)
        state.card?.let { card ->
            Text(Str.DETAIL_FRONT.text(language), style = MaterialTheme.typography.labelLarge)
            DocumentCard(card, front = true, modifier = Modifier.padding(vertical = 8.dp))
            if (card.back.isNotEmpty()) {
                Text(Str.DETAIL_BACK.text(language), style = MaterialTheme.typography.labelLarge)
                DocumentCard(card, front = false, modifier = Modifier.padding(vertical = 8.dp))
            }
        }
        Text(state.badge, color = toneColor(state.tone), style = MaterialTheme.typography.titleMedium)
        Text(state.validity)
        Text(state.issuer, style = MaterialTheme.typography.bodySmall)
        Text(state.received, style = MaterialTheme.typography.bodySmall)
        Text(state.statusChecked, style = MaterialTheme.typography.bodySmall)
        state.rebindingNote?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        Button(
            onClick = { model.app.navigate(Route.ShowQr(route.id)) },
            enabled = state.canShowQr,
            modifier = Modifier.fillMaxWidth().padding(top = 16.dp),
        ) { Text(Str.DETAIL_SHOW_QR.text(language)) }
        OutlinedButton(onClick = detail::askDelete, modifier = Modifier.fillMaxWidth()) { Text(Str.DETAIL_DELETE.text(language)) }
    }
    if (state.confirmDelete) {
        AlertDialog(
            onDismissRequest = detail::cancelDelete,
            text = { Text(state.deleteQuestion.orEmpty()) },
            confirmButton = { TextButton(onClick = { detail.delete() }) { Text(Str.DETAIL_DELETE.text(language)) } },
            dismissButton = { TextButton(onClick = detail::cancelDelete) { Text(Str.COMMON_CANCEL.text(language)) } },
        )
    }
}
