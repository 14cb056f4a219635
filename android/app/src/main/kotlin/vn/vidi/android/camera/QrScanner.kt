package vn.vidi.android.camera

import android.Manifest
import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.provider.Settings
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.camera.view.CameraController
import androidx.camera.view.LifecycleCameraController
import androidx.camera.view.PreviewView
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberUpdatedState
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.LocalLifecycleOwner
import vn.vidi.android.platform.findActivity
import java.util.concurrent.Executors

/**
 * The camera preview with QR decoding, shown while the core's view model
 * asks for the camera (the verifier, offers): asks for the camera
 * permission when it is missing; after a refusal says [denied] with a
 * button, [allow], that asks again, and once the refusal is for good (the
 * system would no longer ask: no rationale to show after a denial) a
 * button, [openSettings], to the app's page in the system settings. Coming
 * back from there, the permission is read again. Each code read goes to
 * [onScanned] once ([QrAnalyzer]) on the main thread. The camera runs
 * while this is on screen and the activity is started.
 */
@Composable
fun QrScanner(allow: String, denied: String, openSettings: String, onScanned: (String) -> Unit, modifier: Modifier = Modifier) {
    val context = LocalContext.current
    var granted by remember { mutableStateOf(cameraGranted(context)) }
    var refused by rememberSaveable { mutableStateOf(false) }
    var forGood by rememberSaveable { mutableStateOf(false) }
    val ask = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { ok ->
        granted = ok
        refused = !ok
        // After a denial, no rationale to show means the system will not ask again.
        val activity = context.findActivity()
        forGood = !ok && activity != null && !activity.shouldShowRequestPermissionRationale(Manifest.permission.CAMERA)
    }
    LaunchedEffect(Unit) { if (!granted) ask.launch(Manifest.permission.CAMERA) }
    // Back from the settings (or anywhere): the user may have allowed the camera there.
    LifecycleEventEffect(Lifecycle.Event.ON_RESUME) {
        granted = cameraGranted(context)
        if (granted) {
            refused = false
            forGood = false
        }
    }

    Box(modifier, contentAlignment = Alignment.Center) {
        if (granted) {
            CameraPreview(onScanned)
        } else {
            Column(horizontalAlignment = Alignment.CenterHorizontally, modifier = Modifier.padding(24.dp)) {
                if (refused) Text(denied, style = MaterialTheme.typography.bodyMedium)
                if (forGood) {
                    Button(onClick = { openAppSettings(context) }, modifier = Modifier.padding(top = 12.dp)) {
                        Text(openSettings, style = MaterialTheme.typography.titleMedium)
                    }
                } else {
                    Button(onClick = { ask.launch(Manifest.permission.CAMERA) }, modifier = Modifier.padding(top = 12.dp)) {
                        Text(allow, style = MaterialTheme.typography.titleMedium)
                    }
                }
            }
        }
    }
}

private fun cameraGranted(context: Context): Boolean =
    ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED

/** The system settings' page for this app, where the camera can be allowed. */
private fun openAppSettings(context: Context) {
    val intent = Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", context.packageName, null))
    if (context.findActivity() == null) intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
    try {
        context.startActivity(intent)
    } catch (_: ActivityNotFoundException) {
        // No settings app to open (some managed devices): the words already say what to do.
    }
}

/**
 * CameraX's preview bound to the screen's lifecycle, with a [QrAnalyzer]
 * on each frame. The analysis thread and the analyzer belong to one
 * binding: made when it starts, ended when it ends (the composable leaves,
 * or the lifecycle owner changes), so neither outlives its use and none is
 * used after it was shut down.
 */
@Composable
private fun CameraPreview(onScanned: (String) -> Unit) {
    val context = LocalContext.current
    val lifecycleOwner = LocalLifecycleOwner.current
    val latest by rememberUpdatedState(onScanned)
    val controller = remember(context) {
        LifecycleCameraController(context).apply { setEnabledUseCases(CameraController.IMAGE_ANALYSIS) }
    }
    DisposableEffect(lifecycleOwner, controller) {
        val analysisThread = Executors.newSingleThreadExecutor()
        val analyzer = QrAnalyzer { text -> latest(text) }
        controller.setImageAnalysisAnalyzer(analysisThread, analyzer)
        controller.bindToLifecycle(lifecycleOwner)
        onDispose {
            analyzer.stop()
            controller.clearImageAnalysisAnalyzer()
            controller.unbind()
            // Queued behind any frame still on the thread; the thread then ends.
            analysisThread.execute { analyzer.close() }
            analysisThread.shutdown()
        }
    }
    AndroidView(
        factory = { PreviewView(it).apply { this.controller = controller } },
        modifier = Modifier.fillMaxSize(),
    )
}
