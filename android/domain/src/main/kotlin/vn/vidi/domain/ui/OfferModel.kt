package vn.vidi.domain.ui

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import vn.vidi.domain.Language
import vn.vidi.domain.VidiWallet
import vn.vidi.domain.WrongPinException
import vn.vidi.domain.readOffer
import vn.vidi.ffi.AddedAs
import vn.vidi.ffi.DocumentType
import vn.vidi.ffi.IssuanceStep
import vn.vidi.ffi.IssuedDocument
import vn.vidi.ffi.OfferInfo

/** An offer read from its link, in words. */
data class OfferPreview(
    /** The issuer's address; null for an offer by reference (known once fetched). */
    val issuer: String?,
    /** The documents offered, by name; empty for an offer by reference. */
    val documents: List<String>,
    val needsPin: Boolean,
)

/** One issuance step in words; [done] once the next one started. */
data class OfferStep(val text: String, val done: Boolean)

/** What the accept-offer screen shows. [pin] never prints. */
data class OfferState(
    val link: String = "",
    val linkError: String? = null,
    val offer: OfferPreview? = null,
    val pin: Secret = Secret.EMPTY,
    val steps: List<OfferStep> = emptyList(),
    /** What the issuance did, a line per document; null until it succeeded. */
    val result: List<String>? = null,
    /** The wallet holds documents restored from a backup: this offer re-binds them. */
    val rebinding: Boolean = false,
    val error: String? = null,
    /** PIN tries the issuer still allows, after a wrong PIN. */
    val triesLeft: Int? = null,
    val busy: Boolean = false,
)

/**
 * Accepting an offer: its link comes from the camera ([fromScan]), a
 * deep link ([fromDeepLink]) or the clipboard ([fromPaste]) and is read
 * offline by the core (`readOffer`); then the PIN the citizen received
 * separately, and [submit] runs the issuance, showing each
 * [IssuanceStep] in words. [cancel] stops it (the wallet is left as it
 * was). When the wallet holds documents restored from a backup, the offer
 * is taken as a re-binding (`Issuance.rebind`), which replaces them.
 *
 * Texts are re-worded from what the core said when the language changes.
 */
