//! The Ministry's directory file (DESIGN.md « The directory file »): reading it (`file`), checking
//! each line against the reference data and the people already known, and what an import would
//! change (`plan`). Pure: the server loads what it needs, asks for a plan, and writes it.
//!
//! A file with any bad line gives no plan at all but the list of every bad line, with its number and
//! a French reason, so that nothing is half imported.

pub mod file;
pub mod plan;

use chrono::NaiveDate;

use crate::enums::{Bench, RecruitmentPath};

/// The binding column names, in the order Magistra writes them (a file may give them in any order).
pub const COLUMNS: [&str; 11] = [
    "identifiant",
    "nom",
    "prenom",
    "courriel",
    "affectation",
    "fonction",
    "siege_parquet",
    "depuis",
    "recrutement",
    "nomination",
    "evaluateur",
];

/// One person as the file gives them, read but not yet checked against the reference data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryLine {
    /// The line's number in the file, the header being line 1.
    pub line: usize,
    pub identifier: String,
    pub family_name: String,
    pub given_name: String,
    pub email: String,
    pub assignment: String,
    pub function: String,
    pub bench: Bench,
    pub function_since: NaiveDate,
    pub recruitment: RecruitmentPath,
    pub appointed_on: NaiveDate,
    pub evaluator: Option<String>,
}

impl DirectoryLine {
    /// « Prénom Nom », as Magistra shows a person.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// One bad line and why, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub reason: String,
}

impl LineError {
    pub fn new(line: usize, reason: impl Into<String>) -> Self {
        Self { line, reason: reason.into() }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ligne {} : {}", self.line, self.reason)
    }
}

/// How names from the file are compared with the reference data: apostrophes `'` and `’` are the
/// same, and so are case and runs of spaces.
pub fn name_key(text: &str) -> String {
    text.replace('’', "'").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}
