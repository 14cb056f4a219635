import Foundation
import Vidi

/// What the unlock screen shows. `pin` never prints.
public struct UnlockState: Equatable, Sendable {
    public var method: UnlockMethod
    public var pin = Secret.empty
    public var error: String?
    /// Wrong PINs allowed before the next wait; `nil` until a PIN was wrong.
    public var attemptsLeft: Int?
    /// Seconds until a PIN may be tried again; 0 when it may now.
    public var waitSeconds = 0
    public var busy = false
    public var unlocked = false
}

/// The unlock screen (mirrors Kotlin's `UnlockModel`): the app PIN or Face
/// ID / Touch ID. A wrong PIN is the core's `WrongKey`. After five wrong
/// PINs in a row each further one costs a wait of 30 s, doubled each time
/// (up to 64 minutes; the core's `app_lock` rules); the count and the wait's end are saved in the
/// settings before the screen hears of the failure, so a restart does not
/// reset them.
@MainActor
public final class UnlockModel: ObservableObject {
    @Published public private(set) var state: UnlockState
    public private(set) var language: Language
    private let platform: AppPlatform
    private let onUnlocked: (Wallet) -> Void
    private var countdown: Task<Void, Never>?

    public init(language: Language, platform: AppPlatform, onUnlocked: @escaping (Wallet) -> Void = { _ in }) {
        self.language = language
        self.platform = platform
        self.onUnlocked = onUnlocked
        let settings = platform.settings.load()
        state = UnlockState(method: settings.method ?? .pin)
        if settings.failedUnlocks > 0 {
            state.attemptsLeft = Self.attemptsLeft(settings.failedUnlocks)
        }
        if settings.lockedUntilMillis > nowMillis() {
            startCountdown(until: settings.lockedUntilMillis)
        }
    }

    deinit {
        countdown?.cancel()
    }

    /// The PIN field changed (digits only, at most six).
    public func setPin(_ pin: String) {
        state.pin = Secret(SetupModel.digits(pin))
        state.error = nil
    }

    /// Tries the PIN typed. Ignored while busy or during a wait.
    public func submit() {
        if state.busy || state.unlocked || state.waitSeconds > 0 { return }
        guard state.pin.text.count == SetupModel.pinLength else {
            state.error = Str.unlockPinLength.text(language, SetupModel.pinLength)
            return
        }
        let pin = state.pin.text
        state.busy = true
        state.error = nil
        state.pin = .empty
        Task { await attempt(.pin, pin: pin) }
    }

    /// The biometric prompt succeeded: the Keychain now releases the key.
    public func biometricSucceeded() {
        if state.busy || state.unlocked { return }
        state.busy = true
        state.error = nil
        Task { await attempt(.biometric, pin: nil) }
    }

    /// The biometric prompt failed, or the user cancelled it.
    public func biometricFailed(cancelled: Bool) {
        state.error = (cancelled ? Str.unlockBiometricCancelled : Str.unlockBiometricFailed).text(language)
    }

    public func setLanguage(_ language: Language) {
        self.language = language
    }

    /// Opens and unlocks the wallet; a wrong PIN is counted.
    func attempt(_ method: UnlockMethod, pin: String?) async {
        let platform = self.platform
        do {
            let provider = try platform.keyProvider(method: method, pin: pin)
            let wallet = try await Task.detached { () throws -> Wallet in
                let wallet = try Wallet.open(
                    path: platform.walletPath, keyProvider: provider, deviceKeys: platform.deviceKeys)
                _ = try wallet.unlock()
                return wallet
            }.value
            try platform.settings.update {
                $0.failedUnlocks = 0
                $0.lockedUntilMillis = 0
            }
            state.busy = false
            state.unlocked = true
            state.error = nil
            state.attemptsLeft = nil
            onUnlocked(wallet)
        } catch VidiError.WrongKey where method == .pin {
            wrongPin()
        } catch {
            state.busy = false
            state.error = errorText(error, language)
        }
    }

    /// Counts a wrong PIN, saves it (and a wait when due), then tells the screen.
    func wrongPin() {
        let now = nowMillis()
        let saved =
            (try? platform.settings.update {
                $0.failedUnlocks += 1
                $0.lockedUntilMillis = Self.waitMillis($0.failedUnlocks).map { now + $0 } ?? 0
            }) ?? platform.settings.load()
        let left = Self.attemptsLeft(saved.failedUnlocks)
        state.busy = false
        state.attemptsLeft = left
        if saved.lockedUntilMillis > now {
            state.error = Str.unlockWrongPinWait.text(language, Self.seconds(until: saved.lockedUntilMillis, now: now))
            startCountdown(until: saved.lockedUntilMillis)
        } else {
            state.error = Str.unlockWrongPin.text(language, left)
        }
    }

    /// Counts `waitSeconds` down to 0 on the platform's clock.
    private func startCountdown(until: Int64) {
        countdown?.cancel()
        state.waitSeconds = Self.seconds(until: until, now: nowMillis())
        countdown = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                let remaining = until - self.nowMillis()
                if remaining <= 0 { break }
                self.state.waitSeconds = Self.seconds(until: until, now: self.nowMillis())
                try? await Task.sleep(nanoseconds: UInt64(min(remaining, 1000)) * 1_000_000)
            }
            self?.state.waitSeconds = 0
        }
    }

    private func nowMillis() -> Int64 {
        Int64((platform.clock.now().timeIntervalSince1970 * 1000).rounded())
    }

    /// The wait after the `failed`th wrong PIN in a row (the core's
    /// `unlockWaitSeconds`); `nil` when none is due.
    public static func waitMillis(_ failed: Int) -> Int64? {
        unlockWaitSeconds(failed: UInt32(clamping: max(failed, 0))).map { Int64($0) * 1000 }
    }

    /// Wrong PINs left before a wait (the core's `unlockAttemptsLeft`): one
    /// at a time once the waits began.
    public static func attemptsLeft(_ failed: Int) -> Int {
        Int(unlockAttemptsLeft(failed: UInt32(clamping: max(failed, 0))))
    }

    static func seconds(until: Int64, now: Int64) -> Int {
        max(Int((until - now + 999) / 1000), 0)
    }
}
