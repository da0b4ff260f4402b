//! Reading the directory file: UTF-8 with or without a byte-order mark, `;` between fields, `"`
//! around a field that holds one, a header naming the binding columns in any order.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{DirectoryLine, LineError, COLUMNS};
use crate::enums::{Bench, RecruitmentPath};

/// The longest field accepted, in characters.
const MAX_FIELD_CHARS: usize = 300;

/// What reading a file gave: the good lines, every bad line with its reason, and the identifiers
/// the bad lines name (so that an evaluator on a bad line is not also said to be missing).
#[derive(Debug, Default)]
pub struct Reading {
    pub lines: Vec<DirectoryLine>,
    pub errors: Vec<LineError>,
    pub identifiers_on_bad_lines: Vec<String>,
}

/// Reads every line of `bytes`; on any bad line, every bad line with its reason.
pub fn read(bytes: &[u8]) -> Result<Vec<DirectoryLine>, Vec<LineError>> {
    let reading = read_all(bytes);
    if reading.errors.is_empty() {
        Ok(reading.lines)
    } else {
        Err(reading.errors)
    }
}

/// Reads every line of `bytes`, good and bad. A bad header gives no lines at all.
pub fn read_all(bytes: &[u8]) -> Reading {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut lines =
        bytes.split(|b| *b == b'\n').enumerate().map(|(i, raw)| (i + 1, raw.strip_suffix(b"\r").unwrap_or(raw)));
    let refused = |errors| Reading { errors, ..Reading::default() };
    let Some((_, header)) = lines.next() else {
        return refused(vec![LineError::new(1, "le fichier est vide")]);
    };
    let Ok(header) = std::str::from_utf8(header) else { return refused(vec![not_utf8(1)]) };
    let columns = match read_header(header) {
        Ok(columns) => columns,
        Err(errors) => return refused(errors),
    };
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut identifiers_on_bad_lines = Vec::new();
    for (number, raw) in lines {
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Ok(text) = std::str::from_utf8(raw) else {
            errors.push(not_utf8(number));
            continue;
        };
        match read_line(number, text, &columns) {
            Ok(line) => out.push(line),
            Err(mut bad) => {
                errors.append(&mut bad);
                if let Some(identifier) = split_fields(text).ok().and_then(|f| f.get(columns[0]).cloned()) {
                    identifiers_on_bad_lines.push(identifier.trim().to_owned());
                }
            }
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(LineError::new(1, "le fichier ne contient personne"));
    }
    Reading { lines: out, errors, identifiers_on_bad_lines }
}

fn not_utf8(line: usize) -> LineError {
    LineError::new(line, "le texte n’est pas en UTF-8 (enregistrez le fichier en UTF-8)")
}

/// The position of each binding column in the file.
fn read_header(header: &str) -> Result<[usize; COLUMNS.len()], Vec<LineError>> {
    let names = split_fields(header).map_err(|reason| vec![LineError::new(1, reason)])?;
    let mut errors = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (index, name) in names.iter().enumerate() {
        let name = name.trim();
        if !COLUMNS.contains(&name) {
            errors.push(LineError::new(1, format!("colonne inconnue « {name} »")));
        } else if seen.insert(name, index).is_some() {
            errors.push(LineError::new(1, format!("colonne « {name} » en double")));
        }
    }
    let mut positions = [0; COLUMNS.len()];
    for (slot, column) in positions.iter_mut().zip(COLUMNS) {
        match seen.get(column) {
            Some(index) => *slot = *index,
            None => errors.push(LineError::new(1, format!("colonne manquante « {column} »"))),
        }
    }
    if errors.is_empty() {
        Ok(positions)
    } else {
        Err(errors)
    }
}

/// Splits one line on `;`, honouring `"…"` around a field (`""` inside is a quote).
fn split_fields(text: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if at_start => quoted = true,
            ';' if !quoted => {
                fields.push(std::mem::take(&mut field));
                at_start = true;
                continue;
            }
            _ => field.push(c),
        }
        at_start = false;
    }
    if quoted {
        return Err("guillemet non refermé".to_owned());
    }
    fields.push(field);
    Ok(fields)
}

