//! One magistrate's explanation of a proposal (CRPA L311-3-1, R311-3-1-2), written by
//! `shared::rules::allocation::explain` from the stored run: for the magistrate themselves and
//! for the School.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::rules::allocation::explain::{explain as write, Explanation, RunFacts, WishFacts};
use shared::rules::allocation::{draw_number, CriteriaOrder, Need, Observation, Outcome, Standing};
use shared::{AllocationOutcome, AllocationOverrideKind, AllocationRunStatus};

use crate::auth::policy;
use crate::entities::{allocation_run, allocation_run_action, allocation_run_wish, selection_seed, session};
use crate::error::{AppError, AppResult};
use crate::services::selection_seed::seed_bytes;
use crate::services::Env;

/// `magistrate_id`'s explanation of run `run_id`, with the run.
pub async fn explain(
    env: &Env<'_>,
    run_id: i64,
    magistrate_id: i64,
) -> AppResult<(allocation_run::Model, Explanation)> {
    let run = super::runs::find(env.db, run_id).await?;
    let adopted = run.status == AllocationRunStatus::Applied.as_str();
    if !policy::can_read_allocation_explanation(env.user, magistrate_id, adopted) {
        // A magistrate learns nothing of a proposal not adopted, not even that it exists.
        return Err(if env.user.id == magistrate_id {
            AppError::not_found("Explication")
        } else {
            AppError::forbidden()
        });
    }
    let explanation =
        build(env.db, &run, magistrate_id, env.today()).await?.ok_or_else(|| AppError::not_found("Explication"))?;
    Ok((run, explanation))
}

