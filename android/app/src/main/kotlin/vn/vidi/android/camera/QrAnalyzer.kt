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
 * offline) and hands each one's text to [onText], on ML Kit's callback
 * thread. It reports every frame that holds a code: the app core ignores
 * repeats (`Event.Scanned`).
 *
 * One frame is analysed at a time: the frame is closed only when ML Kit is
 * done with it, and CameraX drops frames meanwhile (`STRATEGY_KEEP_ONLY_LATEST`).
 */
class QrAnalyzer(private val onText: (String) -> Unit) : ImageAnalysis.Analyzer {
    private val scanner: BarcodeScanner = BarcodeScanning.getClient(
        BarcodeScannerOptions.Builder().setBarcodeFormats(Barcode.FORMAT_QR_CODE).build(),
    )

    @OptIn(ExperimentalGetImage::class)
    override fun analyze(frame: ImageProxy) {
        val image = frame.image
        if (image == null) {
            frame.close()
            return
        }
        scanner.process(InputImage.fromMediaImage(image, frame.imageInfo.rotationDegrees))
            .addOnSuccessListener { codes -> codes.firstNotNullOfOrNull { it.rawValue }?.let(onText) }
            .addOnCompleteListener { frame.close() }
    }

    /** Frees ML Kit's detector. */
    fun close() = scanner.close()
}
