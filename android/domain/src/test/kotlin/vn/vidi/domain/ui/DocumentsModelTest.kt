package vn.vidi.domain.ui

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.domain.FakeClock
import vn.vidi.domain.Language
import vn.vidi.domain.ServerMock
import vn.vidi.domain.VidiVerifier
import vn.vidi.domain.idCard
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

/**
 * The document list: rows and badges from sample documents, and the status
 * learned end to end against the mock issuer run as a process (sync,
 * revocation through its admin API, the server gone).
 */
@Timeout(90)
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
            // Without a verifier cache there is nothing to update from.
            assertFalse(model.state.value.canUpdateStatus)
            assertEquals("Document status never checked", model.state.value.statusAge)
            model.updateStatus().join()
            assertFalse(model.state.value.statusUpdating)
            assertNull(model.state.value.statusError)
        }
    }

    @Test
    fun `badges learn the status from the server, revocation, and an offline server in words`(@TempDir dir: Path) = runBlocking<Unit> {
        ServerMock.start(dir.resolve("issuer")).use { server ->
            newWallet(dir).use { wallet ->
                newWallet(dir, name = "second.db").use { second ->
                    server.offer(citizen = 0).let { wallet.issuance.accept(it.uri, it.pin) }
                    server.offer(citizen = 1).let { second.issuance.accept(it.uri, it.pin) }
                    val card = wallet.idCard()
                    VidiVerifier(dir.resolve("verifier").toString()).use { verifier ->
                        val clock = FakeClock(now = System.currentTimeMillis())
                        val model = DocumentsModel(this, Language.Vietnamese, wallet, verifier, server.baseUrl, clock)

                        // Before any sync: the cache is empty, which is not an error.
                        model.refresh().join()
                        val before = model.state.value
                        assertTrue(before.canUpdateStatus)
                        assertNull(before.error)
                        assertNull(before.statusError)
                        assertEquals(3, before.items.size)
                        assertTrue(before.items.all { it.status == StatusBadge.Unknown }, before.items.toString())
                        assertEquals("Chưa kiểm tra trạng thái giấy tờ", before.statusAge)

                        model.updateStatus().join()
                        val valid = model.state.value
                        assertFalse(valid.statusUpdating || valid.loading)
                        assertNull(valid.statusError)
                        assertTrue(valid.items.all { it.status == StatusBadge.Valid && it.badge == "Còn hiệu lực" }, valid.items.toString())
                        assertEquals("Trạng thái cập nhật vừa xong", valid.statusAge)
                        clock.now += 5 * 60_000L
                        model.setLanguage(Language.English)
                        assertEquals("Status checked 5 minutes ago", model.state.value.statusAge)
                        model.setLanguage(Language.Vietnamese)
                        assertEquals("Trạng thái cập nhật 5 phút trước", model.state.value.statusAge)

                        // The status is as of when the lists were signed: back to the real time.
                        clock.now = System.currentTimeMillis()
                        // The issuer revokes the ID card: only its badge turns red.
                        server.credentialIds(0, "national_id").forEach(server::revoke)
                        model.updateStatus().join()
                        val revoked = model.state.value
                        assertNull(revoked.statusError)
                        assertEquals(StatusBadge.Revoked, revoked.items.single { it.id == card }.status)
                        assertEquals(Tone.Bad, revoked.items.single { it.id == card }.tone)
                        assertTrue(revoked.items.filter { it.id != card }.all { it.status == StatusBadge.Valid }, revoked.items.toString())
                        assertEquals("Trạng thái cập nhật vừa xong", revoked.statusAge)

                        // The server is gone: the failure in words, the list and its badges stay.
                        server.close()
                        model.updateStatus().join()
                        val offline = model.state.value
                        assertFalse(offline.statusUpdating)
                        assertNull(offline.error)
                        assertEquals(
                            "Chưa cập nhật được trạng thái. Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
                            offline.statusError,
                        )
                        assertEquals(revoked.items, offline.items)
                        model.setLanguage(Language.English)
                        assertEquals(
                            "Could not update the status. Could not reach the server. Check the network and try again.",
                            model.state.value.statusError,
                        )

                        // Another wallet's list learns its status from the same cache, offline, on refresh.
                        val other = DocumentsModel(this, Language.English, second, verifier, server.baseUrl, clock)
                        other.refresh().join()
                        assertNull(other.state.value.statusError)
                        assertEquals(second.documents().size, other.state.value.items.size)
                        assertTrue(other.state.value.items.isNotEmpty())
                        assertTrue(other.state.value.items.all { it.status == StatusBadge.Valid }, other.state.value.items.toString())
                        assertEquals("Status checked just now", other.state.value.statusAge)
                    }
                }
            }
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

    @Test
    fun `the status age is the oldest check, pending documents aside`() {
        fun summary(learned: Long?, pending: Boolean = false) = DocumentSummary(
            "id", DocumentType.NATIONAL_ID, "Thẻ căn cước", "Identity card", "Nguyễn Văn An", "2021-05-14", null,
            DocumentStatus.VALID, learned, false, pending, false, 0, 0,
        )
        val now = 1_750_000_000L
        val checked = listOf(summary(now - 7200), summary(now - 300), summary(null, pending = true))
        assertEquals("Trạng thái cập nhật 2 giờ trước", DocumentsModel.statusAge(checked, now, Language.Vietnamese))
        assertEquals("Status checked 2 hours ago", DocumentsModel.statusAge(checked, now, Language.English))
        assertEquals("Status checked 2 days ago", DocumentsModel.statusAge(checked + summary(now - 2 * 86_400), now, Language.English))
        assertEquals("Document status never checked", DocumentsModel.statusAge(checked + summary(null), now, Language.English))
        assertNull(DocumentsModel.statusAge(listOf(summary(null, pending = true)), now, Language.English))
        assertNull(DocumentsModel.statusAge(emptyList(), now, Language.English))
    }
}
