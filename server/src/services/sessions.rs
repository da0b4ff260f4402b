//! The programme: creating, editing, publishing and cancelling training actions (art. 124, 129),
//! and listing them with filters and keyset pagination.

use std::sync::Arc;

use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use shared::rules::{session_state, taking_applications, transition, Action};
use shared::search::fold_for_search;
use shared::values::SessionSchedule;
use shared::{dates, ApplicationStatus, NotificationKind, Scope, SessionFormat, SessionStatus};

use crate::auth::policy::{self, SessionScope, COURT_ORGANISERS};
use crate::calendar::Method;
use crate::db::begin_write;
use crate::entities::{application, court, session, session_court};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::catalogue::{self, CataloguePages, PageKey, ProgrammeRevision};
use super::notifications::{self, Message};
use super::{calendars, lookup, offer_sql, Env};

/// A session as submitted by the School or a delegate, already validated field by field.
pub struct SessionDraft {
    pub title: String,
    pub description: Option<String>,
    pub format: SessionFormat,
    pub scope: Scope,
    pub court_ids: Vec<i64>,
    pub schedule: SessionSchedule,
    pub location: Option<String>,
    pub target_functions: Vec<String>,
    /// Prise-de-fonction training (art. 126) for the target functions.
    pub onboarding: bool,
}

/// Checks the courts against the scope: none for a national session, at least one (all existing)
/// for a deconcentrated one.
async fn check_courts(env: &Env<'_>, draft: &SessionDraft) -> AppResult<()> {
    match draft.scope {
        Scope::National if !draft.court_ids.is_empty() => {
            Err(AppError::validation("courtIds", "une action nationale n’est rattachée à aucune cour"))
        }
        Scope::Deconcentrated if draft.court_ids.is_empty() => {
            Err(AppError::validation("courtIds", "une action déconcentrée est rattachée à au moins une cour"))
        }
        _ => {
            let found =
                court::Entity::find().filter(court::Column::Id.is_in(draft.court_ids.clone())).count(env.db).await?;
            if found as usize != draft.court_ids.len() {
                return Err(AppError::not_found("Cour d’appel"));
            }
            Ok(())
        }
    }
}

fn scope_of<'a>(scope: Scope, court_ids: &'a [i64]) -> SessionScope<'a> {
    SessionScope { scope, court_ids }
}

