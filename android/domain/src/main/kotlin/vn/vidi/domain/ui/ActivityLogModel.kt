package vn.vidi.domain.ui

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import vn.vidi.domain.Language
import vn.vidi.domain.SystemWallClock
import vn.vidi.domain.VidiWallet
import vn.vidi.domain.VidiWalletException
import vn.vidi.domain.WallClock
import vn.vidi.ffi.ActivityEvent
import vn.vidi.ffi.ClaimLabel
import vn.vidi.ffi.LogEntry
import vn.vidi.ffi.presets

/**
 * One entry of the activity log in words.
 *
 * @property time Vietnam time, `09:05 14/05/2031`.
 * @property text what happened: "Đã xuất trình thẻ căn cước (Trạm kiểm soát)".
 * @property claims the claims shown, labelled ("Thông tin đã chia sẻ: họ, chữ đệm và tên, ngày sinh"), for a presentation.
 * @property audience the verifier the code was made for, when it named one.
 * @property whileLocked "received while the wallet was locked", when it was.
 */
data class LogItem(
    val id: String,
    val atUnix: Long,
    val event: ActivityEvent,
    val time: String,
    val text: String,
    val claims: String?,
    val audience: String?,
    val whileLocked: String?,
)

/** A filter the screen offers: [event] null for every entry. */
data class LogFilterChoice(val event: ActivityEvent?, val label: String, val selected: Boolean)

/**
 * The activity log screen.
 *
 * @property retentionDays how long entries are kept, null for ever; [retention] says it in words.
 * @property export the log as text to share, after [ActivityLogModel.exportLog],
 *   until [ActivityLogModel.exportShown] says the share sheet has it.
 */
data class ActivityLogState(
    val entries: List<LogItem> = emptyList(),
    val filter: ActivityEvent? = null,
    val filters: List<LogFilterChoice> = emptyList(),
    val retentionDays: Int? = null,
    val retention: String = "",
    val export: String? = null,
    val loading: Boolean = false,
    val error: String? = null,
) {
    val empty: Boolean get() = !loading && error == null && entries.isEmpty()
}

/**
 * What the wallet did, newest first (docs/screens.md): [load], narrow by
 * event with [setFilter], change how long entries are kept with
 * [setRetention], and [exportLog] as text in the model's language, which
 * the screen hands to the share sheet once and then calls [exportShown].
 */
