import Foundation
import Vidi

/// What the QR code discloses: a checkpoint's preset, or claims picked one by one.
public enum QrSelection: Equatable, Sendable {
    case preset(String)
    case claims(Set<String>)
}

/// A preset the document can show: its name in words and its claims.
public struct QrChoice: Equatable, Identifiable, Sendable {
    public let preset: String
    public let name: String
    public let claims: [String]
    public var id: String { preset }
}

/// A claim the document can show on its own, and whether it is picked.
public struct ClaimChoice: Equatable, Identifiable, Sendable {
    public let claim: String
    public let label: String
    public let selected: Bool
    public var id: String { claim }
}

/// The Show QR screen.
public struct ShowQrState: Equatable, Sendable {
    public var title = ""
    public var choices: [QrChoice] = []
    public var claims: [ClaimChoice] = []
    public var selected: QrSelection?
    public var qr: QrMatrix?
    public var secondsToRefresh: Int?
    /// The countdown over the whole interval, 1 for a fresh code, for a ring.
    public var fraction: Double = 0
    public var caption = ""
    /// What VoiceOver says: which document, which claims, when the next code comes.
    public var accessibilityLabel = ""
    public var expired = false
    public var running = false
    public var error: String?
}

/// Shows a document as a QR code that renews itself (mirrors Kotlin's
/// `ShowQrModel`): `start()` when the screen appears, `stop()` when it
/// goes; a new code is made at each `refreshAt`, and the code ends when
/// the credential expires first.
@MainActor
public final class ShowQrModel: ObservableObject {
    @Published public private(set) var state = ShowQrState()
    public let documentId: String
    public private(set) var language: Language
    private let wallet: Wallet
    private let clock: WallClock
    private var details: DocumentDetails?
    private var presetInfo: [String: PresetInfo] = [:]
    private var selection: QrSelection?
    private var presentation: Presentation?
    private var tick: Tick?
    private var failure: Error?
    private var job: Task<Void, Never>?

    /// Where the countdown stands: seconds to the code leaving the screen
    /// and to its expiry, both rounded up (as Kotlin's `QrTick`).
    enum Tick: Equatable { case countdown(refresh: Int, expiry: Int), refresh, expired }

    public init(language: Language, wallet: Wallet, documentId: String, clock: WallClock = SystemClock()) {
        self.language = language
        self.wallet = wallet
        self.documentId = documentId
        self.clock = clock
    }

    /// Starts showing codes for the selection (again, if it was running).
    public func start() {
        job?.cancel()
        state.running = true
        job = Task { [weak self] in
            await self?.run()
        }
    }

    /// Stops the codes; the last one is forgotten.
    public func stop() {
        job?.cancel()
        job = nil
        presentation = nil
        tick = nil
        state.running = false
        render()
    }

    public func choosePreset(_ name: String) {
        guard presetInfo[name] != nil, details?.presets.contains(name) == true else { return }
        select(.preset(name))
    }

    /// Picks or unpicks claim `name`; from a preset, starts from its claims.
    public func toggleClaim(_ name: String) {
        guard let available = details?.claims.map(\.name), available.contains(name) else { return }
        var current: Set<String>
        switch selection {
        case .claims(let names): current = names
        case .preset(let preset):
            current = Set((presetInfo[preset]?.claims ?? []).map(\.name).filter(available.contains))
        case nil: current = []
        }
        if current.contains(name) { current.remove(name) } else { current.insert(name) }
        select(.claims(current))
    }

    public func setLanguage(_ language: Language) {
        self.language = language
        render()
    }

    private func select(_ chosen: QrSelection) {
        selection = chosen
        presentation = nil
        tick = nil
        failure = nil
        render()
        if state.running { start() }
    }

