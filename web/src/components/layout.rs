//! The frame of every screen once logged in: a skip link, the header with the person's menu and the
//! notification badge, and the main region that receives focus when the screen changes.

use crate::api::{self, model::Me};
use crate::router::{use_navigator, Link, Route};
use crate::session::{log_out, use_auth};
use leptos::prelude::*;
use shared::Role;

/// One entry of the menu.
struct MenuItem {
    href: &'static str,
    label: &'static str,
}

/// The menu a person sees, from what the server says they may do (`me.viewerCan`).
fn menu(me: &Me) -> Vec<MenuItem> {
    let can = &me.can;
    let mut items = Vec::new();
    let mut add = |href, label| {
        if !items.iter().any(|i: &MenuItem| i.href == href || i.label == label) {
            items.push(MenuItem { href, label });
        }
    };
    if can.administer_people {
        add("/administration", "Administration");
    }
    if can.manage_national_programme {
        add("/ecole/programme", "Programme national");
        // The trainers' directory (art. 132) is the console's; the client's menu leaves it there.
        #[cfg(feature = "console")]
        add("/ecole/formateurs", "Formateurs");
    }
    if can.read_allocation_runs {
        add("/ecole/proposition", "Sélection nationale");
    }
    if can.read_national_dashboard {
        add("/ecole/tableau-de-bord", "Tableau de bord");
    }
    if can.decide_validations || can.list_every_validation {
        // The School decides from the console, whose build alone carries the decision form.
        add("/ecole/validations", "Validations");
    }
    if can.transmit_sheets {
        add("/ecole/transmission", "Transmission des fiches");
    }
    if can.watch_outbox || can.run_sweep {
        add("/ecole/suivi", "Suivi");
    }
    if can.read_transmitted_sheets {
        add("/ministere/fiches", "Fiches transmises");
    }
    if can.review {
        add("/avis", "Avis à donner");
    }
    if !can.compliance_courts.is_empty() && !can.manage_national_programme {
        add("/conformite", "Conformité");
    }
    if !can.plan_courts.is_empty() {
        // The School evaluates the courts' plans from its console (art. 139).
        add(if can.manage_national_programme { "/ecole/plans" } else { "/plan" }, "Plan déconcentré");
    }
    if !can.organised_courts.is_empty() {
        add("/cour/sessions", "Sessions de la cour");
    }
    if !can.budget_courts.is_empty() {
        add("/budget", "Budget");
    }
    if !can.expense_courts.is_empty() {
        add("/budget/depense", "Saisir une dépense");
    }
    if can.enrol {
        add("/programme", "Programme");
        add("/mes-voeux", "Mes vœux");
        add("/ma-fiche", "Ma fiche-formation");
        add("/validations", "Validations");
        add("/besoins", "Besoins de formation");
    }
    items
}

/// The path a person lands on after logging in.
pub fn home_of(me: &Me) -> &'static str {
    menu(me).first().map(|item| item.href).unwrap_or("/programme")
}

crate::decoded! {
    struct Unread {
        notifications: Vec<UnreadItem> = "notifications" ("(unreadOnly: true)"),
    }
}

crate::decoded! {
    #[allow(dead_code)]
    struct UnreadItem {
        id: String = "id",
    }
}

#[component]
fn NotificationBadge() -> impl IntoView {
    let auth = use_auth();
    let unread = api::resource::<Unread, _>("query", move || {
        auth.refresh.track();
        serde_json::Value::Null
    });
    // New notifications arrive live (`notificationAdded`): the count is read again and the title
    // announced to screen readers. After a dropped connection, the count is read again too.
    let announced = RwSignal::new(String::new());
    let subscription = StoredValue::new_local(api::live::subscribe(
        "subscription { notificationAdded { id title } }",
        serde_json::Value::Null,
        move |payload| {
            let title = payload.pointer("/notificationAdded/title").and_then(serde_json::Value::as_str);
            announced.set(format!("Nouvelle notification : {}", title.unwrap_or_default()));
            auth.touch();
        },
        move |link| {
            if link == api::live::Link::Reopened {
                auth.touch();
            }
        },
    ));
    on_cleanup(move || subscription.set_value(None));
    let count = move || unread.get().and_then(Result::ok).map(|u| u.notifications.len()).unwrap_or(0);
    let label = move || match count() {
        0 => "Notifications, aucune non lue".to_owned(),
        1 => "Notifications, 1 non lue".to_owned(),
        n => format!("Notifications, {n} non lues"),
    };
    view! {
        <Link href="/notifications" class="badge-link">
            <span class="visually-hidden">{label}</span>
            <span aria-hidden="true">"Notifications"</span>
            <Show when=move || { count() > 0 }>
                <span class="badge" aria-hidden="true" data-testid="badge">{count}</span>
            </Show>
        </Link>
        <span class="visually-hidden" role="status" data-testid="announce">{move || announced.get()}</span>
    }
}

/// The name of the application, linking to `home`.
#[component]
fn Brand(home: &'static str, subtitle: &'static str) -> impl IntoView {
    view! {
        <div class="brand">
            <Link href=home>
                <span class="brand-name">"Magistra"</span>
            </Link>
            <span class="brand-sub">{subtitle}</span>
        </div>
    }
}

/// The footer of every frame.
#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="foot">
            "École nationale de la magistrature — formation continue (règlement intérieur, titre VII)"
        </footer>
    }
}

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let auth = use_auth();
    let navigator = use_navigator();
    let current = move || navigator.route();
    let items = move || auth.user().map(|me| menu(&me)).unwrap_or_default();
    let name = move || auth.user().map(|me| me.display_name).unwrap_or_default();
    let role = move || {
        auth.user()
            .and_then(|me| me.roles.iter().find(|g| g.role != Role::Magistrate).or(me.roles.first()).cloned())
            .map(|grant| match grant.court {
                Some(court) => format!("{} — {}", grant.role.label_fr(), court.name),
                None => grant.role.label_fr().to_owned(),
            })
            .unwrap_or_default()
    };
    view! {
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="top">
            <Brand home="/" subtitle="Formation continue des magistrats" />
            <div class="who">
                <NotificationBadge />
                <Link href="/mon-compte" class="person">
                    <strong>{name}</strong>
                    <small>{role}</small>
                </Link>
                <button type="button" class="link-button" on:click=move |_| log_out()>"Se déconnecter"</button>
            </div>
        </header>
        <nav class="menu" aria-label="Menu principal">
            <ul>
                {move || {
                    let here = current();
                    items()
                        .into_iter()
                        .map(|item| {
                            let active = Route::parse(item.href) == here;
                            view! {
                                <li class:active=active>
                                    <Link href=item.href>{item.label}</Link>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </nav>
        <main id="contenu" tabindex="-1">{children()}</main>
        <Footer />
    }
}

/// The frame of the public pages (the programme, art. 129) for someone not logged in: the brand,
/// a way to log in that comes back to the same page, and the main region.
#[component]
pub fn PublicShell(children: Children) -> impl IntoView {
    let navigator = use_navigator();
    let login_href = move || {
        let here = navigator.route();
        let back =
            if here.params.is_empty() { here.screen.to_owned() } else { here.screen.replace(":id", &here.params[0]) };
        format!("/connexion?suite={}", js_sys::encode_uri_component(&back).as_string().unwrap_or_default())
    };
    view! {
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="top">
            <Brand home="/programme" subtitle="Formation continue des magistrats — programme de l’École" />
            <div class="who">
                <a class="button-link" href=login_href>"Se connecter"</a>
            </div>
        </header>
        <main id="contenu" tabindex="-1">{children()}</main>
        <Footer />
    }
}
