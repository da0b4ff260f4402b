//! Seats and the waitlist of a session. A seat is taken by a conditional update that can never
//! push `seats_taken` past `capacity`, whatever the concurrency (TOOLCHAIN.md); freed seats go to
//! the waitlist in order, each promoted magistrate getting a fresh confirmation delay (art. 131).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use shared::rules::allocation::share_a_day;
use shared::rules::{confirmation_due, session_started, transition, Action};
use shared::{dates, ApplicationStatus, ErrorCode, NotificationKind};

use crate::entities::{application, session};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};

/// Takes one seat of `session_id`, or answers `SESSION_FULL`.
pub async fn take_seat(db: &impl ConnectionTrait, session_id: i64) -> AppResult<()> {
    take_seats(db, session_id, 1).await
}

/// Takes `seats` seats of `session_id` at once, or none if they are not all free.
pub async fn take_seats(db: &impl ConnectionTrait, session_id: i64, seats: u32) -> AppResult<()> {
    let seats = i32::try_from(seats).unwrap_or(i32::MAX);
    let taken = session::Entity::update_many()
        .col_expr(session::Column::SeatsTaken, Expr::col(session::Column::SeatsTaken).add(seats))
        .filter(session::Column::Id.eq(session_id))
        .filter(Expr::col(session::Column::SeatsTaken).add(seats).lte(Expr::col(session::Column::Capacity)))
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
             la confirmation vaut engagement de participer (art. 131). Sans confirmation à cette date, votre place \
             revient au premier magistrat de la liste d’attente.",
            s.title,
            dates::long_fr(s.start_date),
            dates::long_fr(due)
        ),
        session_id: Some(s.id),
        application_id: Some(app_id),
    }
}

/// Promotes waitlisted applications, in order, into the free seats of `session_id`. The session
/// row must already be locked by the caller. A magistrate who holds a place at another action
/// sharing a day with this one is passed over and keeps their position (the rules of the national
/// selection: no two places at the same time). Returns how many were promoted.
pub async fn fill_from_waitlist(
    db: &impl ConnectionTrait,
    session_id: i64,
    actor_id: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<u32> {
    let mut promoted = 0;
    let waiting = application::Entity::find()
        .filter(application::Column::SessionId.eq(session_id))
        .filter(application::Column::Status.eq(ApplicationStatus::Waitlisted))
        .order_by_asc(application::Column::WaitlistPosition)
        .order_by_asc(application::Column::Id)
        .all(db)
        .await?;
    for next in waiting {
        let current = session::Entity::find_by_id(session_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::not_found("Action de formation"))?;
        let today = current.today(now);
        if current.seats_taken >= current.capacity || session_started(today, current.start_date) {
            return Ok(promoted);
        }
        if holds_place_at_the_same_time(db, next.magistrate_id, &current).await? {
            continue;
        }
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
    Ok(promoted)
}

/// Whether `magistrate_id` holds a place (selected or confirmed) at another action sharing a day
/// with `session`.
async fn holds_place_at_the_same_time(
    db: &impl ConnectionTrait,
    magistrate_id: i64,
    session: &session::Model,
) -> AppResult<bool> {
    let held = Query::select()
        .column(application::Column::SessionId)
        .from(application::Entity)
        .and_where(application::Column::MagistrateId.eq(magistrate_id))
        .and_where(application::Column::Status.is_in([ApplicationStatus::Selected, ApplicationStatus::Confirmed]))
        .to_owned();
    let spans: Vec<(NaiveDate, NaiveDate)> = session::Entity::find()
        .select_only()
        .column(session::Column::StartDate)
        .column(session::Column::EndDate)
        .filter(session::Column::Id.in_subquery(held))
        .filter(session::Column::Id.ne(session.id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(spans.into_iter().any(|span| share_a_day(span, (session.start_date, session.end_date))))
}
