package vn.vidi.domain

import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource
import java.util.Locale
import kotlin.test.Test
import kotlin.test.assertEquals

class LanguageTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(
        "vi-VN, Vietnamese",
        "en-US, English",
        "en-GB, English",
        "EN, English",
        "fr-FR en-US, English", // the first language the wallet speaks wins
        "en-US vi-VN, English",
        "vi en, Vietnamese",
        "fr-FR, Vietnamese", // nothing the wallet speaks: the documents' own language
        "zh-Hans-CN ja-JP, Vietnamese",
    )
    fun `follows the device's preferred languages`(tags: String, expected: Language) {
        assertEquals(expected, Language.forTags(tags.split(' ')))
    }

    @Test
    fun `an empty preference list falls back to Vietnamese`() {
        assertEquals(Language.Vietnamese, Language.forDevice(emptyList()))
    }

    @Test
    fun `takes java locales as Android's LocaleList gives them`() {
        assertEquals(Language.English, Language.forDevice(listOf(Locale.GERMANY, Locale.UK, Locale("vi", "VN"))))
        assertEquals(Language.Vietnamese, Language.forDevice(listOf(Locale("vi", "VN"), Locale.US)))
    }

    @Test
    fun `labels the countdown in the chosen language`() {
        val tick = QrTick.Countdown(secondsToRefresh = 12, secondsToExpiry = 57)
        assertEquals("Mã mới sau 12 giây · còn hiệu lực 57 giây", tick.label(Language.Vietnamese))
        assertEquals("New code in 12 s · valid for 57 s", tick.label(Language.English))
        assertEquals("Đang tạo mã mới…", QrTick.Refresh.label(Language.forTags(listOf("vi-VN"))))
    }
}
