package vn.vidi.app.ui

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import androidx.fragment.app.FragmentActivity
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import vn.vidi.app.AppViewModel
import vn.vidi.domain.Language
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.Str
import vn.vidi.domain.ui.UnlockMethod
import vn.vidi.domain.ui.UnlockModel

/**
 * Unlocking: the PIN (with the model's attempts and lock-out countdown),
 * or the biometric prompt, shown at once and again on request.
 */
@Composable
fun UnlockScreen(model: AppViewModel, language: Language, offerWaiting: Boolean, modifier: Modifier = Modifier) {
    val unlock: UnlockModel = remember { model.model(Route.Unlock) { model.app.unlockModel(it) } }
    val state by unlock.state.collectAsStateWithLifecycle()
    val activity = LocalContext.current as FragmentActivity
    val prompt = {
        askBiometric(
            activity,
            Str.UNLOCK_BIOMETRIC_PROMPT_TITLE.text(language),
            Str.COMMON_CANCEL.text(language),
            onSuccess = unlock::biometricSucceeded,
            onFailure = unlock::biometricFailed,
        )
    }
    if (state.method == UnlockMethod.Biometric) LaunchedEffect(Unit) { prompt() }
    ScreenColumn(modifier) {
        Text(Str.UNLOCK_TITLE.text(language), style = MaterialTheme.typography.headlineMedium)
        if (offerWaiting) Text(Str.UNLOCK_OFFER_WAITING.text(language), modifier = Modifier.padding(vertical = 8.dp))
        when (state.method) {
            UnlockMethod.Pin -> {
                SecretField(state.pin.text, unlock::setPin, Str.UNLOCK_PIN_LABEL.text(language), digits = true)
                ErrorLine(state.error)
                if (state.waitSeconds > 0) Text(Str.UNLOCK_WAIT.text(language, state.waitSeconds))
                Button(
                    onClick = unlock::submit,
                    enabled = !state.busy && state.waitSeconds == 0,
                    modifier = Modifier.fillMaxWidth().padding(top = 16.dp),
                ) { Text(Str.UNLOCK_SUBMIT.text(language)) }
            }
            UnlockMethod.Biometric -> {
                ErrorLine(state.error)
                Button(onClick = prompt, enabled = !state.busy, modifier = Modifier.fillMaxWidth().padding(top = 16.dp)) {
                    Text(Str.UNLOCK_USE_BIOMETRIC.text(language))
                }
            }
        }
        BusyBar(state.busy)
    }
}
