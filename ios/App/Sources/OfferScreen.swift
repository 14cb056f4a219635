import SwiftUI
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
                    // The system's paste button: the pasteboard is read only
                    // when the user taps it, with no "allow paste" alert and
                    // no read of it in code of ours. Its own label is the
                    // system's, in the phone's language; the core's words
                    // name the row.
                    let send = self.send
                    HStack {
                        Text(view.pasteLabel)
                        Spacer()
                        PasteButton(payloadType: String.self) { pasted in
                            let text = pasted.first ?? ""
                            Task { @MainActor in
                                send(.offer(event: .paste(text: text)))
                            }
                        }
                        .labelStyle(.iconOnly)
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
