package vn.vidi.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
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
import androidx.compose.ui.unit.dp
import vn.vidi.app.Event
import vn.vidi.app.Header
import vn.vidi.app.ScreenView
import vn.vidi.app.ViewModel

/**
 * The whole app as the core's [view] says: the top bar (title, back, the
 * menu), the platform's [scanner] while `platform.camera` is set (the
 * phone's camera, or the desktop's paste-or-open panel; each code read goes
 * to the core as `Event.Scanned`), and the screen shown. Every tap becomes
 * an event for [send]; the platform sends its system back as `Event.Back`.
 * While [noFilePicker], a dialog says the phone has no app to pick files
 * with, until [onNoticeRead]. [dark] picks the colour scheme (the system's
 * by default).
 */
@Composable
fun VidiApp(
    view: ViewModel,
    send: (Event) -> Unit,
    scanner: @Composable (Modifier) -> Unit,
    dark: Boolean = isSystemInDarkTheme(),
    noFilePicker: Boolean = false,
    onNoticeRead: () -> Unit = {},
) {
    VidiTheme(dark) {
        if (noFilePicker) {
            AlertDialog(
                onDismissRequest = onNoticeRead,
                text = { Text(view.shell.noFilePicker) },
                confirmButton = { TextButton(onClick = onNoticeRead) { Text(view.shell.ok) } },
            )
        }
        Scaffold(topBar = { TopBar(view, send) }) { padding ->
            Column(Modifier.padding(padding)) {
                if (view.platform.camera) scanner(Modifier.fillMaxWidth())
                Screen(view.screen, send)
            }
        }
    }
}

/** The screen's own Composable, with its view record. */
@Composable
private fun Screen(screen: ScreenView, send: (Event) -> Unit) {
    when (screen) {
        is ScreenView.Setup -> SetupScreen(screen.view, send)
        is ScreenView.Unlock -> UnlockScreen(screen.view, send)
        is ScreenView.Documents -> DocumentsScreen(screen.view, send)
        is ScreenView.Detail -> DetailScreen(screen.view, send)
        is ScreenView.ShowQr -> ShowQrScreen(screen.view, send)
        is ScreenView.Offer -> OfferScreen(screen.view, send)
        is ScreenView.Present -> PresentScreen(screen.view, send)
        is ScreenView.Log -> LogScreen(screen.view, send)
        is ScreenView.Backup -> BackupScreen(screen.view, send)
        is ScreenView.Verifier -> VerifierScreen(screen.view, send)
    }
}

/** The mode and the title, the back arrow when there is somewhere to go back to, and the menu with the automatic lock's words. */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
private fun TopBar(view: ViewModel, send: (Event) -> Unit) {
    val header: Header = view.header
    var expanded by remember { mutableStateOf(false) }
    TopAppBar(
        title = {
            Column {
                Text(header.modeLabel, style = MaterialTheme.typography.labelMedium)
                Text(header.title)
            }
        },
        navigationIcon = {
            if (header.canGoBack) {
                IconButton(onClick = { send(Event.Back) }) {
                    Icon(VidiIcons.back, contentDescription = header.backLabel)
                }
            }
        },
        actions = {
            if (header.menu.isNotEmpty()) {
                IconButton(onClick = { expanded = true }) { Icon(VidiIcons.menu, contentDescription = view.shell.menu) }
                DropdownMenu(expanded = expanded, onDismissRequest = { expanded = false }) {
                    header.menu.forEach { item ->
                        DropdownMenuItem(
                            text = { Text(item.label) },
                            onClick = {
                                expanded = false
                                send(Event.Menu(item.action))
                            },
                        )
                    }
                    view.autoLock?.let { lock ->
                        Text(
                            lock.text,
                            style = MaterialTheme.typography.bodySmall,
                            modifier = Modifier.padding(horizontal = 12.dp, vertical = 8.dp),
                        )
                    }
                }
            }
        },
    )
}

