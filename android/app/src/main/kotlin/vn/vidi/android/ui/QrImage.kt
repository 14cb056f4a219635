package vn.vidi.android.ui

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import vn.vidi.domain.QrCode

/**
 * [qr] drawn module by module from `QrCode.isDark`, black on white with
 * the domain's quiet zone ([QrCode.QUIET_ZONE] modules on every side), as
 * large as the width allows. [description] is what a screen reader says
 * for it (the model's accessibility label).
 */
@Composable
fun QrImage(qr: QrCode, description: String, modifier: Modifier = Modifier) {
    Canvas(
        modifier
            .fillMaxWidth()
            .aspectRatio(1f)
            .semantics { contentDescription = description },
    ) {
        val modules = qr.size + 2 * QrCode.QUIET_ZONE
        val cell = size.minDimension / modules
        drawRect(Color.White)
        // A hair wider than a cell, so neighbouring dark modules leave no seams.
        val dark = Size(cell + 0.5f, cell + 0.5f)
        for (y in 0 until qr.size) {
            for (x in 0 until qr.size) {
                if (qr.isDark(x, y)) {
                    drawRect(Color.Black, topLeft = Offset((x + QrCode.QUIET_ZONE) * cell, (y + QrCode.QUIET_ZONE) * cell), size = dark)
                }
            }
        }
    }
}
