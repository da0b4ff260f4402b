//! The e-mail outbox against a real SMTP server (issue 15): a temporary refusal is tried again
//! after growing delays, a permanent one is given up at once, the number of attempts is bounded,
//! no message is accepted twice, and the School sees what did not leave.

use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::json;
use server::clock::Clock;
use server::entities::notification;
use server::services::notifications::{self, Message};
use shared::rules::delivery::MAX_ATTEMPTS;
use shared::NotificationKind;
use tests::smtp::MailServer;
use tests::{Backend, SpawnOptions, TestApp};

const UNDELIVERED: &str = "{ undeliveredEmails { title recipientEmail attempts lastError nextAttemptAt givenUpAt } }";

async fn app_with(mail: &MailServer, backend: Backend) -> Option<TestApp> {
    TestApp::spawn_with(
        backend,
        SpawnOptions { magistrates: 30, smtp_url: Some(mail.url()), ..SpawnOptions::default() },
    )
    .await
}

/// A « selected » notice titled `title`.
fn selected(title: &str) -> Message {
    Message {
        kind: NotificationKind::Selected,
        title: title.to_owned(),
        body: "Vous êtes retenu.".to_owned(),
        session_id: None,
        application_id: None,
    }
}

/// Queues a message titled `title` for the demo magistrate and returns its row id.
async fn queue(app: &TestApp, title: &str) -> i64 {
    let user_id = app.user_id("magistrat@demo.magistra.fr").await;
    notifications::send(app.db(), user_id, &selected(title), app.clock.now()).await.unwrap();
    app.scalar_i64(&format!("SELECT id FROM notifications WHERE title = '{title}'")).await
}

async fn attempts(app: &TestApp, id: i64) -> i64 {
    app.scalar_i64(&format!("SELECT delivery_attempts FROM notifications WHERE id = {id}")).await
}

