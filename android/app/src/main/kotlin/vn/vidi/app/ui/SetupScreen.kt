package vn.vidi.app.ui

import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.fragment.app.FragmentActivity
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import vn.vidi.app.AppViewModel
import vn.vidi.domain.Language
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.SetupModel
import vn.vidi.domain.ui.Str
import vn.vidi.domain.ui.UnlockMethod

/**
 * First run: the issuer's address (the emulator's view of server-mock by
 * default), PIN or biometric unlock, and the PIN twice. With biometrics,
 * the prompt comes first, so the new Keystore key may seal the wallet's.
 */
@Composable
fun SetupScreen(model: AppViewModel, language: Language, modifier: Modifier = Modifier) {
    val setup: SetupModel = remember { model.model(Route.Setup) { model.app.setupModel(it) } }
    val state by setup.state.collectAsStateWithLifecycle()
    val activity = LocalContext.current as FragmentActivity
    ScreenColumn(modifier) {
        Text(Str.SETUP_TITLE.text(language), style = MaterialTheme.typography.headlineMedium)
        Text(Str.SETUP_INTRO.text(language), modifier = Modifier.padding(vertical = 8.dp))
        OutlinedTextField(
            value = state.serverUrl,
            onValueChange = setup::setServerUrl,
            label = { Text(Str.SETUP_SERVER_URL_LABEL.text(language)) },
            isError = state.serverUrlError != null,
            supportingText = state.serverUrlError?.let { { Text(it) } },
            singleLine = true,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri),
            modifier = Modifier.fillMaxWidth(),
        )
        Text(Str.SETUP_METHOD_LABEL.text(language), style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 16.dp))
        MethodRow(Str.SETUP_METHOD_PIN.text(language), state.method == UnlockMethod.Pin, enabled = true) { setup.setMethod(UnlockMethod.Pin) }
        MethodRow(Str.SETUP_METHOD_BIOMETRIC.text(language), state.method == UnlockMethod.Biometric, state.biometricAvailable) {
            setup.setMethod(UnlockMethod.Biometric)
        }
        if (!state.biometricAvailable) Text(Str.SETUP_BIOMETRIC_UNAVAILABLE.text(language), style = MaterialTheme.typography.bodySmall)
        if (state.method == UnlockMethod.Pin) {
            SecretField(state.pin.text, setup::setPin, Str.SETUP_PIN_LABEL.text(language), digits = true)
            SecretField(state.pinConfirm.text, setup::setPinConfirm, Str.SETUP_PIN_CONFIRM_LABEL.text(language), state.pinError, digits = true)
        }
        ErrorLine(state.error)
        BusyBar(state.busy)
        if (state.busy) Text(Str.SETUP_CREATING.text(language))
        Button(
            onClick = {
                if (state.method == UnlockMethod.Biometric) {
                    askBiometric(
                        activity,
                        Str.UNLOCK_BIOMETRIC_PROMPT_TITLE.text(language),
                        Str.COMMON_CANCEL.text(language),
                        onSuccess = setup::finish,
                        onFailure = {},
                    )
                } else {
                    setup.finish()
                }
            },
            enabled = !state.busy,
            modifier = Modifier.fillMaxWidth().padding(top = 16.dp),
        ) { Text(Str.SETUP_FINISH.text(language)) }
    }
}

@Composable
private fun MethodRow(text: String, selected: Boolean, enabled: Boolean, onSelect: () -> Unit) {
    Row(verticalAlignment = Alignment.CenterVertically) {
        RadioButton(selected = selected, onClick = onSelect, enabled = enabled)
        Text(text)
    }
}
