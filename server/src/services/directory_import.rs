//! The import of the Ministry's directory (`magistra import-directory FILE [--dry-run]`): reads the
//! file (`shared::directory::file`), loads the reference data and the people known, asks
//! `shared::directory::plan` what changes, and writes it in one transaction — all or nothing, every
//! change audited with the import it came from. The same file twice writes nothing the second time.
//!
//! People created from the directory have no local password: they sign in through the Ministry's
//! single sign-on, matched on their `identifiant`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::directory::file;
use shared::directory::plan::{plan_reading, KnownCareer, KnownPerson, Place, Plan, Posting, Reference, Wanted};
use shared::directory::LineError;
use shared::search::fold_for_search;

use crate::db::begin_write;
use crate::entities::{court, directory_import, function, jurisdiction, magistrate, posting, user};
use crate::error::{AppError, AppResult};

use super::audit::{self, Change};

/// The stored password of an account without a local password: no hash ever matches it.
pub const NO_LOCAL_PASSWORD: &str = "!";

/// Rows per multi-row INSERT: PostgreSQL plans statements of thousands of parameters several times
/// slower per row (10,000 accounts: 1.0 s in chunks of 500, 0.14 s in chunks of 100).
const CHUNK: usize = 100;

/// A directory file and where it came from.
pub struct DirectoryFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What an import did or, for a dry run, would do.
pub struct ImportReport {
    pub plan: Plan,
    pub reference: Reference,
    /// The import recorded, when something was written.
    pub import_id: Option<i64>,
}

/// Reads the file and says what importing it on `today` would change, writing nothing.
pub async fn preview(
    db: &impl ConnectionTrait,
    file: &DirectoryFile<'_>,
    today: NaiveDate,
) -> AppResult<Result<ImportReport, Vec<LineError>>> {
    let reading = file::read_all(file.bytes);
    if reading.lines.is_empty() && !reading.errors.is_empty() {
        return Ok(Err(reading.errors));
    }
    let reference = load_reference(db).await?;
    let known = load_known(db).await?;
    Ok(plan_reading(&reading, &reference, &known, today).map(|plan| ImportReport { plan, reference, import_id: None }))
}

