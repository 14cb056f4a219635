package vn.vidi.domain.ui

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.domain.BlackHole
import vn.vidi.domain.Language
import vn.vidi.domain.ServerMock
import java.net.URLEncoder
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** Accepting offers against the real mock issuer: reading the link, PINs, steps, results, cancelling. */
@Timeout(90)
class OfferModelTest {
    @Test
    fun `a pasted offer is read, a wrong PIN is worded with the tries left, the right one adds the documents`(@TempDir dir: Path) = runBlocking<Unit> {
        ServerMock.start(dir.resolve("issuer")).use { server ->
            setUpWallet(testPlatform(dir)).use { wallet ->
                val model = OfferModel(this, Language.English, wallet)
                model.fromPaste("VD1:NOT-AN-OFFER")
                assertEquals("This is not a document offer.", model.state.value.linkError)
                assertNull(model.state.value.offer)

                val offer = server.offer(citizen = 0)
                model.fromPaste("  ${offer.uri}\n")
                val read = model.state.value
                assertNull(read.linkError)
                assertEquals(offer.uri, read.link, "trimmed")
                val preview = assertNotNull(read.offer)
                assertEquals(listOf("Identity card", "Driving licence", "Health insurance card"), preview.documents)
                assertTrue(preview.needsPin)

                model.submit()
                assertEquals("Enter the PIN that came with the offer.", model.state.value.error)
                assertFalse(model.state.value.busy)

                val wrongPin = if (offer.pin == "000000") "111111" else "000000"
                model.setPin(wrongPin)
                assertFalse(model.state.value.toString().contains(wrongPin))
                model.submit()
                val wrong = model.state.awaitState { !it.busy }
                val tries = assertNotNull(wrong.triesLeft, "${wrong.error}")
                assertEquals("Wrong PIN. $tries tries left.", wrong.error)
                assertTrue(wrong.pin.isEmpty, "cleared after use")
                assertNull(wrong.result)
                assertTrue(wallet.documents().isEmpty())

                model.setPin(offer.pin)
                model.submit()
                val done = model.state.awaitState { !it.busy }
                assertNull(done.error)
                assertFalse(done.rebinding)
                assertEquals(
                    listOf(
                        "Identity card: added to the wallet",
                        "Driving licence: added to the wallet",
                        "Health insurance card: added to the wallet",
                    ),
                    done.result,
                )
                assertEquals("Reading the offer", done.steps.first().text)
                assertEquals("Done", done.steps.last().text)
                assertTrue(done.steps.all { it.done })
                assertTrue(done.steps.any { it.text.startsWith("Receiving documents (") }, "${done.steps}")
                assertEquals(3, wallet.documents().size)

                // The language changes while the result is shown.
                model.setLanguage(Language.Vietnamese)
                assertEquals("Thẻ căn cước: đã thêm vào ví", model.state.value.result!!.first())
                assertEquals("Hoàn tất", model.state.value.steps.last().text)
            }
        }
    }

    @Test
    fun `an offer from a deep link or a scan reads the same, and an issuance on a silent server can be cancelled`(@TempDir dir: Path) =
        runBlocking<Unit> {
            BlackHole().use { blackHole ->
                setUpWallet(testPlatform(dir)).use { wallet ->
                    val link = "openid-credential-offer://?credential_offer_uri=" +
                        URLEncoder.encode("${blackHole.url}/offers/slow", Charsets.UTF_8)
                    val model = OfferModel(this, Language.Vietnamese, wallet)
                    model.fromScan(link)
                    val scanned = model.state.value
                    model.fromDeepLink(link)
                    assertEquals(scanned, model.state.value)
                    val preview = assertNotNull(scanned.offer)
                    assertTrue(preview.documents.isEmpty() && preview.needsPin, "an offer by reference")

                    model.setPin("123456")
                    model.submit()
                    assertTrue(model.state.value.busy)
                    withContext(Dispatchers.IO) { blackHole.accepted.get(20, TimeUnit.SECONDS) }
                    model.cancel()
                    val cancelled = model.state.awaitState { !it.busy }
                    assertEquals("Đã huỷ. Ví không thay đổi.", cancelled.error)
                    assertNull(cancelled.result)
                    assertTrue(wallet.documents().isEmpty())
                }
            }
        }
}
