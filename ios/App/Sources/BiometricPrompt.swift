import LocalAuthentication

/// Face ID / Touch ID through LocalAuthentication.
///
/// The wallet key itself is released by the Keychain (its item asks for
/// user presence), so this prompt is what the unlock screen shows first;
/// its answer goes to `UnlockModel.biometricSucceeded()` or
/// `biometricFailed(cancelled:)`.
enum BiometricPrompt {
    /// Whether the device has Face ID or Touch ID enrolled and allowed.
    static var isAvailable: Bool {
        var error: NSError?
        return LAContext().canEvaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, error: &error)
    }

    /// Asks for Face ID / Touch ID (or the passcode as the system's
    /// fallback). Returns whether the user passed; `cancelled` tells a
    /// dismissed prompt from a failed one.
    static func authenticate(reason: String) async -> (passed: Bool, cancelled: Bool) {
        let context = LAContext()
        do {
            let passed = try await context.evaluatePolicy(
                .deviceOwnerAuthentication, localizedReason: reason)
            return (passed, false)
        } catch let error as LAError {
            switch error.code {
            case .userCancel, .appCancel, .systemCancel, .userFallback:
                return (false, true)
            default:
                return (false, false)
            }
        } catch {
            return (false, false)
        }
    }
}
