//! The trainers' directory (art. 132): the School's coordinators, the regional coordinators,
//! associate teachers and occasional speakers, magistrates of the directory (with their account)
//! or outside speakers, with their body, expertise and contact; for each, the actions they gave
//! and what the participants said of the speakers there.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use shared::search::fold_for_search;
use shared::{ErrorCode, TrainerKind};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::{evaluation, sequence_speaker, session, session_director, trainer, user};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::Env;

/// The most trainers one listing returns.
pub const MAX_LISTED: usize = 500;

/// A trainer as the School writes it.
pub struct TrainerInput {
    /// The account of a magistrate or staff member of the directory; none for an outside speaker.
    pub user_id: Option<i64>,
    pub full_name: String,
    pub body: String,
    pub kind: TrainerKind,
    pub expertise: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Adds a trainer to the directory (`id` none) or corrects one.
pub async fn save(env: &Env<'_>, id: Option<i64>, input: TrainerInput) -> AppResult<trainer::Model> {
    policy::ensure(policy::can_manage_trainers(env.user))?;
    if let Some(email) = &input.email {
        if !email.contains('@') || email.contains(char::is_whitespace) {
            return Err(AppError::validation("email", "une adresse électronique valide est attendue"));
        }
    }
    let txn = begin_write(env.db).await?;
    if let Some(user_id) = input.user_id {
        if user::Entity::find_by_id(user_id).one(&txn).await?.is_none() {
            return Err(AppError::validation("userId", "aucun compte ne porte cet identifiant"));
        }
        let taken = trainer::Entity::find().filter(trainer::Column::UserId.eq(user_id)).one(&txn).await?;
        if taken.is_some_and(|t| Some(t.id) != id) {
            return Err(AppError::client(
                ErrorCode::Conflict,
                "Cette personne est déjà dans l’annuaire des formateurs.",
            ));
        }
    }
    let saved = match id {
        None => {
            let created = trainer::ActiveModel {
                user_id: Set(input.user_id),
                full_name: Set(input.full_name),
                body: Set(input.body),
                kind: Set(input.kind),
                expertise: Set(input.expertise),
                email: Set(input.email),
                phone: Set(input.phone),
                created_by: Set(Some(env.user.id)),
                created_at: Set(env.now),
                updated_at: Set(env.now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            audit::record(&txn, Change::by(env, "trainer.create", "trainer", created.id, None, snapshot(&created)))
                .await?;
            created
        }
        Some(id) => {
            let before =
                trainer::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("Formateur"))?;
            let mut active = before.clone().into_active_model();
            active.user_id = Set(input.user_id);
            active.full_name = Set(input.full_name);
            active.body = Set(input.body);
            active.kind = Set(input.kind);
            active.expertise = Set(input.expertise);
            active.email = Set(input.email);
            active.phone = Set(input.phone);
            active.updated_at = Set(env.now);
            let after = active.update(&txn).await?;
            audit::record(&txn, Change::by(env, "trainer.update", "trainer", id, snapshot(&before), snapshot(&after)))
                .await?;
            after
        }
    };
    txn.commit().await?;
    Ok(saved)
}

/// The directory, by name, filtered on name, body or expertise when `search` is given.
pub async fn list(env: &Env<'_>, search: Option<&str>) -> AppResult<Vec<trainer::Model>> {
    policy::ensure(policy::can_read_trainers(env.user, directs_an_action(env.db, env.user.id).await?))?;
    // Folded in memory (accents, case) before the limit, so that a search finds a name past the first page.
    let mut rows = trainer::Entity::find().order_by_asc(trainer::Column::FullName).all(env.db).await?;
    if let Some(words) = search.map(fold_for_search).filter(|w| !w.is_empty()) {
        rows.retain(|t| fold_for_search(&format!("{} {} {}", t.full_name, t.body, t.expertise)).contains(&words));
    }
    rows.truncate(MAX_LISTED);
    Ok(rows)
}

/// One trainer of the directory.
pub async fn get(env: &Env<'_>, id: i64) -> AppResult<trainer::Model> {
    policy::ensure(policy::can_read_trainers(env.user, directs_an_action(env.db, env.user.id).await?))?;
    trainer::Entity::find_by_id(id).one(env.db).await?.ok_or_else(|| AppError::not_found("Formateur"))
}

/// Whether the account `user_id` is the session director of an action.
pub async fn directs_an_action(db: &impl ConnectionTrait, user_id: i64) -> AppResult<bool> {
    let Some(me) = trainer::Entity::find().filter(trainer::Column::UserId.eq(user_id)).one(db).await? else {
        return Ok(false);
    };
    Ok(session_director::Entity::find().filter(session_director::Column::TrainerId.eq(me.id)).one(db).await?.is_some())
}

/// An action a trainer gave or directs, with what its participants said of the speakers.
pub struct TrainerAction {
    pub session: session::Model,
    /// Half-days they speak in its programme.
    pub half_days: i64,
    pub directed: bool,
    /// Evaluation forms returned for the action (art. 135).
    pub responses: i64,
    /// The participants' average mark for the speakers, out of 5; none without a form.
    pub speakers_average: Option<f64>,
}

/// The actions `trainer_id` speaks in or directs, latest first, with the evaluations that concern
/// them (the speakers' mark of each action): for the School.
pub async fn actions_of(env: &Env<'_>, trainer_id: i64) -> AppResult<Vec<TrainerAction>> {
    policy::ensure(policy::can_manage_trainers(env.user))?;
    let mut spoken: HashMap<i64, i64> = HashMap::new();
    for row in
        sequence_speaker::Entity::find().filter(sequence_speaker::Column::TrainerId.eq(trainer_id)).all(env.db).await?
    {
        *spoken.entry(row.session_id).or_default() += 1;
    }
    let directed: Vec<i64> = session_director::Entity::find()
        .filter(session_director::Column::TrainerId.eq(trainer_id))
        .all(env.db)
        .await?
        .into_iter()
        .map(|d| d.session_id)
        .collect();
    let mut ids: Vec<i64> = spoken.keys().copied().chain(directed.iter().copied()).collect();
    ids.sort_unstable();
    ids.dedup();
    let sessions = session::Entity::find().filter(session::Column::Id.is_in(ids.clone())).all(env.db).await?;
    // Per action: forms returned and the sum of the speakers' marks.
    let mut marks: HashMap<i64, (i64, i64)> = HashMap::new();
    for form in evaluation::Entity::find().filter(evaluation::Column::SessionId.is_in(ids)).all(env.db).await? {
        let m = marks.entry(form.session_id).or_default();
        m.0 += 1;
        m.1 += i64::from(form.speakers_score);
    }
    let mut out: Vec<TrainerAction> = sessions
        .into_iter()
        .map(|s| {
            let m = marks.get(&s.id);
            TrainerAction {
                half_days: spoken.get(&s.id).copied().unwrap_or(0),
                directed: directed.contains(&s.id),
                responses: m.map_or(0, |m| m.0),
                speakers_average: m.filter(|m| m.0 > 0).map(|m| m.1 as f64 / m.0 as f64),
                session: s,
            }
        })
        .collect();
    out.sort_by(|a, b| b.session.start_date.cmp(&a.session.start_date).then(a.session.id.cmp(&b.session.id)));
    Ok(out)
}
