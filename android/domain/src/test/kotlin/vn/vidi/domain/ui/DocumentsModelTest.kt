package vn.vidi.domain.ui

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.domain.Language
import vn.vidi.domain.newWallet
import vn.vidi.ffi.DocumentStatus
import vn.vidi.ffi.DocumentSummary
import vn.vidi.ffi.DocumentType
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

@Timeout(60)
class DocumentsModelTest {
    @Test
    fun `lists the documents with number, validity and badge in either language`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            wallet.addSampleDocuments()
            val model = DocumentsModel(this, Language.Vietnamese, wallet)
            model.refresh().join()
            val state = model.state.value
            assertNull(state.error)
            assertFalse(state.loading || state.empty)
            assertEquals(
                listOf(DocumentType.NATIONAL_ID, DocumentType.DRIVING_LICENCE, DocumentType.HEALTH_INSURANCE),
                state.items.map { it.documentType },
            )
            val id = state.items.first()
            assertEquals("Thẻ căn cước", id.typeName)
            assertEquals(wallet.documents().first().holderName, id.holder)
            assertEquals(wallet.document(id.id).card.number.value, id.number)
            assertTrue(id.number!!.isNotBlank())
            // Never checked against a status list yet.
            assertTrue(state.items.all { it.status == StatusBadge.Unknown && it.badge == "Chưa rõ trạng thái" && it.tone == Tone.Neutral })
            val dated = Regex("""Có giá trị đến \d\d/\d\d/\d{4}|Không thời hạn""")
            assertTrue(state.items.all { dated.matches(it.validity) }, state.items.map { it.validity }.toString())

            model.setLanguage(Language.English)
            val english = model.state.value.items
            assertEquals(listOf("Identity card", "Driving licence", "Health insurance card"), english.map { it.typeName })
            assertTrue(english.all { Regex("""Valid until \d\d/\d\d/\d{4}|No expiry""").matches(it.validity) })
            assertEquals("Status not checked", english.first().badge)
        }
    }

    @Test
    fun `an empty wallet is empty, and a locked one says so in words and keeps the list`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            val model = DocumentsModel(this, Language.Vietnamese, wallet)
            model.refresh().join()
            assertTrue(model.state.value.empty)

            wallet.addSampleDocuments()
            model.refresh().join()
            assertEquals(3, model.state.value.items.size)
            wallet.lock()
            model.refresh().join()
            assertEquals("Ví đang khoá. Hãy mở khoá rồi thử lại.", model.state.value.error)
            assertEquals(3, model.state.value.items.size)
            assertFalse(model.state.value.empty)
        }
    }

    @Test
    fun `the badge is the most pressing state`() {
        fun summary(
            status: DocumentStatus = DocumentStatus.VALID,
            pending: Boolean = false,
            expired: Boolean = false,
            rebind: Boolean = false,
        ) = DocumentSummary(
            "id", DocumentType.NATIONAL_ID, "Thẻ căn cước", "Identity card", "Nguyễn Văn An", "2021-05-14", "2031-05-14",
            status, null, rebind, pending, expired, 0, 0,
        )
        assertEquals(StatusBadge.Valid, StatusBadge.of(summary()))
        assertEquals(StatusBadge.Pending, StatusBadge.of(summary(DocumentStatus.REVOKED, pending = true)))
        assertEquals(StatusBadge.Revoked, StatusBadge.of(summary(DocumentStatus.REVOKED, expired = true, rebind = true)))
        assertEquals(StatusBadge.Expired, StatusBadge.of(summary(DocumentStatus.SUSPENDED, expired = true)))
        assertEquals(StatusBadge.Suspended, StatusBadge.of(summary(DocumentStatus.SUSPENDED, rebind = true)))
        assertEquals(StatusBadge.NeedsRebinding, StatusBadge.of(summary(rebind = true)))
        assertEquals(StatusBadge.Unknown, StatusBadge.of(summary(DocumentStatus.UNKNOWN)))
        assertEquals(Tone.Bad, StatusBadge.Revoked.tone)
        assertEquals("Cần liên kết lại", StatusBadge.NeedsRebinding.text(Language.Vietnamese))
        assertEquals("Đã hết hạn ngày 14/05/2031", DocumentsModel.validity(summary(expired = true), Language.Vietnamese))
        assertEquals("Valid until 14/05/2031", DocumentsModel.validity(summary(), Language.English))
        assertEquals("No expiry", DocumentsModel.validity(summary().copy(validUntil = null), Language.English))
    }
}
