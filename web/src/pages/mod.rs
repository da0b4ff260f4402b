//! One module per screen, and [`SCREENS`], the one table of their addresses, titles and drawings;
//! built with the `console` feature, the client also draws the console's screens — the School's
//! and the administrator's ([`console::SCREENS`], at the addresses `shared::builds` gives it) —
//! and leaves out the magistrates', the heads' and the Ministry's own (wishes, sheet, evaluation,
//! needs, opinions, compliance, transmitted sheets): a link to one from the console loads the
//! client from the server (`router::load_elsewhere`), so the console's weight goes to its own.

pub mod account;
pub mod account_calendar;
pub mod budget;
#[cfg(not(feature = "console"))]
pub mod compliance;
#[cfg(feature = "console")]
pub mod console;
#[cfg(feature = "console")]
pub mod dashboard;
pub mod desk;
#[cfg(not(feature = "console"))]
pub mod evaluation;
pub mod expense;
pub mod follow_up;
pub mod login;
#[cfg(not(feature = "console"))]
pub mod needs;
pub mod new_session;
pub mod notifications;
#[cfg(feature = "console")]
pub mod outbox;
pub mod plan;
pub mod programme;
#[cfg(not(feature = "console"))]
pub mod review;
pub mod session;
pub mod sessions_admin;
#[cfg(not(feature = "console"))]
pub mod sheet;
#[cfg(feature = "console")]
pub mod transmission;
#[cfg(not(feature = "console"))]
pub mod transmitted;
pub mod validations;
#[cfg(not(feature = "console"))]
pub mod wishes;

use crate::router::{Link, Screen};
use leptos::prelude::*;

/// The parameter `n` of a route (the id in `/sessions/:id`).
pub(crate) fn param(params: &[String], n: usize) -> String {
    params.get(n).cloned().unwrap_or_default()
}

/// Every screen this build draws: the client's, then the console's when it is built in.
pub fn screens() -> impl Iterator<Item = &'static Screen> {
    #[cfg(feature = "console")]
    let console: &'static [Screen] = console::SCREENS;
    #[cfg(not(feature = "console"))]
    let console: &'static [Screen] = &[];
    SCREENS.iter().chain(console)
}

/// Every screen of the client, in one table: address, title, drawing.
pub static SCREENS: &[Screen] = &[
    Screen {
        path: "/connexion",
        title: "Connexion",
        public: false,
        draw: |_| view! { <login::LoginPage /> }.into_any(),
    },
    Screen { path: "/", title: "Accueil", public: false, draw: |_| view! { <programme::ProgrammePage /> }.into_any() },
    Screen {
        path: "/programme",
        title: "Programme",
        public: true,
        draw: |_| view! { <programme::ProgrammePage /> }.into_any(),
    },
    Screen {
        path: "/sessions/:id",
        title: "Action de formation",
        public: true,
        draw: |p| view! { <session::SessionPage id=param(p, 0) /> }.into_any(),
    },
    #[cfg(not(feature = "console"))]
    Screen {
        path: "/mes-voeux",
        title: "Mes vœux",
        public: false,
        draw: |_| view! { <wishes::WishesPage /> }.into_any(),
    },
    Screen {
        path: "/notifications",
        title: "Notifications",
        public: false,
        draw: |_| view! { <notifications::NotificationsPage /> }.into_any(),
    },
    Screen {
        path: "/mon-compte",
        title: "Mon compte",
        public: false,
        draw: |_| view! { <account::AccountPage /> }.into_any(),
    },
    #[cfg(not(feature = "console"))]
    Screen {
        path: "/ma-fiche",
        title: "Ma fiche-formation",
        public: false,
        draw: |_| view! { <sheet::SheetPage /> }.into_any(),
    },
    #[cfg(not(feature = "console"))]
    Screen {
        path: "/evaluation/:id",
        title: "Fiche d’évaluation",
        public: false,
        draw: |p| view! { <evaluation::EvaluationPage id=param(p, 0) /> }.into_any(),
    },
    Screen {
        path: "/validations",
        title: "Demandes de validation",
        public: false,
        draw: |_| view! { <validations::ValidationsPage /> }.into_any(),
    },
    #[cfg(not(feature = "console"))]
    Screen {
        path: "/besoins",
        title: "Besoins de formation",
        public: false,
        draw: |_| view! { <needs::NeedsPage /> }.into_any(),
    },
    #[cfg(not(feature = "console"))]
    Screen {
        path: "/avis",
        title: "Avis à donner",
        public: false,
        draw: |_| view! { <review::ReviewPage /> }.into_any(),
    },
    #[cfg(not(feature = "console"))]
    Screen {
        path: "/conformite",
        title: "Conformité aux obligations",
        public: false,
        draw: |_| view! { <compliance::CompliancePage /> }.into_any(),
    },
    Screen {
        path: "/plan",
        title: "Plan de formation déconcentrée",
        public: false,
        draw: |_| view! { <plan::PlanPage /> }.into_any(),
    },
    Screen {
        path: "/budget",
        title: "Budget de la cour",
        public: false,
        draw: |_| view! { <budget::BudgetPage /> }.into_any(),
    },
    Screen {
        path: "/budget/depense",
        title: "Saisir une dépense",
        public: false,
        draw: |_| view! { <expense::ExpensePage /> }.into_any(),
    },
    Screen {
        path: "/cour/sessions",
        title: "Sessions de la cour",
        public: false,
        draw: |_| view! { <sessions_admin::CourtSessionsPage /> }.into_any(),
    },
    Screen {
        path: "/cour/sessions/:id",
        title: "Session déconcentrée",
        public: false,
        draw: |p| {
            view! { <desk::Desk id=param(p, 0) back="/cour/sessions" back_label="Sessions de la cour" /> }.into_any()
        },
    },
    #[cfg(not(feature = "console"))]
    Screen {
        path: "/ministere/fiches",
        title: "Fiches transmises",
        public: false,
        draw: |_| view! { <transmitted::TransmittedPage /> }.into_any(),
    },
];

/// The page for an address no screen has.
pub fn not_found() -> AnyView {
    view! {
        <h1>"Page introuvable"</h1>
        <p>"Cette adresse ne correspond à aucune page de Magistra."</p>
        <p><Link href="/">"Retour à l’accueil"</Link></p>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use shared::builds::in_console;

    #[test]
    fn each_screen_is_drawn_by_the_build_its_address_is_served_with() {
        for screen in super::SCREENS {
            assert!(!in_console(screen.path), "{} is a screen of the client", screen.path);
        }
        #[cfg(feature = "console")]
        for screen in super::console::SCREENS {
            assert!(in_console(screen.path), "{} is a screen of the console", screen.path);
        }
    }
}
