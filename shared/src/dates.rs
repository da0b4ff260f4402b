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

/// A date as a person types it in France: « 04/10/2027 », « 4/10/2027 », « 4.10.2027 », or as the
/// API writes it (« 2027-10-04 », pasted); the year has four digits, from 1900 to 2999. `None` if
/// it names no day.
pub fn parse_fr(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let number = |part: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u32>().ok())?
    };
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [a, b, c] = parts[..] else { return None };
    let (day, month, year) = if text.contains('-') && a.len() == 4 { (c, b, a) } else { (a, b, c) };
    let year = i32::try_from(number(year, 4..=4)?).ok().filter(|y| (1900..=2999).contains(y))?;
    NaiveDate::from_ymd_opt(year, number(month, 1..=2)?, number(day, 1..=2)?)
}

/// « 2027-10-04 », as the API reads a date.
pub fn iso(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_the_french_way_or_as_the_api_writes_them() {
        let d = NaiveDate::from_ymd_opt(2027, 10, 4);
        for typed in ["04/10/2027", "4/10/2027", " 4.10.2027 ", "04-10-2027", "2027-10-04"] {
            assert_eq!(parse_fr(typed), d, "{typed}");
        }
        for wrong in [
            "",
            "10/2027",
            "31/02/2027",
            "04/10/27",
            "04/13/2027",
            "aa/bb/cccc",
            "04/10/2027/1",
            "+4/10/2027",
            "04/10/0027",
        ] {
            assert_eq!(parse_fr(wrong), None, "{wrong}");
        }
        assert_eq!(iso(d.unwrap_or_default()), "2027-10-04");
    }

    #[test]
    fn long_dates_name_the_weekday_and_month_in_french() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 11).unwrap_or_default();
        assert_eq!(long_fr(d), "lundi 11 janvier 2027");
        let first = NaiveDate::from_ymd_opt(2027, 8, 1).unwrap_or_default();
        assert_eq!(long_fr(first), "dimanche 1er août 2027");
        assert_eq!(short_fr(first), "01/08/2027");
    }
}
