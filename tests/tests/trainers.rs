//! Art. 132 through the real server, on both databases: the trainers' directory with the actions
//! each gave and what participants said of the speakers; the session director named for a year,
//! renewed, never beyond three years without exceptional circumstances; the programme by
//! half-day proposed by the session director, sent back with a comment, validated by the director
//! of the School, and only then published; agreements with outside bodies; and the clashes shown,
//! never silently allowed: a speaker in two actions at once, a magistrate selected for two
//! actions sharing a day, each let through only with its reason recorded.

use chrono::Datelike;
use serde_json::{json, Value};
use tests::{day, on_both_databases, ops, SessionSpec, TestApp};

const SAVE_TRAINER: &str =
    "mutation($id: ID, $i: TrainerInput!) { saveTrainer(id: $id, input: $i) { id fullName kindLabel } }";
const TRAINERS: &str = "query($q: String) { trainers(search: $q) { id fullName body email } }";
const TRAINER_ACTIONS: &str =
    "query($id: ID!) { trainer(id: $id) { fullName actions { session { id title } halfDays directed responses speakersAverage } } }";
const NAME: &str = "mutation($s: ID!, $i: NominationInput!) { nameSessionDirector(sessionId: $s, input: $i) { term exceptionalCircumstances trainer { fullName } } }";
const PROGRAMME: &str = "query($s: ID!) { sessionProgramme(sessionId: $s) { status statusLabel reviewComment director { term trainer { fullName } } sequences { day halfDay title speakers { fullName } } conflicts { trainerName otherSessionTitle day halfDay reason } viewerCan { edit review nameDirector } } }";
const SAVE: &str = "mutation($s: ID!, $i: ProgrammeInput!) { saveSessionProgramme(sessionId: $s, input: $i) { status conflicts { trainerName reason } } }";
const AGREEMENT: &str = "mutation($s: ID!, $i: AgreementInput!) { recordAgreement(sessionId: $s, input: $i) { partner amountCents startsOn endsOn } }";
const AGREEMENTS: &str = "query($s: ID!) { sessionAgreements(sessionId: $s) { partner object amountCents } }";
const DECIDE_OVERLAP: &str = "mutation($s: ID!, $a: ID!, $r: String) { decideApplications(sessionId: $s, decisions: [{ applicationId: $a, decision: SELECTED, overlapReason: $r }], confirmEarly: true) { status } }";

fn outside(name: &str) -> Value {
    json!({ "fullName": name, "body": "Barreau de Lyon", "kind": "OCCASIONAL_SPEAKER", "expertise": "Droit de la famille", "email": "avocat@example.fr" })
}

/// A draft national action of `year` starting on `start` (three days), by the School.
async fn draft(app: &TestApp, school: &str, title: &str, start: chrono::NaiveDate) -> String {
    let spec = SessionSpec {
        title: title.into(),
        start,
        open: day(start.year(), 1, 1),
        close: start - chrono::Days::new(30),
        ..SessionSpec::default()
    };
    let created = app.ok(school, ops::CREATE_SESSION, json!({ "i": spec.input() })).await;
    created["createSession"]["id"].as_str().unwrap().to_owned()
}

fn sequence(date: &str, half: &str, title: &str, speakers: &[&str]) -> Value {
    json!({ "day": date, "halfDay": half, "title": title, "speakerIds": speakers })
}

async fn trainer_for(app: &TestApp, school: &str, email: &str) -> String {
    let user = app.user_id(email).await;
    let input = json!({ "userId": user.to_string(), "fullName": "Coordonnateur Lyon", "body": "Magistrat", "kind": "REGIONAL_COORDINATOR", "expertise": "Violences intrafamiliales" });
    app.ok(school, SAVE_TRAINER, json!({ "i": input })).await["saveTrainer"]["id"].as_str().unwrap().to_owned()
}

