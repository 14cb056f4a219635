import SwiftUI
import Vidi
import VidiUI

/// Draws the screen on top of the app's back stack, inside one
/// navigation bar with a back button below the root. Each route gets its
/// own identity, so a screen's model is made fresh when it is shown.
struct RootView: View {
    @ObservedObject var app: AppModel
    /// The checkpoint's cache of trust and status lists: one for the whole
    /// app, shared by the verifier mode and the citizen's status badges.
    @StateObject private var listCache = SharedVerifier()

    var body: some View {
        NavigationStack {
            screen
                .id(app.state.route)
                .toolbar {
                    if app.state.stack.count > 1 {
                        ToolbarItem(placement: .navigationBarLeading) {
                            Button { app.back() } label: {
                                Label { Text(Str.commonBack.text(app.state.language)) } icon: {
                                    Image(systemName: "chevron.backward")
                                }
                            }
                        }
                    }
                }
                .navigationBarBackButtonHidden()
        }
    }

    @ViewBuilder
    private var screen: some View {
        let language = app.state.language
        switch app.state.route {
        case .setup:
            SetupView(model: app.setupModel(), language: language)
        case .unlock:
            UnlockView(model: app.unlockModel(), language: language)
        case .verifier:
            VerifierView(
                model: VerifierModel(
                    language: language, verifier: listCache.shared(cacheDir: app.platform.verifierCacheDir),
                    serverUrl: serverUrl),
                switchMode: { app.switchMode() })
        default:
            if let wallet = app.wallet {
                citizenScreen(app.state.route, wallet: wallet, language: language)
            }
        }
    }

    /// The screens that need the unlocked wallet.
    @ViewBuilder
    private func citizenScreen(_ route: Route, wallet: Wallet, language: Language) -> some View {
        switch route {
        case .documentDetail(let id):
            DocumentDetailView(
                model: DocumentDetailModel(language: language, wallet: wallet, documentId: id), language: language,
                showQr: { app.navigate(.showQr(id: id)) }, rebind: { app.navigate(.acceptOffer(link: nil)) },
                back: { app.back() })
        case .showQr(let id):
            ShowQrView(model: ShowQrModel(language: language, wallet: wallet, documentId: id), back: { app.back() })
        case .acceptOffer(let link):
            OfferView(model: OfferModel(language: language, wallet: wallet), language: language, deepLink: link,
                      done: { app.back() })
        case .activityLog:
            ActivityLogView(model: ActivityLogModel(language: language, wallet: wallet), language: language)
        case .backup:
            BackupView(model: BackupModel(language: language, wallet: wallet), language: language,
                       rebind: { app.navigate(.acceptOffer(link: nil)) })
        default:
            DocumentsView(
                model: DocumentsModel(
                    language: language, wallet: wallet,
                    verifier: listCache.shared(cacheDir: app.platform.verifierCacheDir), serverUrl: serverUrl),
                app: app)
        }
    }

    /// The server chosen at first run, or the simulator's default.
    private var serverUrl: String {
        app.platform.settings.load().serverUrl ?? app.platform.defaultServerUrl
    }
}

/// Opens the verifier cache once and hands the same `Verifier` to every
/// screen, so the verifier mode and the document list never hold two
/// objects over one cache folder.
@MainActor
final class SharedVerifier: ObservableObject {
    private var opened: (dir: String, verifier: Verifier)?

    /// The verifier over `cacheDir`, opened on first use.
    func shared(cacheDir: String) -> Verifier {
        if let opened, opened.dir == cacheDir { return opened.verifier }
        let verifier = Verifier(cacheDir: cacheDir)
        opened = (cacheDir, verifier)
        return verifier
    }
}
