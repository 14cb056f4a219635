import SwiftUI
import Vidi

/// The checkpoint's verifier: the camera above (while the core asks for
/// it), the verdict large and plain until tapped, the cached lists and
/// their sync.
struct VerifierScreen: View {
    let view: VerifierView
    let send: @MainActor (Event) -> Void
    @State private var serverUrl: String

    init(view: VerifierView, send: @escaping @MainActor (Event) -> Void) {
        self.view = view
        self.send = send
        _serverUrl = State(initialValue: view.serverUrl)
    }

    var body: some View {
        Form {
            if let verdict = view.verdict {
                Section {
                    Button { send(.verifier(event: .dismiss)) } label: {
                        VerdictCard(verdict: verdict, scanNext: view.scanNextLabel)
                    }
                    .buttonStyle(.plain)
                }
            } else if view.scanning {
                Section {
                    Text(view.scanHint)
                }
            }
            if view.notReady != nil || view.error != nil {
                Section {
                    if let notReady = view.notReady {
                        Text(notReady)
                    }
                    if let error = view.error {
                        ProblemText(error)
                    }
                }
            }
            Section {
                ForEach(Array(view.lists.enumerated()), id: \.offset) { _, list in
                    VStack(alignment: .leading, spacing: 2) {
                        Text(list.name)
                        Text(list.age).font(.caption).foregroundStyle(list.stale ? Color.red : Color.secondary)
                        if let warning = list.warning {
                            Text(warning).font(.caption).foregroundStyle(.red)
                        }
                    }
                    .accessibilityElement(children: .combine)
                }
                if let stale = view.staleWarning {
                    ProblemText(stale)
                }
                if let lastSync = view.lastSync {
                    Text(lastSync).font(.footnote).foregroundStyle(.secondary)
                }
            } header: {
                Text(view.listsLabel)
            }
            Section {
                TextField(text: $serverUrl) { Text(view.serverUrlLabel) }
                    .keyboardType(.URL)
                    .textInputAutocapitalization(.never)
                    .autocorrectionDisabled()
                    .accessibilityLabel(view.serverUrlLabel)
                    .onChange(of: serverUrl) { send(.verifier(event: .setServerUrl(url: $0))) }
                Button { send(.verifier(event: .sync)) } label: {
                    HStack {
                        Text(view.syncLabel)
                        if view.syncing {
                            Spacer()
                            ProgressView()
                        }
                    }
                }
                .disabled(!view.canSync)
                if let error = view.syncError {
                    ProblemText(error)
                }
            } header: {
                Text(view.serverUrlLabel)
            }
        }
    }
}

/// The verdict: the headline on green or red, the document, the details
/// disclosed or the reason it was refused; tapping it scans the next code.
struct VerdictCard: View {
    let verdict: VerdictView
    let scanNext: String

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            Text(verdict.headline).font(.largeTitle.bold())
            Text(verdict.documentName).font(.title3)
            if let issuer = verdict.issuer {
                Text(issuer)
            }
            if let reason = verdict.reason {
                Text(reason).font(.title3)
            }
            ForEach(Array(verdict.fields.enumerated()), id: \.offset) { _, field in
                VStack(alignment: .leading) {
                    Text(field.label).font(.caption)
                    Text(field.value).font(.title3.bold())
                }
                .accessibilityElement(children: .combine)
            }
            if let hidden = verdict.hidden {
                Text(hidden).font(.caption)
            }
            Text(verdict.checkedAt).font(.caption)
            Text(scanNext).font(.headline).padding(.top, 8)
        }
        .frame(maxWidth: .infinity, alignment: .leading)
        .padding()
        .background(verdict.tone.color.opacity(0.25))
        .overlay(RoundedRectangle(cornerRadius: 12).stroke(verdict.tone.color, lineWidth: 3))
        .clipShape(RoundedRectangle(cornerRadius: 12))
    }
}
