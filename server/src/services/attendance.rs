//! Attendance per half-day (art. 133): recorded by the School for national sessions and by the
//! court's delegate for deconcentrated ones; each entry may be corrected, and every change is
//! audited. Each participant's outcome and credited days follow from the half-days present.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use shared::rules::attendance::{credited_half_days, outcome};
use shared::rules::{transition, Action};
use shared::HalfDay;

use crate::auth::policy::{self, SessionScope};
use crate::db::begin_write;
use crate::entities::{application, attendance, session};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::{lookup, Env};

/// One half-day of one participant.
pub struct AttendanceEntry {
    pub application_id: i64,
    pub day: NaiveDate,
    pub half_day: HalfDay,
    pub present: bool,
}

/// Most entries in one call: a large session over two weeks.
pub const MAX_ENTRIES: usize = 5_000;

/// Records `entries` for `session_id` and returns the participants whose entries changed, with
/// their new outcome.
pub async fn record(env: &Env<'_>, session_id: i64, entries: &[AttendanceEntry]) -> AppResult<Vec<application::Model>> {
    if entries.is_empty() || entries.len() > MAX_ENTRIES {
        return Err(AppError::validation("entries", format!("de 1 à {MAX_ENTRIES} demi-journées par envoi")));
    }
    let txn = begin_write(env.db).await?;
    let session = lookup::session_for_update(&txn, session_id).await?;
    let courts = lookup::session_courts(&txn, session_id).await?;
    policy::ensure(policy::can_record_attendance(
        env.user,
        &SessionScope { scope: session.scope, court_ids: &courts },
    ))?;
    let mut touched = BTreeSet::new();
    for entry in entries {
        check_day(&session, entry.day, session.today(env.now))?;
        let app = lookup::application(&txn, entry.application_id).await?;
        if app.session_id != session_id {
            return Err(AppError::not_found("Candidature"));
        }
        if !app.status.holds_seat() {
            return Err(AppError::invalid_transition(format!(
                "La candidature n° {} n’a pas été retenue : aucune présence ne peut être enregistrée.",
                app.id
            )));
        }
        let existing = attendance::Entity::find()
            .filter(attendance::Column::ApplicationId.eq(app.id))
            .filter(attendance::Column::Day.eq(entry.day))
            .filter(attendance::Column::HalfDay.eq(entry.half_day))
            .one(&txn)
            .await?;
        let (before, after) = match existing {
            Some(row) if row.present == entry.present => continue,
            Some(row) => {
                let mut active = row.clone().into_active_model();
                active.present = Set(entry.present);
                active.recorded_by = Set(Some(env.user.id));
                active.recorded_at = Set(env.now);
                (snapshot(&row), active.update(&txn).await?)
            }
            None => {
                let created = attendance::ActiveModel {
                    application_id: Set(app.id),
                    day: Set(entry.day),
                    half_day: Set(entry.half_day),
                    present: Set(entry.present),
                    recorded_by: Set(Some(env.user.id)),
                    recorded_at: Set(env.now),
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
                action: if before.is_some() { "attendance.correct" } else { "attendance.record" },
                entity: "attendance",
                entity_id: after.id,
                before,
                after: snapshot(&after),
            },
        )
        .await?;
        touched.insert(app.id);
    }
    let mut updated = Vec::with_capacity(touched.len());
    for id in touched {
        updated.push(settle(env, &txn, &session, id).await?);
    }
    txn.commit().await?;
    Ok(updated)
}

/// A half-day must fall within the session's dates, and not in the future.
fn check_day(session: &session::Model, day: NaiveDate, today: NaiveDate) -> AppResult<()> {
    if day < session.start_date || day > session.end_date {
        return Err(AppError::validation(
            "date",
            format!("le {} n’est pas un jour de l’action", shared::dates::short_fr(day)),
        ));
    }
    if day > today {
        return Err(AppError::validation("date", "la présence ne s’enregistre pas à l’avance"));
    }
    Ok(())
}

/// Recomputes one participant's outcome and credited half-days from their attendance rows.
async fn settle(
    env: &Env<'_>,
    txn: &sea_orm::DatabaseTransaction,
    session: &session::Model,
    application_id: i64,
) -> AppResult<application::Model> {
    let before = lookup::application(txn, application_id).await?;
    let present = attendance::Entity::find()
        .filter(attendance::Column::ApplicationId.eq(application_id))
        .filter(attendance::Column::Present.eq(true))
        .count(txn)
        .await? as i32;
    let result = outcome(present, session.duration_half_days);
    let status = transition(before.status, Action::RecordAttendance(result)).map_err(AppError::internal)?;
    let credited = credited_half_days(present, session.duration_half_days);
    if before.status == status && before.credited_half_days == Some(credited) {
        return Ok(before);
    }
    let mut active = before.clone().into_active_model();
    active.status = Set(status);
    active.credited_half_days = Set(Some(credited));
    active.updated_at = Set(env.now);
    let after = active.update(txn).await?;
    audit::record(
        txn,
        Change::by(
            env,
            "application.attendance_outcome",
            "application",
            application_id,
            snapshot(&before),
            snapshot(&after),
        ),
    )
    .await?;
    Ok(after)
}

/// The attendance sheet of a session, for those who record it.
pub async fn sheet(env: &Env<'_>, session_id: i64) -> AppResult<Vec<attendance::Model>> {
    let session = lookup::session(env.db, session_id).await?;
    let courts = lookup::session_courts(env.db, session_id).await?;
    policy::ensure(policy::can_record_attendance(
        env.user,
        &SessionScope { scope: session.scope, court_ids: &courts },
    ))?;
    let ids: Vec<i64> = application::Entity::find()
        .filter(application::Column::SessionId.eq(session_id))
        .all(env.db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    Ok(attendance::Entity::find()
        .filter(attendance::Column::ApplicationId.is_in(ids))
        .order_by_asc(attendance::Column::Day)
        .order_by_asc(attendance::Column::HalfDay)
        .order_by_asc(attendance::Column::ApplicationId)
        .all(env.db)
        .await?)
}
