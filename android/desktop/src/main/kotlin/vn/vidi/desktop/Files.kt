package vn.vidi.desktop

import java.awt.FileDialog
import java.awt.Frame
import java.io.File
import java.nio.file.Files as NioFiles

/** The desktop's file dialogs, in place of the phone's pickers. */
object Files {
    /**
     * A file chosen with the system's dialog titled [title] (to [save] to,
     * proposing [suggested], or to open), as a path; none: cancelled.
     */
    fun choose(owner: Frame, title: String, suggested: String?, save: Boolean): String? {
        val dialog = FileDialog(owner, title, if (save) FileDialog.SAVE else FileDialog.LOAD)
        if (suggested != null) dialog.file = suggested
        dialog.isVisible = true
        val name = dialog.file ?: return null
        return File(dialog.directory, name).path
    }

    /** An image chosen with the system's dialog, read by the core's QR reader. */
    fun readImage(owner: Frame, title: String): ImageRead {
        val path = choose(owner, title, null, save = false) ?: return ImageRead.Cancelled
        val bytes = try {
            NioFiles.readAllBytes(File(path).toPath())
        } catch (_: java.io.IOException) {
            return ImageRead.Unreadable
        }
        return QrImages.read(bytes)
    }
}
