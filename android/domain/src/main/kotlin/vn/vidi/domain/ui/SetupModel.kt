package vn.vidi.domain.ui

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.launch
import vn.vidi.domain.InvalidInputException
import vn.vidi.domain.Language
import vn.vidi.domain.VidiWallet
import vn.vidi.domain.checkServerUrl
import vn.vidi.ffi.AppPinProblem
import vn.vidi.ffi.appLockRules
import vn.vidi.ffi.appPinProblem

/** What the first-run screen shows. [pin] and [pinConfirm] never print. */
data class SetupState(
    val serverUrl: String,
    val serverUrlError: String? = null,
    val method: UnlockMethod = UnlockMethod.Pin,
    val biometricAvailable: Boolean = false,
    val pin: Secret = Secret.EMPTY,
    val pinConfirm: Secret = Secret.EMPTY,
    val pinError: String? = null,
    /** A failure creating the wallet. */
    val error: String? = null,
    val busy: Boolean = false,
    val done: Boolean = false,
)

/** Why a new PIN is refused. */
enum class PinProblem { Length, OneDigit, Run, Mismatch }

/**
 * First run: the issuer's URL (the platform's default proposed, checked by
 * the core's `checkServerUrl`), the unlock method (a 6-digit app PIN, or
 * the phone's biometric when it has one), then the wallet is made with the
 * platform's key provider for that method and its device key store. The
 * settings are saved before the wallet file is written, so a wallet file
 * always has its settings (a crash in between only repeats first run).
 * The new, unlocked wallet goes to [onCreated]; the PINs are cleared.
 */
class SetupModel(
    scope: CoroutineScope,
    language: Language,
    private val platform: AppPlatform,
    private val onCreated: (VidiWallet) -> Unit = {},
) : ScreenModel<SetupState>(
    scope,
    language,
    SetupState(serverUrl = platform.defaultServerUrl, biometricAvailable = platform.biometricAvailable),
) {
    fun setServerUrl(url: String) = update { it.copy(serverUrl = url, serverUrlError = null) }

    /** Chooses the unlock method; biometric only where the phone has it. */
    fun setMethod(method: UnlockMethod) {
        if (method == UnlockMethod.Biometric && !platform.biometricAvailable) return
        update { it.copy(method = method, pinError = null) }
    }

    /** The PIN field changed (digits only, at most [PIN_LENGTH]). */
    fun setPin(pin: String) = update { it.copy(pin = Secret(digits(pin)), pinError = null) }

    /** The confirmation field changed. */
    fun setPinConfirm(pin: String) = update { it.copy(pinConfirm = Secret(digits(pin)), pinError = null) }

    /** Checks the URL and the PIN, saves the settings and creates the wallet. */
    fun finish() {
        val current = state.value
        if (current.busy || current.done) return
        val problem = if (current.method == UnlockMethod.Pin) pinProblem(current.pin.text, current.pinConfirm.text) else null
        if (problem != null) {
            update { it.copy(pinError = problemText(problem), error = null) }
            return
        }
        update { it.copy(busy = true, serverUrlError = null, pinError = null, error = null) }
        scope.launch {
            val url = try {
                checkServerUrl(current.serverUrl.trim())
            } catch (e: CancellationException) {
                update { it.copy(busy = false) }
                throw e
            } catch (e: InvalidInputException) {
                update { it.copy(busy = false, serverUrlError = Str.SETUP_SERVER_URL_INVALID.text(language)) }
                return@launch
            } catch (e: Exception) {
                update { it.copy(busy = false, serverUrlError = describe(e)) }
                return@launch
            }
            try {
                platform.settings.save(AppSettings(serverUrl = url, unlockMethod = current.method))
                val pin = current.pin.text.takeIf { current.method == UnlockMethod.Pin }
                val wallet = VidiWallet.create(platform.walletPath, platform.keyProvider(current.method, pin), platform.deviceKeys)
                update { it.copy(serverUrl = url, busy = false, done = true, pin = Secret.EMPTY, pinConfirm = Secret.EMPTY) }
                onCreated(wallet)
            } catch (e: CancellationException) {
                update { it.copy(busy = false) }
                throw e
            } catch (e: Exception) {
                update { it.copy(busy = false, error = describe(e)) }
            }
        }
    }

    override fun onLanguageChanged() {
        val current = state.value
        if (current.pinError != null && current.method == UnlockMethod.Pin) {
            pinProblem(current.pin.text, current.pinConfirm.text)?.let { p -> update { it.copy(pinError = problemText(p)) } }
        }
        if (current.serverUrlError != null) update { it.copy(serverUrlError = Str.SETUP_SERVER_URL_INVALID.text(language)) }
    }

    private fun problemText(problem: PinProblem): String = when (problem) {
        PinProblem.Length -> Str.SETUP_PIN_LENGTH.text(language, PIN_LENGTH)
        PinProblem.OneDigit -> Str.SETUP_PIN_ONE_DIGIT.text(language)
        PinProblem.Run -> Str.SETUP_PIN_RUN.text(language)
        PinProblem.Mismatch -> Str.SETUP_PIN_MISMATCH.text(language)
    }

    companion object {
        /** Digits in an app PIN (the core's rule). */
        val PIN_LENGTH: Int = appLockRules().pinLength.toInt()

        private fun digits(text: String) = text.filter { it in '0'..'9' }.take(PIN_LENGTH)

        /**
         * What is wrong with [pin] confirmed as [confirm], or null: the core's
         * rule (`appPinProblem`): [PIN_LENGTH] digits, not one digit repeated
         * (`111111`), not a run up or down (`123456`, `654321`, `890123`),
         * typed the same twice.
         */
        fun pinProblem(pin: String, confirm: String): PinProblem? = when (appPinProblem(pin, confirm)) {
            null -> null
            AppPinProblem.LENGTH -> PinProblem.Length
            AppPinProblem.ONE_DIGIT -> PinProblem.OneDigit
            AppPinProblem.RUN -> PinProblem.Run
            AppPinProblem.MISMATCH -> PinProblem.Mismatch
        }
    }
}
