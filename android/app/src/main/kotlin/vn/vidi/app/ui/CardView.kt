package vn.vidi.app.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.draw.clip
import androidx.compose.ui.graphics.Brush
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import vn.vidi.domain.ui.CardLine
import vn.vidi.domain.ui.CardView

/**
 * One side of a document drawn like the plastic card: rounded corners,
 * the card's colours, its bilingual header and title, the
 * photo's slot, the number in the accent colour, then the fields with the
 * card's own labels. [front] picks the side.
 */
@Composable
fun DocumentCard(card: CardView, front: Boolean, modifier: Modifier = Modifier) {
    val colors = cardColors(card.theme)
    Box(
        modifier
            .fillMaxWidth()
            .heightIn(min = 200.dp)
            .clip(RoundedCornerShape(12.dp))
            .background(Brush.verticalGradient(listOf(colors.top, colors.bottom)))
            .padding(12.dp),
    ) {
        Column {
            if (front) {
                card.header.forEach {
                    Text(it, color = colors.text, style = MaterialTheme.typography.labelSmall, textAlign = TextAlign.Center, modifier = Modifier.fillMaxWidth())
                }
                Text(
                    card.title,
                    color = colors.accent,
                    fontWeight = FontWeight.Bold,
                    style = MaterialTheme.typography.titleSmall,
                    textAlign = TextAlign.Center,
                    modifier = Modifier.fillMaxWidth().padding(vertical = 4.dp),
                )
                Row {
                    if (card.portrait != null) {
                        Box(Modifier.size(width = 56.dp, height = 72.dp).background(colors.bottom))
                        Box(Modifier.width(8.dp))
                    }
                    Column {
                        Line(card.number, colors.text, valueColor = colors.accent)
                        card.front.forEach { Line(it, colors.text) }
                    }
                }
            } else {
                card.back.forEach { Line(it, colors.text) }
            }
        }
    }
}

@Composable
private fun Line(line: CardLine, color: Color, valueColor: Color = color) {
    Column(Modifier.padding(vertical = 1.dp)) {
        Text(line.label, color = color, style = MaterialTheme.typography.labelSmall)
        Text(line.value, color = valueColor, fontWeight = FontWeight.SemiBold, style = MaterialTheme.typography.bodySmall)
    }
}
