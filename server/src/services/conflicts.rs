//! Clashes that are shown, never silently allowed: a speaker in two actions at the same half-day
//! (art. 132), a magistrate selected for two actions that share a day (art. 131). Each is let
//! through only with a reason, kept in `conflict_overrides` and audited.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::{dates, ApplicationStatus, ConflictKind, ErrorCode, HalfDay, SessionStatus};

use crate::entities::{application, conflict_override, sequence_speaker, session, trainer, user};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::Env;

/// A speaker who already speaks in another action at the same half-day.
#[derive(Debug, Clone)]
pub struct SpeakerConflict {
    pub trainer_id: i64,
    pub trainer_name: String,
    pub other_session: session::Model,
    pub day: NaiveDate,
    pub half_day: HalfDay,
    /// Why it was let through, when it was.
    pub reason: Option<String>,
}

/// The other actions (not cancelled) where the speakers of `half_days` speak at the same time as
/// in `session_id`, with the reason recorded when a clash was let through.
pub async fn speaker_conflicts(
    db: &impl ConnectionTrait,
    session_id: i64,
    half_days: &[(i64, NaiveDate, HalfDay)],
) -> AppResult<Vec<SpeakerConflict>> {
    let trainer_ids: Vec<i64> = half_days.iter().map(|h| h.0).collect();
    if trainer_ids.is_empty() {
        return Ok(Vec::new());
    }
    let elsewhere = sequence_speaker::Entity::find()
        .filter(sequence_speaker::Column::TrainerId.is_in(trainer_ids.clone()))
        .filter(sequence_speaker::Column::SessionId.ne(session_id))
        .all(db)
        .await?;
    let clashes: Vec<&sequence_speaker::Model> = elsewhere
        .iter()
        .filter(|row| half_days.iter().any(|(t, d, h)| row.trainer_id == *t && row.day == *d && row.half_day == *h))
        .collect();
    if clashes.is_empty() {
        return Ok(Vec::new());
    }
    let other_ids: Vec<i64> = clashes.iter().map(|r| r.session_id).collect();
    let others: HashMap<i64, session::Model> = session::Entity::find()
        .filter(session::Column::Id.is_in(other_ids))
        .filter(session::Column::Status.ne(SessionStatus::Cancelled))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let names: HashMap<i64, String> = trainer::Entity::find()
        .filter(trainer::Column::Id.is_in(trainer_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.full_name))
        .collect();
    let reasons = overrides(db, session_id, ConflictKind::Speaker).await?;
    let mut out = Vec::new();
    for row in clashes {
        let Some(other) = others.get(&row.session_id) else { continue };
        out.push(SpeakerConflict {
            trainer_id: row.trainer_id,
            trainer_name: names.get(&row.trainer_id).cloned().unwrap_or_default(),
            other_session: other.clone(),
            day: row.day,
            half_day: row.half_day,
            reason: reasons.get(&(row.trainer_id, row.session_id)).cloned(),
        });
    }
    out.sort_by(|a, b| (a.day, a.half_day, &a.trainer_name).cmp(&(b.day, b.half_day, &b.trainer_name)));
    Ok(out)
}

/// The French sentence that names a speaker's clash.
pub fn speaker_sentence(c: &SpeakerConflict) -> String {
    format!(
        "{} intervient déjà dans « {} » le {} ({})",
        c.trainer_name,
        c.other_session.title,
        dates::long_fr(c.day),
        c.half_day.label_fr().to_lowercase()
    )
}

/// The reasons recorded for clashes of `kind` between `session_id` and another action, on either
/// side (the clash was let through where it was written second), by (trainer or magistrate, other action).
async fn overrides(
    db: &impl ConnectionTrait,
    session_id: i64,
    kind: ConflictKind,
) -> AppResult<HashMap<(i64, i64), String>> {
    Ok(conflict_override::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(conflict_override::Column::SessionId.eq(session_id))
                .add(conflict_override::Column::OtherSessionId.eq(session_id)),
        )
        .filter(conflict_override::Column::Kind.eq(kind))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|o| {
            let other = if o.session_id == session_id { o.other_session_id } else { o.session_id };
            o.trainer_id.or(o.magistrate_id).map(|who| ((who, other), o.reason))
        })
        .collect())
}

