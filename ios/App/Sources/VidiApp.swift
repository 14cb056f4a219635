import SwiftUI

/// The app: one `AppStore` over the Rust app core, drawn by `RootView`.
/// Offer links (`openid-credential-offer://`), online services' sign-in
/// requests (`openid4vp://`) and the app's comings and
/// goings are reported to the core as events.
@main
struct VidiApp: App {
    @StateObject private var store = AppStore()
    @Environment(\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup {
            RootView(store: store)
                .onOpenURL { store.openLink($0) }
                .onAppear { store.scenePhase(scenePhase) }
                .onChange(of: scenePhase) { store.scenePhase($0) }
        }
    }
}
