import Foundation

/// The language the screens speak: Vietnamese or English.
public enum Language: String, CaseIterable, Sendable {
    case vietnamese = "vi"
    case english = "en"

    /// The first of the phone's `preferred` languages (BCP 47 tags such as
    /// `en-GB` or `vi-VN`, most wanted first) that is Vietnamese or
    /// English; Vietnamese when there is none.
    public static func forDevice(_ preferred: [String]) -> Language {
        for tag in preferred {
            let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first
                .map { $0.lowercased() } ?? ""
            if let language = Language(rawValue: primary) {
                return language
            }
        }
        return .vietnamese
    }

    /// The phone's choice now (`Locale.preferredLanguages`).
    public static var device: Language {
        forDevice(Locale.preferredLanguages)
    }

    /// The core's bilingual labels come in pairs; this picks one.
    public func pick(vi: String, en: String) -> String {
        self == .vietnamese ? vi : en
    }
}