class ActivityLogModel(
    scope: CoroutineScope,
    language: Language,
    private val wallet: VidiWallet,
    private val clock: WallClock = SystemWallClock,
) : ScreenModel<ActivityLogState>(scope, language, ActivityLogState()) {
    private var log: List<LogEntry> = emptyList()
    private var labels: Map<String, ClaimLabel> = emptyMap()
    private var filter: ActivityEvent? = null
    private var retentionDays: Int? = null
    private var exported: List<LogEntry>? = null
    private var exportedAt: Long = 0
    private var failure: Throwable? = null

    /** Reads the log (with the current filter) and the retention. */
    fun load(): Job = scope.launch { reload() }

    /** Shows only entries of [event]; null shows all. */
    fun setFilter(event: ActivityEvent?): Job {
        filter = event
        update { render(it) }
        return load()
    }

    /** Keeps entries [days] days (null: for ever); older ones are deleted now. */
    fun setRetention(days: Int?): Job = scope.launch {
        try {
            if (days != null && days <= 0) return@launch
            wallet.setLogRetentionDays(days)
        } catch (e: VidiWalletException) {
            failure = e
        }
        reload()
    }

    /** Makes [ActivityLogState.export]: every entry (whatever the filter), one per line, in the model's language. */
    fun exportLog(): Job = scope.launch {
        try {
            exported = wallet.activityLog()
            exportedAt = clock.nowMillis() / 1000
        } catch (e: VidiWalletException) {
            failure = e
        }
        update { render(it) }
    }

    /**
     * The export was handed to the share sheet: clears
     * [ActivityLogState.export] (also for later re-wordings and reloads), so
     * a screen recreated after a rotation does not share it again.
     */
    fun exportShown() {
        exported = null
        update { it.copy(export = null) }
    }

    override fun onLanguageChanged() = update { render(it) }

    private suspend fun reload() {
        update { it.copy(loading = true) }
        try {
            if (labels.isEmpty()) labels = claimLabels()
            log = wallet.activityLog(filter)
            retentionDays = wallet.logRetentionDays()
            failure = null
        } catch (e: VidiWalletException) {
            failure = e
        }
        update { render(it.copy(loading = false)) }
    }

    /** Labels for claim names: every preset's, and those of the documents held. */
    private suspend fun claimLabels(): Map<String, ClaimLabel> {
        val fromPresets = presets().flatMap { it.claims }
        val fromDocuments = wallet.documents().filter { !it.pending }.flatMap {
            try {
                wallet.document(it.id).claims
            } catch (_: VidiWalletException) {
                emptyList()
            }
        }
        return (fromPresets + fromDocuments).associateBy { it.name }
    }

    private fun render(base: ActivityLogState) = base.copy(
        entries = log.map(::item),
        filter = filter,
        filters = (listOf<ActivityEvent?>(null) + ActivityEvent.entries).map { LogFilterChoice(it, filterName(it), it == filter) },
        retentionDays = retentionDays,
        retention = retentionDays?.let { Str.LOG_RETENTION_DAYS.text(language, it) } ?: Str.LOG_RETENTION_FOREVER.text(language),
        export = exported?.let(::exportText),
        error = failure?.let(::describe),
    )

    private fun item(entry: LogEntry): LogItem {
        val shown = entry.claims.map { name -> labels[name]?.let { language.pick(it.labelVi, it.labelEn) } ?: name }
        return LogItem(
            id = entry.id,
            atUnix = entry.atUnix,
            event = entry.event,
            time = Formatting.dateTime(entry.atUnix),
            text = sentence(entry),
            claims = if (entry.event == ActivityEvent.PRESENTED && shown.isNotEmpty()) {
                Str.LOG_CLAIMS.text(language, Formatting.list(shown.map(Formatting::inSentence), language))
            } else {
                null
            },
            audience = entry.audience?.let { Str.LOG_AUDIENCE.text(language, it) },
            whileLocked = if (entry.whileLocked) Str.LOG_WHILE_LOCKED.text(language) else null,
        )
    }

    /** What happened, as a sentence. */
    private fun sentence(entry: LogEntry): String {
        val document = entry.documentType?.let { Formatting.inSentence(Formatting.documentTypeName(it, language)) }
            ?: Str.LOG_UNKNOWN_DOCUMENT.text(language)
        return when (entry.event) {
            ActivityEvent.PRESENTED -> entry.preset
                ?.let { Str.LOG_PRESENTED_PRESET.text(language, document, Formatting.presetName(it, language)) }
                ?: Str.LOG_PRESENTED.text(language, document)
            ActivityEvent.ADDED -> Str.LOG_ADDED.text(language, document)
            ActivityEvent.REPLACED -> Str.LOG_REPLACED.text(language, document)
            ActivityEvent.DELETED -> Str.LOG_DELETED.text(language, document)
            ActivityEvent.RESTORED -> entry.restore
                ?.let { Str.LOG_RESTORED.text(language, it.added, it.replacedOlder) }
                ?: Str.LOG_RESTORED_PLAIN.text(language)
        }
    }

    private fun exportText(entries: List<LogEntry>): String = buildString {
        appendLine(Str.LOG_EXPORT_HEADER.text(language, Formatting.dateTime(exportedAt)))
        entries.map(::item).forEach { item ->
            append(item.time).append(" — ").append(item.text)
            listOfNotNull(item.claims, item.audience, item.whileLocked).forEach { append(". ").append(it) }
            appendLine()
        }
    }

    private fun filterName(event: ActivityEvent?): String = when (event) {
        null -> Str.LOG_FILTER_ALL
        ActivityEvent.PRESENTED -> Str.LOG_FILTER_PRESENTED
        ActivityEvent.ADDED -> Str.LOG_FILTER_ADDED
        ActivityEvent.REPLACED -> Str.LOG_FILTER_REPLACED
        ActivityEvent.DELETED -> Str.LOG_FILTER_DELETED
        ActivityEvent.RESTORED -> Str.LOG_FILTER_RESTORED
    }.text(language)
}
