//! What an import of the directory would change, from the lines read, the reference data and the
//! people already known: who is created, who changes (each field with before and after), who is
//! ended, who is unchanged — or every line that cannot be imported, and why.
//!
//! The rules, for the School to confirm:
//! - a person is the same person when the `identifiant` is the same; nothing else matches;
//! - a changed assignment, function or bench ends the current posting and opens a new one, from the
//!   file's `depuis` when it is later than the current posting's start, else from the day of the
//!   import (the file gives no other date for a move in the same function);
//! - a changed `depuis` alone corrects the start of the posting that took the function up;
//! - a person known from an earlier import and missing from the file is ended: account disabled,
//!   current posting closed on the day of the import, nothing deleted; a person ended earlier who
//!   comes back is enabled again.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::{name_key, DirectoryLine, LineError};
use crate::enums::{Assignment, Bench, RecruitmentPath};

/// Where a posting is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    Jurisdiction {
        court_id: i64,
        jurisdiction_id: i64,
    },
    CourtOfAppeal {
        court_id: i64,
    },
    CourDeCassation,
    /// Another body (central administration, secondment): no court's deconcentrated programme.
    Other(String),
}

impl Place {
    pub fn assignment(&self) -> Assignment {
        match self {
            Self::Jurisdiction { .. } => Assignment::Jurisdiction,
            Self::CourtOfAppeal { .. } => Assignment::CourtOfAppeal,
            Self::CourDeCassation => Assignment::CourDeCassation,
            Self::Other(_) => Assignment::Other,
        }
    }

    /// The court of appeal whose territory the posting is in, if any.
    pub fn court_id(&self) -> Option<i64> {
        match self {
            Self::Jurisdiction { court_id, .. } | Self::CourtOfAppeal { court_id } => Some(*court_id),
            _ => None,
        }
    }

    pub fn jurisdiction_id(&self) -> Option<i64> {
        match self {
            Self::Jurisdiction { jurisdiction_id, .. } => Some(*jurisdiction_id),
            _ => None,
        }
    }

    pub fn other_body(&self) -> Option<&str> {
        match self {
            Self::Other(body) => Some(body),
            _ => None,
        }
    }
}

/// The courts, jurisdictions and functions names are read against.
#[derive(Debug, Default, Clone)]
pub struct Reference {
    courts: HashMap<String, (i64, String)>,
    jurisdictions: HashMap<String, (i64, i64, String)>,
    functions: HashMap<String, (i64, String)>,
    court_names: HashMap<i64, String>,
    jurisdiction_names: HashMap<i64, String>,
    function_names: HashMap<i64, String>,
}

impl Reference {
    /// From `(id, name)` of the courts of appeal, `(id, court id, name)` of the jurisdictions and
    /// `(id, name)` of the functions.
    pub fn new(
        courts: impl IntoIterator<Item = (i64, String)>,
        jurisdictions: impl IntoIterator<Item = (i64, i64, String)>,
        functions: impl IntoIterator<Item = (i64, String)>,
    ) -> Self {
        let mut reference = Self::default();
        for (id, name) in courts {
            reference.courts.insert(name_key(&name), (id, name.clone()));
            reference.court_names.insert(id, name);
        }
        for (id, court_id, name) in jurisdictions {
            reference.jurisdictions.insert(name_key(&name), (court_id, id, name.clone()));
            reference.jurisdiction_names.insert(id, name);
        }
        for (id, name) in functions {
            reference.functions.insert(name_key(&name), (id, name.clone()));
            reference.function_names.insert(id, name);
        }
        reference
    }

