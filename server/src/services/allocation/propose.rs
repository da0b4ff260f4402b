//! `proposeAllocation`: runs the rounds on the year's campaign with the committed seed and stores
//! the run — parameters, seed hash, hashes of inputs and outputs, figures, every wish's standing
//! and outcome, each action's cut-off — in one transaction, audited.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::time::Instant;

use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseBackend, EntityTrait, Set, Statement};
use serde::Serialize;
use sha2::{Digest, Sha256};
use shared::rules::allocation::{propose as propose_rounds, Campaign, CriteriaOrder, Override, Proposal};
use shared::{AllocationOverrideKind, AllocationRunStatus};

use crate::auth::policy;
use crate::db::begin_write;
use crate::directory_upload::hex;
use crate::entities::{allocation_run, allocation_run_action, allocation_run_wish, selection_seed};
use crate::error::{AppError, AppResult};
use crate::services::audit::{self, Change};
use crate::services::selection_seed::seed_bytes;
use crate::services::Env;

use super::campaign::{self, LoadedCampaign};
use super::figures;
use super::OverrideSpec;

/// The most actions one magistrate may be given in a run.
pub const MAX_CAP: u32 = 10;
/// Longest reason of an override.
const MAX_REASON: usize = 500;
/// Most overrides in one run.
const MAX_OVERRIDES: usize = 500;
/// Wish rows per insert: 28,000 parameters, within both databases' limits (and few statements: each
/// large one waits for a delayed acknowledgement on PostgreSQL, see `audit::record_many`).
const ROWS_PER_INSERT: usize = 2_000;

/// What the director asks of a run.
#[derive(Debug, Clone)]
pub struct RunInput {
    pub order: CriteriaOrder,
    pub cap_per_person: u32,
    pub overrides: Vec<OverrideSpec>,
}