/// The adopted proposal that decided `application_id`, if one did (for « Pourquoi ? »).
pub async fn adopted_run_of(db: &impl ConnectionTrait, application_id: i64) -> AppResult<Option<i64>> {
    let runs: Vec<i64> = allocation_run_wish::Entity::find()
        .filter(allocation_run_wish::Column::ApplicationId.eq(application_id))
        .filter(allocation_run_wish::Column::Outcome.ne(AllocationOutcome::Excluded.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|w| w.run_id)
        .collect();
    if runs.is_empty() {
        return Ok(None);
    }
    Ok(allocation_run::Entity::find()
        .filter(allocation_run::Column::Id.is_in(runs))
        .filter(allocation_run::Column::Status.eq(AllocationRunStatus::Applied.as_str()))
        .order_by_desc(allocation_run::Column::Id)
        .one(db)
        .await?
        .map(|r| r.id))
}

/// The standing stored with a wish row.
pub fn standing(row: &allocation_run_wish::Model) -> Standing {
    Standing {
        statutory_need: row.need.is_some(),
        observation: Observation::parse(&row.observation).unwrap_or(Observation::FavourableOrNone),
        targets_function: row.targets_function,
        recent_half_days: u32::try_from(row.recent_half_days).unwrap_or(0),
    }
}

/// What the explanations of a run are written from, beyond each magistrate's own rows.
struct RunData {
    seed: Vec<u8>,
    order: CriteriaOrder,
    overrides: Vec<super::OverrideSpec>,
    /// Places of each action for the run.
    places: HashMap<i64, u32>,
    /// Places given at each action in each round (0: forced), for the places left at a refusal.
    given: HashMap<(i64, u32), u32>,
    /// Whether the seed, and so the draw numbers, may be shown.
    draw_public: bool,
    titles: HashMap<i64, String>,
    /// Where the last admitted that refusals name stood, by (magistrate, action).
    others: HashMap<(i64, i64), Standing>,
}

/// The explanation of `magistrate_id` in `run`, or `None` if they had no wish in it.
pub async fn build(
    db: &impl ConnectionTrait,
    run: &allocation_run::Model,
    magistrate_id: i64,
    today: chrono::NaiveDate,
) -> AppResult<Option<Explanation>> {
    let rows = allocation_run_wish::Entity::find()
        .filter(allocation_run_wish::Column::RunId.eq(run.id))
        .filter(allocation_run_wish::Column::MagistrateId.eq(magistrate_id))
        .order_by_asc(allocation_run_wish::Column::Rank)
        .order_by_asc(allocation_run_wish::Column::SessionId)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut others = HashMap::new();
    for row in rows.iter().filter(|r| r.outcome == AllocationOutcome::Outranked.as_str()) {
        let Some(other) = row.other_id else { continue };
        let found = allocation_run_wish::Entity::find()
            .filter(allocation_run_wish::Column::RunId.eq(run.id))
            .filter(allocation_run_wish::Column::MagistrateId.eq(other))
            .filter(allocation_run_wish::Column::SessionId.eq(row.session_id))
            .one(db)
            .await?;
        if let Some(found) = found {
            others.insert((other, row.session_id), standing(&found));
        }
    }
    let mut sessions: Vec<i64> = rows.iter().map(|r| r.session_id).collect();
    sessions
        .extend(rows.iter().filter(|r| r.outcome == AllocationOutcome::Overlaps.as_str()).filter_map(|r| r.other_id));
    let refused: Vec<i64> =
        rows.iter().filter(|r| r.outcome == AllocationOutcome::Outranked.as_str()).map(|r| r.session_id).collect();
    let given = given_by_round(
        allocation_run_wish::Entity::find()
            .filter(allocation_run_wish::Column::RunId.eq(run.id))
            .filter(allocation_run_wish::Column::SessionId.is_in(refused))
            .filter(
                allocation_run_wish::Column::Outcome
                    .is_in([AllocationOutcome::Placed.as_str(), AllocationOutcome::Forced.as_str()]),
            )
            .all(db)
            .await?
            .iter(),
    );
    let data = run_data(db, run, &sessions, others, given, today).await?;
    Ok(Some(write_for(run, &data, magistrate_id, &rows)?))
}

/// Every magistrate's explanation of `run`, by magistrate, from three reads.
pub async fn build_all(
    db: &impl ConnectionTrait,
    run: &allocation_run::Model,
    today: chrono::NaiveDate,
) -> AppResult<Vec<(i64, Explanation)>> {
    let rows = allocation_run_wish::Entity::find()
        .filter(allocation_run_wish::Column::RunId.eq(run.id))
        .order_by_asc(allocation_run_wish::Column::MagistrateId)
        .order_by_asc(allocation_run_wish::Column::Rank)
        .order_by_asc(allocation_run_wish::Column::SessionId)
        .all(db)
        .await?;
    let others: HashMap<(i64, i64), Standing> =
        rows.iter().map(|r| ((r.magistrate_id, r.session_id), standing(r))).collect();
    let given = given_by_round(rows.iter().filter(|r| {
        [AllocationOutcome::Placed.as_str(), AllocationOutcome::Forced.as_str()].contains(&r.outcome.as_str())
    }));
    let data = run_data(db, run, &[], others, given, today).await?;
    let mut out = Vec::new();
    for own in rows.chunk_by(|a, b| a.magistrate_id == b.magistrate_id) {
        out.push((own[0].magistrate_id, write_for(run, &data, own[0].magistrate_id, own)?));
    }
    Ok(out)
}

/// The run's data for the explanations of the actions `sessions` (every action when empty).
/// Places given at each action in each round, from the rows of the places.
fn given_by_round<'a>(placed: impl Iterator<Item = &'a allocation_run_wish::Model>) -> HashMap<(i64, u32), u32> {
    let mut given = HashMap::new();
    for row in placed {
        let round = row.round.and_then(|r| u32::try_from(r).ok()).unwrap_or(0);
        *given.entry((row.session_id, round)).or_default() += 1;
    }
    given
}

