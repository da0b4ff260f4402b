//! A first year of history for the demo magistrate, so the training sheet (art. 136) shows
//! trainings attended, a withdrawal and a validated publication from the first login.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::{ApplicationStatus, Scope, SessionFormat, ValidationKind, ValidationStatus, WithdrawalReason};

use crate::entities::{application, session, validation_request};

/// Writes the demo magistrate's history for `year`: the first two national sessions of the
/// year attended, the third withdrawn from, and a publication validated for two days.
pub async fn demo_magistrate(
    db: &DatabaseTransaction,
    year: i32,
    magistrate_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let sessions = session::Entity::find()
        .filter(session::Column::Year.eq(year))
        .filter(session::Column::Scope.eq(Scope::National))
        .filter(session::Column::Format.eq(SessionFormat::Session))
        .order_by_asc(session::Column::StartDate)
        .order_by_asc(session::Column::Id)
        .all(db)
        .await?;
    for (rank, s) in sessions.iter().take(3).enumerate() {
        let attended = rank < 2;
        application::Entity::insert(application::ActiveModel {
            session_id: Set(s.id),
            magistrate_id: Set(magistrate_id),
            year: Set(year),
            rank: Set(rank as i32 + 1),
            motivation: Set(Some("Formation utile à mes fonctions de juge des enfants.".to_owned())),
            status: Set(if attended { ApplicationStatus::Attended } else { ApplicationStatus::Withdrawn }),
            decided_at: Set(Some(now)),
            confirmation_due: Set(Some(s.start_date)),
            credited_half_days: Set(attended.then_some(s.duration_half_days)),
            withdrawal_reason: Set((!attended).then_some(WithdrawalReason::ServiceNecessity)),
            withdrawal_details: Set((!attended).then(|| "Audience de cabinet fixée à la même date.".to_owned())),
            withdrawn_at: Set((!attended).then_some(now)),
            head_of_court_notified: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(db)
        .await?;
        if attended {
            session::Entity::update_many()
                .col_expr(session::Column::SeatsTaken, sea_orm::sea_query::Expr::value(1))
                .filter(session::Column::Id.eq(s.id))
                .exec(db)
                .await?;
        }
    }
    validation_request::Entity::insert(validation_request::ActiveModel {
        magistrate_id: Set(magistrate_id),
        kind: Set(ValidationKind::Publication),
        title: Set("Chronique de droit des mineurs, Revue de la justice".to_owned()),
        year: Set(year),
        requested_half_days: Set(4),
        status: Set(ValidationStatus::Approved),
        credited_half_days: Set(Some(4)),
        decision_comment: Set(Some("Publication retenue pour deux jours.".to_owned())),
        decided_at: Set(Some(now)),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}
