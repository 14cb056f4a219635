import SwiftUI
import UIKit
import VidiUI

/// Accepting an offer: its link from the camera, a deep link or the
/// clipboard; then the PIN, the issuance's steps, and what was added.
struct OfferView: View {
    @StateObject var model: OfferModel
    let language: Language
    /// The link the app was opened with, if any.
    let deepLink: String?
    let done: () -> Void
    @State private var scanning = false
    @State private var cameraDenied = false

    var body: some View {
        let state = model.state
        Form {
            if state.offer == nil || state.linkError != nil {
                Section {
                    Button { scanning.toggle() } label: {
                        Label { Text(Str.offerScan.text(language)) } icon: { Image(systemName: "qrcode.viewfinder") }
                    }
                    if scanning {
                        QrScannerView(
                            onCode: { code in
                                scanning = false
                                model.fromScan(code)
                            },
                            onDenied: {
                                scanning = false
                                cameraDenied = true
                            }
                        )
                        .frame(height: 280)
                    }
                    if cameraDenied {
                        Text(Str.iosuiCameraDenied.text(language)).foregroundStyle(.red)
                    }
                    Button { model.fromPaste(UIPasteboard.general.string ?? "") } label: {
                        Label { Text(Str.offerPaste.text(language)) } icon: { Image(systemName: "doc.on.clipboard") }
                    }
                    if let linkError = state.linkError { Text(linkError).foregroundStyle(.red) }
                }
            }
            if let offer = state.offer {
                Section {
                    if let issuer = offer.issuer {
                        Text(Str.offerIssuer.text(language, issuer))
                    } else {
                        Text(Str.offerByReference.text(language))
                    }
                    ForEach(offer.documents, id: \.self) { Text($0).font(.headline) }
                    if state.rebinding { Text(Str.offerRebindingNote.text(language)).foregroundStyle(.orange) }
                }
                if state.result == nil {
                    Section {
                        if offer.needsPin {
                            SecureField(text: Binding(get: { model.state.pin.text }, set: model.setPin)) {
                                Text(Str.offerPinLabel.text(language))
                            }
                            .keyboardType(.numberPad)
                            .disabled(state.busy)
                        }
                        if state.busy {
                            Button(role: .cancel) { model.cancel() } label: { Text(Str.commonCancel.text(language)) }
                        } else {
                            Button { model.submit() } label: { Text(Str.offerAccept.text(language)) }
                        }
                    }
                }
            }
            if !state.steps.isEmpty {
                Section {
                    ForEach(state.steps) { step in
                        HStack {
                            if step.done {
                                Image(systemName: "checkmark.circle.fill").foregroundStyle(.green)
                            } else {
                                ProgressView()
                            }
                            Text(step.text)
                        }
                    }
                }
            }
            if let error = state.error {
                Section { Text(error).foregroundStyle(.red) }
            }
            if let result = state.result {
                Section {
                    ForEach(result, id: \.self) { Text($0) }
                    Button(action: done) { Text(Str.commonOk.text(language)) }
                }
            }
        }
        .navigationTitle(Str.offerTitle.text(language))
        .onChange(of: language) { model.setLanguage($0) }
        .onAppear { if let deepLink, model.state.link.isEmpty { model.fromDeepLink(deepLink) } }
        .onDisappear { model.cancel() }
    }
}
