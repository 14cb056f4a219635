import Foundation
import Vidi

/// How the screens write dates, times, ages and lists (mirrors Kotlin's
/// `Formatting`): dates as on Vietnamese cards (`14/05/2031`) in both
/// languages, times in Vietnam time whatever the phone's zone.
public enum Formatting {
    /// Vietnam's time zone (UTC+7).
    public static let vietnam = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    private static func formatter(_ pattern: String) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = vietnam
        f.dateFormat = pattern
        return f
    }

    private static let isoDate = formatter("yyyy-MM-dd")
    private static let cardDate = formatter("dd/MM/yyyy")
    private static let dateTimeFormat = formatter("HH:mm dd/MM/yyyy")

    /// An ISO 8601 date (or a date-time starting with one) as `14/05/2031`;
    /// anything else unchanged.
    public static func date(_ iso: String) -> String {
        guard let parsed = isoDate.date(from: String(iso.prefix(10))) else { return iso }
        return cardDate.string(from: parsed)
    }

    /// Unix seconds as `09:05 14/05/2031`, Vietnam time.
    public static func dateTime(_ unixSeconds: Int64) -> String {
        dateTimeFormat.string(from: Date(timeIntervalSince1970: TimeInterval(unixSeconds)))
    }

    /// How long ago `seconds` is, in words ("5 phút trước" / "5 minutes ago").
    public static func age(_ seconds: Int64, _ language: Language) -> String {
        let minute: Int64 = 60, hour = 60 * minute, day = 24 * hour
        switch seconds {
        case ..<minute: return Str.ageJustNow.text(language)
        case ..<(2 * minute): return Str.ageMinute.text(language)
        case ..<hour: return Str.ageMinutes.text(language, seconds / minute)
        case ..<(2 * hour): return Str.ageHour.text(language)
        case ..<day: return Str.ageHours.text(language, seconds / hour)
        case ..<(2 * day): return Str.ageDay.text(language)
        default: return Str.ageDays.text(language, seconds / day)
        }
    }

    /// Items as a sentence: "a", "a and b", "a, b and c"; empty for none.
    public static func list(_ items: [String], _ language: Language) -> String {
        guard let last = items.last else { return "" }
        if items.count == 1 { return last }
        return Str.listPair.text(language, items.dropLast().joined(separator: ", "), last)
    }

    /// A label as it reads inside a sentence: first letter lower-case.
    public static func inSentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    /// A document type's name from the catalog.
    public static func documentTypeName(_ type: DocumentType, _ language: Language) -> String {
        switch type {
        case .nationalId: return Str.documentTypeNationalId.text(language)
        case .drivingLicence: return Str.documentTypeDrivingLicence.text(language)
        case .healthInsurance: return Str.documentTypeHealthInsurance.text(language)
        }
    }

    /// A preset's name from the catalog; an unknown one keeps its machine name.
    public static func presetName(_ preset: String, _ language: Language) -> String {
        switch preset {
        case "checkpoint-id": return Str.presetCheckpointId.text(language)
        case "traffic-stop": return Str.presetTrafficStop.text(language)
        case "hospital": return Str.presetHospital.text(language)
        case "age-18": return Str.presetAge18.text(language)
        default: return preset
        }
    }
}
