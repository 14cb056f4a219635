package vn.vidi.domain.ui

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import vn.vidi.domain.Language
import vn.vidi.domain.VidiWallet
import vn.vidi.domain.WrongKeyException
import vn.vidi.ffi.appLockRules
import vn.vidi.ffi.unlockAttemptsLeft
import vn.vidi.ffi.unlockWaitSeconds

/** What the unlock screen shows. [pin] never prints. */
data class UnlockState(
    val method: UnlockMethod,
    val pin: Secret = Secret.EMPTY,
    val error: String? = null,
    /** Wrong PINs allowed before the next wait; null until a PIN was wrong. */
    val attemptsLeft: Int? = null,
    /** Seconds until a PIN may be tried again; 0 when it may now. */
    val waitSeconds: Int = 0,
    val busy: Boolean = false,
    val unlocked: Boolean = false,
)

/**
 * The unlock screen: the app PIN, or the phone's biometric prompt.
 *
 * Each try opens the wallet file with the platform's key provider for the
 * PIN typed and unlocks it; a wrong PIN is the core's `WrongKey`. After
 * 5 wrong PINs in a row every further one costs a wait of 30 s, doubled
 * each time (60 s, 120 s... up to [MAX_WAIT_MILLIS]; the core's
 * `app_lock` rules). The count and the end of the wait are saved in the
 * platform's [SettingsStore] before the screen hears of the failure, so
 * closing the app does not reset them; the countdown runs on the
 * platform's clock. Biometric failures are counted by the phone, not here.
 * The opened, unlocked wallet goes to [onUnlocked].
 */
class UnlockModel(
    scope: CoroutineScope,
    language: Language,
    private val platform: AppPlatform,
    private val onUnlocked: (VidiWallet) -> Unit = {},
) : ScreenModel<UnlockState>(scope, language, UnlockState(method = platform.settings.load().unlockMethod ?: UnlockMethod.Pin)) {

    private var countdown: Job? = null
    private var work: Job? = null

    init {
        val settings = platform.settings.load()
        if (settings.failedUnlocks > 0) update { it.copy(attemptsLeft = attemptsLeft(settings.failedUnlocks)) }
        if (settings.lockedUntilMillis > platform.clock.nowMillis()) startCountdown(settings.lockedUntilMillis)
    }

    /** The PIN field changed (digits only, at most [SetupModel.PIN_LENGTH]). */
    fun setPin(pin: String) {
        val digits = pin.filter { it in '0'..'9' }.take(SetupModel.PIN_LENGTH)
        update { it.copy(pin = Secret(digits), error = null) }
    }

    /** Tries the PIN typed. Ignored while busy or during a wait. */
    fun submit() {
        val current = state.value
        if (current.busy || current.unlocked || current.waitSeconds > 0 || work?.isActive == true) return
        if (current.pin.text.length != SetupModel.PIN_LENGTH) {
            update { it.copy(error = Str.UNLOCK_PIN_LENGTH.text(language, SetupModel.PIN_LENGTH)) }
            return
        }
        val pin = current.pin.text
        update { it.copy(busy = true, error = null, pin = Secret.EMPTY) }
        work = scope.launch { attempt(UnlockMethod.Pin, pin) }
    }

    /** The biometric prompt succeeded: the platform now releases the key. */
    fun biometricSucceeded() {
        if (state.value.busy || state.value.unlocked || work?.isActive == true) return
        update { it.copy(busy = true, error = null) }
        work = scope.launch { attempt(UnlockMethod.Biometric, null) }
    }

    /** The biometric prompt failed, or the user [cancelled] it. */
    fun biometricFailed(cancelled: Boolean) {
        val text = if (cancelled) Str.UNLOCK_BIOMETRIC_CANCELLED else Str.UNLOCK_BIOMETRIC_FAILED
        update { it.copy(error = text.text(language)) }
    }

    private suspend fun attempt(method: UnlockMethod, pin: String?) {
        var wallet: VidiWallet? = null
        try {
            wallet = VidiWallet.open(platform.walletPath, platform.keyProvider(method, pin), platform.deviceKeys)
            wallet.unlock()
            platform.settings.update { it.copy(failedUnlocks = 0, lockedUntilMillis = 0) }
            update { it.copy(busy = false, unlocked = true, error = null, attemptsLeft = null) }
            val opened = wallet
            wallet = null
            onUnlocked(opened)
        } catch (e: CancellationException) {
            update { it.copy(busy = false) }
            throw e
        } catch (e: WrongKeyException) {
            if (method == UnlockMethod.Pin) wrongPin() else update { it.copy(busy = false, error = describe(e)) }
        } catch (e: Exception) {
            update { it.copy(busy = false, error = describe(e)) }
        } finally {
            wallet?.close()
        }
    }

    /** Counts a wrong PIN, saves it (and a wait when due), then tells the screen. */
    private fun wrongPin() {
        val now = platform.clock.nowMillis()
        val saved = platform.settings.update { old ->
            val failed = old.failedUnlocks + 1
            old.copy(failedUnlocks = failed, lockedUntilMillis = waitMillis(failed)?.let { now + it } ?: 0)
        }
        val left = attemptsLeft(saved.failedUnlocks)
        update {
            it.copy(
                busy = false,
                attemptsLeft = left,
                error = if (saved.lockedUntilMillis > now) {
                    Str.UNLOCK_WRONG_PIN_WAIT.text(language, secondsUntil(saved.lockedUntilMillis, now))
                } else {
                    Str.UNLOCK_WRONG_PIN.text(language, left)
                },
            )
        }
        if (saved.lockedUntilMillis > now) startCountdown(saved.lockedUntilMillis)
    }

    /** Counts [waitSeconds][UnlockState.waitSeconds] down to 0 on the platform's clock. */
    private fun startCountdown(until: Long) {
        countdown?.cancel()
        val clock = platform.clock
        update { it.copy(waitSeconds = secondsUntil(until, clock.nowMillis())) }
        countdown = scope.launch {
            while (true) {
                val remaining = until - clock.nowMillis()
                if (remaining <= 0) break
                update { it.copy(waitSeconds = secondsUntil(until, clock.nowMillis())) }
                clock.sleep(remaining.coerceAtMost(1_000))
            }
            update { it.copy(waitSeconds = 0) }
        }
    }

    companion object {
        /** The longest wait (the core's rule: 30 s doubled seven times, 64 minutes). */
        val MAX_WAIT_MILLIS: Long = appLockRules().maxWaitSeconds.toLong() * 1000

        /** The wait after the [failed]th wrong PIN in a row (the core's `unlockWaitSeconds`); null when none is due. */
        fun waitMillis(failed: Int): Long? = unlockWaitSeconds(failed.coerceAtLeast(0).toUInt())?.let { it.toLong() * 1000 }

        /** Wrong PINs left before a wait, after [failed] in a row: one at a time once the waits began. */
        fun attemptsLeft(failed: Int): Int = unlockAttemptsLeft(failed.coerceAtLeast(0).toUInt()).toInt()

        private fun secondsUntil(until: Long, now: Long): Int = ((until - now + 999) / 1000).toInt().coerceAtLeast(0)
    }
}
