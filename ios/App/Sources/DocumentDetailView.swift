import SwiftUI
import Vidi
import VidiUI

/// One document, drawn like the card people know: the core's
/// `CardLayout` (header, title, number, front and back fields with the
/// card's own bilingual labels) in the colours of its `CardTheme`.
struct DocumentDetailView: View {
    @StateObject var model: DocumentDetailModel
    let language: Language
    let showQr: () -> Void
    let rebind: () -> Void
    let back: () -> Void

    var body: some View {
        let state = model.state
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                if let card = state.card {
                    CardFaceView(card: card, side: .front)
                    if !card.back.isEmpty {
                        Text(Str.detailBack.text(language)).font(.caption).foregroundStyle(.secondary)
                        CardFaceView(card: card, side: .back)
                    }
                }
                HStack {
                    Text(state.validity).font(.subheadline)
                    Spacer()
                    Text(state.badge).font(.subheadline.bold()).foregroundStyle(state.tone.color)
                }
                if let note = state.rebindingNote {
                    Text(note).foregroundStyle(.orange)
                    Button(action: rebind) { Text(Str.backupRebindAction.text(language)) }
                }
                VStack(alignment: .leading, spacing: 4) {
                    Text(state.issuer)
                    Text(state.received)
                    Text(state.statusChecked)
                }
                .font(.footnote).foregroundStyle(.secondary)
                if let error = state.error { Text(error).foregroundStyle(.red) }
                Button(action: showQr) {
                    Label { Text(Str.detailShowQr.text(language)) } icon: { Image(systemName: "qrcode") }
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent).controlSize(.large)
                .disabled(!state.canShowQr)
                Button(role: .destructive) { model.askDelete() } label: { Text(Str.detailDelete.text(language)) }
            }
            .padding()
        }
        .navigationTitle(state.typeName)
        .confirmationDialog(
            state.deleteQuestion ?? "",
            isPresented: Binding(get: { model.state.confirmDelete }, set: { if !$0 { model.cancelDelete() } }),
            titleVisibility: .visible
        ) {
            Button(role: .destructive) { Task { await model.delete() } } label: { Text(Str.detailDelete.text(language)) }
            Button(role: .cancel) { model.cancelDelete() } label: { Text(Str.commonCancel.text(language)) }
        }
        .onChange(of: state.deleted) { if $0 { back() } }
        .onChange(of: language) { model.setLanguage($0) }
        .task { await model.load() }
    }
}

/// One side of a card: on the front the header lines, the title, the
/// number, a photo slot and the front fields; on the back the back fields.
struct CardFaceView: View {
    enum Side { case front, back }

    let card: CardView
    let side: Side

    var body: some View {
        let colors = CardColors.of(card.theme)
        VStack(alignment: .leading, spacing: 8) {
            if side == .front {
                VStack(spacing: 2) {
                    ForEach(Array(card.headerVi.enumerated()), id: \.offset) { i, line in
                        Text(line).font(.caption2.bold())
                        if i < card.headerEn.count { Text(card.headerEn[i]).font(.caption2) }
                    }
                }
                .frame(maxWidth: .infinity)
                Text(card.titleVi).font(.headline).frame(maxWidth: .infinity)
                Text(card.titleEn).font(.subheadline).frame(maxWidth: .infinity)
                CardFieldView(line: card.number, emphasis: true)
                HStack(alignment: .top, spacing: 12) {
                    if card.portrait != nil {
                        Image(systemName: "person.crop.rectangle")
                            .resizable().scaledToFit().frame(width: 72)
                            .foregroundStyle(colors.accent.opacity(0.6))
                            .accessibilityHidden(true)
                    }
                    VStack(alignment: .leading, spacing: 6) {
                        ForEach(card.front) { CardFieldView(line: $0, emphasis: false) }
                    }
                }
            } else {
                ForEach(card.back) { CardFieldView(line: $0, emphasis: false) }
            }
        }
        .padding()
        .frame(maxWidth: .infinity, alignment: .leading)
        .background(
            RoundedRectangle(cornerRadius: 16)
                .fill(LinearGradient(colors: [colors.light, colors.dark], startPoint: .topLeading, endPoint: .bottomTrailing))
        )
        .overlay(RoundedRectangle(cornerRadius: 16).stroke(colors.accent, lineWidth: 1))
        .foregroundStyle(colors.ink)
        .accessibilityElement(children: .combine)
    }
}

/// A printed field: both labels small ("Họ, chữ đệm và tên / Full name"), the value under them.
struct CardFieldView: View {
    let line: CardLine
    let emphasis: Bool

    var body: some View {
        VStack(alignment: .leading, spacing: 1) {
            Text(verbatim: line.labelVi == line.labelEn ? line.labelVi : "\(line.labelVi) / \(line.labelEn)")
                .font(.caption2)
                .accessibilityLabel(Text(line.label))
            Text(line.value)
                .font(emphasis ? .title3.monospaced().bold() : .body.bold())
        }
    }
}

/// The colours of a card, close to the printed ones: the identity card's
/// light blue, the licence's pink-beige, the insurance card's white and blue.
struct CardColors {
    let light: Color
    let dark: Color
    let accent: Color
    let ink: Color

    static func of(_ theme: CardTheme) -> CardColors {
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
