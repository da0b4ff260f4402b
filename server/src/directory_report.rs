//! `magistra import-directory FILE [--dry-run]`: reads the file, imports it (or only previews it)
//! and says in French what changed, line by line for the bad lines.

use std::fmt::Write;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::services::directory_import::{self, DirectoryFile, ImportReport};

/// How many people of each kind the report names before it only counts them.
const NAMED: usize = 50;

/// What the command prints, and whether the file was imported (or would be).
pub struct Outcome {
    pub text: String,
    pub success: bool,
}

/// Imports `path` (or previews it with `dry_run`) at `now`.
pub async fn run(db: &DatabaseConnection, path: &Path, dry_run: bool, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("lecture de {} impossible : {e}", path.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let file = DirectoryFile { name: &name, bytes: &bytes };
    let started = Instant::now();
    let result = if dry_run {
        directory_import::preview(db, &file, shared::rules::local_time::school_today(now))
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
    } else {
        directory_import::apply(db, &file, None, now).await.map_err(|e| anyhow::anyhow!("{e:?}"))?
    };
    let elapsed = started.elapsed();
    let mut text = String::new();
    match result {
        Err(errors) => {
            let _ = writeln!(text, "Annuaire « {name} » refusé : {} erreur(s), rien n’a été écrit.", errors.len());
            for error in &errors {
                let _ = writeln!(text, "  {error}");
            }
            Ok(Outcome { text, success: false })
        }
        Ok(report) => {
            describe(&mut text, &name, &report, dry_run);
            let _ = writeln!(text, "Durée : {:.2} s.", elapsed.as_secs_f64());
            Ok(Outcome { text, success: true })
        }
    }
}

fn describe(text: &mut String, name: &str, report: &ImportReport, dry_run: bool) {
    let plan = &report.plan;
    let verb = if dry_run { "seraient" } else { "sont" };
    let _ = writeln!(text, "Annuaire « {name} » :");
    let _ = writeln!(text, "  {} personne(s) {verb} créée(s)", plan.created.len());
    let _ = writeln!(text, "  {} personne(s) {verb} modifiée(s)", plan.changed.len());
    let _ = writeln!(text, "  {} personne(s) {verb} close(s) (compte désactivé, historique gardé)", plan.ended.len());
    let _ = writeln!(text, "  {} personne(s) inchangée(s)", plan.unchanged);
    for w in plan.created.iter().take(NAMED) {
        let _ = writeln!(
            text,
            "  + {} ({}) : {}, {}",
            w.display_name,
            w.identifier,
            report.reference.function_name(w.function_id),
            report.reference.place_name(&w.place)
        );
    }
    more(text, plan.created.len());
    for change in plan.changed.iter().take(NAMED) {
        let _ = writeln!(text, "  ~ {} ({})", change.wanted.display_name, change.wanted.identifier);
        for field in &change.fields {
            let _ = writeln!(text, "      {} : {} → {}", field.field, field.before, field.after);
        }
    }
    more(text, plan.changed.len());
    for ended in plan.ended.iter().take(NAMED) {
        let _ = writeln!(text, "  − {} ({})", ended.display_name, ended.identifier);
    }
    more(text, plan.ended.len());
    match (dry_run, report.import_id) {
        (true, _) => {
            let _ = writeln!(text, "Simulation (--dry-run) : rien n’a été écrit.");
        }
        (false, Some(id)) => {
            let _ =
                writeln!(text, "Import n° {id} enregistré ; chaque modification est tracée dans le journal d’audit.");
        }
        (false, None) => {
            let _ = writeln!(text, "Rien à modifier : aucune écriture.");
        }
    }
}

fn more(text: &mut String, total: usize) {
    if total > NAMED {
        let _ = writeln!(text, "  … et {} autre(s)", total - NAMED);
    }
}
