package vn.vidi.desktop

import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import vn.vidi.app.BackupEvent
import vn.vidi.app.DetailEvent
import vn.vidi.app.DocumentsEvent
import vn.vidi.app.Event
import vn.vidi.app.MenuAction
import vn.vidi.app.OfferEvent
import vn.vidi.app.PresentEvent
import vn.vidi.app.Route
import vn.vidi.app.ScreenView
import vn.vidi.app.SetupEvent
import vn.vidi.app.ShowQrEvent
import vn.vidi.app.UnlockEvent
import vn.vidi.app.VerifierEvent
import vn.vidi.app.ViewModel
import vn.vidi.domain.Phone
import vn.vidi.domain.ServerMock
import vn.vidi.domain.detailOf
import vn.vidi.domain.documentsOf
import vn.vidi.domain.offerOf
import vn.vidi.domain.presentOf
import vn.vidi.domain.qrOf
import vn.vidi.domain.setupOf
import vn.vidi.domain.unlockOf
import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import kotlin.test.fail

/**
 * Every screen of both apps, seen: a citizen's and a verifier's journeys
 * through the real app core (the bindings, libvidi_ffi.so) against the real
 * mock issuer, in Vietnamese and in English; each state worth seeing is
 * drawn in the light and the dark theme (see [shoot]), compared with its
 * committed reference ([References]) and checked for accessibility. The
 * states are the ones the core rendered, never made by hand: first run and
 * its error, the empty list, an offer scanned, refused, being redeemed and
 * done, the documents, a card, its checkpoint QR, the activity log, backup,
 * signing in to an online service (the consent, shared, declined, a replay),
 * the lock screen with a wrong PIN and the lock-out, and the verifier not
 * ready, syncing, ready, its VALID and NOT VALID verdicts, and a checkpoint
 * whose lists are stale.
 */
@Timeout(600)
class ScreensTest {
    private val problems = ArrayList<String>()
    private var shots = 0

    @ParameterizedTest(name = "every screen in {0}")
    @ValueSource(strings = ["vi-VN", "en-GB"])
    fun `every screen of the citizen and the verifier, in both themes`(language: String, @TempDir dir: Path) {
        val lang = language.substringBefore('-')
        ServerMock.start(dir.resolve("issuer")).use { server ->
            val payload = citizen(server, dir, language, lang)
            verifier(server, dir, language, lang, payload)
        }
        staleLists(dir, language, lang)
        assertTrue(shots >= 54, "only $shots shots")
        if (problems.isNotEmpty()) fail("${problems.size} problem(s):\n" + problems.joinToString("\n"))
    }

    private fun shotOf(name: String, lang: String, view: ViewModel) {
        for (dark in listOf(false, true)) {
            val full = "$name.$lang.${if (dark) "dark" else "light"}"
            val shot = shoot(view, dark)
            shots++
            References.check(full, shot)?.let { problems += it }
            shot.findings.forEach { problems += "$full: $it" }
        }
    }