/// Imports the file: on any bad line nothing is written and every bad line comes back.
pub async fn apply(
    db: &sea_orm::DatabaseConnection,
    file: &DirectoryFile<'_>,
    author_id: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<Result<ImportReport, Vec<LineError>>> {
    let txn = begin_write(db).await?;
    let mut report = match preview(&*txn, file, shared::rules::local_time::school_today(now)).await? {
        Ok(report) => report,
        Err(errors) => return Ok(Err(errors)),
    };
    if report.plan.is_empty() {
        txn.rollback().await?;
        return Ok(Ok(report));
    }
    let import = directory_import::Entity::insert(directory_import::ActiveModel {
        file_name: Set(file.name.chars().take(200).collect()),
        file_sha256: Set(crate::directory_upload::hex(&Sha256::digest(file.bytes))),
        author_id: Set(author_id),
        created_at: Set(now),
        created_count: Set(count(report.plan.created.len())),
        changed_count: Set(count(report.plan.changed.len())),
        ended_count: Set(count(report.plan.ended.len())),
        unchanged_count: Set(count(report.plan.unchanged)),
        ..Default::default()
    })
    .exec(&*txn)
    .await?
    .last_insert_id;
    let writer = Writer { txn: &txn, import, author_id, now, reference: &report.reference };
    let started = std::time::Instant::now();
    writer.create(&report.plan.created).await?;
    let ids = directory_ids(&*txn).await?;
    tracing::debug!(elapsed = ?started.elapsed(), "directory import: accounts created");
    writer.link_created(&report.plan.created, &ids).await?;
    tracing::debug!(elapsed = ?started.elapsed(), "directory import: careers and postings created");
    writer.change(&report.plan, &ids).await?;
    writer.end(&report.plan).await?;
    tracing::debug!(elapsed = ?started.elapsed(), "directory import: changes and ends written");
    txn.commit().await?;
    tracing::debug!(elapsed = ?started.elapsed(), "directory import: committed");
    report.import_id = Some(import);
    Ok(Ok(report))
}

/// The courts, jurisdictions and functions, as names are read against them.
pub async fn load_reference(db: &impl ConnectionTrait) -> AppResult<Reference> {
    let courts = court::Entity::find().all(db).await?;
    let jurisdictions = jurisdiction::Entity::find().all(db).await?;
    let functions = function::Entity::find().all(db).await?;
    Ok(Reference::new(
        courts.into_iter().map(|c| (c.id, c.name)),
        jurisdictions.into_iter().map(|j| (j.id, j.court_id, j.name)),
        functions.into_iter().map(|f| (f.id, f.name)),
    ))
}

/// Every account, with the career of those who are magistrates and whether an import brought them.
async fn load_known(db: &impl ConnectionTrait) -> AppResult<Vec<KnownPerson>> {
    let users = user::Entity::find().all(db).await?;
    let careers: HashMap<i64, magistrate::Model> =
        magistrate::Entity::find().all(db).await?.into_iter().map(|m| (m.user_id, m)).collect();
    let postings: HashMap<i64, posting::Model> = posting::Entity::find()
        .filter(posting::Column::EndedOn.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.user_id, p))
        .collect();
    let hr_ids: HashMap<i64, String> = users.iter().filter_map(|u| u.hr_id.clone().map(|hr| (u.id, hr))).collect();
    let imported: std::collections::HashSet<i64> = posting::Entity::find()
        .select_only()
        .column(posting::Column::UserId)
        .filter(posting::Column::ImportId.is_not_null())
        .distinct()
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(users
        .into_iter()
        .map(|u| {
            let career = careers.get(&u.id).zip(postings.get(&u.id)).map(|(m, p)| KnownCareer {
                posting: Posting {
                    place: place_of(p),
                    function_id: p.function_id,
                    bench: p.bench,
                    started_on: p.started_on,
                },
                function_since: m.function_since,
                recruitment: m.recruitment_path,
                appointed_on: m.appointed_on,
                evaluator: m.evaluator_id.and_then(|id| hr_ids.get(&id).cloned()),
            });
            KnownPerson {
                user_id: u.id,
                identifier: u.hr_id,
                from_directory: imported.contains(&u.id),
                display_name: u.display_name,
                email: u.email,
                active: u.active,
                career,
            }
        })
        .collect())
}

/// A stored posting's place.
pub fn place_of(p: &posting::Model) -> Place {
    match (p.assignment, p.court_id, p.jurisdiction_id) {
        (shared::Assignment::Jurisdiction, Some(court_id), Some(jurisdiction_id)) => {
            Place::Jurisdiction { court_id, jurisdiction_id }
        }
        (shared::Assignment::CourtOfAppeal, Some(court_id), _) => Place::CourtOfAppeal { court_id },
        (shared::Assignment::CourDeCassation, ..) => Place::CourDeCassation,
        _ => Place::Other(p.other_body.clone().unwrap_or_default()),
    }
}

/// The user id of every account from the directory, by `identifiant`.
async fn directory_ids(db: &impl ConnectionTrait) -> AppResult<HashMap<String, i64>> {
    Ok(user::Entity::find()
        .filter(user::Column::HrId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|u| u.hr_id.map(|hr| (hr, u.id)))
        .collect())
}

/// Writes one plan inside the import's transaction.
struct Writer<'a> {
    txn: &'a crate::db::WriteTransaction,
    import: i64,
    author_id: Option<i64>,
    now: DateTime<Utc>,
    reference: &'a Reference,
}

