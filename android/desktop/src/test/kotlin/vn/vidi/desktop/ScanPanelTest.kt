package vn.vidi.desktop

import vn.vidi.domain.ServerMock
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import java.awt.image.BufferedImage
import java.io.ByteArrayOutputStream
import java.nio.file.Path
import javax.imageio.ImageIO
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertIs

/**
 * The desktop's stand-in for the camera: an image file read by the core's
 * QR reader through the bindings. The code is the issuer's own offer QR
 * (the PNG its admin API returns, which the portal shows).
 */
@Timeout(120)
class ScanPanelTest {
    @Test
    fun `an offer's QR code image from the issuer reads back as its link`(@TempDir dir: Path) {
        ServerMock.start(dir.resolve("issuer")).use { server ->
            val offer = server.offer(citizen = 1)
            val read = assertIs<ImageRead.Codes>(QrImages.read(offer.qrPng))
            assertEquals(listOf(offer.uri), read.texts)
        }
    }

    @Test
    fun `a picture with no code, and bytes that are no picture, say so`() {
        val blank = BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB).apply {
            createGraphics().apply { color = java.awt.Color.WHITE; fillRect(0, 0, 200, 200) }
        }
        val out = ByteArrayOutputStream().also { ImageIO.write(blank, "png", it) }
        assertEquals(ImageRead.NoCode, QrImages.read(out.toByteArray()))
        assertEquals(ImageRead.Unreadable, QrImages.read("not a picture".toByteArray()))
    }
}