on_both_databases!(
    art_132_the_school_keeps_the_trainers_directory_and_reads_what_each_gave,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let created = app.ok(&school, SAVE_TRAINER, json!({ "i": outside("Claire Fontaine") })).await;
        assert_eq!(created["saveTrainer"]["kindLabel"], "Intervenant occasionnel");
        let id = created["saveTrainer"]["id"].as_str().unwrap().to_owned();
        assert_eq!(app.audit_rows("trainer", &id, "trainer.create").await, 1);
        // Someone who neither belongs to the School nor directs an action reads nobody's contact.
        assert_eq!(app.error_code(Some(&magistrate), TRAINERS, json!({})).await, "FORBIDDEN");
        assert_eq!(app.error_code(Some(&magistrate), SAVE_TRAINER, json!({ "i": outside("X") })).await, "FORBIDDEN");
        // Bad input writes nothing.
        let mut bad = outside("Sans courriel");
        bad["email"] = json!("pas une adresse");
        assert_eq!(app.error_code(Some(&school), SAVE_TRAINER, json!({ "i": bad })).await, "VALIDATION");
        let found = app.ok(&school, TRAINERS, json!({ "q": "fontaine" })).await;
        assert_eq!(found["trainers"].as_array().unwrap().len(), 1, "{found}");
        assert_eq!(found["trainers"][0]["email"], "avocat@example.fr");
        // A person of the directory is in the trainers' directory once.
        let coordinator = trainer_for(&app, &school, "coordinateur@demo.magistra.fr").await;
        let again = json!({ "userId": app.user_id("coordinateur@demo.magistra.fr").await.to_string(), "fullName": "Bis", "body": "Magistrat", "kind": "REGIONAL_COORDINATOR", "expertise": "x" });
        assert_eq!(app.error_code(Some(&school), SAVE_TRAINER, json!({ "i": again })).await, "CONFLICT");

        // The actions they gave, with the participants' mark for the speakers there.
        let session = draft(&app, &school, "Les violences intrafamiliales", day(2027, 6, 14)).await;
        let programme = json!({ "sequences": [
        sequence("2027-06-14", "MORNING", "Le phénomène", &[&id, &coordinator]),
        sequence("2027-06-15", "AFTERNOON", "L’ordonnance de protection", &[&id]),
    ] });
        app.ok(&school, SAVE, json!({ "s": session, "i": programme })).await;
        let read = app.ok(&school, TRAINER_ACTIONS, json!({ "id": id })).await;
        assert_eq!(
            read["trainer"]["actions"],
            json!([{ "session": { "id": session, "title": "Les violences intrafamiliales" }, "halfDays": 2, "directed": false, "responses": 0, "speakersAverage": null }])
        );
        app.execute(&format!(
        "INSERT INTO evaluation_forms (session_id, content_score, speakers_score, organisation_score, usefulness_score, submitted_on) \
         VALUES ({session}, 4, 5, 4, 4, '2027-06-20'), ({session}, 3, 4, 3, 3, '2027-06-20')"
    ))
    .await;
        let read = app.ok(&school, TRAINER_ACTIONS, json!({ "id": id })).await;
        assert_eq!(read["trainer"]["actions"][0]["responses"], 2);
        assert_eq!(read["trainer"]["actions"][0]["speakersAverage"], 4.5);
        assert_eq!(app.error_code(Some(&magistrate), TRAINER_ACTIONS, json!({ "id": id })).await, "FORBIDDEN");
    }
);

