//! Migrations that rewrite data, run down and up again on a real base of each kind: an action's
//! target functions stored as names before issue 16 become ids of the reference list (art. 128, 2°),
//! a name the list lacks joining it, and the way back gives the names again.

use migrations::{Migrator, MigratorTrait};
use serde_json::json;
use tests::{on_both_databases, ops, SessionSpec, TestApp};

on_both_databases!(
    the_target_functions_of_earlier_actions_become_ids_of_the_reference_list,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let mut input = SessionSpec::default().input();
        input["targetFunctions"] = json!(["Juge des enfants"]);
        let targeted = app.ok(&school, ops::CREATE_SESSION, json!({ "i": input })).await;
        let targeted = targeted["createSession"]["id"].as_str().unwrap().to_owned();
        let other = app.ok(&school, ops::CREATE_SESSION, json!({ "i": SessionSpec::default().input() })).await;
        let other = other["createSession"]["id"].as_str().unwrap().to_owned();
        let stored = |id: String| {
            let app = &app;
            async move { app.scalar_text(&format!("SELECT target_functions FROM sessions WHERE id = {id}")).await }
        };
        let juge = app.scalar_i64("SELECT id FROM functions WHERE name = 'Juge des enfants'").await;
        assert_eq!(stored(targeted.clone()).await, format!("[{juge}]"));

        // Back to names, as before issue 16, then a name written otherwise and one the list lacks.
        // Down to just before the migration, whatever came after it.
        let applied = Migrator::get_applied_migrations(app.db()).await.unwrap();
        let at = applied.iter().position(|m| m.name() == "m20261130_000002_session_functions").unwrap();
        Migrator::down(app.db(), Some((applied.len() - at) as u32)).await.unwrap();
        assert_eq!(stored(targeted.clone()).await, r#"["Juge des enfants"]"#);
        app.execute(&format!(
            r#"UPDATE sessions SET target_functions = '["Juge des enfants", "juge   DES enfants", "Conseiller d’un temps révolu"]' WHERE id = {other}"#
        ))
        .await;

        Migrator::up(app.db(), None).await.unwrap();
        assert_eq!(stored(targeted).await, format!("[{juge}]"));
        let added = app.scalar_i64("SELECT id FROM functions WHERE name = 'Conseiller d’un temps révolu'").await;
        assert_eq!(stored(other).await, format!("[{juge},{added}]"), "the same function once, the missing one added");
    }
);
