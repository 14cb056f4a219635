import Foundation

/// Runs `work` off the caller's actor: the wallet's calls are synchronous,
/// as the store is, and some take a moment (unlocking runs scrypt or waits
/// for Face ID; a presentation signs in the Secure Enclave).
func offCaller<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await Task.detached(priority: .userInitiated) { try work() }.value
}

/// Issuance steps handed to a closure, on the core's runtime thread: hop
/// to the main actor before touching the UI.
final class IssuanceStepHandler: IssuanceProgress {
    private let onStep: @Sendable (IssuanceStep) -> Void

    init(_ onStep: @escaping @Sendable (IssuanceStep) -> Void) {
        self.onStep = onStep
    }

    func step(step: IssuanceStep) {
        onStep(step)
    }
}

extension Wallet {
    /// `unlock()` off the caller's actor.
    public func unlocked() async throws -> UnlockReport {
        try await offCaller { try self.unlock() }
    }

    /// `listDocuments()` off the caller's actor.
    public func documents() async throws -> [DocumentSummary] {
        try await offCaller { try self.listDocuments() }
    }

    /// `document(id:)` off the caller's actor.
    public func details(of id: String) async throws -> DocumentDetails {
        try await offCaller { try self.document(id: id) }
    }

    /// A fresh QR proof of document `id`, off the caller's actor.
    public func presentation(
        of id: String, disclosing disclose: Disclose, nonce: Data? = nil, audience: String? = nil
    ) async throws -> Presentation {
        try await offCaller {
            try self.present(id: id, disclose: disclose, nonce: nonce, audience: audience)
        }
    }

    /// `backup(path:passphrase:)` to a file URL, off the caller's actor.
    public func backup(to file: URL, passphrase: String) async throws {
        try await offCaller { try self.backup(path: file.path, passphrase: passphrase) }
    }

    /// `restore(path:passphrase:)` from a file URL, off the caller's actor.
    public func restore(from file: URL, passphrase: String) async throws -> RestoreReport {
        try await offCaller { try self.restore(path: file.path, passphrase: passphrase) }
    }

    /// Accepts a credential offer with its PIN (see `acceptOffer(wallet:...)`).
    /// Cancelling the calling task stops the issuance before its next step
    /// with `VidiError.Cancelled`; `onStep` hears each step as it starts.
    public func acceptOffer(
        _ link: String, pin: String?, batchSize: UInt32 = 1,
        onStep: (@Sendable (IssuanceStep) -> Void)? = nil
    ) async throws -> IssuanceReport {
        let cancel = CancelHandle()
        let progress = onStep.map { IssuanceStepHandler($0) }
        return try await withTaskCancellationHandler {
            try await Vidi.acceptOffer(
                wallet: self, link: link, pin: pin, batchSize: batchSize, cancel: cancel,
                progress: progress)
        } onCancel: {
            cancel.cancel()
        }
    }

    /// Re-binds documents restored from a backup with a re-issue offer;
    /// cancellable like `acceptOffer(_:pin:batchSize:onStep:)`.
    public func rebind(
        _ link: String, pin: String?, batchSize: UInt32 = 1,
        onStep: (@Sendable (IssuanceStep) -> Void)? = nil
    ) async throws -> RebindReport {
        let cancel = CancelHandle()
        let progress = onStep.map { IssuanceStepHandler($0) }
        return try await withTaskCancellationHandler {
            try await Vidi.rebind(
                wallet: self, link: link, pin: pin, batchSize: batchSize, cancel: cancel,
                progress: progress)
        } onCancel: {
            cancel.cancel()
        }
    }
}

extension QrMatrix {
    /// Whether the module at column `x`, row `y` is dark; outside the
    /// symbol (the quiet zone) everything is light.
    public func isDark(x: Int, y: Int) -> Bool {
        let side = Int(size)
        guard x >= 0, y >= 0, x < side, y < side else {
            return false
        }
        return modules[modules.startIndex + y * side + x] == 1
    }
}

extension Presentation {
    /// When it was made.
    public var madeAt: Date { Date(timeIntervalSince1970: TimeInterval(madeAtUnix)) }
    /// When to draw a new one.
    public var refreshAt: Date { Date(timeIntervalSince1970: TimeInterval(refreshAtUnix)) }
    /// When verifiers stop accepting it.
    public var expiresAt: Date { Date(timeIntervalSince1970: TimeInterval(expiresAtUnix)) }
}