class OfferModel(
    scope: CoroutineScope,
    language: Language,
    private val wallet: VidiWallet,
    private val batchSize: Int = 1,
) : ScreenModel<OfferState>(scope, language, OfferState()) {

    private var info: OfferInfo? = null
    private var rawSteps: List<IssuanceStep> = emptyList()
    private var outcome: Outcome? = null
    private var failure: Throwable? = null
    private var job: Job? = null

    /** What the issuance did, kept to word it again. */
    private sealed class Outcome {
        class Accepted(val documents: List<IssuedDocument>) : Outcome()
        class Rebound(val documents: List<IssuedDocument>, val rebound: Int, val still: Int) : Outcome()
    }

    /** The camera saw [text]. */
    fun fromScan(text: String) = read(text)

    /** The app was opened with [uri]. */
    fun fromDeepLink(uri: String) = read(uri)

    /** The user pasted [text]. */
    fun fromPaste(text: String) = read(text)

    /** The PIN field changed. */
    fun setPin(pin: String) = update { it.copy(pin = Secret(pin.trim()), error = null) }

    private fun read(text: String) {
        if (state.value.busy) return
        info = null
        outcome = null
        failure = null
        rawSteps = emptyList()
        try {
            val read = readOffer(text)
            info = read
            update { OfferState(link = read.link, offer = preview(read)) }
        } catch (e: Exception) {
            update { OfferState(link = text.trim(), linkError = Str.OFFER_NOT_AN_OFFER.text(language)) }
        }
    }

    /** Accepts the offer read with the PIN typed (cleared once sent). */
    fun submit() {
        val offer = info ?: return
        val current = state.value
        if (current.busy || current.result != null) return
        if (offer.needsPin && current.pin.isEmpty) {
            update { it.copy(error = Str.OFFER_PIN_NEEDED.text(language)) }
            return
        }
        val pin = current.pin.text.takeIf { it.isNotEmpty() }
        failure = null
        rawSteps = emptyList()
        update { it.copy(busy = true, error = null, steps = emptyList(), pin = Secret.EMPTY) }
        job = scope.launch {
            try {
                val rebinding = wallet.documents().any { it.needsRebinding }
                update { it.copy(rebinding = rebinding) }
                outcome = if (rebinding) {
                    val report = wallet.issuance.rebind(offer.link, pin, batchSize, ::onStep)
                    Outcome.Rebound(report.issuance.documents, report.rebound.size, report.stillNeedsRebinding.size)
                } else {
                    Outcome.Accepted(wallet.issuance.accept(offer.link, pin, batchSize, ::onStep).documents)
                }
                update { it.copy(busy = false, result = resultLines(), triesLeft = null) }
            } catch (e: CancellationException) {
                update { it.copy(busy = false, steps = emptyList(), error = Str.OFFER_CANCELLED.text(language)) }
                throw e
            } catch (e: Exception) {
                failure = e
                update { it.copy(busy = false, error = describe(e), triesLeft = (e as? WrongPinException)?.triesLeft ?: it.triesLeft) }
            }
        }
    }

    /** Stops the issuance under way; nothing is stored. */
    fun cancel() {
        job?.cancel()
    }

    private fun onStep(step: IssuanceStep) {
        val steps = rawSteps.let { old ->
            // Successive credential requests are one line that counts up.
            if (step is IssuanceStep.RequestingCredentials && old.lastOrNull() is IssuanceStep.RequestingCredentials) old.dropLast(1) + step else old + step
        }
        rawSteps = steps
        update { it.copy(steps = stepLines(steps)) }
    }

    override fun onLanguageChanged() {
        update { current ->
            current.copy(
                offer = info?.let(::preview),
                linkError = current.linkError?.let { Str.OFFER_NOT_AN_OFFER.text(language) },
                steps = stepLines(rawSteps),
                result = outcome?.let { resultLines() },
                error = failure?.let(::describe) ?: current.error,
            )
        }
    }

    private fun preview(offer: OfferInfo) = OfferPreview(offer.issuer, offer.documents.map(::documentName), offer.needsPin)

    private fun stepLines(steps: List<IssuanceStep>): List<OfferStep> = steps.mapIndexed { i, step ->
        OfferStep(stepText(step), done = i < steps.lastIndex || step is IssuanceStep.Done)
    }

    private fun stepText(step: IssuanceStep): String = when (step) {
        IssuanceStep.ReadingOffer -> Str.OFFER_STEP_READING_OFFER.text(language)
        IssuanceStep.ReadingMetadata -> Str.OFFER_STEP_METADATA.text(language)
        IssuanceStep.FetchingTrustList -> Str.OFFER_STEP_TRUST_LIST.text(language)
        IssuanceStep.RequestingToken -> Str.OFFER_STEP_TOKEN.text(language)
        is IssuanceStep.RequestingCredentials -> Str.OFFER_STEP_CREDENTIALS.text(language, step.index.toInt(), step.total.toInt())
        IssuanceStep.CheckingDocuments -> Str.OFFER_STEP_CHECKING.text(language)
        is IssuanceStep.Storing -> Str.OFFER_STEP_STORING.text(language, step.documents.toInt())
        IssuanceStep.Done -> Str.OFFER_STEP_DONE.text(language)
        is IssuanceStep.Other -> Str.OFFER_STEP_OTHER.text(language)
    }

    private fun resultLines(): List<String> = when (val done = outcome) {
        null -> emptyList()
        is Outcome.Accepted -> done.documents.map(::documentLine)
        is Outcome.Rebound -> done.documents.map(::documentLine) + buildList {
            add(Str.OFFER_REBOUND.text(language, done.rebound))
            if (done.still > 0) add(Str.OFFER_STILL_NEEDS_REBINDING.text(language, done.still))
        }
    }

    private fun documentLine(document: IssuedDocument): String {
        val how = when (document.addedAs) {
            AddedAs.ADDED -> Str.OFFER_ADDED
            AddedAs.REPLACED -> Str.OFFER_REPLACED
            AddedAs.PENDING -> Str.OFFER_PENDING
        }
        return how.text(language, documentName(document.documentType))
    }

    private fun documentName(type: DocumentType): String = when (type) {
        DocumentType.NATIONAL_ID -> Str.OFFER_DOCUMENT_NATIONAL_ID
        DocumentType.DRIVING_LICENCE -> Str.OFFER_DOCUMENT_DRIVING_LICENCE
        DocumentType.HEALTH_INSURANCE -> Str.OFFER_DOCUMENT_HEALTH_INSURANCE
    }.text(language)
}
