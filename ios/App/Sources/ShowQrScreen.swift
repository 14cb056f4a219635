import SwiftUI
import Vidi

/// Show QR: the code the core made, large (the core asks for full
/// brightness while it runs), the countdown ring and caption, and what the
/// code discloses: a checkpoint's preset, or details picked one by one.
struct ShowQrScreen: View {
    let view: ShowQrView
    let send: @MainActor (Event) -> Void

    var body: some View {
        List {
            Section {
                VStack(spacing: 12) {
                    if let qr = view.qr {
                        QrCodeView(matrix: qr, accessibilityLabel: view.accessibilityLabel)
                            .opacity(view.expired ? 0.2 : 1)
                    } else if view.running {
                        ProgressView()
                    }
                    HStack(spacing: 12) {
                        if view.qr != nil && !view.expired {
                            CountdownRing(fraction: Double(view.fraction))
                        }
                        Text(view.caption).font(.callout)
                    }
                    if let error = view.error {
                        ProblemText(error)
                    }
                }
                .frame(maxWidth: .infinity)
            }
            if !view.choices.isEmpty {
                Section {
                    ForEach(view.choices, id: \.preset) { choice in
                        Button { send(.showQr(event: .choosePreset(name: choice.preset))) } label: {
                            HStack {
                                VStack(alignment: .leading, spacing: 2) {
                                    Text(choice.name)
                                    ForEach(Array(choice.claims.enumerated()), id: \.offset) { _, claim in
                                        Text(claim).font(.caption).foregroundStyle(.secondary)
                                    }
                                }
                                Spacer()
                                if choice.selected {
                                    Image(systemName: "checkmark").accessibilityHidden(true)
                                }
                            }
                        }
                        .accessibilityAddTraits(choice.selected ? .isSelected : [])
                    }
                }
            }
            if !view.claims.isEmpty {
                Section {
                    ForEach(view.claims, id: \.claim) { claim in
                        Toggle(isOn: Binding(
                            get: { claim.selected },
                            set: { _ in send(.showQr(event: .toggleClaim(name: claim.claim))) })
                        ) {
                            Text(claim.label)
                        }
                    }
                } header: {
                    Text(view.chooseClaimsLabel)
                }
            }
        }
    }
}

/// The countdown to the next code as a ring that empties; the caption
/// beside it says the same in words.
struct CountdownRing: View {
    /// What is left, from 1 (a fresh code) to 0 (the next one is due).
    let fraction: Double

    var body: some View {
        ZStack {
            Circle().stroke(Color.secondary.opacity(0.25), lineWidth: 6)
            Circle()
                .trim(from: 0, to: max(0, min(1, fraction)))
                .stroke(Color.accentColor, style: StrokeStyle(lineWidth: 6, lineCap: .round))
                .rotationEffect(.degrees(-90))
                .animation(.linear(duration: 1), value: fraction)
        }
        .frame(width: 32, height: 32)
        .accessibilityHidden(true)
    }
}
