import SwiftUI
import Vidi

/// Backup and restore: the passphrase (twice for a backup), then the core
/// asks for the file; what a restore did, and the documents to re-bind.
/// The passphrases are cleared once sent.
struct BackupScreen: View {
    let view: BackupView
    let send: @MainActor (Event) -> Void
    @State private var passphrase = ""
    @State private var confirm = ""

    var body: some View {
        Form {
            Section {
                Text(view.intro)
            }
            Section {
                SecureField(text: $passphrase) { Text(view.passphraseLabel) }
                    .accessibilityLabel(view.passphraseLabel)
                SecureField(text: $confirm) { Text(view.passphraseConfirmLabel) }
                    .accessibilityLabel(view.passphraseConfirmLabel)
                Button {
                    send(.backup(event: .backup(passphrase: passphrase, confirm: confirm)))
                    clear()
                } label: {
                    Text(view.createLabel)
                }
                .disabled(view.busy)
                Button {
                    send(.backup(event: .restore(passphrase: passphrase)))
                    clear()
                } label: {
                    Text(view.restoreLabel)
                }
                .disabled(view.busy)
            }
            if view.busy || view.error != nil || view.lastBackup != nil {
                Section {
                    if let busy = view.busyText {
                        HStack {
                            ProgressView()
                            Text(busy)
                        }
                    }
                    if let error = view.error {
                        ProblemText(error)
                    }
                    if let saved = view.lastBackup {
                        Text(saved)
                    }
                }
            }
            if let report = view.restoreReport {
                Section {
                    ForEach(Array(report.enumerated()), id: \.offset) { _, line in
                        Text(line)
                    }
                }
            }
            if !view.needsRebinding.isEmpty {
                Section {
                    ForEach(view.needsRebinding, id: \.id) { item in
                        VStack(alignment: .leading) {
                            Text(item.name)
                            Text(item.holder).font(.caption).foregroundStyle(.secondary)
                        }
                        .accessibilityElement(children: .combine)
                    }
                    Text(view.needsRebindingHint).font(.footnote)
                    Button { send(.backup(event: .rebind)) } label: { Text(view.rebindLabel) }
                        .disabled(view.busy)
                } header: {
                    Text(view.needsRebindingTitle)
                }
            }
        }
    }

    private func clear() {
        passphrase = ""
        confirm = ""
    }
}
