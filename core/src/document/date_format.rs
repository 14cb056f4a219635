//! Dates serialise as ISO 8601 calendar dates, e.g. `"1990-05-17"`.

time::serde::format_description!(pub(crate) iso_date, Date, "[year]-[month]-[day]");

/// An optional ISO date, `null` when absent: use this, not
/// `iso_date::option`. `time`'s option visitor has no `visit_unit`, and
/// serde hands a buffered `null` to `visit_unit` (`Content::Unit`): a
/// document read through an adjacently tagged enum whose content came
/// before its tag (a backup whose JSON keys were re-ordered) failed on
/// every absent date. Going through `Option<T>`'s own visitor takes both.
pub(crate) mod iso_date_option {
    use serde::{Deserialize as _, Deserializer, Serializer};
    use time::Date;

    #[derive(serde::Deserialize)]
    struct Iso(#[serde(with = "super::iso_date")] Date);

    pub(crate) fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        super::iso_date::option::serialize(date, s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Ok(Option::<Iso>::deserialize(d)?.map(|Iso(date)| date))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde::{Deserialize, Serialize};
    use time::{Date, Month};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Entry {
        #[serde(with = "super::iso_date_option")]
        until: Option<Date>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", content = "card")]
    enum Tagged {
        Entry(Entry),
    }

    #[test]
    fn optional_dates_read_in_any_key_order() {
        let day = Date::from_calendar_date(2030, Month::May, 17).unwrap();
        for until in [None, Some(day)] {
            let value = Tagged::Entry(Entry { until });
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(serde_json::from_str::<Tagged>(&json).unwrap(), value);
            // The content before the tag: serde buffers it.
            let card = serde_json::to_string(&Entry { until }).unwrap();
            let swapped = format!(r#"{{"card":{card},"type":"Entry"}}"#);
            assert_eq!(serde_json::from_str::<Tagged>(&swapped).unwrap(), value);
        }
        assert_eq!(
            serde_json::to_string(&Entry { until: Some(day) }).unwrap(),
            r#"{"until":"2030-05-17"}"#
        );
        assert!(serde_json::from_str::<Entry>(r#"{"until":"17/05/2030"}"#).is_err());
    }
}
