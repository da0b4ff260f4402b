//! The deconcentrated cycle in the regulation's order (art. 137, 139): the council's opinion on a
//! plan, the School's verdict on each action, the reference of the board's opinion the credits
//! follow, the day a plan was funded, and the day each year's programme went online.

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE plan_council_opinions (
    id {pk},
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    meeting_date DATE NOT NULL,
    opinion TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_plan_council_opinions_plan ON plan_council_opinions(plan_id);
ALTER TABLE plans ADD COLUMN funded_at TIMESTAMPTZ;
ALTER TABLE plan_actions ADD COLUMN retained BOOLEAN;
ALTER TABLE plan_actions ADD COLUMN evaluation_reason TEXT;
ALTER TABLE plan_actions ADD COLUMN retained_cents BIGINT;
ALTER TABLE allocations ADD COLUMN board_reference TEXT;
CREATE TABLE programme_releases (
    id {pk},
    year INTEGER NOT NULL,
    online_on DATE NOT NULL,
    released_by BIGINT REFERENCES users(id),
    released_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_programme_releases_year ON programme_releases(year)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP TABLE programme_releases").await?;
        db.execute_unprepared("DROP TABLE plan_council_opinions").await?;
        for (table, column) in [
            ("allocations", "board_reference"),
            ("plan_actions", "retained_cents"),
            ("plan_actions", "evaluation_reason"),
            ("plan_actions", "retained"),
            ("plans", "funded_at"),
        ] {
            db.execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN {column}")).await?;
        }
        Ok(())
    }
}
