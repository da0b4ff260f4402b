//! Who gives a national action and what it holds (art. 132): the session director named by the
//! School for a year, renewable up to three years unless the School records exceptional
//! circumstances; the programme by half-day and its speakers, which the session director proposes
//! and the director of the School validates or sends back; a national action is published only
//! with a validated programme. A speaker in two actions at the same half-day is a conflict that
//! is shown and needs a recorded reason to go through.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::enums::{HalfDay, ProgrammeStatus, Scope};

/// The years a session director may serve one action, unless the School records exceptional
/// circumstances (art. 132: « dans la limite, sauf circonstances exceptionnelles, de trois années »).
pub const MAX_DIRECTOR_YEARS: i32 = 3;

/// How the refusal to select a magistrate already selected for an action sharing a day ends: the
/// client asks the decider for the reason then, and sends the decisions again with it (art. 131).
pub const OVERLAP_HOLD: &str = "indiquez pourquoi le (la) retenir quand même, ou décidez autrement.";

/// The most sequences a programme holds (a long cycle of several weeks, two or three a half-day).
pub const MAX_SEQUENCES: usize = 200;

/// The most speakers one sequence names.
pub const MAX_SPEAKERS_PER_SEQUENCE: usize = 12;

/// The year of the named director's term on an action: 1 for a first nomination, one more than
/// the term it renews when it renews the same person on the action of the year before.
pub fn director_term(renewed: Option<RenewedTerm>, year: i32) -> Result<i32, &'static str> {
    match renewed {
        None => Ok(1),
        Some(previous) if previous.year + 1 == year => Ok(previous.term + 1),
        Some(_) => Err("Un renouvellement porte sur l’action de l’année précédente (art. 132)."),
    }
}

/// The nomination a renewal continues: its action's year and its term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenewedTerm {
    pub year: i32,
    pub term: i32,
}

/// Whether a nomination for its `term`-th year may be made: beyond three years only with the
/// exceptional circumstances written down (art. 132).
pub fn check_term(term: i32, exceptional_circumstances: Option<&str>) -> Result<(), String> {
    let recorded = exceptional_circumstances.is_some_and(|t| !t.trim().is_empty());
    if term > MAX_DIRECTOR_YEARS && !recorded {
        return Err(format!(
            "Un directeur de session est nommé pour un an, renouvelable dans la limite de trois années \
             sauf circonstances exceptionnelles (art. 132) : ce serait sa {term}e année, indiquez ces circonstances."
        ));
    }
    Ok(())
}

/// « 1re année », « 2e année »: the year of a director's term, in French.
pub fn term_fr(term: i32) -> String {
    if term == 1 {
        "1re année".to_owned()
    } else {
        format!("{term}e année")
    }
}

/// A step on a programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgrammeStep {
    /// Writing the sequences and speakers.
    Edit,
    /// Sending it to the School.
    Propose,
    /// The director of the School validates it or sends it back.
    Review,
}

/// Whether a programme in `status` may take `step`; if not, why, in French.
pub fn check(step: ProgrammeStep, status: ProgrammeStatus) -> Result<(), &'static str> {
    use ProgrammeStatus as S;
    match (step, status) {
        (ProgrammeStep::Edit | ProgrammeStep::Propose, S::Draft | S::Returned) => Ok(()),
        (ProgrammeStep::Edit | ProgrammeStep::Propose, S::Proposed) => {
            Err("Le programme est proposé à l’École : il attend la décision du directeur de l’École (art. 132).")
        }
        (ProgrammeStep::Edit | ProgrammeStep::Propose, S::Validated) => {
            Err("Le programme est validé par le directeur de l’École : il ne change plus.")
        }
        (ProgrammeStep::Review, S::Proposed) => Ok(()),
        (ProgrammeStep::Review, S::Validated) => Err("Ce programme est déjà validé."),
        (ProgrammeStep::Review, S::Draft | S::Returned) => {
            Err("Le directeur de l’École valide le programme que le directeur de session lui propose : il ne l’est pas encore.")
        }
    }
}

/// Whether an action of `scope` whose programme is `status` may be published: a national action
/// only with a validated programme (art. 132); a deconcentrated one sends its programme after
/// the action (art. 141).
pub fn check_publishable(scope: Scope, status: Option<ProgrammeStatus>) -> Result<(), &'static str> {
    match (scope, status) {
        (Scope::Deconcentrated, _) | (Scope::National, Some(ProgrammeStatus::Validated)) => Ok(()),
        (Scope::National, _) => {
            Err("Une action nationale est publiée avec son programme validé par le directeur de l’École (art. 132) : \
             il ne l’est pas encore.")
        }
    }
}

/// One sequence of a programme, by half-day, with its speakers (ids in the trainers' directory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    pub day: NaiveDate,
    pub half_day: HalfDay,
    pub title: String,
    pub speakers: Vec<i64>,
}

