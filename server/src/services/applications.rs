//! A magistrate's wishes: applying with a rank (art. 130), cancelling before any decision,
//! reordering, and listing their own.

use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
use shared::rules::{open_to_magistrate, transition, Action, Offer};
use shared::values::Rank;
use shared::{ApplicationStatus, ErrorCode, SessionStatus};

use crate::db::begin_write;
use crate::entities::application;
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::wish_writer::{NewWish, WishWriter};
use super::{access, lookup, request_id, sessions, Env};

/// Applies to a session with a preference rank, inside its window (art. 129, 130).
///
/// The wish goes straight to the [`WishWriter`], which writes it with the others arriving at the
/// same moment, only while its session is published, open today and open to the magistrate's
/// court, and never as a second live wish on the session or on a rank already taken (unique
/// indexes). Only a wish not written is looked at again, to say why ([`refusal`]).
pub async fn apply(
    env: &Env<'_>,
    writer: &WishWriter,
    session_id: i64,
    rank: Rank,
    motivation: Option<String>,
) -> AppResult<application::Model> {
    let profile = env.user.require_magistrate()?;
    let wish = NewWish {
        session_id,
        magistrate_id: env.user.id,
        court_id: profile.court_id,
        rank: rank.get(),
        motivation,
        now: env.now,
        request_id: request_id(),
    };
    // A second try when the cause of a refusal is gone once looked for (a wish cancelled meanwhile).
    for _ in 0..2 {
        if let Some(created) = writer.write(wish.clone()).await? {
            return Ok(created);
        }
        refusal(env, session_id, rank).await?;
    }
    Err(AppError::client(ErrorCode::Conflict, "Opération concurrente : veuillez réessayer."))
}

/// Why the caller may not apply to `session_id` with `rank` now, as the error to show; `Ok` if
/// nothing stands in the way.
async fn refusal(env: &Env<'_>, session_id: i64, rank: Rank) -> AppResult<()> {
    let profile = env.user.require_magistrate()?;
    let session = lookup::session(env.db, session_id).await?;
    let courts = lookup::session_courts(env.db, session_id).await?;
    if session.status == SessionStatus::Draft {
        return Err(AppError::not_found("Action de formation"));
    }
    let offer = Offer {
        status: session.status,
        scope: session.scope,
        applications_open: session.applications_open,
        applications_close: session.applications_close,
        court_ids: &courts,
    };
    if !open_to_magistrate(&offer, session.today(env.now), profile.court_id) {
        if sessions::is_open(&session, env.now) {
            return Err(AppError::client(
                ErrorCode::Forbidden,
                "Cette action déconcentrée est réservée aux magistrats des cours qui l’organisent.",
            ));
        }
        return Err(closed());
    }
    let mine = application::Entity::find()
        .filter(application::Column::MagistrateId.eq(env.user.id))
        .filter(application::Column::Status.ne(ApplicationStatus::Cancelled))
        .filter(
            Condition::any().add(application::Column::SessionId.eq(session_id)).add(
                Condition::all()
                    .add(application::Column::Year.eq(session.year))
                    .add(application::Column::Rank.eq(rank.get())),
            ),
        )
        .all(env.db)
        .await?;
    if mine.iter().any(|a| a.session_id == session_id) {
        return Err(AppError::client(ErrorCode::AlreadyApplied, ErrorCode::AlreadyApplied.message_fr()));
    }
    if !mine.is_empty() {
        return Err(AppError::client(
            ErrorCode::Conflict,
            format!("Le rang {} est déjà attribué à un autre de vos vœux pour {}.", rank.get(), session.year),
        ));
    }
    Ok(())
}

fn closed() -> AppError {
    AppError::client(ErrorCode::ApplicationsClosed, ErrorCode::ApplicationsClosed.message_fr())
}

