//! The training obligations of a magistrate for a year (art. 125, 126, 128), and how far the days
//! counted go toward each. Days are counted in half-days so that 2.5 days is exact.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::enums::RecruitmentPath;
use crate::rules::careers::art_126_period_meets_year;

/// Every magistrate, every year (art. 125): five days.
pub const ANNUAL_HALF_DAYS: i32 = 5 * 2;
/// Named to a function never held before (art. 126): ten days of theory at the School…
pub const NEW_FUNCTION_THEORY_HALF_DAYS: i32 = 10 * 2;
/// …and ten days of internship in a court of the territory (fifteen on request).
pub const NEW_FUNCTION_INTERNSHIP_HALF_DAYS: i32 = 10 * 2;
/// Art. 22 recruits (art. 128, 2°): ten days a year for six years…
pub const ARTICLE_22_HALF_DAYS: i32 = 10 * 2;
/// …of which at least five tied to the functions held.
pub const ARTICLE_22_FUNCTION_HALF_DAYS: i32 = 5 * 2;
/// Art. 21-1 recruits (art. 128, 1°): three months within six years, counted as 60 working days
/// (three months of twenty working days; the regulation gives no finer measure).
pub const ARTICLE_21_1_HALF_DAYS: i32 = 60 * 2;
/// Years after nomination during which art. 128 applies.
pub const ARTICLE_128_YEARS: i32 = 6;

/// Which obligation a line of the sheet is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(async_graphql::Enum))]
pub enum ObligationKind {
    /// Five days a year (art. 125).
    #[cfg_attr(feature = "server", graphql(name = "ANNUAL"))]
    Annual,
    /// Theory at the School when taking up a function (art. 126).
    #[cfg_attr(feature = "server", graphql(name = "NEW_FUNCTION_THEORY"))]
    NewFunctionTheory,
    /// Internship in a court when taking up a function never held before (art. 126).
    #[cfg_attr(feature = "server", graphql(name = "NEW_FUNCTION_INTERNSHIP"))]
    NewFunctionInternship,
    /// Ten days a year for art. 22 recruits (art. 128, 2°).
    #[cfg_attr(feature = "server", graphql(name = "ARTICLE_22_ANNUAL"))]
    Article22Annual,
    /// Five of them tied to the functions held (art. 128, 2°).
    #[cfg_attr(feature = "server", graphql(name = "ARTICLE_22_FUNCTIONS"))]
    Article22Functions,
    /// Three months within six years for art. 21-1 recruits (art. 128, 1°).
    #[cfg_attr(feature = "server", graphql(name = "ARTICLE_21_1_SIX_YEARS"))]
    Article21_1SixYears,
}

impl ObligationKind {
    /// The article the obligation comes from.
    pub fn article(self) -> &'static str {
        match self {
            Self::Annual => "art. 125",
            Self::NewFunctionTheory | Self::NewFunctionInternship => "art. 126",
            Self::Article22Annual | Self::Article22Functions => "art. 128, 2°",
            Self::Article21_1SixYears => "art. 128, 1°",
        }
    }

    /// A French label for the sheet.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Annual => "Obligation annuelle de formation (5 jours)",
            Self::NewFunctionTheory => "Formation théorique à la prise de fonction (10 jours)",
            Self::NewFunctionInternship => "Stage pratique à la prise de fonction (10 jours)",
            Self::Article22Annual => "Recrutement article 22 : 10 jours par an",
            Self::Article22Functions => "Recrutement article 22 : dont 5 jours liés aux fonctions",
            Self::Article21_1SixYears => "Recrutement article 21-1 : trois mois en six ans",
        }
    }
}

/// The career facts the obligations depend on, read from the person's postings
/// (`rules::careers`) and the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Career {
    pub appointed_on: NaiveDate,
    pub recruitment: RecruitmentPath,
    /// The day the current function was taken up (`careers::function_taken_up_on`).
    pub function_taken_up_on: NaiveDate,
    /// Whether the current function had never been held before (`careers::never_held_before`).
    pub function_never_held_before: bool,
}

