package vn.vidi.domain

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.ffi.AddedAs
import vn.vidi.ffi.CachedList
import vn.vidi.ffi.DocumentType
import vn.vidi.ffi.IssuanceStep
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * The citizen's whole story through the facade, against the mock issuer
 * run as a process: an offer and its PIN, the documents in a wallet sealed
 * by the Kotlin key provider with device keys from the Kotlin store, a
 * checkpoint's QR code, the verifier's verdict, then revocation.
 */
@Timeout(60)
class CitizenFlowTest {
    @Test
    fun `offer and PIN, documents, checkpoint QR, valid verdict, then revoked after a sync`(@TempDir dir: Path) = runBlocking<Unit> {
        ServerMock.start(dir.resolve("issuer")).use { server ->
            val keystore = dir.resolve("keystore.p12")
            val deviceKeys = JcaDeviceKeyStore()
            val walletPath = dir.resolve("wallet.db").toString()
            val card: String
            VidiWallet.create(walletPath, KeyStoreKeyProvider.pkcs12(keystore, PASSWORD), deviceKeys).use { wallet ->
                assertEquals(KeyStoreKeyProvider.KIND, wallet.ffi.keyProviderKind())

                // The offer arrives (a QR on the portal, a letter); the PIN separately.
                val offer = server.offer(citizen = 0)
                val steps = CopyOnWriteArrayList<IssuanceStep>()
                val report = wallet.issuance.accept(offer.uri, offer.pin, onStep = { steps += it })
                assertEquals(
                    listOf(DocumentType.NATIONAL_ID, DocumentType.DRIVING_LICENCE, DocumentType.HEALTH_INSURANCE),
                    report.documents.map { it.documentType },
                )
                assertTrue(report.documents.all { it.addedAs == AddedAs.ADDED })
                assertEquals(IssuanceStep.ReadingOffer, steps.first())
                assertEquals(IssuanceStep.Done, steps.last())
                // One Kotlin device key per credential issued, each proving possession to the issuer.
                assertEquals(report.documents.sumOf { it.credentials.toInt() }, deviceKeys.size)
                assertTrue(deviceKeys.signatures >= deviceKeys.size)

                val documents = wallet.documents()
                assertEquals(3, documents.size)
                assertTrue(documents.all { it.holderName == "Nguyễn Thị Thanh Hương" && !it.needsRebinding && !it.pending })
                card = wallet.idCard()
                val details = wallet.document(card)
                assertTrue("checkpoint-id" in details.presets, "${details.presets}")
                assertTrue(details.fields.any { it.value == "Nguyễn Thị Thanh Hương" })

                // The checkpoint asks for a QR code.
                val signedBefore = deviceKeys.signatures
                val shown = wallet.present(card, "checkpoint-id")
                assertTrue(shown.payload.startsWith("VD1:"))
                assertEquals("national-id", shown.kind)
                assertEquals(4 * shown.qr.version + 17, shown.qr.size)
                assertTrue(shown.qr.isDark(0, 0), "a finder pattern's corner is dark")
                assertFalse(shown.qr.isDark(7, 7), "a finder pattern's separator is light")
                assertEquals(Duration.ofSeconds(15), Duration.between(shown.madeAt, shown.refreshAt))
                assertEquals(Duration.ofSeconds(60), Duration.between(shown.madeAt, shown.expiresAt))
                assertEquals(signedBefore + 1, deviceKeys.signatures, "the core signed with the Kotlin device key")

                VidiVerifier(dir.resolve("verifier").toString()).use { verifier ->
                    assertFalse(verifier.state.value.ready)
                    val synced = verifier.sync(server.baseUrl)
                    assertTrue(synced.complete && synced.anchorPinnedNow)
                    verifier.state.value.let { state ->
                        assertTrue(state.ready && !state.syncing)
                        assertEquals(server.baseUrl, state.server)
                        assertEquals(synced, state.lastSync)
                        assertEquals(CachedList.TrustList, state.cacheAges.first().list)
                        assertNotNull(state.oldestStatusListAgeSeconds)
                    }

                    val verdict = verifier.verify(shown.payload)
                    assertTrue(verdict.valid, verdict.reasonEn)
                    assertEquals(DocumentType.NATIONAL_ID, verdict.documentType)
                    assertEquals(3, verdict.claims.size)
                    assertTrue(verdict.claims.any { it.claim == "full_name" && it.value == "Nguyễn Thị Thanh Hương" })
                    assertNull(verdict.reasonCode)
                    assertEquals(verdict, verifier.state.value.lastVerdict)
                    assertEquals(1, verifier.state.value.verified)

                    // The issuer revokes the ID card; the verifier learns it at its next sync.
                    val ids = server.credentialIds(0, "national_id")
                    assertTrue(ids.isNotEmpty())
                    ids.forEach(server::revoke)
                    assertEquals(ids.sorted(), server.credentialIds(0, "national_id", state = "revoked").sorted())
                    val resynced = verifier.sync(server.baseUrl)
                    assertFalse(resynced.anchorPinnedNow)

                    val revoked = verifier.verify(wallet.present(card, "checkpoint-id").payload)
                    assertFalse(revoked.valid)
                    assertEquals("revoked", revoked.reasonCode)
                    assertEquals("Giấy tờ đã bị thu hồi", revoked.reasonVi)
                    assertEquals(2, verifier.state.value.verified)
                }
            }

            // The keystore file outlives the process: the wallet opens again with it.
            VidiWallet.open(walletPath, KeyStoreKeyProvider.pkcs12(keystore, PASSWORD), JcaDeviceKeyStore()).use { wallet ->
                assertFalse(wallet.isUnlocked())
                wallet.unlock()
                assertEquals(3, wallet.documents().size)
                assertEquals("Thẻ căn cước", wallet.document(card).summary.typeLabelVi)
            }
        }
    }

    private companion object {
        val PASSWORD = "keystore password".toCharArray()
    }
}
