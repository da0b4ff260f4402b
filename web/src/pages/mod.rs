//! One module per screen; [`page`] picks the screen for a route and [`title`] names it.

pub mod budget;
pub mod compliance;
pub mod dashboard;
pub mod desk;
pub mod evaluation;
pub mod expense;
pub mod login;
pub mod needs;
pub mod new_session;
pub mod notifications;
pub mod plan;
pub mod programme;
pub mod review;
pub mod session;
pub mod sessions_admin;
pub mod sheet;
pub mod transmission;
pub mod validations;
pub mod wishes;

use crate::router::{Link, Route};
use leptos::prelude::*;

/// The browser tab's title for each screen.
pub fn title(route: &Route) -> &'static str {
    match route {
        Route::Login => "Connexion",
        Route::Home => "Accueil",
        Route::Programme => "Programme",
        Route::Session(_) => "Action de formation",
        Route::Wishes => "Mes vœux",
        Route::Notifications => "Notifications",
        Route::Sheet => "Ma fiche-formation",
        Route::Evaluation(_) => "Fiche d’évaluation",
        Route::Validations => "Demandes de validation",
        Route::Needs => "Besoins de formation",
        Route::Review => "Avis à donner",
        Route::Compliance => "Conformité aux obligations",
        Route::Plan => "Plan de formation déconcentrée",
        Route::Budget => "Budget de la cour",
        Route::Expense => "Saisir une dépense",
        Route::CourtSessions => "Sessions de la cour",
        Route::CourtSession(_) => "Session déconcentrée",
        Route::ManageProgramme => "Programme national",
        Route::NewSession => "Nouvelle action",
        Route::Selection(_) => "Sélection des participants",
        Route::Dashboard => "Tableau de bord national",
        Route::Transmission => "Transmission des fiches",
        Route::NotFound => "Page introuvable",
    }
}

/// The screen for `route`.
pub fn page(route: Route) -> AnyView {
    match route {
        Route::Programme | Route::Home => view! { <programme::ProgrammePage /> }.into_any(),
        Route::Session(id) => view! { <session::SessionPage id /> }.into_any(),
        Route::Wishes => view! { <wishes::WishesPage /> }.into_any(),
        Route::Notifications => view! { <notifications::NotificationsPage /> }.into_any(),
        Route::Sheet => view! { <sheet::SheetPage /> }.into_any(),
        Route::Evaluation(id) => view! { <evaluation::EvaluationPage id /> }.into_any(),
        Route::Validations => view! { <validations::ValidationsPage /> }.into_any(),
        Route::Needs => view! { <needs::NeedsPage /> }.into_any(),
        Route::Review => view! { <review::ReviewPage /> }.into_any(),
        Route::Compliance => view! { <compliance::CompliancePage /> }.into_any(),
        Route::Plan => view! { <plan::PlanPage /> }.into_any(),
        Route::Budget => view! { <budget::BudgetPage /> }.into_any(),
        Route::Expense => view! { <expense::ExpensePage /> }.into_any(),
        Route::CourtSessions => view! { <sessions_admin::CourtSessionsPage /> }.into_any(),
        Route::CourtSession(id) => {
            view! { <desk::Desk id back="/cour/sessions" back_label="Sessions de la cour" /> }.into_any()
        }
        Route::ManageProgramme => view! { <sessions_admin::ManageProgrammePage /> }.into_any(),
        Route::NewSession => view! { <new_session::NewSessionPage /> }.into_any(),
        Route::Selection(id) => {
            view! { <desk::Desk id back="/ecole/programme" back_label="Programme national" /> }.into_any()
        }
        Route::Dashboard => view! { <dashboard::DashboardPage /> }.into_any(),
        Route::Transmission => view! { <transmission::TransmissionPage /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page introuvable"</h1>
        <p>"Cette adresse ne correspond à aucune page de Magistra."</p>
        <p><Link href="/">"Retour à l’accueil"</Link></p>
    }
}
