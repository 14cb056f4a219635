package vn.vidi.android.camera

import androidx.annotation.OptIn
import androidx.camera.core.ExperimentalGetImage
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import com.google.mlkit.vision.barcode.BarcodeScanner
import com.google.mlkit.vision.barcode.BarcodeScannerOptions
import com.google.mlkit.vision.barcode.BarcodeScanning
import com.google.mlkit.vision.barcode.common.Barcode
import com.google.mlkit.vision.common.InputImage

/**
 * A CameraX analyzer that reads QR codes in the camera's frames with ML
 * Kit's on-device barcode model (bundled with the app, so scanning works
 * offline) and hands a code's text to [onText] on the main thread (where
 * ML Kit's listeners run) once: a code still in view in the next frames is
 * not reported again, only a different one. A new analyzer is made each
 * time the camera is shown (the core turns the camera off once it has read
 * an offer or a presentation, and on again to scan again).
 *
 * One frame is analysed at a time: the frame is closed only when ML Kit is
 * done with it, and CameraX drops frames meanwhile (`STRATEGY_KEEP_ONLY_LATEST`).
 * [stop] (any thread) ends the reports at once; [close] frees ML Kit's
 * detector and must run on the analysis thread, after any frame on it.
 */
class QrAnalyzer(private val onText: (String) -> Unit) : ImageAnalysis.Analyzer {
    private val scanner: BarcodeScanner = BarcodeScanning.getClient(
        BarcodeScannerOptions.Builder().setBarcodeFormats(Barcode.FORMAT_QR_CODE).build(),
    )

    @Volatile
    private var stopped = false

    /** The last text reported; read and written on the main thread only. */
    private var last: String? = null

    @OptIn(ExperimentalGetImage::class)
    override fun analyze(frame: ImageProxy) {
        val image = frame.image
        if (image == null || stopped) {
            frame.close()
            return
        }
        scanner.process(InputImage.fromMediaImage(image, frame.imageInfo.rotationDegrees))
            .addOnSuccessListener { codes ->
                val text = codes.firstNotNullOfOrNull { it.rawValue }
                if (text != null && text != last && !stopped) {
                    last = text
                    onText(text)
                }
            }
            .addOnCompleteListener { frame.close() }
    }

    /** No more reports, from now on. */
    fun stop() {
        stopped = true
    }

    /** Frees ML Kit's detector; on the analysis thread, after the last frame. */
    fun close() {
        stopped = true
        scanner.close()
    }
}
