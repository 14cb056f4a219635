package vn.vidi.android.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color
import vn.vidi.app.CardStyle
import vn.vidi.app.Tone

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

/** A card's colours: its background gradient, its text and its accents. */
data class CardColors(val top: Color, val bottom: Color, val text: Color, val accent: Color)

/**
 * The colours people know each card by: the chip-based identity card's
 * pale blue, the driving licence's pale pink-beige, the health insurance
 * card's white and blue.
 */
fun cardColors(theme: CardStyle): CardColors = when (theme) {
    CardStyle.NATIONAL_ID -> CardColors(Color(0xFFDCEBF7), Color(0xFFB9D4EC), Color(0xFF0D2B4C), Color(0xFFC62828))
    CardStyle.DRIVING_LICENCE -> CardColors(Color(0xFFF8E6E0), Color(0xFFEBC9BE), Color(0xFF3E2723), Color(0xFF1565C0))
    CardStyle.HEALTH_INSURANCE -> CardColors(Color(0xFFFFFFFF), Color(0xFFDDEBF8), Color(0xFF0B3D91), Color(0xFF0B6FB8))
}

/** The colour of a status badge or a verdict of [tone]. */
fun toneColor(tone: Tone): Color = when (tone) {
    Tone.GOOD -> Color(0xFF1B7F3B)
    Tone.CAUTION -> Color(0xFFB26A00)
    Tone.BAD -> Color(0xFFC62828)
    Tone.NEUTRAL -> Color(0xFF5F6368)
}
