import AVFoundation
import CryptoKit
import LocalAuthentication
import SwiftUI
import UIKit
import Vidi

/// The shell's state: the app core's latest view model, and what the
/// platform is asked to do. Every rule and every word is the core's; this
/// sends events, publishes what the core renders, performs its effects and
/// keeps the device in step with `ViewModel.platform` (the tick timer, full
/// brightness; the camera and the privacy cover are drawn by `RootView`).
@MainActor
final class AppStore: ObservableObject {
    /// What is drawn; `nil` only while the core could not start.
    @Published private(set) var view: ViewModel?
    /// The share sheet to show (`Effect.share`).
    @Published var sharing: ShareRequest?
    /// The exporter is shown, for `exported` (`Effect.fileWritten`).
    @Published var showExporter = false
    /// The file the core wrote, for the user to save somewhere.
    @Published private(set) var exported: ExportedFile?
    /// The file importer is shown (`Effect.pickFileToOpen`).
    @Published var showImporter = false
    /// The screen is being recorded or mirrored.
    @Published private(set) var captured = false
    /// The user refused the camera.
    @Published private(set) var cameraDenied = false
    /// A screenshot of a QR code was taken: the notice is shown.
    @Published var screenshotNotice = false

    private var core: AppCore?
    /// The wallet's Keychain keys: one that opens without a prompt (the PIN
    /// method layers the PIN inside it; the wrong-PIN count is sealed with
    /// it) and one with user presence, for the biometric method.
    private let pinKey = KeychainKeyProvider(
        service: "vn.vidi.wallet-key", account: "wallet-pin", requireUserPresence: false)
    private let biometricKey = KeychainKeyProvider(
        service: "vn.vidi.wallet-key", account: "wallet", requireUserPresence: true)
    private var tick: (ms: UInt32, task: Task<Void, Never>)?
    private var savedBrightness: CGFloat?
    private var active = false
    private var inBackground = false
    /// The importer's answer is awaited.
    private var importPending = false
    /// A biometric prompt asked for while the app was not in front.
    private var pendingPrompt: (title: String, cancel: String)?

    init() {
        captured = UIScreen.main.isCaptured
        let bridge = ShellBridge { [weak self] message in
            let store = self
            // One serial queue keeps renders and effects in order.
            DispatchQueue.main.async {
                MainActor.assumeIsolated { store?.receive(message) }
            }
        }
        do {
            let core = try AppCore(
                config: Self.config(), keyProvider: pinKey, deviceKeys: Self.deviceKeys(), shell: bridge,
                biometricKeyProvider: biometricKey)
            self.core = core
            view = try core.view()
            core.send(event: .start)
        } catch {
            core = nil
        }
    }