on_both_databases!(
    art_132_a_session_director_is_named_for_a_year_renewed_and_never_beyond_three_without_circumstances,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let coordinator_token = app.login("coordinateur@demo.magistra.fr").await;
        let coordinator = trainer_for(&app, &school, "coordinateur@demo.magistra.fr").await;
        let speaker = app.ok(&school, SAVE_TRAINER, json!({ "i": outside("Claire Fontaine") })).await["saveTrainer"]
            ["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut editions = Vec::new();
        for year in 2027..=2030 {
            editions.push(draft(&app, &school, &format!("Violences intrafamiliales {year}"), day(year, 6, 14)).await);
        }
        // An outside speaker without an account cannot prepare the programme in Magistra.
        let refused = app.gql(Some(&school), NAME, json!({ "s": editions[0], "i": { "trainerId": speaker } })).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "VALIDATION", "{refused}");
        // Only the School names.
        assert_eq!(
            app.error_code(
                Some(&coordinator_token),
                NAME,
                json!({ "s": editions[0], "i": { "trainerId": coordinator } })
            )
            .await,
            "FORBIDDEN"
        );
        let first = app.ok(&school, NAME, json!({ "s": editions[0], "i": { "trainerId": coordinator } })).await;
        assert_eq!(first["nameSessionDirector"]["term"], 1);
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'session.director_named'").await, 1);
        let told = app
            .scalar_i64(&format!(
                "SELECT COUNT(*) FROM notifications WHERE user_id = {} AND kind = 'DIRECTOR_NAMED'",
                app.user_id("coordinateur@demo.magistra.fr").await
            ))
            .await;
        assert_eq!(told, 1);
        // A renewal skipping a year is refused.
        let skipping = json!({ "s": editions[2], "i": { "trainerId": coordinator, "renewsSessionId": editions[0] } });
        assert_eq!(app.error_code(Some(&school), NAME, skipping).await, "VALIDATION");
        for (n, edition) in editions.iter().enumerate().skip(1).take(2) {
            let renewed = app
                .ok(
                    &school,
                    NAME,
                    json!({ "s": edition, "i": { "trainerId": coordinator, "renewsSessionId": editions[n - 1] } }),
                )
                .await;
            assert_eq!(renewed["nameSessionDirector"]["term"], n + 1);
        }
        // A fourth year: refused without the exceptional circumstances written down, named with them.
        let fourth = json!({ "s": editions[3], "i": { "trainerId": coordinator, "renewsSessionId": editions[2] } });
        let answer = app.gql(Some(&school), NAME, fourth).await;
        assert_eq!(answer["errors"][0]["extensions"]["code"], "VALIDATION", "{answer}");
        assert!(answer["errors"][0]["message"].as_str().unwrap().contains("art. 132"), "{answer}");
        let with_reason = json!({ "s": editions[3], "i": { "trainerId": coordinator, "renewsSessionId": editions[2], "exceptionalCircumstances": "Réforme en cours : continuité demandée par le conseil pédagogique." } });
        let named = app.ok(&school, NAME, with_reason).await;
        assert_eq!(named["nameSessionDirector"]["term"], 4);
        assert_eq!(
            named["nameSessionDirector"]["exceptionalCircumstances"],
            "Réforme en cours : continuité demandée par le conseil pédagogique."
        );
        // The session director reads the directory, to choose speakers, and the actions they direct.
        assert_eq!(app.ok(&coordinator_token, TRAINERS, json!({})).await["trainers"].as_array().unwrap().len(), 2);
        let mine = app.ok(&coordinator_token, "{ directedSessions { id } }", json!({})).await;
        assert_eq!(mine["directedSessions"].as_array().unwrap().len(), 4);
    }
);

