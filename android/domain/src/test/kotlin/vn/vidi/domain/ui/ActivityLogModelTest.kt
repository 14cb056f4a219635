package vn.vidi.domain.ui

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.domain.FakeClock
import vn.vidi.domain.Language
import vn.vidi.domain.idCard
import vn.vidi.domain.newWallet
import vn.vidi.ffi.ActivityEvent
import vn.vidi.ffi.DocumentType
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue

@Timeout(60)
class ActivityLogModelTest {
    @Test
    fun `entries in words, filtered, kept for a while, exported`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            wallet.addSampleDocuments()
            val id = wallet.idCard()
            wallet.present(id, "checkpoint-id", audience = "Công an phường Bến Nghé")
            wallet.deleteDocument(wallet.documents().single { it.documentType == DocumentType.DRIVING_LICENCE }.id)

            val model = ActivityLogModel(this, Language.Vietnamese, wallet, FakeClock(now = 1_735_689_600_000L))
            model.load().join()
            val state = model.state.value
            assertNull(state.error)
            assertEquals(5, state.entries.size, state.entries.toString())
            val texts = state.entries.map { it.text }
            assertTrue("Đã xoá giấy phép lái xe" in texts, texts.toString())
            assertTrue("Đã thêm thẻ căn cước" in texts, texts.toString())
            val shown = state.entries.single { it.event == ActivityEvent.PRESENTED }
            assertEquals("Đã xuất trình thẻ căn cước (Trạm kiểm soát)", shown.text)
            val claims = assertNotNullText(shown.claims)
            assertTrue(claims.startsWith("Thông tin đã chia sẻ: "), claims)
            listOf("số định danh cá nhân", "họ, chữ đệm và tên", "ngày sinh").forEach { assertTrue(it in claims, claims) }
            assertEquals("Bên nhận: Công an phường Bến Nghé", shown.audience)
            assertTrue(state.entries.all { Regex("""\d\d:\d\d \d\d/\d\d/\d{4}""").matches(it.time) })
            assertTrue(state.entries.zipWithNext().all { (a, b) -> a.atUnix >= b.atUnix }, "newest first")

            model.setLanguage(Language.English)
            assertEquals("Showed your identity card (Checkpoint)", model.state.value.entries.single { it.event == ActivityEvent.PRESENTED }.text)
            assertTrue(model.state.value.entries.any { it.text == "Deleted your driving licence" })

            model.setFilter(ActivityEvent.ADDED).join()
            val added = model.state.value
            assertEquals(3, added.entries.size)
            assertTrue(added.entries.all { it.event == ActivityEvent.ADDED })
            assertEquals(listOf("Added"), added.filters.filter { it.selected }.map { it.label })
            assertEquals("All", added.filters.first().label)

            assertNull(added.retentionDays)
            assertEquals("Keep for ever", added.retention)
            model.setRetention(30).join()
            assertEquals(30, model.state.value.retentionDays)
            assertEquals(30, wallet.logRetentionDays())
            model.setLanguage(Language.Vietnamese)
            assertEquals("Lưu 30 ngày", model.state.value.retention)
            model.setRetention(null).join()
            assertEquals("Lưu vĩnh viễn", model.state.value.retention)

            // The export holds every entry whatever the filter, one per line under a header.
            model.exportLog().join()
            val lines = model.state.value.export!!.trimEnd().lines()
            assertEquals("Nhật ký hoạt động Vidi, xuất lúc 07:00 01/01/2025 (giờ Việt Nam)", lines.first())
            assertEquals(5, lines.size - 1)
            assertTrue(lines.any { it.endsWith("Đã xuất trình thẻ căn cước (Trạm kiểm soát). $claims. Bên nhận: Công an phường Bến Nghé") }, lines.toString())
            model.setLanguage(Language.English)
            assertTrue(model.state.value.export!!.startsWith("Vidi activity log, exported 07:00 01/01/2025 (Vietnam time)"))

            // Once shared, the export is gone: a language change or a reload does not bring it back.
            model.exportShown()
            assertNull(model.state.value.export)
            model.setLanguage(Language.Vietnamese)
            model.load().join()
            assertNull(model.state.value.export)
            assertEquals(3, model.state.value.entries.size, "the (filtered) entries stay")
            // A new export makes it again.
            model.exportLog().join()
            assertTrue(model.state.value.export!!.startsWith("Nhật ký hoạt động Vidi"))
        }
    }

    @Test
    fun `a new wallet's log is empty`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            val model = ActivityLogModel(this, Language.Vietnamese, wallet)
            model.load().join()
            assertTrue(model.state.value.empty)
        }
    }

    private fun assertNotNullText(text: String?): String {
        kotlin.test.assertNotNull(text)
        return text
    }
}
