package vn.vidi.android.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color
import vn.vidi.app.VerdictTone

/** Material 3 in the phone's light or dark scheme, with Vidi's red. */
@Composable
fun VidiTheme(content: @Composable () -> Unit) {
    val colors = if (isSystemInDarkTheme()) {
        darkColorScheme(primary = Color(0xFFFFB4A8), secondary = Color(0xFFE7BDB6))
    } else {
        lightColorScheme(primary = Color(0xFFB3261E), secondary = Color(0xFF775651))
    }
    MaterialTheme(colorScheme = colors, content = content)
}

/** The verifier's verdict: green for accepted, red for refused. */
fun verdictColor(tone: VerdictTone): Color = when (tone) {
    VerdictTone.GOOD -> Color(0xFF1B7F3B)
    VerdictTone.BAD -> Color(0xFFC62828)
}
