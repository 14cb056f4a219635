package vn.vidi.desktop

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import vn.vidi.app.ShellWords

/** What reading an image file gave: its codes, or why none. */
sealed interface ImageRead {
    /** The codes' texts, in reading order. */
    data class Codes(val texts: List<String>) : ImageRead

    /** The image holds no QR code. */
    data object NoCode : ImageRead

    /** The file is not an image the core reads. */
    data object Unreadable : ImageRead

    /** No file was chosen. */
    data object Cancelled : ImageRead
}

/**
 * The desktop's stand-in for the camera: a field to paste what a QR code
 * holds (an offer link, a document's `VD2:` code) and read it, or a button
 * that opens an image file, which the core's QR reader decodes. Every code
 * read goes to [onScanned], as the phone's camera sends it.
 */
@Composable
fun ScanPanel(words: ShellWords, onScanned: (String) -> Unit, openImage: () -> ImageRead, modifier: Modifier = Modifier) {
    var text by remember { mutableStateOf("") }
    var problem by remember { mutableStateOf<String?>(null) }
    Column(modifier.padding(16.dp)) {
        OutlinedTextField(
            value = text,
            onValueChange = {
                text = it
                problem = null
            },
            label = { Text(words.pasteCode) },
            supportingText = { Text(problem ?: words.pasteCodeHint) },
            isError = problem != null,
            minLines = 2,
            maxLines = 4,
            modifier = Modifier.fillMaxWidth(),
        )
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp), modifier = Modifier.padding(top = 8.dp)) {
            Button(onClick = { onScanned(text.trim()) }, enabled = text.isNotBlank()) { Text(words.readCode) }
            OutlinedButton(onClick = {
                when (val read = openImage()) {
                    is ImageRead.Codes -> {
                        problem = null
                        read.texts.forEach(onScanned)
                    }
                    ImageRead.NoCode -> problem = words.noCodeInImage
                    ImageRead.Unreadable -> problem = words.unreadableImage
                    ImageRead.Cancelled -> Unit
                }
            }) { Text(words.openImage) }
        }
    }
}