/// The caller's own application, read under its session's lock (`FORBIDDEN` or `NOT_FOUND`
/// otherwise, see [`access::ensure_own_application`]).
async fn own(env: &Env<'_>, db: &impl sea_orm::ConnectionTrait, id: i64) -> AppResult<application::Model> {
    let (app, _) = lookup::application_locked(db, id).await?;
    access::ensure_own_application(env, db, &app).await?;
    Ok(app)
}

/// Cancels a wish before any decision, without motive.
pub async fn cancel(env: &Env<'_>, id: i64) -> AppResult<application::Model> {
    let txn = begin_write(env.db).await?;
    let before = own(env, &txn, id).await?;
    let status = transition(before.status, Action::Cancel).map_err(|_| {
        AppError::invalid_transition(
            "Une candidature ne peut être annulée qu’avant toute décision ; après, il faut se désister.",
        )
    })?;
    let mut active = before.clone().into_active_model();
    active.status = Set(status);
    active.updated_at = Set(env.now);
    let after = active.update(&txn).await?;
    audit::record(&txn, Change::by(env, "application.cancel", "application", id, snapshot(&before), snapshot(&after)))
        .await?;
    txn.commit().await?;
    Ok(after)
}

/// The caller's live wishes of `year`, by rank.
async fn live_wishes(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i64,
    year: i32,
) -> AppResult<Vec<application::Model>> {
    Ok(application::Entity::find()
        .filter(application::Column::MagistrateId.eq(user_id))
        .filter(application::Column::Year.eq(year))
        .filter(application::Column::Status.ne(ApplicationStatus::Cancelled))
        .order_by_asc(application::Column::Rank)
        .all(db)
        .await?)
}

/// Gives the caller's wishes of `year` the ranks 1, 2, 3… in the order of `ids`, which must list
/// every live wish of that year exactly once.
pub async fn reorder(env: &Env<'_>, year: i32, ids: &[i64]) -> AppResult<Vec<application::Model>> {
    env.user.require_magistrate()?;
    let txn = begin_write(env.db).await?;
    let wishes = live_wishes(&txn, env.user.id, year).await?;
    let mut expected: Vec<i64> = wishes.iter().map(|w| w.id).collect();
    let mut given = ids.to_vec();
    expected.sort_unstable();
    given.sort_unstable();
    if expected != given {
        return Err(AppError::validation(
            "applicationIds",
            format!("la liste doit contenir une fois chacun de vos {} vœux de {year}", expected.len()),
        ));
    }
    // Two passes so the unique (magistrate, year, rank) index never sees a duplicate.
    for wish in &wishes {
        let mut active = wish.clone().into_active_model();
        active.rank = Set(-(wish.id as i32).abs() - 1);
        active.update(&txn).await?;
    }
    for (index, id) in ids.iter().enumerate() {
        let before = wishes.iter().find(|w| w.id == *id).ok_or_else(|| AppError::internal("wish vanished"))?;
        let mut active = before.clone().into_active_model();
        active.rank = Set(index as i32 + 1);
        active.updated_at = Set(env.now);
        let after = active.update(&txn).await?;
        if before.rank != after.rank {
            audit::record(
                &txn,
                Change::by(
                    env,
                    "application.rerank",
                    "application",
                    *id,
                    Some(serde_json::json!({ "rank": before.rank })),
                    Some(serde_json::json!({ "rank": after.rank })),
                ),
            )
            .await?;
        }
    }
    let reordered = live_wishes(&txn, env.user.id, year).await?;
    txn.commit().await?;
    Ok(reordered)
}

/// The caller's applications, of `year` or all, by year then rank.
pub async fn mine(env: &Env<'_>, year: Option<i32>) -> AppResult<Vec<application::Model>> {
    let mut query = application::Entity::find().filter(application::Column::MagistrateId.eq(env.user.id));
    if let Some(year) = year {
        query = query.filter(application::Column::Year.eq(year));
    }
    Ok(query
        .order_by_desc(application::Column::Year)
        .order_by_asc(application::Column::Rank)
        .order_by_asc(application::Column::Id)
        .all(env.db)
        .await?)
}