on_both_databases!(
    art_132_the_session_director_proposes_the_director_sends_back_then_validates_and_only_then_is_it_published,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let coordinator_token = app.login("coordinateur@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let coordinator = trainer_for(&app, &school, "coordinateur@demo.magistra.fr").await;
        let session = draft(&app, &school, "Juger les violences intrafamiliales", day(2027, 6, 14)).await;
        app.ok(&school, NAME, json!({ "s": session, "i": { "trainerId": coordinator } })).await;

        // Not published without a validated programme.
        let refused = app.gql(Some(&school), ops::PUBLISH, json!({ "id": session })).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "INVALID_TRANSITION", "{refused}");
        assert!(refused["errors"][0]["message"].as_str().unwrap().contains("validé"), "{refused}");

        // The session director writes it; a magistrate who does not direct it may not.
        let programme = json!({ "sequences": [
        sequence("2027-06-14", "MORNING", "Le phénomène et ses mécanismes", &[&coordinator]),
        sequence("2027-06-14", "AFTERNOON", "L’enquête", &[]),
    ] });
        assert_eq!(app.error_code(Some(&magistrate), SAVE, json!({ "s": session, "i": programme })).await, "FORBIDDEN");
        assert_eq!(
            app.error_code(Some(&magistrate), PROGRAMME, json!({ "s": session })).await,
            "NOT_FOUND",
            "a draft's programme is not read by others"
        );
        let outside_days = json!({ "sequences": [sequence("2027-06-20", "MORNING", "Hors de l’action", &[])] });
        assert_eq!(
            app.error_code(Some(&coordinator_token), SAVE, json!({ "s": session, "i": outside_days })).await,
            "VALIDATION"
        );
        app.ok(&coordinator_token, SAVE, json!({ "s": session, "i": programme })).await;
        // The director of the School decides only on a proposed programme; the session director cannot.
        assert_eq!(
            app.error_code(Some(&director), ops::REVIEW_PROGRAMME, json!({ "s": session, "v": true })).await,
            "INVALID_TRANSITION"
        );
        app.ok(&coordinator_token, ops::PROPOSE_PROGRAMME, json!({ "s": session })).await;
        assert_eq!(
            app.error_code(Some(&coordinator_token), ops::REVIEW_PROGRAMME, json!({ "s": session, "v": true })).await,
            "FORBIDDEN"
        );
        assert_eq!(
            app.error_code(Some(&school), ops::REVIEW_PROGRAMME, json!({ "s": session, "v": true })).await,
            "FORBIDDEN",
            "the School's service prepares, its director validates"
        );
        // Proposed: it no longer changes.
        assert_eq!(
            app.error_code(Some(&coordinator_token), SAVE, json!({ "s": session, "i": programme })).await,
            "INVALID_TRANSITION"
        );
        let director_id = app.user_id("directeur@demo.magistra.fr").await;
        let asked =
            format!("SELECT COUNT(*) FROM notifications WHERE user_id = {director_id} AND kind = 'PROGRAMME_PROPOSED'");
        assert_eq!(app.scalar_i64(&asked).await, 1);

        // Sent back: a comment is required, the session director is told and may write again.
        assert_eq!(
            app.error_code(Some(&director), ops::REVIEW_PROGRAMME, json!({ "s": session, "v": false })).await,
            "VALIDATION"
        );
        let back = app
            .ok(
                &director,
                ops::REVIEW_PROGRAMME,
                json!({ "s": session, "v": false, "c": "Ajoutez une séquence sur la protection de l’enfant." }),
            )
            .await;
        assert_eq!(back["reviewSessionProgramme"]["status"], "RETURNED");
        let read = app.ok(&coordinator_token, PROGRAMME, json!({ "s": session })).await;
        assert_eq!(read["sessionProgramme"]["statusLabel"], "Renvoyé au directeur de session");
        assert_eq!(read["sessionProgramme"]["reviewComment"], "Ajoutez une séquence sur la protection de l’enfant.");
        assert_eq!(
            read["sessionProgramme"]["viewerCan"],
            json!({ "edit": true, "review": false, "nameDirector": false })
        );
        let coordinator_id = app.user_id("coordinateur@demo.magistra.fr").await;
        let reviewed = format!(
            "SELECT COUNT(*) FROM notifications WHERE user_id = {coordinator_id} AND kind = 'PROGRAMME_REVIEWED'"
        );
        assert_eq!(app.scalar_i64(&reviewed).await, 1);
        let mut better = programme.clone();
        better["sequences"].as_array_mut().unwrap().push(sequence(
            "2027-06-15",
            "MORNING",
            "L’enfant exposé",
            &[&coordinator],
        ));
        app.ok(&coordinator_token, SAVE, json!({ "s": session, "i": better })).await;
        app.ok(&coordinator_token, ops::PROPOSE_PROGRAMME, json!({ "s": session })).await;
        let valid = app.ok(&director, ops::REVIEW_PROGRAMME, json!({ "s": session, "v": true })).await;
        assert_eq!(valid["reviewSessionProgramme"]["status"], "VALIDATED");
        assert_eq!(
            app.error_code(Some(&coordinator_token), SAVE, json!({ "s": session, "i": better })).await,
            "INVALID_TRANSITION"
        );

        // Now it is published, and anyone who reads the action reads its programme.
        app.ok(&school, ops::PUBLISH, json!({ "id": session })).await;
        let read = app.ok(&magistrate, PROGRAMME, json!({ "s": session })).await;
        assert_eq!(read["sessionProgramme"]["sequences"].as_array().unwrap().len(), 3);
        assert_eq!(read["sessionProgramme"]["sequences"][2]["speakers"], json!([{ "fullName": "Coordonnateur Lyon" }]));
        assert_eq!(read["sessionProgramme"]["director"]["term"], 1);
        assert_eq!(
            read["sessionProgramme"]["viewerCan"],
            json!({ "edit": false, "review": false, "nameDirector": false })
        );
        // Each step has its audit row.
        for (action, n) in [
            ("programme.save", 2),
            ("programme.propose", 2),
            ("programme.return", 1),
            ("programme.validate", 1),
            ("programme.draft", 2),
        ] {
            let count = app.scalar_i64(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")).await;
            assert_eq!(count, n, "{action}");
        }
    }
);

