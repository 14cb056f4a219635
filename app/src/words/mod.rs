//! Every word the apps show: the catalog (`i18n/*.json`, generated into
//! [`catalog`] by `scripts/strings.py`), the phone's language, and how
//! dates, times, ages and lists are written.
//!
//! Dates follow Vietnamese cards (`14/05/2031`) in both languages, and
//! times are Vietnam time whatever the phone's zone: the documents, the
//! checkpoints and the issuer all live there.

#[rustfmt::skip]
pub mod catalog;

use std::fmt::Display;

use time::{Date, OffsetDateTime, UtcOffset, macros::format_description};
use vidi_core::claims::ClaimId;
use vidi_core::document::DocumentType;
use vidi_core::preset::Preset;

pub use catalog::Str;

/// The language the apps speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Language {
    /// Tiếng Việt: the default.
    #[default]
    Vietnamese,
    /// English.
    English,
}

impl Language {
    /// The phone's language: the first of its preferred languages (BCP 47
    /// tags such as `vi-VN`, `en-GB`) that the apps speak; Vietnamese when
    /// none is.
    pub fn for_device(tags: &[String]) -> Self {
        tags.iter()
            .find_map(|tag| {
                let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
                match primary.as_str() {
                    "vi" => Some(Self::Vietnamese),
                    "en" => Some(Self::English),
                    _ => None,
                }
            })
            .unwrap_or_default()
    }

    /// `vi` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Vietnamese => "vi",
            Self::English => "en",
        }
    }

    /// The one of `vi` and `en` for this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Vietnamese => vi,
            Self::English => en,
        }
    }
}

/// `text` in `language`, with `{0}`, `{1}`... replaced by `args`.
pub fn t(language: Language, text: Str, args: &[&dyn Display]) -> String {
    let (vi, en) = text.pair();
    let mut out = language.pick(vi, en).to_owned();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), &arg.to_string());
    }
    out
}

/// Vietnam's time: UTC+7, no daylight saving.
pub fn vietnam() -> UtcOffset {
    UtcOffset::from_whole_seconds(7 * 3600).unwrap_or(UtcOffset::UTC)
}

/// A date as on Vietnamese cards: `14/05/2031`.
pub fn date(date: Date) -> String {
    let format = format_description!("[day]/[month]/[year]");
    date.format(&format).unwrap_or_default()
}

/// An ISO 8601 date (`2031-05-14`, or a date-time starting with one) as
/// `14/05/2031`; anything else unchanged.
pub fn iso_date(iso: &str) -> String {
    let format = format_description!("[year]-[month]-[day]");
    iso.get(..10)
        .and_then(|head| Date::parse(head, &format).ok())
        .map_or_else(|| iso.to_owned(), date)
}

/// A moment as `09:05 14/05/2031`, Vietnam time.
pub fn date_time(at: OffsetDateTime) -> String {
    let format = format_description!("[hour]:[minute] [day]/[month]/[year]");
    at.to_offset(vietnam()).format(&format).unwrap_or_default()
}

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// How long ago `seconds` is, in words starting lower-case: "vừa xong" /
/// "just now" under a minute (and for a clock that is behind), then whole
/// minutes, hours under a day, and days: "5 phút trước" / "5 minutes ago".
pub fn age(seconds: i64, language: Language) -> String {
    match seconds {
        s if s < MINUTE => t(language, Str::AgeJustNow, &[]),
        s if s < 2 * MINUTE => t(language, Str::AgeMinute, &[]),
        s if s < HOUR => t(language, Str::AgeMinutes, &[&(s / MINUTE)]),
        s if s < 2 * HOUR => t(language, Str::AgeHour, &[]),
        s if s < DAY => t(language, Str::AgeHours, &[&(s / HOUR)]),
        s if s < 2 * DAY => t(language, Str::AgeDay, &[]),
        s => t(language, Str::AgeDays, &[&(s / DAY)]),
    }
}

/// Items as a sentence: "a", "a and b", "a, b and c" ("a, b và c"); empty for none.
pub fn list(items: &[String], language: Language) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => t(language, Str::ListPair, &[&head.join(", "), last]),
    }
}

/// A name or label as it reads inside a sentence: its first letter
/// lower-case ("Thẻ căn cước" → "thẻ căn cước").
pub fn in_sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A document type's name from the catalog: "Thẻ căn cước" / "Identity card".
pub fn type_name(document_type: DocumentType, language: Language) -> String {
    let text = match document_type {
        DocumentType::NationalId => Str::DocumentTypeNationalId,
        DocumentType::DrivingLicence => Str::DocumentTypeDrivingLicence,
        DocumentType::HealthInsurance => Str::DocumentTypeHealthInsurance,
    };
    t(language, text, &[])
}

