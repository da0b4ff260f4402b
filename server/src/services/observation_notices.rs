//! The daily digest of requests awaiting observations (art. 130; décret n° 72-355, art. 51-1):
//! each evaluating authority — the magistrate's evaluator, and the heads of their court of appeal
//! for the court-level opinion — receives at most one message a day listing the requests newly
//! awaiting their observations, each with the last day to give them. A request is named once
//! (`applications.observations_asked_at`, set by a conditional update). Run by the deadline sweep,
//! once a day on the School's clock.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use shared::rules::local_time;
use shared::rules::observation_period::{observation_deadline, observations_awaited, OBSERVATION_DAYS};
use shared::{dates, ApplicationStatus, NotificationKind, Role};

use crate::db::begin_write;
use crate::entities::{application, magistrate, observation, role_assignment, session, user};
use crate::error::AppResult;

use super::audit::{self, Change};
use super::notifications::{self, Message};

/// One request to name in a digest.
struct Awaited {
    application_id: i64,
    applicant: String,
    title: String,
    start: NaiveDate,
    end: NaiveDate,
    place: Option<String>,
    deadline: NaiveDate,
}

/// Sends today's digests unless they already went out today; returns how many were sent.
pub async fn send_due(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<u32> {
    if notifications::sent_today(db, NotificationKind::ObservationsAwaited, now).await? {
        return Ok(0);
    }
    // Only requests whose period may still run: made in the last sixteen days, or for an action
    // whose applications closed yesterday at the earliest (the period runs at least until then).
    let yesterday = local_time::school_today(now).pred_opt().unwrap_or(NaiveDate::MIN);
    let open_actions: Vec<i64> = session::Entity::find()
        .select_only()
        .column(session::Column::Id)
        .filter(session::Column::ApplicationsClose.gte(yesterday))
        .into_tuple()
        .all(db)
        .await?;
    let recent = now - chrono::Duration::days(i64::try_from(OBSERVATION_DAYS).unwrap_or(15) + 1);
    let pending = application::Entity::find()
        .filter(application::Column::Status.is_in([ApplicationStatus::Submitted, ApplicationStatus::Waitlisted]))
        .filter(application::Column::ObservationsAskedAt.is_null())
        .filter(
            Condition::any()
                .add(application::Column::CreatedAt.gte(recent))
                .add(application::Column::SessionId.is_in(open_actions)),
        )
        .all(db)
        .await?;
    if pending.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = pending.iter().map(|a| a.id).collect();
    let people = distinct(pending.iter().map(|a| a.magistrate_id));
    let mut observed: HashSet<i64> = HashSet::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let rows: Vec<i64> = observation::Entity::find()
            .select_only()
            .column(observation::Column::ApplicationId)
            .filter(observation::Column::ApplicationId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        observed.extend(rows);
    }
    let mut sessions: HashMap<i64, session::Model> = HashMap::new();
    for chunk in distinct(pending.iter().map(|a| a.session_id)).chunks(IDS_PER_STATEMENT) {
        let rows = session::Entity::find().filter(session::Column::Id.is_in(chunk.to_vec())).all(db).await?;
        sessions.extend(rows.into_iter().map(|s| (s.id, s)));
    }
    let mut profiles: HashMap<i64, magistrate::Model> = HashMap::new();
    let mut names: HashMap<i64, String> = HashMap::new();
    for chunk in people.chunks(IDS_PER_STATEMENT) {
        let rows = magistrate::Entity::find().filter(magistrate::Column::UserId.is_in(chunk.to_vec())).all(db).await?;
        profiles.extend(rows.into_iter().map(|m| (m.user_id, m)));
        let rows = user::Entity::find().filter(user::Column::Id.is_in(chunk.to_vec())).all(db).await?;
        names.extend(rows.into_iter().map(|u| (u.id, u.display_name)));
    }
    let mut heads: HashMap<i64, Vec<i64>> = HashMap::new();
    for role in role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq(Role::HeadOfCourt))
        .filter(role_assignment::Column::CourtId.is_in(distinct(profiles.values().filter_map(|m| m.court_id))))
        .all(db)
        .await?
    {
        if let Some(court) = role.court_id {
            heads.entry(court).or_default().push(role.user_id);
        }
    }
    // Each authority's requests, in the order of their last day.
    let mut digests: BTreeMap<i64, Vec<Awaited>> = BTreeMap::new();
    let mut named = Vec::new();
    for request in &pending {
        let Some(s) = sessions.get(&request.session_id) else { continue };
        let deadline = observation_deadline(s.today(request.created_at), s.applications_close);
        let given = usize::from(observed.contains(&request.id));
        if !observations_awaited(request.status, s.today(now), deadline, given) {
            continue;
        }
        named.push(request.id);
        let profile = profiles.get(&request.magistrate_id);
        let mut authorities: BTreeSet<i64> = profile.and_then(|m| m.evaluator_id).into_iter().collect();
        authorities.extend(profile.and_then(|m| m.court_id).and_then(|c| heads.get(&c)).into_iter().flatten());
        authorities.remove(&request.magistrate_id);
        for authority in authorities {
            digests.entry(authority).or_default().push(Awaited {
                application_id: request.id,
                applicant: names.get(&request.magistrate_id).cloned().unwrap_or_default(),
                title: s.title.clone(),
                start: s.start_date,
                end: s.end_date,
                place: s.location.clone(),
                deadline,
            });
        }
    }
    if named.is_empty() {
        return Ok(0);
    }
    let txn = begin_write(db).await?;
    // Each request marked by a conditional update of its own: a sweep running at the same time
    // marks none of the same, so nobody is told twice.
    let mut marked: HashSet<i64> = HashSet::new();
    for id in named {
        let changed = application::Entity::update_many()
            .col_expr(application::Column::ObservationsAskedAt, Expr::value(now))
            .filter(application::Column::Id.eq(id))
            .filter(application::Column::ObservationsAskedAt.is_null())
            .exec(&txn)
            .await?;
        if changed.rows_affected == 1 {
            marked.insert(id);
        }
    }
    let mut messages = Vec::new();
    for (authority, mut requests) in digests {
        requests.retain(|r| marked.contains(&r.application_id));
        if requests.is_empty() {
            continue;
        }
        requests.sort_by(|a, b| (a.deadline, &a.applicant).cmp(&(b.deadline, &b.applicant)));
        messages.push((authority, digest(&requests)));
    }
    notifications::send_many(&txn, &messages, now).await?;
    let changes = marked.iter().map(|id| Change {
        actor_id: None,
        at: now,
        action: "application.observations_asked",
        entity: "application",
        entity_id: *id,
        before: None,
        after: Some(serde_json::json!({ "observationsAskedAt": now })),
    });
    audit::record_many(&txn, changes.collect()).await?;
    txn.commit().await?;
    Ok(u32::try_from(messages.len()).unwrap_or(u32::MAX))
}