/// Records that a clash of `kind` was let through for `who` (a trainer or a magistrate) with the
/// action `other_session_id`, and why.
pub async fn record_override(
    env: &Env<'_>,
    txn: &impl ConnectionTrait,
    kind: ConflictKind,
    session_id: i64,
    other_session_id: i64,
    who: i64,
    reason: &str,
) -> AppResult<()> {
    let (trainer_id, magistrate_id) = match kind {
        ConflictKind::Speaker => (Some(who), None),
        ConflictKind::Participant => (None, Some(who)),
    };
    let row = conflict_override::ActiveModel {
        kind: Set(kind),
        session_id: Set(session_id),
        other_session_id: Set(other_session_id),
        trainer_id: Set(trainer_id),
        magistrate_id: Set(magistrate_id),
        reason: Set(reason.to_owned()),
        recorded_by: Set(Some(env.user.id)),
        recorded_at: Set(env.now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(txn, Change::by(env, "conflict.override", "conflict_override", row.id, None, snapshot(&row))).await
}

/// Forgets the speakers' clashes let through on `session_id`, before its programme is written again.
pub async fn clear_speaker_overrides(txn: &impl ConnectionTrait, session_id: i64) -> AppResult<()> {
    conflict_override::Entity::delete_many()
        .filter(conflict_override::Column::SessionId.eq(session_id))
        .filter(conflict_override::Column::Kind.eq(ConflictKind::Speaker))
        .exec(txn)
        .await?;
    Ok(())
}

/// Statuses in which a magistrate holds a seat in an action.
const HOLDING: [ApplicationStatus; 2] = [ApplicationStatus::Selected, ApplicationStatus::Confirmed];

/// A magistrate about to be selected who already holds a seat in an action sharing a day.
pub struct ParticipantConflict {
    pub magistrate_id: i64,
    pub magistrate_name: String,
    pub other_session: session::Model,
}

/// For each of `magistrate_ids`, the other actions (not cancelled) sharing a day with `session`
/// where they are selected or confirmed.
pub async fn participant_conflicts(
    db: &impl ConnectionTrait,
    session: &session::Model,
    magistrate_ids: &[i64],
) -> AppResult<Vec<ParticipantConflict>> {
    if magistrate_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut held = Vec::new();
    for chunk in magistrate_ids.chunks(500) {
        held.extend(
            application::Entity::find()
                .filter(application::Column::MagistrateId.is_in(chunk.to_vec()))
                .filter(application::Column::Status.is_in(HOLDING))
                .filter(application::Column::SessionId.ne(session.id))
                .all(db)
                .await?,
        );
    }
    if held.is_empty() {
        return Ok(Vec::new());
    }
    let others: HashMap<i64, session::Model> = session::Entity::find()
        .filter(session::Column::Id.is_in(held.iter().map(|a| a.session_id).collect::<Vec<_>>()))
        .filter(session::Column::Status.ne(SessionStatus::Cancelled))
        .filter(session::Column::StartDate.lte(session.end_date))
        .filter(session::Column::EndDate.gte(session.start_date))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let clashing: Vec<&application::Model> = held.iter().filter(|a| others.contains_key(&a.session_id)).collect();
    let names: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(clashing.iter().map(|a| a.magistrate_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(clashing
        .into_iter()
        .filter_map(|a| {
            Some(ParticipantConflict {
                magistrate_id: a.magistrate_id,
                magistrate_name: names.get(&a.magistrate_id).cloned().unwrap_or_default(),
                other_session: others.get(&a.session_id)?.clone(),
            })
        })
        .collect())
}

/// Refuses selections that clash unless each comes with its reason; records the reasons given.
/// `selections` are (application, magistrate, reason given).
pub async fn settle_participant_conflicts(
    env: &Env<'_>,
    txn: &impl ConnectionTrait,
    session: &session::Model,
    selections: &[(i64, i64, Option<String>)],
) -> AppResult<()> {
    let ids: Vec<i64> = selections.iter().map(|s| s.1).collect();
    let clashes = participant_conflicts(txn, session, &ids).await?;
    let mut unexplained = Vec::new();
    for clash in &clashes {
        let reason = selections.iter().find(|s| s.1 == clash.magistrate_id).and_then(|s| s.2.as_deref());
        match reason.filter(|r| !r.trim().is_empty()) {
            Some(reason) => {
                record_override(
                    env,
                    txn,
                    ConflictKind::Participant,
                    session.id,
                    clash.other_session.id,
                    clash.magistrate_id,
                    reason,
                )
                .await?
            }
            None => unexplained.push(format!(
                "{} est déjà retenu(e) pour « {} » du {} au {}",
                clash.magistrate_name,
                clash.other_session.title,
                dates::long_fr(clash.other_session.start_date),
                dates::long_fr(clash.other_session.end_date)
            )),
        }
    }
    if unexplained.is_empty() {
        return Ok(());
    }
    Err(AppError::client(
        ErrorCode::Conflict,
        format!("{}, aux mêmes dates : {}", unexplained.join(" ; "), shared::rules::session_programme::OVERLAP_HOLD),
    ))
}