on_both_databases!(
    art_132_a_speaker_in_two_actions_at_the_same_half_day_is_shown_and_kept_only_with_a_reason,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let speaker = app.ok(&school, SAVE_TRAINER, json!({ "i": outside("Claire Fontaine") })).await["saveTrainer"]
            ["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let first = draft(&app, &school, "L’ordonnance de protection", day(2027, 6, 14)).await;
        let second = draft(&app, &school, "Le juge aux affaires familiales", day(2027, 6, 15)).await;
        app.ok(
            &school,
            SAVE,
            json!({ "s": first, "i": { "sequences": [sequence("2027-06-15", "MORNING", "Audience", &[&speaker])] } }),
        )
        .await;
        // The same morning elsewhere: refused, naming the other action and the half-day.
        let clash = json!({ "sequences": [sequence("2027-06-15", "MORNING", "Ouverture", &[&speaker])] });
        let refused = app.gql(Some(&school), SAVE, json!({ "s": second, "i": clash })).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "CONFLICT", "{refused}");
        let message = refused["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains(
                "Claire Fontaine intervient déjà dans « L’ordonnance de protection » le mardi 15 juin 2027 (matin)"
            ),
            "{message}"
        );
        assert_eq!(
            app.scalar_i64(&format!("SELECT COUNT(*) FROM programme_sequences WHERE session_id = {second}")).await,
            0
        );
        // The afternoon is free.
        let afternoon = json!({ "sequences": [sequence("2027-06-15", "AFTERNOON", "Ouverture", &[&speaker])] });
        let saved = app.ok(&school, SAVE, json!({ "s": second, "i": afternoon })).await;
        assert_eq!(saved["saveSessionProgramme"]["conflicts"], json!([]));
        // Kept with a reason: recorded, audited, and shown on both actions' programmes.
        let mut kept = clash.clone();
        kept["conflictReason"] = json!("Intervention commune aux deux sessions, en visioconférence.");
        let saved = app.ok(&school, SAVE, json!({ "s": second, "i": kept })).await;
        assert_eq!(
            saved["saveSessionProgramme"]["conflicts"],
            json!([{ "trainerName": "Claire Fontaine", "reason": "Intervention commune aux deux sessions, en visioconférence." }])
        );
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'conflict.override'").await, 1);
        // An action moved as a whole takes its programme along; one made too short for it is refused.
        let update = "mutation($id: ID!, $i: SessionInput!) { updateSession(id: $id, input: $i) { id } }";
        let mut shorter = SessionSpec { title: "L’ordonnance de protection".into(), ..SessionSpec::default() }.input();
        shorter["endDate"] = json!("2027-06-14");
        shorter["durationDays"] = json!(1.0);
        let refused = app.gql(Some(&school), update, json!({ "id": first, "i": shorter })).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "VALIDATION", "{refused}");
        assert!(refused["errors"][0]["message"].as_str().unwrap().contains("mardi 15 juin 2027"), "{refused}");
        let later = SessionSpec {
            title: "L’ordonnance de protection".into(),
            start: day(2027, 7, 5),
            ..SessionSpec::default()
        };
        app.ok(&school, update, json!({ "id": first, "i": later.input() })).await;
        let moved = app.ok(&school, PROGRAMME, json!({ "s": first })).await;
        assert_eq!(
            moved["sessionProgramme"]["sequences"][0]["day"], "2027-07-06",
            "one day after the start, as before"
        );
        assert_eq!(moved["sessionProgramme"]["conflicts"], json!([]), "the clash went with the move");
        // Back on its first dates, the clash is back too.
        let back = SessionSpec { title: "L’ordonnance de protection".into(), ..SessionSpec::default() };
        app.ok(&school, update, json!({ "id": first, "i": back.input() })).await;
        let other_side = app.ok(&school, PROGRAMME, json!({ "s": first })).await;
        assert_eq!(
            other_side["sessionProgramme"]["conflicts"],
            json!([{ "trainerName": "Claire Fontaine", "otherSessionTitle": "Le juge aux affaires familiales", "day": "2027-06-15", "halfDay": "MORNING", "reason": "Intervention commune aux deux sessions, en visioconférence." }]),
            "the reason is shown on both actions"
        );
    }
);

