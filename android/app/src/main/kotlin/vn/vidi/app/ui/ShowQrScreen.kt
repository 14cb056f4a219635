package vn.vidi.app.ui

import android.app.Activity
import android.view.WindowManager
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.LifecycleStartEffect
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import vn.vidi.app.AppViewModel
import vn.vidi.domain.Language
import vn.vidi.domain.ui.QrSelection
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.ShowQrModel
import vn.vidi.domain.ui.Str

/**
 * The QR screen: the document's presets or its claims one by one, the
 * code as large as the screen allows, a ring counting down to the next
 * code, and the model's caption. While it is shown the window is at full
 * brightness and `FLAG_SECURE` (no screenshots, blank in the recents
 * list); both are restored when it goes. The codes run only while the
 * screen is shown and the app is in the foreground (each code is a new
 * signature, and the model's `stop` forgets the last one).
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun ShowQrScreen(model: AppViewModel, route: Route.ShowQr, language: Language, modifier: Modifier = Modifier) {
    val qr: ShowQrModel = remember(route) { model.model(route) { ShowQrModel(it, model.app.language, model.wallet, route.id) } }
    val state by qr.state.collectAsStateWithLifecycle()
    SecureBrightWindow()
    LifecycleStartEffect(qr) {
        qr.start()
        onStopOrDispose { qr.stop() }
    }
    ScreenColumn(modifier) {
        Text(state.title, style = MaterialTheme.typography.headlineSmall)
        FlowRow {
            state.choices.forEach { choice ->
                FilterChip(
                    selected = (state.selected as? QrSelection.Preset)?.name == choice.preset,
                    onClick = { qr.choosePreset(choice.preset) },
                    label = { Text(choice.name) },
                    modifier = Modifier.padding(end = 8.dp),
                )
            }
        }
        Text(Str.QR_CHOOSE_CLAIMS.text(language), style = MaterialTheme.typography.labelLarge, modifier = Modifier.padding(top = 8.dp))
        FlowRow {
            state.claims.forEach { claim ->
                FilterChip(
                    selected = claim.selected,
                    onClick = { qr.toggleClaim(claim.claim) },
                    label = { Text(claim.label) },
                    modifier = Modifier.padding(end = 8.dp),
                )
            }
        }
        ErrorLine(state.error)
        state.qr?.let { code -> QrImage(code, state.accessibilityLabel, Modifier.padding(vertical = 12.dp)) }
        Box(Modifier.align(Alignment.CenterHorizontally), contentAlignment = Alignment.Center) {
            if (state.secondsToRefresh != null) {
                CircularProgressIndicator(progress = { state.fraction }, modifier = Modifier.size(56.dp))
                Text(state.secondsToRefresh.toString(), style = MaterialTheme.typography.titleMedium)
            }
        }
        Text(state.caption, style = MaterialTheme.typography.bodyLarge, modifier = Modifier.padding(top = 8.dp))
    }
}

/** Full brightness and no screenshots while in composition; the window's own settings after. */
@Composable
private fun SecureBrightWindow() {
    val window = (LocalContext.current as Activity).window
    DisposableEffect(window) {
        val brightness = window.attributes.screenBrightness
        window.addFlags(WindowManager.LayoutParams.FLAG_SECURE)
        window.attributes = window.attributes.apply { screenBrightness = WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_FULL }
        onDispose {
            window.clearFlags(WindowManager.LayoutParams.FLAG_SECURE)
            window.attributes = window.attributes.apply { screenBrightness = brightness }
        }
    }
}
