package vn.vidi.app.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import vn.vidi.app.AppViewModel
import vn.vidi.domain.Language
import vn.vidi.domain.ui.DocumentItem
import vn.vidi.domain.ui.DocumentsModel
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.Str

/**
 * The citizen's documents: one card-coloured row each, with its status
 * badge; above them how old the badges are and a button that syncs the
 * status lists (the verifier mode's cache) from the server and applies them.
 */
@Composable
fun DocumentsScreen(model: AppViewModel, language: Language, modifier: Modifier = Modifier) {
    val documents: DocumentsModel = remember {
        model.model(Route.Documents) {
            val server = model.platform.settings.load().serverUrl ?: model.platform.defaultServerUrl
            DocumentsModel(it, model.app.language, model.wallet, model.verifier(), server)
        }
    }
    val state by documents.state.collectAsStateWithLifecycle()
    // Again each time the list comes back on top (after an offer, a delete, a restore).
    LaunchedEffect(Unit) { documents.refresh() }
    Column(modifier.fillMaxSize().padding(16.dp)) {
        Text(Str.DOCUMENTS_TITLE.text(language), style = MaterialTheme.typography.headlineMedium)
        BusyBar(state.loading || state.statusUpdating)
        ErrorLine(state.error)
        state.statusAge?.let { Text(it, style = MaterialTheme.typography.bodyMedium) }
        ErrorLine(state.statusError)
        if (state.canUpdateStatus && state.items.isNotEmpty()) {
            OutlinedButton(onClick = { documents.updateStatus() }, enabled = !state.statusUpdating) {
                Text((if (state.statusUpdating) Str.DOCUMENTS_STATUS_UPDATING else Str.DOCUMENTS_UPDATE_STATUS).text(language))
            }
        }
        if (state.empty) {
            Text(Str.DOCUMENTS_EMPTY.text(language), modifier = Modifier.padding(vertical = 16.dp))
            Button(onClick = { model.app.navigate(Route.AcceptOffer()) }) { Text(Str.APP_MENU_ADD_DOCUMENT.text(language)) }
        }
        LazyColumn {
            items(state.items, key = { it.id }) { item ->
                DocumentRow(item) { model.app.navigate(Route.DocumentDetail(item.id)) }
            }
        }
    }
}

@Composable
private fun DocumentRow(item: DocumentItem, onOpen: () -> Unit) {
    Card(Modifier.fillMaxWidth().padding(vertical = 6.dp).clickable(onClick = onOpen)) {
        Column(Modifier.padding(16.dp)) {
            Text(item.typeName, style = MaterialTheme.typography.titleMedium)
            Text(item.holder, style = MaterialTheme.typography.bodyLarge)
            item.number?.let { Text(it, style = MaterialTheme.typography.bodyMedium) }
            Text(item.validity, style = MaterialTheme.typography.bodySmall)
            Text(item.badge, color = toneColor(item.tone), style = MaterialTheme.typography.labelLarge)
        }
    }
}