/// Whether `sequences` make a programme of an action held from `start` to `end`: at least one,
/// each on a day of the action, titled, its speakers named once. The reason names the sequence.
pub fn check_sequences(sequences: &[Sequence], start: NaiveDate, end: NaiveDate) -> Result<(), String> {
    if sequences.is_empty() {
        return Err("Le programme compte au moins une séquence.".to_owned());
    }
    if sequences.len() > MAX_SEQUENCES {
        return Err(format!("{MAX_SEQUENCES} séquences au plus."));
    }
    for (i, s) in sequences.iter().enumerate() {
        let n = i + 1;
        if s.day < start || s.day > end {
            return Err(format!("Séquence {n} : le {} n’est pas un jour de l’action.", crate::dates::long_fr(s.day)));
        }
        if s.title.trim().is_empty() {
            return Err(format!("Séquence {n} : son intitulé est requis."));
        }
        if s.speakers.len() > MAX_SPEAKERS_PER_SEQUENCE {
            return Err(format!("Séquence {n} : {MAX_SPEAKERS_PER_SEQUENCE} intervenants au plus."));
        }
        let distinct: HashSet<i64> = s.speakers.iter().copied().collect();
        if distinct.len() != s.speakers.len() {
            return Err(format!("Séquence {n} : un intervenant y est nommé deux fois."));
        }
    }
    Ok(())
}

/// The half-days each speaker gives in `sequences`, once each.
pub fn speaker_half_days(sequences: &[Sequence]) -> Vec<(i64, NaiveDate, HalfDay)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for s in sequences {
        for &speaker in &s.speakers {
            if seen.insert((speaker, s.day, s.half_day)) {
                out.push((speaker, s.day, s.half_day));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap_or_default()
    }

    fn seq(d: u32, half: HalfDay, speakers: &[i64]) -> Sequence {
        Sequence { day: day(d), half_day: half, title: "Audience".into(), speakers: speakers.to_vec() }
    }

    #[test]
    fn art_132_a_first_nomination_is_the_first_year_and_a_renewal_the_next() {
        assert_eq!(director_term(None, 2027), Ok(1));
        assert_eq!(director_term(Some(RenewedTerm { year: 2026, term: 2 }), 2027), Ok(3));
        assert!(director_term(Some(RenewedTerm { year: 2025, term: 1 }), 2027).is_err());
        assert!(director_term(Some(RenewedTerm { year: 2027, term: 1 }), 2027).is_err());
    }

    #[test]
    fn art_132_a_fourth_year_needs_exceptional_circumstances_written_down() {
        assert!(check_term(3, None).is_ok());
        let refused = check_term(4, None).err().unwrap_or_default();
        assert!(refused.contains("4e année") && refused.contains("art. 132"), "{refused}");
        assert!(check_term(4, Some("  ")).is_err());
        assert!(check_term(4, Some("Réforme de la procédure pénale en cours")).is_ok());
        assert_eq!(term_fr(1), "1re année");
        assert_eq!(term_fr(3), "3e année");
    }

    #[test]
    fn art_132_a_programme_is_proposed_then_validated_or_sent_back_and_never_changed_once_validated() {
        use ProgrammeStatus as S;
        assert!(check(ProgrammeStep::Edit, S::Draft).is_ok());
        assert!(check(ProgrammeStep::Edit, S::Returned).is_ok());
        assert!(check(ProgrammeStep::Edit, S::Proposed).is_err());
        assert!(check(ProgrammeStep::Edit, S::Validated).is_err());
        assert!(check(ProgrammeStep::Review, S::Draft).is_err());
        assert!(check(ProgrammeStep::Review, S::Proposed).is_ok());
        assert!(check(ProgrammeStep::Review, S::Validated).is_err());
    }

    #[test]
    fn art_132_a_national_action_is_published_only_with_a_validated_programme() {
        assert!(check_publishable(Scope::National, None).is_err());
        assert!(check_publishable(Scope::National, Some(ProgrammeStatus::Proposed)).is_err());
        assert!(check_publishable(Scope::National, Some(ProgrammeStatus::Validated)).is_ok());
        assert!(check_publishable(Scope::Deconcentrated, None).is_ok());
    }

    #[test]
    fn sequences_fall_on_the_actions_days_with_a_title_and_each_speaker_once() {
        let ok = [seq(8, HalfDay::Morning, &[1, 2]), seq(9, HalfDay::Afternoon, &[1])];
        assert!(check_sequences(&ok, day(8), day(9)).is_ok());
        assert!(check_sequences(&[], day(8), day(9)).is_err());
        let outside = check_sequences(&[seq(10, HalfDay::Morning, &[])], day(8), day(9)).err().unwrap_or_default();
        assert!(outside.starts_with("Séquence 1") && outside.contains("10 mars 2027"), "{outside}");
        assert!(check_sequences(&[seq(8, HalfDay::Morning, &[3, 3])], day(8), day(9)).is_err());
        let untitled = Sequence { title: " ".into(), ..seq(8, HalfDay::Morning, &[]) };
        assert!(check_sequences(&[untitled], day(8), day(9)).is_err());
    }

    #[test]
    fn a_speaker_in_two_sequences_of_one_half_day_is_counted_once() {
        let s = [seq(8, HalfDay::Morning, &[1]), seq(8, HalfDay::Morning, &[1, 2]), seq(8, HalfDay::Afternoon, &[1])];
        assert_eq!(
            speaker_half_days(&s),
            vec![(1, day(8), HalfDay::Morning), (2, day(8), HalfDay::Morning), (1, day(8), HalfDay::Afternoon)]
        );
    }
}
