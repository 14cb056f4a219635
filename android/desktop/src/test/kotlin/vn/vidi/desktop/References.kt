package vn.vidi.desktop

import androidx.compose.ui.geometry.Rect
import java.awt.Color
import java.awt.image.BufferedImage
import java.io.ByteArrayInputStream
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import javax.imageio.ImageIO
import kotlin.math.abs

/**
 * The committed reference images (android/desktop/screenshots, the
 * `vidi.screenshots` property) and this run's output (the
 * `vidi.screenshotsOut` property: each shot, a diff image for each that
 * differs, and index.html to look at them all).
 *
 * A shot matches its reference when both are the same size and, outside
 * the shot's volatile areas, at most [MAX_DIFFERENT] of the pixels differ
 * by more than [CHANNEL_TOLERANCE] in some channel. With
 * `-Dvidi.updateScreenshots=true` the shots become the references (and the
 * references' index.html is rewritten) instead.
 */
object References {
    const val CHANNEL_TOLERANCE = 8
    const val MAX_DIFFERENT = 0.002

    val dir: Path = Paths.get(System.getProperty("vidi.screenshots") ?: "screenshots")
    val out: Path = Paths.get(System.getProperty("vidi.screenshotsOut") ?: "target/screenshots")
    val update: Boolean = System.getProperty("vidi.updateScreenshots") == "true"

    /** Every shot compared in this run, by name: null when it matched. */
    private val results = sortedMapOf<String, String?>()

    /** Compares [shot] called [name] with its reference; returns why it differs, or null. */
    @Synchronized
    fun check(name: String, shot: Shot): String? {
        Files.createDirectories(out.resolve("actual"))
        Files.write(out.resolve("actual/$name.png"), shot.png)
        val reference = dir.resolve("$name.png")
        val problem = if (update) {
            Files.createDirectories(dir)
            Files.write(reference, shot.png)
            null
        } else if (!Files.exists(reference)) {
            "no reference $reference (run scripts/jvm.sh --update-screenshots and look at them)"
        } else {
            compare(name, read(Files.readAllBytes(reference)), read(shot.png), shot.volatile)
        }
        results[name] = problem
        return problem
    }

    private fun read(png: ByteArray): BufferedImage = ImageIO.read(ByteArrayInputStream(png))

    private fun compare(name: String, want: BufferedImage, got: BufferedImage, volatile: List<Rect>): String? {
        if (want.width != got.width || want.height != got.height) {
            return "$name: ${got.width}×${got.height}, the reference is ${want.width}×${want.height}"
        }
        val diff = BufferedImage(got.width, got.height, BufferedImage.TYPE_INT_RGB)
        var different = 0
        var compared = 0
        for (y in 0 until got.height) {
            for (x in 0 until got.width) {
                val a = want.getRGB(x, y)
                val b = got.getRGB(x, y)
                if (volatile.any { it.contains(androidx.compose.ui.geometry.Offset(x + 0.5f, y + 0.5f)) }) {
                    diff.setRGB(x, y, 0x404040)
                    continue
                }
                compared++
                val off = (0..2).maxOf { abs(((a shr (it * 8)) and 0xFF) - ((b shr (it * 8)) and 0xFF)) }
                if (off > CHANNEL_TOLERANCE) {
                    different++
                    diff.setRGB(x, y, Color.MAGENTA.rgb)
                } else {
                    // The reference, faded, so the changes stand out.
                    val grey = (((a shr 16) and 0xFF) + ((a shr 8) and 0xFF) + (a and 0xFF)) / 3
                    val faded = 160 + grey * 95 / 255
                    diff.setRGB(x, y, (faded shl 16) or (faded shl 8) or faded)
                }
            }
        }
        if (compared == 0 || different <= MAX_DIFFERENT * compared) return null
        Files.createDirectories(out.resolve("diff"))
        ImageIO.write(diff, "png", out.resolve("diff/$name.png").toFile())
        return "$name: $different of $compared pixels differ from the reference (diff: ${out.resolve("diff/$name.png")})"
    }

    /** Writes index.html next to this run's shots, and next to the references when they were updated. */
    @Synchronized
    fun writeIndex() {
        if (results.isEmpty()) return
        Files.createDirectories(out)
        Files.writeString(out.resolve("index.html"), page(results, actual = true))
        if (update) Files.writeString(dir.resolve("index.html"), page(results, actual = false))
    }

    private fun page(results: Map<String, String?>, actual: Boolean): String = buildString {
        append("<!doctype html>\n<meta charset=\"utf-8\">\n<title>Vidi screens</title>\n")
        append("<style>body{font:14px sans-serif;margin:16px}section{display:flex;flex-wrap:wrap;gap:12px}")
        append("figure{margin:0;width:210px}img{width:205px;border:1px solid #999}figcaption{font-size:12px}")
        append(".bad{color:#b3261e;font-weight:bold}</style>\n")
        append("<h1>Vidi screens</h1>\n<p>Rendered from the app core's view models with Compose for the desktop JVM ")
        append("(android/desktop, scripts/jvm.sh). ${results.size} shots.</p>\n")
        for ((group, names) in results.keys.groupBy { it.substringBefore('.') }) {
            append("<h2>").append(group).append("</h2>\n<section>\n")
            for (name in names) {
                val problem = results[name]
                val src = if (actual) "actual/$name.png" else "$name.png"
                append("<figure><a href=\"$src\"><img src=\"$src\" alt=\"$name\"></a><figcaption>")
                append(name.substringAfter('.'))
                if (actual && problem != null) {
                    append(" <span class=\"bad\">differs</span>")
                    if (Files.exists(out.resolve("diff/$name.png"))) append(" <a href=\"diff/$name.png\">diff</a>")
                }
                append("</figcaption></figure>\n")
            }
            append("</section>\n")
        }
    }
}