    /// Reads an `affectation`: a jurisdiction's name, `Cour d'appel de <court>`, `Cour de cassation`
    /// or `Autre : <body>`.
    pub fn place(&self, text: &str) -> Result<Place, String> {
        let key = name_key(text);
        if key == "cour de cassation" {
            return Ok(Place::CourDeCassation);
        }
        if key.strip_prefix("autre").is_some_and(|rest| rest.trim_start().starts_with(':')) {
            let body = text.split_once(':').map(|(_, b)| b.trim()).unwrap_or_default();
            return if body.is_empty() {
                Err("« Autre : » sans organisme".to_owned())
            } else {
                Ok(Place::Other(body.to_owned()))
            };
        }
        if let Some(court) = key.strip_prefix("cour d'appel de ").or_else(|| key.strip_prefix("cour d'appel d'")) {
            return match self.courts.get(court.trim()) {
                Some((court_id, _)) => Ok(Place::CourtOfAppeal { court_id: *court_id }),
                None => Err(format!("cour d’appel inconnue « {} »", text.trim())),
            };
        }
        match self.jurisdictions.get(&key) {
            Some((court_id, jurisdiction_id, _)) => {
                Ok(Place::Jurisdiction { court_id: *court_id, jurisdiction_id: *jurisdiction_id })
            }
            None => Err(format!("affectation inconnue « {} »", text.trim())),
        }
    }

    pub fn function(&self, text: &str) -> Option<i64> {
        self.functions.get(&name_key(text)).map(|(id, _)| *id)
    }

    pub fn function_name(&self, id: i64) -> &str {
        self.function_names.get(&id).map(String::as_str).unwrap_or("?")
    }

    /// The place as the directory writes it.
    pub fn place_name(&self, place: &Place) -> String {
        match place {
            Place::Jurisdiction { jurisdiction_id, .. } => {
                self.jurisdiction_names.get(jurisdiction_id).cloned().unwrap_or_default()
            }
            Place::CourtOfAppeal { court_id } => {
                format!("Cour d’appel de {}", self.court_names.get(court_id).map(String::as_str).unwrap_or("?"))
            }
            Place::CourDeCassation => "Cour de cassation".to_owned(),
            Place::Other(body) => format!("Autre : {body}"),
        }
    }
}

/// A posting: where, which function, bench or prosecution, since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub place: Place,
    pub function_id: i64,
    pub bench: Bench,
    pub started_on: NaiveDate,
}

/// A person Magistra knows, as the import compares them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownPerson {
    pub user_id: i64,
    /// `None` for an account that did not come from the directory (a demo or break-glass account).
    pub identifier: Option<String>,
    /// Whether an import brought the person in. Only they are ended when the file leaves them out:
    /// an account opened by the administrator (the School's staff, the Ministry) keeps its
    /// identifier for the single sign-on without being in the magistrates' directory.
    pub from_directory: bool,
    pub display_name: String,
    pub email: String,
    pub active: bool,
    /// The career, for a magistrate.
    pub career: Option<KnownCareer>,
}

/// The career facts of a known magistrate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownCareer {
    pub posting: Posting,
    pub function_since: NaiveDate,
    pub recruitment: RecruitmentPath,
    pub appointed_on: NaiveDate,
    pub evaluator: Option<String>,
}

/// A person as the file wants them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub line: usize,
    pub identifier: String,
    pub display_name: String,
    pub email: String,
    pub place: Place,
    pub function_id: i64,
    pub bench: Bench,
    pub function_since: NaiveDate,
    pub recruitment: RecruitmentPath,
    pub appointed_on: NaiveDate,
    pub evaluator: Option<String>,
}

/// One field that changes, with its French label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// A known person whose facts change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub user_id: i64,
    pub wanted: Wanted,
    pub fields: Vec<FieldChange>,
    /// The current posting ends and a new one opens on this day.
    pub new_posting_from: Option<NaiveDate>,
    /// The start of the current posting is corrected to this day.
    pub corrected_start: Option<NaiveDate>,
    /// The person had no career yet (an account that becomes a magistrate's).
    pub career_created: bool,
}

/// A person ended by the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub user_id: i64,
    pub identifier: String,
    pub display_name: String,
}

