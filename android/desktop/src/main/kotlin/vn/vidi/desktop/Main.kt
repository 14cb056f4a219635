package vn.vidi.desktop

import androidx.compose.foundation.layout.Box
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.input.key.Key
import androidx.compose.ui.input.key.KeyEventType
import androidx.compose.ui.input.key.key
import androidx.compose.ui.input.key.type
import androidx.compose.ui.unit.DpSize
import androidx.compose.ui.unit.dp
import androidx.compose.ui.window.ApplicationScope
import androidx.compose.ui.window.Window
import androidx.compose.ui.window.application
import androidx.compose.ui.window.rememberWindowState
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import vn.vidi.app.BackupEvent
import vn.vidi.app.Effect
import vn.vidi.app.Event
import vn.vidi.app.Lifecycle
import vn.vidi.app.UnlockEvent
import vn.vidi.ui.VidiApp
import java.awt.Toolkit
import java.awt.datatransfer.StringSelection
import java.nio.file.Path
import java.nio.file.Paths
import kotlin.system.exitProcess

/**
 * The desktop app: the phones' screens in a phone-sized window, over the
 * same app core, for developers to try the whole app (citizen and
 * verifier) against `vidi-server-mock` without an emulator.
 *
 *     vidi-desktop [--data DIR] [--server URL] [--dark|--light]
 *
 * `scripts/desktop.sh` builds it, starts the mock issuer and runs it.
 */
fun main(args: Array<String>) {
    val options = try {
        Options.parse(args.toList())
    } catch (e: IllegalArgumentException) {
        System.err.println("vidi-desktop: ${e.message}")
        System.err.println(Options.USAGE)
        exitProcess(2)
    }
    val shell = DesktopShell(options.dataDir, options.serverUrl)
    shell.send(Event.Start)
    application {
        DesktopWindow(shell, options.dark)
    }
    shell.close()
}

/** The command line: where the wallet lives, the issuer proposed at first run, the theme. */
data class Options(val dataDir: Path, val serverUrl: String, val dark: Boolean?) {
    companion object {
        const val USAGE = "usage: vidi-desktop [--data DIR] [--server URL] [--dark|--light]"

        fun parse(args: List<String>): Options {
            var dataDir = Paths.get(System.getProperty("user.home"), ".local", "share", "vidi-desktop")
            var server = "http://127.0.0.1:8080"
            var dark: Boolean? = null
            val rest = args.iterator()
            while (rest.hasNext()) {
                when (val arg = rest.next()) {
                    "--data" -> dataDir = Paths.get(value(rest, arg))
                    "--server" -> server = value(rest, arg)
                    "--dark" -> dark = true
                    "--light" -> dark = false
                    else -> throw IllegalArgumentException("unknown argument $arg")
                }
            }
            return Options(dataDir, server, dark)
        }

        private fun value(rest: Iterator<String>, name: String): String =
            if (rest.hasNext()) rest.next() else throw IllegalArgumentException("$name needs a value")
    }
}

@Composable
private fun ApplicationScope.DesktopWindow(shell: DesktopShell, dark: Boolean?) {
    val state = rememberWindowState(size = DpSize(411.dp, 891.dp))
    val view by shell.view.collectAsState()
    val snackbar = remember { SnackbarHostState() }
    val scope = rememberCoroutineScope()
    Window(
        onCloseRequest = ::exitApplication,
        state = state,
        title = view.header.title,
        onPreviewKeyEvent = { event ->
            // Escape is the phone's back.
            if (event.type == KeyEventType.KeyUp && event.key == Key.Escape) {
                shell.send(Event.Back)
                true
            } else {
                false
            }
        },
    ) {
        // A minimised window is an app in the background (the automatic lock, Show QR stops).
        LaunchedEffect(state.isMinimized) {
            shell.send(Event.Lifecycle(if (state.isMinimized) Lifecycle.BACKGROUND else Lifecycle.FOREGROUND))
        }
        LaunchedEffect(view.platform.tickMs) {
            val ms = view.platform.tickMs ?: return@LaunchedEffect
            while (true) {
                delay(ms.toLong())
                shell.send(Event.Tick)
            }
        }
        LaunchedEffect(shell) {
            shell.effects.collect { effect ->
                when (effect) {
                    // Not offered: the desktop says it has no biometrics.
                    is Effect.BiometricPrompt -> shell.send(Event.Unlock(UnlockEvent.Biometric(ok = false, cancelled = true)))
                    is Effect.PickFileToSave -> shell.send(
                        Event.Backup(BackupEvent.SaveTo(Files.choose(window, effect.title, effect.suggestedName, save = true))),
                    )
                    is Effect.PickFileToOpen -> shell.send(
                        Event.Backup(BackupEvent.RestoreFrom(Files.choose(window, effect.title, null, save = false))),
                    )
                    // The backup was written where the user chose.
                    is Effect.FileWritten -> Unit
                    is Effect.Share -> {
                        Toolkit.getDefaultToolkit().systemClipboard.setContents(StringSelection(effect.text), null)
                        scope.launch { snackbar.showSnackbar(view.shell.copied) }
                    }
                    Effect.Close -> exitApplication()
                }
            }
        }
        Box {
            VidiApp(
                view,
                shell::send,
                scanner = { modifier ->
                    ScanPanel(view.shell, onScanned = { shell.send(Event.Scanned(it)) }, openImage = { Files.readImage(window, view.shell.openImage) }, modifier)
                },
                dark = dark ?: androidx.compose.foundation.isSystemInDarkTheme(),
            )
            SnackbarHost(snackbar, Modifier.align(Alignment.BottomCenter))
        }
    }
}