async fn wait_for_attempts(app: &TestApp, id: i64, n: i64) {
    for _ in 0..200 {
        if attempts(app, id).await >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("message {id} never reached {n} attempts (at {})", attempts(app, id).await);
}

async fn temporary_refusals_are_retried_later_and_the_message_is_accepted_once(backend: Backend) {
    let mail = MailServer::start(&["--refuse", "2"]).await;
    let Some(app) = app_with(&mail, backend).await else { return };
    let title = "Essai de remise 1";
    let id = queue(&app, title).await;

    assert_eq!(mail.wait_until(1, |m| m.about(title).len()).await, 1, "first attempt refused");
    wait_for_attempts(&app, id, 1).await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let listed = app.ok(&school, UNDELIVERED, json!({})).await["undeliveredEmails"].clone();
    let row = listed.as_array().unwrap().iter().find(|r| r["title"] == title).expect("the School sees it").clone();
    assert_eq!(row["attempts"], 1);
    assert!(row["lastError"].as_str().unwrap().contains("451"), "the refusal is shown: {row}");
    assert!(row["givenUpAt"].is_null());
    assert!(row["nextAttemptAt"].is_string());

    // The first wait is the base delay (60 s in tests): nothing before it, the second attempt after.
    app.clock.advance(Duration::seconds(59));
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(mail.about(title).len(), 1, "no attempt before the delay");
    app.clock.advance(Duration::seconds(1));
    assert_eq!(mail.wait_until(2, |m| m.about(title).len()).await, 2, "second attempt refused");
    wait_for_attempts(&app, id, 2).await;

    // The second wait is twice as long.
    app.clock.advance(Duration::seconds(119));
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(mail.about(title).len(), 2, "no attempt before twice the delay");
    app.clock.advance(Duration::seconds(1));
    assert_eq!(mail.wait_until(3, |m| m.about(title).len()).await, 3, "third attempt");
    let events = mail.about(title);
    assert!(events[2]["accepted"].is_object(), "accepted at the third attempt: {events:?}");

    // Delivered once: more ticks and a later clock send nothing more, and the School's list is clear.
    app.clock.advance(Duration::hours(5));
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let accepted = mail.about(title).iter().filter(|e| e["accepted"].is_object()).count();
    assert_eq!(accepted, 1, "the message is accepted exactly once");
    assert_eq!(app.scalar_text(&format!("SELECT delivery FROM notifications WHERE id = {id}")).await, "smtp");
    let listed = app.ok(&school, UNDELIVERED, json!({})).await["undeliveredEmails"].clone();
    assert!(listed.as_array().unwrap().iter().all(|r| r["title"] != title), "delivered, so no longer listed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_temporary_refusals_are_retried_later_and_the_message_is_accepted_once() {
    temporary_refusals_are_retried_later_and_the_message_is_accepted_once(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_temporary_refusals_are_retried_later_and_the_message_is_accepted_once() {
    temporary_refusals_are_retried_later_and_the_message_is_accepted_once(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_permanent_refusal_is_given_up_at_once_and_shown_to_the_school_only() {
    let mail = MailServer::start(&["--reject", "magistrat@demo.magistra.fr"]).await;
    let Some(app) = app_with(&mail, Backend::Sqlite).await else { return };
    let title = "Essai de remise 2";
    let id = queue(&app, title).await;
    assert_eq!(mail.wait_until(1, |m| m.to("magistrat@demo.magistra.fr").len()).await, 1);
    wait_for_attempts(&app, id, 1).await;

    app.clock.advance(Duration::days(2));
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(mail.to("magistrat@demo.magistra.fr").len(), 1, "a permanent refusal is not retried");
    assert_eq!(attempts(&app, id).await, 1);

    let school = app.login("ecole@demo.magistra.fr").await;
    let listed = app.ok(&school, UNDELIVERED, json!({})).await["undeliveredEmails"].clone();
    let row = listed.as_array().unwrap().iter().find(|r| r["title"] == title).expect("listed").clone();
    assert_eq!(row["recipientEmail"], "magistrat@demo.magistra.fr");
    assert!(row["lastError"].as_str().unwrap().contains("550"), "{row}");
    assert!(row["givenUpAt"].is_string() && row["nextAttemptAt"].is_null(), "{row}");

    // The message itself stays readable in the app, and nobody but the School sees the outbox.
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let mine = app.ok(&magistrate, "{ notifications { title emailed } }", json!({})).await;
    assert!(mine["notifications"].as_array().unwrap().iter().any(|n| n["title"] == title && n["emailed"] == false));
    for who in tests::DEMO_ACTORS.iter().filter(|who| !["ecole", "directeur"].contains(who)) {
        let token = app.login(&format!("{who}@demo.magistra.fr")).await;
        assert_eq!(app.error_code(Some(&token), UNDELIVERED, json!({})).await, "FORBIDDEN", "{who}");
    }
    let director = app.login("directeur@demo.magistra.fr").await;
    let seen = app.ok(&director, UNDELIVERED, json!({})).await;
    assert!(seen["undeliveredEmails"].as_array().unwrap().iter().any(|r| r["title"] == title), "the director sees it");
    assert_eq!(app.error_code(None, UNDELIVERED, json!({})).await, "UNAUTHENTICATED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outbox_gives_up_after_a_bounded_number_of_temporary_refusals() {
    let mail = MailServer::start(&["--refuse", "1000"]).await;
    let Some(app) = app_with(&mail, Backend::Sqlite).await else { return };
    let title = "Essai de remise 3";
    let id = queue(&app, title).await;
    for attempt in 1..=i64::from(MAX_ATTEMPTS) {
        wait_for_attempts(&app, id, attempt).await;
        app.clock.advance(Duration::seconds(shared::rules::delivery::LONGEST_WAIT_SECONDS));
    }
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    app.clock.advance(Duration::days(3));
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(mail.about(title).len(), MAX_ATTEMPTS as usize, "exactly MAX_ATTEMPTS attempts, then none");
    assert_eq!(attempts(&app, id).await, i64::from(MAX_ATTEMPTS));
    let given_up = app
        .scalar_i64(&format!("SELECT COUNT(*) FROM notifications WHERE id = {id} AND abandoned_at IS NOT NULL"))
        .await;
    assert_eq!(given_up, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_cut_by_a_stop_of_the_server_is_not_sent_again_but_shown_to_the_school() {
    let mail = MailServer::start(&[]).await;
    let Some(app) = app_with(&mail, Backend::Sqlite).await else { return };
    // A message this server had taken and was sending when it stopped, eleven minutes ago.
    let user_id = app.user_id("magistrat@demo.magistra.fr").await;
    let title = "Essai de remise 4";
    let message = selected(title);
    let past = app.clock.now() - Duration::minutes(11);
    let txn = app.db().begin().await.unwrap();
    notifications::send(&txn, user_id, &message, past).await.unwrap();
    notification::Entity::update_many()
        .col_expr(notification::Column::Delivery, Expr::value("envoi"))
        .col_expr(notification::Column::DeliveredAt, Expr::value(past))
        .filter(notification::Column::Title.eq(title))
        .exec(&txn)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let id = app.scalar_i64(&format!("SELECT id FROM notifications WHERE title = '{title}'")).await;
    wait_for_attempts(&app, id, 1).await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let listed = app.ok(&school, UNDELIVERED, json!({})).await["undeliveredEmails"].clone();
    let row = listed.as_array().unwrap().iter().find(|r| r["title"] == title).expect("shown to the School").clone();
    assert!(row["lastError"].as_str().unwrap().contains("interrompu"), "{row}");
    assert!(row["givenUpAt"].is_string());
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert!(mail.about(title).is_empty(), "not sent again: it may have left before the stop");
}
