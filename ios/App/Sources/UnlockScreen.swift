import SwiftUI
import Vidi

/// The unlock screen: the PIN, or the biometric prompt the core asks for;
/// the wrong-PIN wait as the core words it; starting again when the
/// phone's key is gone. The PIN is cleared as soon as it is sent.
struct UnlockScreen: View {
    let view: UnlockView
    let send: @MainActor (Event) -> Void
    @State private var pin = ""

    var body: some View {
        Form {
            if let offer = view.offerWaiting {
                Section {
                    Text(offer)
                }
            }
            if let keyGone = view.keyGone {
                Section {
                    Text(keyGone)
                    if let question = view.confirmStartOver {
                        Text(question).bold()
                        Button(role: .destructive) { send(.unlock(event: .confirmStartOver)) } label: {
                            Text(view.confirmStartOverLabel)
                        }
                        .disabled(view.busy)
                        Button { send(.unlock(event: .cancelStartOver)) } label: { Text(view.cancelLabel) }
                    } else {
                        Button(role: .destructive) { send(.unlock(event: .startOver)) } label: {
                            Text(view.startOverLabel)
                        }
                        .disabled(view.busy)
                    }
                }
            } else if view.method == .pin {
                Section {
                    PinField(label: view.pinLabel, length: view.pinLength, text: $pin)
                        .font(.title2)
                    Button { submit() } label: { Text(view.submitLabel) }
                        .disabled(!view.canSubmit)
                }
            } else {
                Section {
                    Button { send(.unlock(event: .useBiometric)) } label: {
                        Label { Text(view.biometricLabel) } icon: { Image(systemName: "faceid") }
                    }
                    .disabled(view.busy)
                }
            }
            Section {
                if view.busy {
                    ProgressView()
                }
                if let error = view.error {
                    ProblemText(error)
                }
                if let attempts = view.attemptsLeft {
                    Text(attempts)
                }
                if let wait = view.wait {
                    Text(wait).monospacedDigit()
                }
            }
        }
    }

    private func submit() {
        send(.unlock(event: .submit(pin: pin)))
        pin = ""
    }
}
