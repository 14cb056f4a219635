package vn.vidi.domain

/**
 * Just enough JSON for the tests to read the admin API's answers: objects
 * as maps, arrays as lists, numbers as Long or Double, strings, booleans, null.
 */
object Json {
    fun parse(text: String): Any? {
        val parser = Parser(text)
        val value = parser.value()
        parser.space()
        require(parser.at == text.length) { "trailing characters at ${parser.at}" }
        return value
    }

    /** A JSON string literal of [s]. */
    fun quote(s: String): String = buildString {
        append('"')
        for (c in s) {
            when {
                c == '"' -> append("\\\"")
                c == '\\' -> append("\\\\")
                c < ' ' -> append("\\u%04x".format(c.code))
                else -> append(c)
            }
        }
        append('"')
    }

    private class Parser(val s: String) {
        var at = 0

        fun space() {
            while (at < s.length && s[at].isWhitespace()) at++
        }

        fun value(): Any? {
            space()
            require(at < s.length) { "unexpected end" }
            return when (s[at]) {
                '{' -> obj()
                '[' -> array()
                '"' -> string()
                't' -> word("true", true)
                'f' -> word("false", false)
                'n' -> word("null", null)
                else -> number()
            }
        }

        fun word(w: String, v: Any?): Any? {
            require(s.startsWith(w, at)) { "bad literal at $at" }
            at += w.length
            return v
        }

        fun obj(): Map<String, Any?> {
            val out = LinkedHashMap<String, Any?>()
            at++
            space()
            if (s[at] == '}') return out.also { at++ }
            while (true) {
                space()
                val key = string()
                space()
                require(s[at++] == ':') { "expected : at ${at - 1}" }
                out[key] = value()
                space()
                when (s[at++]) {
                    ',' -> continue
                    '}' -> return out
                    else -> throw IllegalArgumentException("expected , or } at ${at - 1}")
                }
            }
        }

        fun array(): List<Any?> {
            val out = ArrayList<Any?>()
            at++
            space()
            if (s[at] == ']') return out.also { at++ }
            while (true) {
                out += value()
                space()
                when (s[at++]) {
                    ',' -> continue
                    ']' -> return out
                    else -> throw IllegalArgumentException("expected , or ] at ${at - 1}")
                }
            }
        }

        fun string(): String {
            require(s[at++] == '"') { "expected a string at ${at - 1}" }
            val out = StringBuilder()
            while (true) {
                when (val c = s[at++]) {
                    '"' -> return out.toString()
                    '\\' -> when (val e = s[at++]) {
                        'n' -> out.append('\n')
                        't' -> out.append('\t')
                        'r' -> out.append('\r')
                        'b' -> out.append('\b')
                        'f' -> out.append('\u000c')
                        'u' -> out.append(s.substring(at, at + 4).toInt(16).toChar()).also { at += 4 }
                        else -> out.append(e)
                    }
                    else -> out.append(c)
                }
            }
        }

        fun number(): Number {
            val start = at
            while (at < s.length && (s[at].isDigit() || s[at] in "+-.eE")) at++
            val text = s.substring(start, at)
            require(text.isNotEmpty()) { "unexpected character at $start" }
            return text.toLongOrNull() ?: text.toDouble()
        }
    }
}

@Suppress("UNCHECKED_CAST")
fun Any?.obj(): Map<String, Any?> = this as Map<String, Any?>

@Suppress("UNCHECKED_CAST")
fun Any?.list(): List<Any?> = this as List<Any?>
