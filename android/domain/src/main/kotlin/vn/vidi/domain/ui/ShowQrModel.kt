package vn.vidi.domain.ui

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import vn.vidi.domain.Language
import vn.vidi.domain.QrCode
import vn.vidi.domain.QrFrame
import vn.vidi.domain.QrTick
import vn.vidi.domain.SystemWallClock
import vn.vidi.domain.VidiWallet
import vn.vidi.domain.VidiWalletException
import vn.vidi.domain.WallClock
import vn.vidi.domain.label
import vn.vidi.ffi.ClaimLabel
import vn.vidi.ffi.DocumentDetails
import vn.vidi.ffi.PresetInfo
import vn.vidi.ffi.presets
import kotlin.math.abs

/** What the QR code discloses: a checkpoint's preset, or claims picked one by one. */
sealed interface QrSelection {
    data class Preset(val name: String) : QrSelection

    data class Claims(val names: Set<String>) : QrSelection
}

/** A preset the document can show: its [name] in words and the [claims] it discloses, labelled. */
data class QrChoice(val preset: String, val name: String, val claims: List<String>)

/** A claim the document can show on its own, and whether it is picked. */
data class ClaimChoice(val claim: String, val label: String, val selected: Boolean)

/**
 * The Show QR screen.
 *
 * @property qr the code to draw, big, at full brightness; null while there is none.
 * @property secondsToRefresh the countdown to the next code; [fraction] is it over the whole interval, for a ring.
 * @property accessibilityLabel what a screen reader says: which document, which claims, and when the next code comes.
 * @property expired the code ran out before its refresh (the credential ended); no new one comes.
 */
data class ShowQrState(
    val title: String = "",
    val choices: List<QrChoice> = emptyList(),
    val claims: List<ClaimChoice> = emptyList(),
    val selected: QrSelection? = null,
    val qr: QrCode? = null,
    val secondsToRefresh: Int? = null,
    val fraction: Float = 0f,
    val caption: String = "",
    val accessibilityLabel: String = "",
    val expired: Boolean = false,
    val running: Boolean = false,
    val error: String? = null,
)

/**
 * Shows document [documentId] as a QR code that renews itself
 * (docs/screens.md): [start] when the screen appears and [stop] when it
 * goes; [choosePreset] or [toggleClaim] change what it discloses, and a
 * running code is replaced at once. Presets run on [VidiWallet.refreshingQr];
 * picked claims on the same schedule over [VidiWallet.presentClaims].
 */
