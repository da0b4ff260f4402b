//! Validated values: parse, don't validate. GraphQL inputs are converted once, at the edge, into
//! these types; a value that exists is a value that is valid.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An input that failed validation: which field, and a French sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} : {message}")]
pub struct ValueError {
    pub field: &'static str,
    pub message: String,
}

impl ValueError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

/// Most ranked wishes a magistrate may hold in one year.
pub const MAX_WISHES_PER_YEAR: i32 = 20;

/// A wish's preference rank, 1 being the most wanted (art. 130).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Rank(i32);

impl Rank {
    pub fn parse(value: i32) -> Result<Self, ValueError> {
        if (1..=MAX_WISHES_PER_YEAR).contains(&value) {
            Ok(Rank(value))
        } else {
            Err(ValueError::new("rank", format!("le rang doit être compris entre 1 et {MAX_WISHES_PER_YEAR}")))
        }
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

/// Trims `value` and checks it is not empty, not longer than `max_chars`, and free of control
/// characters other than line breaks and tabs.
pub fn required_text(field: &'static str, value: &str, max_chars: usize) -> Result<String, ValueError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ValueError::new(field, "ce champ est obligatoire"));
    }
    if trimmed.chars().count() > max_chars {
        return Err(ValueError::new(field, format!("{max_chars} caractères au plus")));
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(ValueError::new(field, "caractères de contrôle interdits"));
    }
    Ok(trimmed.to_owned())
}

/// One `@`, something on each side, a dot in the domain, no spaces.
pub fn plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// An e-mail address, trimmed and in lower case, plausible and at most 320 characters.
pub fn email_address(field: &'static str, value: &str) -> Result<String, ValueError> {
    let address = required_text(field, value, 320)?.to_lowercase();
    if !plausible_email(&address) {
        return Err(ValueError::new(field, format!("adresse électronique invalide « {address} »")));
    }
    Ok(address)
}

/// An HR identifier as the directory gives it (`identifiant`): trimmed, without spaces, at most 64
/// characters.
pub fn hr_identifier(field: &'static str, value: &str) -> Result<String, ValueError> {
    let identifier = required_text(field, value, 64)?;
    if identifier.contains(char::is_whitespace) {
        return Err(ValueError::new(field, "l’identifiant ne contient pas d’espace"));
    }
    Ok(identifier)
}

/// Like [`required_text`], but empty or absent gives `None`.
pub fn optional_text(field: &'static str, value: Option<&str>, max_chars: usize) -> Result<Option<String>, ValueError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => required_text(field, v, max_chars).map(Some),
    }
}

/// The shortest local password accepted (development and the break-glass administrator; everyone
/// else signs in through the Ministry's single sign-on).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest, so that hashing stays cheap.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A new local password: long enough, not too long, not only spaces.
pub fn new_password(value: &str) -> Result<&str, ValueError> {
    let chars = value.chars().count();
    if chars < MIN_PASSWORD_CHARS || value.trim().is_empty() {
        return Err(ValueError::new("newPassword", format!("{MIN_PASSWORD_CHARS} caractères au moins")));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(ValueError::new("newPassword", format!("{MAX_PASSWORD_CHARS} caractères au plus")));
    }
    Ok(value)
}

/// A year of the programme, within sane bounds.
pub fn programme_year(year: i32) -> Result<i32, ValueError> {
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(ValueError::new("year", "année hors de la plage 2000–2100"))
    }
}

/// The dates, capacity and length of a session, checked together.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSchedule {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Duration in half-days, so that 2.5 days is exact.
    pub duration_half_days: i32,
    pub capacity: i32,
    pub applications_open: NaiveDate,
    pub applications_close: NaiveDate,
}

/// Largest capacity a single training action may announce.
pub const MAX_CAPACITY: i32 = 2_000;

impl SessionSchedule {
    pub fn parse(
        start: NaiveDate,
        end: NaiveDate,
        duration_days: f64,
        capacity: i32,
        applications_open: NaiveDate,
        applications_close: NaiveDate,
    ) -> Result<Self, ValueError> {
        if end < start {
            return Err(ValueError::new("endDate", "la date de fin précède la date de début"));
        }
        if applications_close < applications_open {
            return Err(ValueError::new("applicationsClose", "la clôture des inscriptions précède leur ouverture"));
        }
        if applications_close >= start {
            return Err(ValueError::new(
                "applicationsClose",
                "les inscriptions doivent être closes avant le début de l’action",
            ));
        }
        let span_days = (end - start).num_days() + 1;
        if span_days > 400 {
            return Err(ValueError::new("endDate", "une action ne peut durer plus d’un an"));
        }
        let half_days = duration_days * 2.0;
        if !duration_days.is_finite() || duration_days <= 0.0 || half_days.fract() != 0.0 {
            return Err(ValueError::new("durationDays", "la durée se compte en demi-journées (0,5 ; 1 ; 1,5…)"));
        }
        if half_days > (span_days * 2) as f64 {
            return Err(ValueError::new(
                "durationDays",
                "la durée dépasse le nombre de jours entre le début et la fin",
            ));
        }
        if !(1..=MAX_CAPACITY).contains(&capacity) {
            return Err(ValueError::new(
                "capacity",
                format!("la capacité doit être comprise entre 1 et {MAX_CAPACITY}"),
            ));
        }
        Ok(Self { start, end, duration_half_days: half_days as i32, capacity, applications_open, applications_close })
    }

    pub fn duration_days(&self) -> f64 {
        f64::from(self.duration_half_days) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn a_rank_is_between_one_and_the_yearly_maximum() {
        assert!(Rank::parse(0).is_err());
        assert!(Rank::parse(-3).is_err());
        assert!(Rank::parse(MAX_WISHES_PER_YEAR + 1).is_err());
        assert_eq!(Rank::parse(1).map(Rank::get), Ok(1));
    }

    #[test]
    fn required_text_is_trimmed_and_refuses_blank_or_control_characters() {
        assert_eq!(required_text("t", "  Droit  ", 10), Ok("Droit".to_owned()));
        assert!(required_text("t", "   ", 10).is_err());
        assert!(required_text("t", "a\u{0}b", 10).is_err());
        assert!(required_text("t", "éééééééééééé", 10).is_err());
        assert_eq!(optional_text("t", Some("  "), 10), Ok(None));
    }

    #[test]
    fn a_schedule_refuses_reversed_dates_and_odd_durations() {
        assert!(SessionSchedule::parse(d(6, 10), d(6, 9), 1.0, 20, d(1, 1), d(3, 1)).is_err());
        assert!(SessionSchedule::parse(d(6, 10), d(6, 12), 0.3, 20, d(1, 1), d(3, 1)).is_err());
        assert!(SessionSchedule::parse(d(6, 10), d(6, 12), 4.0, 20, d(1, 1), d(3, 1)).is_err());
        assert!(SessionSchedule::parse(d(6, 10), d(6, 12), 3.0, 0, d(1, 1), d(3, 1)).is_err());
        assert!(SessionSchedule::parse(d(6, 10), d(6, 12), 3.0, 20, d(3, 1), d(1, 1)).is_err());
        assert!(SessionSchedule::parse(d(6, 10), d(6, 12), 3.0, 20, d(1, 1), d(6, 10)).is_err());
        let ok = SessionSchedule::parse(d(6, 10), d(6, 12), 2.5, 20, d(1, 1), d(3, 1));
        assert_eq!(ok.map(|s| s.duration_half_days), Ok(5));
    }
}
