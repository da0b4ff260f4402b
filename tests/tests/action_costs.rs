//! What actions cost, through the real server on both databases (art. 132, 139): the School's
//! scale of speakers' fees; a deconcentrated action's fees and travel committed on its court's
//! credits and replaced by their actual amounts, to the cent on the court's shared dashboard; a
//! national action's lines on the School's national budget, with the same dashboard; beyond the
//! credits or the budget, refused unless the School forces it with a reason.

use serde_json::{json, Value};
use tests::{day, on_both_databases, ops, plans, SessionSpec, TestApp};

const SET_RATE: &str =
    "mutation($y: Int!, $i: FeeRateInput!) { setFeeRate(year: $y, input: $i) { id amountCents unitLabel } }";
const SCALE: &str = "query($y: Int!) { feeScale(year: $y) { label amountCents } }";
const ADD: &str = "mutation($s: ID!, $i: ActionCostInput!) { addActionCost(sessionId: $s, input: $i) { id estimatedCents actualCents courtId } }";
const ACTUAL: &str = "mutation($l: ID!, $a: Int!, $f: String) { recordActualCost(lineId: $l, actualCents: $a, forceReason: $f) { actualCents } }";
const LINES: &str = "query($s: ID!) { actionCosts(sessionId: $s) { categoryLabel label estimatedCents actualCents } }";
const COURT: &str =
    "query($c: ID!) { courtBudget(courtId: $c, year: 2027) { committedCents paidCents consumedCents remainingCents } }";
const NATIONAL_BUDGET: &str = "mutation($a: Int!) { setNationalBudget(year: 2027, amountCents: $a) }";
const NATIONAL: &str = "query { nationalBudget(year: 2027) { allocatedCents committedCents paidCents consumedCents remainingCents byAction { session { title } estimatedCents spent { consumedCents } } byCategory { category plannedCents spent { consumedCents } } monthly { month spent { consumedCents } } } }";
const TRAINER: &str = "mutation { saveTrainer(input: { fullName: \"Claire Fontaine\", body: \"Barreau de Lyon\", kind: OCCASIONAL_SPEAKER, expertise: \"Droit de la famille\" }) { id } }";

fn money(committed: i64, paid: i64, consumed: i64, remaining: i64) -> Value {
    json!({ "committedCents": committed, "paidCents": paid, "consumedCents": consumed, "remainingCents": remaining })
}

/// The half-day rate of 2027 (300 €) and a speaker: their ids.
async fn scale_and_speaker(app: &TestApp, school: &str) -> (String, String) {
    let rate = app
        .ok(school, SET_RATE, json!({ "y": 2027, "i": { "label": "Demi-journée d’intervention", "unit": "HALF_DAY", "amountCents": 30_000 } }))
        .await;
    assert_eq!(rate["setFeeRate"]["unitLabel"], "demi-journée");
    let speaker = app.ok(school, TRAINER, json!({})).await;
    (rate["setFeeRate"]["id"].as_str().unwrap().to_owned(), speaker["saveTrainer"]["id"].as_str().unwrap().to_owned())
}

