import SwiftUI
import Vidi

/// Signing in to an online service: the service's QR is scanned (the
/// camera above, while the core asks for it), pasted, or came as an
/// `openid4vp://` link; then the steps, the consent (who asks, who
/// registered it, why, what by document, the time left) with Share and
/// Decline, and what was answered or why not.
struct PresentScreen: View {
    let view: PresentView
    let send: @MainActor (Event) -> Void

    var body: some View {
        Form {
            if view.scanning {
                Section {
                    Text(view.scanLabel)
                    // The system's paste button, as on the offer screen: the
                    // pasteboard is read only when the user taps it.
                    let send = self.send
                    HStack {
                        Text(view.pasteLabel)
                        Spacer()
                        PasteButton(payloadType: String.self) { pasted in
                            let text = pasted.first ?? ""
                            Task { @MainActor in
                                send(.present(event: .paste(text: text)))
                            }
                        }
                        .labelStyle(.iconOnly)
                    }
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
                    }
                    if view.canCancel {
                        Button(role: .cancel) { send(.present(event: .cancel)) } label: { Text(view.cancelLabel) }
                    }
                }
            }
            if let consent = view.consent {
                Section {
                    Text(consent.heading).font(.title3).bold()
                        .accessibilityAddTraits(.isHeader)
                    Text(consent.registeredBy).foregroundStyle(.secondary)
                }
                Section(consent.purposeLabel) {
                    Text(consent.purpose)
                }
                Section(consent.whatLabel) {
                    SharedDocuments(documents: consent.documents)
                    Text(consent.expires).font(.footnote).foregroundStyle(.secondary)
                }
                Section {
                    Button { send(.present(event: .share)) } label: { Text(view.shareLabel).bold() }
                        .disabled(!view.canAnswer)
                    Button(role: .destructive) { send(.present(event: .decline)) } label: { Text(view.declineLabel) }
                        .disabled(!view.canAnswer)
                }
            }
            if let result = view.result {
                Section {
                    Text(result.text).bold()
                        .accessibilityAddTraits(.isHeader)
                    SharedDocuments(documents: result.documents)
                }
            }
            if let error = view.error {
                Section {
                    ProblemText(error)
                }
            }
            Section {
                if view.canScanAgain {
                    Button { send(.present(event: .scanAgain)) } label: { Text(view.scanAgainLabel) }
                }
                if view.canClose {
                    Button { send(.present(event: .close)) } label: { Text(view.closeLabel) }
                }
            }
        }
    }
}

/// Each document's name, then its claims, one a line.
private struct SharedDocuments: View {
    let documents: [SharedDocument]

    var body: some View {
        ForEach(Array(documents.enumerated()), id: \.offset) { _, document in
            VStack(alignment: .leading, spacing: 4) {
                Text(document.document).bold()
                ForEach(Array(document.claims.enumerated()), id: \.offset) { _, claim in
                    HStack {
                        Image(systemName: "checkmark").foregroundStyle(.secondary).accessibilityHidden(true)
                        Text(claim)
                    }
                }
            }
            .accessibilityElement(children: .combine)
        }
    }
}
