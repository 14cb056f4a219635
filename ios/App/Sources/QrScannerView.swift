import AVFoundation
import SwiftUI
import UIKit

/// The camera looking for QR codes: an `AVCaptureSession` with an
/// `AVCaptureMetadataOutput` limited to `.qr`, shown full-bleed.
///
/// Every frame that holds a code reports it to `onCode` on the main thread;
/// the verifier model ignores a code seen again within 3 s. `onDenied` runs
/// when the user has refused camera access (the screen then says how to
/// allow it in Settings).
struct QrScannerView: UIViewControllerRepresentable {
    let onCode: (String) -> Void
    var onDenied: () -> Void = {}

    func makeUIViewController(context: Context) -> ScannerViewController {
        let controller = ScannerViewController()
        controller.onCode = onCode
        controller.onDenied = onDenied
        return controller
    }

    func updateUIViewController(_ controller: ScannerViewController, context: Context) {
        controller.onCode = onCode
        controller.onDenied = onDenied
    }
}

/// Owns the capture session; starts it when shown and stops it when gone.
final class ScannerViewController: UIViewController, AVCaptureMetadataOutputObjectsDelegate {
    var onCode: (String) -> Void = { _ in }
    var onDenied: () -> Void = {}

    private let session = AVCaptureSession()
    /// Session work runs off the main thread, as AVFoundation asks.
    private let sessionQueue = DispatchQueue(label: "vn.vidi.scanner")
    private var preview: AVCaptureVideoPreviewLayer?
    private var configured = false

    override func viewDidLoad() {
        super.viewDidLoad()
        view.backgroundColor = .black
        let layer = AVCaptureVideoPreviewLayer(session: session)
        layer.videoGravity = .resizeAspectFill
        view.layer.addSublayer(layer)
        preview = layer
    }

    override func viewDidLayoutSubviews() {
        super.viewDidLayoutSubviews()
        preview?.frame = view.bounds
    }

    override func viewWillAppear(_ animated: Bool) {
        super.viewWillAppear(animated)
        switch AVCaptureDevice.authorizationStatus(for: .video) {
        case .authorized:
            start()
        case .notDetermined:
            AVCaptureDevice.requestAccess(for: .video) { granted in
                DispatchQueue.main.async {
                    granted ? self.start() : self.onDenied()
                }
            }
        default:
            onDenied()
        }
    }

    override func viewWillDisappear(_ animated: Bool) {
        super.viewWillDisappear(animated)
        sessionQueue.async { [session] in
            if session.isRunning {
                session.stopRunning()
            }
        }
    }

    private func start() {
        sessionQueue.async { [weak self] in
            guard let self else { return }
            if !self.configured {
                self.configured = self.configure()
            }
            if self.configured && !self.session.isRunning {
                self.session.startRunning()
            }
        }
    }

    /// The back camera into a metadata output for QR codes; false when the
    /// device has no camera (the simulator).
    private func configure() -> Bool {
        guard let camera = AVCaptureDevice.default(for: .video),
            let input = try? AVCaptureDeviceInput(device: camera),
            session.canAddInput(input)
        else {
            return false
        }
        session.beginConfiguration()
        defer { session.commitConfiguration() }
        session.addInput(input)
        let output = AVCaptureMetadataOutput()
        guard session.canAddOutput(output) else {
            return false
        }
        session.addOutput(output)
        output.setMetadataObjectsDelegate(self, queue: .main)
        output.metadataObjectTypes = [.qr]
        return true
    }

    func metadataOutput(
        _ output: AVCaptureMetadataOutput, didOutput metadataObjects: [AVMetadataObject],
        from connection: AVCaptureConnection
    ) {
        for object in metadataObjects {
            if let code = object as? AVMetadataMachineReadableCodeObject, code.type == .qr,
                let text = code.stringValue
            {
                onCode(text)
            }
        }
    }
}
