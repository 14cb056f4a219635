import SwiftUI
import VidiUI

/// The document list; a row opens the document's card. Above the rows,
/// how old the badges are and why they could not be updated; pulling down
/// (or the menu's "Update status") syncs the status lists and applies them.
/// The toolbar adds documents, opens the activity log and backup, switches
/// to checking mode and locks the wallet.
struct DocumentsView: View {
    @StateObject var model: DocumentsModel
    @ObservedObject var app: AppModel

    var body: some View {
        let language = app.state.language
        List {
            if model.state.statusAge != nil || model.state.statusError != nil {
                Section {
                    if let age = model.state.statusAge { Text(age).font(.footnote) }
                    if let error = model.state.statusError { Text(error).font(.footnote).foregroundStyle(.red) }
                }
            }
            ForEach(model.state.items) { item in
                row(item)
            }
        }
        .overlay { if model.state.empty { Text(Str.documentsEmpty.text(language)) } }
        .overlay { if model.state.loading || model.state.statusUpdating { ProgressView() } }
        .refreshable {
            if model.state.canUpdateStatus { await model.updateStatus() } else { await model.refresh() }
        }
        .navigationTitle(Str.documentsTitle.text(language))
        .toolbar { toolbar(language) }
        .onChange(of: language) { model.setLanguage($0) }
        .task { await model.refresh() }
    }

    /// A document's row: type, holder, number, validity and badge.
    private func row(_ item: DocumentItem) -> some View {
        Button { app.navigate(.documentDetail(id: item.id)) } label: {
            VStack(alignment: .leading, spacing: 4) {
                Text(item.typeName).font(.headline)
                Text(item.holder)
                if let number = item.number { Text(number).font(.body.monospaced()) }
                HStack {
                    Text(item.validity).font(.caption)
                    Spacer()
                    Text(item.badge).font(.caption.bold()).foregroundStyle(item.tone.color)
                }
            }
        }
    }

    /// Mode switch on the left; the menu on the right.
    @ToolbarContentBuilder
    private func toolbar(_ language: Language) -> some ToolbarContent {
        ToolbarItem(placement: .navigationBarLeading) {
            Button { app.switchMode() } label: { Image(systemName: "qrcode.viewfinder") }
                .accessibilityLabel(Str.appSwitchToVerifier.text(language))
        }
        ToolbarItem(placement: .navigationBarTrailing) {
            Menu {
                if model.state.canUpdateStatus {
                    Button { Task { await model.updateStatus() } } label: {
                        Label { Text(Str.documentsUpdateStatus.text(language)) } icon: {
                            Image(systemName: "arrow.clockwise")
                        }
                    }
                    .disabled(model.state.statusUpdating)
                }
                Button { app.navigate(.acceptOffer(link: nil)) } label: {
                    Label { Text(Str.appMenuAddDocument.text(language)) } icon: { Image(systemName: "plus") }
                }
                Button { app.navigate(.activityLog) } label: {
                    Label { Text(Str.appMenuActivity.text(language)) } icon: { Image(systemName: "list.bullet.rectangle") }
                }
                Button { app.navigate(.backup) } label: {
                    Label { Text(Str.appMenuBackup.text(language)) } icon: { Image(systemName: "externaldrive") }
                }
                Button { app.lock() } label: {
                    Label { Text(Str.appLock.text(language)) } icon: { Image(systemName: "lock") }
                }
            } label: {
                Image(systemName: "ellipsis.circle")
            }
            .accessibilityLabel(Str.iosuiMore.text(language))
        }
    }
}

extension Tone {
    /// The colour of a badge or verdict.
    var color: Color {
        switch self {
        case .good: return .green
        case .caution: return .orange
        case .bad: return .red
        case .neutral: return .secondary
        }
    }
}
