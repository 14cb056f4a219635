import SwiftUI
import Vidi

/// First run: the issuer's URL, the unlock method, the PIN typed twice.
/// The PINs stay in this view until "create" sends them, then are cleared.
struct SetupScreen: View {
    let view: SetupView
    let send: @MainActor (Event) -> Void
    @State private var serverUrl: String
    @State private var pin = ""
    @State private var confirm = ""

    init(view: SetupView, send: @escaping @MainActor (Event) -> Void) {
        self.view = view
        self.send = send
        _serverUrl = State(initialValue: view.serverUrl)
    }

    var body: some View {
        Form {
            Section {
                Text(view.intro)
            }
            Section {
                TextField(text: $serverUrl) { Text(view.serverUrlLabel) }
                    .keyboardType(.URL)
                    .textInputAutocapitalization(.never)
                    .autocorrectionDisabled()
                    .accessibilityLabel(view.serverUrlLabel)
                    .onChange(of: serverUrl) { send(.setup(event: .serverUrl(url: $0))) }
                if let error = view.serverUrlError {
                    ProblemText(error)
                }
            } header: {
                Text(view.serverUrlLabel)
            }
            Section {
                Picker(selection: Binding(get: { view.method }, set: { send(.setup(event: .method(method: $0))) })) {
                    Text(view.methodPin).tag(UnlockMethod.pin)
                    if view.biometricAvailable {
                        Text(view.methodBiometric).tag(UnlockMethod.biometric)
                    }
                } label: {
                    Text(view.methodLabel)
                }
                .pickerStyle(.segmented)
                .accessibilityLabel(view.methodLabel)
                if let note = view.biometricNote {
                    Text(note).font(.footnote).foregroundStyle(.secondary)
                }
            } header: {
                Text(view.methodLabel)
            }
            if view.method == .pin {
                Section {
                    PinField(label: view.pinLabel, length: view.pinLength, text: $pin)
                    PinField(label: view.pinConfirmLabel, length: view.pinLength, text: $confirm)
                    if let error = view.pinError {
                        ProblemText(error)
                    }
                }
            }
            Section {
                if let error = view.error {
                    ProblemText(error)
                }
                Button { finish() } label: {
                    HStack {
                        Text(view.finishLabel)
                        if view.busy {
                            Spacer()
                            ProgressView()
                        }
                    }
                }
                .disabled(view.busy)
            }
        }
    }

    private func finish() {
        send(.setup(event: .finish(pin: pin, confirm: confirm)))
        pin = ""
        confirm = ""
    }
}

/// A PIN field: digits, hidden, no longer than the PIN.
struct PinField: View {
    let label: String
    let length: UInt32
    @Binding var text: String

    var body: some View {
        SecureField(text: Binding(get: { text }, set: { text = String($0.prefix(Int(length))) })) {
            Text(label)
        }
        .keyboardType(.numberPad)
        .accessibilityLabel(label)
    }
}
