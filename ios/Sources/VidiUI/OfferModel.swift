import Foundation
import Vidi

/// An offer read from its link, in words.
public struct OfferPreview: Equatable, Sendable {
    /// The issuer's address; nil for an offer by reference (known once fetched).
    public let issuer: String?
    /// The documents offered, by name; empty for an offer by reference.
    public let documents: [String]
    public let needsPin: Bool
}

/// One issuance step in words; `done` once the next one started.
public struct OfferStep: Equatable, Identifiable, Sendable {
    public let id: Int
    public let text: String
    public let done: Bool
}

/// What the accept-offer screen shows. `pin` never prints.
public struct OfferState: Equatable, Sendable {
    public var link = ""
    public var linkError: String?
    public var offer: OfferPreview?
    public var pin = Secret.empty
    public var steps: [OfferStep] = []
    /// What the issuance did, a line per document; nil until it succeeded.
    public var result: [String]?
    /// The wallet holds documents restored from a backup: this offer re-binds them.
    public var rebinding = false
    public var error: String?
    /// PIN tries the issuer still allows, after a wrong PIN.
    public var triesLeft: Int?
    public var busy = false

    public init() {}
}

/// Accepting an offer (mirrors Kotlin's `OfferModel`): its link comes from
/// the camera (`fromScan`), a deep link (`fromDeepLink`) or the clipboard
/// (`fromPaste`) and is read offline by the core (`readOffer`); then the
/// PIN the citizen received separately, and `submit()` runs the issuance,
/// showing each `IssuanceStep` in words. `cancel()` stops it (the wallet is
/// left as it was). When the wallet holds documents restored from a
/// backup, the offer is taken as a re-binding (`rebind`), which replaces them.
@MainActor
public final class OfferModel: ObservableObject {
    @Published public private(set) var state = OfferState()
    public private(set) var language: Language
    private let wallet: Wallet
    private let batchSize: UInt32
    private var info: OfferInfo?
    private var rawSteps: [IssuanceStep] = []
    private var outcome: Outcome?
    private var failure: Error?
    /// The catalog text of an error that is not a failure (PIN missing, cancelled).
    private var notice: Str?
    private var job: Task<Void, Never>?

    /// What the issuance did, kept to word it again.
    private enum Outcome {
        case accepted([IssuedDocument])
        case rebound([IssuedDocument], rebound: Int, still: Int)
    }

    public init(language: Language, wallet: Wallet, batchSize: UInt32 = 1) {
        self.language = language
        self.wallet = wallet
        self.batchSize = batchSize
    }

    /// The camera saw `text`.
    public func fromScan(_ text: String) { read(text) }

    /// The app was opened with `uri`.
    public func fromDeepLink(_ uri: String) { read(uri) }

    /// The user pasted `text`.
    public func fromPaste(_ text: String) { read(text) }

    /// The PIN field changed.
    public func setPin(_ pin: String) {
        state.pin = Secret(pin.trimmingCharacters(in: .whitespacesAndNewlines))
        state.error = nil
    }

    private func read(_ text: String) {
        guard !state.busy else { return }
        info = nil
        outcome = nil
        failure = nil
        rawSteps = []
        var next = OfferState()
        do {
            let read = try readOffer(link: text)
            info = read
            next.link = read.link
            next.offer = preview(read)
        } catch {
            next.link = text.trimmingCharacters(in: .whitespacesAndNewlines)
            next.linkError = Str.offerNotAnOffer.text(language)
        }
        state = next
    }

    /// Accepts the offer read with the PIN typed (cleared once sent).
    public func submit() {
        guard let offer = info, !state.busy, state.result == nil else { return }
        if offer.needsPin && state.pin.isEmpty {
            notice = .offerPinNeeded
            state.error = Str.offerPinNeeded.text(language)
            return
        }
        let pin = state.pin.isEmpty ? nil : state.pin.text
        failure = nil
        notice = nil
        rawSteps = []
        state.busy = true
        state.error = nil
        state.steps = []
        state.pin = .empty
        job = Task { await run(link: offer.link, pin: pin) }
    }

