//! Lists of sessions for those who run them: the School's national programme (drafts included) and
//! a court's deconcentrated sessions for its delegate; each opens the session's desk.

use crate::api::model::{Connection, Session};
use crate::api::{self};
use crate::components::court_picker::{CourtYear, CourtYearPicker};
use crate::components::state::{loaded, Empty};
use crate::format::date_short;
use crate::router::Link;
use leptos::prelude::*;
use serde_json::{json, Value};
#[cfg(feature = "console")]
use {serde_json::Map, shared::SessionStatus};

const PAGE_SIZE: i64 = 25;
const SESSIONS: &str = "query($filter: SessionFilter, $first: Int, $after: String)";

crate::decoded! {
    struct Data {
        sessions: Connection<Session> = "sessions" ("(filter: $filter, first: $first, after: $after)"),
    }
}

/// A table of sessions with a link to each desk under `desk_base`, a page at a time.
#[component]
fn SessionTable(filter: Signal<Value>, #[prop(into)] desk_base: String, #[prop(into)] empty: String) -> impl IntoView {
    let cursors = RwSignal::new(Vec::<Option<String>>::new());
    let cursor = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        filter.track();
        cursors.set(Vec::new());
        cursor.set(None);
    });
    let data = api::resource::<Data, _>(
        SESSIONS,
        move || json!({ "filter": filter.get(), "first": PAGE_SIZE, "after": cursor.get() }),
    );
    view! {
        {loaded(data, move |data: Data| {
            if data.sessions.nodes.is_empty() {
                return view! { <Empty message=empty.clone() /> }.into_any();
            }
            let next = data.sessions.page_info.end_cursor.clone().filter(|_| data.sessions.page_info.has_next_page);
            let page = cursors.get_untracked().len() + 1;
            let pages = ((data.sessions.total_count + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
            let base = desk_base.clone();
            view! {
                <div class="table-wrap">
                    <table>
                        <caption class="visually-hidden">"Actions de formation"</caption>
                        <thead><tr><th scope="col">"Action"</th><th scope="col">"Dates"</th><th scope="col">"État"</th><th scope="col" class="num">"Places"</th><th scope="col" class="num">"Attente"</th></tr></thead>
                        <tbody>
                            {data.sessions.nodes.into_iter().map(|s| view! {
                                <tr>
                                    <td><Link href=format!("{base}/{}", s.id)>{s.title.clone()}</Link><br /><small class="muted">{format!("{} — {}", s.code, s.format.label_fr())}</small></td>
                                    <td>{format!("{} – {}", date_short(s.start_date), date_short(s.end_date))}</td>
                                    <td>{s.status.label_fr()}</td>
                                    <td class="num">{format!("{}/{}", s.seats_taken, s.capacity)}</td>
                                    <td class="num">{s.waitlist_length}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <nav class="pager" aria-label="Pages">
                    <button type="button" disabled=page == 1 on:click=move |_| { let mut s = cursors.get_untracked(); let p = s.pop().flatten(); cursors.set(s); cursor.set(p); }>"Page précédente"</button>
                    <span>{format!("Page {page} sur {pages}")}</span>
                    <button type="button" disabled=next.is_none() on:click=move |_| { let mut s = cursors.get_untracked(); s.push(cursor.get_untracked()); cursors.set(s); cursor.set(next.clone()); }>"Page suivante"</button>
                </nav>
            }.into_any()
        })}
    }
}

#[cfg(feature = "console")]
#[component]
pub fn ManageProgrammePage() -> impl IntoView {
    let search_input = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let filter = Signal::derive(move || {
        let mut f = Map::new();
        f.insert("scope".into(), json!("NATIONAL"));
        if !search.get().trim().is_empty() {
            f.insert("search".into(), json!(search.get().trim()));
        }
        if !status.get().is_empty() {
            f.insert("status".into(), json!(status.get()));
        }
        Value::Object(f)
    });
    view! {
        <h1>"Programme national"</h1>
        <p class="actions"><Link href="/ecole/programme/nouvelle" class="button-link">"Nouvelle action de formation"</Link></p>
        <form class="filters" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); search.set(search_input.get_untracked()); }>
            <div class="field grow">
                <label for="admin-search">"Recherche"</label>
                <input id="admin-search" type="search" bind:value=search_input />
            </div>
            <div class="field">
                <label for="admin-status">"État"</label>
                <select id="admin-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">"Tous"</option>
                    {SessionStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label_fr()}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="primary">"Rechercher"</button>
        </form>
        <SessionTable filter desk_base="/ecole/selection" empty="Aucune action ne correspond." />
    }
}

#[component]
pub fn CourtSessionsPage() -> impl IntoView {
    let selection = CourtYear::new();
    let filter = Signal::derive(
        move || json!({ "scope": "DECONCENTRATED", "courtId": selection.court.get(), "year": selection.year.get() }),
    );
    view! {
        <h1>"Sessions déconcentrées de la cour"</h1>
        <p class="lead">"Le délégué sélectionne les candidats, tient la feuille de présence et envoie la liste définitive à l’École (art. 140–141)."</p>
        <CourtYearPicker selection />
        <SessionTable filter desk_base="/cour/sessions" empty="Aucune session déconcentrée cette année : elles naissent du plan adopté." />
    }
}