impl Writer<'_> {
    fn audit<'a>(
        &self,
        action: &'a str,
        entity: &'a str,
        id: i64,
        before: Option<serde_json::Value>,
        after: serde_json::Value,
    ) -> Change<'a> {
        let mut after = after;
        after["import"] = json!(self.import);
        Change { actor_id: self.author_id, at: self.now, action, entity, entity_id: id, before, after: Some(after) }
    }

    /// The accounts of the people created (their careers follow once their ids are known).
    async fn create(&self, created: &[Wanted]) -> AppResult<()> {
        let rows: Vec<user::ActiveModel> = created
            .iter()
            .map(|w| user::ActiveModel {
                hr_id: Set(Some(w.identifier.clone())),
                email: Set(w.email.clone()),
                password_hash: Set(NO_LOCAL_PASSWORD.to_owned()),
                display_name: Set(w.display_name.clone()),
                search_name: Set(fold_for_search(&w.display_name)),
                active: Set(true),
                created_at: Set(self.now),
                ..Default::default()
            })
            .collect();
        for chunk in rows.chunks(CHUNK) {
            user::Entity::insert_many(chunk.to_vec()).exec_without_returning(&**self.txn).await?;
        }
        Ok(())
    }

    /// The careers and first postings of the people created, and their audit rows.
    async fn link_created(&self, created: &[Wanted], ids: &HashMap<String, i64>) -> AppResult<()> {
        let mut careers = Vec::with_capacity(created.len());
        let mut postings = Vec::with_capacity(created.len());
        let mut changes = Vec::with_capacity(created.len());
        for w in created {
            let id = account_of(ids, &w.identifier)?;
            careers.push(self.career(id, w, ids)?);
            postings.push(self.posting(id, w, w.function_since));
            changes.push(self.audit("directory.create", "user", id, None, self.facts(w)));
        }
        let started = std::time::Instant::now();
        for chunk in careers.chunks(CHUNK) {
            magistrate::Entity::insert_many(chunk.to_vec()).exec_without_returning(&**self.txn).await?;
        }
        tracing::debug!(elapsed = ?started.elapsed(), "directory import: careers");
        for chunk in postings.chunks(CHUNK) {
            posting::Entity::insert_many(chunk.to_vec()).exec_without_returning(&**self.txn).await?;
        }
        tracing::debug!(elapsed = ?started.elapsed(), "directory import: postings");
        audit::record_many(&**self.txn, changes).await
    }

    /// The people whose facts change: account, career, postings.
    async fn change(&self, plan: &Plan, ids: &HashMap<String, i64>) -> AppResult<()> {
        let mut changes = Vec::with_capacity(plan.changed.len());
        for change in &plan.changed {
            let w = &change.wanted;
            user::Entity::update_many()
                .col_expr(user::Column::DisplayName, Expr::value(w.display_name.clone()))
                .col_expr(user::Column::SearchName, Expr::value(fold_for_search(&w.display_name)))
                .col_expr(user::Column::Email, Expr::value(w.email.clone()))
                .col_expr(user::Column::Active, Expr::value(true))
                .filter(user::Column::Id.eq(change.user_id))
                .exec(&**self.txn)
                .await?;
            let career = self.career(change.user_id, w, ids)?;
            if change.career_created {
                magistrate::Entity::insert(career).exec_without_returning(&**self.txn).await?;
                posting::Entity::insert(self.posting(change.user_id, w, w.function_since))
                    .exec_without_returning(&**self.txn)
                    .await?;
            } else {
                magistrate::Entity::update(career).exec(&**self.txn).await?;
            }
            if let Some(from) = change.new_posting_from {
                self.close_posting(change.user_id, from).await?;
                posting::Entity::insert(self.posting(change.user_id, w, from))
                    .exec_without_returning(&**self.txn)
                    .await?;
            }
            if let Some(start) = change.corrected_start {
                posting::Entity::update_many()
                    .col_expr(posting::Column::StartedOn, Expr::value(start))
                    .filter(posting::Column::UserId.eq(change.user_id))
                    .filter(posting::Column::EndedOn.is_null())
                    .exec(&**self.txn)
                    .await?;
            }
            let before: serde_json::Map<String, serde_json::Value> =
                change.fields.iter().map(|f| (f.field.to_owned(), json!(f.before))).collect();
            let after: serde_json::Map<String, serde_json::Value> =
                change.fields.iter().map(|f| (f.field.to_owned(), json!(f.after))).collect();
            changes.push(self.audit("directory.change", "user", change.user_id, Some(before.into()), after.into()));
        }
        audit::record_many(&**self.txn, changes).await
    }

    /// The people missing from the file: account disabled, current posting closed, nothing deleted.
    async fn end(&self, plan: &Plan) -> AppResult<()> {
        let today = shared::rules::local_time::school_today(self.now);
        let ids: Vec<i64> = plan.ended.iter().map(|e| e.user_id).collect();
        for chunk in ids.chunks(CHUNK) {
            user::Entity::update_many()
                .col_expr(user::Column::Active, Expr::value(false))
                .filter(user::Column::Id.is_in(chunk.to_vec()))
                .exec(&**self.txn)
                .await?;
            posting::Entity::update_many()
                .col_expr(posting::Column::EndedOn, Expr::value(today))
                .filter(posting::Column::UserId.is_in(chunk.to_vec()))
                .filter(posting::Column::EndedOn.is_null())
                .exec(&**self.txn)
                .await?;
        }
        let changes = plan
            .ended
            .iter()
            .map(|e| {
                self.audit(
                    "directory.end",
                    "user",
                    e.user_id,
                    Some(json!({ "compte": "actif" })),
                    json!({ "identifiant": e.identifier, "compte": "désactivé", "fin": today }),
                )
            })
            .collect();
        audit::record_many(&**self.txn, changes).await
    }

    async fn close_posting(&self, user_id: i64, on: NaiveDate) -> AppResult<()> {
        posting::Entity::update_many()
            .col_expr(posting::Column::EndedOn, Expr::value(on))
            .filter(posting::Column::UserId.eq(user_id))
            .filter(posting::Column::EndedOn.is_null())
            .exec(&**self.txn)
            .await?;
        Ok(())
    }

    fn career(&self, user_id: i64, w: &Wanted, ids: &HashMap<String, i64>) -> AppResult<magistrate::ActiveModel> {
        let evaluator_id = match &w.evaluator {
            Some(hr) => Some(account_of(ids, hr)?),
            None => None,
        };
        Ok(magistrate::ActiveModel {
            user_id: Set(user_id),
            court_id: Set(w.place.court_id()),
            jurisdiction_id: Set(w.place.jurisdiction_id()),
            function_title: Set(self.reference.function_name(w.function_id).to_owned()),
            function_since: Set(w.function_since),
            bench: Set(w.bench),
            recruitment_path: Set(w.recruitment),
            appointed_on: Set(w.appointed_on),
            evaluator_id: Set(evaluator_id),
        })
    }

    fn posting(&self, user_id: i64, w: &Wanted, from: NaiveDate) -> posting::ActiveModel {
        posting::ActiveModel {
            user_id: Set(user_id),
            assignment: Set(w.place.assignment()),
            court_id: Set(w.place.court_id()),
            jurisdiction_id: Set(w.place.jurisdiction_id()),
            other_body: Set(w.place.other_body().map(str::to_owned)),
            function_id: Set(w.function_id),
            bench: Set(w.bench),
            started_on: Set(from),
            ended_on: Set(None),
            import_id: Set(Some(self.import)),
            ..Default::default()
        }
    }

    /// A created person's facts, for the audit row.
    fn facts(&self, w: &Wanted) -> serde_json::Value {
        json!({
            "identifiant": w.identifier,
            "nom": w.display_name,
            "courriel": w.email,
            "affectation": self.reference.place_name(&w.place),
            "fonction": self.reference.function_name(w.function_id),
            "siege_parquet": w.bench.as_str(),
            "depuis": w.function_since,
            "recrutement": w.recruitment.as_str(),
            "nomination": w.appointed_on,
            "evaluateur": w.evaluator,
        })
    }
}

/// The account of `identifier`; the plan checked that it exists, so a miss is an internal error.
fn account_of(ids: &HashMap<String, i64>, identifier: &str) -> AppResult<i64> {
    ids.get(identifier)
        .copied()
        .ok_or_else(|| AppError::internal(format!("directory import: no account for identifiant {identifier}")))
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