fn read_line(number: usize, text: &str, columns: &[usize; COLUMNS.len()]) -> Result<DirectoryLine, Vec<LineError>> {
    let fields = split_fields(text).map_err(|reason| vec![LineError::new(number, reason)])?;
    let expected = COLUMNS.len();
    if fields.len() != expected {
        return Err(vec![LineError::new(number, format!("{} champs au lieu de {expected}", fields.len()))]);
    }
    let mut errors = Vec::new();
    let field = |column: usize| fields[columns[column]].trim();
    let mut text_field = |column: usize, label: &str, required: bool| -> String {
        let value = field(column);
        if required && value.is_empty() {
            errors.push(LineError::new(number, format!("{label} manquant")));
        } else if value.chars().count() > MAX_FIELD_CHARS {
            errors.push(LineError::new(number, format!("{label} trop long (plus de {MAX_FIELD_CHARS} caractères)")));
        }
        value.to_owned()
    };
    let identifier = text_field(0, "identifiant", true);
    let family_name = text_field(1, "nom", true);
    let given_name = text_field(2, "prénom", true);
    let email = text_field(3, "courriel", true).to_lowercase();
    let assignment = text_field(4, "affectation", true);
    let function = text_field(5, "fonction", true);
    let evaluator = text_field(10, "évaluateur", false);
    if !email.is_empty() && !crate::values::plausible_email(&email) {
        errors.push(LineError::new(number, format!("courriel invalide « {email} »")));
    }
    if !evaluator.is_empty() && evaluator == identifier {
        errors.push(LineError::new(number, "la personne ne peut pas être son propre évaluateur"));
    }
    let bench = Bench::parse(field(6));
    if bench.is_none() {
        errors.push(LineError::new(number, format!("siège ou parquet inconnu « {} » (SIEGE ou PARQUET)", field(6))));
    }
    let recruitment = RecruitmentPath::parse(field(8));
    if recruitment.is_none() {
        errors.push(LineError::new(
            number,
            format!("recrutement inconnu « {} » (COMPETITION, ARTICLE_22 ou ARTICLE_21_1)", field(8)),
        ));
    }
    let mut date = |column: usize, label: &str| {
        let value = field(column);
        let parsed = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok().filter(|_| value.len() == 10);
        if parsed.is_none() {
            errors.push(LineError::new(number, format!("date {label} invalide « {value} » (attendu AAAA-MM-JJ)")));
        }
        parsed
    };
    let function_since = date(7, "de prise de fonction");
    let appointed_on = date(9, "de nomination");
    if let (Some(since), Some(appointed)) = (function_since, appointed_on) {
        if since < appointed {
            errors.push(LineError::new(number, "la prise de fonction précède la nomination"));
        }
    }
    match (bench, recruitment, function_since, appointed_on) {
        (Some(bench), Some(recruitment), Some(function_since), Some(appointed_on)) if errors.is_empty() => {
            Ok(DirectoryLine {
                line: number,
                identifier,
                family_name,
                given_name,
                email,
                assignment,
                function,
                bench,
                function_since,
                recruitment,
                appointed_on,
                evaluator: Some(evaluator).filter(|e| !e.is_empty()),
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "identifiant;nom;prenom;courriel;affectation;fonction;siege_parquet;depuis;recrutement;nomination;evaluateur";

    fn file(lines: &[&str]) -> Vec<u8> {
        let mut text = HEADER.to_owned();
        for line in lines {
            text.push('\n');
            text.push_str(line);
        }
        text.into_bytes()
    }

    const GOOD: &str = "M001;Dupont;Camille;Camille.Dupont@justice.fr;Tribunal judiciaire de Lyon;Juge des enfants;SIEGE;2026-09-01;COMPETITION;2015-09-01;M000";

    #[test]
    fn a_good_line_is_read_with_a_bom_and_crlf() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(file(&[GOOD]).iter().flat_map(|b| if *b == b'\n' { vec![b'\r', b'\n'] } else { vec![*b] }));
        let lines = read(&bytes).unwrap_or_default();
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert_eq!(
            (line.line, line.identifier.as_str(), line.email.as_str()),
            (2, "M001", "camille.dupont@justice.fr")
        );
        assert_eq!(line.bench, Bench::Siege);
        assert_eq!(line.evaluator.as_deref(), Some("M000"));
        assert_eq!(line.display_name(), "Camille Dupont");
    }

    #[test]
    fn columns_may_come_in_any_order_and_fields_may_be_quoted() {
        let text = "nom;identifiant;prenom;courriel;affectation;fonction;siege_parquet;depuis;recrutement;nomination;evaluateur\n\
                    \"Le Gall; dit \"\"Yann\"\"\";M9;Yann;y.legall@justice.fr;Cour de cassation;Conseiller;SIEGE;2020-01-01;ARTICLE_22;2019-01-01;";
        let lines = read(text.as_bytes()).unwrap_or_default();
        assert_eq!(lines[0].family_name, "Le Gall; dit \"Yann\"");
        assert_eq!(lines[0].identifier, "M9");
        assert_eq!(lines[0].evaluator, None);
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number_and_a_french_reason() {
        let bytes = file(&[
            GOOD,
            "M002;Martin;;pas-un-courriel;TJ;Juge;SIÈGE;2026-13-01;CONCOURS;2015-09-01;",
            "M003;Petit;Léa;lea.petit@justice.fr;TJ;Juge;PARQUET;2026-01-01;COMPETITION",
        ]);
        let errors = read(&bytes).err().unwrap_or_default();
        let on = |line: usize| errors.iter().filter(|e| e.line == line).map(|e| e.reason.clone()).collect::<Vec<_>>();
        assert!(on(2).is_empty());
        let third = on(3);
        assert!(third.contains(&"prénom manquant".to_owned()), "{third:?}");
        assert!(third.iter().any(|r| r.starts_with("courriel invalide")), "{third:?}");
        assert!(third.iter().any(|r| r.starts_with("siège ou parquet inconnu")), "{third:?}");
        assert!(third.iter().any(|r| r.starts_with("date de prise de fonction invalide")), "{third:?}");
        assert!(third.iter().any(|r| r.starts_with("recrutement inconnu")), "{third:?}");
        assert_eq!(on(4), vec!["9 champs au lieu de 11".to_owned()]);
    }

    #[test]
    fn a_header_with_unknown_or_missing_columns_is_refused() {
        let errors = read(b"identifiant;nom;prenom;courriel;affectation;fonction;siege_parquet;depuis;grade\n").err();
        let reasons: Vec<String> = errors.unwrap_or_default().into_iter().map(|e| e.to_string()).collect();
        assert!(reasons.contains(&"ligne 1 : colonne inconnue « grade »".to_owned()), "{reasons:?}");
        assert!(reasons.contains(&"ligne 1 : colonne manquante « evaluateur »".to_owned()), "{reasons:?}");
    }

    #[test]
    fn a_file_not_in_utf8_is_refused_line_by_line() {
        let mut bytes = file(&[GOOD]);
        bytes.extend(b"\nM004;H\xE9bert;Zo\xE9;z.hebert@justice.fr;X;Juge;SIEGE;2026-01-01;COMPETITION;2015-01-01;");
        let errors = read(&bytes).err().unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        assert!(errors[0].reason.contains("UTF-8"));
    }

    #[test]
    fn a_function_taken_up_before_the_nomination_is_refused() {
        let line = GOOD.replace("2026-09-01", "2010-01-01");
        let errors = read(&file(&[&line])).err().unwrap_or_default();
        assert_eq!(errors[0].reason, "la prise de fonction précède la nomination");
    }
}
