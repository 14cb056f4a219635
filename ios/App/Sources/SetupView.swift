import SwiftUI
import VidiUI

/// First run: the server URL, the PIN typed twice (or Face ID), then go.
struct SetupView: View {
    @StateObject var model: SetupModel
    let language: Language

    var body: some View {
        Form {
            Section {
                TextField(text: Binding(get: { model.state.serverUrl }, set: model.setServerUrl)) {
                    Text(verbatim: model.state.serverUrl)
                }
                .keyboardType(.URL).textInputAutocapitalization(.never)
                if let error = model.state.serverUrlError { Text(error).foregroundStyle(.red) }
            }
            if model.state.method == .pin {
                Section {
                    SecureField(text: Binding(get: { model.state.pin.text }, set: model.setPin)) { EmptyView() }
                        .keyboardType(.numberPad)
                    SecureField(text: Binding(get: { model.state.pinConfirm.text }, set: model.setPinConfirm)) { EmptyView() }
                        .keyboardType(.numberPad)
                    if let error = model.state.pinError { Text(error).foregroundStyle(.red) }
                }
            }
            if let error = model.state.error { Text(error).foregroundStyle(.red) }
            Button { model.finish() } label: { Text(Str.commonOk.text(language)) }
                .disabled(model.state.busy)
        }
        .onChange(of: language) { model.setLanguage($0) }
    }
}

/// The unlock screen: the PIN pad, or Face ID first.
struct UnlockView: View {
    @StateObject var model: UnlockModel
    let language: Language

    var body: some View {
        VStack(spacing: 16) {
            Text(Str.unlockTitle.text(language)).font(.title2.bold())
            if model.state.method == .pin {
                SecureField(text: Binding(get: { model.state.pin.text }, set: model.setPin)) { EmptyView() }
                    .keyboardType(.numberPad).font(.largeTitle).multilineTextAlignment(.center)
                Button { model.submit() } label: { Text(Str.unlockSubmit.text(language)) }
                    .buttonStyle(.borderedProminent)
                    .disabled(model.state.busy || model.state.waitSeconds > 0)
            } else {
                Button { Task { await biometric() } } label: { Text(Str.unlockUseBiometric.text(language)) }
            }
            if let error = model.state.error { Text(error).foregroundStyle(.red) }
        }
        .padding()
        .task { if model.state.method == .biometric { await biometric() } }
    }

    private func biometric() async {
        let result = await BiometricPrompt.authenticate(reason: Str.unlockBiometricPromptTitle.text(language))
        result.passed ? model.biometricSucceeded() : model.biometricFailed(cancelled: result.cancelled)
    }
}
