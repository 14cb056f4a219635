package vn.vidi.desktop

import vn.vidi.ffi.QrImageProblem
import vn.vidi.ffi.VidiException
import vn.vidi.ffi.readQrImage

/** The core's QR reader (`readQrImage`) over an image file's bytes (PNG or JPEG). */
object QrImages {
    /** Every code in the picture [bytes], or why there is none. */
    fun read(bytes: ByteArray): ImageRead = try {
        ImageRead.Codes(readQrImage(bytes))
    } catch (e: VidiException.QrImage) {
        when (e.problem) {
            QrImageProblem.NO_CODE -> ImageRead.NoCode
            QrImageProblem.NOT_AN_IMAGE, QrImageProblem.TOO_LARGE -> ImageRead.Unreadable
        }
    }
}
