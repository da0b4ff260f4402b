//! The campaign a proposal is run on, read from the database: the year's national actions whose
//! wishes have closed and that take decisions, their undecided wishes with where each magistrate
//! stands at each action, and the places already decided (they count toward the cap and the
//! overlaps).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect};
use shared::rules::allocation::standing::{observation, statutory_need, ActionFacts, PersonFacts};
use shared::rules::allocation::{Action, Campaign, Need, Standing, Wish};
use shared::rules::careers::{current, functions_held_in};
use shared::rules::session_state::takes_decisions;
use shared::{ApplicationStatus, ObservationAuthority, Opinion, Scope, SessionStatus, ValidationStatus};

use crate::entities::{application, observation as observation_row, session, validation_request};
use crate::error::AppResult;

/// Years before the campaign's over which recent training is counted (criterion 4).
pub const RECENT_YEARS: i32 = 3;

/// The campaign and what the run needs to store and explain it.
pub struct LoadedCampaign {
    pub campaign: Campaign,
    /// The actions the run decides on, by id.
    pub sessions: BTreeMap<i64, session::Model>,
    /// Each wish's application, by (magistrate, action).
    pub applications: HashMap<(i64, i64), i64>,
    /// The statutory need each wish's action meets, by (magistrate, action).
    pub needs: HashMap<(i64, i64), Need>,
    /// Each magistrate's court of appeal.
    pub courts: HashMap<i64, Option<i64>>,
}

/// An application as the run reads it.
#[derive(Debug, FromQueryResult)]
struct WishRow {
    id: i64,
    magistrate_id: i64,
    session_id: i64,
    rank: i32,
    status: ApplicationStatus,
}

/// The statuses of a place already decided.
const HOLDING: [ApplicationStatus; 2] = [ApplicationStatus::Selected, ApplicationStatus::Confirmed];

/// Reads `year`'s campaign as of `today`; `capacities` replaces an action's capacity (the
/// director's override), the places being that less the seats already taken.
pub async fn load(
    db: &impl ConnectionTrait,
    year: i32,
    today: NaiveDate,
    cap_per_person: u32,
    capacities: &HashMap<i64, i32>,
) -> AppResult<LoadedCampaign> {
    let national = session::Entity::find()
        .filter(session::Column::Year.eq(year))
        .filter(session::Column::Scope.eq(Scope::National))
        .filter(session::Column::Status.eq(SessionStatus::Published))
        .all(db)
        .await?;
    let (open, others): (Vec<session::Model>, Vec<session::Model>) = national
        .into_iter()
        .partition(|s| s.applications_close < today && takes_decisions(s.status, s.start_date, today));
    let sessions: BTreeMap<i64, session::Model> = open.into_iter().map(|s| (s.id, s)).collect();
    let ids: Vec<i64> = sessions.keys().copied().collect();

    let mut wishes_rows = Vec::new();
    let mut held = Vec::new();
    let every_national = Query::select()
        .column(session::Column::Id)
        .from(session::Entity)
        .and_where(session::Column::Year.eq(year))
        .and_where(session::Column::Scope.eq(Scope::National))
        .to_owned();
    // Only the columns the run needs: 36,000 rows read whole cost several times as much.
    let rows: Vec<WishRow> = application::Entity::find()
        .select_only()
        .column(application::Column::Id)
        .column(application::Column::MagistrateId)
        .column(application::Column::SessionId)
        .column(application::Column::Rank)
        .column(application::Column::Status)
        .filter(application::Column::SessionId.in_subquery(every_national))
        .filter(application::Column::Status.is_in([
            ApplicationStatus::Submitted,
            ApplicationStatus::Selected,
            ApplicationStatus::Confirmed,
        ]))
        .into_model()
        .all(db)
        .await?;
    for row in rows {
        if row.status == ApplicationStatus::Submitted {
            if sessions.contains_key(&row.session_id) {
                wishes_rows.push(row);
            }
        } else if HOLDING.contains(&row.status) {
            held.push((row.magistrate_id, row.session_id));
        }
    }
    // In a stable order: which overlapping place an explanation names follows it.
    held.sort_unstable();
    let mut people: Vec<i64> = wishes_rows.iter().map(|w| w.magistrate_id).collect();
    people.sort_unstable();
    people.dedup();

    let opinions = evaluator_opinions(db, &ids).await?;
    let recent = recent_half_days(db, year).await?;
    let histories = crate::services::careers::histories(db, &people).await?;
    // The sheets of two halves at once: on a pool, two connections read side by side.
    let (first, second) = people.split_at(people.len() / 2);
    let (first, second) = tokio::join!(
        crate::services::sheets::build_with(db, first, year, Some(&histories)),
        crate::services::sheets::build_with(db, second, year, Some(&histories)),
    );
    let sheets = first?.into_iter().chain(second?);
    let mut courts: HashMap<i64, Option<i64>> = HashMap::with_capacity(people.len());
    let mut obligations: HashMap<i64, Vec<_>> = HashMap::with_capacity(people.len());
    for sheet in sheets {
        courts.insert(sheet.profile.user_id, sheet.profile.court_id);
        obligations.insert(sheet.profile.user_id, sheet.obligations);
    }
    // Half-days of the places already held this year and not yet credited.
    let mut every_session: HashMap<i64, session::Model> =
        others.into_iter().map(|s| (s.id, s)).chain(sessions.iter().map(|(id, s)| (*id, s.clone()))).collect();
    let held_sessions: HashSet<i64> = held.iter().map(|(_, s)| *s).collect();
    every_session.retain(|id, _| sessions.contains_key(id) || held_sessions.contains(id));
    let mut held_half_days: HashMap<i64, i32> = HashMap::new();
    for (person, session_id) in &held {
        if let Some(s) = every_session.get(session_id) {
            *held_half_days.entry(*person).or_default() += s.duration_half_days;
        }
    }

    let mut applications = HashMap::new();
    let mut needs = HashMap::new();
    let mut wishes = Vec::with_capacity(wishes_rows.len());
    for row in &wishes_rows {
        let Some(action) = sessions.get(&row.session_id) else { continue };
        let history = histories.get(&row.magistrate_id).map(Vec::as_slice).unwrap_or_default();
        let function = current(history).map(|p| p.function_id);
        let held_functions = functions_held_in(history, year);
        let targets = action.target_function_ids();
        let need = statutory_need(
            ActionFacts { onboarding: action.onboarding, target_functions: &targets },
            PersonFacts {
                obligations: obligations.get(&row.magistrate_id).map(Vec::as_slice).unwrap_or_default(),
                function,
                functions_held: &held_functions,
                held_half_days: held_half_days.get(&row.magistrate_id).copied().unwrap_or(0),
            },
        );
        let standing = Standing {
            statutory_need: need.is_some(),
            observation: observation(opinions.get(&row.id).copied()),
            targets_function: function.is_some_and(|f| targets.contains(&f)),
            recent_half_days: recent.get(&row.magistrate_id).copied().unwrap_or(0),
        };
        if let Some(need) = need {
            needs.insert((row.magistrate_id, row.session_id), need);
        }
        applications.insert((row.magistrate_id, row.session_id), row.id);
        wishes.push(Wish {
            person: row.magistrate_id,
            action: row.session_id,
            rank: u32::try_from(row.rank).unwrap_or(u32::MAX),
            standing,
        });
    }
    let actions = every_session
        .values()
        .map(|s| {
            let capacity = if sessions.contains_key(&s.id) {
                let capacity = capacities.get(&s.id).copied().unwrap_or(s.capacity);
                u32::try_from(capacity - s.seats_taken).unwrap_or(0)
            } else {
                0
            };
            Action { id: s.id, capacity, start: s.start_date, end: s.end_date }
        })
        .collect();
    Ok(LoadedCampaign {
        campaign: Campaign { actions, wishes, cap_per_person, held, overrides: Vec::new() },
        sessions,
        applications,
        needs,
        courts,
    })
}

