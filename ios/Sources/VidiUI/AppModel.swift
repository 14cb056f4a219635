import Foundation
import Vidi

/// A screen of the app.
public enum Route: Equatable, Hashable, Sendable {
    case setup, unlock, documents
    case documentDetail(id: String)
    case showQr(id: String)
    /// Accepting an offer; `link` when it came as a deep link.
    case acceptOffer(link: String?)
    case activityLog, backup, verifier
}

/// The citizen showing documents, or an officer checking them.
public enum AppMode: Sendable { case citizen, verifier }

/// The app's navigation: a back stack whose top is the route shown.
public struct AppState: Equatable, Sendable {
    public var stack: [Route]
    public var mode: AppMode = .citizen
    public var language: Language
    /// An offer link arrived while locked: the unlock screen can say it waits.
    public var offerWaiting = false

    /// The screen shown.
    public var route: Route { stack.last ?? .unlock }
}

/// The app's top (mirrors Kotlin's `AppModel`): the screen shown, the
/// back stack, the mode, and the wallet once unlocked. An offer deep link
/// is kept until the wallet is unlocked, then opens the offer screen.
@MainActor
public final class AppModel: ObservableObject {
    @Published public private(set) var state: AppState
    /// The unlocked wallet, while there is one.
    public private(set) var wallet: Wallet?
    public let platform: AppPlatform
    private var pendingLink: String?

    public init(language: Language, platform: AppPlatform) {
        self.platform = platform
        self.state = AppState(stack: [.unlock], language: language)
    }

    /// Shows first run or the unlock screen.
    public func start() {
        state.stack = [entry()]
        state.mode = .citizen
    }

    /// The first-run screen's model, handing its new wallet to this app.
    public func setupModel() -> SetupModel {
        SetupModel(language: state.language, platform: platform) { [weak self] in self?.walletReady($0) }
    }

    /// The unlock screen's model, handing the unlocked wallet to this app.
    public func unlockModel() -> UnlockModel {
        UnlockModel(language: state.language, platform: platform) { [weak self] in self?.walletReady($0) }
    }

    public func navigate(_ route: Route) {
        state.stack.append(route)
    }

    /// Back one screen; false at the root.
    @discardableResult
    public func back() -> Bool {
        guard state.stack.count > 1 else { return false }
        state.stack.removeLast()
        return true
    }

    /// The app was opened with `uri` (an offer link): shown now if
    /// unlocked, else after unlocking.
    public func openLink(_ uri: String) {
        if wallet != nil {
            let base = state.mode == .citizen && state.stack.first == .documents ? state.stack : [.documents]
            state.mode = .citizen
            state.stack = base + [.acceptOffer(link: uri)]
        } else {
            pendingLink = uri
            state.offerWaiting = true
        }
    }

    /// Citizen to verifier and back.
    public func switchMode() {
        switch state.mode {
        case .citizen:
            state.mode = .verifier
            state.stack = [.verifier]
        case .verifier:
            state.mode = .citizen
            state.stack = [wallet != nil ? .documents : entry()]
        }
    }

    /// Locks the wallet and goes back to the unlock screen.
    public func lock() {
        let held = wallet
        wallet = nil
        state.stack = [.unlock]
        state.mode = .citizen
        if let held {
            Task.detached { try? held.lock() }
        }
    }

    /// The wallet was created or unlocked: the documents, then a waiting offer.
    public func walletReady(_ opened: Wallet) {
        wallet = opened
        let link = pendingLink
        pendingLink = nil
        state.stack = [.documents] + (link.map { [.acceptOffer(link: $0)] } ?? [])
        state.mode = .citizen
        state.offerWaiting = false
    }

    public func setLanguage(_ language: Language) {
        state.language = language
    }

    private func entry() -> Route {
        platform.walletExists() ? .unlock : .setup
    }
}
