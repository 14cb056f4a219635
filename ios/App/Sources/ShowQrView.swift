import SwiftUI
import UIKit
import VidiUI

/// The Show QR screen: presets or claims picked one by one, a big QR at full brightness, a countdown
/// ring. iOS cannot block screenshots: the code is blurred while the
/// screen is recorded or mirrored (`UIScreen.capturedDidChangeNotification`),
/// and a screenshot brings a notice that a copy is worthless within a minute.
struct ShowQrView: View {
    @StateObject var model: ShowQrModel
    let back: () -> Void
    @State private var captured = UIScreen.main.isCaptured
    @State private var savedBrightness: CGFloat?
    @State private var screenshotTaken = false

    var body: some View {
        VStack(spacing: 16) {
            Text(model.state.title).font(.title2.bold())
            Picker(selection: Binding(get: { presetSelected }, set: { model.choosePreset($0) })) {
                ForEach(model.state.choices) { Text($0.name).tag($0.preset) }
            } label: { EmptyView() }
                .pickerStyle(.segmented)
            DisclosureGroup(Str.qrChooseClaims.text(model.language)) {
                ForEach(model.state.claims) { claim in
                    Toggle(isOn: Binding(get: { claim.selected }, set: { _ in model.toggleClaim(claim.claim) })) {
                        Text(claim.label)
                    }
                }
            }
            if let qr = model.state.qr {
                QrCodeView(matrix: qr, accessibilityLabel: model.state.accessibilityLabel)
                    .blur(radius: captured ? 30 : 0)
            }
            HStack {
                if let seconds = model.state.secondsToRefresh {
                    CountdownRing(fraction: model.state.fraction, seconds: seconds)
                }
                Text(model.state.caption)
            }
            if let error = model.state.error { Text(error).foregroundStyle(.red) }
        }
        .padding()
        .navigationBarTitleDisplayMode(.inline)
        .onAppear {
            savedBrightness = UIScreen.main.brightness
            UIScreen.main.brightness = 1
            model.start()
        }
        .onDisappear {
            model.stop()
            if let savedBrightness { UIScreen.main.brightness = savedBrightness }
        }
        .onReceive(NotificationCenter.default.publisher(for: UIScreen.capturedDidChangeNotification)) { _ in
            captured = UIScreen.main.isCaptured
        }
        .onReceive(NotificationCenter.default.publisher(for: UIApplication.userDidTakeScreenshotNotification)) { _ in
            screenshotTaken = true
        }
        .alert(Str.iosuiScreenshotNotice.text(model.language), isPresented: $screenshotTaken) {
            Button(role: .cancel) {} label: { Text(Str.commonOk.text(model.language)) }
        }
    }

    private var presetSelected: String {
        if case .preset(let name) = model.state.selected { return name }
        return ""
    }
}
