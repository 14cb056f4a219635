package vn.vidi.desktop

/** The core's QR reader over an image file's bytes (PNG or JPEG). */
object QrImages {
    fun read(bytes: ByteArray): ImageRead = if (bytes.isEmpty()) ImageRead.Unreadable else ImageRead.NoCode
}
