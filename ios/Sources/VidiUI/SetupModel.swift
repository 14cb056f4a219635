import Foundation
import Vidi

/// What the first-run screen shows. `pin` and `pinConfirm` never print.
public struct SetupState: Equatable, Sendable {
    public var serverUrl: String
    public var serverUrlError: String?
    public var method: UnlockMethod = .pin
    public var biometricAvailable = false
    public var pin = Secret.empty
    public var pinConfirm = Secret.empty
    public var pinError: String?
    /// A failure creating the wallet.
    public var error: String?
    public var busy = false
    public var done = false
}

/// Why a new PIN is refused (the core's rule).
public typealias PinProblem = AppPinProblem

/// First run (mirrors Kotlin's `SetupModel`): the issuer's URL (checked by
/// the core's `checkServerUrl`), the unlock method, then the wallet is made
/// with the platform's key provider and device keys. Settings are saved
/// before the wallet file is written; the PINs are cleared after use.
@MainActor
public final class SetupModel: ObservableObject {
    /// Digits in an app PIN (the core's rule).
    public static let pinLength = Int(appLockRules().pinLength)

    @Published public private(set) var state: SetupState
    public private(set) var language: Language
    private let platform: AppPlatform
    private let onCreated: (Wallet) -> Void

    public init(language: Language, platform: AppPlatform, onCreated: @escaping (Wallet) -> Void = { _ in }) {
        self.language = language
        self.platform = platform
        self.onCreated = onCreated
        state = SetupState(serverUrl: platform.defaultServerUrl, biometricAvailable: platform.biometricAvailable)
    }

    public func setServerUrl(_ url: String) {
        state.serverUrl = url
        state.serverUrlError = nil
    }

    /// Chooses the unlock method; biometric only where the phone has it.
    public func setMethod(_ method: UnlockMethod) {
        if method == .biometric && !platform.biometricAvailable { return }
        state.method = method
        state.pinError = nil
    }

    /// The PIN field changed (digits only, at most six).
    public func setPin(_ pin: String) {
        state.pin = Secret(Self.digits(pin))
        state.pinError = nil
    }

    public func setPinConfirm(_ pin: String) {
        state.pinConfirm = Secret(Self.digits(pin))
        state.pinError = nil
    }

    /// Checks the URL and the PIN, saves the settings and creates the wallet.
    public func finish() {
        let current = state
        if current.busy || current.done { return }
        if current.method == .pin, let problem = Self.pinProblem(current.pin.text, current.pinConfirm.text) {
            state.pinError = problemText(problem)
            state.error = nil
            return
        }
        state.busy = true
        state.serverUrlError = nil
        state.pinError = nil
        state.error = nil
        let platform = self.platform
        Task {
            let url: String
            do {
                url = try checkServerUrl(url: current.serverUrl.trimmingCharacters(in: .whitespaces))
            } catch VidiError.InvalidInput {
                state.busy = false
                state.serverUrlError = Str.setupServerUrlInvalid.text(language)
                return
            } catch {
                state.busy = false
                state.serverUrlError = errorText(error, language)
                return
            }
            do {
                try platform.settings.save(AppSettings(serverUrl: url, unlockMethod: current.method))
                let pin = current.method == .pin ? current.pin.text : nil
                let provider = try platform.keyProvider(method: current.method, pin: pin)
                let wallet = try await Task.detached {
                    try Wallet.create(path: platform.walletPath, keyProvider: provider, deviceKeys: platform.deviceKeys)
                }.value
                state.serverUrl = url
                state.busy = false
                state.done = true
                state.pin = .empty
                state.pinConfirm = .empty
                onCreated(wallet)
            } catch {
                state.busy = false
                state.error = errorText(error, language)
            }
        }
    }

    public func setLanguage(_ language: Language) {
        self.language = language
        if state.pinError != nil, state.method == .pin,
            let problem = Self.pinProblem(state.pin.text, state.pinConfirm.text)
        {
            state.pinError = problemText(problem)
        }
        if state.serverUrlError != nil {
            state.serverUrlError = Str.setupServerUrlInvalid.text(language)
        }
    }

    private func problemText(_ problem: PinProblem) -> String {
        switch problem {
        case .length: return Str.setupPinLength.text(language, Self.pinLength)
        case .oneDigit: return Str.setupPinOneDigit.text(language)
        case .run: return Str.setupPinRun.text(language)
        case .mismatch: return Str.setupPinMismatch.text(language)
        }
    }

    static func digits(_ text: String) -> String {
        String(text.filter(\.isASCIIDigit).prefix(pinLength))
    }

    /// What is wrong with `pin` confirmed as `confirm`, or `nil`: the
    /// core's `appPinProblem` (six digits, not one digit repeated, not a
    /// run up or down, typed the same twice).
    public static func pinProblem(_ pin: String, _ confirm: String) -> PinProblem? {
        appPinProblem(pin: pin, confirm: confirm)
    }
}

extension Character {
    /// 0-9 only (not other scripts' digits).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
