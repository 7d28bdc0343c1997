//! The window of days a day's trend signals look back over, and the dates the store can hold.

use chrono::{Days, NaiveDate};

/// The earliest date the store can hold (dates are kept as four-digit-year text).
pub const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
/// The latest date the store can hold.
pub const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};
/// Days of history the trend signals look back over (14-day baseline + margin for gaps).
pub const SIGNAL_WINDOW_DAYS: u64 = 30;
/// The first day of the signal window that ends on `date`.
pub fn window_start(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(SIGNAL_WINDOW_DAYS))
        .unwrap_or(FIRST_DAY)
        .max(FIRST_DAY)
}
