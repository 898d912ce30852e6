//! Calendar dates, parsed strictly.
//!
//! Evidence is dated by day; readiness windows are counted in calendar
//! months. Dates are always `YYYY-MM-DD` with a four-digit year, so that
//! `2026-2-3` or `99999-01-01` are rejected rather than guessed at.

pub use chrono::NaiveDate as Date;
use chrono::{Datelike, Months};

/// Why a date string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    Shape,
    /// Of the right form but not a day on the calendar (`2026-02-30`).
    NotADay,
    /// Year 0000: no such year in the Gregorian calendar as written.
    YearZero,
}

impl DateError {
    pub(crate) fn hint(&self) -> &'static str {
        match self {
            DateError::Shape => "write the date as `YYYY-MM-DD`, e.g. `2026-03-09` (a time of day is allowed after `T` and ignored)",
            DateError::NotADay => "that day does not exist on the calendar",
            DateError::YearZero => "the year must be from 0001 to 9999",
        }
    }
}

/// Parse `YYYY-MM-DD`. A timestamp (`2026-03-09T10:00:00+02:00` or with a
/// space) is accepted and its date part taken as written: the date the user
/// wrote, not converted to UTC.
pub fn parse(text: &str) -> Result<Date, DateError> {
    let text = text.trim();
    let date_part = match text.find(['T', 't', ' ']) {
        Some(10) => &text[..10],
        Some(_) => return Err(DateError::Shape),
        None => text,
    };
    let b = date_part.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(DateError::Shape);
    }
    let num = |r: std::ops::Range<usize>| date_part[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    if y == 0 {
        return Err(DateError::YearZero);
    }
    Date::from_ymd_opt(y as i32, m, d).ok_or(DateError::NotADay)
}

/// `date` minus `months` calendar months, the day clamped to the month's
/// last day (2026-03-31 minus 1 month is 2026-02-28).
pub(crate) fn months_before(date: Date, months: u32) -> Date {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(Date::MIN)
}

/// `date` plus `months` calendar months, clamped like [`months_before`].
pub(crate) fn months_after(date: Date, months: u32) -> Date {
    date.checked_add_months(Months::new(months))
        .unwrap_or(Date::MAX)
}

/// The calendar month key `YYYY-MM`.
pub(crate) fn month_key(date: Date) -> (i32, u32) {
    (date.year(), date.month())
}

/// Today in UTC, from the system clock.
pub fn today_utc() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    from_unix_seconds(secs)
}

/// The UTC calendar date of a Unix timestamp.
pub fn from_unix_seconds(secs: i64) -> Date {
    let days = secs.div_euclid(86_400);
    let date = Date::from_ymd_opt(1970, 1, 1)
        .zip(chrono::TimeDelta::try_days(days))
        .and_then(|(epoch, d)| epoch.checked_add_signed(d));
    // Git accepts any timestamp; dates are kept to years 1..=9999, so that
    // date arithmetic on them (windows, month ends) never overflows.
    let (first, last) = (earliest(), latest());
    match date {
        Some(d) => d.clamp(first, last),
        None if days > 0 => last,
        None => first,
    }
}

/// The earliest date promocase works with: 0001-01-01.
pub(crate) fn earliest() -> Date {
    Date::from_ymd_opt(1, 1, 1).unwrap_or(Date::MIN)
}

/// The latest date promocase works with: 9999-12-31.
pub(crate) fn latest() -> Date {
    Date::from_ymd_opt(9999, 12, 31).unwrap_or(Date::MAX)
}

/// `date` plus `days` days, clamped like [`months_after`].
pub(crate) fn days_after(date: Date, days: i64) -> Date {
    chrono::TimeDelta::try_days(days)
        .and_then(|d| date.checked_add_signed(d))
        .unwrap_or(if days >= 0 { Date::MAX } else { Date::MIN })
}

/// Last day of the month holding `date`.
pub(crate) fn end_of_month(date: Date) -> Date {
    let first = Date::from_ymd_opt(date.year(), date.month(), 1).unwrap_or(date);
    months_after(first, 1).pred_opt().unwrap_or(date)
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub(crate) fn days_between(a: Date, b: Date) -> i64 {
    (b - a).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse(s).unwrap()
    }

    #[test]
    fn strict_parsing() {
        let table = [
            ("2026-02-28", Ok(d("2026-02-28"))),
            ("2024-02-29", Ok(d("2024-02-29"))),
            ("2026-02-30", Err(DateError::NotADay)),
            ("2026-13-01", Err(DateError::NotADay)),
            ("2026-2-3", Err(DateError::Shape)),
            ("0000-01-01", Err(DateError::YearZero)),
            ("99999-01-01", Err(DateError::Shape)),
            ("2026-03-09T23:30:00+02:00", Ok(d("2026-03-09"))),
            ("2026-03-09 10:00", Ok(d("2026-03-09"))),
            ("yesterday", Err(DateError::Shape)),
            ("", Err(DateError::Shape)),
            ("２０２６-01-01", Err(DateError::Shape)),
        ];
        for (text, want) in table {
            assert_eq!(parse(text), want, "{text}");
        }
    }

    #[test]
    fn month_arithmetic_clamps() {
        assert_eq!(months_before(d("2026-03-31"), 1), d("2026-02-28"));
        assert_eq!(months_before(d("2024-03-31"), 1), d("2024-02-29"));
        assert_eq!(months_before(d("2026-11-27"), 12), d("2025-11-27"));
        assert_eq!(end_of_month(d("2026-02-10")), d("2026-02-28"));
        assert_eq!(from_unix_seconds(0), d("1970-01-01"));
        assert_eq!(from_unix_seconds(-1), d("1969-12-31"));
    }
}
