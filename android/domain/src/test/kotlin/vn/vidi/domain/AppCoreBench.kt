package vn.vidi.domain

import vn.vidi.app.ActivityKind
import vn.vidi.app.DocumentsEvent
import vn.vidi.app.Effect
import vn.vidi.app.Event
import vn.vidi.app.Language
import vn.vidi.app.LogEvent
import vn.vidi.app.Route
import vn.vidi.app.ScreenView
import vn.vidi.app.SetupEvent
import vn.vidi.app.UnlockEvent
import vn.vidi.app.ViewModel
import vn.vidi.ffi.AppConfig
import vn.vidi.ffi.AppCore
import vn.vidi.ffi.AppShell
import vn.vidi.ffi.Wallet
import vn.vidi.ffi.pinKeyProvider
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/**
 * How long the app core takes to answer an event through the bindings, as
 * the Android shell sees it: from `AppCore.send(event)` to the `render` of
 * its view model (the first one, drawn before `send` returns), and, for
 * events that start a task (reading the wallet off the calling thread), to
 * the render that shows its result. Only events with no signing and no
 * network: a document's card opened and closed, the documents list's
 * `Refresh`, an activity-log filter, a `Tick`, a language switch; and the
 * bare `AppCore.view()` call for comparison. The wallet holds the three
 * sample documents and their log entries. The variants take turns in
 * rounds, so that drift hits them alike (opening a card and going back
 * alternate). Prints a Markdown table.
 *
 * Run by `scripts/kotlin-bench.sh app-core [ROUNDS [PER_ROUND]]`: ROUNDS
 * (default 10) rounds of PER_ROUND (default 100) events per variant, after
 * a warm-up round.
 */
fun main(args: Array<String>) {
    val rounds = args.getOrNull(0)?.toInt() ?: 10
    val perRound = args.getOrNull(1)?.toInt() ?: 100
    val shm = Paths.get("/dev/shm")
    val dir = if (Files.isDirectory(shm) && Files.isWritable(shm)) Files.createTempDirectory(shm, "vidi-bench") else Files.createTempDirectory("vidi-bench")
    try {
        AppCoreBench(dir, rounds, perRound).run()
    } finally {
        dir.toFile().deleteRecursively()
    }
}

/** A shell that notes when each render comes, and when the one a waiting event wants comes. */
private class TimingShell : AppShell {
    @Volatile private var start = 0L
    @Volatile private var want: ((ViewModel) -> Boolean)? = null
    @Volatile var firstNanos = 0L
    @Volatile var doneNanos = 0L
    @Volatile var renders = 0
    @Volatile var last: ViewModel? = null
    private var done = CountDownLatch(0)

    /** Starts timing an event whose answer is the first render for which [until] holds. */
    fun arm(until: (ViewModel) -> Boolean) {
        firstNanos = 0L
        doneNanos = 0L
        renders = 0
        done = CountDownLatch(1)
        want = until
        start = System.nanoTime()
    }

    /** Waits for the answer; the times from the start to the first render and to the answer. */
    fun await(): Pair<Long, Long> {
        check(done.await(10, TimeUnit.SECONDS)) { "no answer within 10 s; the last view: $last" }
        return firstNanos - start to doneNanos - start
    }

    val startNanos: Long get() = start

    override fun render(view: ViewModel) {
        val now = System.nanoTime()
        synchronized(this) {
            last = view
            renders++
            if (firstNanos == 0L) firstNanos = now
            val until = want ?: return
            if (until(view)) {
                doneNanos = now
                want = null
                done.countDown()
            }
        }
    }

    override fun perform(effect: Effect) = Unit
}

private class AppCoreBench(private val dir: Path, private val rounds: Int, private val perRound: Int) {
    private val keys = KeyStoreKeyProvider.inMemory()
    private val deviceKeys = JcaDeviceKeyStore()
    private val shell = TimingShell()
    private lateinit var core: AppCore

    /** One kind of event, timed: [prepare] (untimed) then [event], answered by the render [until] accepts. */
    private inner class Variant(
        val name: String,
        val event: () -> Event,
        val prepare: () -> Unit = {},
        val until: (ViewModel) -> Boolean = { true },
    ) {
        val first = ArrayList<Long>()
        val answer = ArrayList<Long>()
        var renders = 0L

        fun once(record: Boolean) {
            prepare()
            shell.arm(until)
            core.send(event())
            val (toFirst, toAnswer) = shell.await()
            if (record) {
                first += toFirst
                answer += toAnswer
                renders += shell.renders
            }
        }
    }

    private fun config() = AppConfig(
        dataDir = dir.toString(),
        defaultServerUrl = "http://127.0.0.1:9",
        biometricAvailable = false,
        languages = listOf("en"),
        pinWorkFactor = WORK_FACTOR,
    )

    /** Sends [event] and waits for the render [until] accepts (untimed). */
    private fun settle(event: Event, until: (ViewModel) -> Boolean) {
        shell.arm(until)
        core.send(event)
        shell.await()
    }