/// The evaluating authority's opinion on each application to `sessions` (art. 130).
async fn evaluator_opinions(db: &impl ConnectionTrait, sessions: &[i64]) -> AppResult<HashMap<i64, Opinion>> {
    let mut out = HashMap::new();
    for chunk in sessions.chunks(500) {
        let of_sessions = Query::select()
            .column(application::Column::Id)
            .from(application::Entity)
            .and_where(application::Column::SessionId.is_in(chunk.to_vec()))
            .and_where(application::Column::Status.eq(ApplicationStatus::Submitted))
            .to_owned();
        let rows: Vec<(i64, Opinion)> = observation_row::Entity::find()
            .select_only()
            .column(observation_row::Column::ApplicationId)
            .column(observation_row::Column::Opinion)
            .filter(observation_row::Column::Authority.eq(ObservationAuthority::Evaluator))
            .filter(observation_row::Column::ApplicationId.in_subquery(of_sessions))
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Half-days credited to each magistrate in the `RECENT_YEARS` before `year`: trainings attended
/// and activities validated (criterion 4).
async fn recent_half_days(db: &impl ConnectionTrait, year: i32) -> AppResult<HashMap<i64, u32>> {
    let span = (year - RECENT_YEARS)..=(year - 1);
    let attended: Vec<(i64, Option<i32>)> = application::Entity::find()
        .select_only()
        .column(application::Column::MagistrateId)
        .column(application::Column::CreditedHalfDays)
        .filter(application::Column::Year.between(*span.start(), *span.end()))
        .filter(application::Column::Status.is_in([ApplicationStatus::Attended, ApplicationStatus::Partial]))
        .into_tuple()
        .all(db)
        .await?;
    let validated: Vec<(i64, Option<i32>)> = validation_request::Entity::find()
        .select_only()
        .column(validation_request::Column::MagistrateId)
        .column(validation_request::Column::CreditedHalfDays)
        .filter(validation_request::Column::Year.between(*span.start(), *span.end()))
        .filter(validation_request::Column::Status.eq(ValidationStatus::Approved))
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<i64, u32> = HashMap::new();
    for (person, half_days) in attended.into_iter().chain(validated) {
        *out.entry(person).or_default() += u32::try_from(half_days.unwrap_or(0)).unwrap_or(0);
    }
    Ok(out)
}
