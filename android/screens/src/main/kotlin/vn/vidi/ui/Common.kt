package vn.vidi.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp

/** A screen's scrolling column with the usual padding. */
@Composable
fun ScreenColumn(modifier: Modifier = Modifier, content: @Composable ColumnScope.() -> Unit) {
    Column(
        modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        content = content,
    )
}

/** A failure in the user's words (worded by the core), when there is one. */
@Composable
fun ErrorLine(error: String?) {
    if (error != null) {
        Text(error, color = MaterialTheme.colorScheme.error, modifier = Modifier.padding(vertical = 8.dp))
    }
}

/** A line of the core's words with some room around it. */
@Composable
fun InfoLine(text: String, modifier: Modifier = Modifier) {
    Text(text, modifier = modifier.padding(vertical = 8.dp))
}

/** A thin progress bar while [busy]. */
@Composable
fun BusyBar(busy: Boolean) {
    if (busy) LinearProgressIndicator(Modifier.fillMaxWidth().padding(vertical = 8.dp))
}

/**
 * A field for a PIN or passphrase: hidden as typed, never saved by the
 * keyboard; [digits] asks for the number pad.
 */
@Composable
fun SecretField(value: String, onChange: (String) -> Unit, label: String, error: String? = null, digits: Boolean = false) {
    OutlinedTextField(
        value = value,
        onValueChange = onChange,
        label = { Text(label) },
        isError = error != null,
        supportingText = error?.let { { Text(it) } },
        singleLine = true,
        visualTransformation = PasswordVisualTransformation(),
        keyboardOptions = KeyboardOptions(
            keyboardType = if (digits) KeyboardType.NumberPassword else KeyboardType.Password,
            autoCorrectEnabled = false,
        ),
        modifier = Modifier.fillMaxWidth().padding(vertical = 4.dp),
    )
}