    /** The citizen's journey; returns the identity card's checkpoint code. */
    private fun citizen(server: ServerMock, dir: Path, language: String, lang: String): String {
        Phone(dir.resolve("citizen-$lang").also { Files.createDirectories(it) }, server.baseUrl, listOf(language)).use { phone ->
            val first = phone.sendAndAwait(Event.Start, "the first-run screen") { setupOf(it) != null }
            shotOf("citizen-01-setup", lang, first)
            val mismatch = phone.sendAndAwait(Event.Setup(SetupEvent.Finish(PIN, "654321")), "the PINs differ") {
                setupOf(it)?.let { s -> s.pinError != null || s.error != null } == true
            }
            shotOf("citizen-02-setup-error", lang, mismatch)
            val empty = phone.sendAndAwait(Event.Setup(SetupEvent.Finish(PIN, PIN)), "the empty list") { documentsOf(it)?.empty != null }
            shotOf("citizen-03-documents-empty", lang, empty)

            val scanning = phone.sendAndAwait(Event.Open(Route.AcceptOffer(link = null)), "the offer screen") { offerOf(it) != null }
            shotOf("citizen-04-offer-scan", lang, scanning)
            val offer = server.offer(citizen = 0)
            val read = phone.sendAndAwait(Event.Offer(OfferEvent.Paste(offer.uri)), "the offer read") { offerOf(it)?.offer != null }
            shotOf("citizen-05-offer-read", lang, read)
            val wrong = if (offer.pin == "000000") "111111" else "000000"
            val refused = phone.sendAndAwait(Event.Offer(OfferEvent.Submit(wrong)), "the wrong PIN refused") {
                offerOf(it)?.let { o -> !o.busy && o.error != null } == true
            }
            shotOf("citizen-06-offer-wrong-pin", lang, refused)
            val before = phone.send(Event.Offer(OfferEvent.Submit(offer.pin)))
            val busy = phone.shell.await("the offer being redeemed", before) { offerOf(it)?.busy == true }
            shotOf("citizen-07-offer-busy", lang, busy)
            val issued = phone.shell.await("the documents issued", before, seconds = 60) {
                offerOf(it)?.let { o -> !o.busy && o.result != null } == true
            }
            shotOf("citizen-08-offer-done", lang, issued)

            val listed = phone.sendAndAwait(Event.Offer(OfferEvent.Close), "three documents") {
                documentsOf(it)?.let { d -> !d.loading && d.items.size == 3 } == true
            }
            shotOf("citizen-09-documents", lang, listed)
            val card = documentsOf(listed)!!.items.first()
            val detail = phone.sendAndAwait(Event.Documents(DocumentsEvent.Open(card.id)), "the identity card") { detailOf(it)?.card != null }
            shotOf("citizen-10-card", lang, detail)
            phone.sendAndAwait(Event.Detail(DetailEvent.SHOW_QR), "the QR screen") { qrOf(it) != null }
            val coded = phone.sendAndAwait(Event.ShowQr(ShowQrEvent.ChoosePreset("checkpoint-id")), "a checkpoint code", seconds = 30) {
                qrOf(it)?.let { q -> q.qr != null && q.choices.any { c -> c.preset == "checkpoint-id" && c.selected } } == true
            }
            shotOf("citizen-11-show-qr", lang, coded)
            val payload = assertNotNull(qrOf(coded)!!.payload)

            phone.sendAndAwait(Event.Back, "the card again") { detailOf(it) != null }
            phone.sendAndAwait(Event.Back, "the list again") { documentsOf(it) != null }
            val log = phone.sendAndAwait(Event.Menu(MenuAction.ACTIVITY_LOG), "the activity log") {
                (it.screen as? ScreenView.Log)?.view?.let { l -> !l.loading && l.entries.isNotEmpty() } == true
            }
            shotOf("citizen-12-activity-log", lang, log)
            phone.sendAndAwait(Event.Back, "the list again") { documentsOf(it) != null }
            val backup = phone.sendAndAwait(Event.Menu(MenuAction.BACKUP), "the backup screen") { it.screen is ScreenView.Backup }
            shotOf("citizen-13-backup", lang, backup)
            val weak = phone.sendAndAwait(Event.Backup(BackupEvent.Backup("short", "short")), "a passphrase too short") {
                (it.screen as? ScreenView.Backup)?.view?.error != null
            }
            shotOf("citizen-14-backup-error", lang, weak)
            phone.sendAndAwait(Event.Back, "the list again") { documentsOf(it) != null }
            signIn(phone, server, lang)

            val locked = phone.sendAndAwait(Event.Lock, "the lock screen") { unlockOf(it) != null }
            shotOf("citizen-15-unlock", lang, locked)
            val once = phone.sendAndAwait(Event.Unlock(UnlockEvent.Submit("999999")), "a wrong PIN") {
                unlockOf(it)?.let { u -> !u.busy && u.error != null } == true
            }
            shotOf("citizen-16-unlock-wrong-pin", lang, once)
            var out: ViewModel = once
            repeat(4) {
                // Each wrong PIN says fewer tries left (another error), the last one a wait.
                val before = unlockOf(out)!!.error
                out = phone.sendAndAwait(Event.Unlock(UnlockEvent.Submit("999999")), "another wrong PIN") { v ->
                    unlockOf(v)?.let { u -> !u.busy && (u.wait != null || (u.error != null && u.error != before)) } == true
                }
            }
            assertNotNull(unlockOf(out)!!.wait, "five wrong PINs lock the wallet for a while")
            shotOf("citizen-17-unlock-locked-out", lang, out)
            return payload
        }
    }

    /**
     * Signing in to the mock relying party with the documents issued: a
     * service's consent, shared (the session verified), another declined
     * (the session told), and the first request again (kept, in a link of its own): a replay, refused. No
     * session id, port or nonce is drawn; the time left is a number (a
     * volatile area).
     */
    private fun signIn(phone: Phone, server: ServerMock, lang: String) {
        val residence = server.rpSession("residence")
        // Kept as it was served, to replay once answered.
        val kept = server.requestObject(residence)
        phone.sendAndAwait(Event.Open(Route.Present(null)), "the sign-in screen") { presentOf(it)?.scanning == true }
        val consent = phone.sendAndAwait(Event.Present(PresentEvent.Paste(residence.link)), "the consent", seconds = 30) {
            presentOf(it)?.let { p -> p.consent != null || p.error != null } == true
        }
        assertNotNull(presentOf(consent)!!.consent, "${presentOf(consent)!!.error}")
        shotOf("citizen-20-sign-in-consent", lang, consent)
        val shared = phone.sendAndAwait(Event.Present(PresentEvent.Share), "the claims shared", seconds = 30) {
            presentOf(it)?.let { p -> !p.busy && (p.result != null || p.error != null) } == true
        }
        assertEquals(true, presentOf(shared)!!.result?.shared, "${presentOf(shared)!!.error}")
        assertEquals("verified", server.rpState(residence.id))
        shotOf("citizen-21-sign-in-shared", lang, shared)
        phone.sendAndAwait(Event.Present(PresentEvent.Close), "the list again") { documentsOf(it) != null }

        val age = server.rpSession("age")
        phone.sendAndAwait(Event.Open(Route.Present(age.link)), "another consent", seconds = 30) { presentOf(it)?.consent != null }
        val declined = phone.sendAndAwait(Event.Present(PresentEvent.Decline), "declined", seconds = 30) {
            presentOf(it)?.let { p -> !p.busy && (p.result != null || p.error != null) } == true
        }
        assertEquals(false, presentOf(declined)!!.result?.shared, "${presentOf(declined)!!.error}")
        assertEquals("declined", server.rpState(age.id))
        shotOf("citizen-22-sign-in-declined", lang, declined)
        phone.sendAndAwait(Event.Present(PresentEvent.Close), "the list again") { documentsOf(it) != null }

        val replayed = phone.sendAndAwait(Event.Open(Route.Present(residence.byValue(kept))), "the replay refused", seconds = 30) {
            presentOf(it)?.let { p -> !p.busy && p.error != null } == true
        }
        shotOf("citizen-23-sign-in-replayed", lang, replayed)
        phone.sendAndAwait(Event.Present(PresentEvent.Close), "the list again") { documentsOf(it) != null }
    }

