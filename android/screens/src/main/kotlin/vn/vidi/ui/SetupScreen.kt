package vn.vidi.ui

import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import vn.vidi.app.Event
import vn.vidi.app.SetupEvent
import vn.vidi.app.SetupView
import vn.vidi.app.UnlockMethod

/**
 * First run: the issuer's address, PIN or biometric unlock, and the PIN
 * twice. The PINs stay in this screen's memory (not its saved state) until
 * "Create wallet" sends them, then are cleared; the core checks them.
 */
@Composable
fun SetupScreen(view: SetupView, send: (Event) -> Unit) {
    var pin by remember { mutableStateOf("") }
    var confirm by remember { mutableStateOf("") }
    ScreenColumn {
        Text(view.intro, modifier = Modifier.padding(bottom = 8.dp))
        OutlinedTextField(
            value = view.serverUrl,
            onValueChange = { send(Event.Setup(SetupEvent.ServerUrl(it))) },
            label = { Text(view.serverUrlLabel) },
            isError = view.serverUrlError != null,
            supportingText = view.serverUrlError?.let { { Text(it) } },
            singleLine = true,
            enabled = !view.busy,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri),
            modifier = Modifier.fillMaxWidth(),
        )
        Text(view.methodLabel, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 16.dp))
        MethodRow(view.methodPin, view.method == UnlockMethod.PIN, enabled = !view.busy) {
            send(Event.Setup(SetupEvent.Method(UnlockMethod.PIN)))
        }
        MethodRow(view.methodBiometric, view.method == UnlockMethod.BIOMETRIC, enabled = view.biometricAvailable && !view.busy) {
            send(Event.Setup(SetupEvent.Method(UnlockMethod.BIOMETRIC)))
        }
        view.biometricNote?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        if (view.method == UnlockMethod.PIN) {
            SecretField(pin, { pin = it.take(view.pinLength.toInt()) }, view.pinLabel, digits = true)
            SecretField(confirm, { confirm = it.take(view.pinLength.toInt()) }, view.pinConfirmLabel, view.pinError, digits = true)
        }
        ErrorLine(view.error)
        BusyBar(view.busy)
        Button(
            onClick = {
                send(Event.Setup(SetupEvent.Finish(pin, confirm)))
                pin = ""
                confirm = ""
            },
            enabled = !view.busy,
            modifier = Modifier.fillMaxWidth().padding(top = 16.dp),
        ) { Text(view.finishLabel) }
    }
}

/**
 * One unlock method: the whole row is the radio button, so its words are
 * its label and the row its (48 dp high) touch target.
 */
@Composable
private fun MethodRow(text: String, selected: Boolean, enabled: Boolean, onSelect: () -> Unit) {
    Row(
        Modifier
            .fillMaxWidth()
            .heightIn(min = 48.dp)
            .selectable(selected = selected, enabled = enabled, role = Role.RadioButton, onClick = onSelect),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        RadioButton(selected = selected, onClick = null, enabled = enabled)
        Text(text, modifier = Modifier.padding(start = 8.dp))
    }
}
