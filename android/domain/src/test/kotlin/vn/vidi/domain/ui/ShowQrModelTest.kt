package vn.vidi.domain.ui

import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import vn.vidi.domain.Language
import vn.vidi.domain.WallClock
import vn.vidi.domain.idCard
import vn.vidi.domain.newWallet
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNotEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * A clock the test moves by hand: each [sleep] waits for a [step], then
 * moves on by what it slept. Far from the system clock, so each code's
 * countdown is moved onto it and starts at exactly 15 s.
 */
private class SteppedClock(var now: Long = 1_750_000_000_000L) : WallClock {
    private val steps = Channel<Unit>()

    override fun nowMillis(): Long = now

    override suspend fun sleep(millis: Long) {
        steps.receive()
        now += millis
    }

    suspend fun step() = steps.send(Unit)
}

@Timeout(60)
class ShowQrModelTest {
    @Test
    fun `checkpoint code counts down, says what it shows, and renews`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            wallet.addSampleDocuments()
            val clock = SteppedClock()
            val model = ShowQrModel(this, Language.Vietnamese, wallet, wallet.idCard(), clock)
            model.start()
            val first = model.state.first { it.qr != null }
            assertEquals(QrSelection.Preset("checkpoint-id"), first.selected)
            assertEquals("Xuất trình thẻ căn cước", first.title)
            assertEquals("Trạm kiểm soát", first.choices.first().name)
            assertEquals(listOf("Số định danh cá nhân", "Họ, chữ đệm và tên", "Ngày sinh"), first.choices.first().claims)
            assertEquals(15, first.secondsToRefresh)
            assertEquals(1f, first.fraction)
            assertEquals("Mã mới sau 15 giây · còn hiệu lực 60 giây", first.caption)
            assertEquals(
                "Mã QR của thẻ căn cước của bạn, cho thấy số định danh cá nhân, họ, chữ đệm và tên và ngày sinh; mã mới sau 15 giây",
                first.accessibilityLabel,
            )
            assertTrue(first.running)

            clock.step()
            val next = model.state.first { it.secondsToRefresh == 14 }
            assertEquals(14f / 15, next.fraction)
            assertEquals(first.qr, next.qr, "the same code until the refresh")
            model.setLanguage(Language.English)
            assertEquals(
                "QR code of your identity card showing personal ID number, full name and date of birth; a new code in 14 seconds",
                model.state.value.accessibilityLabel,
            )
            assertEquals("New code in 14 s · valid for 59 s", model.state.value.caption)

            repeat(14) { clock.step() }
            val renewed = model.state.first { it.secondsToRefresh == 15 && it.qr != first.qr }
            assertNotNull(renewed.qr)
            model.stop()
            assertNull(model.state.value.qr)
            assertTrue(!model.state.value.running)
        }
    }

    @Test
    fun `the age check names its one claim, and claims can be picked one by one`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            wallet.addSampleDocuments()
            val clock = SteppedClock()
            val model = ShowQrModel(this, Language.English, wallet, wallet.idCard(), clock)
            model.start()
            val checkpoint = model.state.first { it.qr != null }
            assertTrue(checkpoint.choices.any { it.preset == "age-18" && it.name == "Age check (18+)" }, checkpoint.choices.toString())

            model.choosePreset("age-18")
            val age = model.state.first { it.qr != null && it.selected == QrSelection.Preset("age-18") }
            assertEquals("QR code of your identity card showing aged 18 or over; a new code in 15 seconds", age.accessibilityLabel)
            model.setLanguage(Language.Vietnamese)
            assertEquals("Mã QR của thẻ căn cước của bạn, cho thấy đủ 18 tuổi; mã mới sau 15 giây", model.state.value.accessibilityLabel)
            assertNotEquals(checkpoint.qr, age.qr)

            // From the checkpoint preset, leave out the name: number and date of birth remain.
            model.choosePreset("checkpoint-id")
            model.toggleClaim("full_name")
            assertEquals(QrSelection.Claims(setOf("personal_id_number", "date_of_birth")), model.state.value.selected)
            val picked = model.state.first { it.qr != null && it.selected is QrSelection.Claims }
            assertEquals(
                "Mã QR của thẻ căn cước của bạn, cho thấy số định danh cá nhân và ngày sinh; mã mới sau 15 giây",
                picked.accessibilityLabel,
            )
            assertEquals(setOf("personal_id_number", "date_of_birth"), picked.claims.filter { it.selected }.map { it.claim }.toSet())

            // Nothing picked: no code, and a word on why.
            model.toggleClaim("personal_id_number")
            model.toggleClaim("date_of_birth")
            val none = model.state.first { !it.running }
            assertNull(none.qr)
            assertEquals("Hãy chọn ít nhất một thông tin để xuất trình.", none.caption)
            model.stop()
        }
    }

    @Test
    fun `a locked wallet is an error in words, not a crash`(@TempDir dir: Path) = runBlocking<Unit> {
        newWallet(dir).use { wallet ->
            wallet.addSampleDocuments()
            val model = ShowQrModel(this, Language.Vietnamese, wallet, wallet.idCard(), SteppedClock())
            model.load().join()
            wallet.lock()
            model.start()
            val failed = model.state.first { it.error != null }
            assertEquals("Ví đang khoá. Hãy mở khoá rồi thử lại.", failed.error)
            assertNull(failed.qr)
            model.state.first { !it.running }
        }
    }
}
