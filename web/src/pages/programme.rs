//! The annual programme: search and filters (format, theme, dates, national or my court's, open for
//! applications), a page of 20 at a time, each session linking to its page (art. 129).

use crate::api::model::{Connection, Session};
use crate::api::{self};
use crate::components::date_field::DateField;
use crate::components::state::{loaded, Empty};
use crate::format::{date_long, date_short, today};
use crate::router::Link;
use crate::session::use_auth;
use leptos::prelude::*;
use serde_json::{json, Map, Value};
use shared::SessionFormat;

const PAGE_SIZE: i64 = 20;

crate::decoded! {
    struct Data {
        sessions: Connection<Session> = "sessions" ("(filter: $filter, first: $first, after: $after)"),
    }
}

const SESSIONS: &str = "query($filter: SessionFilter, $first: Int, $after: String)";

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let auth = use_auth();
    let my_court = auth.user().and_then(|me| me.magistrate.and_then(|m| m.court));
    let my_court_id = my_court.as_ref().map(|c| c.id.clone());

    let search_input = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let format = RwSignal::new(String::new());
    // A magistrate's programme opens on what is offered to them: the national programme and their
    // own court's deconcentrated actions (a Lyon magistrate does not scroll past Agen's).
    let scope = RwSignal::new(if my_court_id.is_some() { "OFFER".to_owned() } else { String::new() });
    let from = RwSignal::new(today().to_string());
    let until = RwSignal::new(String::new());
    let open_only = RwSignal::new(false);
    // Cursors of the pages before the current one, for « page précédente ».
    let cursors = RwSignal::new(Vec::<Option<String>>::new());
    let cursor = RwSignal::new(None::<String>);

    let court_for_filter = my_court_id.clone();
    let results = api::resource::<Data, _>(SESSIONS, move || {
        let mut filter = Map::new();
        let text = search.get();
        if !text.trim().is_empty() {
            filter.insert("search".into(), json!(text.trim()));
        }
        if !format.get().is_empty() {
            filter.insert("format".into(), json!(format.get()));
        }
        match scope.get().as_str() {
            "NATIONAL" => {
                filter.insert("scope".into(), json!("NATIONAL"));
            }
            "COURT" => {
                filter.insert("scope".into(), json!("DECONCENTRATED"));
                if let Some(id) = &court_for_filter {
                    filter.insert("courtId".into(), json!(id));
                }
            }
            "OFFER" => {
                if let Some(id) = &court_for_filter {
                    filter.insert("offeredToCourt".into(), json!(id));
                }
            }
            _ => {}
        }
        // A date still being typed filters nothing (its field says what is wrong).
        if let Some(date) = shared::dates::parse_fr(&from.get()) {
            filter.insert("startsAfter".into(), json!(shared::dates::iso(date)));
        }
        if let Some(date) = shared::dates::parse_fr(&until.get()) {
            filter.insert("startsBefore".into(), json!(shared::dates::iso(date)));
        }
        if open_only.get() {
            filter.insert("openForApplications".into(), json!(true));
        }
        json!({ "filter": Value::Object(filter), "first": PAGE_SIZE, "after": cursor.get() })
    });
    let restart = move || {
        cursors.set(Vec::new());
        cursor.set(None);
    };
    let on_search = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        restart();
        search.set(search_input.get_untracked());
    };

    view! {
        <h1>"Programme de formation continue"</h1>
        <form class="filters" role="search" aria-label="Filtrer le programme" on:submit=on_search>
            <div class="field grow">
                <label for="search">"Recherche (titre, thème, code)"</label>
                <input id="search" type="search" bind:value=search_input placeholder="ex. mineurs, cybercriminalité" />
            </div>
            <div class="field">
                <label for="format">"Format"</label>
                <select id="format" on:change=move |ev| { restart(); format.set(event_target_value(&ev)); }>
                    <option value="">"Tous les formats"</option>
                    {SessionFormat::ALL
                        .iter()
                        .map(|f| view! { <option value=f.as_str()>{f.label_fr()}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="scope">"Offre"</label>
                <select id="scope" on:change=move |ev| { restart(); scope.set(event_target_value(&ev)); }>
                    {my_court.as_ref().map(|c| view! {
                        <option value="OFFER" selected=true>{format!("Nationale et ma cour d’appel ({})", c.name)}</option>
                    })}
                    <option value="">"Nationale et toutes les cours d’appel"</option>
                    <option value="NATIONAL">"Nationale (École)"</option>
                    {my_court.as_ref().map(|c| view! {
                        <option value="COURT">{format!("Ma cour d’appel ({})", c.name)}</option>
                    })}
                </select>
            </div>
            <DateField id="from" label="Débutant après le" value=from on_change=Callback::new(move |()| restart()) />
            <DateField id="until" label="Débutant avant le" value=until on_change=Callback::new(move |()| restart()) />
            <div class="field checkbox">
                <input id="open" type="checkbox" prop:checked=move || open_only.get()
                    on:change=move |ev| { restart(); open_only.set(event_target_checked(&ev)); } />
                <label for="open">"Inscriptions ouvertes uniquement"</label>
            </div>
            <button type="submit" class="primary">"Rechercher"</button>
        </form>
        <section aria-live="polite" aria-busy=move || results.get().is_none().to_string()>
            {loaded(results, move |data: Data| {
                let total = data.sessions.total_count;
                let next = data.sessions.page_info.end_cursor.clone().filter(|_| data.sessions.page_info.has_next_page);
                let page_number = cursors.get_untracked().len() + 1;
                let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
                if data.sessions.nodes.is_empty() {
                    return view! { <Empty message="Aucune action ne correspond à ces critères." /> }.into_any();
                }
                view! {
                    <p class="count">
                        {match total {
                            1 => "1 action de formation".to_owned(),
                            n => format!("{n} actions de formation"),
                        }}
                    </p>
                    <ul class="cards">
                        {data.sessions.nodes.into_iter().map(|session| view! { <SessionCard session /> }).collect_view()}
                    </ul>
                    <nav class="pager" aria-label="Pages du programme">
                        <button
                            type="button"
                            disabled=page_number == 1
                            on:click=move |_| {
                                let mut stack = cursors.get_untracked();
                                let previous = stack.pop().flatten();
                                cursors.set(stack);
                                cursor.set(previous);
                            }
                        >
                            "Page précédente"
                        </button>
                        <span>{format!("Page {page_number} sur {pages}")}</span>
                        <button
                            type="button"
                            disabled=next.is_none()
                            on:click=move |_| {
                                let mut stack = cursors.get_untracked();
                                stack.push(cursor.get_untracked());
                                cursors.set(stack);
                                cursor.set(next.clone());
                            }
                        >
                            "Page suivante"
                        </button>
                    </nav>
                }
                    .into_any()
            })}
        </section>
    }
}

#[component]
pub fn SessionCard(session: Session) -> impl IntoView {
    let href = format!("/sessions/{}", session.id);
    let seats = match session.seats_left {
        0 => "Complet".to_owned(),
        1 => "1 place restante".to_owned(),
        n => format!("{n} places restantes"),
    };
    let dates = if session.start_date == session.end_date {
        date_long(session.start_date)
    } else {
        format!("du {} au {}", date_short(session.start_date), date_short(session.end_date))
    };
    view! {
        <li class="card">
            <h2 class="card-title">
                <Link href=href>{session.title.clone()}</Link>
            </h2>
            <p class="meta">
                <span class="tag">{session.format.label_fr()}</span>
                <span class="tag">{session.scope.label_fr()}</span>
                <span>{session.code.clone()}</span>
            </p>
            <p>{dates}{session.location.clone().map(|l| format!(" — {l}")).unwrap_or_default()}</p>
            <p class="meta">
                <span>{seats}</span>
                {if session.open_for_applications {
                    view! { <span class="ok">{format!("Inscriptions jusqu’au {}", date_short(session.applications_close))}</span> }.into_any()
                } else {
                    view! { <span class="muted">"Inscriptions fermées"</span> }.into_any()
                }}
            </p>
        </li>
    }
}
