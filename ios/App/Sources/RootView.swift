import SwiftUI
import Vidi
import VidiUI

/// Draws the screen on top of the app's back stack.
struct RootView: View {
    @ObservedObject var app: AppModel

    var body: some View {
        let language = app.state.language
        switch app.state.route {
        case .setup:
            SetupView(model: app.setupModel(), language: language)
        case .unlock:
            UnlockView(model: app.unlockModel(), language: language)
        case .showQr(let id):
            if let wallet = app.wallet {
                ShowQrView(model: ShowQrModel(language: language, wallet: wallet, documentId: id), back: { app.back() })
            }
        case .verifier:
            VerifierView(
                model: VerifierModel(
                    language: language, verifier: Verifier(cacheDir: app.platform.verifierCacheDir),
                    serverUrl: app.platform.settings.load().serverUrl ?? app.platform.defaultServerUrl),
                switchMode: { app.switchMode() })
        default:
            if let wallet = app.wallet {
                DocumentsView(model: DocumentsModel(language: language, wallet: wallet), app: app)
            }
        }
    }
}
