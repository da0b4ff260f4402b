//! The messages that ask a selected magistrate to confirm (art. 131): the invitation, the reminder a
//! week before the due date and the one on its eve, each sent once (the level sent is kept on the
//! application, raised by a conditional update), on the day of the action's own clock, saying what
//! happens at the due date. Run by the deadline sweep.

use std::collections::HashMap;

use chrono::{DateTime, Days, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use shared::rules::confirmation::{confirmation_notice, ConfirmationNotice, WEEK_REMINDER_DAYS};
use shared::rules::local_time;
use shared::{dates, ApplicationStatus, NotificationKind};

use crate::db::begin_write;
use crate::entities::{application, session};
use crate::error::AppResult;

use super::audit::{self, Change};
use super::notifications::{self, Message};

/// The message of `notice` about `app`'s selection for `s`.
fn message(notice: ConfirmationNotice, app: &application::Model, s: &session::Model) -> Option<Message> {
    let due = app.confirmation_due?;
    let deadline = format!("le {} à minuit, heure de {}", dates::long_fr(due), local_time::zone_city_fr(s.zone()));
    let consequence = "Sans confirmation à cette date, votre candidature devient caduque et votre place \
                       revient au premier magistrat de la liste d’attente (art. 131).";
    let (kind, title, opening) = match notice {
        ConfirmationNotice::Invitation => (
            NotificationKind::ConfirmationInvitation,
            format!("Confirmez votre participation : {}", s.title),
            format!(
                "Vous êtes retenu(e) pour « {} ». Merci de confirmer votre participation au plus tard {deadline}.",
                s.title
            ),
        ),
        ConfirmationNotice::WeekBefore => (
            NotificationKind::ConfirmationReminder,
            format!("Rappel : confirmation attendue d’ici une semaine : {}", s.title),
            format!("Votre participation à « {} » n’est pas encore confirmée. Vous avez jusqu’au {deadline}.", s.title),
        ),
        ConfirmationNotice::Eve => (
            NotificationKind::ConfirmationReminder,
            format!("Dernier rappel avant la date limite de confirmation : {}", s.title),
            format!(
                "Votre participation à « {} » n’est pas encore confirmée : il vous reste jusqu’au {deadline}.",
                s.title
            ),
        ),
    };
    Some(Message {
        kind,
        title,
        body: format!("{opening}\n\n{consequence}"),
        session_id: Some(s.id),
        application_id: Some(app.id),
    })
}

/// Sends every notice due at `now`; returns how many went out.
pub async fn send_due(db: &DatabaseConnection, now: DateTime<Utc>, invitation_days: u32) -> AppResult<u32> {
    // Only selections whose due date is near somewhere; each one's own day decides below.
    let horizon = local_time::latest_day(now)
        .checked_add_days(Days::new(u64::from(invitation_days.max(WEEK_REMINDER_DAYS + 1))))
        .unwrap_or_else(|| local_time::latest_day(now));
    let earliest = local_time::school_today(now).checked_sub_days(Days::new(1)).unwrap_or(horizon);
    let waiting = application::Entity::find()
        .filter(application::Column::Status.eq(ApplicationStatus::Selected))
        .filter(application::Column::ConfirmationDue.lte(horizon))
        .filter(application::Column::ConfirmationDue.gte(earliest))
        .filter(application::Column::ConfirmationNoticeLevel.lt(ConfirmationNotice::Eve.level()))
        .all(db)
        .await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let mut session_ids: Vec<i64> = waiting.iter().map(|a| a.session_id).collect();
    session_ids.sort_unstable();
    session_ids.dedup();
    let sessions: HashMap<i64, session::Model> = session::Entity::find()
        .filter(session::Column::Id.is_in(session_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let txn = begin_write(db).await?;
    let mut sent = 0;
    for app in waiting {
        let (Some(s), Some(due)) = (sessions.get(&app.session_id), app.confirmation_due) else { continue };
        let selected_on = s.today(app.decided_at.unwrap_or(app.created_at));
        let Some((notice, level)) =
            confirmation_notice(s.today(now), due, invitation_days, app.confirmation_notice_level, selected_on)
        else {
            continue;
        };
        let Some(message) = message(notice, &app, s) else { continue };
        if !raise_level(&txn, &app, due, level).await? {
            continue;
        }
        notifications::send(&txn, app.magistrate_id, &message, now).await?;
        audit::record(
            &txn,
            Change {
                actor_id: None,
                at: now,
                action: "application.confirmation_notice",
                entity: "application",
                entity_id: app.id,
                before: Some(serde_json::json!({ "confirmationNoticeLevel": app.confirmation_notice_level })),
                after: Some(serde_json::json!({ "confirmationNoticeLevel": level, "notice": format!("{notice:?}") })),
            },
        )
        .await?;
        sent += 1;
    }
    txn.commit().await?;
    Ok(sent)
}

/// Raises the level kept on `app` from what was read to `level`; `false` when another pass did it
/// or the due date moved meanwhile (the notice would name the old one).
async fn raise_level(
    db: &impl ConnectionTrait,
    app: &application::Model,
    due: chrono::NaiveDate,
    level: i32,
) -> AppResult<bool> {
    let changed = application::Entity::update_many()
        .col_expr(application::Column::ConfirmationNoticeLevel, Expr::value(level))
        .filter(application::Column::Id.eq(app.id))
        .filter(application::Column::Status.eq(ApplicationStatus::Selected))
        .filter(application::Column::ConfirmationNoticeLevel.eq(app.confirmation_notice_level))
        .filter(application::Column::ConfirmationDue.eq(due))
        .exec(db)
        .await?;
    Ok(changed.rows_affected == 1)
}
