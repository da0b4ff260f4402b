//! « Sélection nationale » (issue 17): the director runs a proposal for the whole campaign —
//! criteria 2–4 in the School's order, a cap per magistrate, overrides each with a reason — reads
//! each run's figures, hashes and per-action cut-offs, any magistrate's explanation, and adopts
//! one. The server decides every right (`policy::can_run_allocation`, `can_read_allocation_runs`)
//! and every rule (`shared::rules::allocation`); this screen only asks and shows.

use super::override_pickers::{ActionPicker, MagistratePicker};
use crate::api::{self, ApiError};
use crate::components::charts::Meter;
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::{loaded, Empty};
use crate::format::date_short;
use crate::router::{use_navigator, Link};
use crate::session::use_auth;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde_json::json;

crate::decoded! {
    struct Runs {
        runs: Vec<RunLine> = "allocationRuns" ("(year: $y)"),
        commitment: Option<Commitment> = "allocationSeedCommitment" ("(year: $y)"),
    }
}

crate::decoded! {
    struct Commitment {
        sha256: String = "sha256",
        committed_at: DateTime<Utc> = "committedAt",
        seed: Option<String> = "seed",
    }
}

crate::decoded! {
    struct RunLine {
        id: String = "id",
        status: String = "status",
        created_at: DateTime<Utc> = "createdAt",
        cap_per_person: i32 = "capPerPerson",
        stats: Stats = "stats",
        overrides: Vec<OverrideLine> = "overrides",
    }
}

crate::decoded! {
    struct Stats {
        places: i64 = "places",
        placed: i64 = "placed",
        first_wish_share: f64 = "firstWishShare",
    }
}

crate::decoded! {
    /// A run's figures in full, for its page.
    struct Figures {
        magistrates: i64 = "magistrates",
        wishes: i64 = "wishes",
        actions: i64 = "actions",
        places: i64 = "places",
        placed: i64 = "placed",
        placed_magistrates: i64 = "placedMagistrates",
        first_wish_share: f64 = "firstWishShare",
        per_round: Vec<i64> = "perRound",
        load_ms: i64 = "loadMs",
        algorithm_ms: i64 = "algorithmMs",
        store_ms: i64 = "storeMs",
        total_ms: i64 = "totalMs",
        first_wish_placed: i64 = "firstWishPlaced",
        mean_rank: f64 = "meanRank",
        unplaced: i64 = "unplacedMagistrates",
        in_need: i64 = "inNeed",
        needs_met: i64 = "needsMet",
        draw_actions: i64 = "drawDecidedActions",
        draw_places: i64 = "drawDecidedPlaces",
        per_court: Vec<CourtShare> = "perCourt",
    }
}

crate::decoded! {
    struct CourtShare {
        court: Option<crate::api::model::Named> = "court",
        magistrates: i64 = "magistrates",
        placed: i64 = "placed",
        share: f64 = "share",
        low: f64 = "low",
        high: f64 = "high",
    }
}

crate::decoded! {
    struct OverrideLine {
        kind: String = "kind",
        session_id: String = "sessionId",
        magistrate_id: Option<String> = "magistrateId",
        capacity: Option<i32> = "capacity",
        reason: String = "reason",
    }
}

crate::decoded! {
    struct RunData {
        run: Run = "allocationRun" ("(id: $id)"),
    }
}

crate::decoded! {
    struct Run {
        id: String = "id",
        year: i32 = "year",
        status: String = "status",
        criteria_order: Vec<String> = "criteriaOrder",
        cap_per_person: i32 = "capPerPerson",
        seed_sha256: String = "seedSha256",
        seed: Option<String> = "seed",
        input_sha256: String = "inputSha256",
        output_sha256: String = "outputSha256",
        created_at: DateTime<Utc> = "createdAt",
        applied_at: Option<DateTime<Utc>> = "appliedAt",
        manual_changes: i64 = "manualChanges",
        stats: Figures = "stats",
        overrides: Vec<OverrideLine> = "overrides",
        actions: Vec<ActionLine> = "actions" ("(first: 200, offset: $offset)"),
    }
}

