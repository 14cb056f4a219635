package vn.vidi.domain.ui

import vn.vidi.domain.Language
import vn.vidi.ffi.DocumentType
import java.time.Instant
import java.time.LocalDate
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException

/**
 * How the screens write dates, times, ages and lists. Dates follow
 * Vietnamese cards (`14/05/2031`) in both languages, and times are Vietnam
 * time whatever the phone's zone: the documents, the checkpoints and the
 * issuer all live there.
 */
object Formatting {
    /** Vietnam's time zone (UTC+7, no daylight saving). */
    val VIETNAM: ZoneId = ZoneId.of("Asia/Ho_Chi_Minh")

    private val DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy")
    private val DATE_TIME = DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy")

    /** An ISO 8601 date (`2031-05-14`, or a date-time starting with one) as `14/05/2031`; anything else unchanged. */
    fun date(iso: String): String = try {
        LocalDate.parse(iso.take(ISO_DATE_LENGTH)).format(DATE)
    } catch (_: DateTimeParseException) {
        iso
    }

    /** Unix seconds as `09:05 14/05/2031`, Vietnam time. */
    fun dateTime(unixSeconds: Long): String = Instant.ofEpochSecond(unixSeconds).atZone(VIETNAM).format(DATE_TIME)

    /**
     * How long ago [seconds] is, in words starting lower-case: "just now"
     * under a minute (and for a clock that is behind), then whole minutes,
     * hours under a day, and days: "5 phút trước" / "5 minutes ago".
     */
    fun age(seconds: Long, language: Language): String = when {
        seconds < MINUTE -> Str.AGE_JUST_NOW.text(language)
        seconds < 2 * MINUTE -> Str.AGE_MINUTE.text(language)
        seconds < HOUR -> Str.AGE_MINUTES.text(language, seconds / MINUTE)
        seconds < 2 * HOUR -> Str.AGE_HOUR.text(language)
        seconds < DAY -> Str.AGE_HOURS.text(language, seconds / HOUR)
        seconds < 2 * DAY -> Str.AGE_DAY.text(language)
        else -> Str.AGE_DAYS.text(language, seconds / DAY)
    }

    /** Items as a sentence: "a", "a and b", "a, b and c" ("a, b và c"); empty for none. */
    fun list(items: List<String>, language: Language): String = when (items.size) {
        0 -> ""
        1 -> items[0]
        else -> Str.LIST_PAIR.text(language, items.dropLast(1).joinToString(", "), items.last())
    }

    /** A name or label as it reads inside a sentence: its first letter lower-case ("Thẻ căn cước" → "thẻ căn cước"). */
    fun inSentence(text: String): String = text.replaceFirstChar { it.lowercase() }

    /** A document type's name from the catalog, for when the wallet no longer holds the document. */
    fun documentTypeName(type: DocumentType, language: Language): String = when (type) {
        DocumentType.NATIONAL_ID -> Str.DOCUMENT_TYPE_NATIONAL_ID
        DocumentType.DRIVING_LICENCE -> Str.DOCUMENT_TYPE_DRIVING_LICENCE
        DocumentType.HEALTH_INSURANCE -> Str.DOCUMENT_TYPE_HEALTH_INSURANCE
    }.text(language)

    /** A preset's name from the catalog ("Trạm kiểm soát" / "Checkpoint"); an unknown one keeps its machine name. */
    fun presetName(preset: String, language: Language): String = when (preset) {
        "checkpoint-id" -> Str.PRESET_CHECKPOINT_ID.text(language)
        "traffic-stop" -> Str.PRESET_TRAFFIC_STOP.text(language)
        "hospital" -> Str.PRESET_HOSPITAL.text(language)
        "age-18" -> Str.PRESET_AGE_18.text(language)
        else -> preset
    }

    private const val ISO_DATE_LENGTH = 10
    private const val MINUTE = 60L
    private const val HOUR = 60 * MINUTE
    private const val DAY = 24 * HOUR
}