/// What the import would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub created: Vec<Wanted>,
    pub changed: Vec<Change>,
    pub ended: Vec<Ended>,
    pub unchanged: usize,
}

impl Plan {
    /// Nothing to write: the same file again.
    pub fn is_empty(&self) -> bool {
        self.created.is_empty() && self.changed.is_empty() && self.ended.is_empty()
    }
}

/// Checks a file's lines against `reference` and `known`, and says what importing them on `today`
/// changes; the bad lines of the reading come back with those the reference data refuses.
pub fn plan_reading(
    reading: &super::file::Reading,
    reference: &Reference,
    known: &[KnownPerson],
    today: NaiveDate,
) -> Result<Plan, Vec<LineError>> {
    let outcome = plan_with(&reading.lines, &reading.identifiers_on_bad_lines, reference, known, today);
    if reading.errors.is_empty() {
        return outcome;
    }
    let mut errors = reading.errors.clone();
    errors.extend(outcome.err().unwrap_or_default());
    errors.sort_by_key(|e| e.line);
    Err(errors)
}

/// Checks `lines` against `reference` and `known`, and says what importing them on `today` changes.
pub fn plan(
    lines: &[DirectoryLine],
    reference: &Reference,
    known: &[KnownPerson],
    today: NaiveDate,
) -> Result<Plan, Vec<LineError>> {
    plan_with(lines, &[], reference, known, today)
}