/// Creates a draft session.
pub async fn create(env: &Env<'_>, mut draft: SessionDraft) -> AppResult<session::Model> {
    draft.court_ids.sort_unstable();
    draft.court_ids.dedup();
    policy::ensure(policy::can_manage_session(env.user, &scope_of(draft.scope, &draft.court_ids)))?;
    check_courts(env, &draft).await?;
    let txn = begin_write(env.db).await?;
    let targets = super::reference::function_ids(env.db, &draft.target_functions).await?;
    let s = &draft.schedule;
    let inserted = session::ActiveModel {
        code: Set(None),
        title: Set(draft.title.clone()),
        search_title: Set(fold_for_search(&draft.title)),
        description: Set(draft.description.clone()),
        format: Set(draft.format),
        scope: Set(draft.scope),
        year: Set(chrono::Datelike::year(&s.start)),
        start_date: Set(s.start),
        end_date: Set(s.end),
        duration_half_days: Set(s.duration_half_days),
        location: Set(draft.location.clone()),
        capacity: Set(s.capacity),
        seats_taken: Set(0),
        applications_open: Set(s.applications_open),
        applications_close: Set(s.applications_close),
        target_functions: Set(serde_json::to_string(&targets).map_err(AppError::internal)?),
        onboarding: Set(draft.onboarding),
        status: Set(SessionStatus::Draft),
        cancel_reason: Set(None),
        created_by: Set(Some(env.user.id)),
        created_at: Set(env.now),
        updated_at: Set(env.now),
        time_zone: Set(lookup::action_time_zone(&txn, draft.scope, &draft.court_ids).await?),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let prefix = if draft.scope == Scope::National { 'N' } else { 'D' };
    let code = format!("{prefix}{:02}-{:04}", inserted.year % 100, inserted.id);
    let mut active = inserted.into_active_model();
    active.code = Set(Some(code));
    let created = active.update(&txn).await?;
    for court_id in &draft.court_ids {
        session_court::ActiveModel { session_id: Set(created.id), court_id: Set(*court_id) }.insert(&txn).await?;
    }
    audit::record(&txn, Change::by(env, "session.create", "session", created.id, None, snapshot(&created))).await?;
    txn.commit().await?;
    Ok(created)
}

/// Replaces a session's description; its scope stays, and capacity never falls below seats taken.
pub async fn update(env: &Env<'_>, id: i64, mut draft: SessionDraft) -> AppResult<session::Model> {
    draft.court_ids.sort_unstable();
    draft.court_ids.dedup();
    let txn = begin_write(env.db).await?;
    let before = lookup::session_for_update(&txn, id).await?;
    let courts = lookup::session_courts(&txn, id).await?;
    policy::ensure(
        policy::can_manage_session(env.user, &scope_of(before.scope, &courts))
            && policy::can_manage_session(env.user, &scope_of(draft.scope, &draft.court_ids)),
    )?;
    if draft.scope != before.scope {
        return Err(AppError::validation("scope", "la portée d’une action ne peut pas changer"));
    }
    if !session_state::may_edit(before.status) {
        return Err(AppError::invalid_transition("Une action annulée ou close ne peut plus être modifiée."));
    }
    let moved = (draft.schedule.start, draft.schedule.end) != (before.start_date, before.end_date);
    if moved && !session_state::may_reschedule(before.status, before.end_date, before.today(env.now)) {
        return Err(AppError::invalid_transition(
            "Cette action s’est tenue : ses dates ne changent plus ; elle se clôt avec sa liste définitive.",
        ));
    }
    if draft.schedule.capacity < before.seats_taken {
        return Err(AppError::validation(
            "capacity",
            format!("{} places sont déjà attribuées : la capacité ne peut être inférieure", before.seats_taken),
        ));
    }
    check_courts(env, &draft).await?;
    if moved {
        // The programme's half-days move with the action (art. 132).
        super::session_programmes::follow_dates(&txn, id, before.start_date, draft.schedule.start, draft.schedule.end)
            .await?;
    }
    let s = &draft.schedule;
    let mut active = before.clone().into_active_model();
    active.title = Set(draft.title.clone());
    active.search_title = Set(fold_for_search(&draft.title));
    active.description = Set(draft.description.clone());
    active.format = Set(draft.format);
    active.year = Set(chrono::Datelike::year(&s.start));
    active.start_date = Set(s.start);
    active.end_date = Set(s.end);
    active.duration_half_days = Set(s.duration_half_days);
    active.location = Set(draft.location.clone());
    active.capacity = Set(s.capacity);
    active.applications_open = Set(s.applications_open);
    active.applications_close = Set(s.applications_close);
    let targets = super::reference::function_ids(env.db, &draft.target_functions).await?;
    active.target_functions = Set(serde_json::to_string(&targets).map_err(AppError::internal)?);
    active.onboarding = Set(draft.onboarding);
    active.time_zone = Set(lookup::action_time_zone(&txn, draft.scope, &draft.court_ids).await?);
    active.updated_at = Set(env.now);
    let updated = active.update(&txn).await?;
    if courts != draft.court_ids {
        session_court::Entity::delete_many().filter(session_court::Column::SessionId.eq(id)).exec(&txn).await?;
        for court_id in &draft.court_ids {
            session_court::ActiveModel { session_id: Set(id), court_id: Set(*court_id) }.insert(&txn).await?;
        }
    }
    audit::record(&txn, Change::by(env, "session.update", "session", id, snapshot(&before), snapshot(&updated)))
        .await?;
    if (before.start_date, before.end_date) != (updated.start_date, updated.end_date) {
        reschedule(env, &txn, &updated).await?;
    } else if (&before.location, &before.title, &before.time_zone)
        != (&updated.location, &updated.title, &updated.time_zone)
    {
        relocate(env, &txn, &updated).await?;
    }
    txn.commit().await?;
    Ok(updated)
}

/// After a change of dates: selected magistrates get the due date the new start gives (art. 131),
/// and everyone with a live application is told.
async fn reschedule(env: &Env<'_>, txn: &sea_orm::DatabaseTransaction, s: &session::Model) -> AppResult<()> {
    let live = application::Entity::find()
        .filter(application::Column::SessionId.eq(s.id))
        .filter(application::Column::Status.is_in(shared::rules::lifecycle::LIVE))
        .all(txn)
        .await?;
    for app in live {
        let mut due_text = String::new();
        if app.status == ApplicationStatus::Selected {
            let decided = s.today(app.decided_at.unwrap_or(env.now));
            let due = shared::rules::confirmation::confirmation_due_after_move(s.start_date, decided, s.today(env.now));
            if app.confirmation_due != Some(due) {
                let mut active = app.clone().into_active_model();
                active.confirmation_due = Set(Some(due));
                // The invitation and reminders start again from the new due date.
                active.confirmation_notice_level = Set(0);
                active.updated_at = Set(env.now);
                let after = active.update(txn).await?;
                audit::record(
                    txn,
                    Change::by(env, "application.reschedule", "application", app.id, snapshot(&app), snapshot(&after)),
                )
                .await?;
            }
            due_text = format!(" Confirmez votre participation au plus tard le {}.", dates::long_fr(due));
        }
        let message = Message {
            kind: NotificationKind::SessionRescheduled,
            title: format!("Nouvelles dates : {}", s.title),
            body: format!(
                "L’action « {} » aura lieu du {} au {}.{due_text}",
                s.title,
                dates::long_fr(s.start_date),
                dates::long_fr(s.end_date)
            ),
            session_id: Some(s.id),
            application_id: Some(app.id),
        };
        if app.status == ApplicationStatus::Confirmed {
            calendars::send_with_calendar(txn, &app, s, Method::Request, &message, env.organizer, env.now).await?;
        } else {
            notifications::send(txn, app.magistrate_id, &message, env.now).await?;
        }
    }
    Ok(())
}

/// After a change of place, title or time zone: every confirmed participant gets the update of
/// their invitation.
async fn relocate(env: &Env<'_>, txn: &sea_orm::DatabaseTransaction, s: &session::Model) -> AppResult<()> {
    let confirmed = application::Entity::find()
        .filter(application::Column::SessionId.eq(s.id))
        .filter(application::Column::Status.eq(ApplicationStatus::Confirmed))
        .all(txn)
        .await?;
    for app in confirmed {
        let message = Message {
            kind: NotificationKind::SessionRescheduled,
            title: format!("Action modifiée : {}", s.title),
            body: format!(
                "L’action « {} » a changé (lieu : {}). L’invitation jointe met votre agenda à jour.",
                s.title,
                s.location.as_deref().unwrap_or("à préciser")
            ),
            session_id: Some(s.id),
            application_id: Some(app.id),
        };
        calendars::send_with_calendar(txn, &app, s, Method::Request, &message, env.organizer, env.now).await?;
    }
    Ok(())
}

/// Publishes a draft to the programme (art. 129, 139).
pub async fn publish(env: &Env<'_>, id: i64) -> AppResult<session::Model> {
    let txn = begin_write(env.db).await?;
    let before = lookup::session_for_update(&txn, id).await?;
    let courts = lookup::session_courts(&txn, id).await?;
    policy::ensure(policy::can_manage_session(env.user, &scope_of(before.scope, &courts)))?;
    if !session_state::may_publish(before.status) {
        return Err(AppError::invalid_transition("Seule une action en préparation peut être publiée."));
    }
    super::plan_funding::ensure_publishable(&txn, &before).await?;
    super::session_programmes::ensure_publishable(&txn, &before).await?;
    let mut active = before.clone().into_active_model();
    active.status = Set(SessionStatus::Published);
    active.updated_at = Set(env.now);
    let updated = active.update(&txn).await?;
    audit::record(&txn, Change::by(env, "session.publish", "session", id, snapshot(&before), snapshot(&updated)))
        .await?;
    if updated.scope == Scope::National {
        // The year's draw is committed to before any of its national wishes (issue 17).
        super::selection_seed::ensure(env, &*txn, updated.year).await?;
    }
    txn.commit().await?;
    Ok(updated)
}

/// Cancels a session: every live application is cancelled and its magistrate notified.
pub async fn cancel(env: &Env<'_>, id: i64, reason: String) -> AppResult<session::Model> {
    let txn = begin_write(env.db).await?;
    let before = lookup::session_for_update(&txn, id).await?;
    let courts = lookup::session_courts(&txn, id).await?;
    policy::ensure(policy::can_manage_session(env.user, &scope_of(before.scope, &courts)))?;
    if !session_state::may_cancel(before.status, before.end_date, before.today(env.now)) {
        return Err(AppError::invalid_transition(
            "Cette action est déjà annulée ou close, ou s’est tenue : elle se clôt avec sa liste définitive.",
        ));
    }
    let live = application::Entity::find()
        .filter(application::Column::SessionId.eq(id))
        .filter(application::Column::Status.is_in(shared::rules::lifecycle::LIVE))
        .all(&txn)
        .await?;
    let message = Message {
        kind: NotificationKind::SessionCancelled,
        title: format!("Action annulée : {}", before.title),
        body: format!(
            "L’action « {} » prévue le {} est annulée. Motif : {}",
            before.title,
            dates::long_fr(before.start_date),
            reason
        ),
        session_id: Some(id),
        application_id: None,
    };
    for app in live {
        let status = transition(app.status, Action::SessionCancelled)
            .map_err(|e| AppError::internal(format!("a live application that cannot end with its session: {e}")))?;
        let mut active = app.clone().into_active_model();
        active.status = Set(status);
        active.waitlist_position = Set(None);
        active.updated_at = Set(env.now);
        let after = active.update(&txn).await?;
        let own = Message { application_id: Some(app.id), ..message.clone() };
        calendars::send_with_calendar(&txn, &app, &before, Method::Cancel, &own, env.organizer, env.now).await?;
        audit::record(
            &txn,
            Change::by(env, "application.cancel_with_session", "application", app.id, snapshot(&app), snapshot(&after)),
        )
        .await?;
    }
    let mut active = before.clone().into_active_model();
    active.status = Set(SessionStatus::Cancelled);
    active.cancel_reason = Set(Some(reason));
    active.seats_taken = Set(0);
    active.updated_at = Set(env.now);
    let updated = active.update(&txn).await?;
    audit::record(&txn, Change::by(env, "session.cancel", "session", id, snapshot(&before), snapshot(&updated)))
        .await?;
    txn.commit().await?;
    Ok(updated)
}

/// A session the caller may see: published or cancelled ones for everyone, drafts for those who
/// manage them.
pub async fn visible(env: &Env<'_>, id: i64) -> AppResult<Option<session::Model>> {
    let Some(found) = session::Entity::find_by_id(id).one(env.db).await? else {
        return Ok(None);
    };
    if found.status == SessionStatus::Draft {
        let courts = lookup::session_courts(env.db, id).await?;
        if !policy::can_see_draft(env.user, &scope_of(found.scope, &courts)) {
            return Ok(None);
        }
    }
    Ok(Some(found))
}

/// Filters of the programme.
#[derive(Default, Clone, PartialEq, Eq, Hash)]
pub struct SessionQuery {
    pub year: Option<i32>,
    pub format: Option<SessionFormat>,
    pub scope: Option<Scope>,
    pub court_id: Option<i64>,
    /// The offer of one court: the national programme and that court's deconcentrated actions.
    pub offered_to_court: Option<i64>,
    pub search: Option<String>,
    /// Sessions taking applications today; for a magistrate, only those they may apply to.
    pub open_for_applications: bool,
    pub starts_after: Option<chrono::NaiveDate>,
    pub starts_before: Option<chrono::NaiveDate>,
    pub status: Option<SessionStatus>,
}

/// Where a page starts: after this (start date, id).
pub type SessionCursor = (chrono::NaiveDate, i64);

/// One page of the programme, and the total matching.
pub struct SessionPage {
    pub rows: Vec<session::Model>,
    pub total: u64,
    pub has_next: bool,
}

/// Lists the programme, ordered by start date, `first` rows after `after`; a page already built
/// at the programme's current revision is served from `pages`.
pub async fn list(
    env: &Env<'_>,
    pages: &CataloguePages,
    filter: &SessionQuery,
    first: u64,
    after: Option<SessionCursor>,
    known: Option<ProgrammeRevision>,
) -> AppResult<Arc<SessionPage>> {
    // The revision is read before the rows (with the caller, or now), so a page is never kept
    // under a newer revision than the one its rows reflect.
    let revision = match known {
        Some(ProgrammeRevision(revision)) => revision,
        None => catalogue::revision(env.db).await?,
    };
    let national_staff = policy::is_school(env.user);
    let organised = if national_staff { Vec::new() } else { env.user.courts_with(COURT_ORGANISERS) };
    let key = PageKey {
        filter: filter.clone(),
        first,
        after,
        days: shared::rules::local_time::days_in_every_zone(env.now).into_iter().map(|(_, day)| day).collect(),
        national_staff,
        organised_courts: organised.clone(),
        own_court: env.user.magistrate.as_ref().filter(|_| filter.open_for_applications).and_then(|m| m.court_id),
    };
    if let Some(page) = pages.get(revision, &key) {
        return Ok(page);
    }
    let page = Arc::new(query_page(env, filter, &organised, national_staff, first, after).await?);
    // A visitor's searches are not kept: anyone may send any words, and each would push out a
    // page that logged-in people read.
    let visitor_search = env.user.is_visitor() && filter.search.is_some();
    if !visitor_search {
        pages.put(revision, key, page.clone());
    }
    Ok(page)
}

/// The ids of the sessions a court holds (its deconcentrated actions), as a subquery.
fn sessions_of_court(court_id: i64) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(session_court::Column::SessionId)
        .from(session_court::Entity)
        .and_where(session_court::Column::CourtId.eq(court_id))
        .to_owned()
}

