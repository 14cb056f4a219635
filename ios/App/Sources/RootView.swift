import SwiftUI
import UniformTypeIdentifiers
import Vidi

/// Draws the app core's view model: the header (title, back, menu), the
/// camera when the core asks for it, and the screen shown, each with its
/// own small view. A privacy cover (`ShellWords.privacyCover`) hides the
/// app whenever the scene is not active, so the app switcher's snapshot
/// shows no wallet, and wallet screens from recordings and mirroring
/// (`platform.secureDisplay`).
struct RootView: View {
    @ObservedObject var store: AppStore
    @Environment(\.scenePhase) private var scenePhase

    var body: some View {
        Group {
            if let view = store.view {
                content(view)
            } else {
                ProgressView()
            }
        }
        .sheet(item: $store.sharing) { ShareSheet(request: $0) }
        .fileExporter(
            isPresented: $store.showExporter, document: store.exported, contentType: .data,
            defaultFilename: store.exported?.url.lastPathComponent
        ) { store.exportAnswered($0) }
        .onChange(of: store.showExporter) { if !$0 { store.exporterClosed() } }
        .fileImporter(isPresented: $store.showImporter, allowedContentTypes: [.data]) { store.importAnswered($0) }
        .onChange(of: store.showImporter) { if !$0 { store.importerClosed() } }
        .onReceive(NotificationCenter.default.publisher(for: UIScreen.capturedDidChangeNotification)) { _ in
            store.capturedChanged()
        }
    }

    private func content(_ view: ViewModel) -> some View {
        NavigationStack {
            VStack(spacing: 0) {
                if view.platform.camera {
                    if store.cameraDenied {
                        CameraDenied(words: view.shell)
                    } else {
                        QrScannerView(onCode: { store.send(.scanned(text: $0)) }, onDenied: { store.cameraWasDenied() })
                            .frame(maxWidth: .infinity, minHeight: 240, maxHeight: 320)
                            .accessibilityHidden(true)
                    }
                }
                screen(view)
                    .frame(maxWidth: .infinity, maxHeight: .infinity)
            }
            .navigationTitle(view.header.title)
            .navigationBarTitleDisplayMode(.inline)
            .navigationBarBackButtonHidden()
            .toolbar {
                HeaderItems(
                    header: view.header, menuLabel: view.shell.menu, back: { store.send(.back) },
                    choose: store.choose)
            }
        }
        .alert(Text(view.shell.screenshotNotice), isPresented: $store.screenshotNotice) {
            Button { store.screenshotNotice = false } label: { Text(view.shell.ok) }
        }
        .onReceive(NotificationCenter.default.publisher(for: UIApplication.userDidTakeScreenshotNotification)) { _ in
            // A screenshot of a QR code: iOS cannot block it, so it is answered.
            if case .showQr(let qr) = view.screen, qr.qr != nil {
                store.screenshotNotice = true
            }
        }
        .overlay {
            if scenePhase != .active || (view.platform.secureDisplay && store.captured) {
                PrivacyCover(text: view.shell.privacyCover)
            }
        }
    }

    @ViewBuilder
    private func screen(_ model: ViewModel) -> some View {
        let send = store.send
        switch model.screen {
        case .setup(let view): SetupScreen(view: view, send: send)
        case .unlock(let view): UnlockScreen(view: view, send: send)
        case .documents(let view): DocumentsScreen(view: view, autoLock: model.autoLock?.text, send: send)
        case .detail(let view): DetailScreen(view: view, send: send)
        case .showQr(let view): ShowQrScreen(view: view, send: send)
        case .offer(let view): OfferScreen(view: view, send: send)
        case .present(let view): PresentScreen(view: view, send: send)
        case .log(let view): LogScreen(view: view, send: send)
        case .backup(let view): BackupScreen(view: view, send: send)
        case .verifier(let view): VerifierScreen(view: view, send: send)
        }
    }
}