fn plan_with(
    lines: &[DirectoryLine],
    also_in_file: &[String],
    reference: &Reference,
    known: &[KnownPerson],
    today: NaiveDate,
) -> Result<Plan, Vec<LineError>> {
    let mut errors = Vec::new();
    let by_identifier: HashMap<&str, &KnownPerson> =
        known.iter().filter_map(|k| k.identifier.as_deref().map(|id| (id, k))).collect();
    let by_email: HashMap<&str, &KnownPerson> = known.iter().map(|k| (k.email.as_str(), k)).collect();
    let in_file: HashSet<&str> =
        lines.iter().map(|l| l.identifier.as_str()).chain(also_in_file.iter().map(String::as_str)).collect();
    let mut first_identifier: HashMap<&str, usize> = HashMap::new();
    let mut first_email: HashMap<&str, usize> = HashMap::new();
    let mut wanted = Vec::with_capacity(lines.len());
    for line in lines {
        let mut bad = |reason: String| errors.push(LineError::new(line.line, reason));
        if let Some(first) = first_identifier.insert(&line.identifier, line.line) {
            first_identifier.insert(&line.identifier, first);
            bad(format!("identifiant « {} » déjà présent ligne {first}", line.identifier));
        }
        if let Some(first) = first_email.insert(&line.email, line.line) {
            first_email.insert(&line.email, first);
            bad(format!("courriel « {} » déjà présent ligne {first}", line.email));
        }
        if let Some(owner) = by_email.get(line.email.as_str()) {
            if owner.identifier.as_deref() != Some(line.identifier.as_str()) {
                let whose = owner
                    .identifier
                    .as_deref()
                    .map(|id| format!("identifiant {id}"))
                    .unwrap_or_else(|| "hors annuaire".to_owned());
                bad(format!("courriel « {} » déjà utilisé par un autre compte ({whose})", line.email));
            }
        }
        let place = reference.place(&line.assignment).map_err(&mut bad).ok();
        let function_id = reference.function(&line.function);
        if function_id.is_none() {
            bad(format!("fonction inconnue « {} »", line.function));
        }
        if let Some(evaluator) = &line.evaluator {
            if !in_file.contains(evaluator.as_str()) && !by_identifier.contains_key(evaluator.as_str()) {
                bad(format!("évaluateur « {evaluator} » absent du fichier et de la base"));
            }
        }
        if let (Some(place), Some(function_id)) = (place, function_id) {
            wanted.push(Wanted {
                line: line.line,
                identifier: line.identifier.clone(),
                display_name: line.display_name(),
                email: line.email.clone(),
                place,
                function_id,
                bench: line.bench,
                function_since: line.function_since,
                recruitment: line.recruitment,
                appointed_on: line.appointed_on,
                evaluator: line.evaluator.clone(),
            });
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    let mut plan = Plan::default();
    for w in wanted {
        match by_identifier.get(w.identifier.as_str()) {
            None => plan.created.push(w),
            Some(known) => match compare(known, w, reference, today) {
                Some(change) => plan.changed.push(change),
                None => plan.unchanged += 1,
            },
        }
    }
    plan.ended = known
        .iter()
        .filter(|k| k.active && k.from_directory)
        .filter_map(|k| k.identifier.as_ref().map(|id| (k, id)))
        .filter(|(_, id)| !in_file.contains(id.as_str()))
        .map(|(k, id)| Ended { user_id: k.user_id, identifier: id.clone(), display_name: k.display_name.clone() })
        .collect();
    Ok(plan)
}

/// What changes for a known person; `None` when nothing does.
fn compare(known: &KnownPerson, wanted: Wanted, reference: &Reference, today: NaiveDate) -> Option<Change> {
    let mut fields = Vec::new();
    let mut field = |label: &'static str, before: String, after: String| {
        if before != after {
            fields.push(FieldChange { field: label, before, after });
        }
    };
    field("compte", account(known.active), account(true));
    field("nom", known.display_name.clone(), wanted.display_name.clone());
    field("courriel", known.email.clone(), wanted.email.clone());
    let mut change = Change {
        user_id: known.user_id,
        wanted: wanted.clone(),
        fields: Vec::new(),
        new_posting_from: None,
        corrected_start: None,
        career_created: known.career.is_none(),
    };
    let none = || "—".to_owned();
    let date = |d: NaiveDate| crate::dates::iso(d);
    match &known.career {
        None => {
            field("affectation", none(), reference.place_name(&wanted.place));
            field("fonction", none(), reference.function_name(wanted.function_id).to_owned());
        }
        Some(career) => {
            let posting = &career.posting;
            field("affectation", reference.place_name(&posting.place), reference.place_name(&wanted.place));
            field(
                "fonction",
                reference.function_name(posting.function_id).to_owned(),
                reference.function_name(wanted.function_id).to_owned(),
            );
            field("siège ou parquet", posting.bench.label_fr().to_owned(), wanted.bench.label_fr().to_owned());
            let moved = posting.place != wanted.place
                || posting.function_id != wanted.function_id
                || posting.bench != wanted.bench;
            if moved {
                change.new_posting_from =
                    Some(if wanted.function_since > posting.started_on { wanted.function_since } else { today });
            } else if career.function_since != wanted.function_since && posting.started_on == career.function_since {
                change.corrected_start = Some(wanted.function_since);
            }
            field("depuis", date(career.function_since), date(wanted.function_since));
            field("recrutement", career.recruitment.label_fr().to_owned(), wanted.recruitment.label_fr().to_owned());
            field("nomination", date(career.appointed_on), date(wanted.appointed_on));
            field(
                "évaluateur",
                career.evaluator.clone().unwrap_or_else(none),
                wanted.evaluator.clone().unwrap_or_else(none),
            );
        }
    }
    change.fields = fields;
    (!change.fields.is_empty()).then_some(change)
}

fn account(active: bool) -> String {
    if active { "actif" } else { "désactivé" }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::file::read;

    const HEADER: &str =
        "identifiant;nom;prenom;courriel;affectation;fonction;siege_parquet;depuis;recrutement;nomination;evaluateur";

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    fn reference() -> Reference {
        Reference::new(
            [(1, "Lyon".to_owned()), (2, "Aix-en-Provence".to_owned())],
            [(10, 1, "Tribunal judiciaire de Lyon".to_owned()), (20, 2, "Tribunal judiciaire de Marseille".to_owned())],
            [
                (100, "Juge".to_owned()),
                (101, "Juge d’instruction".to_owned()),
                (102, "Substitut du procureur".to_owned()),
            ],
        )
    }

    fn lines(rows: &[&str]) -> Vec<DirectoryLine> {
        read(format!("{HEADER}\n{}", rows.join("\n")).as_bytes()).unwrap_or_default()
    }

    const A: &str = "A1;Dupont;Camille;c.dupont@justice.fr;Tribunal judiciaire de Lyon;Juge;SIEGE;2020-09-01;COMPETITION;2015-09-01;B2";
    const B: &str = "B2;Martin;Louis;l.martin@justice.fr;Cour d'appel de Lyon;Juge d'instruction;SIEGE;2018-01-01;ARTICLE_22;2010-01-01;";

    fn known_from(plan: &Plan) -> Vec<KnownPerson> {
        plan.created
            .iter()
            .enumerate()
            .map(|(i, w)| KnownPerson {
                user_id: i as i64 + 1,
                identifier: Some(w.identifier.clone()),
                from_directory: true,
                display_name: w.display_name.clone(),
                email: w.email.clone(),
                active: true,
                career: Some(KnownCareer {
                    posting: Posting {
                        place: w.place.clone(),
                        function_id: w.function_id,
                        bench: w.bench,
                        started_on: w.function_since,
                    },
                    function_since: w.function_since,
                    recruitment: w.recruitment,
                    appointed_on: w.appointed_on,
                    evaluator: w.evaluator.clone(),
                }),
            })
            .collect()
    }

    #[test]
    fn the_same_file_twice_changes_nothing_the_second_time() {
        let first = plan(&lines(&[A, B]), &reference(), &[], d(2026, 11, 30)).unwrap_or_default();
        assert_eq!(first.created.len(), 2);
        assert_eq!(first.created[1].place, Place::CourtOfAppeal { court_id: 1 }, "’ and ' are the same");
        let again = plan(&lines(&[A, B]), &reference(), &known_from(&first), d(2026, 12, 1)).unwrap_or_default();
        assert!(again.is_empty());
        assert_eq!(again.unchanged, 2);
    }

    #[test]
    fn a_changed_function_ends_the_posting_and_opens_one_from_the_file() {
        let first = plan(&lines(&[A, B]), &reference(), &[], d(2026, 11, 30)).unwrap_or_default();
        let moved = A.replace("Juge;SIEGE;2020-09-01", "Juge d’instruction;SIEGE;2026-09-01");
        let second = plan(&lines(&[&moved, B]), &reference(), &known_from(&first), d(2026, 11, 30)).unwrap_or_default();
        assert_eq!(second.changed.len(), 1);
        let change = &second.changed[0];
        assert_eq!(change.new_posting_from, Some(d(2026, 9, 1)));
        let fonction = change.fields.iter().find(|f| f.field == "fonction").cloned();
        assert_eq!(
            fonction,
            Some(FieldChange { field: "fonction", before: "Juge".into(), after: "Juge d’instruction".into() })
        );
    }

    #[test]
    fn a_move_in_the_same_function_opens_a_posting_on_the_day_of_the_import() {
        let first = plan(&lines(&[A, B]), &reference(), &[], d(2026, 11, 30)).unwrap_or_default();
        let moved = A.replace("Tribunal judiciaire de Lyon", "Tribunal judiciaire de Marseille");
        let second = plan(&lines(&[&moved, B]), &reference(), &known_from(&first), d(2026, 11, 30)).unwrap_or_default();
        assert_eq!(second.changed[0].new_posting_from, Some(d(2026, 11, 30)));
    }

    #[test]
    fn a_person_missing_from_the_file_is_ended_and_comes_back_enabled() {
        let first = plan(&lines(&[A, B]), &reference(), &[], d(2026, 11, 30)).unwrap_or_default();
        let mut known = known_from(&first);
        let without_a = plan(&lines(&[B]), &reference(), &known, d(2026, 11, 30)).unwrap_or_default();
        assert_eq!(without_a.ended.iter().map(|e| e.identifier.as_str()).collect::<Vec<_>>(), vec!["A1"]);
        known[0].active = false;
        let back = plan(&lines(&[A, B]), &reference(), &known, d(2026, 12, 30)).unwrap_or_default();
        assert_eq!(back.changed[0].fields[0].after, "actif");
        assert!(back.ended.is_empty());
    }

    #[test]
    fn an_account_opened_outside_the_directory_is_not_ended_by_it() {
        let first = plan(&lines(&[A, B]), &reference(), &[], d(2026, 11, 30)).unwrap_or_default();
        let mut known = known_from(&first);
        known[0].from_directory = false;
        let without_a = plan(&lines(&[B]), &reference(), &known, d(2026, 11, 30)).unwrap_or_default();
        assert!(without_a.ended.is_empty(), "{:?}", without_a.ended);
    }

    #[test]
    fn unknown_places_functions_duplicates_and_evaluators_are_each_reported_by_line() {
        let rows = [
            A,
            "A1;Autre;Personne;autre@justice.fr;Tribunal judiciaire de Lyyon;Juge;SIEGE;2020-09-01;COMPETITION;2015-09-01;",
            "C3;Petit;Léa;c.dupont@justice.fr;Cour d'appel de Nulle-Part;Jugesse;PARQUET;2020-09-01;COMPETITION;2015-09-01;Z9",
            "D4;Roy;Zoé;z.roy@justice.fr;Autre : Inspection générale de la justice;Juge;PARQUET;2020-09-01;COMPETITION;2015-09-01;",
        ];
        let known = [KnownPerson {
            user_id: 50,
            identifier: None,
            from_directory: false,
            display_name: "Admin".into(),
            email: "z.roy@justice.fr".into(),
            active: true,
            career: None,
        }];
        let errors = plan(&lines(&rows), &reference(), &known, d(2026, 11, 30)).err().unwrap_or_default();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            vec![
                "ligne 2 : évaluateur « B2 » absent du fichier et de la base",
                "ligne 3 : identifiant « A1 » déjà présent ligne 2",
                "ligne 3 : affectation inconnue « Tribunal judiciaire de Lyyon »",
                "ligne 4 : courriel « c.dupont@justice.fr » déjà présent ligne 2",
                "ligne 4 : cour d’appel inconnue « Cour d'appel de Nulle-Part »",
                "ligne 4 : fonction inconnue « Jugesse »",
                "ligne 4 : évaluateur « Z9 » absent du fichier et de la base",
                "ligne 5 : courriel « z.roy@justice.fr » déjà utilisé par un autre compte (hors annuaire)",
            ]
        );
        let other = reference().place("Autre : Inspection générale de la justice");
        assert_eq!(other, Ok(Place::Other("Inspection générale de la justice".into())));
        assert_eq!(reference().place("cour de cassation"), Ok(Place::CourDeCassation));
    }

    #[test]
    fn bad_lines_and_refused_lines_come_back_together_without_blaming_an_evaluator_on_a_bad_line() {
        let bad_b = B.replace("2018-01-01", "2018-02-30");
        let rows = [
            A,
            bad_b.as_str(),
            "C3;Roy;Zoé;z.roy@justice.fr;Tribunal judiciaire de Lyyon;Juge;SIEGE;2020-09-01;COMPETITION;2015-09-01;",
        ];
        let reading = crate::directory::file::read_all(format!("{HEADER}\n{}", rows.join("\n")).as_bytes());
        let errors = plan_reading(&reading, &reference(), &[], d(2026, 11, 30)).err().unwrap_or_default();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            vec![
                "ligne 3 : date de prise de fonction invalide « 2018-02-30 » (attendu AAAA-MM-JJ)",
                "ligne 4 : affectation inconnue « Tribunal judiciaire de Lyyon »",
            ],
            "A's evaluator B2 is on line 3, which is bad, but is in the file"
        );
    }
}
