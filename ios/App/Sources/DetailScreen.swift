import SwiftUI
import Vidi

/// One document, drawn like the card people know (the core's layout in
/// the colours of its theme), its status, Show QR, re-binding and delete.
struct DetailScreen: View {
    let view: DetailView
    let send: @MainActor (Event) -> Void

    var body: some View {
        List {
            Section {
                if let card = view.card {
                    CardFace(card: card, front: true)
                    if !card.back.isEmpty {
                        Text(view.backLabel).font(.caption).foregroundStyle(.secondary)
                        CardFace(card: card, front: false)
                    }
                } else if view.loading {
                    ProgressView()
                }
            }
            .listRowBackground(Color.clear)
            Section {
                HStack {
                    VStack(alignment: .leading, spacing: 2) {
                        Text(view.holder).font(.headline)
                        Text(view.validity).font(.subheadline)
                    }
                    Spacer()
                    if view.badge != nil {
                        Badge(text: view.badgeText, tone: view.tone)
                    }
                }
                .accessibilityElement(children: .combine)
                VStack(alignment: .leading, spacing: 4) {
                    Text(view.issuer)
                    Text(view.received)
                    Text(view.statusChecked)
                }
                .font(.footnote)
                .foregroundStyle(.secondary)
            }
            if view.needsRebinding {
                Section {
                    if let note = view.rebindingNote {
                        Text(note).foregroundStyle(.orange)
                    }
                    Button { send(.detail(event: .rebind)) } label: { Text(view.rebindLabel) }
                }
            }
            if let error = view.error {
                Section {
                    ProblemText(error)
                }
            }
            Section {
                Button { send(.detail(event: .showQr)) } label: {
                    Label { Text(view.showQrLabel) } icon: { Image(systemName: "qrcode") }
                }
                .disabled(!view.canShowQr)
                if let question = view.deleteQuestion {
                    Text(question).bold()
                    Button(role: .destructive) { send(.detail(event: .delete)) } label: {
                        Text(view.confirmDeleteLabel)
                    }
                    .disabled(view.deleting)
                    Button { send(.detail(event: .cancelDelete)) } label: { Text(view.cancelLabel) }
                } else {
                    Button(role: .destructive) { send(.detail(event: .askDelete)) } label: { Text(view.deleteLabel) }
                        .disabled(view.deleting)
                }
            }
        }
    }
}

/// One side of a card: on the front the header lines, the title, the
/// number, the portrait's slot and the front's lines; on the back its lines.
struct CardFace: View {
    let card: CardView
    let front: Bool

    var body: some View {
        let colors = CardColors.of(card.theme)
        VStack(alignment: .leading, spacing: 8) {
            if front {
                VStack(spacing: 2) {
                    ForEach(Array(card.headerVi.enumerated()), id: \.offset) { i, line in
                        Text(line).font(.caption2.bold())
                        if i < card.headerEn.count && card.headerEn[i] != line {
                            Text(card.headerEn[i]).font(.caption2)
                        }
                    }
                }
                .frame(maxWidth: .infinity)
                Text(card.titleVi).font(.headline).frame(maxWidth: .infinity)
                if card.titleEn != card.titleVi {
                    Text(card.titleEn).font(.subheadline).frame(maxWidth: .infinity)
                }
                CardField(line: card.number, emphasis: true)
                HStack(alignment: .top, spacing: 12) {
                    if card.portrait != nil {
                        Image(systemName: "person.crop.rectangle")
                            .resizable()
                            .scaledToFit()
                            .frame(width: 72)
                            .foregroundStyle(colors.accent.opacity(0.6))
                            .accessibilityLabel(card.portraitLabel ?? card.title)
                    }
                    VStack(alignment: .leading, spacing: 6) {
                        ForEach(card.front, id: \.claim) { CardField(line: $0, emphasis: false) }
                    }
                }
            } else {
                ForEach(card.back, id: \.claim) { CardField(line: $0, emphasis: false) }
            }
        }
        .padding()
        .frame(maxWidth: .infinity, alignment: .leading)
        .background(
            RoundedRectangle(cornerRadius: 16)
                .fill(LinearGradient(
                    colors: [colors.light, colors.dark], startPoint: .topLeading, endPoint: .bottomTrailing))
        )
        .overlay(RoundedRectangle(cornerRadius: 16).stroke(colors.accent, lineWidth: 1))
        .foregroundStyle(colors.ink)
    }
}

/// A printed line: both labels small, as the card prints them, the value
/// under them; a screen reader hears the label in the user's language.
struct CardField: View {
    let line: CardLine
    let emphasis: Bool

    var body: some View {
        VStack(alignment: .leading, spacing: 1) {
            HStack(spacing: 4) {
                Text(line.labelVi)
                if line.labelEn != line.labelVi {
                    Rectangle().frame(width: 1, height: 9).opacity(0.5)
                    Text(line.labelEn)
                }
            }
            .font(.caption2)
            .accessibilityElement(children: .ignore)
            .accessibilityLabel(line.label)
            Text(line.value)
                .font(emphasis ? .title3.monospaced().bold() : .body.bold())
        }
        .accessibilityElement(children: .combine)
    }
}

/// The colours of a card, close to the printed ones: the identity card's
/// light blue, the licence's pink-beige, the insurance card's white and blue.
struct CardColors {
    let light: Color
    let dark: Color
    let accent: Color
    let ink: Color

    static func of(_ theme: CardStyle) -> CardColors {
        switch theme {
        case .nationalId:
            return CardColors(
                light: Color(red: 0.88, green: 0.94, blue: 0.99), dark: Color(red: 0.70, green: 0.83, blue: 0.95),
                accent: Color(red: 0.80, green: 0.10, blue: 0.10), ink: Color(red: 0.05, green: 0.10, blue: 0.30))
        case .drivingLicence:
            return CardColors(
                light: Color(red: 0.99, green: 0.93, blue: 0.90), dark: Color(red: 0.93, green: 0.78, blue: 0.76),
                accent: Color(red: 0.75, green: 0.15, blue: 0.20), ink: Color(red: 0.20, green: 0.05, blue: 0.05))
        case .healthInsurance:
            return CardColors(
                light: Color(red: 0.98, green: 0.99, blue: 1.00), dark: Color(red: 0.80, green: 0.90, blue: 0.98),
                accent: Color(red: 0.05, green: 0.35, blue: 0.70), ink: Color(red: 0.02, green: 0.15, blue: 0.35))
        }
    }
}
