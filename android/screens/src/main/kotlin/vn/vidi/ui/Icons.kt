package vn.vidi.ui

import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.SolidColor
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.graphics.vector.path
import androidx.compose.ui.unit.dp

/**
 * The app's two icons, drawn here on a 24-unit grid so the screens need
 * only the common Compose API (no material-icons artefact, which Compose
 * Multiplatform no longer publishes). The icon's tint colours them.
 */
object VidiIcons {
    /** An arrow pointing left, the way back. */
    val back: ImageVector = ImageVector.Builder("back", 24.dp, 24.dp, 24f, 24f, autoMirror = true).apply {
        path(fill = SolidColor(Color.Black)) {
            // The shaft, then the head's two strokes as one closed shape.
            moveTo(20f, 11f)
            lineTo(7.8f, 11f)
            lineTo(13.4f, 5.4f)
            lineTo(12f, 4f)
            lineTo(4f, 12f)
            lineTo(12f, 20f)
            lineTo(13.4f, 18.6f)
            lineTo(7.8f, 13f)
            lineTo(20f, 13f)
            close()
        }
    }.build()

    /** Three dots one above the other, the menu. */
    val menu: ImageVector = ImageVector.Builder("menu", 24.dp, 24.dp, 24f, 24f).apply {
        for (y in listOf(5f, 12f, 19f)) {
            path(fill = SolidColor(Color.Black)) {
                moveTo(12f, y - 2f)
                arcTo(2f, 2f, 0f, isMoreThanHalf = true, isPositiveArc = true, x1 = 12f, y1 = y + 2f)
                arcTo(2f, 2f, 0f, isMoreThanHalf = true, isPositiveArc = true, x1 = 12f, y1 = y - 2f)
                close()
            }
        }
    }.build()
}