/// Most ids in one `IN (…)` list, well under SQLite's limit on bound parameters.
const IDS_PER_STATEMENT: usize = 500;

/// `ids` once each, in order.
fn distinct(ids: impl Iterator<Item = i64>) -> Vec<i64> {
    let set: BTreeSet<i64> = ids.collect();
    set.into_iter().collect()
}

/// The message listing `requests` to one authority.
fn digest(requests: &[Awaited]) -> Message {
    let count = requests.len();
    let title = if count == 1 {
        "Une demande de formation attend vos observations".to_owned()
    } else {
        format!("{count} demandes de formation attendent vos observations")
    };
    let lines: Vec<String> = requests
        .iter()
        .map(|r| {
            let place = r.place.as_deref().map(|p| format!(", {p}")).unwrap_or_default();
            format!(
                "– {} : « {} », du {} au {}{place} — observations jusqu’au {}",
                r.applicant,
                r.title,
                dates::long_fr(r.start),
                dates::long_fr(r.end),
                dates::long_fr(r.deadline)
            )
        })
        .collect();
    Message {
        kind: NotificationKind::ObservationsAwaited,
        title,
        body: format!(
            "{} vos observations, qui sont consultatives et transmises à qui décide de la participation \
             (art. 130 du règlement intérieur de l’École) :\n\n{}\n\n\
             Passé ce délai, la décision peut être prise sans elles.",
            if count == 1 { "La demande suivante attend" } else { "Les demandes suivantes attendent" },
            lines.join("\n")
        ),
        session_id: None,
        application_id: None,
    }
}
