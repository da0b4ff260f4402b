//! The session director of a national action (art. 132): named by the School for a year from
//! the trainers' directory, renewable on the action of the next year, never beyond three years
//! unless the School writes down the exceptional circumstances. The director is told, and then
//! prepares the action's programme and speakers.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use shared::rules::session_programme::{check_term, director_term, RenewedTerm};
use shared::{NotificationKind, Scope};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::{session, session_director, trainer};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};
use super::{lookup, Env};

/// The School's nomination.
pub struct Nomination {
    pub trainer_id: i64,
    /// The action of the year before whose director this renews.
    pub renews_session_id: Option<i64>,
    pub exceptional_circumstances: Option<String>,
}

/// Names the session director of `session_id`, replacing any named before.
pub async fn name(env: &Env<'_>, session_id: i64, nomination: Nomination) -> AppResult<session_director::Model> {
    policy::ensure(policy::can_manage_trainers(env.user))?;
    let txn = begin_write(env.db).await?;
    let session = lookup::session_for_update(&txn, session_id).await?;
    if session.scope != Scope::National {
        return Err(AppError::validation(
            "sessionId",
            "l’École nomme un directeur de session sur une action nationale (art. 132) ; le délégué organise les actions de la cour (art. 140)",
        ));
    }
    let trainer = trainer::Entity::find_by_id(nomination.trainer_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::validation("trainerId", "ce formateur n’est pas dans l’annuaire"))?;
    let Some(director_account) = trainer.user_id else {
        return Err(AppError::validation(
            "trainerId",
            "le directeur de session propose le programme dans Magistra : il lui faut un compte (magistrat ou personnel de l’École)",
        ));
    };
    let renewed = match nomination.renews_session_id {
        None => None,
        Some(previous_id) => {
            let previous = lookup::session(&txn, previous_id).await?;
            let before =
                of_session(&txn, previous_id).await?.filter(|d| d.trainer_id == trainer.id).ok_or_else(|| {
                    AppError::validation("renewsSessionId", "cette personne ne dirigeait pas l’action renouvelée")
                })?;
            Some(RenewedTerm { year: previous.year, term: before.term })
        }
    };
    let term = director_term(renewed, session.year).map_err(|m| AppError::validation("renewsSessionId", m))?;
    let circumstances = nomination.exceptional_circumstances.filter(|t| !t.trim().is_empty());
    check_term(term, circumstances.as_deref()).map_err(|m| AppError::validation("exceptionalCircumstances", m))?;
    let previous = of_session(&txn, session_id).await?;
    let named = match previous.clone() {
        Some(row) => {
            let mut active = row.into_active_model();
            active.trainer_id = Set(trainer.id);
            active.term = Set(term);
            active.renews_session_id = Set(nomination.renews_session_id);
            active.exceptional_circumstances = Set(circumstances);
            active.named_by = Set(Some(env.user.id));
            active.named_at = Set(env.now);
            active.update(&txn).await?
        }
        None => {
            session_director::ActiveModel {
                session_id: Set(session_id),
                trainer_id: Set(trainer.id),
                term: Set(term),
                renews_session_id: Set(nomination.renews_session_id),
                exceptional_circumstances: Set(circumstances),
                named_by: Set(Some(env.user.id)),
                named_at: Set(env.now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    audit::record(
        &txn,
        Change::by(
            env,
            "session.director_named",
            "session_director",
            named.id,
            previous.as_ref().and_then(snapshot),
            snapshot(&named),
        ),
    )
    .await?;
    let message = Message {
        kind: NotificationKind::DirectorNamed,
        title: format!("Direction de session : {}", session.title),
        body: format!(
            "L’École vous nomme directeur de session de « {} » pour {} ({}, art. 132) : \
             proposez-lui le programme de l’action, par demi-journée, et la liste de ses intervenants.",
            session.title,
            session.year,
            shared::rules::session_programme::term_fr(term)
        ),
        session_id: Some(session_id),
        application_id: None,
    };
    notifications::send(&txn, director_account, &message, env.now).await?;
    txn.commit().await?;
    Ok(named)
}

/// The director named on an action, if any.
pub async fn of_session(db: &impl ConnectionTrait, session_id: i64) -> AppResult<Option<session_director::Model>> {
    Ok(session_director::Entity::find().filter(session_director::Column::SessionId.eq(session_id)).one(db).await?)
}

/// The account of the director named on an action, if any.
pub async fn director_account(db: &impl ConnectionTrait, session_id: i64) -> AppResult<Option<i64>> {
    let Some(named) = of_session(db, session_id).await? else { return Ok(None) };
    Ok(trainer::Entity::find_by_id(named.trainer_id).one(db).await?.and_then(|t| t.user_id))
}

/// The director named on an action with their entry in the directory.
pub async fn with_trainer(
    db: &impl ConnectionTrait,
    session_id: i64,
) -> AppResult<Option<(session_director::Model, Option<trainer::Model>)>> {
    let Some(named) = of_session(db, session_id).await? else { return Ok(None) };
    let trainer = trainer::Entity::find_by_id(named.trainer_id).one(db).await?;
    Ok(Some((named, trainer)))
}

/// The actions the caller directs, by start date: their own, whoever they are.
pub async fn directed_by(env: &Env<'_>) -> AppResult<Vec<session::Model>> {
    let Some(me) = trainer::Entity::find().filter(trainer::Column::UserId.eq(env.user.id)).one(env.db).await? else {
        return Ok(Vec::new());
    };
    let ids: Vec<i64> = session_director::Entity::find()
        .filter(session_director::Column::TrainerId.eq(me.id))
        .all(env.db)
        .await?
        .into_iter()
        .map(|d| d.session_id)
        .collect();
    Ok(session::Entity::find()
        .filter(session::Column::Id.is_in(ids))
        .order_by_asc(session::Column::StartDate)
        .all(env.db)
        .await?)
}