/// The header's back arrow and menu.
struct HeaderItems: ToolbarContent {
    let header: Header
    let menuLabel: String
    let back: @MainActor () -> Void
    let choose: @MainActor (MenuAction) -> Void

    var body: some ToolbarContent {
        ToolbarItem(placement: .navigationBarLeading) {
            if header.canGoBack {
                Button { back() } label: {
                    Label { Text(header.backLabel) } icon: { Image(systemName: "chevron.backward") }
                }
                .accessibilityLabel(header.backLabel)
            }
        }
        ToolbarItem(placement: .navigationBarTrailing) {
            if !header.menu.isEmpty {
                Menu {
                    Section {
                        ForEach(header.menu, id: \.self) { item in
                            Button { choose(item.action) } label: { Text(item.label) }
                        }
                    } header: {
                        Text(header.modeLabel)
                    }
                } label: {
                    Image(systemName: "ellipsis.circle")
                }
                .accessibilityLabel(menuLabel)
            }
        }
    }
}

/// The camera may not be used: says so, with a button to the app's page in Settings.
struct CameraDenied: View {
    let words: ShellWords

    var body: some View {
        VStack(spacing: 12) {
            Text(words.cameraDenied).multilineTextAlignment(.center)
            Button {
                if let settings = URL(string: UIApplication.openSettingsURLString) {
                    UIApplication.shared.open(settings)
                }
            } label: {
                Text(words.openSettings)
            }
            .buttonStyle(.borderedProminent)
        }
        .padding()
        .frame(maxWidth: .infinity, minHeight: 160)
    }
}

/// What the app switcher and a recording see instead of the wallet.
struct PrivacyCover: View {
    let text: String

    var body: some View {
        ZStack {
            Color(uiColor: .systemBackground)
            VStack(spacing: 16) {
                Image(systemName: "lock.shield")
                    .font(.system(size: 64))
                    .foregroundStyle(.secondary)
                    .accessibilityHidden(true)
                Text(text)
                    .font(.headline)
                    .multilineTextAlignment(.center)
                    .padding(.horizontal)
            }
        }
        .ignoresSafeArea()
    }
}

/// A problem in words, as the core worded it.
struct ProblemText: View {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    var body: some View {
        Text(text).foregroundStyle(.red)
    }
}

/// The system share sheet for `Effect.share`.
struct ShareSheet: UIViewControllerRepresentable {
    let request: ShareRequest

    func makeUIViewController(context: Context) -> UIActivityViewController {
        UIActivityViewController(
            activityItems: [SharedText(subject: request.subject, text: request.text)], applicationActivities: nil)
    }

    func updateUIViewController(_ controller: UIActivityViewController, context: Context) {}
}

/// Shared text with a subject (used by Mail).
final class SharedText: NSObject, UIActivityItemSource {
    private let subject: String
    private let text: String

    init(subject: String, text: String) {
        self.subject = subject
        self.text = text
    }

    func activityViewControllerPlaceholderItem(_ controller: UIActivityViewController) -> Any {
        text
    }

    func activityViewController(
        _ controller: UIActivityViewController, itemForActivityType activityType: UIActivity.ActivityType?
    ) -> Any? {
        text
    }

    func activityViewController(
        _ controller: UIActivityViewController, subjectForActivityType activityType: UIActivity.ActivityType?
    ) -> String {
        subject
    }
}

/// A file the core wrote, for `fileExporter` to copy where the user chooses.
struct ExportedFile: FileDocument {
    static var readableContentTypes: [UTType] { [.data] }

    let url: URL

    init(url: URL) {
        self.url = url
    }

    init(configuration: ReadConfiguration) throws {
        throw CocoaError(.featureUnsupported)
    }

    func fileWrapper(configuration: WriteConfiguration) throws -> FileWrapper {
        try FileWrapper(url: url, options: .immediate)
    }
}
