import SwiftUI
import Vidi

/// The activity log: entries in words, newest first; the kind shown, how
/// long entries are kept, and the export (the core then asks for the
/// share sheet).
struct LogScreen: View {
    let view: LogView
    let send: @MainActor (Event) -> Void

    var body: some View {
        List {
            Section {
                Menu {
                    ForEach(view.filters, id: \.self) { choice in
                        Button { send(.log(event: .setFilter(event: choice.event))) } label: {
                            ChoiceLabel(text: choice.label, selected: choice.selected)
                        }
                    }
                } label: {
                    Label {
                        Text(view.filters.first(where: \.selected)?.label ?? view.title)
                    } icon: {
                        Image(systemName: "line.3.horizontal.decrease.circle")
                    }
                }
                Menu {
                    ForEach(view.retentionChoices, id: \.self) { choice in
                        Button { send(.log(event: .setRetention(days: choice.days))) } label: {
                            ChoiceLabel(text: choice.label, selected: choice.selected)
                        }
                    }
                } label: {
                    Label { Text(view.retention) } icon: { Image(systemName: "clock.arrow.circlepath") }
                }
                Button { send(.log(event: .export)) } label: {
                    Label { Text(view.exportLabel) } icon: { Image(systemName: "square.and.arrow.up") }
                }
            }
            Section {
                if view.loading {
                    ProgressView()
                }
                if let error = view.error {
                    ProblemText(error)
                }
                if let empty = view.empty {
                    Text(empty).foregroundStyle(.secondary)
                }
                ForEach(view.entries, id: \.id) { entry in
                    VStack(alignment: .leading, spacing: 4) {
                        Text(entry.text)
                        Text(entry.time).font(.caption).foregroundStyle(.secondary)
                        if let claims = entry.claims {
                            Text(claims).font(.caption)
                        }
                        if let audience = entry.audience {
                            Text(audience).font(.caption)
                        }
                        if let whileLocked = entry.whileLocked {
                            Text(whileLocked).font(.caption).foregroundStyle(.orange)
                        }
                    }
                    .accessibilityElement(children: .combine)
                }
            }
        }
        .refreshable { await send(.log(event: .reload)) }
    }
}

/// A menu entry, ticked when it is the one applied.
struct ChoiceLabel: View {
    let text: String
    let selected: Bool

    var body: some View {
        if selected {
            Label { Text(text) } icon: { Image(systemName: "checkmark") }
        } else {
            Text(text)
        }
    }
}