crate::decoded! {
    struct AdoptionData {
        run: AdoptionRun = "allocationRun" ("(id: $id)"),
    }
}

crate::decoded! {
    struct AdoptionRun {
        adoption: Option<Adoption> = "adoption",
    }
}

crate::decoded! {
    struct Adoption {
        done: i64 = "done",
        total: i64 = "total",
    }
}

crate::decoded! {
    struct ActionLine {
        session_id: String = "sessionId",
        session: Option<Titled> = "session",
        capacity: i32 = "capacity",
        places: i32 = "places",
        applicants: i32 = "applicants",
        placed: i32 = "placed",
        cutoff_criterion: Option<String> = "cutoffCriterion",
    }
}

crate::decoded! {
    struct Titled {
        title: String = "title",
    }
}

crate::decoded! {
    struct ExplanationData {
        explanation: Explanation = "allocationExplanation" ("(runId: $run, magistrateId: $magistrate)"),
    }
}

crate::decoded! {
    pub struct Explanation {
        pub paragraphs: Vec<String> = "paragraphs",
        pub draw_number: Option<String> = "drawNumber",
    }
}

const PROPOSE: &str = "mutation($y: Int!, $i: AllocationInput!) { proposeAllocation(year: $y, input: $i) { id } }";
const APPLY: &str = "mutation($r: ID!) { applyAllocation(runId: $r) { selected waitlisted } }";

/// The criteria the School may reorder (2–4), by wire name and label.
const MIDDLE: [(&str, &str); 3] = [
    ("OBSERVATION", "Observation de l’autorité d’évaluation"),
    ("TARGETS_FUNCTION", "Action destinée à la fonction exercée"),
    ("RECENT_TRAINING", "Moins de jours de formation sur trois ans"),
];

fn criterion_fr(wire: &str) -> &'static str {
    match wire {
        "STATUTORY_NEED" => "Besoin statutaire",
        "OBSERVATION" => "Observation",
        "TARGETS_FUNCTION" => "Fonction visée",
        "RECENT_TRAINING" => "Formation récente",
        "DRAW" => "Tirage au sort",
        _ => "—",
    }
}

fn status_fr(wire: &str) -> &'static str {
    match wire {
        "APPLIED" => "Adoptée",
        "SUPERSEDED" => "Remplacée",
        _ => "Proposée",
    }
}

fn kind_fr(wire: &str) -> &'static str {
    match wire {
        "FORCE" => "Place imposée",
        "EXCLUDE" => "Demande écartée",
        _ => "Capacité modifiée",
    }
}

fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0).replace('.', ",")
}

/// One override being written; the action and the magistrate are chosen by the pickers.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    kind: String,
    session: RwSignal<String>,
    magistrate: RwSignal<String>,
    capacity: String,
    reason: String,
}

impl Draft {
    fn new() -> Self {
        Self {
            kind: "FORCE".into(),
            session: RwSignal::new(String::new()),
            magistrate: RwSignal::new(String::new()),
            capacity: String::new(),
            reason: String::new(),
        }
    }
}