on_both_databases!(
    art_139_a_deconcentrated_actions_fees_and_travel_reach_the_courts_dashboard_to_the_cent,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let delegate = app.login("delegue@demo.magistra.fr").await;
        let finance = app.login("finances@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let lyon = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
        plans::lyon_credits(&app, &lyon, 2027, 100_000).await;
        let plan = app.ok(&delegate, plans::ACTIONS, json!({ "c": lyon, "y": 2027 })).await;
        let session = plan["plan"]["actions"][0]["session"]["id"].as_str().unwrap().to_owned();

        // The scale is the School's; those who cost the court's actions read it.
        let rate_input = json!({ "y": 2027, "i": { "label": "Heure", "unit": "HOUR", "amountCents": 9_000 } });
        assert_eq!(app.error_code(Some(&delegate), SET_RATE, rate_input).await, "FORBIDDEN");
        let (rate, speaker) = scale_and_speaker(&app, &school).await;
        assert_eq!(app.ok(&delegate, SCALE, json!({ "y": 2027 })).await["feeScale"][0]["amountCents"], 30_000);
        assert_eq!(app.error_code(Some(&magistrate), SCALE, json!({ "y": 2027 })).await, "FORBIDDEN");

        // A speaker's two half-days at the scale's rate: 600 € committed on Lyon's 1,000 €.
        let fee = json!({ "category": "SPEAKER_FEES", "beneficiary": "SPEAKER", "trainerId": speaker, "label": "Honoraires de Me Fontaine", "feeRateId": rate, "units": 2 });
        let fee_line = app.ok(&delegate, ADD, json!({ "s": session, "i": fee })).await;
        assert_eq!(fee_line["addActionCost"]["estimatedCents"], 60_000);
        assert_eq!(fee_line["addActionCost"]["courtId"], lyon);
        assert_eq!(
            app.ok(&finance, COURT, json!({ "c": lyon })).await["courtBudget"],
            money(60_000, 0, 60_000, 40_000)
        );
        // Fees are paid at the scale, to speakers.
        let typed = json!({ "category": "SPEAKER_FEES", "beneficiary": "SPEAKER", "trainerId": speaker, "label": "Honoraires", "estimatedCents": 1 });
        assert_eq!(app.error_code(Some(&delegate), ADD, json!({ "s": session, "i": typed })).await, "VALIDATION");
        let to_participant = json!({ "category": "SPEAKER_FEES", "beneficiary": "PARTICIPANT", "label": "Honoraires", "feeRateId": rate, "units": 1 });
        assert_eq!(
            app.error_code(Some(&delegate), ADD, json!({ "s": session, "i": to_participant })).await,
            "VALIDATION"
        );
        // A participant's line names someone who asked for the action.
        let stranger = app.plain_magistrates(1).await[0].to_string();
        let theirs = json!({ "category": "TRAVEL", "beneficiary": "PARTICIPANT", "magistrateId": stranger, "label": "Train", "estimatedCents": 1_000 });
        assert_eq!(app.error_code(Some(&delegate), ADD, json!({ "s": session, "i": theirs })).await, "VALIDATION");
        // Beyond the 400 € left: refused, nothing written.
        let lines_before = app.scalar_i64("SELECT COUNT(*) FROM action_costs").await;
        let too_much = json!({ "category": "TRAVEL", "beneficiary": "PARTICIPANT", "label": "Trains des participants", "estimatedCents": 50_000 });
        assert_eq!(
            app.error_code(Some(&delegate), ADD, json!({ "s": session, "i": too_much })).await,
            "BUDGET_EXCEEDED"
        );
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM action_costs").await, lines_before);
        assert_eq!(app.error_code(Some(&magistrate), ADD, json!({ "s": session, "i": too_much })).await, "FORBIDDEN");
        // The finance officer records the speaker's travel.
        let travel = json!({ "category": "TRAVEL", "beneficiary": "SPEAKER", "trainerId": speaker, "label": "Train Paris–Lyon de Me Fontaine", "estimatedCents": 12_345 });
        let travel_line = app.ok(&finance, ADD, json!({ "s": session, "i": travel })).await;
        assert_eq!(
            app.ok(&finance, COURT, json!({ "c": lyon })).await["courtBudget"],
            money(72_345, 0, 72_345, 27_655)
        );

        // The actual amounts replace the estimates.
        let fee_id = fee_line["addActionCost"]["id"].clone();
        let travel_id = travel_line["addActionCost"]["id"].clone();
        app.ok(&delegate, ACTUAL, json!({ "l": fee_id, "a": 58_000 })).await;
        assert_eq!(
            app.ok(&finance, COURT, json!({ "c": lyon })).await["courtBudget"],
            money(12_345, 58_000, 70_345, 29_655)
        );
        app.ok(&finance, ACTUAL, json!({ "l": travel_id, "a": 12_000 })).await;
        assert_eq!(
            app.ok(&finance, COURT, json!({ "c": lyon })).await["courtBudget"],
            money(0, 70_000, 70_000, 30_000)
        );
        // Corrected once more: the earlier payment is reversed.
        app.ok(&finance, ACTUAL, json!({ "l": travel_id, "a": 12_050 })).await;
        assert_eq!(
            app.ok(&finance, COURT, json!({ "c": lyon })).await["courtBudget"],
            money(0, 70_050, 70_050, 29_950)
        );
        assert_eq!(
            app.scalar_i64(&format!(
                "SELECT consumed_cents FROM court_budgets WHERE court_id = {lyon} AND year = 2027"
            ))
            .await,
            70_050,
            "the running counter agrees with the entries"
        );
        let listed = app.ok(&delegate, LINES, json!({ "s": session })).await;
        assert_eq!(
            listed["actionCosts"],
            json!([
                { "categoryLabel": "Honoraires des intervenants", "label": "Honoraires de Me Fontaine", "estimatedCents": 60_000, "actualCents": 58_000 },
                { "categoryLabel": "Déplacements", "label": "Train Paris–Lyon de Me Fontaine", "estimatedCents": 12_345, "actualCents": 12_050 },
            ])
        );
        assert_eq!(app.error_code(Some(&magistrate), LINES, json!({ "s": session })).await, "FORBIDDEN");
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'cost.estimate'").await, 2);
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'cost.actual'").await, 3);
    }
);

