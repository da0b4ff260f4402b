//! Calendar invitations that follow the participation (RFC 5545, 5546), delivered to a real SMTP
//! server as multipart e-mails and read back with real parsers (Python's `email` and `icalendar`):
//! the confirmation's `REQUEST`, the update when the action moves or changes place, the `CANCEL` when the magistrate
//! withdraws or the action is cancelled, one `UID` throughout and a growing `SEQUENCE`; and the
//! personal calendar address, secret and revocable. On both databases.

use serde_json::{json, Value};
use tests::smtp::MailServer;
use tests::{day, ops, read_back, Backend, SessionSpec, SpawnOptions, TestApp};

const UPDATE: &str = "mutation($id: ID!, $i: SessionInput!) { updateSession(id: $id, input: $i) { startDate } }";
const CANCEL: &str = "mutation($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { status } }";
const OPEN_FEED: &str = "mutation { openCalendarFeed }";
const CLOSE_FEED: &str = "mutation { closeCalendarFeed }";

/// Waits until the outbox has delivered everything and the mail server has seen all of it that
/// went to `address`; returns every message to `address`, read back, in order.
async fn delivered_to(app: &TestApp, mail: &MailServer, address: &str) -> Vec<Value> {
    let delivered = format!(
        "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE u.email = '{address}' AND n.delivery = 'smtp'"
    );
    for _ in 0..200 {
        let pending =
            app.scalar_i64("SELECT COUNT(*) FROM notifications WHERE delivery IS NULL OR delivery = 'envoi'").await;
        let sent = app.scalar_i64(&delivered).await as usize;
        if pending == 0 && mail.raw_to(address).len() == sent {
            return read_back::mails(&mail.raw_to(address));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the outbox did not settle for {address}");
}

/// The last message to `address` titled `subject`, read back.
async fn titled(app: &TestApp, mail: &MailServer, address: &str, subject: &str) -> Value {
    let all = delivered_to(app, mail, address).await;
    let found = all.iter().rev().find(|m| m["subject"] == subject).cloned();
    found
        .unwrap_or_else(|| panic!("no « {subject} » among {:?}", all.iter().map(|m| &m["subject"]).collect::<Vec<_>>()))
}

/// The one calendar of a read-back e-mail, with its one event.
fn invitation(read: &Value) -> (Value, Value) {
    let calendars = read["calendars"].as_array().expect("calendars");
    assert_eq!(calendars.len(), 1, "one calendar part in « {} »", read["subject"]);
    let calendar = calendars[0].clone();
    let events = calendar["events"].as_array().expect("events").clone();
    assert_eq!(events.len(), 1, "one event");
    (calendar, events[0].clone())
}

async fn invitations_follow_the_participation(backend: Backend) {
    let mail = MailServer::start(&[]).await;
    let options = SpawnOptions { smtp_url: Some(mail.url()), ..SpawnOptions::default() };
    let Some(app) = TestApp::spawn_with(backend, options).await else { return };
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let magistrate_id = app.plain_magistrates(1).await[0];
    let magistrate = app.token_for(magistrate_id);
    let address = app.scalar_text(&format!("SELECT email FROM users WHERE id = {magistrate_id}")).await;
    // The digest of new offers (art. 129): the demo's actions announced to nobody, then the
    // magistrate asks for it and the next action published reaches them by e-mail.
    let sweep = "mutation { runDeadlineSweep { offerDigests } }";
    app.ok(&school, sweep, json!({})).await;
    app.ok(&magistrate, "mutation { setOffersDigest(enabled: true) }", json!({})).await;
    let session = app.published_session(&school, SessionSpec::default()).await;
    assert_eq!(app.ok(&school, sweep, json!({})).await["runDeadlineSweep"]["offerDigests"], 1);
    let digest = titled(&app, &mail, &address, "Nouvelle offre de formation : La justice pénale des mineurs").await;
    assert!(digest["parts"].as_array().unwrap().iter().any(|p| p == "text/html"), "{}", digest["parts"]);
    let plain = digest["plain"].as_str().unwrap();
    assert!(plain.contains("« La justice pénale des mineurs »") && plain.contains("ENM Paris"), "{plain}");
    assert!(plain.contains("/programme"), "a link to the programme: {plain}");
    let application = app.apply(&magistrate, &session, 1).await;
    app.decide(&director, &session, &application, "SELECTED").await;
    app.ok(&magistrate, ops::CONFIRM, json!({ "a": application })).await;

    // The confirmation: a multipart e-mail with the invitation as text/calendar; method=REQUEST.
    let confirmed = titled(&app, &mail, &address, "Participation confirmée : La justice pénale des mineurs").await;
    for part in ["multipart/alternative", "text/plain", "text/html", "text/calendar"] {
        assert!(confirmed["parts"].as_array().unwrap().iter().any(|p| p == part), "{part} in {}", confirmed["parts"]);
    }
    assert!(confirmed["replyTo"].as_str().unwrap().contains("formation-continue@magistra.test"));
    let plain = confirmed["plain"].as_str().unwrap();
    assert!(plain.contains("Lieu : ENM Paris"), "{plain}");
    assert!(plain.contains("du lundi 14 juin 2027 au mercredi 16 juin 2027"), "{plain}");
    assert!(plain.contains("/mes-voeux"), "a link to where the magistrate acts: {plain}");
    assert!(confirmed["html"].as_str().unwrap().contains("href=\"http://127.0.0.1:"), "a link in the HTML part");
    let (calendar, event) = invitation(&confirmed);
    assert_eq!(calendar["contentTypeMethod"], "REQUEST");
    assert_eq!(calendar["method"], "REQUEST");
    assert_eq!(calendar["timezones"], json!(["Europe/Paris"]));
    let uid = format!("participation-{application}@magistra.enm.justice.fr");
    assert_eq!(event["uid"], uid);
    assert_eq!(event["sequence"], 0);
    assert_eq!(event["location"], "ENM Paris");
    // 9 h to 17 h 30 in Paris in June (UTC+2), every day to the 16th.
    assert_eq!(event["start"]["utc"], "2027-06-14T07:00:00Z");
    assert_eq!(event["start"]["tzid"], "Europe/Paris");
    assert_eq!(event["end"]["utc"], "2027-06-14T15:30:00Z");
    assert!(event["rrule"].as_str().unwrap().contains("UNTIL=20270616T153000Z"), "{}", event["rrule"]);
    assert!(event["attendee"].as_str().unwrap().ends_with(&address), "{}", event["attendee"]);

    // The subscribed calendar lists the confirmed action under the same UID.
    let feed_url = app.ok(&magistrate, OPEN_FEED, json!({})).await["openCalendarFeed"].as_str().unwrap().to_owned();
    let feed = reqwest::get(&feed_url).await.unwrap();
    assert_eq!(feed.status(), 200);
    assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    assert_eq!(feed.headers()["referrer-policy"], "no-referrer", "its address is its key: never sent on");
    let published = read_back::calendar(&feed.text().await.unwrap());
    assert_eq!(published["method"], "PUBLISH");
    assert_eq!(published["events"][0]["uid"], uid);
    assert_eq!(published["events"][0]["attendee"], "", "a published calendar names no attendee (RFC 5546)");

    // Moved to November (winter, UTC+1): the update replaces the entry, SEQUENCE 1.
    let moved = SessionSpec { start: day(2027, 11, 8), ..SessionSpec::default() };
    app.ok(&school, UPDATE, json!({ "id": session, "i": moved.input() })).await;
    let update = titled(&app, &mail, &address, "Nouvelles dates : La justice pénale des mineurs").await;
    let (calendar, event) = invitation(&update);
    assert_eq!(calendar["method"], "REQUEST");
    assert_eq!(event["uid"], uid);
    assert_eq!(event["sequence"], 1);
    assert_eq!(event["start"]["utc"], "2027-11-08T08:00:00Z");

    // Another place, same dates: the update again, SEQUENCE 2.
    let mut elsewhere = moved.input();
    elsewhere["location"] = json!("ENM Bordeaux");
    app.ok(&school, UPDATE, json!({ "id": session, "i": elsewhere })).await;
    let update = titled(&app, &mail, &address, "Action modifiée : La justice pénale des mineurs").await;
    let (_, event) = invitation(&update);
    assert_eq!((event["sequence"].clone(), event["location"].clone()), (json!(2), json!("ENM Bordeaux")));

    // Withdrawn: the cancellation removes it, SEQUENCE 2; the address lists nothing more.
    let withdraw = json!({ "a": application, "r": "HEALTH", "d": "Arrêt de travail." });
    app.ok(&magistrate, ops::WITHDRAW, withdraw).await;
    let cancel = titled(&app, &mail, &address, "Désistement enregistré : La justice pénale des mineurs").await;
    let (calendar, event) = invitation(&cancel);
    assert_eq!((calendar["method"].clone(), calendar["contentTypeMethod"].clone()), (json!("CANCEL"), json!("CANCEL")));
    assert_eq!(event["uid"], uid);
    assert_eq!(event["sequence"], 3);
    assert_eq!(event["status"], "CANCELLED");
    let emptied = read_back::calendar(&reqwest::get(&feed_url).await.unwrap().text().await.unwrap());
    assert_eq!(emptied["events"], json!([]));

    // Closing the address: the same URL answers 404, and a new one works.
    assert_eq!(app.ok(&magistrate, CLOSE_FEED, json!({})).await["closeCalendarFeed"], true);
    assert_eq!(reqwest::get(&feed_url).await.unwrap().status(), 404);
    assert_eq!(app.audit_rows("user", &magistrate_id.to_string(), "calendar.feed_close").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_invitations_follow_the_participation() {
    invitations_follow_the_participation(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_invitations_follow_the_participation() {
    invitations_follow_the_participation(Backend::Postgres).await;
}

async fn an_overseas_action_is_invited_on_its_courts_clock_and_its_cancellation_removes_it(backend: Backend) {
    let mail = MailServer::start(&[]).await;
    let options = SpawnOptions { smtp_url: Some(mail.url()), ..SpawnOptions::default() };
    let Some(app) = TestApp::spawn_with(backend, options).await else { return };
    let school = app.login("ecole@demo.magistra.fr").await;
    let noumea = app.scalar_i64("SELECT id FROM courts WHERE name = 'Nouméa'").await;
    assert_eq!(app.scalar_text(&format!("SELECT time_zone FROM courts WHERE id = {noumea}")).await, "Pacific/Noumea");
    let ids = app.plain_magistrates(2).await;
    let (magistrate_id, delegate_id) = (ids[0], ids[1]);
    app.execute(&format!("UPDATE magistrates SET court_id = {noumea} WHERE user_id = {magistrate_id}")).await;
    app.execute(&format!(
        "INSERT INTO role_assignments (user_id, role, court_id) VALUES ({delegate_id}, 'TRAINING_DELEGATE', {noumea})"
    ))
    .await;
    let delegate = app.token_for(delegate_id);
    let magistrate = app.token_for(magistrate_id);
    let address = app.scalar_text(&format!("SELECT email FROM users WHERE id = {magistrate_id}")).await;
    let spec = SessionSpec {
        title: "Le droit coutumier kanak".into(),
        scope: "DECONCENTRATED",
        court_ids: vec![noumea.to_string()],
        ..SessionSpec::default()
    };
    let session = app.published_session(&school, spec).await;
    let application = app.apply(&magistrate, &session, 1).await;
    app.decide(&delegate, &session, &application, "SELECTED").await;
    app.ok(&magistrate, ops::CONFIRM, json!({ "a": application })).await;
    let confirmed = titled(&app, &mail, &address, "Participation confirmée : Le droit coutumier kanak").await;
    let (calendar, event) = invitation(&confirmed);
    assert_eq!(calendar["timezones"], json!(["Pacific/Noumea"]));
    assert_eq!(event["start"]["tzid"], "Pacific/Noumea");
    // 9 h in Nouméa (UTC+11) is 22 h UTC the day before.
    assert_eq!(event["start"]["utc"], "2027-06-13T22:00:00Z");

    app.ok(&school, CANCEL, json!({ "id": session, "r": "Intervenant indisponible." })).await;
    let cancelled = titled(&app, &mail, &address, "Action annulée : Le droit coutumier kanak").await;
    let (calendar, event) = invitation(&cancelled);
    assert_eq!(calendar["method"], "CANCEL");
    assert_eq!(event["uid"], format!("participation-{application}@magistra.enm.justice.fr"));
    assert_eq!(event["sequence"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_an_overseas_action_is_invited_on_its_courts_clock_and_its_cancellation_removes_it() {
    an_overseas_action_is_invited_on_its_courts_clock_and_its_cancellation_removes_it(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_an_overseas_action_is_invited_on_its_courts_clock_and_its_cancellation_removes_it() {
    an_overseas_action_is_invited_on_its_courts_clock_and_its_cancellation_removes_it(Backend::Postgres).await;
}
