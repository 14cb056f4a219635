import SwiftUI
import VidiUI

/// The document list; a row opens the document's card. The toolbar adds
/// documents, opens the activity log and backup, switches to checking
/// mode and locks the wallet.
struct DocumentsView: View {
    @StateObject var model: DocumentsModel
    @ObservedObject var app: AppModel

    var body: some View {
        let language = app.state.language
        List(model.state.items) { item in
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
        .overlay { if model.state.empty { Text(Str.documentsEmpty.text(language)) } }
        .overlay { if model.state.loading { ProgressView() } }
        .refreshable { await model.refresh() }
        .navigationTitle(Str.documentsTitle.text(language))
        .toolbar {
            ToolbarItem(placement: .navigationBarLeading) {
                Button { app.switchMode() } label: { Image(systemName: "qrcode.viewfinder") }
                    .accessibilityLabel(Str.appSwitchToVerifier.text(language))
            }
            ToolbarItem(placement: .navigationBarTrailing) {
                Menu {
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
        .onChange(of: language) { model.setLanguage($0) }
        .task { await model.refresh() }
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
