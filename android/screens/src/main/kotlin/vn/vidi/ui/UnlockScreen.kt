package vn.vidi.ui

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import vn.vidi.app.Event
import vn.vidi.app.UnlockEvent
import vn.vidi.app.UnlockMethod
import vn.vidi.app.UnlockView

/**
 * Unlocking: the PIN with the core's tries left and waits, or the
 * biometric button (the core asks for the prompt, `Effect.BiometricPrompt`,
 * which the activity shows). When the Keystore key is gone, what happened
 * and "start again", confirmed in a dialog.
 */
@Composable
fun UnlockScreen(view: UnlockView, send: (Event) -> Unit) {
    var pin by remember { mutableStateOf("") }
    ScreenColumn {
        view.offerWaiting?.let { InfoLine(it) }
        view.keyGone?.let { gone ->
            InfoLine(gone)
            OutlinedButton(onClick = { send(Event.Unlock(UnlockEvent.StartOver)) }, enabled = !view.busy, modifier = Modifier.fillMaxWidth()) {
                Text(view.startOverLabel)
            }
        }
        if (view.keyGone == null) {
            when (view.method) {
                UnlockMethod.PIN -> {
                    SecretField(
                        pin,
                        { pin = it.take(view.pinLength.toInt()) },
                        view.pinLabel,
                        error = view.error ?: view.attemptsLeft,
                        digits = true,
                    )
                    view.wait?.let { InfoLine(it) }
                    Button(
                        onClick = {
                            send(Event.Unlock(UnlockEvent.Submit(pin)))
                            pin = ""
                        },
                        enabled = view.canSubmit,
                        modifier = Modifier.fillMaxWidth().padding(top = 16.dp),
                    ) { Text(view.submitLabel) }
                }
                UnlockMethod.BIOMETRIC -> {
                    ErrorLine(view.error)
                    Button(
                        onClick = { send(Event.Unlock(UnlockEvent.UseBiometric)) },
                        enabled = !view.busy,
                        modifier = Modifier.fillMaxWidth().padding(top = 16.dp),
                    ) { Text(view.biometricLabel) }
                }
            }
        } else {
            ErrorLine(view.error)
        }
        BusyBar(view.busy)
    }
    view.confirmStartOver?.let { question ->
        AlertDialog(
            onDismissRequest = { send(Event.Unlock(UnlockEvent.CancelStartOver)) },
            text = { Text(question) },
            confirmButton = {
                TextButton(onClick = { send(Event.Unlock(UnlockEvent.ConfirmStartOver)) }) { Text(view.confirmStartOverLabel) }
            },
            dismissButton = {
                TextButton(onClick = { send(Event.Unlock(UnlockEvent.CancelStartOver)) }) { Text(view.cancelLabel) }
            },
        )
    }
}
