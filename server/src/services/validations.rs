//! Validation requests (art. 125): research, publications or diplomas put to the director, who
//! decides once how many days they count for; the magistrate is notified.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set};
use shared::{NotificationKind, ValidationKind, ValidationStatus};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::validation_request;
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};
use super::Env;

/// Most days one activity may count for: a diploma course is long, but not a year of training.
pub const MAX_HALF_DAYS: i32 = 60 * 2;

/// A request as submitted, already validated field by field.
pub struct ValidationDraft {
    pub kind: ValidationKind,
    pub title: String,
    pub description: Option<String>,
    pub year: i32,
    pub requested_half_days: i32,
}

/// Converts days in half-day steps, within `1..=MAX_HALF_DAYS` half-days.
pub fn half_days(field: &'static str, days: f64) -> AppResult<i32> {
    let half = days * 2.0;
    if !half.is_finite() || half.fract() != 0.0 || half < 1.0 || half > f64::from(MAX_HALF_DAYS) {
        return Err(AppError::validation(field, "de 0,5 à 60 jours, par demi-journées"));
    }
    Ok(half as i32)
}

/// Submits a request for the caller.
pub async fn request(env: &Env<'_>, draft: ValidationDraft) -> AppResult<validation_request::Model> {
    env.user.require_magistrate()?;
    let txn = begin_write(env.db).await?;
    let created = validation_request::ActiveModel {
        magistrate_id: Set(env.user.id),
        kind: Set(draft.kind),
        title: Set(draft.title),
        description: Set(draft.description),
        year: Set(draft.year),
        requested_half_days: Set(draft.requested_half_days),
        status: Set(ValidationStatus::Pending),
        created_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Change::by(env, "validation.request", "validation_request", created.id, None, snapshot(&created)),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// The director's decision, once: approved with the days credited (at most those requested), or
/// rejected.
pub async fn decide(
    env: &Env<'_>,
    id: i64,
    approved: bool,
    credited_half_days: Option<i32>,
    comment: Option<String>,
) -> AppResult<validation_request::Model> {
    policy::ensure(policy::can_decide_validation(env.user))?;
    let txn = begin_write(env.db).await?;
    let before = validation_request::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("Demande de validation"))?;
    if before.status != ValidationStatus::Pending {
        return Err(AppError::invalid_transition("Cette demande de validation a déjà été tranchée."));
    }
    let credited = match (approved, credited_half_days) {
        (true, Some(days)) if days > before.requested_half_days => {
            return Err(AppError::validation("daysCredited", "pas plus de jours que ceux demandés"))
        }
        (true, days) => Some(days.unwrap_or(before.requested_half_days)),
        (false, Some(_)) => {
            return Err(AppError::validation("daysCredited", "une demande rejetée ne compte aucun jour"))
        }
        (false, None) => None,
    };
    let mut active = before.clone().into_active_model();
    active.status = Set(if approved { ValidationStatus::Approved } else { ValidationStatus::Rejected });
    active.credited_half_days = Set(credited);
    active.decision_comment = Set(comment.clone());
    active.decided_by = Set(Some(env.user.id));
    active.decided_at = Set(Some(env.now));
    let after = active.update(&txn).await?;
    let outcome = match credited {
        Some(h) => format!("validée pour {} jour(s)", f64::from(h) / 2.0),
        None => "rejetée".to_owned(),
    };
    let message = Message {
        kind: NotificationKind::ValidationDecided,
        title: format!("Demande de validation {outcome} : {}", before.title),
        body: format!(
            "Le directeur de l’École a {} votre demande « {} » au titre de la formation continue obligatoire (art. 125).{}",
            if approved { "accepté" } else { "rejeté" },
            before.title,
            comment.map(|c| format!(" Observations : {c}")).unwrap_or_default()
        ),
        session_id: None,
        application_id: None,
    };
    notifications::send(&txn, before.magistrate_id, &message, env.now).await?;
    audit::record(
        &txn,
        Change::by(env, "validation.decide", "validation_request", id, snapshot(&before), snapshot(&after)),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The caller's requests, or, for the director and the School, everyone's (pending only if asked).
pub async fn list(
    env: &Env<'_>,
    pending_only: bool,
    window: super::ListWindow,
) -> AppResult<Vec<validation_request::Model>> {
    let mut query = validation_request::Entity::find();
    if !policy::can_list_every_validation(env.user) {
        query = query.filter(validation_request::Column::MagistrateId.eq(env.user.id));
    }
    if pending_only {
        query = query.filter(validation_request::Column::Status.eq(ValidationStatus::Pending));
    }
    Ok(query
        .order_by_desc(validation_request::Column::Id)
        .offset(window.offset)
        .limit(window.first)
        .all(env.db)
        .await?)
}