    /** A wallet made by the app core's first run, the sample documents added through the wallet API, unlocked again by the core. */
    private fun prepare() {
        core = AppCore(config(), keys, deviceKeys, shell)
        settle(Event.Start) { it.screen is ScreenView.Setup }
        settle(Event.Setup(SetupEvent.Finish(PIN, PIN))) { it.screen is ScreenView.Documents }
        core.close()
        Wallet.open(dir.resolve("wallet.db").toString(), pinKeyProvider(keys, PIN, WORK_FACTOR), deviceKeys).use { wallet ->
            wallet.unlock()
            wallet.addSampleDocuments()
        }
        core = AppCore(config(), keys, deviceKeys, shell)
        settle(Event.Start) { (it.screen as? ScreenView.Unlock)?.view?.busy == false }
        settle(Event.Unlock(UnlockEvent.Submit(PIN))) { listed(it) }
    }

    private fun listed(view: ViewModel) = (view.screen as? ScreenView.Documents)?.view?.let { !it.loading && it.items.size == 3 } == true

    private fun logShown(view: ViewModel) = (view.screen as? ScreenView.Log)?.view?.let { !it.loading && (it.entries.isNotEmpty() || it.empty != null) } == true

    fun run() {
        prepare()
        val card = (core.view().screen as ScreenView.Documents).view.items.first().id
        var english = true
        var presented = false
        val documents = listOf(
            Variant("`Tick` (documents list)", { Event.Tick }),
            Variant("`SetLanguage` (documents list, switching)", {
                english = !english
                Event.SetLanguage(if (english) Language.ENGLISH else Language.VIETNAMESE)
            }),
            Variant("documents `Refresh` (a task lists the wallet)", { Event.Documents(DocumentsEvent.Refresh) }, until = { listed(it) }),
            Variant("documents `Open` a card (a task reads it)", { Event.Documents(DocumentsEvent.Open(card)) }, until = {
                (it.screen as? ScreenView.Detail)?.view?.card != null
            }),
            Variant("`Back` from the card (the list refreshed)", { Event.Back }, until = { listed(it) }),
        )
        val log = listOf(
            Variant("`Tick` (activity log)", { Event.Tick }),
            Variant("activity log `SetFilter` (a task reads the log)", {
                presented = !presented
                Event.Log(LogEvent.SetFilter(if (presented) ActivityKind.ADDED else null))
            }, until = { logShown(it) }),
        )
        val view = ArrayList<Long>()

        val (openCard, closeCard) = documents.takeLast(2)
        fun round(record: Boolean) {
            for (v in documents.dropLast(2)) repeat(perRound) { v.once(record) }
            // A card opened, then closed: one of each in turn.
            repeat(perRound) {
                openCard.once(record)
                closeCard.once(record)
            }
            settle(Event.Open(Route.ActivityLog)) { logShown(it) }
            for (v in log) repeat(perRound) { v.once(record) }
            settle(Event.Back) { listed(it) }
            repeat(perRound) {
                val start = System.nanoTime()
                core.view()
                if (record) view += System.nanoTime() - start
            }
        }

        round(record = false) // warm-up: JIT, SQLite pages
        repeat(rounds) { round(record = true) }
        core.close()

        val runtime = Runtime.getRuntime()
        println("Java ${System.getProperty("java.version")} (${System.getProperty("java.vm.name")}), ${runtime.availableProcessors()} cores, ${cpuModel()}")
        println("${rounds * perRound} events per row, libvidi_ffi from ${System.getProperty("jna.library.path")}, wallet in $dir (3 sample documents)")
        println()
        val tick = documents[0].first.median()
        println("| event | renders | send → first render (median) | p10 | p90 | send → its result rendered (median) | p90 | ÷ `Tick` |")
        println("|---|---:|---:|---:|---:|---:|---:|---:|")
        for (v in documents + log) {
            val first = v.first.sorted()
            val answer = v.answer.sorted()
            val renders = "%.1f".format(v.renders.toDouble() / first.size)
            val task = answer.quantile(0.5) != first.quantile(0.5) || v.renders > first.size
            val result = if (task) "${micros(answer.quantile(0.5))} | ${micros(answer.quantile(0.9))}" else "(same) | "
            println(
                "| ${v.name} | $renders | ${micros(first.quantile(0.5))} | ${micros(first.quantile(0.1))} | ${micros(first.quantile(0.9))} " +
                    "| $result | ${"%.1f".format(answer.quantile(0.5).toDouble() / tick)}× |",
            )
        }
        val sortedView = view.sorted()
        println("| `AppCore.view()` alone (no event, no render) | 0 | ${micros(sortedView.quantile(0.5))} | ${micros(sortedView.quantile(0.1))} | ${micros(sortedView.quantile(0.9))} | | | ${"%.1f".format(sortedView.quantile(0.5).toDouble() / tick)}× |")
    }

    private fun List<Long>.median(): Double = sorted().quantile(0.5).toDouble()

    private fun List<Long>.quantile(q: Double): Long = this[((size - 1) * q).toInt()]

    private fun micros(nanos: Long) = "%.0f µs".format(nanos / 1000.0)

    private fun cpuModel(): String = runCatching {
        Files.readAllLines(Paths.get("/proc/cpuinfo")).first { it.startsWith("model name") }.substringAfter(':').trim()
    }.getOrDefault("unknown CPU")

    private companion object {
        /** A small scrypt cost for the PIN: setting up is not what is timed. */
        val WORK_FACTOR: UByte = 2u
    }
}
