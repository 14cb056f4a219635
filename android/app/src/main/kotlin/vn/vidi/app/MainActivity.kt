package vn.vidi.app

import android.content.Intent
import android.content.res.Configuration
import android.os.Bundle
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.viewModels
import androidx.fragment.app.FragmentActivity
import vn.vidi.app.ui.VidiApp
import vn.vidi.domain.Language

/**
 * The app's one activity. A `FragmentActivity` (itself a
 * `ComponentActivity`) because androidx.biometric's `BiometricPrompt`
 * needs one. It draws [VidiApp], hands offer deep links
 * (`openid-credential-offer://…`, at launch or while running) to the
 * `AppModel`, and follows the phone's language.
 */
class MainActivity : FragmentActivity() {
    private val model: AppViewModel by viewModels()

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        model.setLanguage(deviceLanguage(resources.configuration))
        // A relaunch after a configuration change must not open the same link twice.
        if (savedInstanceState == null) openLink(intent)
        setContent { VidiApp(model, onExit = ::finish) }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        setIntent(intent)
        openLink(intent)
    }

    override fun onConfigurationChanged(newConfig: Configuration) {
        super.onConfigurationChanged(newConfig)
        model.setLanguage(deviceLanguage(newConfig))
    }

    private fun openLink(intent: Intent?) {
        if (intent?.action != Intent.ACTION_VIEW) return
        val uri = intent.data ?: return
        if (uri.scheme == OFFER_SCHEME) model.app.openLink(uri.toString())
    }

    private fun deviceLanguage(configuration: Configuration): Language {
        val locales = configuration.locales
        return Language.forDevice((0 until locales.size()).map { locales[it] })
    }

    private companion object {
        const val OFFER_SCHEME = "openid-credential-offer"
    }
}
