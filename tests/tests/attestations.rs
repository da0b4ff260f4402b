//! Attestations of attendance (art. 133; issue 18): a participant downloads theirs, the School and
//! the organisers all of an action's at once; only for attendance recorded, a partial attendance
//! saying so. Read back from the HTTP answer and parsed as PDF, on both databases.

use serde_json::{json, Value};
use tests::{day, on_both_databases, ops, SessionSpec, TestApp};

/// The text of a PDF answer, after checking it is one.
fn pdf_text(status: u16, kind: &str, body: &[u8]) -> String {
    assert_eq!((status, kind), (200, "application/pdf"));
    let pdf = lopdf::Document::load_mem(body).expect("the PDF parses");
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    pdf.extract_text(&pages).unwrap()
}

async fn display_name(app: &TestApp, token: &str) -> String {
    app.ok(token, "{ me { displayName } }", Value::Null).await["me"]["displayName"].as_str().unwrap().to_owned()
}

on_both_databases!(
    art_133_each_participant_downloads_an_attestation_of_the_half_days_attended_and_a_partial_one_says_so,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let (session, tokens, apps) = app.confirmed_session(3).await;
        let own = |i: usize| format!("/export/attestation.pdf?application={}", apps[i]);
        let all = format!("/export/attestations.pdf?session={session}");
        // Nothing recorded yet: no attestation.
        app.set_today(day(2027, 6, 14));
        assert_eq!(app.export(Some(&tokens[0]), &own(0)).await.0, 409);
        assert_eq!(app.export(Some(&school), &all).await.0, 409);
        // Three days from 14 June: all of them, one day of three, none.
        app.set_today(day(2027, 6, 17));
        let start = day(2027, 6, 14);
        app.record_days(&school, &session, &apps[0], start, 3, true).await;
        app.record_days(&school, &session, &apps[1], start, 3, false).await;
        app.record_days(&school, &session, &apps[1], start, 1, true).await;
        app.record_days(&school, &session, &apps[2], start, 3, false).await;

        let (status, kind, body) = app.export(Some(&tokens[0]), &own(0)).await;
        let full = pdf_text(status, &kind, &body);
        let first = display_name(&app, &tokens[0]).await;
        for expected in [
            "ÉCOLE NATIONALE DE LA MAGISTRATURE",
            "ATTESTATION DE PRÉSENCE",
            "École nationale de la magistrature atteste que",
            first.as_str(),
            "« La justice pénale des mineurs »",
            "organisée du lundi 14 juin 2027 au mercredi 16 juin 2027",
            "Présence : 6 demi-journées sur 6, soit 3 jour(s)",
            "Fait le jeudi 17 juin 2027",
        ] {
            assert!(full.contains(expected), "{expected:?} missing from the attestation: {full}");
        }
        assert!(!full.contains("Présence partielle"), "{full}");

        let (status, kind, body) = app.export(Some(&tokens[1]), &own(1)).await;
        let partial = pdf_text(status, &kind, &body);
        // Kept for a reader to look at, beside the training sheets.
        let saved = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/exports");
        std::fs::create_dir_all(saved).unwrap();
        std::fs::write(format!("{saved}/attestation-partielle-{:?}.pdf", app.backend), &body).unwrap();
        for expected in ["Présence : 2 demi-journées sur 6, soit 1 jour(s)", "Présence partielle", "absent(e)"] {
            assert!(partial.contains(expected), "{expected:?} missing from the partial attestation: {partial}");
        }
        // Absent throughout: nothing to attest; someone else's: not found.
        assert_eq!(app.export(Some(&tokens[2]), &own(2)).await.0, 409);
        assert_eq!(app.export(Some(&tokens[1]), &own(0)).await.0, 404);
        assert_eq!(app.export(None, &own(0)).await.0, 401);

        // The School downloads all of the action's at once: one page per participant who came.
        let (status, kind, body) = app.export(Some(&school), &all).await;
        let text = pdf_text(status, &kind, &body);
        assert_eq!(lopdf::Document::load_mem(&body).unwrap().get_pages().len(), 2);
        let second = display_name(&app, &tokens[1]).await;
        let absent = display_name(&app, &tokens[2]).await;
        assert!(text.contains(&first) && text.contains(&second), "{text}");
        assert!(!text.contains(&absent), "no attestation for who never came");
        // The director reads them too; a participant cannot download the others'.
        assert_eq!(app.export(Some(&director), &all).await.0, 200);
        assert_eq!(app.export(Some(&tokens[0]), &all).await.0, 403);
        // The School may issue one participant's.
        assert_eq!(app.export(Some(&school), &own(1)).await.0, 200);
    }
);

on_both_databases!(
    art_133_the_organisers_of_a_deconcentrated_action_issue_its_attestations_under_their_court,
    |app: TestApp| async move {
        let delegate = app.login("delegue@demo.magistra.fr").await;
        let court = app
            .scalar_i64(
                "SELECT court_id FROM role_assignments r JOIN users u ON u.id = r.user_id \
                                    WHERE u.email = 'delegue@demo.magistra.fr' AND r.role = 'TRAINING_DELEGATE'",
            )
            .await;
        let magistrate_id = app
            .scalar_i64(&format!(
                "SELECT m.user_id FROM magistrates m WHERE m.court_id = {court} \
                 AND m.user_id NOT IN (SELECT user_id FROM role_assignments WHERE role <> 'MAGISTRATE') \
                 ORDER BY m.user_id LIMIT 1"
            ))
            .await;
        let magistrate = app.token_for(magistrate_id);
        let spec = SessionSpec {
            title: "Journée de la cour".into(),
            scope: "DECONCENTRATED",
            court_ids: vec![court.to_string()],
            ..SessionSpec::default()
        };
        let session = app.published_session(&delegate, spec).await;
        let application = app.apply(&magistrate, &session, 1).await;
        app.decide(&delegate, &session, &application, "SELECTED").await;
        app.ok(&magistrate, ops::CONFIRM, json!({ "a": application })).await;
        app.set_today(day(2027, 6, 17));
        app.record_days(&delegate, &session, &application, day(2027, 6, 14), 3, true).await;
        let court_name = app.scalar_text(&format!("SELECT name FROM courts WHERE id = {court}")).await;
        let (status, kind, body) =
            app.export(Some(&delegate), &format!("/export/attestations.pdf?session={session}")).await;
        let text = pdf_text(status, &kind, &body);
        assert!(text.contains("Cour d’appel d") && text.contains(&format!("{court_name} atteste que")), "{text}");
        assert!(text.contains("Formation continue déconcentrée"), "{text}");
        // The participant reads their own, under the court's name, but not the action's whole set.
        let (status, kind, body) =
            app.export(Some(&magistrate), &format!("/export/attestation.pdf?application={application}")).await;
        assert!(pdf_text(status, &kind, &body).contains("Présence : 6 demi-journées sur 6"));
        assert_eq!(app.export(Some(&magistrate), &format!("/export/attestations.pdf?session={session}")).await.0, 403);
    }
);