on_both_databases!(
    art_131_a_magistrate_selected_for_two_actions_sharing_a_day_needs_a_reason,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let first =
            app.published_session(&school, SessionSpec { title: "Première".into(), ..SessionSpec::default() }).await;
        let later = SessionSpec { title: "Seconde".into(), start: day(2027, 6, 16), ..SessionSpec::default() };
        let second = app.published_session(&school, later).await;
        let magistrate = app.plain_magistrates(1).await[0];
        let token = app.token_for(magistrate);
        let a = app.apply(&token, &first, 1).await;
        let b = app.apply(&token, &second, 2).await;
        app.decide(&director, &first, &a, "SELECTED").await;
        let refused = app.gql(Some(&director), DECIDE_OVERLAP, json!({ "s": second, "a": b, "r": null })).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "CONFLICT", "{refused}");
        assert!(refused["errors"][0]["message"].as_str().unwrap().contains("« Première »"), "{refused}");
        assert_eq!(
            app.scalar_i64(&format!("SELECT COUNT(*) FROM applications WHERE id = {b} AND status = 'SUBMITTED'")).await,
            1
        );
        let selected = app
            .ok(
                &director,
                DECIDE_OVERLAP,
                json!({ "s": second, "a": b, "r": "Deux demi-journées distinctes, accord du chef de juridiction." }),
            )
            .await;
        assert_eq!(selected["decideApplications"][0]["status"], "SELECTED");
        let kept = app
            .scalar_text(&format!(
                "SELECT reason FROM conflict_overrides WHERE kind = 'PARTICIPANT' AND magistrate_id = {magistrate}"
            ))
            .await;
        assert_eq!(kept, "Deux demi-journées distinctes, accord du chef de juridiction.");
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'conflict.override'").await, 1);
    }
);

on_both_databases!(art_132_an_agreement_with_an_outside_body_is_attached_to_an_action, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let session = draft(&app, &school, "Justice et santé mentale", day(2027, 6, 14)).await;
    let input = json!({ "partner": "Centre hospitalier du Vinatier", "object": "Visite et interventions de psychiatres", "amountCents": 150_000, "startsOn": "2027-06-01", "endsOn": "2027-06-30" });
    let recorded = app.ok(&school, AGREEMENT, json!({ "s": session, "i": input })).await;
    assert_eq!(recorded["recordAgreement"]["amountCents"], 150_000);
    let mut reversed = input.clone();
    reversed["endsOn"] = json!("2027-05-01");
    assert_eq!(app.error_code(Some(&school), AGREEMENT, json!({ "s": session, "i": reversed })).await, "VALIDATION");
    let mut negative = input.clone();
    negative["amountCents"] = json!(-1);
    assert_eq!(app.error_code(Some(&school), AGREEMENT, json!({ "s": session, "i": negative })).await, "VALIDATION");
    assert_eq!(app.error_code(Some(&magistrate), AGREEMENT, json!({ "s": session, "i": input })).await, "FORBIDDEN");
    assert_eq!(app.error_code(Some(&magistrate), AGREEMENTS, json!({ "s": session })).await, "FORBIDDEN");
    let listed = app.ok(&school, AGREEMENTS, json!({ "s": session })).await;
    assert_eq!(
        listed["sessionAgreements"],
        json!([{ "partner": "Centre hospitalier du Vinatier", "object": "Visite et interventions de psychiatres", "amountCents": 150_000 }])
    );
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'agreement.record'").await, 1);
});