/// A preset's name from the catalog: "Trạm kiểm soát" / "Checkpoint".
pub fn preset_name(preset: Preset, language: Language) -> String {
    let text = match preset {
        Preset::CheckpointId => Str::PresetCheckpointId,
        Preset::TrafficStop => Str::PresetTrafficStop,
        Preset::Hospital => Str::PresetHospital,
        Preset::Age18 => Str::PresetAge18,
    };
    t(language, text, &[])
}

/// A claim's label, core's bilingual one: "Họ, chữ đệm và tên" / "Full name".
pub fn claim_label(claim: ClaimId, language: Language) -> String {
    match language {
        Language::Vietnamese => claim.label_vi(),
        Language::English => claim.label_en(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    #[test]
    fn the_phone_s_first_known_language_wins() {
        let tags = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            Language::for_device(&tags(&["fr-FR", "en-GB", "vi"])),
            Language::English
        );
        assert_eq!(
            Language::for_device(&tags(&["vi_VN"])),
            Language::Vietnamese
        );
        assert_eq!(
            Language::for_device(&tags(&["fr", "de"])),
            Language::Vietnamese
        );
        assert_eq!(Language::for_device(&[]), Language::Vietnamese);
    }

    #[test]
    fn dates_are_written_as_on_the_cards_in_vietnam_time() {
        assert_eq!(super::date(date!(2031 - 05 - 14)), "14/05/2031");
        assert_eq!(iso_date("2031-05-14"), "14/05/2031");
        assert_eq!(iso_date("2031-05-14T10:00:00Z"), "14/05/2031");
        assert_eq!(iso_date("not a date"), "not a date");
        // 23:30 UTC is 06:30 the next day in Vietnam.
        assert_eq!(
            date_time(datetime!(2026-12-06 23:30 UTC)),
            "06:30 07/12/2026"
        );
    }

    #[test]
    fn ages_read_in_words() {
        let en = Language::English;
        assert_eq!(age(-30, en), t(en, Str::AgeJustNow, &[]));
        assert_eq!(age(59, en), t(en, Str::AgeJustNow, &[]));
        assert_eq!(age(60, en), t(en, Str::AgeMinute, &[]));
        assert_eq!(age(5 * 60 + 59, en), "5 minutes ago");
        assert_eq!(age(3 * 3600, en), t(en, Str::AgeHours, &[&3]));
        assert_eq!(age(DAY + 5, en), t(en, Str::AgeDay, &[]));
        assert_eq!(
            age(3 * DAY, Language::Vietnamese),
            t(Language::Vietnamese, Str::AgeDays, &[&3])
        );
    }

    #[test]
    fn lists_read_as_sentences() {
        let items = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(list(&items(&[]), Language::English), "");
        assert_eq!(list(&items(&["a"]), Language::English), "a");
        assert_eq!(
            list(&items(&["a", "b", "c"]), Language::English),
            "a, b and c"
        );
        assert_eq!(list(&items(&["a", "b"]), Language::Vietnamese), "a và b");
        assert_eq!(in_sentence("Thẻ căn cước"), "thẻ căn cước");
    }

    #[test]
    fn every_text_has_its_arguments_in_both_languages() {
        for text in Str::ALL {
            let (vi, en) = text.pair();
            assert!(!vi.is_empty() && !en.is_empty(), "{}", text.key());
            for i in 0..4 {
                let arg = format!("{{{i}}}");
                assert_eq!(vi.contains(&arg), en.contains(&arg), "{}", text.key());
            }
        }
    }

    #[test]
    fn the_phone_s_language_follows_its_preferred_tags_as_the_shells_give_them() {
        let tags = |t: &str| t.split(' ').map(str::to_owned).collect::<Vec<_>>();
        for (given, expected) in [
            ("vi-VN", Language::Vietnamese),
            ("en-US", Language::English),
            ("en-GB", Language::English),
            ("EN", Language::English),
            // The first language the wallet speaks wins.
            ("fr-FR en-US", Language::English),
            ("en-US vi-VN", Language::English),
            ("vi en", Language::Vietnamese),
            ("ja-JP", Language::Vietnamese),
            // Nothing the wallet speaks: the documents' own language.
            ("fr-FR", Language::Vietnamese),
            ("zh-Hans-CN ja-JP", Language::Vietnamese),
            // Java locales as Android's LocaleList prints them.
            ("de_DE en_GB vi_VN", Language::English),
            ("vi_VN en_US", Language::Vietnamese),
        ] {
            assert_eq!(Language::for_device(&tags(given)), expected, "{given}");
        }
    }

    #[test]
    fn dates_as_on_the_cards_and_times_in_vietnam_whatever_the_machine_s_zone() {
        assert_eq!(iso_date("2030-02-01T10:00:00Z"), "01/02/2030");
        assert_eq!(iso_date("không rõ"), "không rõ");
        assert_eq!(iso_date(""), "");
        let at = |unix: i64| OffsetDateTime::from_unix_timestamp(unix).unwrap();
        assert_eq!(date_time(at(1_735_689_600)), "07:00 01/01/2025");
        // 2031-05-14T17:30:00Z is half past midnight the next day in Hà Nội.
        assert_eq!(date_time(at(1_936_546_200)), "00:30 15/05/2031");
    }

    #[test]
    fn ages_in_words_singular_and_plural_in_both_languages() {
        for (seconds, vi, en) in [
            (-30, "vừa xong", "just now"),
            (59, "vừa xong", "just now"),
            (60, "1 phút trước", "1 minute ago"),
            (5 * 60 + 59, "5 phút trước", "5 minutes ago"),
            (3600, "1 giờ trước", "1 hour ago"),
            (23 * 3600, "23 giờ trước", "23 hours ago"),
            (24 * 3600, "1 ngày trước", "1 day ago"),
            (49 * 3600, "2 ngày trước", "2 days ago"),
        ] {
            assert_eq!(age(seconds, Language::Vietnamese), vi, "{seconds} s");
            assert_eq!(age(seconds, Language::English), en, "{seconds} s");
        }
    }

    #[test]
    fn pairs_and_longer_lists_in_both_languages() {
        let items = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(list(&items(&["a", "b"]), Language::English), "a and b");
        assert_eq!(
            list(&items(&["a", "b", "c"]), Language::Vietnamese),
            "a, b và c"
        );
        assert_eq!(in_sentence(""), "");
    }

    #[test]
    fn presets_have_names_in_both_languages() {
        assert_eq!(
            preset_name(Preset::CheckpointId, Language::Vietnamese),
            "Trạm kiểm soát"
        );
        assert_eq!(
            preset_name(Preset::TrafficStop, Language::English),
            "Traffic stop"
        );
        assert_eq!(
            preset_name(Preset::Hospital, Language::Vietnamese),
            "Bệnh viện"
        );
        assert_eq!(
            preset_name(Preset::Age18, Language::English),
            "Age check (18+)"
        );
    }

    /// The argument numbers `{n}` in `text`, sorted, without repeats.
    fn arguments(text: &str) -> Vec<usize> {
        let mut found: Vec<usize> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}'))
            .filter_map(|(n, _)| n.parse().ok())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn every_text_takes_the_same_arguments_in_both_languages_numbered_without_gaps() {
        assert!(Str::ALL.len() > 50, "{} texts", Str::ALL.len());
        for text in Str::ALL {
            let (vi, en) = text.pair();
            let key = text.key();
            assert!(
                !vi.trim().is_empty() && !en.trim().is_empty(),
                "{key} is blank in a language"
            );
            assert_ne!(vi, key, "{key} has no Vietnamese text");
            assert_eq!(
                arguments(vi),
                arguments(en),
                "{key}: the languages take different arguments"
            );
            // Numbered from 0 without gaps, so a call can fill them all.
            let numbers = arguments(vi);
            assert_eq!(
                numbers,
                (0..numbers.len()).collect::<Vec<_>>(),
                "{key} numbers its arguments with a gap"
            );
        }
    }

    #[test]
    fn arguments_are_filled_in() {
        assert_eq!(
            t(
                Language::Vietnamese,
                Str::DocumentsValidUntil,
                &[&"14/05/2031"]
            ),
            "Có giá trị đến 14/05/2031"
        );
        assert_eq!(
            t(Language::English, Str::QrCountdown, &[&12, &57]),
            "New code in 12 s · valid for 57 s"
        );
        assert_eq!(
            t(Language::Vietnamese, Str::QrCountdown, &[&12, &57]),
            "Mã mới sau 12 giây · còn hiệu lực 57 giây"
        );
        let vi = Language::for_device(&["vi-VN".to_owned()]);
        assert_eq!(t(vi, Str::QrRefreshing, &[]), "Đang tạo mã mới…");
    }

    #[test]
    fn problems_are_worded_from_the_catalog() {
        use crate::problem::Problem;
        assert_eq!(
            Problem::WrongPin {
                tries_left: Some(2)
            }
            .words(Language::English),
            "Wrong PIN. 2 tries left."
        );
        assert_eq!(
            Problem::Other.words(Language::Vietnamese),
            "Đã xảy ra lỗi. Hãy thử lại."
        );
    }

    #[test]
    fn vietnamese_texts_are_written_with_their_diacritics() {
        // A Vietnamese text of three words or more without a single
        // diacritic is likely a slip.
        const MARKS: &str = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
        let bare: Vec<&str> = Str::ALL
            .iter()
            .filter(|text| {
                let vi = text.pair().0;
                let words = vi
                    .split(' ')
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .count();
                words >= 3 && !vi.to_lowercase().chars().any(|c| MARKS.contains(c))
            })
            .map(|text| text.key())
            .collect();
        assert!(bare.is_empty(), "Vietnamese without diacritics: {bare:?}");
    }
}
