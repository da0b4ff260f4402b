//! The reference data the administrator maintains (issue 16): the courts of appeal, their
//! jurisdictions and the list of functions that postings, the directory and the obligations name.
//! Names stay unique (apostrophes and case aside, as the directory reads them); a renamed function
//! is renamed on the careers that hold it. Every change is audited with its author.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::directory::name_key;
use shared::values::required_text;
use shared::ErrorCode;

use crate::auth::policy;
use crate::db::{begin_write, WriteTransaction};
use crate::entities::{court, function, jurisdiction, magistrate};
use crate::error::{AppError, AppResult};

use super::audit::{self, Change};
use super::Env;

/// Longest name of a court, jurisdiction or function.
const MAX_NAME: usize = 150;

/// The functions of the reference list, by name. Readable by anyone signed in (forms list them).
pub async fn functions(db: &impl sea_orm::ConnectionTrait) -> AppResult<Vec<function::Model>> {
    Ok(function::Entity::find().order_by_asc(function::Column::Name).all(db).await?)
}

/// The ids of the functions `names` (compared as the directory import does: case, apostrophes and
/// spaces aside), for an
/// action meant for them (art. 128, 2° then matches by id); a name the list lacks is refused.
pub async fn function_ids(db: &impl sea_orm::ConnectionTrait, names: &[String]) -> AppResult<Vec<i64>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let known: std::collections::HashMap<String, i64> =
        functions(db).await?.into_iter().map(|f| (name_key(&f.name), f.id)).collect();
    let mut ids = Vec::new();
    for name in names {
        let id = known.get(&name_key(name)).copied().ok_or_else(|| {
            AppError::validation(
                "targetFunctions",
                format!("fonction inconnue « {} » : elle doit figurer dans la liste des fonctions", name.trim()),
            )
        })?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Adds a function to the list, or renames one (`id`).
pub async fn save_function(env: &Env<'_>, id: Option<i64>, name: &str) -> AppResult<function::Model> {
    policy::ensure(policy::can_administer_people(env.user))?;
    let name = required_text("name", name, MAX_NAME)?;
    let txn = begin_write(env.db).await?;
    let all = function::Entity::find().all(&*txn).await?;
    unique(all.iter().filter(|f| Some(f.id) != id).map(|f| f.name.as_str()), &name)?;
    let saved = match id {
        None => {
            function::Entity::insert(function::ActiveModel { name: Set(name.clone()), ..Default::default() })
                .exec_with_returning(&*txn)
                .await?
        }
        Some(id) => {
            let before = all.into_iter().find(|f| f.id == id).ok_or_else(|| AppError::not_found("Fonction"))?;
            function::Entity::update_many()
                .col_expr(function::Column::Name, Expr::value(name.clone()))
                .filter(function::Column::Id.eq(id))
                .exec(&*txn)
                .await?;
            magistrate::Entity::update_many()
                .col_expr(magistrate::Column::FunctionTitle, Expr::value(name.clone()))
                .filter(magistrate::Column::FunctionTitle.eq(before.name))
                .exec(&*txn)
                .await?;
            function::Model { id, name: name.clone() }
        }
    };
    finish(env, txn, "function", saved.id, id.is_none(), &name).await?;
    Ok(saved)
}

/// Adds a jurisdiction to a court's territory, or renames one (`id`).
pub async fn save_jurisdiction(
    env: &Env<'_>,
    id: Option<i64>,
    court_id: i64,
    name: &str,
) -> AppResult<jurisdiction::Model> {
    policy::ensure(policy::can_administer_people(env.user))?;
    let name = required_text("name", name, MAX_NAME)?;
    let txn = begin_write(env.db).await?;
    court::Entity::find_by_id(court_id)
        .one(&*txn)
        .await?
        .ok_or_else(|| AppError::validation("courtId", "Cour d’appel inconnue."))?;
    let all = jurisdiction::Entity::find().all(&*txn).await?;
    unique(all.iter().filter(|j| Some(j.id) != id).map(|j| j.name.as_str()), &name)?;
    let saved = match id {
        None => {
            jurisdiction::Entity::insert(jurisdiction::ActiveModel {
                court_id: Set(court_id),
                name: Set(name.clone()),
                ..Default::default()
            })
            .exec_with_returning(&*txn)
            .await?
        }
        Some(id) => {
            let before = all.into_iter().find(|j| j.id == id).ok_or_else(|| AppError::not_found("Juridiction"))?;
            if before.court_id != court_id {
                return Err(AppError::validation("courtId", "Une juridiction ne change pas de cour d’appel."));
            }
            jurisdiction::Entity::update_many()
                .col_expr(jurisdiction::Column::Name, Expr::value(name.clone()))
                .filter(jurisdiction::Column::Id.eq(id))
                .exec(&*txn)
                .await?;
            jurisdiction::Model { id, court_id, name: name.clone() }
        }
    };
    finish(env, txn, "jurisdiction", saved.id, id.is_none(), &name).await?;
    Ok(saved)
}

/// Renames a court of appeal (the 36 courts are created with the base, not by hand).
pub async fn rename_court(env: &Env<'_>, id: i64, name: &str) -> AppResult<court::Model> {
    policy::ensure(policy::can_administer_people(env.user))?;
    let name = required_text("name", name, MAX_NAME)?;
    let txn = begin_write(env.db).await?;
    let all = court::Entity::find().all(&*txn).await?;
    unique(all.iter().filter(|c| c.id != id).map(|c| c.name.as_str()), &name)?;
    let before = all.into_iter().find(|c| c.id == id).ok_or_else(|| AppError::not_found("Cour d’appel"))?;
    court::Entity::update_many()
        .col_expr(court::Column::Name, Expr::value(name.clone()))
        .filter(court::Column::Id.eq(id))
        .exec(&*txn)
        .await?;
    finish(env, txn, "court", id, false, &name).await?;
    Ok(court::Model { name, ..before })
}

/// Refuses `name` when one of `taken` reads the same.
fn unique<'a>(mut taken: impl Iterator<Item = &'a str>, name: &str) -> AppResult<()> {
    let key = name_key(name);
    if taken.any(|t| name_key(t) == key) {
        return Err(AppError::client(ErrorCode::Conflict, format!("« {name} » existe déjà.")));
    }
    Ok(())
}

async fn finish(
    env: &Env<'_>,
    txn: WriteTransaction,
    entity: &str,
    id: i64,
    created: bool,
    name: &str,
) -> AppResult<()> {
    let action = if created { "reference.create" } else { "reference.rename" };
    audit::record(&*txn, Change::by(env, action, entity, id, None, Some(serde_json::json!({ "name": name })))).await?;
    txn.commit().await?;
    Ok(())
}