/// The days counted toward a year's obligations, in half-days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DaysCounted {
    /// Every training counted in the year: national, deconcentrated, online, validated (art. 125).
    pub total: i32,
    /// Of which tied to the functions held (art. 128, 2°).
    pub tied_to_functions: i32,
    /// Theory at the School (national actions other than internships) within the art. 126 period
    /// (`careers::art_126_period`), whatever the calendar year.
    pub school_theory: i32,
    /// Internships within the art. 126 period.
    pub internship: i32,
    /// Every day counted since nomination, this year included (art. 128, 1°).
    pub since_appointment: i32,
}

/// One obligation and where the magistrate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObligationStatus {
    pub kind: ObligationKind,
    pub required_half_days: i32,
    pub counted_half_days: i32,
    /// Whether what is missing is owed by the end of this year; `false` for an obligation spread
    /// over several years that is shown as progress (art. 128, 1°, before its last year).
    pub due_this_year: bool,
}

impl ObligationStatus {
    fn new(kind: ObligationKind, required: i32, counted: i32) -> Self {
        Self { kind, required_half_days: required, counted_half_days: counted.min(required), due_this_year: true }
    }

    /// What is still missing, in half-days.
    pub fn shortfall_half_days(&self) -> i32 {
        (self.required_half_days - self.counted_half_days).max(0)
    }

    pub fn met(&self) -> bool {
        self.shortfall_half_days() == 0
    }
}

/// Whether `year` falls within the six years following nomination (art. 128).
pub fn within_six_years_of_nomination(appointed_on: NaiveDate, year: i32) -> bool {
    let first = appointed_on.year();
    year >= first && year < first + ARTICLE_128_YEARS
}

/// The obligations that apply to `career` in `year`, with the days counted toward each.
pub fn obligations(career: &Career, year: i32, days: &DaysCounted) -> Vec<ObligationStatus> {
    let mut out = vec![ObligationStatus::new(ObligationKind::Annual, ANNUAL_HALF_DAYS, days.total)];
    // Art. 126: owed only for a function never held before; for one held before the theory is
    // offered, not owed, and shows no shortfall.
    if career.function_never_held_before && art_126_period_meets_year(career.function_taken_up_on, year) {
        out.push(ObligationStatus::new(
            ObligationKind::NewFunctionTheory,
            NEW_FUNCTION_THEORY_HALF_DAYS,
            days.school_theory,
        ));
        out.push(ObligationStatus::new(
            ObligationKind::NewFunctionInternship,
            NEW_FUNCTION_INTERNSHIP_HALF_DAYS,
            days.internship,
        ));
    }
    if within_six_years_of_nomination(career.appointed_on, year) {
        match career.recruitment {
            RecruitmentPath::Article22 => {
                out.push(ObligationStatus::new(ObligationKind::Article22Annual, ARTICLE_22_HALF_DAYS, days.total));
                out.push(ObligationStatus::new(
                    ObligationKind::Article22Functions,
                    ARTICLE_22_FUNCTION_HALF_DAYS,
                    days.tied_to_functions,
                ));
            }
            // Art. 128, 1°, concerns those recruited under the text of art. 21-1 in force before
            // 31 December 2024: the directory's `ARTICLE_21_1` says which text, whatever the date
            // of nomination. The three months are progress over the six years, owed by the end of
            // the sixth.
            RecruitmentPath::Article21_1 => {
                let mut line = ObligationStatus::new(
                    ObligationKind::Article21_1SixYears,
                    ARTICLE_21_1_HALF_DAYS,
                    days.since_appointment,
                );
                line.due_this_year = year == career.appointed_on.year() + ARTICLE_128_YEARS - 1;
                out.push(line);
            }
            RecruitmentPath::Competition => {}
        }
    }
    out
}

/// The largest shortfall among `statuses` owed this year, in half-days: what the magistrate still
/// has to do by the end of the year.
pub fn shortfall(statuses: &[ObligationStatus]) -> i32 {
    statuses.iter().filter(|s| s.due_this_year).map(ObligationStatus::shortfall_half_days).max().unwrap_or(0)
}

