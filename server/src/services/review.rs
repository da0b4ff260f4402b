//! The evaluating authorities' observations on requests (art. 130) and the lists that reviewers
//! and deciders work from.

use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use shared::{ApplicationStatus, ErrorCode, Opinion};

use crate::auth::policy::{self, SessionScope};
use crate::db::begin_write;
use crate::entities::{application, magistrate, observation};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::{lookup, Env};

/// Records or replaces the caller's observation on an application still awaiting a final
/// decision. Advisory: it changes nothing of the application's status.
pub async fn give_observation(
    env: &Env<'_>,
    application_id: i64,
    opinion: Opinion,
    comment: Option<String>,
) -> AppResult<application::Model> {
    let txn = begin_write(env.db).await?;
    let app = lookup::application(&txn, application_id).await?;
    let profile = lookup::magistrate_profile(&txn, app.magistrate_id).await?;
    let Some(authority) = policy::observation_authority(env.user, app.magistrate_id, &profile) else {
        super::access::ensure_can_read_application(env, &txn, &app).await?;
        return Err(AppError::forbidden());
    };
    if !shared::rules::session_state::takes_observations(app.status) {
        return Err(AppError::client(
            ErrorCode::InvalidTransition,
            "Les observations ne sont recevables que tant que la candidature attend une décision.",
        ));
    }
    let existing = observation::Entity::find()
        .filter(observation::Column::ApplicationId.eq(application_id))
        .filter(observation::Column::Authority.eq(authority))
        .one(&txn)
        .await?;
    let (before, after) = match existing {
        Some(previous) => {
            let mut active = previous.clone().into_active_model();
            active.opinion = Set(opinion);
            active.comment = Set(comment);
            active.author_id = Set(env.user.id);
            active.updated_at = Set(env.now);
            (snapshot(&previous), active.update(&txn).await?)
        }
        None => {
            let created = observation::ActiveModel {
                application_id: Set(application_id),
                authority: Set(authority),
                author_id: Set(env.user.id),
                opinion: Set(opinion),
                comment: Set(comment),
                created_at: Set(env.now),
                updated_at: Set(env.now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            (None, created)
        }
    };
    audit::record(
        &txn,
        Change {
            actor_id: Some(env.user.id),
            at: env.now,
            action: "observation.give",
            entity: "observation",
            entity_id: after.id,
            before,
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(app)
}

/// Requests on which the caller may give observations: those of the magistrates they evaluate,
/// and, for a head of court, of every magistrate of the court. `pending_only` keeps those still
/// awaiting a decision and without the caller's observation.
pub async fn to_review(
    env: &Env<'_>,
    session_id: Option<i64>,
    pending_only: bool,
    window: super::ListWindow,
) -> AppResult<Vec<application::Model>> {
    policy::ensure(policy::can_review(env.user))?;
    let policy::ReviewReach { head_courts, evaluator_of } = policy::review_reach(env.user);
    let mut reach = Condition::any();
    if let Some(evaluator) = evaluator_of {
        reach = reach.add(magistrate::Column::EvaluatorId.eq(evaluator));
    }
    if !head_courts.is_empty() {
        reach = reach.add(magistrate::Column::CourtId.is_in(head_courts));
    }
    let people =
        Query::select().column(magistrate::Column::UserId).from(magistrate::Entity).cond_where(reach).to_owned();
    let mut query = application::Entity::find()
        .filter(application::Column::MagistrateId.in_subquery(people))
        .filter(application::Column::MagistrateId.ne(env.user.id))
        .filter(application::Column::Status.ne(ApplicationStatus::Cancelled));
    if let Some(session_id) = session_id {
        query = query.filter(application::Column::SessionId.eq(session_id));
    }
    if pending_only {
        let observed_by_caller = Query::select()
            .column(observation::Column::ApplicationId)
            .from(observation::Entity)
            .and_where(observation::Column::AuthorId.eq(env.user.id))
            .to_owned();
        query = query
            .filter(application::Column::Status.is_in([ApplicationStatus::Submitted, ApplicationStatus::Waitlisted]))
            .filter(application::Column::Id.not_in_subquery(observed_by_caller));
    }
    Ok(query
        .order_by_asc(application::Column::SessionId)
        .order_by_asc(application::Column::Rank)
        .order_by_asc(application::Column::Id)
        .offset(window.offset)
        .limit(window.first)
        .all(env.db)
        .await?)
}

/// Every application to a session, for whoever decides and the School, by rank then date.
pub async fn applicants(env: &Env<'_>, session_id: i64) -> AppResult<Vec<application::Model>> {
    let session = lookup::session(env.db, session_id).await?;
    let courts = lookup::session_courts(env.db, session_id).await?;
    policy::ensure(policy::can_view_applicants(env.user, &SessionScope { scope: session.scope, court_ids: &courts }))?;
    Ok(application::Entity::find()
        .filter(application::Column::SessionId.eq(session_id))
        .order_by_asc(application::Column::Rank)
        .order_by_asc(application::Column::CreatedAt)
        .order_by_asc(application::Column::Id)
        .all(env.db)
        .await?)
}

/// Where each applicant of a session stands against their obligations in the session's year, for
/// whoever decides (art. 125, 131): the sheets are built in one batch, not one per applicant.
pub async fn applicant_standings(env: &Env<'_>, session_id: i64) -> AppResult<Vec<super::sheets::TrainingSheet>> {
    let applications = applicants(env, session_id).await?;
    let session = lookup::session(env.db, session_id).await?;
    let mut ids: Vec<i64> = applications.iter().map(|a| a.magistrate_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let built = super::sheets::build(env.db, &ids, session.year).await?;
    super::sheets::for_viewer(env, built).await
}
