//! Seats and the waitlist of a session. A seat is taken by a conditional update that can never
//! push `seats_taken` past `capacity`, whatever the concurrency (TOOLCHAIN.md); freed seats go to
//! the waitlist in order, each promoted magistrate getting a fresh confirmation delay (art. 131).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use shared::rules::{confirmation_due, session_started, transition, Action};
use shared::{dates, ApplicationStatus, ErrorCode, NotificationKind};

use crate::entities::{application, session};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};

/// Takes one seat of `session_id`, or answers `SESSION_FULL`.
pub async fn take_seat(db: &impl ConnectionTrait, session_id: i64) -> AppResult<()> {
    let taken = session::Entity::update_many()
        .col_expr(session::Column::SeatsTaken, Expr::col(session::Column::SeatsTaken).add(1))
        .filter(session::Column::Id.eq(session_id))
        .filter(Expr::col(session::Column::SeatsTaken).lt(Expr::col(session::Column::Capacity)))
        .exec(db)
        .await?
        .rows_affected;
    if taken == 1 {
        Ok(())
    } else {
        Err(AppError::client(ErrorCode::SessionFull, ErrorCode::SessionFull.message_fr()))
    }
}

/// Gives back one seat of `session_id`.
pub async fn release_seat(db: &impl ConnectionTrait, session_id: i64) -> AppResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::SeatsTaken, Expr::col(session::Column::SeatsTaken).sub(1))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::SeatsTaken.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// The position after the last one on the session's waitlist.
pub async fn next_position(db: &impl ConnectionTrait, session_id: i64) -> AppResult<i32> {
    let last: Option<Option<i32>> = application::Entity::find()
        .select_only()
        .column_as(application::Column::WaitlistPosition.max(), "last")
        .filter(application::Column::SessionId.eq(session_id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(last.flatten().unwrap_or(0) + 1)
}

/// The message telling a magistrate they are selected, with the day they must confirm by.
pub fn selection_message(s: &session::Model, app_id: i64, due: chrono::NaiveDate, promoted: bool) -> Message {
    let (kind, headline) = if promoted {
        (NotificationKind::Promoted, "Une place s’est libérée")
    } else {
        (NotificationKind::Selected, "Candidature retenue")
    };
    Message {
        kind,
        title: format!("{headline} : {}", s.title),
        body: format!(
            "Votre candidature à « {} » (à partir du {}) est retenue. Confirmez votre participation au plus tard le {} : \
             la confirmation vaut engagement de participer (art. 131).",
            s.title,
            dates::long_fr(s.start_date),
            dates::long_fr(due)
        ),
        session_id: Some(s.id),
        application_id: Some(app_id),
    }
}

/// Promotes waitlisted applications, in order, into the free seats of `session_id`. The session
/// row must already be locked by the caller. Returns how many were promoted.
pub async fn fill_from_waitlist(
    db: &impl ConnectionTrait,
    session_id: i64,
    actor_id: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<u32> {
    let today = now.date_naive();
    let mut promoted = 0;
    loop {
        let current = session::Entity::find_by_id(session_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::not_found("Action de formation"))?;
        if current.seats_taken >= current.capacity || session_started(today, current.start_date) {
            return Ok(promoted);
        }
        let Some(next) = application::Entity::find()
            .filter(application::Column::SessionId.eq(session_id))
            .filter(application::Column::Status.eq(ApplicationStatus::Waitlisted))
            .order_by_asc(application::Column::WaitlistPosition)
            .one(db)
            .await?
        else {
            return Ok(promoted);
        };
        let status = transition(next.status, Action::Promote).map_err(AppError::internal)?;
        take_seat(db, session_id).await?;
        let due = confirmation_due(current.start_date, today);
        let mut active = next.clone().into_active_model();
        active.status = Set(status);
        active.waitlist_position = Set(None);
        active.confirmation_due = Set(Some(due));
        active.decided_at = Set(Some(now));
        active.updated_at = Set(now);
        let after = active.update(db).await?;
        notifications::send(db, next.magistrate_id, &selection_message(&current, next.id, due, true), now).await?;
        audit::record(
            db,
            Change {
                actor_id,
                at: now,
                action: "application.promote",
                entity: "application",
                entity_id: next.id,
                before: snapshot(&next),
                after: snapshot(&after),
            },
        )
        .await?;
        promoted += 1;
    }
}
