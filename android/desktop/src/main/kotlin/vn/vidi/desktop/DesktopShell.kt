package vn.vidi.desktop

import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.receiveAsFlow
import vn.vidi.app.Effect
import vn.vidi.app.Event
import vn.vidi.app.ViewModel
import vn.vidi.domain.KeyStoreKeyProvider
import vn.vidi.ffi.AppConfig
import vn.vidi.ffi.AppCore
import vn.vidi.ffi.AppShell
import java.nio.file.Files
import java.nio.file.Path
import java.util.Locale

/**
 * The desktop's shell for the app core: [render] publishes each view model
 * in [view], [perform] queues each effect in [effects] for the window,
 * which takes each one once. Both are called on whatever thread the core is
 * on. The wallet key is a software one, in a PKCS12 key store file in the
 * data folder (the desktop has no Keystore or Secure Enclave; this build is
 * for developers), and device keys are the core's own software keys, kept
 * in the wallet.
 */
class DesktopShell(dataDir: Path, serverUrl: String, languages: List<String> = listOf(Locale.getDefault().toLanguageTag())) :
    AppShell, AutoCloseable {
    private val queue = Channel<Effect>(Channel.UNLIMITED)
    private val state: MutableStateFlow<ViewModel>

    private val core: AppCore

    init {
        Files.createDirectories(dataDir)
        core = AppCore(
            config = AppConfig(
                dataDir = dataDir.toString(),
                defaultServerUrl = serverUrl,
                biometricAvailable = false,
                languages = languages,
                pinWorkFactor = null,
            ),
            keyProvider = KeyStoreKeyProvider.pkcs12(dataDir.resolve("desktop-keys.p12"), KEY_STORE_PASSWORD.toCharArray()),
            deviceKeys = null,
            shell = this,
        )
        state = MutableStateFlow(core.view())
    }

    /** What to draw: the core's last view model. */
    val view: StateFlow<ViewModel> = state.asStateFlow()

    /** The effects the window performs (file dialogs, the clipboard, closing), each delivered once. */
    val effects: Flow<Effect> = queue.receiveAsFlow()

    /** Hands the user's or the platform's [event] to the core. */
    fun send(event: Event) = core.send(event)

    override fun render(view: ViewModel) {
        state.value = view
    }

    override fun perform(effect: Effect) {
        queue.trySend(effect)
    }

    override fun close() {
        core.close()
        queue.close()
    }

    private companion object {
        // The file's own protection is the folder's permissions: a PKCS12
        // file needs a password, and a developer build has no secret to
        // keep it in.
        const val KEY_STORE_PASSWORD = "vidi-desktop"
    }
}