/// Runs and stores a proposal for `year`.
pub async fn run(env: &Env<'_>, year: i32, input: RunInput) -> AppResult<allocation_run::Model> {
    policy::ensure(policy::can_run_allocation(env.user))?;
    let started = Instant::now();
    check_input(&input)?;
    let Some(seed) = selection_seed::Entity::find_by_id(year).one(env.db).await? else {
        return Err(AppError::invalid_transition(format!(
            "Aucune action nationale de {year} n’a été publiée : aucun tirage n’est engagé pour cette année."
        )));
    };
    let capacities: HashMap<i64, i32> = input
        .overrides
        .iter()
        .filter(|o| o.kind == AllocationOverrideKind::Capacity)
        .filter_map(|o| Some((o.session_id, o.capacity?)))
        .collect();
    let mut loaded = campaign::load(env.db, year, env.today(), input.cap_per_person, &capacities).await?;
    if loaded.sessions.is_empty() {
        return Err(AppError::invalid_transition(format!(
            "Aucune action nationale de {year} n’a clos ses candidatures sans avoir commencé : rien à proposer."
        )));
    }
    loaded.campaign.overrides = check_overrides(&loaded, &input.overrides)?;
    let load_ms = elapsed_ms(started);
    let seed = seed_bytes(&seed.seed);
    let algorithm = Instant::now();
    let proposal = propose_rounds(&loaded.campaign, &input.order, &seed);
    let algorithm_ms = elapsed_ms(algorithm);

    let cutoffs = figures::cutoffs(&loaded.campaign, &proposal, &input.order, &seed);
    let mut stats = figures::statistics(&loaded, &proposal, &cutoffs);
    stats.load_ms = load_ms;
    stats.algorithm_ms = algorithm_ms;
    let storing = Instant::now();
    let txn = begin_write(env.db).await?;
    let mut row = allocation_run::ActiveModel {
        year: Set(year),
        criteria_order: Set(input.order.wire()),
        cap_per_person: Set(i32::try_from(input.cap_per_person).unwrap_or(i32::MAX)),
        overrides: Set(serde_json::to_string(&input.overrides).map_err(AppError::internal)?),
        seed_sha256: Set(hex(&Sha256::digest(&seed))),
        input_sha256: Set(input_digest(&loaded.campaign, &input)),
        output_sha256: Set(output_digest(&proposal)),
        stats: Set(String::new()),
        status: Set(AllocationRunStatus::Proposed.as_str().to_owned()),
        created_by: Set(Some(env.user.id)),
        created_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    store_wishes(&txn, row.id, &loaded, &proposal).await?;
    store_actions(&txn, row.id, &loaded, &proposal, &cutoffs).await?;
    stats.store_ms = elapsed_ms(storing);
    stats.total_ms = elapsed_ms(started);
    let mut active: allocation_run::ActiveModel = row.clone().into();
    active.stats = Set(serde_json::to_string(&stats).map_err(AppError::internal)?);
    row = active.update(&txn).await?;
    let after = serde_json::json!({
        "year": year,
        "criteriaOrder": row.criteria_order,
        "capPerPerson": row.cap_per_person,
        "overrides": input.overrides,
        "inputSha256": row.input_sha256,
        "outputSha256": row.output_sha256,
        "placed": stats.placed,
    });
    audit::record(&txn, Change::by(env, "allocation.propose", "allocation_run", row.id, None, Some(after))).await?;
    txn.commit().await?;
    Ok(row)
}

fn elapsed_ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

fn check_input(input: &RunInput) -> AppResult<()> {
    if !(1..=MAX_CAP).contains(&input.cap_per_person) {
        return Err(AppError::validation(
            "capPerPerson",
            format!("le nombre d’actions par magistrat va de 1 à {MAX_CAP}"),
        ));
    }
    if input.overrides.len() > MAX_OVERRIDES {
        return Err(AppError::validation("overrides", format!("au plus {MAX_OVERRIDES} ajustements par proposition")));
    }
    let mut seen = HashSet::new();
    for (i, o) in input.overrides.iter().enumerate() {
        let n = i + 1;
        let reason = o.reason.trim();
        if reason.is_empty() || reason.chars().count() > MAX_REASON {
            return Err(AppError::validation(
                "overrides",
                format!("ajustement n° {n} : un motif de 1 à {MAX_REASON} caractères est requis"),
            ));
        }
        let key = match o.kind {
            AllocationOverrideKind::Capacity => {
                if !o.capacity.is_some_and(|c| (0..=10_000).contains(&c)) {
                    return Err(AppError::validation(
                        "overrides",
                        format!("ajustement n° {n} : la capacité va de 0 à 10 000 places"),
                    ));
                }
                (o.session_id, None)
            }
            AllocationOverrideKind::Force | AllocationOverrideKind::Exclude => {
                if o.magistrate_id.is_none() {
                    return Err(AppError::validation("overrides", format!("ajustement n° {n} : le magistrat manque")));
                }
                (o.session_id, o.magistrate_id)
            }
        };
        if !seen.insert(key) {
            return Err(AppError::validation(
                "overrides",
                format!("ajustement n° {n} : un autre ajustement porte déjà sur la même demande ou la même action"),
            ));
        }
    }
    Ok(())
}

/// The overrides as the algorithm takes them, each checked against the campaign.
fn check_overrides(loaded: &LoadedCampaign, overrides: &[OverrideSpec]) -> AppResult<Vec<Override>> {
    let mut forced_at: HashMap<i64, u32> = HashMap::new();
    let mut out = Vec::new();
    for (i, o) in overrides.iter().enumerate() {
        let n = i + 1;
        let Some(session) = loaded.sessions.get(&o.session_id) else {
            return Err(AppError::validation(
                "overrides",
                format!("ajustement n° {n} : l’action n° {} n’est pas de cette campagne", o.session_id),
            ));
        };
        match (o.kind, o.magistrate_id) {
            (AllocationOverrideKind::Capacity, _) => {
                if o.capacity.is_some_and(|c| c < session.seats_taken) {
                    return Err(AppError::validation(
                        "overrides",
                        format!(
                            "ajustement n° {n} : « {} » a déjà {} places attribuées ; sa capacité ne peut descendre plus bas",
                            session.title, session.seats_taken
                        ),
                    ));
                }
            }
            (kind, Some(person)) => {
                if !loaded.applications.contains_key(&(person, o.session_id)) {
                    return Err(AppError::validation(
                        "overrides",
                        format!(
                            "ajustement n° {n} : ce magistrat n’a pas de vœu en attente pour « {} »",
                            session.title
                        ),
                    ));
                }
                if kind == AllocationOverrideKind::Force {
                    let forced = forced_at.entry(o.session_id).or_default();
                    *forced += 1;
                    let places =
                        loaded.campaign.actions.iter().find(|a| a.id == o.session_id).map_or(0, |a| a.capacity);
                    // (A changed capacity is already in the campaign's places.)
                    if *forced > places {
                        return Err(AppError::validation(
                            "overrides",
                            format!(
                                "ajustement n° {n} : plus de places imposées que « {} » n’en a ({places})",
                                session.title
                            ),
                        ));
                    }
                    out.push(Override::Force { person, action: o.session_id });
                } else {
                    out.push(Override::Exclude { person, action: o.session_id });
                }
            }
            (_, None) => {
                return Err(AppError::validation("overrides", format!("ajustement n° {n} : le magistrat manque")))
            }
        }
    }
    Ok(out)
}

/// SHA-256 of everything the run was given, in a canonical text: anyone holding the same inputs
/// computes the same.
pub(super) fn input_digest(campaign: &Campaign, input: &RunInput) -> String {
    let mut text = format!("order {}\ncap {}\n", input.order.wire(), input.cap_per_person);
    let mut actions: Vec<_> = campaign.actions.iter().collect();
    actions.sort_by_key(|a| a.id);
    for a in actions {
        let _ = writeln!(text, "action {} {} {} {}", a.id, a.capacity, a.start, a.end);
    }
    let mut wishes: Vec<_> = campaign.wishes.iter().collect();
    wishes.sort_by_key(|w| (w.person, w.action));
    for w in wishes {
        let s = &w.standing;
        let _ = writeln!(
            text,
            "wish {} {} {} {} {} {} {}",
            w.person,
            w.action,
            w.rank,
            s.statutory_need,
            s.observation.wire(),
            s.targets_function,
            s.recent_half_days
        );
    }
    let mut held = campaign.held.clone();
    held.sort_unstable();
    for (p, a) in held {
        let _ = writeln!(text, "held {p} {a}");
    }
    for o in &input.overrides {
        let _ = writeln!(text, "override {} {} {:?} {:?}", o.kind, o.session_id, o.magistrate_id, o.capacity);
    }
    hex(&Sha256::digest(text.as_bytes()))
}

/// SHA-256 of the proposal: the places in order, then each action's waitlist.
pub fn output_digest(proposal: &Proposal) -> String {
    let mut text = String::new();
    for p in &proposal.placements {
        let _ = writeln!(text, "place {} {} {}", p.person, p.action, p.round);
    }
    for (action, waiting) in &proposal.waitlists {
        let people: Vec<String> = waiting.iter().map(i64::to_string).collect();
        let _ = writeln!(text, "waitlist {action} {}", people.join(" "));
    }
    hex(&Sha256::digest(text.as_bytes()))
}

async fn store_wishes(
    txn: &impl ConnectionTrait,
    run_id: i64,
    loaded: &LoadedCampaign,
    proposal: &Proposal,
) -> AppResult<()> {
    let positions: HashMap<(i64, i64), i32> = proposal
        .waitlists
        .iter()
        .flat_map(|(action, waiting)| {
            waiting.iter().enumerate().map(move |(i, person)| ((*person, *action), i32::try_from(i + 1).unwrap_or(0)))
        })
        .collect();
    let mut rows = Vec::with_capacity(loaded.campaign.wishes.len());
    for wish in &loaded.campaign.wishes {
        let key = (wish.person, wish.action);
        let (Some(outcome), Some(application)) = (proposal.outcomes.get(&key), loaded.applications.get(&key)) else {
            continue;
        };
        rows.push(WishRow {
            run_id,
            application_id: *application,
            magistrate_id: wish.person,
            session_id: wish.action,
            rank: i32::try_from(wish.rank).unwrap_or(i32::MAX),
            need: loaded.needs.get(&key).map(|n| n.wire()),
            observation: wish.standing.observation.wire(),
            targets_function: wish.standing.targets_function,
            recent_half_days: i32::try_from(wish.standing.recent_half_days).unwrap_or(i32::MAX),
            outcome: outcome.kind(),
            round: outcome.round().map(|r| i32::try_from(r).unwrap_or(i32::MAX)),
            other_id: outcome.other(),
            waitlist_position: positions.get(&key).copied(),
        });
    }
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        // One statement whose one parameter is every row as JSON: 36,000 rows in bound parameters
        // cost PostgreSQL about 35 µs each (BENCHMARKS.md, « The national selection »).
        let statement = Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            WISHES_FROM_JSON,
            [serde_json::to_string(&rows).map_err(AppError::internal)?.into()],
        );
        txn.execute_raw(statement).await?;
        return Ok(());
    }
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let models = chunk.iter().map(|r| allocation_run_wish::ActiveModel {
            run_id: Set(r.run_id),
            application_id: Set(r.application_id),
            magistrate_id: Set(r.magistrate_id),
            session_id: Set(r.session_id),
            rank: Set(r.rank),
            need: Set(r.need.map(str::to_owned)),
            observation: Set(r.observation.to_owned()),
            targets_function: Set(r.targets_function),
            recent_half_days: Set(r.recent_half_days),
            outcome: Set(r.outcome.to_owned()),
            round: Set(r.round),
            other_id: Set(r.other_id),
            waitlist_position: Set(r.waitlist_position),
            ..Default::default()
        });
        allocation_run_wish::Entity::insert_many(models).exec_without_returning(txn).await?;
    }
    Ok(())
}

