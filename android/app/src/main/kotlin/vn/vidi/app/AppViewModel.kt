package vn.vidi.app

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.launchIn
import kotlinx.coroutines.flow.onEach
import vn.vidi.domain.Language
import vn.vidi.domain.VidiVerifier
import vn.vidi.domain.VidiWallet
import vn.vidi.domain.ui.AppModel
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.ScreenModel

/**
 * Keeps the app's screen models across configuration changes: the
 * [AppModel] and one model per screen on the back stack, each with its own
 * child of `viewModelScope`, so a rotation does not cancel an issuance and
 * a screen that leaves the stack stops its work (its scope is cancelled).
 */
class AppViewModel(application: Application) : AndroidViewModel(application) {
    /** The phone, as the models see it. */
    val platform = (application as VidiApplication).platform

    /** Navigation, mode and the unlocked wallet. */
    val app = AppModel(viewModelScope, Language.Vietnamese, platform).also { it.start() }

    private var openedVerifier: VidiVerifier? = null

    private val screens = LinkedHashMap<Route, Held>()

    private class Held(val scope: CoroutineScope, val model: ScreenModel<*>)

    init {
        // Screens that left the back stack stop their work.
        app.state.onEach { state -> retain(state.stack.toSet()) }.launchIn(viewModelScope)
    }

    /** The unlocked wallet; the citizen's screens are only shown while there is one. */
    val wallet: VidiWallet get() = checkNotNull(app.wallet) { "the wallet is locked" }

    /**
     * The model of [route], made by [make] in its own scope on first use and
     * kept while [route] is on the back stack.
     */
    @Suppress("UNCHECKED_CAST")
    fun <M : ScreenModel<*>> model(route: Route, make: (CoroutineScope) -> M): M = synchronized(screens) {
        screens[route]?.let { return it.model as M }
        val scope = CoroutineScope(viewModelScope.coroutineContext + SupervisorJob(viewModelScope.coroutineContext[Job]))
        val model = make(scope)
        screens[route] = Held(scope, model)
        model
    }

    /** The phone's language changed: every model re-words what it shows. */
    fun setLanguage(language: Language) {
        app.setLanguage(language)
        synchronized(screens) { screens.values.forEach { it.model.setLanguage(language) } }
    }

    private fun retain(stack: Set<Route>) = synchronized(screens) {
        val gone = screens.keys.filter { it !in stack }
        gone.forEach { route -> screens.remove(route)?.scope?.cancel() }
    }

    /** The checkpoint's cache of trust and status lists, opened on first use. */
    fun verifier(): VidiVerifier = synchronized(this) {
        openedVerifier ?: VidiVerifier(platform.verifierCacheDir).also { openedVerifier = it }
    }

    /**
     * The activity is finishing: the wallet is closed (which forgets its
     * key; `viewModelScope` is already cancelled, so no `lock()` job could
     * run) and so is the verifier.
     */
    override fun onCleared() {
        app.wallet?.close()
        openedVerifier?.close()
    }
}
