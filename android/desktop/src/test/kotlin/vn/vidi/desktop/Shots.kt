package vn.vidi.desktop

import androidx.compose.ui.geometry.Rect
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.asSkiaBitmap
import androidx.compose.ui.semantics.SemanticsActions
import androidx.compose.ui.semantics.SemanticsNode
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.ComposeUiTest
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.captureToImage
import androidx.compose.ui.test.onRoot
import androidx.compose.ui.test.runSkikoComposeUiTest
import androidx.compose.ui.unit.Density
import org.jetbrains.skia.EncodedImageFormat
import org.jetbrains.skia.Image
import vn.vidi.app.ViewModel
import vn.vidi.ui.QR_TAG
import vn.vidi.ui.VidiApp

/** A phone's size in dp (a common Android phone's), and the pixels per dp the shots are drawn at. */
const val PHONE_WIDTH_DP = 411
const val PHONE_HEIGHT_DP = 891
const val SHOT_DENSITY = 1.5f

/** One screen drawn: its PNG, the areas whose text changes from run to run, and what its semantics say. */
class Shot(val png: ByteArray, val volatile: List<Rect>, val findings: List<String>)

/**
 * Draws [view] as the app draws it (the screens of android/screens, the
 * desktop's scan panel in place of the camera) in the [dark] or light
 * theme, at a phone's size, and reads its semantics tree:
 *
 * - **volatile areas:** each text with a digit in it (times, dates, ages,
 *   numbers, the issuer's port) and the QR code (its signature differs at
 *   every signing) — compared by layout, not by pixel;
 * - **findings:** every actionable node (click, text input, toggle) that
 *   has no label, or whose touch target is under 48 × 48 dp; a QR code
 *   with no spoken label.
 *
 * The test clock does not run by itself, so animations (the busy bars)
 * are drawn at the same instant every time.
 */
@OptIn(ExperimentalTestApi::class)
fun shoot(view: ViewModel, dark: Boolean): Shot {
    lateinit var png: ByteArray
    lateinit var volatile: List<Rect>
    render(view, dark, PHONE_HEIGHT_DP) {
        val image = onRoot().captureToImage()
        png = Image.makeFromBitmap(image.asSkiaBitmap()).encodeToData(EncodedImageFormat.PNG)!!.bytes
        volatile = volatileAreas(onRoot(useUnmergedTree = true).fetchSemanticsNode())
    }
    // The rules are checked on a screen tall enough that nothing scrolls
    // out of sight (a node scrolled away has no touch area left to measure).
    lateinit var findings: List<String>
    render(view, dark, TALL_HEIGHT_DP) { findings = findings(onRoot().fetchSemanticsNode(), SHOT_DENSITY) }
    return Shot(png, volatile, findings)
}

/** A screen this tall holds every screen's content without scrolling. */
private const val TALL_HEIGHT_DP = 4000

@OptIn(ExperimentalTestApi::class)
private fun render(view: ViewModel, dark: Boolean, heightDp: Int, read: ComposeUiTest.() -> Unit) {
    runSkikoComposeUiTest(
        size = Size(PHONE_WIDTH_DP * SHOT_DENSITY, heightDp * SHOT_DENSITY),
        density = Density(SHOT_DENSITY),
    ) {
        mainClock.autoAdvance = false
        setContent {
            VidiApp(
                view,
                send = {},
                scanner = { modifier -> ScanPanel(view.shell, onScanned = {}, openImage = { ImageRead.Cancelled }, modifier = modifier) },
                dark = dark,
            )
        }
        mainClock.advanceTimeBy(FRAME_MS * 20)
        read()
    }
}

private const val FRAME_MS = 16L

/** The nodes of the tree under [root], [root] first. */
fun SemanticsNode.all(): List<SemanticsNode> = listOf(this) + children.flatMap { it.all() }

private fun volatileAreas(root: SemanticsNode): List<Rect> = root.all().filter { node ->
    val texts = node.config.getOrNull(SemanticsProperties.Text).orEmpty().map { it.text } +
        listOfNotNull(node.config.getOrNull(SemanticsProperties.EditableText)?.text)
    texts.any { text -> text.any(Char::isDigit) } || node.config.getOrNull(SemanticsProperties.TestTag) == QR_TAG
}.map { it.boundsInRoot }

/** What the accessibility rules find wrong in the merged tree under [root]. */
fun findings(root: SemanticsNode, density: Float): List<String> {
    val minimum = 48 * density - 0.5f
    val out = ArrayList<String>()
    for (node in root.all()) {
        val config = node.config
        val actionable = config.contains(SemanticsActions.OnClick) || config.contains(SemanticsActions.SetText) ||
            config.contains(SemanticsProperties.ToggleableState)
        val label = (
            config.getOrNull(SemanticsProperties.ContentDescription).orEmpty() +
                config.getOrNull(SemanticsProperties.Text).orEmpty().map { it.text } +
                listOfNotNull(config.getOrNull(SemanticsActions.OnClick)?.label)
            ).joinToString(" ").trim()
        val name = label.ifEmpty { "node ${node.id}" }.take(40)
        if (actionable) {
            if (label.isEmpty()) out += "an actionable node without a label (node ${node.id} at ${node.boundsInRoot})"
            // The touch area: the node's layout, grown to Material's minimum.
            val touch = node.touchBoundsInRoot
            if (touch.width < minimum || touch.height < minimum) {
                out += "'$name': touch target ${touch.width / density} × ${touch.height / density} dp, under 48 × 48"
            }
        }
        if (config.getOrNull(SemanticsProperties.TestTag) == QR_TAG && config.getOrNull(SemanticsProperties.ContentDescription).isNullOrEmpty()) {
            out += "the QR code has no spoken label"
        }
    }
    return out
}
