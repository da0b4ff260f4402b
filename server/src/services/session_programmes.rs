//! The programme of a national action and its speakers (art. 132): written by half-day and
//! proposed by the session director (or the School when none is named), validated by the
//! director of the School or sent back with a comment; a national action is published only once
//! its programme is validated. A speaker who already speaks elsewhere at the same half-day is a
//! conflict: the programme is refused unless the clash comes with its reason.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use shared::rules::session_programme::{
    check, check_publishable, check_sequences, speaker_half_days, ProgrammeStep, Sequence,
};
use shared::{ConflictKind, ErrorCode, NotificationKind, ProgrammeStatus, Role, Scope, SessionStatus};

use crate::auth::policy::{self, SessionScope};
use crate::db::begin_write;
use crate::entities::{programme_sequence, sequence_speaker, session, session_programme, trainer};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::conflicts::{self, SpeakerConflict};
use super::notifications::{self, Message};
use super::{lookup, session_directors, Env};

/// An action's programme as read: where it stands, its sequences with their speakers, and the
/// clashes of its speakers with other actions.
pub struct ProgrammeView {
    pub session: session::Model,
    pub programme: Option<session_programme::Model>,
    pub sequences: Vec<(programme_sequence::Model, Vec<trainer::Model>)>,
    pub conflicts: Vec<SpeakerConflict>,
    /// What the caller may do with it, as the steps would answer.
    pub rights: ProgrammeRights,
}

/// What the caller may do with a programme.
#[derive(Debug, Clone, Copy)]
pub struct ProgrammeRights {
    /// Write it: its session director or the School for a national action; the court's
    /// organisers for the programme as given of a deconcentrated one (art. 141).
    pub edit: bool,
    /// Send it to the School (a national action's).
    pub propose: bool,
    /// Validate it or send it back (the director of the School).
    pub review: bool,
    /// Name the action's session director (the School).
    pub name_director: bool,
}

impl ProgrammeView {
    /// Where the programme stands; a programme never written is a draft.
    pub fn status(&self) -> ProgrammeStatus {
        self.programme.as_ref().map_or(ProgrammeStatus::Draft, |p| p.status)
    }
}

/// The stored state of an action's programme, if any.
pub async fn status_row(db: &impl ConnectionTrait, session_id: i64) -> AppResult<Option<session_programme::Model>> {
    Ok(session_programme::Entity::find().filter(session_programme::Column::SessionId.eq(session_id)).one(db).await?)
}

/// Refuses to publish a national action whose programme is not validated (art. 132).
pub(crate) async fn ensure_publishable(db: &impl ConnectionTrait, s: &session::Model) -> AppResult<()> {
    let status = status_row(db, s.id).await?.map(|p| p.status);
    check_publishable(s.scope, status).map_err(AppError::invalid_transition)
}

