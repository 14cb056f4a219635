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
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * The checkpoint's screen against the mock issuer run as a process: sync,
 * a valid verdict in both languages, repeated camera frames, revocation in
 * words, the citizen's list learning it, and stale lists.
 */
@Timeout(90)
class VerifierModelTest {
    @Test
    fun `sync, verdicts large and plain, repeats ignored, revoked in words, stale lists`(@TempDir dir: Path) = runBlocking<Unit> {
        ServerMock.start(dir.resolve("issuer")).use { server ->
            newWallet(dir).use { wallet ->
                val offer = server.offer(citizen = 0)
                wallet.issuance.accept(offer.uri, offer.pin)
                val card = wallet.idCard()
                VidiVerifier(dir.resolve("verifier").toString()).use { verifier ->
                    val clock = FakeClock(now = System.currentTimeMillis())
                    val model = VerifierModel(this, Language.Vietnamese, verifier, server.baseUrl, clock)
                    model.load().join()
                    assertEquals("Chưa có danh sách tin cậy. Hãy đồng bộ khi có mạng trước khi quét.", model.state.value.notReady)
                    assertTrue(model.state.value.scanning)

                    // Nothing to check against yet: said in words.
                    val early = wallet.present(card, "checkpoint-id").payload
                    model.onScanned(early)!!.join()
                    assertEquals(model.state.value.notReady, model.state.value.error)
                    assertNull(model.state.value.verdict)

                    model.sync().join()
                    val synced = model.state.value
                    assertNull(synced.syncError)
                    assertNull(synced.notReady)
                    assertFalse(synced.syncing || synced.stale)
                    assertEquals("Danh sách tin cậy", synced.lists.first().name)
                    assertTrue(synced.lists.drop(1).all { it.name.startsWith("Danh sách trạng thái (khoá ") }, synced.lists.toString())
                    assertTrue(synced.lists.size >= 2)
                    assertTrue(synced.lists.all { it.age == "Ký vừa xong" || it.age.endsWith(" phút trước") }, synced.lists.toString())
                    assertTrue(synced.lastSync!!.startsWith("Đồng bộ lần cuối "))

                    val payload = wallet.present(card, "checkpoint-id").payload
                    model.onScanned(payload)!!.join()
                    val valid = assertNotNull(model.state.value.verdict)
                    assertFalse(model.state.value.scanning)
                    assertTrue(valid.valid)
                    assertEquals("HỢP LỆ", valid.headline)
                    assertEquals(Tone.Good, valid.tone)
                    assertEquals("Thẻ căn cước", valid.documentName)
                    assertTrue(valid.issuer!!.startsWith("Cơ quan cấp: "))
                    assertEquals("Nguyễn Thị Thanh Hương", valid.fields.single { it.label == "Họ, chữ đệm và tên" }.value)
                    assertEquals(3, valid.fields.size)
                    assertTrue(valid.hiddenCount > 1)
                    assertEquals("${valid.hiddenCount} thông tin khác không được chia sẻ", valid.hidden)
                    assertNull(valid.reason)
                    model.setLanguage(Language.English)
                    model.state.value.verdict!!.let {
                        assertEquals("VALID", it.headline)
                        assertEquals("Identity card", it.documentName)
                        assertTrue(it.fields.any { f -> f.label == "Full name" })
                        assertEquals("${valid.hiddenCount} other details not shared", it.hidden)
                    }
                    model.setLanguage(Language.Vietnamese)
                    // The scan before the sync checked nothing.
                    assertEquals(1, verifier.state.value.verified)

                    // The camera reports the same code every frame: checked once per 3 seconds.
                    clock.now += 1_000
                    assertNull(model.onScanned(payload))
                    model.dismiss()
                    assertTrue(model.state.value.scanning)
                    clock.now += 1_500
                    assertNull(model.onScanned(payload))
                    assertEquals(1, verifier.state.value.verified)
                    clock.now += 600
                    model.onScanned(payload)!!.join()
                    assertEquals(2, verifier.state.value.verified)
                    model.dismiss()

                    // The issuer revokes the card; after a sync the officer reads why, in Vietnamese.
                    server.credentialIds(0, "national_id").forEach(server::revoke)
                    model.sync().join()
                    model.onScanned(wallet.present(card, "checkpoint-id").payload)!!.join()
                    val revoked = assertNotNull(model.state.value.verdict)
                    assertFalse(revoked.valid)
                    assertEquals("KHÔNG HỢP LỆ", revoked.headline)
                    assertEquals(Tone.Bad, revoked.tone)
                    assertEquals("revoked", revoked.reasonCode)
                    assertEquals("Giấy tờ đã bị thu hồi", revoked.reason)
                    assertNull(revoked.hidden)
                    model.setLanguage(Language.English)
                    assertEquals("NOT VALID", model.state.value.verdict!!.headline)
                    assertEquals(verifier.state.value.lastVerdict!!.reasonEn, model.state.value.verdict!!.reason)
                    model.setLanguage(Language.Vietnamese)

                    // The citizen's list learns it from the same cache.
                    wallet.ffi.updateStatus(verifier.ffi, null)
                    val documents = DocumentsModel(this, Language.Vietnamese, wallet)
                    documents.refresh().join()
                    val id = documents.state.value.items.single { it.id == card }
                    assertEquals(StatusBadge.Revoked, id.status)
                    assertEquals("Đã thu hồi", id.badge)
                    assertEquals(Tone.Bad, id.tone)

                    // Two days later without a sync the status lists are stale.
                    clock.now += 49L * 3600 * 1000
                    model.load().join()
                    val stale = model.state.value
                    assertTrue(stale.stale)
                    assertTrue(stale.lists.drop(1).all { it.stale && it.age == "Ký 2 ngày trước" }, stale.lists.toString())
                    assertFalse(stale.lists.first().stale, "only status lists go stale")
                    assertEquals("Đã quá 48 giờ: hãy đồng bộ, nếu không mọi mã sẽ bị từ chối", stale.lists[1].warning)
                }
            }
        }
    }

    @Test
    fun `a server that cannot be reached is a sync error in words, and the screen stays usable`(@TempDir dir: Path) = runBlocking<Unit> {
        VidiVerifier(dir.resolve("verifier").toString()).use { verifier ->
            val model = VerifierModel(this, Language.English, verifier, "http://127.0.0.1:9")
            model.sync().join()
            assertEquals("Could not reach the server. Check the network and try again.", model.state.value.syncError)
            assertFalse(model.state.value.syncing)
            assertEquals("No trust list yet. Sync while online before scanning.", model.state.value.notReady)
            model.setServerUrl("  not a url ")
            assertEquals("not a url", model.state.value.serverUrl)
            model.sync().join()
            assertNotNull(model.state.value.syncError)
        }
    }
}
