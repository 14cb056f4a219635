import SwiftUI
import VidiUI

/// The verifier: the camera, then the verdict large and plain.
struct VerifierView: View {
    @StateObject var model: VerifierModel
    let switchMode: () -> Void
    @State private var cameraDenied = false

    var body: some View {
        let state = model.state
        VStack(spacing: 12) {
            if let verdict = state.verdict {
                VStack(alignment: .leading, spacing: 8) {
                    Text(verdict.headline).font(.largeTitle.bold())
                    Text(verdict.documentName).font(.title3)
                    if let reason = verdict.reason { Text(reason).font(.title3) }
                    ForEach(verdict.fields) { field in
                        VStack(alignment: .leading) {
                            Text(field.label).font(.caption)
                            Text(field.value).font(.title3.bold())
                        }
                    }
                    if let hidden = verdict.hidden { Text(hidden).font(.caption) }
                }
                .frame(maxWidth: .infinity, alignment: .leading)
                .padding()
                .background(verdict.tone.color.opacity(0.25))
                .onTapGesture { model.dismiss() }
            } else {
                if cameraDenied {
                    Text(Str.iosuiCameraDenied.text(model.language)).foregroundStyle(.red)
                } else {
                    QrScannerView(onCode: { model.onScanned($0) }, onDenied: { cameraDenied = true })
                        .frame(maxHeight: 360)
                }
            }
            if let error = state.error { Text(error).foregroundStyle(.red) }
            ForEach(state.lists) { list in
                HStack {
                    Text(list.name)
                    Spacer()
                    Text(list.age).foregroundStyle(list.stale ? Color.red : Color.secondary)
                }
            }
            if let notReady = state.notReady { Text(notReady) }
            Button { Task { await model.sync() } } label: {
                Text(state.syncing ? Str.verifierSyncing.text(model.language) : Str.verifierSync.text(model.language))
            }
                .disabled(state.syncing)
            if let syncError = state.syncError { Text(syncError).foregroundStyle(.red) }
        }
        .padding()
        .navigationTitle(Str.verifierTitle.text(model.language))
        .toolbar {
            Button(action: switchMode) {
                Label { Text(Str.appSwitchToCitizen.text(model.language)) } icon: { Image(systemName: "wallet.pass") }
            }
        }
        .onAppear { model.load() }
    }
}
