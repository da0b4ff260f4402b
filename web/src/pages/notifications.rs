//! The person's notifications, newest first. Opening the page marks them read, which clears the badge.

use crate::api::model::Notification;
use crate::api::{self};
use crate::components::mutation::Task;
use crate::components::state::{loaded, Empty};
use crate::format::moment;
use crate::router::Link;
use crate::session::use_auth;
use leptos::prelude::*;
use serde_json::{json, Value};

const NOTIFICATIONS: &str = "query";
const MARK_READ: &str = "mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }";

crate::decoded! {
    struct Data {
        notifications: Vec<Notification> = "notifications",
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let auth = use_auth();
    let data = api::resource::<Data, _>(NOTIFICATIONS, || Value::Null);
    let marking = Task::new();
    // Once shown, unread notifications are marked read; the page keeps showing which were new.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(Ok(loaded)) = data.get() else { return false };
        let unread: Vec<String> = loaded.notifications.iter().filter(|n| !n.read).map(|n| n.id.clone()).collect();
        if !unread.is_empty() {
            marking.run(async move {
                let marked = api::send(MARK_READ, json!({ "ids": unread })).await?;
                auth.touch();
                Ok(marked)
            });
        }
        true
    });
    view! {
        <h1>"Notifications"</h1>
        {loaded(data, |data: Data| {
            if data.notifications.is_empty() {
                return view! { <Empty message="Vous n’avez aucune notification." /> }.into_any();
            }
            view! {
                <ul class="notifications">
                    {data.notifications.into_iter().map(|n| view! {
                        <li class:unread=!n.read>
                            <p>
                                <strong>{n.title.clone()}</strong>
                                {(!n.read).then(|| view! { <span class="status wait">" Nouvelle"</span> })}
                            </p>
                            <p class="description">{n.body.clone()}</p>
                            <p class="meta">
                                <span>{moment(n.created_at)}</span>
                                {(n.page != "/notifications").then(|| view! { <Link href=n.page.clone()>"Ouvrir"</Link> })}
                            </p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}
