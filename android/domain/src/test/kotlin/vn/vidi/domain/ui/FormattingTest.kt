package vn.vidi.domain.ui

import vn.vidi.domain.Language.English
import vn.vidi.domain.Language.Vietnamese
import kotlin.test.Test
import kotlin.test.assertEquals

class FormattingTest {
    @Test
    fun `dates read as on Vietnamese cards, anything else is left alone`() {
        assertEquals("14/05/2031", Formatting.date("2031-05-14"))
        assertEquals("01/02/2030", Formatting.date("2030-02-01T10:00:00Z"))
        assertEquals("không rõ", Formatting.date("không rõ"))
    }

    @Test
    fun `times are Vietnam time whatever the zone of the machine`() {
        assertEquals("07:00 01/01/2025", Formatting.dateTime(1_735_689_600))
        // 2031-05-14T17:30:00Z is half past midnight the next day in Hà Nội.
        assertEquals("00:30 15/05/2031", Formatting.dateTime(1936546200))
    }

    @Test
    fun `ages in words, singular and plural`() {
        val cases = listOf(
            -30L to ("vừa xong" to "just now"),
            59L to ("vừa xong" to "just now"),
            60L to ("1 phút trước" to "1 minute ago"),
            5 * 60L + 59 to ("5 phút trước" to "5 minutes ago"),
            3600L to ("1 giờ trước" to "1 hour ago"),
            23 * 3600L to ("23 giờ trước" to "23 hours ago"),
            24 * 3600L to ("1 ngày trước" to "1 day ago"),
            49 * 3600L to ("2 ngày trước" to "2 days ago"),
        )
        for ((seconds, words) in cases) {
            assertEquals(words.first, Formatting.age(seconds, Vietnamese), "$seconds s")
            assertEquals(words.second, Formatting.age(seconds, English), "$seconds s")
        }
    }

    @Test
    fun `lists read as sentences`() {
        assertEquals("", Formatting.list(emptyList(), English))
        assertEquals("a", Formatting.list(listOf("a"), English))
        assertEquals("a and b", Formatting.list(listOf("a", "b"), English))
        assertEquals("a, b và c", Formatting.list(listOf("a", "b", "c"), Vietnamese))
        assertEquals("thẻ căn cước", Formatting.inSentence("Thẻ căn cước"))
    }

    @Test
    fun `presets have names in both languages`() {
        assertEquals("Trạm kiểm soát", Formatting.presetName("checkpoint-id", Vietnamese))
        assertEquals("Traffic stop", Formatting.presetName("traffic-stop", English))
        assertEquals("Bệnh viện", Formatting.presetName("hospital", Vietnamese))
        assertEquals("Age check (18+)", Formatting.presetName("age-18", English))
        assertEquals("something-new", Formatting.presetName("something-new", English))
    }
}
