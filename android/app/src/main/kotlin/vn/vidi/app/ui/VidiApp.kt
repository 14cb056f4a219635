package vn.vidi.app.ui

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import vn.vidi.app.AppViewModel
import vn.vidi.domain.Language
import vn.vidi.domain.ui.AppMode
import vn.vidi.domain.ui.AppModel
import vn.vidi.domain.ui.Route
import vn.vidi.domain.ui.Str

/**
 * The app: the screen on top of the `AppModel`'s back stack, under a top
 * bar with the mode switch and the citizen's menu. The system back goes
 * back one screen, and leaves the app at the root.
 */
@Composable
fun VidiApp(model: AppViewModel, onExit: () -> Unit) {
    val state by model.app.state.collectAsStateWithLifecycle()
    val language = state.language
    BackHandler { if (!model.app.back()) onExit() }
    VidiTheme {
        Scaffold(topBar = { TopBar(model.app, state.mode, state.route, language) }) { padding ->
            val modifier = Modifier.padding(padding)
            when (val route = state.route) {
                Route.Setup -> SetupScreen(model, language, modifier)
                Route.Unlock -> UnlockScreen(model, language, state.offerWaiting, modifier)
                Route.Documents -> DocumentsScreen(model, language, modifier)
                is Route.DocumentDetail -> DocumentDetailScreen(model, route, language, modifier)
                is Route.ShowQr -> ShowQrScreen(model, route, language, modifier)
                is Route.AcceptOffer -> OfferScreen(model, route, language, modifier)
                Route.ActivityLog -> ActivityLogScreen(model, language, modifier)
                Route.Backup -> BackupScreen(model, language, modifier)
                Route.Verifier -> VerifierScreen(model, language, modifier)
            }
        }
    }
}

/** The mode's name, the switch to the other mode, and (unlocked citizen) the menu and lock. */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
private fun TopBar(app: AppModel, mode: AppMode, route: Route, language: Language) {
    var menu by remember { mutableStateOf(false) }
    val citizenUnlocked = mode == AppMode.Citizen && app.wallet != null && route != Route.Unlock && route != Route.Setup
    TopAppBar(
        title = { Text(if (mode == AppMode.Citizen) Str.APP_MODE_CITIZEN.text(language) else Str.APP_MODE_VERIFIER.text(language)) },
        actions = {
            if (route != Route.Setup) {
                TextButton(onClick = app::switchMode) {
                    Text(if (mode == AppMode.Citizen) Str.APP_SWITCH_TO_VERIFIER.text(language) else Str.APP_SWITCH_TO_CITIZEN.text(language))
                }
            }
            if (citizenUnlocked) {
                TextButton(onClick = { menu = true }) { Text(Str.SHELL_MENU.text(language)) }
                DropdownMenu(expanded = menu, onDismissRequest = { menu = false }) {
                    MenuItem(Str.APP_MENU_ADD_DOCUMENT.text(language)) { menu = false; app.navigate(Route.AcceptOffer()) }
                    MenuItem(Str.APP_MENU_ACTIVITY.text(language)) { menu = false; app.navigate(Route.ActivityLog) }
                    MenuItem(Str.APP_MENU_BACKUP.text(language)) { menu = false; app.navigate(Route.Backup) }
                    MenuItem(Str.APP_LOCK.text(language)) { menu = false; app.lock() }
                }
            }
        },
    )
}

@Composable
private fun MenuItem(text: String, onClick: () -> Unit) {
    DropdownMenuItem(text = { Text(text) }, onClick = onClick)
}
