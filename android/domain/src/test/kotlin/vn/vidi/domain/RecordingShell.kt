package vn.vidi.domain

import vn.vidi.app.Effect
import vn.vidi.app.ViewModel
import vn.vidi.ffi.AppConfig
import vn.vidi.ffi.AppCore
import vn.vidi.ffi.AppShell
import vn.vidi.ffi.DeviceKeyStore
import vn.vidi.ffi.KeyProvider
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock
import kotlin.test.fail

/**
 * The shell as the Android app is one, minus the drawing: it keeps every
 * view model the core renders and every effect it asks for. The core calls
 * it on the thread that sent the event, or on its own worker threads when a
 * task ends, so everything here is guarded by one lock.
 */
class RecordingShell : AppShell {
    private val lock = ReentrantLock()
    private val changed = lock.newCondition()
    private val views = ArrayList<ViewModel>()
    private val effects = ArrayList<Effect>()

    override fun render(view: ViewModel) = lock.withLock {
        views += view
        changed.signalAll()
    }

    override fun perform(effect: Effect) = lock.withLock {
        effects += effect
        changed.signalAll()
    }

    /** How many views were rendered so far. */
    val renders: Int get() = lock.withLock { views.size }

    /** The last view rendered. */
    val last: ViewModel get() = lock.withLock { views.lastOrNull() ?: fail("nothing rendered yet") }

    /** Every effect asked for so far. */
    val performed: List<Effect> get() = lock.withLock { effects.toList() }

    /**
     * Waits up to [seconds] for a view rendered from the [after]th render on
     * (0: any) for which [test] holds, and returns it; fails with the last
     * view otherwise. Task results render from the core's worker threads.
     */
    fun await(what: String, after: Int = 0, seconds: Long = 20, test: (ViewModel) -> Boolean): ViewModel =
        lock.withLock { views[awaitAt(what, after, seconds, test)] }

    /**
     * [await], returning the view's place among the renders: the next wait
     * can start after it (a view rendered late for an earlier event cannot
     * then pass for a later one's).
     */
    fun awaitAt(what: String, after: Int = 0, seconds: Long = 20, test: (ViewModel) -> Boolean): Int {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        lock.withLock {
            var seen = after
            while (true) {
                while (seen < views.size) {
                    val at = seen++
                    if (test(views[at])) return at
                }
                val left = deadline - System.nanoTime()
                if (left <= 0) fail("no view with $what within $seconds s; the last: ${views.lastOrNull()}")
                changed.awaitNanos(left)
            }
        }
    }
}

/**
 * An [AppCore] on the folder [dir], as `AppViewModel` makes one on the
 * phone: the PKCS12 keystore file in [dir] stands in for the Android
 * Keystore, [JcaDeviceKeyStore] for StrongBox. The PIN's scrypt cost is
 * small ([AppConfig.pinWorkFactor]): the rules are the same.
 */
class Phone(
    val dir: Path,
    serverUrl: String = "http://10.0.2.2:8080",
    languages: List<String> = listOf("en-GB"),
    val deviceKeys: DeviceKeyStore = JcaDeviceKeyStore(),
) : AutoCloseable {
    val shell = RecordingShell()
    val keys: KeyProvider = KeyStoreKeyProvider.pkcs12(dir.resolve("keystore.p12"), "test".toCharArray())
    val core = AppCore(
        AppConfig(
            dataDir = dir.toString(),
            defaultServerUrl = serverUrl,
            biometricAvailable = false,
            languages = languages,
            pinWorkFactor = 2u,
        ),
        keys,
        deviceKeys,
        shell,
    )

    /** Sends [event] and returns how many views had been rendered before it. */
    fun send(event: vn.vidi.app.Event): Int {
        val before = shell.renders
        core.send(event)
        return before
    }

    /** Sends [event], then waits for a view after it for which [test] holds. */
    fun sendAndAwait(event: vn.vidi.app.Event, what: String, seconds: Long = 20, test: (ViewModel) -> Boolean): ViewModel =
        shell.await(what, send(event), seconds, test)

    override fun close() = core.close()
}
