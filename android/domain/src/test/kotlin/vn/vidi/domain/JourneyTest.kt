package vn.vidi.domain

import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.app.DetailEvent
import vn.vidi.app.DocumentsEvent
import vn.vidi.app.Event
import vn.vidi.app.OfferEvent
import vn.vidi.app.Route
import vn.vidi.app.ScreenView
import vn.vidi.app.SetupEvent
import vn.vidi.app.ShowQrEvent
import vn.vidi.app.StatusBadge
import vn.vidi.app.ViewModel
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * The citizen's first journey through the generated bindings, event by
 * event as the Android shell sends them, against the real mock issuer
 * (`vidi-server-mock`, run as a process): first run, the offer pasted, a
 * wrong offer PIN, the right one, three documents, the identity card, and
 * its checkpoint QR code. The device keys are the Kotlin ones
 * ([JcaDeviceKeyStore]), the wallet key the PKCS12 keystore file's.
 */
@Timeout(120)
class JourneyTest {
    @Test
    fun `first run, an offer with a wrong PIN then the right one, three documents, the identity card's checkpoint QR`(@TempDir dir: Path) {
        ServerMock.start(dir.resolve("issuer")).use { server ->
            val deviceKeys = JcaDeviceKeyStore()
            Phone(dir.resolve("phone").also { it.toFile().mkdirs() }, serverUrl = server.baseUrl, deviceKeys = deviceKeys).use { phone ->
                val setup = phone.sendAndAwait(Event.Start, "the first-run screen") { it.screen is ScreenView.Setup }
                assertEquals(server.baseUrl, setupOf(setup)!!.serverUrl, "the platform's default issuer is proposed")
                val empty = phone.sendAndAwait(Event.Setup(SetupEvent.Finish(PIN, PIN)), "the empty documents list") {
                    documentsOf(it)?.empty != null
                }
                assertTrue(documentsOf(empty)!!.items.isEmpty())

                // Add documents: the offer screen scans (the camera) until a link is pasted.
                val scanning = phone.sendAndAwait(Event.Open(Route.AcceptOffer(link = null)), "the offer screen") { offerOf(it) != null }
                assertTrue(scanning.platform.camera, "the offer screen scans")
                assertTrue(offerOf(scanning)!!.scanning)

                val offer = server.offer(citizen = 0)
                val read = offerOf(phone.sendAndAwait(Event.Offer(OfferEvent.Paste(offer.uri)), "the offer read") { offerOf(it)?.offer != null })!!
                assertNull(read.linkError)
                assertTrue(read.offer!!.needsPin)
                assertTrue(read.canSubmit)
                assertTrue(!phone.shell.last.platform.camera, "no camera once an offer is read")

                val wrong = if (offer.pin == "000000") "111111" else "000000"
                val refused = offerOf(
                    phone.sendAndAwait(Event.Offer(OfferEvent.Submit(wrong)), "the wrong PIN refused") { v ->
                        offerOf(v)?.let { !it.busy && it.error != null } == true
                    },
                )!!
                assertTrue(refused.error!!.startsWith("Wrong PIN."), refused.error)
                val triesLeft = assertNotNull(refused.triesLeft, "the issuer says how many tries are left")
                assertTrue(triesLeft > 0u)
                assertTrue(refused.error!!.contains("$triesLeft"), "the view says the tries left: ${refused.error}")
                assertNull(refused.result)

                // The redemption's end is looked for after its start: a view rendered late for the
                // wrong PIN (not busy, with its error) must not pass for it.
                val submitted = phone.send(Event.Offer(OfferEvent.Submit(offer.pin)))
                val started = phone.shell.awaitAt("the offer being redeemed", submitted) { offerOf(it)?.busy == true }
                val issued = offerOf(
                    phone.shell.await("the documents issued", started + 1, seconds = 60) { v ->
                        offerOf(v)?.let { !it.busy && (it.result != null || it.error != null) } == true
                    },
                )!!
                assertNull(issued.error, issued.error)
                assertTrue(issued.steps.isNotEmpty() && issued.steps.all { it.done }, "every step done: ${issued.steps}")
                assertEquals(3, issued.result!!.size, "${issued.result}")
                // One Kotlin device key per credential, each proving possession to the issuer.
                assertTrue(deviceKeys.size >= 3 && deviceKeys.signatures >= deviceKeys.size)

                val listed = documentsOf(
                    phone.sendAndAwait(Event.Offer(OfferEvent.Close), "three documents") { v ->
                        documentsOf(v)?.let { !it.loading && it.items.size == 3 } == true
                    },
                )!!
                assertEquals(listOf("Identity card", "Driving licence", "Health insurance card"), listed.items.map { it.typeName })
                assertTrue(listed.items.all { it.holder == "Nguyễn Thị Thanh Hương" && !it.pending && it.badge != StatusBadge.NEEDS_REBINDING })
                val card = listed.items.first { it.typeName == "Identity card" }

                val detail = phone.sendAndAwait(Event.Documents(DocumentsEvent.Open(card.id)), "the identity card") { v ->
                    detailOf(v)?.card != null
                }
                val shown = detailOf(detail)!!
                assertEquals("Nguyễn Thị Thanh Hương", shown.holder)
                assertTrue(shown.canShowQr)
                assertTrue(shown.card!!.front.any { it.value == "Nguyễn Thị Thanh Hương" })

                phone.sendAndAwait(Event.Detail(DetailEvent.SHOW_QR), "the QR screen") { qrOf(it) != null }
                val coded = phone.sendAndAwait(Event.ShowQr(ShowQrEvent.ChoosePreset("checkpoint-id")), "a checkpoint code", seconds = 30) { v ->
                    qrOf(v)?.let { it.payload != null && it.choices.any { c -> c.preset == "checkpoint-id" && c.selected } } == true
                }
                val qr = qrOf(coded)!!
                assertTrue(qr.payload!!.startsWith("VD2:"), qr.payload)
                val matrix = qr.qr!!
                assertEquals(4 * matrix.version.toInt() + 17, matrix.size.toInt())
                assertEquals(matrix.size.toInt() * matrix.size.toInt(), matrix.modules.size)
                assertEquals(1, matrix.modules[0].toInt(), "a finder pattern's corner is dark")
                assertTrue(qr.running)
                assertTrue(coded.platform.fullBrightness && coded.platform.secureDisplay)
                assertEquals(1000u, coded.platform.tickMs, "the countdown ticks every second")
                assertTrue(qr.accessibilityLabel.contains("identity card"), qr.accessibilityLabel)
            }
        }
    }
}

/** The documents list's view, when it is shown. */
fun documentsOf(view: ViewModel) = (view.screen as? ScreenView.Documents)?.view

/** The offer screen's view, when it is shown. */
fun offerOf(view: ViewModel) = (view.screen as? ScreenView.Offer)?.view

/** The sign-in screen's view, when it is shown. */
fun presentOf(view: ViewModel) = (view.screen as? ScreenView.Present)?.view

/** The document card's view, when it is shown. */
fun detailOf(view: ViewModel) = (view.screen as? ScreenView.Detail)?.view

/** The QR screen's view, when it is shown. */
fun qrOf(view: ViewModel) = (view.screen as? ScreenView.ShowQr)?.view
