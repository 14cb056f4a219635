/// Text the user typed that must not leak: a PIN or a passphrase. Its
/// description never prints it, so a state holding it can be logged.
public struct Secret: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What was typed.
    public let text: String

    public init(_ text: String = "") {
        self.text = text
    }

    /// Whether nothing was typed.
    public var isEmpty: Bool { text.isEmpty }

    public var description: String { "Secret(hidden)" }
    public var debugDescription: String { description }

    /// No text.
    public static let empty = Secret()
}
