import Foundation
import Vidi

/// A cached list: its name, its age in words, stale when a status list is
/// older than 48 h.
public struct ListItem: Equatable, Identifiable, Sendable {
    public let name: String
    public let age: String
    public let stale: Bool
    public let warning: String?
    public var id: String { name }
}

/// A disclosed claim on a verdict.
public struct VerdictField: Equatable, Identifiable, Sendable {
    public let claim: String
    public let label: String
    public let value: String
    public var id: String { claim }
}

/// The verdict, large and plain: green with the claims, or red with the reason.
public struct VerdictView: Equatable, Sendable {
    public let valid: Bool
    public let headline: String
    public let tone: Tone
    public let documentName: String
    public let issuer: String?
    public let fields: [VerdictField]
    public let hiddenCount: Int
    public let hidden: String?
    public let reasonCode: String?
    public let reason: String?
}

/// The verifier screen.
public struct VerifierScreenState: Equatable, Sendable {
    public var serverUrl = ""
    public var syncing = false
    public var lastSync: String?
    public var lists: [ListItem] = []
    public var stale = false
    public var notReady: String?
    public var syncError: String?
    public var checking = false
    public var verdict: VerdictView?
    public var error: String?
    public var scanning: Bool { verdict == nil && !checking }
}

/// The checkpoint's verifier (mirrors Kotlin's `VerifierModel`): `sync()`
/// the trust and status lists, then `onScanned(_:)` each code the camera
/// reads; the same text again within 3 s is ignored (cameras report
/// every frame), and so is anything while a check runs.
@MainActor
public final class VerifierModel: ObservableObject {
    /// How long the same code is not checked again.
    public static let repeatMillis: Int64 = 3_000
    /// A status list older than this is stale.
    public static let statusListMaxAgeSeconds: Int64 = 48 * 3600

    @Published public private(set) var state: VerifierScreenState
    public private(set) var language: Language
    private let verifier: Verifier
    private let clock: WallClock
    private var ages: [ListAge] = []
    private var syncedAt: Int64?
    private var syncFailure: Error?
    private var verdict: Verdict?
    private var failure: Error?
    private var lastScan: String?
    private var lastScanAt: Int64 = 0

    public init(language: Language, verifier: Verifier, serverUrl: String, clock: WallClock = SystemClock()) {
        self.language = language
        self.verifier = verifier
        self.clock = clock
        state = VerifierScreenState(serverUrl: serverUrl)
    }

    /// Reads the cache's ages (when the screen opens).
    public func load() {
        readAges()
        render()
    }

    /// The cache's ages now; a cache that cannot be read is shown as an
    /// error, not swallowed (as Kotlin's `readAges`).
    private func readAges() {
        do {
            ages = try verifier.cacheAges(nowUnix: nowUnix())
        } catch {
            failure = error
        }
    }

    public func setServerUrl(_ url: String) {
        state.serverUrl = url.trimmingCharacters(in: .whitespaces)
    }

    /// Fetches the lists; a failure keeps the old cache and says why.
    public func sync() async {
        state.syncing = true
        state.syncError = nil
        do {
            syncedAt = try await verifier.sync(serverUrl: state.serverUrl).syncedAtUnix
            syncFailure = nil
        } catch {
            syncFailure = error
        }
        state.syncing = false
        load()
    }

    /// A code the camera read; `nil` when ignored, else the check's task.
    @discardableResult
    public func onScanned(_ text: String) -> Task<Void, Never>? {
        let at = Int64((clock.now().timeIntervalSince1970 * 1000).rounded())
        if state.checking { return nil }
        if text == lastScan && (0..<Self.repeatMillis).contains(at - lastScanAt) { return nil }
        lastScan = text
        lastScanAt = at
        state.checking = true
        let verifier = self.verifier
        let payload = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return Task {
            do {
                verdict = try await Task.detached {
                    try verifier.verify(payload: payload, nowUnix: at / 1000, nonce: nil, audience: nil)
                }.value
                failure = nil
                ages = (try? verifier.cacheAges(nowUnix: at / 1000)) ?? ages
            } catch {
                verdict = nil
                failure = error
            }
            state.checking = false
            render()
        }
    }

    /// Back to scanning.
    public func dismiss() {
        verdict = nil
        failure = nil
        render()
    }

    public func setLanguage(_ language: Language) {
        self.language = language
        render()
    }

    private func nowUnix() -> Int64 { Int64(clock.now().timeIntervalSince1970) }

    private func render() {
        let lists = ages.map(listItem)
        state.lastSync = syncedAt.map { Str.verifierSynced.text(language, Formatting.dateTime($0)) }
        state.lists = lists
        state.stale = lists.contains { $0.stale }
        state.notReady = ages.isEmpty ? Str.verifierNeverSynced.text(language) : nil
        state.syncError = syncFailure.map { errorText($0, language) }
        state.verdict = verdict.map(view)
        state.error = failure.map {
            if case VidiError.NotFound = $0 { return Str.verifierNeverSynced.text(language) }
            return errorText($0, language)
        }
    }

    private func listItem(_ age: ListAge) -> ListItem {
        let name: String
        var stale = false
        switch age.list {
        case .trustList: name = Str.verifierTrustList.text(language)
        case .statusList(let kid):
            name = Str.verifierStatusList.text(language, kid)
            stale = age.ageSeconds > Self.statusListMaxAgeSeconds
        }
        return ListItem(
            name: name, age: Str.verifierListAge.text(language, Formatting.age(age.ageSeconds, language)),
            stale: stale, warning: stale ? Str.verifierStale.text(language) : nil)
    }

    private func view(_ v: Verdict) -> VerdictView {
        let hidden = Int(v.hiddenClaims)
        let name: String
        if let vi = v.documentLabelVi, let en = v.documentLabelEn {
            name = language.pick(vi: vi, en: en)
        } else {
            name = v.documentType.map { Formatting.documentTypeName($0, language) }
                ?? Str.verifierUnknownDocument.text(language)
        }
        let reason = language.pick(vi: v.reasonVi ?? "", en: v.reasonEn ?? "")
        return VerdictView(
            valid: v.valid,
            headline: (v.valid ? Str.verifierValid : Str.verifierNotValid).text(language),
            tone: v.valid ? .good : .bad,
            documentName: name,
            issuer: v.issuer.map { Str.verifierIssuer.text(language, $0) },
            fields: v.claims.map {
                VerdictField(claim: $0.claim, label: language.pick(vi: $0.labelVi, en: $0.labelEn), value: $0.value)
            },
            hiddenCount: hidden,
            hidden: !v.valid || hidden == 0
                ? nil : hidden == 1 ? Str.verifierHiddenOne.text(language) : Str.verifierHidden.text(language, hidden),
            reasonCode: v.reasonCode,
            reason: v.valid
                ? nil
                : reason.trimmingCharacters(in: .whitespaces).isEmpty ? Str.verifierReasonUnknown.text(language) : reason)
    }
}
