//! Dates as French readers expect them: « lundi 12 janvier 2027 », « 12/01/2027 ».

use chrono::{Datelike, NaiveDate};

const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The French name of `month` (1 for « janvier »).
pub fn month_fr(month: u32) -> &'static str {
    MONTHS[(month as usize).saturating_sub(1) % 12]
}

/// « lundi 12 janvier 2027 » (« 1er » for the first of the month).
pub fn long_fr(date: NaiveDate) -> String {
    let weekday = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
    let month = MONTHS[date.month0() as usize];
    let day = if date.day() == 1 { "1er".to_owned() } else { date.day().to_string() };
    format!("{weekday} {day} {month} {}", date.year())
}

/// « 12/01/2027 ».
pub fn short_fr(date: NaiveDate) -> String {
    // Written by hand rather than with chrono's `format`, whose machinery would weigh on the wasm client.
    format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_name_the_weekday_and_month_in_french() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 11).unwrap_or_default();
        assert_eq!(long_fr(d), "lundi 11 janvier 2027");
        let first = NaiveDate::from_ymd_opt(2027, 8, 1).unwrap_or_default();
        assert_eq!(long_fr(first), "dimanche 1er août 2027");
        assert_eq!(short_fr(first), "01/08/2027");
    }
}