on_both_databases!(
    art_139_a_national_actions_costs_fill_the_schools_own_dashboard_and_stop_at_its_budget,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let ministry = app.login("ministere@demo.magistra.fr").await;
        let delegate = app.login("delegue@demo.magistra.fr").await;
        let (rate, speaker) = scale_and_speaker(&app, &school).await;
        let spec = SessionSpec {
            title: "Juger les violences intrafamiliales".into(),
            start: day(2027, 6, 14),
            ..SessionSpec::default()
        };
        let created = app.ok(&school, ops::CREATE_SESSION, json!({ "i": spec.input() })).await;
        let session = created["createSession"]["id"].as_str().unwrap().to_owned();
        let fee = json!({ "category": "SPEAKER_FEES", "beneficiary": "SPEAKER", "trainerId": speaker, "label": "Honoraires", "feeRateId": rate, "units": 2 });

        // No national budget yet: nothing is spent.
        assert_eq!(app.error_code(Some(&school), ADD, json!({ "s": session, "i": fee })).await, "BUDGET_EXCEEDED");
        assert_eq!(app.error_code(Some(&school), NATIONAL_BUDGET, json!({ "a": 200_000 })).await, "FORBIDDEN");
        assert_eq!(app.ok(&director, NATIONAL_BUDGET, json!({ "a": 200_000 })).await["setNationalBudget"], 200_000);
        // A national action's line goes to no court.
        let mut on_a_court = fee.clone();
        on_a_court["courtId"] = json!(app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string());
        assert_eq!(app.error_code(Some(&school), ADD, json!({ "s": session, "i": on_a_court })).await, "VALIDATION");
        assert_eq!(app.error_code(Some(&delegate), ADD, json!({ "s": session, "i": fee })).await, "FORBIDDEN");

        app.ok(&school, ADD, json!({ "s": session, "i": fee })).await;
        let travel = json!({ "category": "TRAVEL", "beneficiary": "PARTICIPANT", "label": "Déplacements des participants", "estimatedCents": 25_000 });
        app.ok(&school, ADD, json!({ "s": session, "i": travel })).await;
        let hotel = json!({ "category": "ACCOMMODATION", "beneficiary": "SPEAKER", "trainerId": speaker, "label": "Hôtel de l’intervenante", "estimatedCents": 40_000 });
        let hotel_line = app.ok(&school, ADD, json!({ "s": session, "i": hotel })).await;
        app.ok(&school, ACTUAL, json!({ "l": hotel_line["addActionCost"]["id"], "a": 38_500 })).await;

        let board = app.ok(&ministry, NATIONAL, json!({})).await;
        let national = &board["nationalBudget"];
        assert_eq!(national["allocatedCents"], 200_000);
        assert_eq!(national["committedCents"], 85_000);
        assert_eq!(national["paidCents"], 38_500);
        assert_eq!(national["consumedCents"], 123_500);
        assert_eq!(national["remainingCents"], 76_500);
        assert_eq!(
            national["byAction"],
            json!([{ "session": { "title": "Juger les violences intrafamiliales" }, "estimatedCents": 125_000, "spent": { "consumedCents": 123_500 } }])
        );
        let category =
            |c: &str| national["byCategory"].as_array().unwrap().iter().find(|x| x["category"] == c).unwrap().clone();
        assert_eq!(
            category("SPEAKER_FEES"),
            json!({ "category": "SPEAKER_FEES", "plannedCents": 60_000, "spent": { "consumedCents": 60_000 } })
        );
        assert_eq!(category("ACCOMMODATION")["spent"]["consumedCents"], 38_500);
        let months: i64 =
            national["monthly"].as_array().unwrap().iter().map(|m| m["spent"]["consumedCents"].as_i64().unwrap()).sum();
        assert_eq!(months, 123_500, "every cent in a month");
        assert_eq!(app.error_code(Some(&delegate), NATIONAL, json!({})).await, "FORBIDDEN");

        // Beyond the budget: refused, unless the School forces it with its reason.
        let big = json!({ "category": "TRAVEL", "beneficiary": "PARTICIPANT", "label": "Vols pour l’outre-mer", "estimatedCents": 80_000 });
        assert_eq!(app.error_code(Some(&school), ADD, json!({ "s": session, "i": big })).await, "BUDGET_EXCEEDED");
        let mut forced = big.clone();
        forced["forceReason"] = json!("Participants de Nouméa et Papeete, arbitrage du directeur.");
        app.ok(&school, ADD, json!({ "s": session, "i": forced })).await;
        assert_eq!(app.ok(&school, NATIONAL, json!({})).await["nationalBudget"]["remainingCents"], -3_500);
        assert_eq!(app.scalar_i64("SELECT consumed_cents FROM national_budgets WHERE year = 2027").await, 203_500);
        // The budget never goes below what is consumed.
        assert_eq!(app.error_code(Some(&director), NATIONAL_BUDGET, json!({ "a": 100_000 })).await, "VALIDATION");
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'national_budget.set'").await, 1);
    }
);
