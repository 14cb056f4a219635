import AVFoundation
import SwiftUI
import UIKit

/// The camera looking for QR codes: an `AVCaptureSession` with an
/// `AVCaptureMetadataOutput` limited to `.qr`, shown full-bleed while the
/// app core keeps `platform.camera` on.
///
/// A code read is reported to `onCode` on the main actor once: the same
/// code still in view in the next frames is not reported again, only a
/// different one (each showing of the camera starts afresh). `onDenied` runs when the
/// user has refused camera access (the shell then says how to allow it).
/// Without a camera (the simulator) the preview stays black.
struct QrScannerView: UIViewControllerRepresentable {
    let onCode: @MainActor (String) -> Void
    let onDenied: @MainActor () -> Void

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

/// Shows the preview; starts the capture when shown and stops it when gone.
final class ScannerViewController: UIViewController {
    var onCode: @MainActor (String) -> Void = { _ in }
    var onDenied: @MainActor () -> Void = {}

    private lazy var capture = QrCapture { [weak self] code in
        self?.onCode(code)
    }
    private var preview: AVCaptureVideoPreviewLayer?

    override func viewDidLoad() {
        super.viewDidLoad()
        view.backgroundColor = .black
        let layer = AVCaptureVideoPreviewLayer(session: capture.session)
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
        let capture = self.capture
        switch AVCaptureDevice.authorizationStatus(for: .video) {
        case .authorized:
            capture.start()
        case .notDetermined:
            AVCaptureDevice.requestAccess(for: .video) { @Sendable [weak self] granted in
                if granted {
                    capture.start()
                } else {
                    let controller = self
                    DispatchQueue.main.async {
                        MainActor.assumeIsolated { controller?.onDenied() }
                    }
                }
            }
        default:
            onDenied()
        }
    }

    override func viewWillDisappear(_ animated: Bool) {
        super.viewWillDisappear(animated)
        capture.stop()
    }
}

/// The capture session and its metadata delegate. The session, and the
/// state below, are touched only on `queue` (AVFoundation's rule for the
/// session; the metadata delegate is called there too), which is what
/// makes the `@unchecked Sendable` sound; codes hop to the main actor.
final class QrCapture: NSObject, AVCaptureMetadataOutputObjectsDelegate, @unchecked Sendable {
    let session = AVCaptureSession()
    private let queue = DispatchQueue(label: "vn.vidi.scanner")
    private let report: @MainActor @Sendable (String) -> Void
    /// Only read and written on `queue`.
    private var configured = false
    /// The last code reported since `start`; only on `queue`.
    private var last: String?

    init(report: @escaping @MainActor @Sendable (String) -> Void) {
        self.report = report
    }

    func start() {
        queue.async { [self] in
            last = nil
            if !configured {
                configured = configure()
            }
            if configured && !session.isRunning {
                session.startRunning()
            }
        }
    }

    func stop() {
        queue.async { [self] in
            if session.isRunning {
                session.stopRunning()
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
        output.setMetadataObjectsDelegate(self, queue: queue)
        output.metadataObjectTypes = [.qr]
        return true
    }

    /// Called on `queue` (the delegate queue given above), never on the
    /// main actor: reads the codes there, drops a repeat of the last one,
    /// and hops to the main actor with the new one's text.
    nonisolated func metadataOutput(
        _ output: AVCaptureMetadataOutput, didOutput metadataObjects: [AVMetadataObject],
        from connection: AVCaptureConnection
    ) {
        let code = metadataObjects.lazy.compactMap { object -> String? in
            guard let code = object as? AVMetadataMachineReadableCodeObject, code.type == .qr else {
                return nil
            }
            return code.stringValue
        }.first
        guard let code, code != last else {
            return
        }
        last = code
        let report = self.report
        Task { @MainActor in
            report(code)
        }
    }
}
