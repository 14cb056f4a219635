import SwiftUI
import VidiUI

/// The document list; a row opens the Show QR screen.
struct DocumentsView: View {
    @StateObject var model: DocumentsModel
    @ObservedObject var app: AppModel

    var body: some View {
        let language = app.state.language
        NavigationStack {
            List(model.state.items) { item in
                Button { app.navigate(.showQr(id: item.id)) } label: {
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
            .navigationTitle(Str.documentsTitle.text(language))
            .toolbar {
                Button { app.switchMode() } label: { Image(systemName: "qrcode.viewfinder") }
                    .accessibilityLabel(Str.verifierTitle.text(language))
            }
            .task { await model.refresh() }
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
