//! The court and year a court-level screen is about: a person with several courts (a regional
//! coordinator, the School) chooses one; everyone else sees theirs.

use crate::api::model::Court;
use crate::api::{self};
use crate::format::today;
use crate::session::use_auth;
use leptos::prelude::*;
use serde_json::Value;

crate::decoded! {
    struct Courts {
        courts: Vec<Court> = "courts",
    }
}

/// The selected court id (empty until known) and year.
#[derive(Clone, Copy)]
pub struct CourtYear {
    pub court: RwSignal<String>,
    pub year: RwSignal<i32>,
}

/// The plan year in hand on the School's date (`shared::rules::planning`).
pub fn planning_year() -> i32 {
    shared::rules::planning::planning_year(today())
}

/// A court and year chooser; `national` people choose among all 36 courts.
#[component]
pub fn CourtYearPicker(selection: CourtYear, #[prop(optional)] years_back: i32) -> impl IntoView {
    let auth = use_auth();
    let me = auth.user();
    let own = me.as_ref().map(|m| m.courts()).unwrap_or_default();
    let national = me.as_ref().map(|m| m.is_national()).unwrap_or(false);
    let courts = RwSignal::new(own.clone());
    if selection.court.get_untracked().is_empty() {
        if let Some(first) = own.first() {
            selection.court.set(first.id.clone());
        }
    }
    if national {
        let every_court = api::resource::<Courts, _>("query", || Value::Null);
        Effect::new(move |_| {
            if let Some(Ok(all)) = every_court.get() {
                if selection.court.get_untracked().is_empty() {
                    if let Some(first) = all.courts.first() {
                        selection.court.set(first.id.clone());
                    }
                }
                courts.set(all.courts);
            }
        });
    }
    let base = planning_year();
    view! {
        <div class="filters">
            <div class="field">
                <label for="court">"Cour d’appel"</label>
                <select id="court" on:change=move |ev| selection.court.set(event_target_value(&ev))>
                    {move || courts.get().into_iter().map(|c| {
                        let selected = c.id == selection.court.get_untracked();
                        view! { <option value=c.id.clone() selected=selected>{c.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="year">"Année"</label>
                <select id="year" on:change=move |ev| selection.year.set(event_target_value(&ev).parse().unwrap_or(base))>
                    {((base - 1 - years_back)..=(base + 1)).rev().map(|y| view! {
                        <option value=y.to_string() selected=move || selection.year.get() == y>{y.to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
    }
}

impl CourtYear {
    pub fn new() -> Self {
        Self { court: RwSignal::new(String::new()), year: RwSignal::new(planning_year()) }
    }
}
