//! Dates serialise as ISO 8601 calendar dates, e.g. `"1990-05-17"`.

time::serde::format_description!(pub(crate) iso_date, Date, "[year]-[month]-[day]");