    private func run() async {
        defer {
            if !Task.isCancelled {
                state.running = false
                render()
            }
        }
        guard await ensureLoaded(), let chosen = selection else { return }
        let disclose: Disclose
        switch chosen {
        case .preset(let name): disclose = .preset(name: name)
        case .claims(let names):
            guard !names.isEmpty else { return }
            disclose = .claims(names: (details?.claims ?? []).map(\.name).filter(names.contains))
        }
        do {
            while !Task.isCancelled {
                let made = try await wallet.presentation(of: documentId, disclosing: disclose)
                if Task.isCancelled { return }
                presentation = made
                failure = nil
                // The core's times, moved onto this clock when they disagree.
                let skew = clock.now().timeIntervalSince(made.madeAt)
                let refreshAt = made.refreshAt.addingTimeInterval(abs(skew) > 5 ? skew : 0)
                let expiresAt = made.expiresAt.addingTimeInterval(abs(skew) > 5 ? skew : 0)
                // The code leaves the screen at its refresh, or at its expiry if sooner.
                let end = min(refreshAt, expiresAt)
                while !Task.isCancelled {
                    let now = clock.now()
                    let left = Self.millis(end.timeIntervalSince(now))
                    if left <= 0 {
                        if expiresAt <= refreshAt {
                            tick = .expired
                            render()
                            return
                        }
                        break
                    }
                    tick = .countdown(
                        refresh: Self.secondsUpTo(left),
                        expiry: Self.secondsUpTo(Self.millis(expiresAt.timeIntervalSince(now))))
                    render()
                    // Wake when the rounded-up seconds next change: 14.5 s left waits 0.5 s.
                    try await Task.sleep(nanoseconds: UInt64((left - 1) % 1000 + 1) * 1_000_000)
                }
                tick = .refresh
                render()
            }
        } catch is CancellationError {
        } catch {
            if !Task.isCancelled {
                failure = error
                presentation = nil
                render()
            }
        }
    }

    private func ensureLoaded() async -> Bool {
        if details != nil { return true }
        do {
            let loaded = try await wallet.details(of: documentId)
            presetInfo = Dictionary(presets().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            details = loaded
            if selection == nil {
                selection = loaded.presets.first.map { .preset($0) } ?? .claims([])
            }
            render()
            return true
        } catch {
            failure = error
            render()
            return false
        }
    }

    /// The claims on screen: those the shown code carries (what a screen
    /// reader must say), else those the selection will disclose.
    private func disclosed() -> [ClaimLabel] {
        if let shown = presentation?.claims { return shown }
        switch selection {
        case .preset(let name): return presetInfo[name]?.claims ?? []
        case .claims(let names): return (details?.claims ?? []).filter { names.contains($0.name) }
        case nil: return []
        }
    }

    private func render() {
        state.error = failure.map { errorText($0, language) }
        guard let d = details else { return }
        let typeName = Formatting.inSentence(language.pick(vi: d.summary.typeLabelVi, en: d.summary.typeLabelEn))
        let claimWords = Formatting.list(
            disclosed().map { Formatting.inSentence(language.pick(vi: $0.labelVi, en: $0.labelEn)) }, language)
        var picked: Set<String>?
        if case .claims(let names) = selection { picked = names }
        state.title = Str.qrTitle.text(language, typeName)
        state.choices = d.presets.compactMap { name in
            presetInfo[name].map { info in
                QrChoice(
                    preset: name, name: Formatting.presetName(name, language),
                    claims: info.claims.map { language.pick(vi: $0.labelVi, en: $0.labelEn) })
            }
        }
        state.claims = d.claims.map {
            ClaimChoice(
                claim: $0.name, label: language.pick(vi: $0.labelVi, en: $0.labelEn),
                selected: picked?.contains($0.name) == true)
        }
        state.selected = selection
        state.qr = tick == .expired ? nil : presentation?.qr
        state.expired = tick == .expired
        let interval = max(1, (presentation?.refreshAtUnix ?? 1) - (presentation?.madeAtUnix ?? 0))
        switch tick {
        case .countdown(let seconds, let validFor):
            state.secondsToRefresh = seconds
            state.fraction = min(1, max(0, Double(seconds) / Double(interval)))
            state.caption = Str.qrCountdown.text(language, seconds, validFor)
            state.accessibilityLabel = Str.qrA11yCountdown.text(language, typeName, claimWords, seconds)
        case .refresh:
            state.secondsToRefresh = 0
            state.fraction = 0
            state.caption = Str.qrRefreshing.text(language)
            state.accessibilityLabel = Str.qrA11yRefreshing.text(language, typeName, claimWords)
        case .expired:
            state.secondsToRefresh = nil
            state.fraction = 0
            state.caption = Str.qrExpired.text(language)
            state.accessibilityLabel = Str.qrA11yExpired.text(language, typeName)
        case nil:
            state.secondsToRefresh = nil
            state.fraction = 0
            state.caption = picked?.isEmpty == true ? Str.qrNoClaims.text(language) : ""
            state.accessibilityLabel = ""
        }
    }

    /// Seconds as whole milliseconds, rounded up.
    static func millis(_ seconds: TimeInterval) -> Int64 {
        Int64((seconds * 1000).rounded(.up))
    }

    /// Milliseconds as whole seconds, rounded up: a countdown never shows 0
    /// while the code is still in use.
    static func secondsUpTo(_ millis: Int64) -> Int {
        Int((millis + 999) / 1000)
    }
}
