package vn.vidi.domain

import vn.vidi.domain.ui.Str
import java.util.Locale

/** The languages the wallet's labels come in. */
enum class Language(val tag: String) {
    Vietnamese("vi"),
    English("en"),
    ;

    /** The label for this language out of a Vietnamese/English pair. */
    fun <T> pick(vi: T, en: T): T = when (this) {
        Vietnamese -> vi
        English -> en
    }

    companion object {
        /**
         * The language to label things in for a device whose user prefers
         * [preferred], in order (Android's `LocaleList`, iOS's
         * `preferredLanguages`): the first of them that the wallet speaks,
         * whatever its region or script (`en-GB`, `vi-VN`), and Vietnamese when
         * there is none (a French phone, an empty list): the documents are
         * Vietnamese, so their own language is the safe default.
         */
        fun forDevice(preferred: List<Locale>): Language =
            preferred.firstNotNullOfOrNull { locale -> entries.firstOrNull { it.tag == locale.language } }
                ?: Vietnamese

        /** [forDevice] for BCP 47 language tags such as `en-US`. */
        fun forTags(tags: List<String>): Language = forDevice(tags.map(Locale::forLanguageTag))
    }
}

/** The QR screen's caption for [this] tick, in [language] (from the string catalog). */
fun QrTick.label(language: Language): String = when (this) {
    is QrTick.Countdown -> Str.QR_COUNTDOWN.text(language, secondsToRefresh, secondsToExpiry)
    QrTick.Refresh -> Str.QR_REFRESHING.text(language)
    QrTick.Expired -> Str.QR_EXPIRED.text(language)
}