/// A wish row to store, as the JSON of PostgreSQL's single insert names its fields.
#[derive(Serialize)]
struct WishRow {
    run_id: i64,
    application_id: i64,
    magistrate_id: i64,
    session_id: i64,
    rank: i32,
    need: Option<&'static str>,
    observation: &'static str,
    targets_function: bool,
    recent_half_days: i32,
    outcome: &'static str,
    round: Option<i32>,
    other_id: Option<i64>,
    waitlist_position: Option<i32>,
}

/// PostgreSQL's insert of every wish row from one JSON array.
const WISHES_FROM_JSON: &str = "INSERT INTO allocation_run_wishes (run_id, application_id, magistrate_id, \
    session_id, rank, need, observation, targets_function, recent_half_days, outcome, round, other_id, \
    waitlist_position) SELECT run_id, application_id, magistrate_id, session_id, rank, need, observation, \
    targets_function, recent_half_days, outcome, round, other_id, waitlist_position \
    FROM json_to_recordset($1::json) AS x(run_id BIGINT, application_id BIGINT, magistrate_id BIGINT, \
    session_id BIGINT, rank INTEGER, need TEXT, observation TEXT, targets_function BOOLEAN, \
    recent_half_days INTEGER, outcome TEXT, round INTEGER, other_id BIGINT, waitlist_position INTEGER)";

