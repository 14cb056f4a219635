package vn.vidi.domain.ui

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import vn.vidi.domain.Language

/**
 * The shared base of the screen models (docs/screens.md): the [scope]
 * long work runs in, the [language] texts are made in, and the screen's
 * [state] as one immutable value.
 *
 * Subclasses change the state with [update]; [onLanguageChanged] re-words
 * what is already on screen when [setLanguage] changes the language.
 */
abstract class ScreenModel<S>(
    protected val scope: CoroutineScope,
    language: Language,
    initial: S,
) {
    private val mutableState = MutableStateFlow(initial)

    /** What the screen draws. */
    val state: StateFlow<S> = mutableState.asStateFlow()

    /** The language texts are made in now. */
    @Volatile
    var language: Language = language
        private set

    /** Changes the language while the screen is shown. */
    fun setLanguage(language: Language) {
        if (language == this.language) return
        this.language = language
        onLanguageChanged()
    }

    /** Re-words the state after a language change; nothing by default. */
    protected open fun onLanguageChanged() {}

    /** Replaces the state by [change] of it (atomically). */
    protected fun update(change: (S) -> S) = mutableState.update(change)

    /** The user's words for [error] in the current language. */
    protected fun describe(error: Throwable): String = errorText(error, language)
}

/**
 * Text the user typed that must not leak: a PIN or a passphrase. Its
 * [toString] never prints it, so a state holding it can be logged.
 */
class Secret(val text: String = "") {
    /** Whether nothing was typed. */
    val isEmpty: Boolean get() = text.isEmpty()

    override fun equals(other: Any?): Boolean = other is Secret && other.text == text

    override fun hashCode(): Int = text.hashCode()

    override fun toString(): String = "Secret(hidden)"

    companion object {
        /** No text. */
        val EMPTY = Secret()
    }
}
