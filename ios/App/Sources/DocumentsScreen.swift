import SwiftUI
import Vidi

/// The citizen's documents: a row per document with its badge, the age of
/// the badges, and "Update status" (also pull to refresh); the documents
/// that cannot be read are named, with a way to delete them.
struct DocumentsScreen: View {
    let view: DocumentsView
    /// When the wallet locks by itself, in words.
    let autoLock: String?
    let send: @MainActor (Event) -> Void

    var body: some View {
        List {
            Section {
                if view.loading && view.items.isEmpty {
                    ProgressView()
                }
                if let error = view.error {
                    ProblemText(error)
                }
                if let empty = view.empty {
                    Text(empty).foregroundStyle(.secondary)
                }
                ForEach(view.items, id: \.id) { item in
                    Button { send(.documents(event: .open(id: item.id))) } label: {
                        DocumentRow(item: item)
                    }
                    .accessibilityElement(children: .ignore)
                    .accessibilityLabel(item.accessibilityLabel)
                    .accessibilityAddTraits(.isButton)
                }
            }
            if let damaged = view.damaged {
                // The documents that cannot be read, deleted after a confirmation.
                Section {
                    ProblemText(damaged.text)
                    if let question = damaged.deleteQuestion {
                        Text(question).bold()
                        Button(role: .destructive) { send(.documents(event: .deleteDamaged)) } label: {
                            Text(damaged.confirmDeleteLabel)
                        }
                        .disabled(damaged.deleting)
                        Button { send(.documents(event: .cancelDeleteDamaged)) } label: { Text(damaged.cancelLabel) }
                    } else {
                        Button(role: .destructive) { send(.documents(event: .askDeleteDamaged)) } label: { Text(damaged.deleteLabel) }
                            .disabled(damaged.deleting)
                    }
                }
            }
            Section {
                if let age = view.statusAge {
                    Text(age).font(.footnote).foregroundStyle(.secondary)
                }
                if let error = view.statusError {
                    ProblemText(error)
                }
                Button { send(.documents(event: .updateStatus)) } label: {
                    HStack {
                        Text(view.updateStatusLabel)
                        if view.statusUpdating {
                            Spacer()
                            ProgressView()
                        }
                    }
                }
                .disabled(!view.canUpdateStatus)
                if let signIn = view.signInLabel {
                    Button { send(.open(route: .present(link: nil))) } label: { Text(signIn).bold() }
                }
            } footer: {
                if let autoLock {
                    Text(autoLock)
                }
            }
        }
        .refreshable { await send(.documents(event: .updateStatus)) }
    }
}

/// One document: its card's colour, its name, holder, number and validity,
/// and the status badge.
struct DocumentRow: View {
    let item: DocumentItem

    var body: some View {
        HStack(alignment: .top, spacing: 12) {
            RoundedRectangle(cornerRadius: 6)
                .fill(CardColors.of(item.theme).dark)
                .overlay(RoundedRectangle(cornerRadius: 6).stroke(CardColors.of(item.theme).accent, lineWidth: 1))
                .frame(width: 44, height: 30)
            VStack(alignment: .leading, spacing: 2) {
                Text(item.typeName).font(.headline)
                Text(item.holder)
                if let number = item.number {
                    Text(number).font(.callout.monospaced())
                }
                Text(item.validity).font(.caption).foregroundStyle(item.expired ? Color.red : Color.secondary)
            }
            Spacer()
            Badge(text: item.badgeText, tone: item.tone)
        }
        .foregroundStyle(.primary)
        .opacity(item.pending ? 0.6 : 1)
    }
}

/// A status badge in its tone's colour.
struct Badge: View {
    let text: String
    let tone: Tone

    var body: some View {
        Text(text)
            .font(.caption.bold())
            .padding(.horizontal, 8)
            .padding(.vertical, 4)
            .background(Capsule().fill(tone.color.opacity(0.15)))
            .foregroundStyle(tone.color)
    }
}

extension Tone {
    /// The colour family the core chose.
    var color: Color {
        switch self {
        case .good: return .green
        case .caution: return .orange
        case .bad: return .red
        case .neutral: return .secondary
        }
    }
}
