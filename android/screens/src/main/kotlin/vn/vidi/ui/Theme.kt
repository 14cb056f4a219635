package vn.vidi.ui

import androidx.compose.material3.ColorScheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.ReadOnlyComposable
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.graphics.Color
import vn.vidi.app.CardStyle
import vn.vidi.app.Tone

/** Whether the dark scheme is drawn (set by [VidiTheme]). */
val LocalDarkTheme = staticCompositionLocalOf { false }

/** Material 3's light or dark scheme with Vidi's red. */
fun vidiColorScheme(dark: Boolean): ColorScheme = if (dark) {
    darkColorScheme(primary = Color(0xFFFFB4A8), secondary = Color(0xFFE7BDB6))
} else {
    lightColorScheme(primary = Color(0xFFB3261E), secondary = Color(0xFF775651))
}

/** Material 3 in the [dark] or light scheme, with Vidi's red. */
@Composable
fun VidiTheme(dark: Boolean, content: @Composable () -> Unit) {
    CompositionLocalProvider(LocalDarkTheme provides dark) {
        MaterialTheme(colorScheme = vidiColorScheme(dark), content = content)
    }
}

/** A card's colours: its background gradient, its text and its accents. */
data class CardColors(val top: Color, val bottom: Color, val text: Color, val accent: Color)

/**
 * The colours people know each card by, the same in both themes (a card
 * is a card): the chip-based identity card's pale blue, the driving
 * licence's pale pink-beige, the health insurance card's white and blue.
 */
fun cardColors(theme: CardStyle): CardColors = when (theme) {
    CardStyle.NATIONAL_ID -> CardColors(Color(0xFFDCEBF7), Color(0xFFB9D4EC), Color(0xFF0D2B4C), Color(0xFFA31515))
    CardStyle.DRIVING_LICENCE -> CardColors(Color(0xFFF8E6E0), Color(0xFFEBC9BE), Color(0xFF3E2723), Color(0xFF0D47A1))
    CardStyle.HEALTH_INSURANCE -> CardColors(Color(0xFFFFFFFF), Color(0xFFDDEBF8), Color(0xFF0B3D91), Color(0xFF0A5A96))
}

/**
 * The colour of a status badge's words of [tone] on the [dark] or light
 * theme's surface, or on a card (always light: `dark = false`). Dark
 * tones on light ground, light tones on dark ground: each at least 4.5:1
 * against what it is drawn on.
 */
fun toneColor(tone: Tone, dark: Boolean): Color = if (dark) {
    when (tone) {
        Tone.GOOD -> Color(0xFF7DDB95)
        Tone.CAUTION -> Color(0xFFFFB95C)
        Tone.BAD -> Color(0xFFFFB4AB)
        Tone.NEUTRAL -> Color(0xFFC4C7CC)
    }
} else {
    when (tone) {
        Tone.GOOD -> Color(0xFF17612D)
        Tone.CAUTION -> Color(0xFF7A4500)
        Tone.BAD -> Color(0xFFA11F18)
        Tone.NEUTRAL -> Color(0xFF4F5358)
    }
}

/** [toneColor] for the theme being drawn. */
@Composable
@ReadOnlyComposable
fun toneColor(tone: Tone): Color = toneColor(tone, LocalDarkTheme.current)

/**
 * A verdict's full-screen colour of [tone], under white words, in both
 * themes: the light theme's tone, dark enough for white text.
 */
fun verdictColor(tone: Tone): Color = toneColor(tone, dark = false)

/** The words drawn on a verdict. */
val VerdictText = Color.White