    /** The verifier's journey on another phone: not ready, syncing, ready, a VALID and a NOT VALID verdict. */
    private fun verifier(server: ServerMock, dir: Path, language: String, lang: String, payload: String) {
        Phone(dir.resolve("verifier-$lang").also { Files.createDirectories(it) }, server.baseUrl, listOf(language)).use { phone ->
            phone.sendAndAwait(Event.Start, "the first-run screen") { setupOf(it) != null }
            phone.sendAndAwait(Event.Setup(SetupEvent.Finish(PIN, PIN)), "the empty list") { documentsOf(it)?.empty != null }
            val notReady = phone.sendAndAwait(Event.SwitchMode, "the checkpoint") { verifierOf(it)?.notReady != null }
            shotOf("verifier-01-not-ready", lang, notReady)
            val before = phone.send(Event.Verifier(VerifierEvent.Sync))
            val syncing = phone.shell.await("the lists syncing", before) { verifierOf(it)?.syncing == true }
            shotOf("verifier-02-syncing", lang, syncing)
            val ready = phone.shell.await("the lists synced", before, seconds = 60) {
                verifierOf(it)?.let { v -> !v.syncing && v.lists.isNotEmpty() && v.notReady == null } == true
            }
            assertTrue(verifierOf(ready)!!.scanning, "${verifierOf(ready)}")
            shotOf("verifier-03-ready", lang, ready)
            val valid = phone.sendAndAwait(Event.Scanned(payload), "a verdict") { verifierOf(it)?.verdict != null }
            assertEquals(true, verifierOf(valid)!!.verdict!!.valid, "${verifierOf(valid)!!.verdict}")
            shotOf("verifier-04-valid", lang, valid)
            phone.sendAndAwait(Event.Verifier(VerifierEvent.Dismiss), "scanning again") { verifierOf(it)?.verdict == null }
            // The same code with one character of its signed part changed.
            val tampered = payload.substring(0, payload.length - 8) + (if (payload[payload.length - 8] == 'A') 'B' else 'A') + payload.takeLast(7)
            val invalid = phone.sendAndAwait(Event.Scanned(tampered), "a refusal") { verifierOf(it)?.verdict != null }
            assertEquals(false, verifierOf(invalid)!!.verdict!!.valid)
            shotOf("verifier-05-not-valid", lang, invalid)
        }
    }

    /**
     * A checkpoint whose lists are old: synced from an issuer whose clock is
     * three days behind (run under libfaketime), so its status lists were
     * signed three days ago, past the 48 hours a status may be trusted.
     */
    private fun staleLists(dir: Path, language: String, lang: String) {
        ServerMock.start(dir.resolve("old-issuer"), clockOffset = "-3d").use { old ->
            Phone(dir.resolve("stale-$lang").also { Files.createDirectories(it) }, old.baseUrl, listOf(language)).use { phone ->
                phone.sendAndAwait(Event.Start, "the first-run screen") { setupOf(it) != null }
                phone.sendAndAwait(Event.Setup(SetupEvent.Finish(PIN, PIN)), "the empty list") { documentsOf(it)?.empty != null }
                phone.sendAndAwait(Event.SwitchMode, "the checkpoint") { verifierOf(it) != null }
                val before = phone.send(Event.Verifier(VerifierEvent.Sync))
                val stale = phone.shell.await("the old lists synced", before, seconds = 60) {
                    verifierOf(it)?.let { v -> !v.syncing && v.lists.isNotEmpty() } == true
                }
                val view = verifierOf(stale)!!
                assertTrue(view.stale && view.staleWarning != null && view.lists.any { it.stale }, "$view")
                shotOf("verifier-06-stale-lists", lang, stale)
            }
        }
    }

    companion object {
        const val PIN = "250481"

        fun verifierOf(view: ViewModel) = (view.screen as? ScreenView.Verifier)?.view

        @JvmStatic
        @AfterAll
        fun index() = References.writeIndex()
    }
}