class ShowQrModel(
    scope: CoroutineScope,
    language: Language,
    private val wallet: VidiWallet,
    val documentId: String,
    private val clock: WallClock = SystemWallClock,
) : ScreenModel<ShowQrState>(scope, language, ShowQrState()) {
    private var details: DocumentDetails? = null
    private var presetInfo: Map<String, PresetInfo> = emptyMap()
    private var selection: QrSelection? = null
    private var frame: QrFrame? = null
    private var failure: Throwable? = null
    private var job: Job? = null

    /** Reads the document and its choices; the first preset is selected. [start] does it when needed. */
    fun load(): Job = scope.launch { ensureLoaded() }

    /** Starts showing codes for the selection (again, if it was running). */
    fun start() {
        job?.cancel()
        job = scope.launch {
            val me = coroutineContext.job
            // A replaced run may still be finishing a core call: only the current one touches the state.
            fun current() = job === me
            update { it.copy(running = true) }
            try {
                if (!ensureLoaded()) return@launch
                val chosen = selection ?: return@launch
                if (chosen is QrSelection.Claims && chosen.names.isEmpty()) return@launch
                frames(chosen).collect { shown ->
                    if (!current()) return@collect
                    frame = shown
                    failure = null
                    update { render(it) }
                }
            } catch (e: VidiWalletException) {
                if (current()) {
                    failure = e
                    frame = null
                }
            } finally {
                if (current()) update { render(it.copy(running = false)) }
            }
        }
    }

    /** Stops the codes (the screen went away); the last one is forgotten. */
    fun stop() {
        job?.cancel()
        job = null
        frame = null
        update { render(it.copy(running = false)) }
    }

    /** Selects preset [name] (one of the choices). */
    fun choosePreset(name: String) {
        if (name !in presetInfo.keys || details?.presets?.contains(name) != true) return
        select(QrSelection.Preset(name))
    }

    /**
     * Picks or unpicks claim [name]. Coming from a preset, the picking
     * starts from the preset's claims. With nothing picked no code is shown.
     */
    fun toggleClaim(name: String) {
        val available = details?.claims?.map { it.name } ?: return
        if (name !in available) return
        val current = when (val s = selection) {
            is QrSelection.Claims -> s.names
            is QrSelection.Preset -> presetInfo[s.name]?.claims?.map { it.name }?.filter { it in available }?.toSet().orEmpty()
            null -> emptySet()
        }
        select(QrSelection.Claims(if (name in current) current - name else current + name))
    }

    override fun onLanguageChanged() = update { render(it) }

    private fun select(chosen: QrSelection) {
        selection = chosen
        frame = null
        failure = null
        val wasRunning = job?.isActive == true
        update { render(it) }
        if (wasRunning) start()
    }

    /** Loads the details once; false (with the error shown) when they cannot be had. */
    private suspend fun ensureLoaded(): Boolean {
        if (details != null) return true
        return try {
            val loaded = wallet.document(documentId)
            presetInfo = presets().associateBy { it.name }
            details = loaded
            if (selection == null) {
                selection = loaded.presets.firstOrNull()?.let { QrSelection.Preset(it) } ?: QrSelection.Claims(emptySet())
            }
            update { render(it) }
            true
        } catch (e: VidiWalletException) {
            failure = e
            update { render(it) }
            false
        }
    }

    private fun frames(chosen: QrSelection): Flow<QrFrame> = when (chosen) {
        is QrSelection.Preset -> wallet.refreshingQr(documentId, chosen.name, clock)
        is QrSelection.Claims -> claimFrames(chosen.names.toList())
    }

    /** [VidiWallet.refreshingQr] for picked claims: a new code at every refresh, the schedule moved onto [clock] when it disagrees with the core's. */
    private fun claimFrames(claims: List<String>): Flow<QrFrame> = flow {
        while (true) {
            val presentation = wallet.presentClaims(documentId, claims)
            val skew = clock.nowMillis() - presentation.madeAt.toEpochMilli()
            val schedule = presentation.schedule.let {
                if (abs(skew) > VidiWallet.CLOCK_TOLERANCE_MILLIS) it.shiftedBy(skew) else it
            }
            var last: QrTick? = null
            schedule.ticks(clock).collect { tick ->
                last = tick
                emit(QrFrame(presentation, tick))
            }
            if (last != QrTick.Refresh) return@flow
        }
    }

    /**
     * The claims on screen: those the shown code carries (what a screen
     * reader must say), else those [chosen] will disclose.
     */
    private fun disclosed(chosen: QrSelection?): List<ClaimLabel> = frame?.presentation?.claims ?: when (chosen) {
        is QrSelection.Preset -> presetInfo[chosen.name]?.claims.orEmpty()
        is QrSelection.Claims -> details?.claims.orEmpty().filter { it.name in chosen.names }
        null -> emptyList()
    }

    private fun render(base: ShowQrState): ShowQrState {
        val d = details ?: return base.copy(error = failure?.let(::describe))
        val chosen = selection
        val typeName = Formatting.inSentence(language.pick(d.summary.typeLabelVi, d.summary.typeLabelEn))
        val claimWords = Formatting.list(disclosed(chosen).map { Formatting.inSentence(language.pick(it.labelVi, it.labelEn)) }, language)
        val shown = frame
        val tick = shown?.tick
        val picked = (chosen as? QrSelection.Claims)?.names
        return base.copy(
            title = Str.QR_TITLE.text(language, typeName),
            choices = d.presets.mapNotNull { name ->
                presetInfo[name]?.let { info ->
                    QrChoice(name, Formatting.presetName(name, language), info.claims.map { language.pick(it.labelVi, it.labelEn) })
                }
            },
            claims = d.claims.map { ClaimChoice(it.name, language.pick(it.labelVi, it.labelEn), picked?.contains(it.name) == true) },
            selected = chosen,
            qr = if (tick == QrTick.Expired) null else shown?.presentation?.qr,
            secondsToRefresh = (tick as? QrTick.Countdown)?.secondsToRefresh ?: if (tick == QrTick.Refresh) 0 else null,
            fraction = fraction(shown),
            caption = when {
                picked != null && picked.isEmpty() -> Str.QR_NO_CLAIMS.text(language)
                else -> tick?.label(language).orEmpty()
            },
            accessibilityLabel = when (tick) {
                null -> ""
                is QrTick.Countdown -> Str.QR_A11Y_COUNTDOWN.text(language, typeName, claimWords, tick.secondsToRefresh)
                QrTick.Refresh -> Str.QR_A11Y_REFRESHING.text(language, typeName, claimWords)
                QrTick.Expired -> Str.QR_A11Y_EXPIRED.text(language, typeName)
            },
            expired = tick == QrTick.Expired,
            error = failure?.let(::describe),
        )
    }

    /** The countdown's share of the whole refresh interval, 1 for a fresh code, 0 at the refresh. */
    private fun fraction(shown: QrFrame?): Float {
        val countdown = shown?.tick as? QrTick.Countdown ?: return 0f
        val p = shown.presentation
        val interval = (p.refreshAt.epochSecond - p.madeAt.epochSecond).coerceAtLeast(1)
        return (countdown.secondsToRefresh.toFloat() / interval).coerceIn(0f, 1f)
    }
}
