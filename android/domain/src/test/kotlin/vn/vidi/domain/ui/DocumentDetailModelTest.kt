package vn.vidi.domain.ui

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.domain.Language
import vn.vidi.domain.idCard
import vn.vidi.domain.newWallet
import vn.vidi.ffi.CardTheme
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

@Timeout(60)
class DocumentDetailModelTest {
    @Test
    fun `the identity card is laid out as printed, in the chosen language`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            wallet.addSampleDocuments()
            val id = wallet.idCard()
            val details = wallet.document(id)
            val model = DocumentDetailModel(this, Language.Vietnamese, wallet, id)
            model.load().join()
            val state = model.state.value
            assertNull(state.error)
            val card = assertNotNull(state.card)
            assertEquals(CardTheme.NATIONAL_ID, card.theme)
            assertTrue("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in card.header, card.header.toString())
            assertEquals(details.card.titleVi, card.title)
            assertEquals(details.card.number.labelVi, card.number.label)
            assertEquals(details.card.number.value, card.number.value)
            // Every field is on the card once, labelled in Vietnamese, the English label kept for the bilingual print.
            val lines = listOfNotNull(card.number, card.portrait) + card.front + card.back
            assertEquals(details.fields.map { it.claim }.sorted(), lines.map { it.claim }.sorted())
            val name = lines.single { it.claim == "full_name" }
            val printed = (details.card.front + details.card.back).single { it.claim == "full_name" }
            assertEquals(printed.labelVi, name.label)
            assertEquals(printed.labelEn, name.labelEn)
            assertEquals(details.summary.holderName, name.value)
            assertTrue(state.canShowQr)
            assertFalse(state.needsRebinding)
            assertEquals("Chưa kiểm tra trạng thái", state.statusChecked)
            assertTrue(state.issuer.startsWith("Cơ quan cấp: "))

            model.setLanguage(Language.English)
            val english = assertNotNull(model.state.value.card)
            assertTrue("SOCIALIST REPUBLIC OF VIET NAM" in english.header, english.header.toString())
            assertEquals(details.card.titleEn, english.title)
            assertEquals(printed.labelEn, (english.front + english.back).single { it.claim == "full_name" }.label)
            assertEquals("Identity card", model.state.value.typeName)
        }
    }

    @Test
    fun `deleting asks first`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            wallet.addSampleDocuments()
            val id = wallet.idCard()
            val model = DocumentDetailModel(this, Language.Vietnamese, wallet, id)
            model.load().join()
            assertNull(model.delete(), "nothing is deleted without a confirmation")

            model.askDelete()
            assertEquals(
                "Xoá thẻ căn cước khỏi ví? Bạn sẽ cần lời mời mới để nhận lại giấy tờ này.",
                model.state.value.deleteQuestion,
            )
            model.cancelDelete()
            assertFalse(model.state.value.confirmDelete)
            assertNull(model.state.value.deleteQuestion)
            assertNull(model.delete())
            assertEquals(3, wallet.documents().size)

            model.askDelete()
            model.setLanguage(Language.English)
            assertEquals(
                "Delete the identity card from the wallet? You will need a new offer to get it back.",
                model.state.value.deleteQuestion,
            )
            assertNotNull(model.delete()).join()
            assertTrue(model.state.value.deleted)
            assertEquals(2, wallet.documents().size)
            assertTrue(wallet.documents().none { it.id == id })
        }
    }

    @Test
    fun `a document that is not there is an error in words`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            val model = DocumentDetailModel(this, Language.English, wallet, "no-such-document")
            model.load().join()
            assertEquals("Not found.", model.state.value.error)
            assertNull(model.state.value.card)
            model.setLanguage(Language.Vietnamese)
            assertEquals("Không tìm thấy.", model.state.value.error)
        }
    }
}
