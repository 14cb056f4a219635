import SwiftUI
import Vidi
import VidiUI

/// The app: one `AppModel` for navigation; offer deep links
/// (`openid-credential-offer://`) go to it from `.onOpenURL`.
@main
struct VidiApp: App {
    @StateObject private var app = AppModel(language: .device, platform: IOSPlatform())

    var body: some Scene {
        WindowGroup {
            RootView(app: app)
                .onAppear { app.start() }
                .onOpenURL { app.openLink($0.absoluteString) }
                .onReceive(NotificationCenter.default.publisher(for: NSLocale.currentLocaleDidChangeNotification)) { _ in
                    app.setLanguage(.device)
                }
        }
    }
}
