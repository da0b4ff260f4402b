//! What the courts report (art. 138, 143): the periodic activity report a delegate or regional
//! coordinator sends the heads of each jurisdiction of the territory — what was held, who attended
//! from that jurisdiction, what is coming —, and the year a written execution report may be sent for.

use chrono::{Datelike, NaiveDate};

use crate::dates::long_fr;

/// The longest period one activity report covers.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// Whether an activity report may cover `from`..=`to` on `today`: a period already begun, of a
/// year at most.
pub fn check_activity_period(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<(), &'static str> {
    if to < from {
        return Err("la fin de la période suit son début");
    }
    if from > today {
        return Err("la période rend compte d’une activité déjà commencée");
    }
    if (to - from).num_days() >= MAX_PERIOD_DAYS {
        return Err("une période d’un an au plus");
    }
    Ok(())
}

/// Whether the written execution report of `year` may be sent on `today`: a year begun, not one to come.
pub fn check_report_year(year: i32, today: NaiveDate) -> Result<(), &'static str> {
    if year > today.year() {
        Err("le rapport rend compte d’une année commencée")
    } else {
        Ok(())
    }
}

/// An action held in the period, with the participants from the jurisdiction the report goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldAction {
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub participants: Vec<String>,
}

/// An action to come, with the last day to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComingAction {
    pub title: String,
    pub start: NaiveDate,
    pub applications_close: NaiveDate,
}

/// The report to the heads of `jurisdiction` (art. 138), in French.
pub fn activity_text(
    jurisdiction: &str,
    from: NaiveDate,
    to: NaiveDate,
    held: &[HeldAction],
    coming: &[ComingAction],
) -> String {
    let mut text = format!(
        "Activité de formation déconcentrée du {} au {}, pour le {jurisdiction} (art. 138).\n",
        long_fr(from),
        long_fr(to)
    );
    if held.is_empty() {
        text.push_str("\nAucune action tenue sur la période.\n");
    } else {
        text.push_str("\nActions tenues :\n");
        for h in held {
            let who = if h.participants.is_empty() {
                "aucun magistrat de la juridiction".to_owned()
            } else {
                format!("{} magistrat(s) de la juridiction : {}", h.participants.len(), h.participants.join(", "))
            };
            text.push_str(&format!("– {} (du {} au {}) : {who}\n", h.title, long_fr(h.start), long_fr(h.end)));
        }
    }
    if coming.is_empty() {
        text.push_str("\nAucune action annoncée pour l’instant.\n");
    } else {
        text.push_str("\nÀ venir :\n");
        for c in coming {
            text.push_str(&format!(
                "– {} (à partir du {}), candidatures jusqu’au {}\n",
                c.title,
                long_fr(c.start),
                long_fr(c.applications_close)
            ));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, d).unwrap_or_default()
    }

    #[test]
    fn art_138_a_report_covers_a_period_already_begun_of_a_year_at_most() {
        assert!(check_activity_period(day(1, 1), day(3, 31), day(4, 2)).is_ok());
        assert!(check_activity_period(day(3, 31), day(1, 1), day(4, 2)).is_err());
        assert!(check_activity_period(day(5, 1), day(6, 30), day(4, 2)).is_err());
        let long = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        assert!(check_activity_period(long, day(3, 31), day(4, 2)).is_err());
    }

    #[test]
    fn art_143_the_report_is_of_a_year_begun() {
        assert!(check_report_year(2027, day(12, 15)).is_ok());
        assert!(check_report_year(2026, day(1, 5)).is_ok());
        assert!(check_report_year(2028, day(12, 15)).is_err());
    }

    #[test]
    fn art_138_the_heads_read_what_was_held_who_came_from_their_jurisdiction_and_what_is_coming() {
        let held = [HeldAction {
            title: "Rencontre des juges des libertés".into(),
            start: day(3, 1),
            end: day(3, 2),
            participants: vec!["Camille Durand".into(), "Paul Martin".into()],
        }];
        let coming =
            [ComingAction { title: "Atelier d’audition".into(), start: day(5, 10), applications_close: day(4, 26) }];
        let text = activity_text("Tribunal judiciaire de Lyon", day(1, 1), day(3, 31), &held, &coming);
        assert!(text.contains("pour le Tribunal judiciaire de Lyon (art. 138)"), "{text}");
        assert!(text.contains("2 magistrat(s) de la juridiction : Camille Durand, Paul Martin"), "{text}");
        assert!(
            text.contains(
                "Atelier d’audition (à partir du lundi 10 mai 2027), candidatures jusqu’au lundi 26 avril 2027"
            ),
            "{text}"
        );
        let quiet = activity_text("Tribunal judiciaire de Lyon", day(1, 1), day(3, 31), &[], &[]);
        assert!(quiet.contains("Aucune action tenue") && quiet.contains("Aucune action annoncée"), "{quiet}");
    }
}
