//! Whole-year ages, shared by the documents.

use time::{Date, Month};

/// Age in whole years on `on` of a person born on `birth`; 0 before birth.
///
/// A person born on 29 February gains a year on 1 March in common years.
pub(crate) fn age_on(birth: Date, on: Date) -> u32 {
    if on < birth {
        return 0;
    }
    let years = on.year() - birth.year();
    let before_birthday = (u8::from(on.month()), on.day()) < (u8::from(birth.month()), birth.day());
    u32::try_from(years - i32::from(before_birthday)).unwrap_or(0)
}

/// The day a person born on `birth` turns `years` old; [`Date::MAX`] if that
/// day is beyond the dates `time` can represent.
pub(crate) fn anniversary(birth: Date, years: u32) -> Date {
    let Some(year) = i32::try_from(years)
        .ok()
        .and_then(|y| birth.year().checked_add(y))
    else {
        return Date::MAX;
    };
    Date::from_calendar_date(year, birth.month(), birth.day())
        // Only 29 February can fail within range: the birthday is then 1 March.
        .or_else(|_| Date::from_calendar_date(year, Month::March, 1))
        .unwrap_or(Date::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn age_changes_on_the_birthday() {
        let birth = date!(1990 - 05 - 17);
        assert_eq!(age_on(birth, date!(2008 - 05 - 16)), 17);
        assert_eq!(age_on(birth, date!(2008 - 05 - 17)), 18);
        assert_eq!(age_on(birth, date!(2008 - 12 - 31)), 18);
        assert_eq!(age_on(birth, birth), 0);
        assert_eq!(age_on(birth, date!(1980 - 01 - 01)), 0);
    }

    #[test]
    fn leap_day_births() {
        let birth = date!(2004 - 02 - 29);
        assert_eq!(age_on(birth, date!(2022 - 02 - 28)), 17);
        assert_eq!(age_on(birth, date!(2022 - 03 - 01)), 18);
        assert_eq!(age_on(birth, date!(2024 - 02 - 28)), 19);
        assert_eq!(age_on(birth, date!(2024 - 02 - 29)), 20);
        assert_eq!(anniversary(birth, 18), date!(2022 - 03 - 01));
        assert_eq!(anniversary(birth, 20), date!(2024 - 02 - 29));
    }

    #[test]
    fn anniversary_saturates() {
        assert_eq!(anniversary(date!(1990 - 05 - 17), u32::MAX), Date::MAX);
        assert_eq!(anniversary(date!(1990 - 05 - 17), 9000), Date::MAX);
    }
}
