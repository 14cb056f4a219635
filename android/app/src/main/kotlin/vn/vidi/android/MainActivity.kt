package vn.vidi.android

import android.content.ActivityNotFoundException
import android.content.Intent
import android.content.res.Configuration
import android.os.Bundle
import android.view.WindowManager
import androidx.activity.compose.BackHandler
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.result.contract.ActivityResultContracts
import androidx.activity.viewModels
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.runtime.getValue
import androidx.fragment.app.FragmentActivity
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.LifecycleEventObserver
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.lifecycleScope
import androidx.lifecycle.repeatOnLifecycle
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch
import java.security.GeneralSecurityException
import vn.vidi.android.platform.AndroidPlatform
import vn.vidi.android.camera.QrScanner
import vn.vidi.android.platform.Biometric
import vn.vidi.ui.VidiApp
import vn.vidi.app.Effect
import vn.vidi.app.Event
import vn.vidi.app.PlatformView
import vn.vidi.app.Lifecycle as AppLifecycle

/**
 * The app's one activity: draws the core's view model ([VidiApp]), keeps
 * the window in step with its `platform` (full brightness, the tick timer;
 * the camera is drawn by [VidiApp]), and performs the effects that need an
 * activity.
 *
 * `FLAG_SECURE` is set once for the whole activity, always: every screen
 * but setup shows the wallet (and setup is brief), and a flag that follows
 * the view model would leave a frame of a wallet screen unprotected on
 * every change, and the recents thumbnail taken at the wrong moment. So
 * `platform.secureDisplay` is not read here; only `fullBrightness` is, and
 * the brightness goes back to the user's whenever the activity stops. It tells the core when the app goes to
 * the background and comes back (the automatic lock is the core's), about
 * offer deep links (`openid-credential-offer://…`) and online services'
 * sign-in requests (`openid4vp://…`), at launch or while running, and the phone's language.
 *
 * A `FragmentActivity` (itself a `ComponentActivity`) because
 * androidx.biometric's `BiometricPrompt` needs one.
 */
class MainActivity : FragmentActivity() {
    private val model: AppViewModel by viewModels()

    private val saveBackup = registerForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) {
        model.savePicked(it)
    }
    private val openBackup = registerForActivityResult(ActivityResultContracts.OpenDocument()) { model.openPicked(it) }

    /** One prompt, made in onCreate, so one showing across a rotation answers the new activity. */
    private lateinit var biometric: Biometric

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        // Before anything is drawn: no screenshots, recordings or recents thumbnail of any screen.
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        enableEdgeToEdge()
        biometric = Biometric(this) { cipher, cancelled -> model.biometricAnswered(cipher, cancelled) }
        // Also after a re-creation for a new locale.
        model.send(Event.SetLanguage(AndroidPlatform.language(resources.configuration)))
        // A re-creation after a configuration change must not open the same link twice.
        if (savedInstanceState == null) openLink(intent)
        lifecycle.addObserver(
            LifecycleEventObserver { _, event ->
                when (event) {
                    Lifecycle.Event.ON_START -> model.send(Event.Lifecycle(AppLifecycle.FOREGROUND))
                    Lifecycle.Event.ON_STOP -> {
                        // The core stops the QR code's signing; the user's brightness comes back now.
                        brighten(false)
                        model.send(Event.Lifecycle(AppLifecycle.BACKGROUND))
                    }
                    else -> Unit
                }
            },
        )
        lifecycleScope.launch {
            repeatOnLifecycle(Lifecycle.State.STARTED) {
                launch { model.effects.collect { perform(it) } }
                launch { model.view.map { it.platform }.distinctUntilChanged().collect { applyWindow(it) } }
                // Ticks only while the app is seen; the core checks the time itself on coming back.
                launch {
                    model.view.map { it.platform.tickMs }.distinctUntilChanged().collectLatest { ms ->
                        if (ms != null) {
                            while (true) {
                                delay(ms.toLong())
                                model.send(Event.Tick)
                            }
                        }
                    }
                }
            }
        }
        setContent {
            val view by model.view.collectAsStateWithLifecycle()
            val noFilePicker by model.noFilePicker.collectAsStateWithLifecycle()
            BackHandler { model.send(Event.Back) }
            VidiApp(
                view,
                model::send,
                scanner = { modifier ->
                    QrScanner(
                        allow = view.shell.allowCamera,
                        denied = view.shell.cameraDenied,
                        openSettings = view.shell.openSettings,
                        onScanned = { model.send(Event.Scanned(it)) },
                        modifier = modifier.aspectRatio(1f),
                    )
                },
                noFilePicker = noFilePicker,
                onNoticeRead = model::noticeRead,
            )
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        setIntent(intent)
        openLink(intent)
    }

    override fun onConfigurationChanged(newConfig: Configuration) {
        super.onConfigurationChanged(newConfig)
        model.send(Event.SetLanguage(AndroidPlatform.language(newConfig)))
    }

    /** An offer link or a sign-in request the app was opened with (the manifest's VIEW filters); the core reads it and picks the screen. */
    private fun openLink(intent: Intent?) {
        if (intent?.action != Intent.ACTION_VIEW) return
        val uri = intent.data ?: return
        model.send(Event.OpenLink(uri.toString()))
    }

    /** Full brightness exactly while the view model asks (screenshots are always blocked: onCreate). */
    private fun applyWindow(platform: PlatformView) = brighten(platform.fullBrightness)

    private fun brighten(full: Boolean) {
        window.attributes = window.attributes.apply {
            screenBrightness = if (full) {
                WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_FULL
            } else {
                WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE
            }
        }
    }

    private fun perform(effect: Effect) {
        when (effect) {
            is Effect.BiometricPrompt -> {
                val cipher = try {
                    model.biometricCipher()
                } catch (_: GeneralSecurityException) {
                    model.biometricAnswered(null, cancelled = false)
                    return
                }
                if (cipher == null) model.biometricKeyGone() else biometric.ask(effect.title, effect.cancel, cipher)
            }
            is Effect.PickFileToSave -> try {
                saveBackup.launch(effect.suggestedName)
            } catch (_: ActivityNotFoundException) {
                model.noPickerFor(effect)
            }
            is Effect.PickFileToOpen -> try {
                openBackup.launch(arrayOf("*/*"))
            } catch (_: ActivityNotFoundException) {
                model.noPickerFor(effect)
            }
            is Effect.Share -> {
                val send = Intent(Intent.ACTION_SEND)
                    .setType("text/plain")
                    .putExtra(Intent.EXTRA_SUBJECT, effect.subject)
                    .putExtra(Intent.EXTRA_TEXT, effect.text)
                startActivity(Intent.createChooser(send, effect.subject))
            }
            // Handled by the view model, which outlives a rotation.
            is Effect.FileWritten -> Unit
            Effect.Close -> finish()
        }
    }
}
