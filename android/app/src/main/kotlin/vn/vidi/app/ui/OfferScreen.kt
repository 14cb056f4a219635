package vn.vidi.app.ui

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalClipboardManager
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import vn.vidi.app.AppViewModel
import vn.vidi.app.camera.QrScanner
import vn.vidi.domain.Language
import vn.vidi.domain.ui.OfferModel
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.Str

/**
 * Accepting an offer: its link from a deep link, the camera or the
 * clipboard; then what it offers, the PIN that came with it, the steps of
 * the issuance (cancellable), and what was added.
 */
@Composable
fun OfferScreen(model: AppViewModel, route: Route.AcceptOffer, language: Language, modifier: Modifier = Modifier) {
    val offer: OfferModel = remember(route) { model.model(route) { OfferModel(it, model.app.language, model.wallet) } }
    val state by offer.state.collectAsStateWithLifecycle()
    val clipboard = LocalClipboardManager.current
    // Once per route: the model outlives a rotation, and reading the link again would start over.
    LaunchedEffect(route) { if (offer.state.value.link.isEmpty()) route.link?.let(offer::fromDeepLink) }
    ScreenColumn(modifier) {
        Text(Str.OFFER_TITLE.text(language), style = MaterialTheme.typography.headlineMedium)
        val preview = state.offer
        when {
            state.result != null -> {
                state.result.orEmpty().forEach { Text(it, modifier = Modifier.padding(vertical = 2.dp)) }
                Button(onClick = { model.app.back() }, modifier = Modifier.fillMaxWidth().padding(top = 16.dp)) {
                    Text(Str.COMMON_OK.text(language))
                }
            }
            preview == null -> {
                Text(Str.OFFER_SCAN.text(language), modifier = Modifier.padding(vertical = 8.dp))
                QrScanner(language, onScanned = offer::fromScan, modifier = Modifier.fillMaxWidth().height(280.dp))
                ErrorLine(state.linkError)
                OutlinedButton(
                    onClick = { clipboard.getText()?.text?.let(offer::fromPaste) },
                    modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
                ) { Text(Str.OFFER_PASTE.text(language)) }
            }
            else -> {
                preview.issuer?.let { Text(Str.OFFER_ISSUER.text(language, it), fontWeight = FontWeight.SemiBold) }
                preview.documents.forEach { Text(it) }
                if (preview.documents.isEmpty()) Text(Str.OFFER_BY_REFERENCE.text(language))
                if (state.rebinding) Text(Str.OFFER_REBINDING_NOTE.text(language), modifier = Modifier.padding(vertical = 8.dp))
                if (preview.needsPin) {
                    SecretField(state.pin.text, offer::setPin, Str.OFFER_PIN_LABEL.text(language), digits = true)
                }
                state.steps.forEach { step ->
                    Text(step.text, fontWeight = if (step.done) FontWeight.Normal else FontWeight.Bold)
                }
                ErrorLine(state.error)
                BusyBar(state.busy)
                if (state.busy) {
                    OutlinedButton(onClick = offer::cancel, modifier = Modifier.fillMaxWidth()) { Text(Str.COMMON_CANCEL.text(language)) }
                } else {
                    Button(onClick = offer::submit, modifier = Modifier.fillMaxWidth().padding(top = 16.dp)) {
                        Text(Str.OFFER_ACCEPT.text(language))
                    }
                }
            }
        }
    }
}
