//! The console (issue 16), built into the client with the `console` feature: the School's screens
//! (under `/ecole/`), the administrator's (under `/administration/`: people and their roles, the
//! directory import, the reference data) and the management screens others reach from the client
//! (under `/gestion/`: an action's programme and costs, a court's reports). The server decides every right
//! (`policy::can_administer_people` for the administrator's); these screens only ask.

mod costs;
mod directory;
mod national_budget;
mod override_pickers;
mod people;
mod person;
mod programme;
mod reference;
mod reports;
mod selection;
mod trainers;

use crate::router::{use_navigator, Link, Screen};
use leptos::prelude::*;

/// The console's screens, after the client's own in [`super::screens`]: the School's, then the
/// administrator's.
pub static SCREENS: &[Screen] = &[
    Screen {
        path: "/ecole/programme",
        title: "Programme national",
        public: false,
        draw: |_| view! { <super::sessions_admin::ManageProgrammePage /> }.into_any(),
    },
    Screen {
        path: "/ecole/programme/nouvelle",
        title: "Nouvelle action",
        public: false,
        draw: |_| view! { <super::new_session::NewSessionPage /> }.into_any(),
    },
    Screen {
        path: "/ecole/selection/:id",
        title: "Sélection des participants",
        public: false,
        draw: |p| {
            view! { <super::desk::Desk id=super::param(p, 0) back="/ecole/programme" back_label="Programme national" /> }.into_any()
        },
    },
    Screen {
        path: "/ecole/proposition",
        title: "Sélection nationale",
        public: false,
        draw: |_| view! { <selection::SelectionPage /> }.into_any(),
    },
    Screen {
        path: "/ecole/proposition/:id",
        title: "Proposition de sélection nationale",
        public: false,
        draw: |p| view! { <selection::RunPage id=super::param(p, 0) /> }.into_any(),
    },
    Screen {
        path: "/ecole/formateurs",
        title: "Annuaire des formateurs",
        public: false,
        draw: |_| view! { <trainers::TrainersPage /> }.into_any(),
    },
    Screen {
        path: "/ecole/programmes/:id",
        title: "Programme d’une action",
        public: false,
        draw: |p| view! { <programme::ProgrammePage id=super::param(p, 0) /> }.into_any(),
    },
    Screen {
        path: "/ecole/budget-national",
        title: "Budget national des actions de l’École",
        public: false,
        draw: |_| view! { <national_budget::NationalBudgetPage /> }.into_any(),
    },
    Screen {
        path: "/gestion/programmes/:id",
        title: "Programme d’une action",
        public: false,
        draw: |p| view! { <programme::ProgrammePage id=super::param(p, 0) /> }.into_any(),
    },
    Screen {
        path: "/gestion/rapports",
        title: "Rapports de la cour",
        public: false,
        draw: |_| view! { <reports::ReportsPage /> }.into_any(),
    },
    Screen {
        path: "/gestion/couts/:id",
        title: "Coûts de l’action",
        public: false,
        draw: |p| view! { <costs::CostsPage id=super::param(p, 0) /> }.into_any(),
    },
    Screen {
        path: "/ecole/validations",
        title: "Demandes de validation",
        public: false,
        draw: |_| view! { <super::validations::ValidationsPage /> }.into_any(),
    },
    Screen {
        path: "/ecole/plans",
        title: "Plans déconcentrés des cours",
        public: false,
        draw: |_| view! { <super::plan::PlanPage /> }.into_any(),
    },
    Screen {
        path: "/ecole/tableau-de-bord",
        title: "Tableau de bord national",
        public: false,
        draw: |_| view! { <super::dashboard::DashboardPage /> }.into_any(),
    },
    Screen {
        path: "/ecole/transmission",
        title: "Transmission des fiches",
        public: false,
        draw: |_| view! { <super::transmission::TransmissionPage /> }.into_any(),
    },
    Screen {
        path: "/ecole/suivi",
        title: "Suivi de l’échéancier et des courriels",
        public: false,
        draw: |_| view! { <super::outbox::OutboxPage /> }.into_any(),
    },
    Screen {
        path: "/administration",
        title: "Administration — personnes",
        public: false,
        draw: |_| view! { <people::PeoplePage /> }.into_any(),
    },
    Screen {
        path: "/administration/personnes/:id",
        title: "Administration — fiche de la personne",
        public: false,
        draw: |p| view! { <person::PersonPage id=super::param(p, 0) /> }.into_any(),
    },
    Screen {
        path: "/administration/annuaire",
        title: "Administration — import de l’annuaire",
        public: false,
        draw: |_| view! { <directory::DirectoryPage /> }.into_any(),
    },
    Screen {
        path: "/administration/referentiel",
        title: "Administration — données de référence",
        public: false,
        draw: |_| view! { <reference::ReferencePage /> }.into_any(),
    },
];

/// The console's heading and its three parts, the current one marked.
#[component]
fn ConsoleHeader(#[prop(into)] title: String) -> impl IntoView {
    let navigator = use_navigator();
    let here = move || navigator.route().screen;
    let parts = [
        ("/administration", "Personnes et rôles"),
        ("/administration/annuaire", "Import de l’annuaire"),
        ("/administration/referentiel", "Données de référence"),
    ];
    view! {
        <p class="muted">"Administration"</p>
        <h1>{title}</h1>
        <nav class="tabs" aria-label="Administration">
            <ul>
                {parts
                    .into_iter()
                    .map(|(href, label)| {
                        let current = move || {
                            let screen = here();
                            (screen == href || (href == "/administration" && screen.starts_with("/administration/personnes")))
                                .then_some("page")
                        };
                        view! { <li><Link href=href attr:aria-current=current>{label}</Link></li> }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// « de Lyon », « d’Agen »: a court of appeal's name after « Cour d’appel ».
fn of_court(name: &str) -> String {
    let elided = name.chars().next().is_some_and(|c| "AEIOUÉÈaeiouéè".contains(c));
    if elided {
        format!("d’{name}")
    } else {
        format!("de {name}")
    }
}
