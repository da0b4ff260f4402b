//! How values read on screen, in French: « lundi 12 janvier 2027 », « 12 345,67 € », « 2,5 jours ».

use chrono::{DateTime, NaiveDate, Utc};
use shared::Money;

pub fn date_long(date: NaiveDate) -> String {
    shared::dates::long_fr(date)
}

pub fn date_short(date: NaiveDate) -> String {
    shared::dates::short_fr(date)
}

/// A moment, in the person's browser's time zone: « lundi 11 janvier 2027 à 09:30 ».
pub fn moment(at: DateTime<Utc>) -> String {
    use chrono::Timelike;
    let offset_minutes = js_sys::Date::new_0().get_timezone_offset();
    let local = at - chrono::Duration::minutes(offset_minutes as i64);
    format!("{} à {:02}:{:02}", shared::dates::long_fr(local.date_naive()), local.hour(), local.minute())
}

pub fn money(cents: i64) -> String {
    Money::from_cents(cents).format_fr()
}

/// « 1 jour », « 2,5 jours », « 0 jour ».
pub fn days(value: f64) -> String {
    let number = decimal(value);
    if value.abs() < 2.0 {
        format!("{number} jour")
    } else {
        format!("{number} jours")
    }
}

/// A number with a French decimal comma and at most one decimal (« 2,5 », « 3 »). Written with
/// integers: Rust's float formatting would add kilobytes to the WebAssembly.
pub fn decimal(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (units, tenth) = (tenths.abs() / 10, tenths.abs() % 10);
    if tenth == 0 {
        format!("{sign}{units}")
    } else {
        format!("{sign}{units},{tenth}")
    }
}

/// A number typed by a person, with a comma or a point (« 1,5 », « 2 »); at most two decimals.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let (units, fraction) = text.split_once([',', '.']).unwrap_or((text, ""));
    if units.is_empty() || fraction.len() > 2 || !units.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let units: i64 = units.parse().ok()?;
    let hundredths: i64 = if fraction.is_empty() { 0 } else { format!("{fraction:0<2}").parse().ok()? };
    Some((units * 100 + hundredths) as f64 / 100.0)
}

thread_local! {
    static SERVER_TODAY: std::cell::Cell<Option<NaiveDate>> = const { std::cell::Cell::new(None) };
}

/// Records the School's date, read at login.
pub fn set_today(date: NaiveDate) {
    SERVER_TODAY.with(|today| today.set(Some(date)));
}

/// Today on the School's clock once known, else in the browser's time zone.
pub fn today() -> NaiveDate {
    if let Some(date) = SERVER_TODAY.with(|today| today.get()) {
        return date;
    }
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or_default()
}

/// « dans 3 jours », « aujourd’hui », « dépassé depuis 2 jours ».
#[cfg_attr(feature = "console", allow(dead_code))]
pub fn countdown(due: NaiveDate) -> String {
    let left = (due - today()).num_days();
    match left {
        0 => "aujourd’hui".to_owned(),
        1 => "demain".to_owned(),
        n if n > 1 => format!("dans {n} jours"),
        -1 => "dépassé depuis 1 jour".to_owned(),
        n => format!("dépassé depuis {} jours", -n),
    }
}

/// Euros typed by a person (« 1 234,50 », « 1234.5 ») as cents; `None` when it is not an amount.
pub fn parse_euros(text: &str) -> Option<i64> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{202f}').collect();
    let cleaned = cleaned.replace(',', ".");
    let (units, fraction) = match cleaned.split_once('.') {
        Some((units, fraction)) => (units, fraction),
        None => (cleaned.as_str(), ""),
    };
    if units.is_empty() || !units.chars().all(|c| c.is_ascii_digit()) || fraction.len() > 2 {
        return None;
    }
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let units: i64 = units.parse().ok()?;
    let fraction: i64 = if fraction.is_empty() { 0 } else { format!("{fraction:0<2}").parse().ok()? };
    units.checked_mul(100)?.checked_add(fraction)
}

/// A month key « 2027-03 » as its usual French abbreviation: « mars », « avr. », « déc. ».
pub fn month_short(key: &str) -> &'static str {
    const SHORT: [&str; 12] =
        ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
    key.split_once('-')
        .and_then(|(_, m)| m.parse::<usize>().ok())
        .and_then(|m| SHORT.get(m.wrapping_sub(1)).copied())
        .unwrap_or("")
}

/// A month key « 2027-03 » as « mars 2027 ».
pub fn month_label(key: &str) -> String {
    let parsed = key.split_once('-').and_then(|(y, m)| NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1));
    match parsed {
        Some(d) => shared::dates::long_fr(d).split_whitespace().skip(2).collect::<Vec<_>>().join(" "),
        None => key.to_owned(),
    }
}

/// The text with its first letter in capitals (French letters; no Unicode tables in the client).
pub fn capital(text: &str) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else { return String::new() };
    let upper = match first {
        'é' => 'É',
        'è' => 'È',
        'ê' => 'Ê',
        'à' => 'À',
        'â' => 'Â',
        'ç' => 'Ç',
        'î' => 'Î',
        'ô' => 'Ô',
        c => c.to_ascii_uppercase(),
    };
    std::iter::once(upper).chain(chars).collect()
}

/// Text folded for matching: lower case, without French accents, spaces collapsed.
#[cfg_attr(feature = "console", allow(dead_code))]
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
            'ç' | 'Ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'Î' | 'Ï' => 'i',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
            '’' | '\'' | '-' => ' ',
            c => c.to_ascii_lowercase(),
        };
        if !(folded == ' ' && out.ends_with(' ')) {
            out.push(folded);
        }
    }
    out.trim().to_owned()
}

/// The French plural mark of a count: « s » above one.
pub fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}
