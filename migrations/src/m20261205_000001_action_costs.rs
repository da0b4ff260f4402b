//! What actions cost (art. 132, 139): the School's scale of speakers' fees per year, the national
//! budget of the School's own actions with its running counter, and each action's cost lines
//! (fees, travel, accommodation of speakers and participants), estimated then actual, charged to
//! the national budget or to a court's credits through the court's own entries.

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE fee_rates (
    id {pk},
    year INTEGER NOT NULL,
    label TEXT NOT NULL,
    unit TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    set_by BIGINT REFERENCES users(id),
    set_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_fee_rates_year_label ON fee_rates(year, label);
CREATE TABLE national_budgets (
    id {pk},
    year INTEGER NOT NULL,
    allocated_cents BIGINT NOT NULL,
    consumed_cents BIGINT NOT NULL,
    set_by BIGINT REFERENCES users(id),
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_national_budgets_year ON national_budgets(year);
CREATE TABLE action_costs (
    id {pk},
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    year INTEGER NOT NULL,
    category TEXT NOT NULL,
    beneficiary TEXT NOT NULL,
    trainer_id BIGINT REFERENCES trainers(id),
    magistrate_id BIGINT REFERENCES users(id),
    label TEXT NOT NULL,
    fee_rate_id BIGINT REFERENCES fee_rates(id),
    units INTEGER,
    estimated_cents BIGINT NOT NULL,
    actual_cents BIGINT,
    court_id BIGINT REFERENCES courts(id),
    commitment_id BIGINT REFERENCES expenses(id),
    payment_id BIGINT REFERENCES expenses(id),
    estimated_on DATE NOT NULL,
    actual_on DATE,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_action_costs_session ON action_costs(session_id);
CREATE INDEX ix_action_costs_year ON action_costs(year, court_id)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in ["action_costs", "national_budgets", "fee_rates"] {
            db.execute_unprepared(&format!("DROP TABLE {table}")).await?;
        }
        Ok(())
    }
}
