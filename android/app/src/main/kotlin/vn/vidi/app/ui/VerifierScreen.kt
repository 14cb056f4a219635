package vn.vidi.app.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import vn.vidi.app.AppViewModel
import vn.vidi.app.camera.QrScanner
import vn.vidi.domain.Language
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.Str
import vn.vidi.domain.ui.VerdictView
import vn.vidi.domain.ui.VerifierModel

/**
 * The checkpoint: the camera scanning for codes, then the verdict filling
 * the screen (green with the disclosed details, or red with the reason),
 * tap to scan the next; below, the lists' ages and a sync.
 */
@Composable
fun VerifierScreen(model: AppViewModel, language: Language, modifier: Modifier = Modifier) {
    val verifier: VerifierModel = remember {
        model.model(Route.Verifier) {
            val server = model.platform.settings.load().serverUrl ?: model.platform.defaultServerUrl
            VerifierModel(it, model.app.language, model.verifier(), server)
        }
    }
    val state by verifier.state.collectAsStateWithLifecycle()
    LaunchedEffect(Unit) { verifier.load() }
    val verdict = state.verdict
    if (verdict != null) {
        Verdict(verdict, modifier.clickable(onClick = verifier::dismiss))
        return
    }
    ScreenColumn(modifier) {
        Text(Str.VERIFIER_TITLE.text(language), style = MaterialTheme.typography.headlineMedium)
        Text(Str.VERIFIER_SCAN_HINT.text(language), modifier = Modifier.padding(vertical = 8.dp))
        QrScanner(language, onScanned = { verifier.onScanned(it) }, modifier = Modifier.fillMaxWidth().height(320.dp))
        if (state.checking) Text(Str.VERIFIER_CHECKING.text(language), style = MaterialTheme.typography.titleMedium)
        ErrorLine(state.error)
        state.notReady?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        state.lastSync?.let { Text(it, modifier = Modifier.padding(top = 8.dp)) }
        state.lists.forEach { list ->
            Text(list.name + " · " + list.age, color = if (list.stale) MaterialTheme.colorScheme.error else Color.Unspecified)
            list.warning?.let { Text(it, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodySmall) }
        }
        OutlinedTextField(
            value = state.serverUrl,
            onValueChange = verifier::setServerUrl,
            label = { Text(Str.SETUP_SERVER_URL_LABEL.text(language)) },
            singleLine = true,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri),
            modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
        )
        ErrorLine(state.syncError)
        BusyBar(state.syncing)
        Button(onClick = { verifier.sync() }, enabled = !state.syncing, modifier = Modifier.fillMaxWidth()) {
            Text(if (state.syncing) Str.VERIFIER_SYNCING.text(language) else Str.VERIFIER_SYNC.text(language))
        }
    }
}

/** The verdict, large and plain, on its tone's colour. */
@Composable
private fun Verdict(verdict: VerdictView, modifier: Modifier) {
    Column(modifier.fillMaxSize().background(toneColor(verdict.tone)).padding(24.dp)) {
        Text(
            verdict.headline,
            color = Color.White,
            fontSize = 48.sp,
            fontWeight = FontWeight.Black,
            modifier = Modifier.semantics { heading() },
        )
        Text(verdict.documentName, color = Color.White, style = MaterialTheme.typography.headlineSmall)
        verdict.issuer?.let { Text(it, color = Color.White) }
        verdict.reason?.let { Text(it, color = Color.White, style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(top = 16.dp)) }
        verdict.fields.forEach { field ->
            Text(field.label, color = Color.White, style = MaterialTheme.typography.labelLarge, modifier = Modifier.padding(top = 12.dp))
            Text(field.value, color = Color.White, style = MaterialTheme.typography.titleLarge)
        }
        verdict.hidden?.let { Text(it, color = Color.White, modifier = Modifier.padding(top = 16.dp)) }
    }
}