    /// The issuance itself. Its steps come from the core's thread through
    /// one stream, read here in the order the core sent them.
    private func run(link: String, pin: String?) async {
        var continuation: AsyncStream<IssuanceStep>.Continuation?
        let steps = AsyncStream<IssuanceStep> { continuation = $0 }
        let sink = continuation
        let onStep: @Sendable (IssuanceStep) -> Void = { step in sink?.yield(step) }
        let reader = Task { @MainActor [weak self] in
            for await step in steps { self?.onStep(step) }
        }
        defer {
            sink?.finish()
            reader.cancel()
        }
        do {
            let rebinding = try await wallet.documents().contains { $0.needsRebinding }
            state.rebinding = rebinding
            if rebinding {
                let report = try await wallet.rebind(link, pin: pin, batchSize: batchSize, onStep: onStep)
                outcome = .rebound(
                    report.issuance.documents, rebound: report.rebound.count, still: report.stillNeedsRebinding.count)
            } else {
                outcome = .accepted(try await wallet.acceptOffer(link, pin: pin, batchSize: batchSize, onStep: onStep).documents)
            }
            sink?.finish()
            await reader.value
            state.result = resultLines()
            state.triesLeft = nil
        } catch let error where OfferModel.isCancellation(error) {
            rawSteps = []
            state.steps = []
            notice = .offerCancelled
            state.error = Str.offerCancelled.text(language)
        } catch {
            failure = error
            state.error = errorText(error, language)
            if case .WrongPin(let triesLeft?, _) = error as? VidiError {
                state.triesLeft = Int(triesLeft)
            }
        }
        state.busy = false
        job = nil
    }

    /// Stops the issuance under way; nothing is stored.
    public func cancel() {
        job?.cancel()
    }

    public func setLanguage(_ language: Language) {
        self.language = language
        state.offer = info.map(preview)
        if state.linkError != nil { state.linkError = Str.offerNotAnOffer.text(language) }
        state.steps = stepLines(rawSteps)
        if outcome != nil { state.result = resultLines() }
        if let failure {
            state.error = errorText(failure, language)
        } else if state.error != nil, let notice {
            state.error = notice.text(language)
        }
    }

    /// Whether `error` is the issuance being stopped (by `cancel()`).
    static func isCancellation(_ error: Error) -> Bool {
        if error is CancellationError { return true }
        if case .Cancelled = error as? VidiError { return true }
        return false
    }

    private func onStep(_ step: IssuanceStep) {
        // Successive credential requests are one line that counts up.
        if case .requestingCredentials = step, case .requestingCredentials? = rawSteps.last {
            rawSteps.removeLast()
        }
        rawSteps.append(step)
        state.steps = stepLines(rawSteps)
    }

    private func preview(_ offer: OfferInfo) -> OfferPreview {
        OfferPreview(issuer: offer.issuer, documents: offer.documents.map(documentName), needsPin: offer.needsPin)
    }

    private func stepLines(_ steps: [IssuanceStep]) -> [OfferStep] {
        steps.enumerated().map { i, step in
            OfferStep(id: i, text: stepText(step), done: i < steps.count - 1 || step == .done)
        }
    }

    private func stepText(_ step: IssuanceStep) -> String {
        switch step {
        case .readingOffer: return Str.offerStepReadingOffer.text(language)
        case .readingMetadata: return Str.offerStepMetadata.text(language)
        case .fetchingTrustList: return Str.offerStepTrustList.text(language)
        case .requestingToken: return Str.offerStepToken.text(language)
        case .requestingCredentials(_, _, let index, let total):
            return Str.offerStepCredentials.text(language, Int(index), Int(total))
        case .checkingDocuments: return Str.offerStepChecking.text(language)
        case .storing(let documents): return Str.offerStepStoring.text(language, Int(documents))
        case .done: return Str.offerStepDone.text(language)
        case .other: return Str.offerStepOther.text(language)
        }
    }

    private func resultLines() -> [String] {
        switch outcome {
        case nil: return []
        case .accepted(let documents): return documents.map(documentLine)
        case .rebound(let documents, let rebound, let still):
            var lines = documents.map(documentLine)
            lines.append(Str.offerRebound.text(language, rebound))
            if still > 0 { lines.append(Str.offerStillNeedsRebinding.text(language, still)) }
            return lines
        }
    }

    private func documentLine(_ document: IssuedDocument) -> String {
        let how: Str
        switch document.addedAs {
        case .added: how = .offerAdded
        case .replaced: how = .offerReplaced
        case .pending: how = .offerPending
        }
        return how.text(language, documentName(document.documentType))
    }

    private func documentName(_ type: DocumentType) -> String {
        switch type {
        case .nationalId: return Str.offerDocumentNationalId.text(language)
        case .drivingLicence: return Str.offerDocumentDrivingLicence.text(language)
        case .healthInsurance: return Str.offerDocumentHealthInsurance.text(language)
        }
    }
}
