/// Runs `work` off the main actor: the wallet's calls are synchronous (the
/// store is), and some take a moment (a backup runs scrypt, a log read
/// walks the store). The screen models await it and stay responsive.
func offMain<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await Task.detached(priority: .userInitiated) { try work() }.value
}