#[component]
pub fn SelectionPage() -> impl IntoView {
    let auth = use_auth();
    let may_run = move || auth.me.get().is_some_and(|me| me.can.run_allocation);
    let year = RwSignal::new(shared::rules::planning::planning_year(crate::format::today()));
    let runs = api::resource::<Runs, _>("query($y: Int!)", move || json!({ "y": year.get() }));
    let order = [RwSignal::new(0usize), RwSignal::new(1usize), RwSignal::new(2usize)];
    let cap = RwSignal::new("2".to_owned());
    let drafts: RwSignal<Vec<RwSignal<Draft>>> = RwSignal::new(Vec::new());
    let proposing = Mutation::new();
    let navigator = use_navigator();
    Effect::new(move |seen: Option<usize>| {
        let done = proposing.done();
        if seen.is_some_and(|seen| seen != done) {
            if let Some(id) = proposing.answer().and_then(|a| a["proposeAllocation"]["id"].as_str().map(str::to_owned))
            {
                navigator.go(&format!("/ecole/proposition/{id}"));
            }
        }
        done
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let chosen: Vec<usize> = order.iter().map(|o| o.get_untracked()).collect();
        if (0..3).any(|i| !chosen.contains(&i)) {
            proposing.refuse(ApiError::invalid("Chaque critère doit figurer une fois dans l’ordre."));
            return;
        }
        let Ok(cap) = cap.get_untracked().trim().parse::<u32>() else {
            proposing.refuse(ApiError::invalid("Indiquez un nombre d’actions par magistrat (1 à 10)."));
            return;
        };
        let mut overrides = Vec::new();
        for (n, draft) in drafts.get_untracked().iter().enumerate() {
            let d = draft.get_untracked();
            let (session, magistrate) = (d.session.get_untracked(), d.magistrate.get_untracked());
            if session.trim().is_empty() || d.reason.trim().is_empty() {
                proposing
                    .refuse(ApiError::invalid(&format!("Ajustement n° {} : indiquez l’action et le motif.", n + 1)));
                return;
            }
            let capacity = d.capacity.trim().parse::<i32>().ok();
            let magistrate = (!magistrate.trim().is_empty()).then(|| magistrate.trim().to_owned());
            overrides.push(json!({
                "kind": d.kind, "sessionId": session.trim(), "magistrateId": magistrate,
                "capacity": capacity, "reason": d.reason.trim(),
            }));
        }
        let criteria: Vec<&str> = chosen.iter().map(|i| MIDDLE[*i].0).collect();
        let input = json!({ "criteriaOrder": criteria, "capPerPerson": cap, "overrides": overrides });
        proposing.send(PROPOSE, json!({ "y": year.get_untracked(), "i": input }), "Proposition établie.");
    };
    view! {
        <p class="muted">"École — formation continue"</p>
        <h1>"Sélection nationale"</h1>
        <p class="lead">
            "Une proposition répartit les places de toutes les actions nationales dont les vœux sont clos : priorité examinée critère par critère, un tour où chacun peut obtenir une action avant qu’un autre en ait une seconde, puis les places restantes. "
            <a href="/regles-de-selection">"Règles publiées"</a>
        </p>
        <div class="field inline">
            <label for="selection-year">"Année du programme"</label>
            <input id="selection-year" type="number" min="2000" max="2100" prop:value=move || year.get().to_string()
                on:change=move |ev| if let Ok(y) = event_target_value(&ev).parse() { year.set(y) } />
        </div>
        {loaded(runs, |data: Runs| view! { <CommitmentLine commitment=data.commitment /> })}
        <Show when=may_run>
            <form class="panel" on:submit=submit>
                <h2>"Nouvelle proposition"</h2>
                <fieldset>
                    <legend>"Ordre des critères (le besoin statutaire vient toujours en premier, le tirage au sort en dernier)"</legend>
                    {order.iter().enumerate().map(|(position, chosen)| {
                        let chosen = *chosen;
                        let id = format!("criterion-{}", position + 2);
                        view! {
                            <div class="field">
                                <label for=id.clone()>{format!("Critère {}", position + 2)}</label>
                                <select id=id on:change=move |ev| if let Ok(i) = event_target_value(&ev).parse() { chosen.set(i) }>
                                    {MIDDLE.iter().enumerate().map(|(i, (_, label))| view! {
                                        <option value=i.to_string() selected=move || chosen.get() == i>{*label}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="cap-per-person">"Actions par magistrat au plus"</label>
                    <input id="cap-per-person" type="number" min="1" max="10" bind:value=cap />
                </div>
                <fieldset>
                    <legend>"Ajustements du directeur (chacun motivé)"</legend>
                    <For each=move || drafts.get().into_iter().enumerate() key=|(i, _)| *i let:item>
                        <OverrideRow index=item.0 draft=item.1 drafts year />
                    </For>
                    <button type="button" on:click=move |_| drafts.update(|d| d.push(RwSignal::new(Draft::new())))>
                        "Ajouter un ajustement"
                    </button>
                </fieldset>
                <SendButton mutation=proposing submit=true class="primary" label="Établir la proposition" />
                <div aria-live="polite">{proposing.outcome()}</div>
            </form>
        </Show>
        <section class="panel">
            <h2>"Propositions de l’année"</h2>
            {loaded(runs, |data: Runs| {
                if data.runs.is_empty() {
                    return view! { <Empty message="Aucune proposition pour cette année." /> }.into_any();
                }
                view! {
                    <div class="table-wrap"><table class="data">
                        <thead><tr>
                            <th scope="col">"N°"</th><th scope="col">"Établie le"</th><th scope="col">"État"</th>
                            <th scope="col">"Places proposées"</th><th scope="col">"Premiers vœux"</th><th scope="col">"Ajustements"</th>
                        </tr></thead>
                        <tbody>
                            {data.runs.into_iter().map(|run| view! {
                                <tr>
                                    <td><Link href=format!("/ecole/proposition/{}", run.id)>{format!("Proposition n° {}", run.id)}</Link></td>
                                    <td>{date_short(run.created_at.date_naive())}</td>
                                    <td>{status_fr(&run.status)}</td>
                                    <td>{format!("{} / {}", run.stats.placed, run.stats.places)}</td>
                                    <td>{percent(run.stats.first_wish_share)}</td>
                                    <td>{run.overrides.len()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn CommitmentLine(commitment: Option<Commitment>) -> impl IntoView {
    match commitment {
        None => {
            view! { <p class="muted">"Aucune action nationale publiée pour cette année : pas de tirage engagé."</p> }
                .into_any()
        }
        Some(c) => view! {
            <p class="muted">
                {format!("Tirage engagé le {} — empreinte SHA-256 ", date_short(c.committed_at.date_naive()))}
                <code>{c.sha256}</code>
                {match c.seed {
                    Some(seed) => view! { " ; graine révélée : " <code>{seed}</code> }.into_any(),
                    None => view! { " ; graine tenue secrète jusqu’à la clôture des vœux." }.into_any(),
                }}
            </p>
        }
        .into_any(),
    }
}

#[component]
fn OverrideRow(
    index: usize,
    draft: RwSignal<Draft>,
    drafts: RwSignal<Vec<RwSignal<Draft>>>,
    year: RwSignal<i32>,
) -> impl IntoView {
    let (session, magistrate) = draft.with_untracked(|d| (d.session, d.magistrate));
    let id = move |part: &str| format!("override-{index}-{part}");
    let set = move |apply: fn(&mut Draft, String)| {
        move |ev: leptos::ev::Event| draft.update(|d| apply(d, event_target_value(&ev)))
    };
    let is_capacity = move || draft.get().kind == "CAPACITY";
    view! {
        <div class="override-row" role="group" aria-label=format!("Ajustement n° {}", index + 1)>
            <div class="field">
                <label for=id("kind")>"Nature"</label>
                <select id=id("kind") on:change=set(|d, v| d.kind = v)>
                    {["FORCE", "EXCLUDE", "CAPACITY"].into_iter().map(|k| view! {
                        <option value=k selected=move || draft.get().kind == k>{kind_fr(k)}</option>
                    }).collect_view()}
                </select>
            </div>
            <ActionPicker year input_id=id("session") chosen=session />
            <Show when=move || !is_capacity() fallback=move || view! {
                <div class="field">
                    <label for=id("capacity")>"Nouvelle capacité"</label>
                    <input id=id("capacity") type="number" min="0" prop:value=move || draft.get().capacity on:input=set(|d, v| d.capacity = v) />
                </div>
            }>
                <MagistratePicker session=session.into() select_id=id("magistrate") chosen=magistrate />
            </Show>
            <div class="field grow">
                <label for=id("reason")>"Motif"</label>
                <input id=id("reason") type="text" maxlength="500" prop:value=move || draft.get().reason on:input=set(|d, v| d.reason = v) />
            </div>
            <button type="button" aria-label=format!("Retirer l’ajustement n° {}", index + 1)
                on:click=move |_| drafts.update(|d| { if index < d.len() { d.remove(index); } })>"Retirer"</button>
        </div>
    }
}

#[component]
pub fn RunPage(id: String) -> impl IntoView {
    let auth = use_auth();
    let offset = RwSignal::new(0i64);
    let run_id = id.clone();
    let data = api::resource::<RunData, _>(
        "query($id: ID!, $offset: Int!)",
        move || json!({ "id": run_id.clone(), "offset": offset.get() }),
    );
    let applying = Mutation::new();
    let confirmed = RwSignal::new(false);
    let progress: RwSignal<Option<Adoption>> = RwSignal::new(None);
    let apply_id = id.clone();
    let apply = Callback::new(move |()| {
        if !confirmed.get_untracked() {
            applying.refuse(ApiError::invalid("Cochez d’abord la confirmation."));
            return;
        }
        applying.send(
            APPLY,
            json!({ "r": apply_id.clone() }),
            "Proposition adoptée : les décisions sont prises et notifiées.",
        );
        follow_adoption(apply_id.clone(), applying, progress);
    });
    let may_run = move || auth.me.get().is_some_and(|me| me.can.run_allocation);
    view! {
        <p><Link href="/ecole/proposition">"← Sélection nationale"</Link></p>
        {loaded(data, move |data: RunData| {
            let run = data.run;
            let proposed = run.status == "PROPOSED";
            let stats = run.stats;
            view! {
                <h1>{format!("Proposition n° {} — {}", run.id, run.year)}</h1>
                <p class="lead">{format!("{} le {}", status_fr(&run.status), date_short(run.created_at.date_naive()))}
                    {run.applied_at.map(|at| format!(" ; adoptée le {}", date_short(at.date_naive())))}</p>
                <RunFigures stats />
                <p>{format!("Décisions modifiées à la main depuis : {}", run.manual_changes)}</p>
                <section class="panel">
                    <h2>"Paramètres et empreintes"</h2>
                    <p>{format!("Critères : {}. Actions par magistrat au plus : {}.",
                        run.criteria_order.iter().enumerate().map(|(i, c)| format!("{}. {}", i + 1, criterion_fr(c))).collect::<Vec<_>>().join(" ; "),
                        run.cap_per_person)}</p>
                    {(!run.overrides.is_empty()).then(|| view! {
                        <ul>{run.overrides.into_iter().map(|o| view! {
                            <li>{format!("{} — action n° {}{}{} : {}", kind_fr(&o.kind), o.session_id,
                                o.magistrate_id.map(|m| format!(", magistrat n° {m}")).unwrap_or_default(),
                                o.capacity.map(|c| format!(", {c} places")).unwrap_or_default(), o.reason)}</li>
                        }).collect_view()}</ul>
                    })}
                    <dl class="hashes">
                        <dt>"Graine (SHA-256)"</dt><dd><code>{run.seed_sha256}</code></dd>
                        <dt>"Graine"</dt><dd>{run.seed.map(|s| view! { <code>{s}</code> }.into_any()).unwrap_or_else(|| view! { "secrète jusqu’à la clôture des vœux" }.into_any())}</dd>
                        <dt>"Données d’entrée (SHA-256)"</dt><dd><code>{run.input_sha256}</code></dd>
                        <dt>"Résultat (SHA-256)"</dt><dd><code>{run.output_sha256}</code></dd>
                    </dl>
                </section>
                <section class="panel">
                    <h2>"Par action"</h2>
                    <div class="table-wrap"><table class="data">
                        <thead><tr>
                            <th scope="col">"Action"</th><th scope="col">"Capacité"</th><th scope="col">"Places"</th>
                            <th scope="col">"Candidats"</th><th scope="col">"Retenus"</th><th scope="col">"Critère à la marge"</th>
                        </tr></thead>
                        <tbody>
                            {run.actions.clone().into_iter().map(|a| view! {
                                <tr>
                                    <td><Link href=format!("/ecole/selection/{}", a.session_id)>{a.session.as_ref().map(|s| s.title.clone()).unwrap_or_else(|| format!("Action n° {}", a.session_id))}</Link></td>
                                    <td>{a.capacity}</td><td>{a.places}</td><td>{a.applicants}</td><td>{a.placed}</td>
                                    <td>{a.cutoff_criterion.as_deref().map(criterion_fr).unwrap_or("—")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    <div class="pager">
                        <button type="button" disabled=move || offset.get() == 0 on:click=move |_| offset.update(|o| *o = (*o - 200).max(0))>"Précédentes"</button>
                        <button type="button" disabled=run.actions.len() < 200 on:click=move |_| offset.update(|o| *o += 200)>"Suivantes"</button>
                    </div>
                </section>
                <WhyLookup run=run.id.clone() />
                {(proposed && may_run()).then(|| view! {
                    <section class="panel">
                        <h2>"Adopter cette proposition"</h2>
                        <p>"Chaque place proposée devient une sélection et chaque liste d’attente est inscrite dans l’ordre ; chaque magistrat est notifié, avec la mention que la décision repose sur un traitement algorithmique adopté par le directeur (CRPA, art. R. 311-3-1-1)."</p>
                        <div class="field checkbox">
                            <input id="confirm-apply" type="checkbox" on:change=move |ev| confirmed.set(event_target_checked(&ev)) />
                            <label for="confirm-apply">"J’ai examiné cette proposition et je l’adopte."</label>
                        </div>
                        <SendButton mutation=applying class="primary" label="Adopter la proposition" on_press=apply />
                        <Show when=move || applying.pending()>
                            <AdoptionBar progress />
                        </Show>
                    </section>
                })}
            }
        })}
        // Outside the run's view, which is drawn again once adopted (without the adoption panel).
        <div aria-live="polite">{applying.outcome()}</div>
    }
}

/// Reads how far the adoption of `run` has gone, twice a second, while `applying` runs.
fn follow_adoption(run: String, applying: Mutation, progress: RwSignal<Option<Adoption>>) {
    progress.set(None);
    leptos::task::spawn_local(async move {
        loop {
            sleep(500).await;
            if !untrack(|| applying.pending()) {
                break;
            }
            if let Ok(answer) = api::query::<AdoptionData>("query($id: ID!)", json!({ "id": run.clone() })).await {
                progress.set(answer.run.adoption);
            }
        }
    });
}

/// Waits `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The adoption's progress bar: the actions decided out of all, once the server has said.
#[component]
fn AdoptionBar(progress: RwSignal<Option<Adoption>>) -> impl IntoView {
    move || {
        match progress.get() {
        Some(p) if p.total > 0 => view! {
            <p role="status">
                <progress aria-label="Adoption en cours" max=p.total value=p.done></progress>
                {format!(" Adoption en cours : {} actions décidées sur {} ({}) ; chaque décision est enregistrée et notifiée.",
                    p.done, p.total, percent(p.done as f64 / p.total as f64))}
            </p>
        }
        .into_any(),
        _ => view! {
            <p role="status"><progress aria-label="Adoption en cours"></progress>
                " Adoption en cours : la campagne est relue pour vérifier que la proposition est à jour…"</p>
        }
        .into_any(),
    }
    }
}

/// A run's figures: shares as meters, each court of appeal's share with its 95 % interval.
#[component]
fn RunFigures(stats: Figures) -> impl IntoView {
    let rounds = stats
        .per_round
        .iter()
        .enumerate()
        .map(|(i, n)| if i == 0 { format!("imposées : {n}") } else { format!("tour {i} : {n}") })
        .collect::<Vec<_>>()
        .join(" ; ");
    let magistrates = stats.magistrates as f64;
    let mut courts = stats.per_court;
    courts.sort_by(|a, b| a.share.total_cmp(&b.share));
    view! {
        <section class="panel">
            <h2>"En chiffres"</h2>
            <Meter label="Magistrats ayant une place" used=stats.placed_magistrates as f64 total=magistrates
                text=format!("{} sur {} ({}) ; sans place : {}", stats.placed_magistrates, stats.magistrates,
                    percent(if magistrates > 0.0 { stats.placed_magistrates as f64 / magistrates } else { 0.0 }), stats.unplaced) />
            <Meter label="Premier vœu obtenu" used=stats.first_wish_placed as f64 total=magistrates
                text=format!("{} magistrats ({})", stats.first_wish_placed, percent(stats.first_wish_share)) />
            <Meter label="Besoins statutaires satisfaits" used=stats.needs_met as f64 total=stats.in_need as f64
                text=format!("{} sur {} magistrats ayant un vœu qui répond à un besoin statutaire", stats.needs_met, stats.in_need) />
            <Meter label="Places proposées" used=stats.placed as f64 total=stats.places as f64
                text=format!("{} sur {}", stats.placed, stats.places) />
            <ul>
                <li>{format!("Rang moyen des vœux obtenus : {}", format!("{:.2}", stats.mean_rank).replace('.', ","))}</li>
                <li>{format!("Actions départagées au tirage au sort : {} ({} places)", stats.draw_actions, stats.draw_places)}</li>
                <li>{format!("Vœux : {} ; actions demandées : {} ; places par tour : {rounds}", stats.wishes, stats.actions)}</li>
                <li>{format!("Calcul : {} ms (lecture de la campagne : {} ms ; algorithme : {} ms ; enregistrement : {} ms)",
                    stats.total_ms, stats.load_ms, stats.algorithm_ms, stats.store_ms)}</li>
            </ul>
            <figure class="chart">
                <figcaption>"Part des magistrats ayant une place, par cour d’appel (intervalle de confiance à 95 %)"</figcaption>
                <ul class="hbars wide">
                    {courts.into_iter().map(|c| {
                        let name = c.court.map(|c| c.name).unwrap_or_else(|| "Hors cour d’appel".to_owned());
                        let width = format!("{}%", (c.share * 100.0) as i64);
                        let left = format!("{}%", (c.low * 100.0) as i64);
                        let span = format!("{}%", ((c.high - c.low) * 100.0).max(1.0) as i64);
                        view! {
                            <li>
                                <span class="hbar-label">{name}</span>
                                <span class="hbar-track interval">
                                    <span class="hbar" style:width=width></span>
                                    <span class="hbar-interval" style:left=left style:width=span aria-hidden="true"></span>
                                </span>
                                <span class="hbar-value">{format!("{} ({}–{}) ; {} / {}", percent(c.share), percent(c.low), percent(c.high), c.placed, c.magistrates)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </figure>
        </section>
    }
}

/// Any magistrate's explanation, by their number, for the School.
#[component]
fn WhyLookup(run: String) -> impl IntoView {
    let magistrate = RwSignal::new(String::new());
    let shown: RwSignal<Option<Result<Explanation, ApiError>>> = RwSignal::new(None);
    let lookup = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let variables = json!({ "run": run.clone(), "magistrate": magistrate.get_untracked().trim() });
        leptos::task::spawn_local(async move {
            let answer = api::query::<ExplanationData>("query($run: ID!, $magistrate: ID!)", variables).await;
            shown.set(Some(answer.map(|a| a.explanation)));
        });
    };
    view! {
        <section class="panel">
            <h2>"Explication pour un magistrat"</h2>
            <form class="inline" on:submit=lookup>
                <div class="field">
                    <label for="why-magistrate">"N° du magistrat"</label>
                    <input id="why-magistrate" type="text" inputmode="numeric" bind:value=magistrate />
                </div>
                <button type="submit">"Lire l’explication"</button>
            </form>
            <div aria-live="polite">
                {move || shown.get().map(|answer| match answer {
                    Ok(e) => view! { <ExplanationText explanation=e /> }.into_any(),
                    Err(error) => view! { <crate::components::state::ErrorNotice error /> }.into_any(),
                })}
            </div>
        </section>
    }
}

#[component]
pub fn ExplanationText(explanation: Explanation) -> impl IntoView {
    view! {
        <div class="explanation">
            {explanation.paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            {explanation.draw_number.map(|n| view! { <p class="muted">{format!("Numéro de tirage : {n}")}</p> })}
        </div>
    }
}
