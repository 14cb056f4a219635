import SwiftUI
import UniformTypeIdentifiers
import VidiUI

/// Backup and restore. A backup is written to the app's Documents folder
/// (visible in the Files app) and can be shared from there; a restore
/// reads a file the user picks with the system's file importer. Restored
/// documents that need re-binding are listed, each leading to the offer
/// screen.
struct BackupView: View {
    @StateObject var model: BackupModel
    let language: Language
    let rebind: () -> Void
    @State private var importing = false

    var body: some View {
        let state = model.state
        Form {
            Section {
                Text(Str.backupIntro.text(language)).font(.footnote)
                SecureField(text: Binding(get: { model.state.passphrase.text }, set: model.setPassphrase)) {
                    Text(Str.backupPassphraseLabel.text(language))
                }
                SecureField(text: Binding(get: { model.state.passphraseConfirm.text }, set: model.setPassphraseConfirm)) {
                    Text(Str.backupPassphraseConfirmLabel.text(language))
                }
                if let error = state.error { Text(error).foregroundStyle(.red) }
                if state.busy { ProgressView() }
            }
            Section {
                Button { Task { await model.backup(to: BackupView.newBackupFile()) } } label: {
                    Text(Str.backupCreate.text(language))
                }
                .disabled(state.busy)
                if let saved = state.lastBackup { Text(saved).font(.footnote) }
                if let file = state.backupFile {
                    ShareLink(item: file) { Text(Str.iosuiBackupShare.text(language)) }
                }
            }
            Section {
                Button { importing = true } label: { Text(Str.backupRestore.text(language)) }
                    .disabled(state.busy)
                ForEach(state.restoreReport ?? [], id: \.self) { Text($0) }
            }
            if !state.needsRebinding.isEmpty {
                Section {
                    Text(Str.backupNeedsRebindingHint.text(language)).font(.footnote)
                    ForEach(state.needsRebinding) { item in
                        VStack(alignment: .leading) {
                            Text(item.name).font(.headline)
                            Text(item.holder)
                        }
                    }
                    Button(action: rebind) { Text(Str.backupRebindAction.text(language)) }
                } header: {
                    Text(Str.backupNeedsRebindingTitle.text(language))
                }
            }
        }
        .navigationTitle(Str.backupTitle.text(language))
        .fileImporter(isPresented: $importing, allowedContentTypes: [.data]) { result in
            guard case .success(let url) = result else { return }
            Task { await restore(url) }
        }
        .onChange(of: language) { model.setLanguage($0) }
        .task { await model.refresh() }
    }

    /// Restores from a picked file: copied into the app's temporary folder
    /// first, as a file outside the sandbox is readable only while its
    /// security scope is open.
    private func restore(_ picked: URL) async {
        let scoped = picked.startAccessingSecurityScopedResource()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        let copied = (try? FileManager.default.copyItem(at: picked, to: copy)) != nil
        if scoped { picked.stopAccessingSecurityScopedResource() }
        await model.restore(from: copied ? copy : picked)
        try? FileManager.default.removeItem(at: copy)
    }

    /// A new file in the app's Documents folder: `vidi-backup-20310514-090512.vidibackup`.
    static func newBackupFile() -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let folder = FileManager.default.urls(for: .documentDirectory, in: .userDomainMask)[0]
        return folder.appendingPathComponent("vidi-backup-\(formatter.string(from: Date())).vidibackup")
    }
}