    /// Where and how the app core runs on this phone.
    private static func config() -> AppConfig {
        let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        try? FileManager.default.createDirectory(at: support, withIntermediateDirectories: true)
        excludeFromBackup(support)
        return AppConfig(
            dataDir: support.path,
            // The simulator shares the Mac's network, where vidi-server-mock runs.
            defaultServerUrl: "http://localhost:8080",
            biometricAvailable: LAContext().canEvaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, error: nil),
            languages: Locale.preferredLanguages,
            pinWorkFactor: nil)
    }

    /// The wallet's folder stays out of iCloud and computer backups: its
    /// key is a this-device-only Keychain item, so a restored copy could
    /// never open, and the encrypted wallet has no business leaving the
    /// phone. Set at every start (a restore or a migration may clear it).
    private static func excludeFromBackup(_ folder: URL) {
        var folder = folder
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try? folder.setResourceValues(values)
    }

    /// The Secure Enclave where there is one; elsewhere (older simulators)
    /// the wallet keeps software device keys in its encrypted file.
    private static func deviceKeys() -> DeviceKeyStore? {
        SecureEnclave.isAvailable ? SecureEnclaveDeviceKeyStore() : nil
    }

    /// Hands `event` to the app core.
    func send(_ event: Event) {
        core?.send(event: event)
    }

    /// A menu entry was chosen.
    func choose(_ action: MenuAction) {
        send(.menu(action: action))
    }

    /// The app was opened with a link.
    func openLink(_ url: URL) {
        send(.openLink(uri: url.absoluteString))
    }

    /// The scene's phase changed: the core hears of the background and the
    /// return as `Event.lifecycle` (it locks the wallet and stops the QR
    /// code's signing itself); the user's brightness is put back as soon as
    /// the scene is not active, and full brightness comes back only when it
    /// is again and the view model still asks.
    func scenePhase(_ phase: ScenePhase) {
        active = phase == .active
        switch phase {
        case .background where !inBackground:
            inBackground = true
            send(.lifecycle(state: .background))
        case .active where inBackground:
            inBackground = false
            send(.lifecycle(state: .foreground))
        default:
            break
        }
        if active && cameraDenied {
            // Back from Settings, perhaps with the camera allowed.
            let status = AVCaptureDevice.authorizationStatus(for: .video)
            cameraDenied = status == .denied || status == .restricted
        }
        if active, let prompt = pendingPrompt {
            pendingPrompt = nil
            askBiometric(title: prompt.title, cancel: prompt.cancel)
        }
        if let view {
            follow(view.platform)
        }
        if !active {
            // Not only the QR screen's full brightness: the user's comes back whenever the app is not in front.
            brighten(false)
        }
    }

    /// The scanner found camera access refused.
    func cameraWasDenied() {
        cameraDenied = true
    }

    /// Recording or mirroring started or stopped.
    func capturedChanged() {
        captured = UIScreen.main.isCaptured
    }

    private func receive(_ message: ShellMessage) {
        switch message {
        case .render(let rendered):
            // Renders come from whichever thread ended its work, so one may
            // overtake another: draw the core's state as it is now.
            let latest: ViewModel = (try? core?.view()) ?? rendered
            if view != latest {
                view = latest
            }
            follow(latest.platform)
        case .perform(let effect):
            perform(effect)
        }
    }

    // MARK: The platform, kept in step with the view model

    private func follow(_ platform: PlatformView) {
        if platform.tickMs != tick?.ms {
            tick?.task.cancel()
            tick = platform.tickMs.map { ms in (ms, ticking(every: ms)) }
        }
        brighten(platform.fullBrightness && active)
    }

    /// Sends `Event.tick` every `ms` milliseconds until cancelled.
    private func ticking(every ms: UInt32) -> Task<Void, Never> {
        Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(ms) * 1_000_000)
                guard !Task.isCancelled, let self else { return }
                self.send(.tick)
            }
        }
    }

    /// Full brightness on, or the user's brightness back.
    private func brighten(_ on: Bool) {
        if on, savedBrightness == nil {
            savedBrightness = UIScreen.main.brightness
            UIScreen.main.brightness = 1
        } else if !on, let saved = savedBrightness {
            UIScreen.main.brightness = saved
            savedBrightness = nil
        }
    }

    // MARK: Effects

    private func perform(_ effect: Effect) {
        switch effect {
        case .biometricPrompt(let title, let cancel):
            if active {
                askBiometric(title: title, cancel: cancel)
            } else {
                pendingPrompt = (title, cancel)
            }
        case .pickFileToSave(let suggestedName, _):
            saveTo(suggestedName: suggestedName)
        case .fileWritten(let path):
            exported = ExportedFile(url: URL(fileURLWithPath: path))
            showExporter = true
        case .pickFileToOpen:
            importPending = true
            showImporter = true
        case .share(let subject, let text):
            sharing = ShareRequest(subject: subject, text: text)
        case .close:
            break  // iOS apps do not close themselves.
        }
    }

    /// Face ID, Touch ID or the passcode, asked once: the context that
    /// passed is handed to the biometric key (`useAuthentication`), whose
    /// Keychain read then uses it (`kSecUseAuthenticationContext`) instead
    /// of prompting a second time. A context that did not pass is never
    /// handed over.
    private func askBiometric(title: String, cancel: String) {
        let context = LAContext()
        context.localizedCancelTitle = cancel
        let evaluated = EvaluatedContext(context)
        let keys = biometricKey
        keys.useAuthentication(nil)
        context.evaluatePolicy(.deviceOwnerAuthentication, localizedReason: title) { @Sendable [weak self] ok, error in
            let code = (error as? LAError)?.code
            let cancelled = code == .userCancel || code == .appCancel || code == .systemCancel || code == .userFallback
            if ok {
                // Before the core hears of it, so its unseal finds the context.
                keys.useAuthentication(evaluated.context)
            }
            let store = self
            DispatchQueue.main.async {
                MainActor.assumeIsolated {
                    store?.send(.unlock(event: .biometric(ok: ok, cancelled: cancelled)))
                }
            }
        }
    }

    /// The backup is written to a temporary file first (the core is given
    /// its path at once); the exporter then lets the user put it where they
    /// like (`Effect.fileWritten`).
    private func saveTo(suggestedName: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            send(.backup(event: .saveFailed))
            return
        }
        send(.backup(event: .saveTo(path: folder.appendingPathComponent(suggestedName).path)))
    }

    /// The exporter answered: the backup was saved where the user chose, or not.
    func exportAnswered(_ result: Result<URL, Error>) {
        if case .success = result {
            exportEnded(saved: true)
        } else {
            exportEnded(saved: false)
        }
    }

    /// The exporter closed. iOS 16 does not report a cancelled exporter, so
    /// one that closes without an answer soon after was cancelled.
    func exporterClosed() {
        Task {
            try? await Task.sleep(nanoseconds: 500_000_000)
            exportEnded(saved: false)
        }
    }

    /// A backup not saved anywhere is a failed save; the temporary file goes.
    private func exportEnded(saved: Bool) {
        guard let file = exported else {
            return
        }
        exported = nil
        try? FileManager.default.removeItem(at: file.url.deletingLastPathComponent())
        if !saved {
            send(.backup(event: .saveFailed))
        }
    }

    /// The importer closed; without an answer soon after, it was cancelled.
    func importerClosed() {
        Task {
            try? await Task.sleep(nanoseconds: 500_000_000)
            if importPending {
                importPending = false
                send(.backup(event: .restoreFrom(path: nil)))
            }
        }
    }

    /// The importer answered. The file is copied into the sandbox, and the
    /// core reads that copy.
    func importAnswered(_ result: Result<URL, Error>) {
        guard importPending else {
            return
        }
        importPending = false
        let picked: URL
        switch result {
        case .success(let url):
            picked = url
        case .failure(let error):
            let cancelled = (error as? CocoaError)?.code == .userCancelled
            send(.backup(event: cancelled ? .restoreFrom(path: nil) : .openFailed))
            return
        }
        let scoped = picked.startAccessingSecurityScopedResource()
        defer {
            if scoped {
                picked.stopAccessingSecurityScopedResource()
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString, isDirectory: true)
        let copy = folder.appendingPathComponent(picked.lastPathComponent)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: picked, to: copy)
        } catch {
            send(.backup(event: .openFailed))
            return
        }
        send(.backup(event: .restoreFrom(path: copy.path)))
    }
}

