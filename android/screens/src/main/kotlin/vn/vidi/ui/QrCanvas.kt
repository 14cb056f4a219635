package vn.vidi.ui

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.semantics
import vn.vidi.app.QrImage

/** The QR code's tag in the semantics tree (the screenshot tests find it by it). */
const val QR_TAG = "qr"

/**
 * The core's [qr] drawn module by module (`modules[y * size + x]`, 1 for
 * dark), black on white with its quiet zone on every side, as large as the
 * width allows. [description] is what a screen reader says for it (the
 * view's accessibility label).
 */
@Composable
fun QrCanvas(qr: QrImage, description: String, modifier: Modifier = Modifier) {
    Canvas(
        modifier
            .fillMaxWidth()
            .aspectRatio(1f)
            .semantics { contentDescription = description }
            .testTag(QR_TAG),
    ) {
        val size = qr.size.toInt()
        val quiet = qr.quietZone.toInt()
        val cell = this.size.minDimension / (size + 2 * quiet)
        drawRect(Color.White)
        // A hair wider than a cell, so neighbouring dark modules leave no seams.
        val dark = Size(cell + 0.5f, cell + 0.5f)
        for (y in 0 until size) {
            for (x in 0 until size) {
                if (qr.modules[y * size + x].toInt() != 0) {
                    drawRect(Color.Black, topLeft = Offset((x + quiet) * cell, (y + quiet) * cell), size = dark)
                }
            }
        }
    }
}
