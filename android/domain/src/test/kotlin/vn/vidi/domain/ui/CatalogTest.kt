package vn.vidi.domain.ui

import vn.vidi.domain.Language
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** The generated catalog: every text is there in both languages, with the same arguments. */
class CatalogTest {
    private val argument = Regex("""\{(\d+)\}""")

    private fun arguments(text: String) = argument.findAll(text).map { it.groupValues[1].toInt() }.toSortedSet()

    @Test
    fun `every text has Vietnamese and English with the same arguments`() {
        assertTrue(Str.entries.size > 50, "${Str.entries.size} texts")
        for (key in Str.entries) {
            val vi = key.text(Language.Vietnamese)
            val en = key.text(Language.English)
            assertTrue(vi.isNotBlank() && en.isNotBlank(), "$key is blank in a language")
            assertEquals(arguments(vi), arguments(en), "$key: the languages take different arguments")
            // Arguments are numbered from 0 without gaps, so a call can fill them all.
            assertEquals((0 until arguments(vi).size).toSortedSet(), arguments(vi), "$key numbers its arguments with a gap")
        }
    }

    @Test
    fun `arguments are filled in`() {
        assertEquals("Có giá trị đến 14/05/2031", Str.DOCUMENTS_VALID_UNTIL.text(Language.Vietnamese, "14/05/2031"))
        assertEquals("New code in 12 s · valid for 57 s", Str.QR_COUNTDOWN.text(Language.English, 12, 57))
    }

    @Test
    fun `Vietnamese texts are written with their diacritics`() {
        // A Vietnamese text of three words or more without a single diacritic is likely a slip.
        val marks = Regex("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", RegexOption.IGNORE_CASE)
        val bare = Str.entries.filter { key ->
            val vi = key.text(Language.Vietnamese)
            vi.split(' ').count { it.any(Char::isLetter) } >= 3 && !marks.containsMatchIn(vi)
        }
        assertEquals(emptyList(), bare)
    }
}