/// An `LAContext` carried from LocalAuthentication's reply queue to the
/// key provider. `LAContext` is not `Sendable`; this one is only read after
/// its evaluation ended (the reply), and the Keychain read is its one user.
final class EvaluatedContext: @unchecked Sendable {
    let context: LAContext

    init(_ context: LAContext) {
        self.context = context
    }
}

/// What the core handed the shell, carried to the main actor.
enum ShellMessage: Sendable {
    case render(ViewModel)
    case perform(Effect)
}

/// The app core's `AppShell`. The core calls it on any thread; it passes
/// each render and effect on, in order: `AppStore` hands it a `@Sendable`
/// closure that queues each message on the main queue (FIFO, unlike
/// unstructured tasks) and only there enters the main actor
/// (`MainActor.assumeIsolated`, which checks it is on the main thread).
final class ShellBridge: AppShell {
    private let deliver: @Sendable (ShellMessage) -> Void

    init(deliver: @escaping @Sendable (ShellMessage) -> Void) {
        self.deliver = deliver
    }

    func render(view: ViewModel) {
        deliver(.render(view))
    }

    func perform(effect: Effect) {
        deliver(.perform(effect))
    }
}

/// A share sheet's content (`Effect.share`).
struct ShareRequest: Identifiable {
    let id = UUID()
    let subject: String
    let text: String
}
