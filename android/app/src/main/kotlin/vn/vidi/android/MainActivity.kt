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
import vn.vidi.android.platform.AndroidPlatform
import vn.vidi.android.camera.QrScanner
import vn.vidi.android.platform.askBiometric
import vn.vidi.ui.VidiApp
import vn.vidi.app.Effect
import vn.vidi.app.Event
import vn.vidi.app.PlatformView
import vn.vidi.app.UnlockEvent
import vn.vidi.app.Lifecycle as AppLifecycle

/**
 * The app's one activity: draws the core's view model ([VidiApp]), keeps
 * the window in step with its `platform` (`FLAG_SECURE`, full brightness,
 * the tick timer; the camera is drawn by [VidiApp]), and performs the
 * effects that need an activity. It tells the core when the app goes to
 * the background and comes back (the automatic lock is the core's), about
 * offer deep links (`openid-credential-offer://…`, at launch or while
 * running) and the phone's language.
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

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        // Also after a re-creation for a new locale.
        model.send(Event.SetLanguage(AndroidPlatform.language(resources.configuration)))
        // A re-creation after a configuration change must not open the same link twice.
        if (savedInstanceState == null) openLink(intent)
        lifecycle.addObserver(
            LifecycleEventObserver { _, event ->
                when (event) {
                    Lifecycle.Event.ON_START -> model.send(Event.Lifecycle(AppLifecycle.FOREGROUND))
                    Lifecycle.Event.ON_STOP -> model.send(Event.Lifecycle(AppLifecycle.BACKGROUND))
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

    /** An offer link the app was opened with (the manifest's VIEW filter); the core reads it. */
    private fun openLink(intent: Intent?) {
        if (intent?.action != Intent.ACTION_VIEW) return
        val uri = intent.data ?: return
        model.send(Event.OpenLink(uri.toString()))
    }

    /** Screenshots blocked and full brightness exactly while the view model asks. */
    private fun applyWindow(platform: PlatformView) {
        if (platform.secureDisplay) {
            window.addFlags(WindowManager.LayoutParams.FLAG_SECURE)
        } else {
            window.clearFlags(WindowManager.LayoutParams.FLAG_SECURE)
        }
        window.attributes = window.attributes.apply {
            screenBrightness = if (platform.fullBrightness) {
                WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_FULL
            } else {
                WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE
            }
        }
    }

    private fun perform(effect: Effect) {
        when (effect) {
            is Effect.BiometricPrompt -> askBiometric(
                this,
                effect.title,
                effect.cancel,
                onSuccess = { model.send(Event.Unlock(UnlockEvent.Biometric(ok = true, cancelled = false))) },
                onFailure = { cancelled -> model.send(Event.Unlock(UnlockEvent.Biometric(ok = false, cancelled = cancelled))) },
            )
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