/// One page of the programme, from the database.
async fn query_page(
    env: &Env<'_>,
    filter: &SessionQuery,
    organised: &[i64],
    national_staff: bool,
    first: u64,
    after: Option<SessionCursor>,
) -> AppResult<SessionPage> {
    let mut cond = Condition::all();
    if !national_staff {
        let own_drafts = Query::select()
            .column(session_court::Column::SessionId)
            .from(session_court::Entity)
            .and_where(session_court::Column::CourtId.is_in(organised.iter().copied()))
            .to_owned();
        cond = cond.add(
            Condition::any()
                .add(session::Column::Status.ne(SessionStatus::Draft))
                .add(session::Column::Id.in_subquery(own_drafts)),
        );
    }
    if let Some(year) = filter.year {
        cond = cond.add(session::Column::Year.eq(year));
    }
    if let Some(format) = filter.format {
        cond = cond.add(session::Column::Format.eq(format));
    }
    if let Some(scope) = filter.scope {
        cond = cond.add(session::Column::Scope.eq(scope));
    }
    if let Some(status) = filter.status {
        cond = cond.add(session::Column::Status.eq(status));
    }
    if let Some(court_id) = filter.court_id {
        cond = cond.add(session::Column::Id.in_subquery(sessions_of_court(court_id)));
    }
    if let Some(court_id) = filter.offered_to_court {
        cond = cond.add(
            Condition::any()
                .add(session::Column::Scope.eq(Scope::National))
                .add(session::Column::Id.in_subquery(sessions_of_court(court_id))),
        );
    }
    if let Some(search) = filter.search.as_deref().map(fold_for_search).filter(|s| !s.is_empty()) {
        // Folding already removed `%` and `_`, so the pattern has no wildcard of the user's.
        let pattern = format!("%{search}%");
        cond = cond.add(
            Condition::any()
                .add(session::Column::SearchTitle.like(pattern.clone()))
                .add(session::Column::Code.like(pattern)),
        );
    }
    if filter.open_for_applications {
        let table = offer_sql::sessions_table();
        cond = cond.add(match &env.user.magistrate {
            Some(profile) => offer_sql::open_to_magistrate(&table, env.now, profile.court_id),
            None => offer_sql::taking_applications(&table, env.now),
        });
    }
    if let Some(from) = filter.starts_after {
        cond = cond.add(session::Column::StartDate.gte(from));
    }
    if let Some(to) = filter.starts_before {
        cond = cond.add(session::Column::StartDate.lte(to));
    }
    let total = session::Entity::find().filter(cond.clone()).count(env.db).await?;
    let mut page = session::Entity::find().filter(cond);
    if let Some((date, id)) = after {
        page = page.filter(
            Condition::any()
                .add(session::Column::StartDate.gt(date))
                .add(Condition::all().add(session::Column::StartDate.eq(date)).add(session::Column::Id.gt(id))),
        );
    }
    let mut rows = page
        .order_by_asc(session::Column::StartDate)
        .order_by_asc(session::Column::Id)
        .limit(first + 1)
        .all(env.db)
        .await?;
    let has_next = rows.len() as u64 > first;
    rows.truncate(first as usize);
    Ok(SessionPage { rows, total, has_next })
}

/// Whether applications to `s` are open at `now` where it is held (published, inside its window).
pub fn is_open(s: &session::Model, now: chrono::DateTime<chrono::Utc>) -> bool {
    taking_applications(s.status, s.today(now), s.applications_open, s.applications_close)
}
