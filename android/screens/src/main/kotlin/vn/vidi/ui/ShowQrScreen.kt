package vn.vidi.ui

import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import vn.vidi.app.Event
import vn.vidi.app.ShowQrEvent
import vn.vidi.app.ShowQrView

/**
 * The QR screen: the document's presets or its claims one by one, the
 * code as large as the screen allows, a ring counting down to the next
 * code, and the core's caption. Full brightness and `FLAG_SECURE` follow
 * the view model's `platform` (the activity applies them); the core stops
 * the codes when the app goes to the background and starts them again
 * when it comes back.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun ShowQrScreen(view: ShowQrView, send: (Event) -> Unit) {
    ScreenColumn {
        Text(view.title, style = MaterialTheme.typography.headlineSmall)
        FlowRow {
            view.choices.forEach { choice ->
                FilterChip(
                    selected = choice.selected,
                    onClick = { send(Event.ShowQr(ShowQrEvent.ChoosePreset(choice.preset))) },
                    label = { Text(choice.name) },
                    modifier = Modifier.padding(end = 8.dp),
                )
            }
        }
        Text(view.chooseClaimsLabel, style = MaterialTheme.typography.labelLarge, modifier = Modifier.padding(top = 8.dp))
        FlowRow {
            view.claims.forEach { claim ->
                FilterChip(
                    selected = claim.selected,
                    onClick = { send(Event.ShowQr(ShowQrEvent.ToggleClaim(claim.claim))) },
                    label = { Text(claim.label) },
                    modifier = Modifier.padding(end = 8.dp),
                )
            }
        }
        ErrorLine(view.error)
        view.qr?.let { code -> QrCanvas(code, view.accessibilityLabel, Modifier.padding(vertical = 12.dp)) }
        if (view.secondsToRefresh != null) {
            CircularProgressIndicator(
                progress = { view.fraction },
                modifier = Modifier.size(48.dp).align(Alignment.CenterHorizontally),
            )
        }
        Text(view.caption, style = MaterialTheme.typography.bodyLarge, modifier = Modifier.padding(top = 8.dp))
    }
}
