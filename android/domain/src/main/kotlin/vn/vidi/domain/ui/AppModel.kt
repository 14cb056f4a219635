package vn.vidi.domain.ui

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import vn.vidi.domain.Language
import vn.vidi.domain.VidiWallet

/** A screen of the app. */
sealed class Route {
    /** First run. */
    data object Setup : Route()

    data object Unlock : Route()

    data object Documents : Route()

    data class DocumentDetail(val id: String) : Route()

    data class ShowQr(val id: String) : Route()

    /** Accepting an offer; [link] when it came as a deep link, else the screen scans or takes a paste. */
    data class AcceptOffer(val link: String? = null) : Route()

    data object ActivityLog : Route()

    data object Backup : Route()

    data object Verifier : Route()
}

/** Who uses the app now: the citizen showing documents, or an officer checking them. */
enum class AppMode { Citizen, Verifier }

/** The app's navigation: a back [stack] whose top is the [route] shown. */
data class AppState(
    val stack: List<Route>,
    val mode: AppMode = AppMode.Citizen,
    val language: Language,
    /** An offer link arrived while locked: the unlock screen can say it waits. */
    val offerWaiting: Boolean = false,
) {
    /** The screen shown. */
    val route: Route get() = stack.last()
}

/**
 * The app's top: which screen is shown, the back stack, the mode, and the
 * [wallet] once unlocked. [start] opens first run when there is no wallet
 * file yet, else the unlock screen. An offer deep link ([openLink]) is
 * kept until the wallet is unlocked, then opens the offer screen. [lock]
 * locks and closes the wallet and goes back to the unlock screen.
 *
 * The verifier mode needs no wallet: [switchMode] goes to the scanner at
 * once, and back to the documents (or to unlocking) after.
 */
class AppModel(
    scope: CoroutineScope,
    language: Language,
    private val platform: AppPlatform,
) : ScreenModel<AppState>(scope, language, AppState(stack = listOf(Route.Unlock), language = language)) {

    /** The unlocked wallet, while there is one. */
    @Volatile
    var wallet: VidiWallet? = null
        private set

    private var pendingLink: String? = null

    /** Shows first run or the unlock screen. */
    fun start() = update { it.copy(stack = listOf(entry()), mode = AppMode.Citizen) }

    /** The first-run screen's model, handing its new wallet to this app. */
    fun setupModel(scope: CoroutineScope) = SetupModel(scope, language, platform, ::walletReady)

    /** The unlock screen's model, handing the unlocked wallet to this app. */
    fun unlockModel(scope: CoroutineScope) = UnlockModel(scope, language, platform, ::walletReady)

    /** Shows [route] on top of the current one. */
    fun navigate(route: Route) = update { it.copy(stack = it.stack + route) }

    /** Goes back one screen; false at the root (the platform then closes the app). */
    fun back(): Boolean {
        var moved = false
        update { current ->
            moved = current.stack.size > 1
            if (moved) current.copy(stack = current.stack.dropLast(1)) else current
        }
        return moved
    }

    /** The app was opened with [uri] (an offer link): shown now if unlocked, else after unlocking. */
    fun openLink(uri: String) {
        if (wallet != null) {
            update { it.copy(mode = AppMode.Citizen, stack = citizenStack(it) + Route.AcceptOffer(uri)) }
        } else {
            pendingLink = uri
            update { it.copy(offerWaiting = true) }
        }
    }

    /** Citizen to verifier and back. */
    fun switchMode() = update { current ->
        when (current.mode) {
            AppMode.Citizen -> current.copy(mode = AppMode.Verifier, stack = listOf(Route.Verifier))
            AppMode.Verifier -> current.copy(mode = AppMode.Citizen, stack = listOf(if (wallet != null) Route.Documents else entry()))
        }
    }

    /** Locks and closes the wallet, back to the unlock screen. Join the job to know it is locked. */
    fun lock(): Job {
        val held = wallet
        wallet = null
        update { it.copy(stack = listOf(Route.Unlock), mode = AppMode.Citizen) }
        return scope.launch {
            if (held != null) {
                withContext(NonCancellable) {
                    runCatching { held.lock() }
                    held.close()
                }
            }
        }
    }

    /** The wallet was created or unlocked: the documents, then a waiting offer. */
    fun walletReady(opened: VidiWallet) {
        wallet?.takeIf { it !== opened }?.close()
        wallet = opened
        val link = pendingLink
        pendingLink = null
        update { current ->
            val stack = listOf<Route>(Route.Documents) + listOfNotNull(link?.let { Route.AcceptOffer(it) })
            current.copy(stack = stack, mode = AppMode.Citizen, offerWaiting = false)
        }
    }

    override fun onLanguageChanged() = update { it.copy(language = language) }

    private fun entry(): Route = if (platform.walletExists()) Route.Unlock else Route.Setup

    private fun citizenStack(state: AppState): List<Route> =
        if (state.mode == AppMode.Citizen && state.stack.first() == Route.Documents) state.stack else listOf(Route.Documents)
}