async fn run_data(
    db: &impl ConnectionTrait,
    run: &allocation_run::Model,
    sessions: &[i64],
    others: HashMap<(i64, i64), Standing>,
    given: HashMap<(i64, u32), u32>,
    today: chrono::NaiveDate,
) -> AppResult<RunData> {
    let draw_public =
        crate::services::selection_seed::commitment(db, run.year, today).await?.is_some_and(|c| c.seed.is_some());
    let seed =
        selection_seed::Entity::find_by_id(run.year).one(db).await?.map(|s| seed_bytes(&s.seed)).unwrap_or_default();
    let mut actions = allocation_run_action::Entity::find().filter(allocation_run_action::Column::RunId.eq(run.id));
    let mut titled = session::Entity::find();
    if !sessions.is_empty() {
        actions = actions.filter(allocation_run_action::Column::SessionId.is_in(sessions.to_vec()));
        titled = titled.filter(session::Column::Id.is_in(sessions.to_vec()));
    } else {
        let of_run = sea_orm::sea_query::Query::select()
            .column(allocation_run_action::Column::SessionId)
            .from(allocation_run_action::Entity)
            .and_where(allocation_run_action::Column::RunId.eq(run.id))
            .to_owned();
        titled = titled.filter(session::Column::Id.in_subquery(of_run));
    }
    let places =
        actions.all(db).await?.into_iter().map(|a| (a.session_id, u32::try_from(a.places).unwrap_or(0))).collect();
    let titles = titled.all(db).await?.into_iter().map(|s| (s.id, s.title)).collect();
    Ok(RunData {
        seed,
        order: CriteriaOrder::parse(&run.criteria_order).unwrap_or_default(),
        overrides: super::runs::overrides(run),
        places,
        given,
        draw_public,
        titles,
        others,
    })
}

/// One magistrate's explanation from their rows, in their order.
fn write_for(
    run: &allocation_run::Model,
    data: &RunData,
    magistrate_id: i64,
    rows: &[allocation_run_wish::Model],
) -> AppResult<Explanation> {
    let title = |id: i64| data.titles.get(&id).cloned().unwrap_or_else(|| format!("action n° {id}"));
    let mut wishes = Vec::with_capacity(rows.len());
    for row in rows {
        let outcome = Outcome::from_parts(&row.outcome, row.round.and_then(|r| u32::try_from(r).ok()), row.other_id)
            .ok_or_else(|| AppError::internal(format!("stored outcome {:?} of run {}", row.outcome, run.id)))?;
        let last_admitted = match outcome {
            Outcome::Outranked { last_admitted, .. } => {
                data.others.get(&(last_admitted, row.session_id)).map(|l| (*l, draw_number(&data.seed, last_admitted)))
            }
            _ => None,
        };
        let override_reason = data
            .overrides
            .iter()
            .find(|o| {
                o.session_id == row.session_id
                    && o.magistrate_id == Some(magistrate_id)
                    && o.kind != AllocationOverrideKind::Capacity
            })
            .map(|o| o.reason.clone());
        wishes.push(WishFacts {
            action: row.session_id,
            title: title(row.session_id),
            rank: u32::try_from(row.rank).unwrap_or(0),
            standing: standing(row),
            need: row.need.as_deref().and_then(Need::parse),
            outcome,
            places: data.places.get(&row.session_id).copied().unwrap_or(0),
            places_left: match outcome {
                Outcome::Outranked { round, .. } => {
                    let before: u32 =
                        (0..round).map(|r| data.given.get(&(row.session_id, r)).copied().unwrap_or(0)).sum();
                    data.places.get(&row.session_id).copied().unwrap_or(0).saturating_sub(before)
                }
                _ => 0,
            },
            override_reason,
            last_admitted,
            overlapping_title: match outcome {
                Outcome::Overlaps { with } => Some(title(with)),
                _ => None,
            },
        });
    }
    let facts = RunFacts {
        run_id: run.id,
        order: data.order,
        cap_per_person: u32::try_from(run.cap_per_person).unwrap_or(1),
        draw: draw_number(&data.seed, magistrate_id),
        draw_public: data.draw_public,
    };
    Ok(write(&facts, &wishes))
}