async fn store_actions(
    txn: &impl sea_orm::ConnectionTrait,
    run_id: i64,
    loaded: &LoadedCampaign,
    proposal: &Proposal,
    cutoffs: &HashMap<i64, figures::Cutoff>,
) -> AppResult<()> {
    let places_of: HashMap<i64, u32> = loaded.campaign.actions.iter().map(|a| (a.id, a.capacity)).collect();
    let mut applicants_of: HashMap<i64, usize> = HashMap::new();
    for wish in &loaded.campaign.wishes {
        *applicants_of.entry(wish.action).or_default() += 1;
    }
    let mut placed_of: HashMap<i64, usize> = HashMap::new();
    for placement in &proposal.placements {
        *placed_of.entry(placement.action).or_default() += 1;
    }
    let mut rows = Vec::with_capacity(loaded.sessions.len());
    for (id, session) in &loaded.sessions {
        let places = places_of.get(id).copied().unwrap_or(0);
        let cutoff = cutoffs.get(id).copied().unwrap_or_default();
        rows.push(allocation_run_action::ActiveModel {
            run_id: Set(run_id),
            session_id: Set(*id),
            // The capacity for the run: the seats already taken and the places the run had.
            capacity: Set(session.seats_taken + i32::try_from(places).unwrap_or(0)),
            places: Set(i32::try_from(places).unwrap_or(i32::MAX)),
            applicants: Set(i32::try_from(applicants_of.get(id).copied().unwrap_or(0)).unwrap_or(i32::MAX)),
            placed: Set(i32::try_from(placed_of.get(id).copied().unwrap_or(0)).unwrap_or(i32::MAX)),
            cutoff_criterion: Set(cutoff.criterion.map(|c| c.wire().to_owned())),
            cutoff_magistrate_id: Set(cutoff.last_admitted),
        });
    }
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        allocation_run_action::Entity::insert_many(chunk.to_vec()).exec_without_returning(txn).await?;
    }
    Ok(())
}
