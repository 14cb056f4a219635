import Foundation

/// The app's own settings, outside the wallet (they are needed before it
/// is unlocked). Never a PIN or any key.
public struct AppSettings: Equatable, Codable, Sendable {
    /// The issuer's URL chosen at first run; `nil` before.
    public var serverUrl: String?
    /// How the wallet unlocks; `nil` before first run finished.
    public var unlockMethod: String?
    /// Wrong PINs in a row since the last successful unlock.
    public var failedUnlocks: Int
    /// When the current lock-out ends, Unix milliseconds; 0 when none.
    public var lockedUntilMillis: Int64

    public init(
        serverUrl: String? = nil, unlockMethod: UnlockMethod? = nil, failedUnlocks: Int = 0,
        lockedUntilMillis: Int64 = 0
    ) {
        self.serverUrl = serverUrl
        self.unlockMethod = unlockMethod?.rawValue
        self.failedUnlocks = failedUnlocks
        self.lockedUntilMillis = lockedUntilMillis
    }

    /// The unlock method, when one was chosen.
    public var method: UnlockMethod? {
        get { unlockMethod.flatMap(UnlockMethod.init(rawValue:)) }
        set { unlockMethod = newValue?.rawValue }
    }
}

/// Where `AppSettings` are kept. Implementations are thread-safe.
public protocol SettingsStore: AnyObject {
    /// The settings now (defaults when none were saved).
    func load() -> AppSettings
    /// Replaces the settings.
    func save(_ settings: AppSettings) throws
}

extension SettingsStore {
    /// Saves `change` of the current settings and returns what was saved.
    @discardableResult
    public func update(_ change: (inout AppSettings) -> Void) throws -> AppSettings {
        var settings = load()
        change(&settings)
        try save(settings)
        return settings
    }
}

/// `SettingsStore` in a JSON file, written atomically (a crash leaves the
/// old settings or the new ones). A file that cannot be read gives the
/// defaults.
public final class FileSettingsStore: SettingsStore {
    private let file: URL
    private let lock = NSLock()

    /// Settings kept in `file`.
    public init(file: URL) {
        self.file = file
    }

    public func load() -> AppSettings {
        lock.lock()
        defer { lock.unlock() }
        guard let data = try? Data(contentsOf: file),
            let settings = try? JSONDecoder().decode(AppSettings.self, from: data)
        else {
            return AppSettings()
        }
        return settings
    }

    public func save(_ settings: AppSettings) throws {
        lock.lock()
        defer { lock.unlock() }
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(settings).write(to: file, options: [.atomic, .completeFileProtection])
    }
}

/// `SettingsStore` in memory, for tests and previews.
public final class MemorySettingsStore: SettingsStore {
    private var settings: AppSettings
    private let lock = NSLock()

    public init(_ settings: AppSettings = AppSettings()) {
        self.settings = settings
    }

    public func load() -> AppSettings {
        lock.lock()
        defer { lock.unlock() }
        return settings
    }

    public func save(_ settings: AppSettings) throws {
        lock.lock()
        defer { lock.unlock() }
        self.settings = settings
    }
}
