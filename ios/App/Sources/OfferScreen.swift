import SwiftUI
import UIKit
import Vidi

/// Accepting documents: the offer is scanned (the camera above, while the
/// core asks for it), pasted, or came as a link; then the issuer's PIN,
/// the issuance's steps, and what was added. The PIN is cleared once sent.
struct OfferScreen: View {
    let view: OfferView
    let send: @MainActor (Event) -> Void
    @State private var pin = ""

    var body: some View {
        Form {
            if let rebinding = view.rebinding {
                Section {
                    Text(rebinding)
                }
            }
            if view.scanning {
                Section {
                    Text(view.scanLabel)
                    Button {
                        send(.offer(event: .paste(text: UIPasteboard.general.string ?? "")))
                    } label: {
                        Label { Text(view.pasteLabel) } icon: { Image(systemName: "doc.on.clipboard") }
                    }
                }
            }
            if !view.link.isEmpty || view.linkError != nil {
                Section {
                    if !view.link.isEmpty {
                        Text(view.link).font(.footnote).foregroundStyle(.secondary).lineLimit(3)
                    }
                    if let error = view.linkError {
                        ProblemText(error)
                    }
                }
            }
            if let offer = view.offer {
                Section {
                    if let issuer = offer.issuer {
                        Text(issuer)
                    }
                    ForEach(Array(offer.documents.enumerated()), id: \.offset) { _, document in
                        Text(document).bold()
                    }
                    if let byReference = offer.byReference {
                        Text(byReference)
                    }
                    if offer.needsPin {
                        SecureField(text: $pin) { Text(view.pinLabel) }
                            .keyboardType(.numberPad)
                            .accessibilityLabel(view.pinLabel)
                    }
                    Button { submit() } label: { Text(view.acceptLabel) }
                        .disabled(!view.canSubmit)
                }
            }
            if !view.steps.isEmpty {
                Section {
                    ForEach(Array(view.steps.enumerated()), id: \.offset) { _, step in
                        HStack {
                            Image(systemName: step.done ? "checkmark.circle.fill" : "circle.dotted")
                                .foregroundStyle(step.done ? Color.green : Color.secondary)
                            Text(step.text)
                        }
                        .accessibilityElement(children: .ignore)
                        .accessibilityLabel(step.accessibilityLabel)
                    }
                    if view.busy {
                        ProgressView()
                        Button(role: .cancel) { send(.offer(event: .cancel)) } label: { Text(view.cancelLabel) }
                            .disabled(!view.canCancel)
                    }
                }
            }
            if let result = view.result {
                Section {
                    ForEach(Array(result.enumerated()), id: \.offset) { _, line in
                        Text(line)
                    }
                }
            }
            if let error = view.error {
                Section {
                    ProblemText(error)
                }
            }
            Section {
                if view.canScanAgain {
                    Button { send(.offer(event: .scanAgain)) } label: { Text(view.scanAgainLabel) }
                }
                Button { send(.offer(event: .close)) } label: { Text(view.closeLabel) }
            }
        }
    }

    private func submit() {
        send(.offer(event: .submit(pin: pin)))
        pin = ""
    }
}