/// Moves the programme's sequences with their action when its dates change: each by as many days
/// as the start moved. Refuses new dates that would still leave a sequence outside them (a
/// shorter action): its programme is taken up first.
pub(crate) async fn follow_dates(
    db: &impl ConnectionTrait,
    session_id: i64,
    old_start: chrono::NaiveDate,
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
) -> AppResult<()> {
    let shift = start - old_start;
    let sequences =
        programme_sequence::Entity::find().filter(programme_sequence::Column::SessionId.eq(session_id)).all(db).await?;
    if let Some(outside) = sequences.iter().map(|s| s.day + shift).find(|day| *day < start || *day > end) {
        return Err(AppError::validation(
            "endDate",
            format!(
                "le programme compte une séquence qui tomberait le {}, hors des nouvelles dates : reprenez-le d’abord",
                shared::dates::long_fr(outside)
            ),
        ));
    }
    if shift.is_zero() {
        return Ok(());
    }
    for sequence in sequences {
        let day = sequence.day + shift;
        let mut active = sequence.clone().into_active_model();
        active.day = Set(day);
        active.update(db).await?;
        sequence_speaker::Entity::update_many()
            .col_expr(sequence_speaker::Column::Day, sea_orm::sea_query::Expr::value(day))
            .filter(sequence_speaker::Column::SequenceId.eq(sequence.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Locks the action and checks that `env.user` may prepare its programme and that it may be
/// written at `step`; gives the action and the programme's row.
async fn open_for(
    env: &Env<'_>,
    txn: &impl ConnectionTrait,
    session_id: i64,
    step: ProgrammeStep,
) -> AppResult<(session::Model, Option<session_programme::Model>)> {
    let session = lookup::session_for_update(txn, session_id).await?;
    match session.scope {
        Scope::National => {
            let director = session_directors::director_account(txn, session_id).await?;
            policy::ensure(policy::can_prepare_programme(env.user, director))?;
        }
        // The programme as given, which goes to the School with the final list (art. 141).
        Scope::Deconcentrated => {
            let courts = lookup::session_courts(txn, session_id).await?;
            policy::ensure(policy::can_manage_session(
                env.user,
                &SessionScope { scope: session.scope, court_ids: &courts },
            ))?;
            if step != ProgrammeStep::Edit {
                return Err(AppError::validation(
                    "sessionId",
                    "le programme d’une action déconcentrée part à l’École avec la liste définitive, à sa clôture (art. 141)",
                ));
            }
        }
    }
    if matches!(session.status, SessionStatus::Cancelled | SessionStatus::Closed) {
        return Err(AppError::invalid_transition("Cette action est annulée ou close : son programme ne change plus."));
    }
    let row = status_row(txn, session_id).await?;
    check(step, row.as_ref().map_or(ProgrammeStatus::Draft, |p| p.status)).map_err(AppError::invalid_transition)?;
    Ok((session, row))
}

/// Writes the programme of `session_id` (its sequences replace those before), back to a draft.
/// A speaker who also speaks in another action at the same half-day is kept only with
/// `conflict_reason`, recorded for each such clash.
pub async fn save(
    env: &Env<'_>,
    session_id: i64,
    sequences: Vec<Sequence>,
    conflict_reason: Option<String>,
) -> AppResult<ProgrammeView> {
    let txn = begin_write(env.db).await?;
    let (session, row) = open_for(env, &txn, session_id, ProgrammeStep::Edit).await?;
    check_sequences(&sequences, session.start_date, session.end_date)
        .map_err(|m| AppError::validation("sequences", m))?;
    let mut speakers: Vec<i64> = sequences.iter().flat_map(|s| s.speakers.iter().copied()).collect();
    speakers.sort_unstable();
    speakers.dedup();
    let known = trainer::Entity::find().filter(trainer::Column::Id.is_in(speakers.clone())).all(&txn).await?;
    if known.len() != speakers.len() {
        return Err(AppError::validation("sequences", "un intervenant n’est pas dans l’annuaire des formateurs"));
    }
    let half_days = speaker_half_days(&sequences);
    let clashes = conflicts::speaker_conflicts(&txn, session_id, &half_days).await?;
    let reason = conflict_reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let unexplained: Vec<String> = clashes.iter().map(conflicts::speaker_sentence).collect();
    if reason.is_none() && !unexplained.is_empty() {
        return Err(AppError::client(
            ErrorCode::Conflict,
            format!(
                "{} : indiquez pourquoi le maintenir (motif en cas de conflit), ou choisissez un autre intervenant.",
                unexplained.join(" ; ")
            ),
        ));
    }
    let before = read_sequences(&txn, session_id).await?;
    replace_sequences(&txn, session_id, &sequences).await?;
    conflicts::clear_speaker_overrides(&txn, session_id).await?;
    let mut recorded = Vec::new();
    for clash in &clashes {
        let key = (clash.trainer_id, clash.other_session.id);
        if recorded.contains(&key) {
            continue;
        }
        recorded.push(key);
        let reason = reason.unwrap_or_default();
        conflicts::record_override(env, &txn, ConflictKind::Speaker, session_id, key.1, key.0, reason).await?;
    }
    let programme = put_status(env, &txn, session_id, row, ProgrammeStatus::Draft).await?;
    audit::record(
        &txn,
        Change::by(
            env,
            "programme.save",
            "session_programme",
            programme.id,
            Some(sequences_json(&before)),
            Some(sequences_json(&read_sequences(&txn, session_id).await?)),
        ),
    )
    .await?;
    txn.commit().await?;
    view_unchecked(env, session).await
}

/// Sends the programme to the School; the director of the School is told (art. 132).
pub async fn propose(env: &Env<'_>, session_id: i64) -> AppResult<ProgrammeView> {
    let txn = begin_write(env.db).await?;
    let (session, row) = open_for(env, &txn, session_id, ProgrammeStep::Propose).await?;
    if read_sequences(&txn, session_id).await?.is_empty() {
        return Err(AppError::validation("sessionId", "le programme compte au moins une séquence"));
    }
    let mut programme = put_status(env, &txn, session_id, row, ProgrammeStatus::Proposed).await?.into_active_model();
    programme.proposed_by = Set(Some(env.user.id));
    programme.proposed_at = Set(Some(env.now));
    programme.update(&txn).await?;
    let message = Message {
        kind: NotificationKind::ProgrammeProposed,
        title: format!("Programme à valider : {}", session.title),
        body: format!(
            "{} propose le programme et la liste des intervenants de « {} » : validez-les ou renvoyez-les avec \
             un commentaire (art. 132).",
            env.user.display_name, session.title
        ),
        session_id: Some(session_id),
        application_id: None,
    };
    notifications::send_to_role(&txn, Role::Director, None, &message, env.now).await?;
    txn.commit().await?;
    view_unchecked(env, session).await
}

/// The director of the School validates the proposed programme, or sends it back with a comment;
/// whoever proposed it is told (art. 132).
pub async fn review(
    env: &Env<'_>,
    session_id: i64,
    validate: bool,
    comment: Option<String>,
) -> AppResult<ProgrammeView> {
    policy::ensure(policy::can_review_programme(env.user))?;
    let comment = comment.filter(|c| !c.trim().is_empty());
    if !validate && comment.is_none() {
        return Err(AppError::validation(
            "comment",
            "un programme est renvoyé avec un commentaire qui dit quoi reprendre",
        ));
    }
    let txn = begin_write(env.db).await?;
    let session = lookup::session_for_update(&txn, session_id).await?;
    let row = status_row(&txn, session_id).await?;
    check(ProgrammeStep::Review, row.as_ref().map_or(ProgrammeStatus::Draft, |p| p.status))
        .map_err(AppError::invalid_transition)?;
    let proposer = row.as_ref().and_then(|p| p.proposed_by);
    let status = if validate { ProgrammeStatus::Validated } else { ProgrammeStatus::Returned };
    let mut programme = put_status(env, &txn, session_id, row, status).await?.into_active_model();
    programme.reviewed_by = Set(Some(env.user.id));
    programme.reviewed_at = Set(Some(env.now));
    programme.review_comment = Set(comment.clone());
    programme.update(&txn).await?;
    let (title, body) = if validate {
        (
            format!("Programme validé : {}", session.title),
            format!("Le directeur de l’École a validé le programme de « {} » (art. 132).", session.title),
        )
    } else {
        (
            format!("Programme à reprendre : {}", session.title),
            format!(
                "Le directeur de l’École renvoie le programme de « {} » : {}",
                session.title,
                comment.unwrap_or_default()
            ),
        )
    };
    let message = Message {
        kind: NotificationKind::ProgrammeReviewed,
        title,
        body,
        session_id: Some(session_id),
        application_id: None,
    };
    let director = session_directors::director_account(&txn, session_id).await?;
    let mut told: Vec<i64> = director.into_iter().chain(proposer).collect();
    told.sort_unstable();
    told.dedup();
    for user_id in told {
        notifications::send(&txn, user_id, &message, env.now).await?;
    }
    txn.commit().await?;
    view_unchecked(env, session).await
}

/// An action's programme, for those who may read it.
pub async fn view(env: &Env<'_>, session_id: i64) -> AppResult<ProgrammeView> {
    let session = lookup::session(env.db, session_id).await?;
    let director = session_directors::director_account(env.db, session_id).await?;
    let published = session.status != SessionStatus::Draft;
    let courts = lookup::session_courts(env.db, session_id).await?;
    let scope = SessionScope { scope: session.scope, court_ids: &courts };
    policy::ensure_visible(
        policy::can_read_programme_of(env.user, &scope, published, director),
        "Action de formation",
    )?;
    view_unchecked(env, session).await
}

async fn view_unchecked(env: &Env<'_>, session: session::Model) -> AppResult<ProgrammeView> {
    let db = env.db;
    let programme = status_row(db, session.id).await?;
    let sequences = read_sequences(db, session.id).await?;
    let half_days: Vec<_> =
        sequences.iter().flat_map(|(s, speakers)| speakers.iter().map(move |t| (t.id, s.day, s.half_day))).collect();
    let conflicts = conflicts::speaker_conflicts(db, session.id, &half_days).await?;
    let status = programme.as_ref().map_or(ProgrammeStatus::Draft, |p| p.status);
    let open = check(ProgrammeStep::Edit, status).is_ok()
        && !matches!(session.status, SessionStatus::Cancelled | SessionStatus::Closed);
    let rights = match session.scope {
        Scope::National => {
            let director = session_directors::director_account(db, session.id).await?;
            let prepares = policy::can_prepare_programme(env.user, director);
            ProgrammeRights {
                edit: open && prepares,
                propose: open && prepares,
                review: check(ProgrammeStep::Review, status).is_ok() && policy::can_review_programme(env.user),
                name_director: policy::can_manage_trainers(env.user),
            }
        }
        Scope::Deconcentrated => {
            let courts = lookup::session_courts(db, session.id).await?;
            let organises =
                policy::can_manage_session(env.user, &SessionScope { scope: session.scope, court_ids: &courts });
            ProgrammeRights { edit: open && organises, propose: false, review: false, name_director: false }
        }
    };
    Ok(ProgrammeView { session, programme, sequences, conflicts, rights })
}

/// The programme of an action as one line per sequence, « lundi 4 octobre 2027, matin : titre
/// (intervenants) », for the message that sends it to the School (art. 141).
pub async fn as_text(db: &impl ConnectionTrait, session_id: i64) -> AppResult<Vec<String>> {
    Ok(read_sequences(db, session_id)
        .await?
        .into_iter()
        .map(|(s, speakers)| {
            let names: Vec<&str> = speakers.iter().map(|t| t.full_name.as_str()).collect();
            let by = if names.is_empty() { String::new() } else { format!(" ({})", names.join(", ")) };
            format!("{}, {} : {}{by}", shared::dates::long_fr(s.day), s.half_day.label_fr().to_lowercase(), s.title)
        })
        .collect())
}

/// Moves (or creates) the programme's row to `status`, audited.
async fn put_status(
    env: &Env<'_>,
    txn: &impl ConnectionTrait,
    session_id: i64,
    row: Option<session_programme::Model>,
    status: ProgrammeStatus,
) -> AppResult<session_programme::Model> {
    let after = match row.clone() {
        Some(row) => {
            let mut active = row.into_active_model();
            active.status = Set(status);
            active.updated_at = Set(env.now);
            active.update(txn).await?
        }
        None => {
            session_programme::ActiveModel {
                session_id: Set(session_id),
                status: Set(status),
                updated_at: Set(env.now),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    if row.as_ref().map(|r| r.status) != Some(status) {
        let action = match status {
            ProgrammeStatus::Draft => "programme.draft",
            ProgrammeStatus::Proposed => "programme.propose",
            ProgrammeStatus::Validated => "programme.validate",
            ProgrammeStatus::Returned => "programme.return",
        };
        audit::record(
            txn,
            Change::by(env, action, "session_programme", after.id, row.as_ref().and_then(snapshot), snapshot(&after)),
        )
        .await?;
    }
    Ok(after)
}

/// The sequences of an action, in order, each with its speakers.
async fn read_sequences(
    db: &impl ConnectionTrait,
    session_id: i64,
) -> AppResult<Vec<(programme_sequence::Model, Vec<trainer::Model>)>> {
    let sequences = programme_sequence::Entity::find()
        .filter(programme_sequence::Column::SessionId.eq(session_id))
        .order_by_asc(programme_sequence::Column::Position)
        .all(db)
        .await?;
    let links = sequence_speaker::Entity::find()
        .filter(sequence_speaker::Column::SessionId.eq(session_id))
        .order_by_asc(sequence_speaker::Column::Id)
        .all(db)
        .await?;
    let trainers: HashMap<i64, trainer::Model> = trainer::Entity::find()
        .filter(trainer::Column::Id.is_in(links.iter().map(|l| l.trainer_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    Ok(sequences
        .into_iter()
        .map(|s| {
            let speakers = links
                .iter()
                .filter(|l| l.sequence_id == s.id)
                .filter_map(|l| trainers.get(&l.trainer_id).cloned())
                .collect();
            (s, speakers)
        })
        .collect())
}

/// Replaces the sequences of an action and their speakers.
async fn replace_sequences(txn: &impl ConnectionTrait, session_id: i64, sequences: &[Sequence]) -> AppResult<()> {
    sequence_speaker::Entity::delete_many()
        .filter(sequence_speaker::Column::SessionId.eq(session_id))
        .exec(txn)
        .await?;
    programme_sequence::Entity::delete_many()
        .filter(programme_sequence::Column::SessionId.eq(session_id))
        .exec(txn)
        .await?;
    for (position, s) in sequences.iter().enumerate() {
        let row = programme_sequence::ActiveModel {
            session_id: Set(session_id),
            position: Set(position as i32),
            day: Set(s.day),
            half_day: Set(s.half_day),
            title: Set(s.title.trim().to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for &trainer_id in &s.speakers {
            sequence_speaker::ActiveModel {
                sequence_id: Set(row.id),
                session_id: Set(session_id),
                trainer_id: Set(trainer_id),
                day: Set(s.day),
                half_day: Set(s.half_day),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

/// The sequences as the audit keeps them.
fn sequences_json(sequences: &[(programme_sequence::Model, Vec<trainer::Model>)]) -> serde_json::Value {
    serde_json::Value::Array(
        sequences
            .iter()
            .map(|(s, speakers)| {
                serde_json::json!({
                    "day": s.day,
                    "halfDay": s.half_day.as_str(),
                    "title": s.title,
                    "speakers": speakers.iter().map(|t| t.id).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
