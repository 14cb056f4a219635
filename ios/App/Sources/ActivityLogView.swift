import SwiftUI
import UIKit
import VidiUI

/// The activity log: newest first, a filter by kind, how long entries
/// are kept, and the whole log shared as text: the export, once made,
/// opens the share sheet once and the model is told (`exportShown()`),
/// as on Android.
struct ActivityLogView: View {
    @StateObject var model: ActivityLogModel
    let language: Language
    /// The export being shared, held by the view while the sheet is up.
    @State private var sharing: SharedText?

    /// The retention periods offered (nil: for ever).
    private static let retentionChoices: [Int?] = [30, 90, 365, nil]

    var body: some View {
        let state = model.state
        List {
            Section {
                Picker(selection: Binding(get: { model.state.filter }, set: { event in Task { await model.setFilter(event) } })) {
                    ForEach(state.filters) { Text($0.label).tag($0.event) }
                } label: {
                    Image(systemName: "line.3.horizontal.decrease.circle")
                }
                Menu {
                    ForEach(ActivityLogView.retentionChoices, id: \.self) { days in
                        Button { Task { await model.setRetention(days) } } label: { Text(retentionName(days)) }
                    }
                } label: {
                    Label { Text(state.retention) } icon: { Image(systemName: "clock.arrow.circlepath") }
                }
            }
            if let error = state.error {
                Text(error).foregroundStyle(.red)
            }
            ForEach(state.entries) { entry in
                VStack(alignment: .leading, spacing: 4) {
                    Text(entry.text).font(.body.bold())
                    Text(entry.time).font(.caption).foregroundStyle(.secondary)
                    if let claims = entry.claims { Text(claims).font(.callout) }
                    if let audience = entry.audience { Text(audience).font(.callout) }
                    if let locked = entry.whileLocked { Text(locked).font(.caption).foregroundStyle(.orange) }
                }
                .accessibilityElement(children: .combine)
            }
        }
        .overlay { if state.empty { Text(Str.logEmpty.text(language)) } }
        .overlay { if state.loading { ProgressView() } }
        .navigationTitle(Str.logTitle.text(language))
        .toolbar {
            Button { Task { await model.exportLog() } } label: {
                Label { Text(Str.iosuiLogExport.text(language)) } icon: { Image(systemName: "square.and.arrow.up") }
            }
        }
        .onChange(of: state.export) { export in
            guard let export else { return }
            sharing = SharedText(text: export)
            model.exportShown()
        }
        .sheet(item: $sharing) { ShareSheet(text: $0.text) }
        .onChange(of: language) { model.setLanguage($0) }
        .task { await model.load() }
    }

    private func retentionName(_ days: Int?) -> String {
        days.map { Str.logRetentionDays.text(language, $0) } ?? Str.logRetentionForever.text(language)
    }
}

/// A text handed to the share sheet (`Identifiable` for `.sheet(item:)`).
private struct SharedText: Identifiable {
    let id = UUID()
    let text: String
}

/// The system's share sheet for a text.
private struct ShareSheet: UIViewControllerRepresentable {
    let text: String

    func makeUIViewController(context: Context) -> UIActivityViewController {
        UIActivityViewController(activityItems: [text], applicationActivities: nil)
    }

    func updateUIViewController(_ controller: UIActivityViewController, context: Context) {}
}