/// Art. 126: the theory owed for a function never held before is given by the School in actions
/// it marks as prise-de-fonction training (`onboarding`) for that function — or for any, when the
/// action names no function. Other actions of the School do not count toward it.
pub fn counts_toward_art_126_theory(onboarding: bool, targets: &[i64], function_taken_up: Option<i64>) -> bool {
    onboarding && (targets.is_empty() || function_taken_up.is_some_and(|f| targets.contains(&f)))
}

/// Art. 126: the internship is « effectué dans un tribunal du ressort de la cour d’affectation »:
/// an internship counts when it is one of that court's (a deconcentrated internship of the court of
/// assignment); a national internship, or another court's, does not count toward it (it still
/// counts toward the year's days). To be confirmed by the School.
pub fn counts_toward_art_126_internship(internship_courts: &[i64], court_of_assignment: Option<i64>) -> bool {
    court_of_assignment.is_some_and(|court| internship_courts.contains(&court))
}

/// Art. 128, 2°: whether an action meant for `targets` (function ids; none: open to all, tied to
/// no function) relates to one of the functions `held`.
pub fn relates_to_functions_held(targets: &[i64], held: &[i64]) -> bool {
    targets.iter().any(|t| held.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    fn career(path: RecruitmentPath, appointed: NaiveDate, since: NaiveDate, new: bool) -> Career {
        Career {
            appointed_on: appointed,
            recruitment: path,
            function_taken_up_on: since,
            function_never_held_before: new,
        }
    }

    fn kinds(s: &[ObligationStatus]) -> Vec<ObligationKind> {
        s.iter().map(|o| o.kind).collect()
    }

    #[test]
    fn art_125_every_magistrate_owes_five_days_a_year() {
        let c = career(RecruitmentPath::Competition, d(2005, 9, 1), d(2019, 9, 1), false);
        let s = obligations(&c, 2027, &DaysCounted { total: 6, ..DaysCounted::default() });
        assert_eq!(kinds(&s), vec![ObligationKind::Annual]);
        assert_eq!(s[0].shortfall_half_days(), 4, "3 days done, 2 missing");
        let done = obligations(&c, 2027, &DaysCounted { total: 12, ..DaysCounted::default() });
        assert!(done[0].met());
        assert_eq!(done[0].counted_half_days, 10, "counted up to what is required");
    }

    #[test]
    fn art_126_a_function_never_held_before_owes_ten_days_of_theory_and_ten_of_internship() {
        let c = career(RecruitmentPath::Competition, d(2010, 9, 1), d(2027, 3, 1), true);
        let days = DaysCounted { total: 30, school_theory: 20, internship: 8, ..DaysCounted::default() };
        let s = obligations(&c, 2027, &days);
        assert_eq!(
            kinds(&s),
            vec![ObligationKind::Annual, ObligationKind::NewFunctionTheory, ObligationKind::NewFunctionInternship]
        );
        assert!(s[1].met());
        assert_eq!(s[2].shortfall_half_days(), 12);
        assert_eq!(shortfall(&s), 12);
    }

    #[test]
    fn art_126_a_function_held_before_owes_nothing_and_shows_no_shortfall() {
        let c = career(RecruitmentPath::Competition, d(2010, 9, 1), d(2027, 3, 1), false);
        let s = obligations(&c, 2027, &DaysCounted { total: 10, ..DaysCounted::default() });
        assert_eq!(kinds(&s), vec![ObligationKind::Annual], "the theory is offered, not owed");
        assert_eq!(shortfall(&s), 0);
    }

    #[test]
    fn art_126_is_owed_in_the_twelve_months_from_taking_up_the_function_across_the_new_year() {
        let c = career(RecruitmentPath::Competition, d(2010, 9, 1), d(2026, 9, 1), true);
        let next_year = obligations(&c, 2027, &DaysCounted::default());
        assert_eq!(
            kinds(&next_year),
            vec![ObligationKind::Annual, ObligationKind::NewFunctionTheory, ObligationKind::NewFunctionInternship],
            "taken up on 1 September 2026, still owed in 2027"
        );
        assert_eq!(kinds(&obligations(&c, 2028, &DaysCounted::default())), vec![ObligationKind::Annual]);
        assert_eq!(kinds(&obligations(&c, 2025, &DaysCounted::default())), vec![ObligationKind::Annual]);
    }

    #[test]
    fn art_128_article_22_recruits_owe_ten_days_a_year_five_tied_to_their_functions_for_six_years() {
        let c = career(RecruitmentPath::Article22, d(2023, 9, 1), d(2023, 9, 1), false);
        let days = DaysCounted { total: 20, tied_to_functions: 6, ..DaysCounted::default() };
        let s = obligations(&c, 2027, &days);
        assert_eq!(
            kinds(&s),
            vec![ObligationKind::Annual, ObligationKind::Article22Annual, ObligationKind::Article22Functions]
        );
        assert!(s[1].met());
        assert_eq!(s[2].shortfall_half_days(), 4);
        assert!(within_six_years_of_nomination(d(2023, 9, 1), 2028));
        assert!(!within_six_years_of_nomination(d(2023, 9, 1), 2029));
        let later = obligations(&c, 2029, &days);
        assert_eq!(kinds(&later), vec![ObligationKind::Annual], "the seventh year is an ordinary one");
    }

    #[test]
    fn art_128_article_21_1_three_months_are_progress_over_six_years_not_a_yearly_shortfall() {
        let c = career(RecruitmentPath::Article21_1, d(2022, 1, 3), d(2022, 1, 3), false);
        let days = DaysCounted { total: 10, since_appointment: 100, ..DaysCounted::default() };
        let s = obligations(&c, 2025, &days);
        assert_eq!(kinds(&s), vec![ObligationKind::Annual, ObligationKind::Article21_1SixYears]);
        assert_eq!(s[1].shortfall_half_days(), 20, "50 of 60 days done");
        assert!(!s[1].due_this_year);
        assert_eq!(shortfall(&s), 0, "the fourth year owes only its five days");
        let last = obligations(&c, 2027, &days);
        assert!(last[1].due_this_year, "the sixth year owes what is left");
        assert_eq!(shortfall(&last), 20);
    }

    #[test]
    fn art_128_article_21_1_is_about_the_text_recruited_under_not_the_date_of_nomination() {
        let days = DaysCounted::default();
        let named_after_the_reform = career(RecruitmentPath::Article21_1, d(2025, 3, 1), d(2025, 3, 1), false);
        assert_eq!(
            kinds(&obligations(&named_after_the_reform, 2026, &days)),
            vec![ObligationKind::Annual, ObligationKind::Article21_1SixYears],
            "recruited under the former text, named in 2025"
        );
    }

    #[test]
    fn art_126_theory_comes_from_prise_de_fonction_actions_for_the_function_taken_up() {
        assert!(counts_toward_art_126_theory(true, &[4], Some(4)));
        assert!(counts_toward_art_126_theory(true, &[], Some(4)), "a prise-de-fonction action for every function");
        assert!(!counts_toward_art_126_theory(true, &[5], Some(4)), "for another function");
        assert!(!counts_toward_art_126_theory(false, &[4], Some(4)), "not marked as prise-de-fonction training");
    }

    #[test]
    fn art_126_internship_is_one_in_the_territory_of_the_court_of_assignment() {
        assert!(counts_toward_art_126_internship(&[3], Some(3)));
        assert!(!counts_toward_art_126_internship(&[4], Some(3)), "another court's");
        assert!(!counts_toward_art_126_internship(&[], Some(3)), "a national internship");
        assert!(!counts_toward_art_126_internship(&[3], None), "no court of assignment (Cour de cassation)");
    }

    #[test]
    fn art_128_2_an_action_relates_to_the_functions_held_when_it_targets_one_of_them() {
        assert!(relates_to_functions_held(&[7, 2], &[1, 2]));
        assert!(!relates_to_functions_held(&[7], &[1, 2]));
        assert!(!relates_to_functions_held(&[], &[1, 2]), "an action open to all relates to no function in particular");
    }
}
