package vn.vidi.android

import android.app.Application
import android.net.Uri
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.receiveAsFlow
import kotlinx.coroutines.launch
import vn.vidi.android.platform.AndroidPlatform
import vn.vidi.android.platform.BackupFiles
import vn.vidi.android.platform.BiometricKeyProvider
import vn.vidi.android.platform.KeystoreDeviceKeys
import vn.vidi.android.platform.KeystoreKeyProvider
import vn.vidi.android.platform.PlatformTls
import vn.vidi.app.BackupEvent
import vn.vidi.app.Effect
import vn.vidi.app.Event
import vn.vidi.app.UnlockEvent
import vn.vidi.app.ViewModel
import vn.vidi.ffi.AppCore
import vn.vidi.ffi.AppShell
import javax.crypto.Cipher

/**
 * Owns the app core for as long as the activity's task lives (across
 * rotations) and is its shell: [render] publishes each view model in
 * [view], [perform] queues each effect in [effects] for the activity, which
 * collects each one once. Both are called on whatever thread the core is
 * on (the caller of [send], or its workers when a task ends).
 *
 * Two wallet keys in the Keystore: [KeystoreKeyProvider], usable without
 * a prompt (the core seals the wrong-PIN count with it and layers the app
 * PIN inside it), and [BiometricKeyProvider] for the biometric method,
 * whose private key needs a strong biometric for every use: the core's
 * `Effect.BiometricPrompt` makes the activity prompt with [biometricCipher]
 * as the `CryptoObject`, and [biometricAnswered] hands the authenticated
 * cipher to the provider for the core's one unseal. Device keys are made in
 * StrongBox, else the TEE ([KeystoreDeviceKeys]).
 */
class AppViewModel(application: Application) : AndroidViewModel(application), AppShell {
    private val files = BackupFiles(application)
    private val queue = Channel<Effect>(Channel.UNLIMITED)

    private val biometricKey = BiometricKeyProvider()

    init {
        // Before the core exists: its HTTPS checks certificates through Android's trust manager.
        PlatformTls.init(application)
    }

    private val core = AppCore(
        config = AndroidPlatform.config(application),
        keyProvider = KeystoreKeyProvider(),
        deviceKeys = KeystoreDeviceKeys(),
        shell = this,
        biometricKeyProvider = biometricKey,
    )

    private val state = MutableStateFlow(core.view())

    /** What to draw: the core's last view model. */
    val view: StateFlow<ViewModel> = state.asStateFlow()

    /** The effects that need the activity (prompts, pickers, the share sheet, closing), each delivered once. */
    val effects: Flow<Effect> = queue.receiveAsFlow()

    private val noPicker = MutableStateFlow(false)

    /** The phone had no app to pick a file with: the activity says so (`ShellWords.noFilePicker`) until [noticeRead]. */
    val noFilePicker: StateFlow<Boolean> = noPicker.asStateFlow()

    init {
        core.send(Event.Start)
    }

    /** Hands the user's or the platform's [event] to the core. */
    fun send(event: Event) = core.send(event)

    override fun render(view: ViewModel) {
        state.value = view
    }

    override fun perform(effect: Effect) {
        when (effect) {
            // Copying out needs no activity, and a rotation must not stop it.
            is Effect.FileWritten -> viewModelScope.launch {
                if (!files.copyOut(effect.path)) send(Event.Backup(BackupEvent.SaveFailed))
            }
            else -> queue.trySend(effect)
        }
    }

    /**
     * The cipher the biometric prompt is to authenticate, on the biometric
     * method's key; null when this phone has no usable key (then
     * [biometricKeyGone]). Throws the Keystore's other failures
     * (`GeneralSecurityException`).
     */
    fun biometricCipher(): Cipher? = biometricKey.unsealCipher()

    /** The prompt's answer: the cipher it authenticated (null: failed or [cancelled]) goes to the key, the outcome to the core. */
    fun biometricAnswered(cipher: Cipher?, cancelled: Boolean) {
        biometricKey.authenticated(cipher)
        send(Event.Unlock(UnlockEvent.Biometric(ok = cipher != null, cancelled = cancelled)))
    }

    /**
     * There is no key to prompt for (never made here, or invalidated by a
     * new enrolment): the core tries, hears `WrongKey` from the provider
     * and offers the backup. Nothing is released without a prompt.
     */
    fun biometricKeyGone() {
        biometricKey.authenticated(null)
        send(Event.Unlock(UnlockEvent.Biometric(ok = true, cancelled = false)))
    }

    /** The save picker's answer: the core writes the backup to a temporary file for [uri]; none: cancelled. */
    fun savePicked(uri: Uri?) {
        send(Event.Backup(BackupEvent.SaveTo(uri?.let(files::saveTarget))))
    }

    /** The open picker's answer: the backup at [uri] is copied in for the core to read; none: cancelled. */
    fun openPicked(uri: Uri?) {
        if (uri == null) {
            send(Event.Backup(BackupEvent.RestoreFrom(null)))
            return
        }
        viewModelScope.launch {
            val path = files.copyIn(uri)
            send(Event.Backup(if (path != null) BackupEvent.RestoreFrom(path) else BackupEvent.OpenFailed))
        }
    }

    /** No file picker answered the core's `PickFileToSave` or `PickFileToOpen`: it hears of a cancel, the user of why. */
    fun noPickerFor(effect: Effect) {
        noPicker.value = true
        send(Event.Backup(if (effect is Effect.PickFileToSave) BackupEvent.SaveTo(null) else BackupEvent.RestoreFrom(null)))
    }

    /** The user read the notice. */
    fun noticeRead() {
        noPicker.value = false
    }

    /** The activity's task ends: the core goes (the wallet's key with it) and so do temporary files. */
    override fun onCleared() {
        core.close()
        files.clear()
        queue.close()
    }
}
