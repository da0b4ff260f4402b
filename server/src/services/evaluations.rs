//! The participants' evaluation forms (art. 135): filled once by each participant, reported to the
//! School without names, and one reminder a week after the end for those who have not answered.

use chrono::{DateTime, Days, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use shared::rules::session_state::{comments_shown, PARTICIPATED};
use shared::{ErrorCode, NotificationKind};

use crate::auth::policy::{self, SessionScope};
use crate::db::begin_write;
use crate::entities::{application, evaluation, session};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};
use super::{access, lookup, Env};

/// Scores from 1 to 5 and free comments.
pub struct EvaluationForm {
    pub content: i32,
    pub speakers: i32,
    pub organisation: i32,
    pub usefulness: i32,
    pub comments: Option<String>,
}

impl EvaluationForm {
    fn check(&self) -> AppResult<()> {
        for (field, score) in [
            ("content", self.content),
            ("speakers", self.speakers),
            ("organisation", self.organisation),
            ("usefulness", self.usefulness),
        ] {
            if !(1..=5).contains(&score) {
                return Err(AppError::validation(field, "une note de 1 à 5 est attendue"));
            }
        }
        Ok(())
    }
}

/// Records the caller's evaluation of a session they took part in, once.
pub async fn submit(env: &Env<'_>, application_id: i64, form: EvaluationForm) -> AppResult<evaluation::Model> {
    form.check()?;
    let txn = begin_write(env.db).await?;
    let app = lookup::application(&txn, application_id).await?;
    access::ensure_own_application(env, &txn, &app).await?;
    if !shared::rules::session_state::may_evaluate(app.status) {
        return Err(AppError::invalid_transition(
            "Seuls les participants à l’action remplissent la fiche d’évaluation.",
        ));
    }
    if app.evaluation_submitted {
        return Err(AppError::client(
            ErrorCode::Conflict,
            "Vous avez déjà rempli la fiche d’évaluation de cette action.",
        ));
    }
    // The application only records that its magistrate answered; the form does not name them,
    // and its audit row has neither author nor content (art. 135: the forms stay anonymous).
    let mut answered = app.clone().into_active_model();
    answered.evaluation_submitted = Set(true);
    answered.update(&txn).await?;
    audit::record(
        &txn,
        Change::by(
            env,
            "application.evaluation_submitted",
            "application",
            application_id,
            Some(serde_json::json!({ "evaluation_submitted": false })),
            Some(serde_json::json!({ "evaluation_submitted": true })),
        ),
    )
    .await?;
    let created = evaluation::ActiveModel {
        session_id: Set(app.session_id),
        content_score: Set(form.content),
        speakers_score: Set(form.speakers),
        organisation_score: Set(form.organisation),
        usefulness_score: Set(form.usefulness),
        comments: Set(form.comments),
        submitted_on: Set(env.today()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Change {
            actor_id: None,
            at: env.now,
            action: "evaluation.submit",
            entity: "evaluation",
            entity_id: created.id,
            before: None,
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// A session's evaluations, without names.
pub struct EvaluationReport {
    pub participants: u64,
    pub responses: u64,
    pub averages: [Option<f64>; 4],
    pub comments: Vec<String>,
}

impl EvaluationReport {
    /// Responses ÷ participants, 0 when nobody took part.
    pub fn response_rate(&self) -> f64 {
        if self.participants == 0 {
            0.0
        } else {
            self.responses as f64 / self.participants as f64
        }
    }
}

/// The evaluation report of a session.
pub async fn report(env: &Env<'_>, session_id: i64) -> AppResult<EvaluationReport> {
    let session = lookup::session(env.db, session_id).await?;
    let courts = lookup::session_courts(env.db, session_id).await?;
    policy::ensure(policy::can_read_evaluations(env.user, &SessionScope { scope: session.scope, court_ids: &courts }))?;
    let participants = application::Entity::find()
        .filter(application::Column::SessionId.eq(session_id))
        .filter(application::Column::Status.is_in(PARTICIPATED))
        .count(env.db)
        .await?;
    // Ordered by id only, so nothing ties a comment to a person.
    let forms = evaluation::Entity::find()
        .filter(evaluation::Column::SessionId.eq(session_id))
        .order_by_asc(evaluation::Column::Id)
        .all(env.db)
        .await?;
    let average = |f: fn(&evaluation::Model) -> i32| {
        (!forms.is_empty()).then(|| forms.iter().map(|e| f64::from(f(e))).sum::<f64>() / forms.len() as f64)
    };
    Ok(EvaluationReport {
        participants,
        responses: forms.len() as u64,
        averages: [
            average(|e| e.content_score),
            average(|e| e.speakers_score),
            average(|e| e.organisation_score),
            average(|e| e.usefulness_score),
        ],
        // Comments are read only once enough people answered that none can be told apart.
        comments: if comments_shown(forms.len() as u64) {
            forms.iter().filter_map(|e| e.comments.clone()).collect()
        } else {
            Vec::new()
        },
    })
}

/// Reminds, once, every participant who has not answered a week after the end of their session.
/// Returns how many were reminded.
pub async fn remind(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<u32> {
    let today = shared::rules::local_time::school_today(now);
    let cutoff = today.checked_sub_days(Days::new(7)).unwrap_or(today);
    let ended = Query::select()
        .column(session::Column::Id)
        .from(session::Entity)
        .and_where(session::Column::EndDate.lte(cutoff))
        .to_owned();
    let txn = begin_write(db).await?;
    let due = application::Entity::find()
        .filter(application::Column::Status.is_in(PARTICIPATED))
        .filter(application::Column::EvaluationRemindedAt.is_null())
        .filter(application::Column::SessionId.in_subquery(ended))
        .filter(application::Column::EvaluationSubmitted.eq(false))
        .all(&txn)
        .await?;
    let mut reminded = 0;
    for app in due {
        let session = lookup::session(&txn, app.session_id).await?;
        let message = Message {
            kind: NotificationKind::EvaluationReminder,
            title: format!("Fiche d’évaluation : {}", session.title),
            body: format!(
                "Tout participant doit remplir la fiche d’évaluation fournie par l’École (art. 135). \
                 Merci de donner votre avis sur « {} ».",
                session.title
            ),
            session_id: Some(session.id),
            application_id: Some(app.id),
        };
        notifications::send(&txn, app.magistrate_id, &message, now).await?;
        let mut active = app.clone().into_active_model();
        active.evaluation_reminded_at = Set(Some(now));
        let after = active.update(&txn).await?;
        audit::record(
            &txn,
            Change {
                actor_id: None,
                at: now,
                action: "evaluation.remind",
                entity: "application",
                entity_id: app.id,
                before: snapshot(&app),
                after: snapshot(&after),
            },
        )
        .await?;
        reminded += 1;
    }
    txn.commit().await?;
    Ok(reminded)
}
