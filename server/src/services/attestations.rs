//! Attestations of attendance (art. 133): for each participant of an action whose presence was
//! recorded, the half-days attended out of the action's, day by day, saying so when attendance was
//! partial. A participant reads their own; the School and the organisers of a deconcentrated action
//! read all of an action's at once (`/export/attestation.pdf`, `/export/attestations.pdf`).

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::rules::attendance::credited_half_days;
use shared::rules::session_state::PARTICIPATED;
use shared::{HalfDay, Scope};

use crate::auth::policy::{self, SessionScope};
use crate::entities::{application, attendance, court, jurisdiction, magistrate, session, user};
use crate::error::{AppError, AppResult};

use super::{lookup, Env};
use crate::seed::reference::of_place;

/// One participant's attestation.
pub struct Attestation {
    pub session: session::Model,
    /// Who organised it: the School, or the court of appeal of a deconcentrated action.
    pub organiser: String,
    pub participant: String,
    /// Their function and jurisdiction, as the directory has them.
    pub position: String,
    pub status: shared::ApplicationStatus,
    /// Each half-day recorded, in order, with whether they were present.
    pub half_days: Vec<(NaiveDate, HalfDay, bool)>,
}

impl Attestation {
    pub fn present_half_days(&self) -> i32 {
        i32::try_from(self.half_days.iter().filter(|h| h.2).count()).unwrap_or(i32::MAX)
    }

    /// Half-days credited for the action (art. 133): those attended, within its duration.
    pub fn credited_half_days(&self) -> i32 {
        credited_half_days(self.present_half_days(), self.session.duration_half_days)
    }

    pub fn partial(&self) -> bool {
        self.status == shared::ApplicationStatus::Partial
    }
}

/// The attestation of the participation `application_id`, for the participant or whoever issues
/// the action's attestations; only once presence was recorded.
pub async fn for_application(env: &Env<'_>, application_id: i64) -> AppResult<Attestation> {
    let row = lookup::application(env.db, application_id).await?;
    let session = lookup::session(env.db, row.session_id).await?;
    let courts = lookup::session_courts(env.db, session.id).await?;
    let scope = SessionScope { scope: session.scope, court_ids: &courts };
    policy::ensure_visible(policy::can_read_attestation(env.user, row.magistrate_id, &scope), "Candidature")?;
    if row.status == shared::ApplicationStatus::Absent {
        return Err(AppError::invalid_transition(
            "La feuille de présence ne compte aucune demi-journée suivie : il n’y a pas de présence à attester \
             (art. 133).",
        ));
    }
    if !PARTICIPATED.contains(&row.status) {
        return Err(AppError::invalid_transition(
            "Aucune présence n’est enregistrée pour cette participation : l’attestation sera disponible \
             une fois la feuille de présence remplie (art. 133).",
        ));
    }
    let mut all = build(env, session, &courts, vec![row]).await?;
    all.pop().ok_or_else(|| AppError::not_found("Candidature"))
}

/// Every attestation of the action `session_id`, by participant's name, for the School and the
/// organisers of a deconcentrated action.
pub async fn for_session(env: &Env<'_>, session_id: i64) -> AppResult<Vec<Attestation>> {
    let session = lookup::session(env.db, session_id).await?;
    let courts = lookup::session_courts(env.db, session_id).await?;
    policy::ensure(policy::can_issue_attestations(
        env.user,
        &SessionScope { scope: session.scope, court_ids: &courts },
    ))?;
    let rows = application::Entity::find()
        .filter(application::Column::SessionId.eq(session_id))
        .filter(application::Column::Status.is_in(PARTICIPATED))
        .all(env.db)
        .await?;
    if rows.is_empty() {
        return Err(AppError::invalid_transition(
            "Aucune présence n’est encore enregistrée pour cette action : les attestations suivent la feuille \
             de présence (art. 133).",
        ));
    }
    build(env, session, &courts, rows).await
}

/// The attestations of `rows`, participants of `session`, sorted by name.
async fn build(
    env: &Env<'_>,
    session: session::Model,
    courts: &[i64],
    rows: Vec<application::Model>,
) -> AppResult<Vec<Attestation>> {
    let organiser = match (session.scope, courts.iter().min()) {
        (Scope::Deconcentrated, Some(court_id)) => court::Entity::find_by_id(*court_id)
            .one(env.db)
            .await?
            .map_or_else(String::new, |c| format!("Cour d’appel {}", of_place(&c.name))),
        _ => "École nationale de la magistrature".to_owned(),
    };
    let ids: Vec<i64> = rows.iter().map(|a| a.id).collect();
    let people: Vec<i64> = rows.iter().map(|a| a.magistrate_id).collect();
    let users: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(people.clone()))
        .all(env.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let profiles: HashMap<i64, magistrate::Model> = magistrate::Entity::find()
        .filter(magistrate::Column::UserId.is_in(people))
        .all(env.db)
        .await?
        .into_iter()
        .map(|m| (m.user_id, m))
        .collect();
    let places: HashMap<i64, String> = jurisdiction::Entity::find()
        .filter(jurisdiction::Column::Id.is_in(profiles.values().filter_map(|m| m.jurisdiction_id)))
        .all(env.db)
        .await?
        .into_iter()
        .map(|j| (j.id, j.name))
        .collect();
    let mut records: HashMap<i64, Vec<(NaiveDate, HalfDay, bool)>> = HashMap::new();
    for record in attendance::Entity::find()
        .filter(attendance::Column::ApplicationId.is_in(ids))
        .order_by_asc(attendance::Column::Day)
        .order_by_asc(attendance::Column::HalfDay)
        .all(env.db)
        .await?
    {
        records.entry(record.application_id).or_default().push((record.day, record.half_day, record.present));
    }
    let mut out: Vec<(String, Attestation)> = rows
        .into_iter()
        .map(|row| {
            let person = users.get(&row.magistrate_id);
            let profile = profiles.get(&row.magistrate_id);
            let position = profile
                .map(|m| {
                    let place = m.jurisdiction_id.and_then(|j| places.get(&j)).cloned().unwrap_or_default();
                    if place.is_empty() {
                        m.function_title.clone()
                    } else {
                        format!("{}, {place}", m.function_title)
                    }
                })
                .unwrap_or_default();
            let mut half_days = records.remove(&row.id).unwrap_or_default();
            half_days.sort_by_key(|(day, half, _)| (*day, *half == HalfDay::Afternoon));
            let attestation = Attestation {
                session: session.clone(),
                organiser: organiser.clone(),
                participant: person.map(|u| u.display_name.clone()).unwrap_or_default(),
                position,
                status: row.status,
                half_days,
            };
            (person.map(|u| u.search_name.clone()).unwrap_or_default(), attestation)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out.into_iter().map(|(_, a)| a).collect())
}

#[cfg(test)]
mod tests {
    use crate::seed::reference::of_place;

    #[test]
    fn a_court_of_appeal_is_named_with_the_elision_french_makes() {
        assert_eq!(of_place("Lyon"), "de Lyon");
        assert_eq!(of_place("Amiens"), "d’Amiens");
        assert_eq!(of_place("Aix-en-Provence"), "d’Aix-en-Provence");
    }
}
