//! The deconcentrated cycle (art. 137–143): training needs, plans with costed actions and the
//! council's priorities, adoptions by the heads of court, credits reserved per court with their
//! history, expenses, and the running budget counter that holds credits under concurrency.

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE training_needs (
    id {pk},
    court_id BIGINT NOT NULL REFERENCES courts(id),
    magistrate_id BIGINT NOT NULL REFERENCES users(id),
    year INTEGER NOT NULL,
    theme TEXT NOT NULL,
    description TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_training_needs_court ON training_needs(court_id, year);
CREATE TABLE plans (
    id {pk},
    court_id BIGINT NOT NULL REFERENCES courts(id),
    year INTEGER NOT NULL,
    status TEXT NOT NULL,
    submitted_at TIMESTAMPTZ,
    evaluation_comment TEXT,
    evaluated_at TIMESTAMPTZ,
    evaluated_by BIGINT REFERENCES users(id),
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_plans_court_year ON plans(court_id, year);
CREATE TABLE plan_actions (
    id {pk},
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    title TEXT NOT NULL,
    format TEXT NOT NULL,
    planned_start DATE NOT NULL,
    planned_end DATE NOT NULL,
    expected_participants INTEGER NOT NULL,
    other_court_ids TEXT NOT NULL DEFAULT '[]',
    priority INTEGER,
    session_id BIGINT REFERENCES sessions(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_plan_actions_plan ON plan_actions(plan_id);
CREATE TABLE plan_cost_lines (
    id {pk},
    action_id BIGINT NOT NULL REFERENCES plan_actions(id),
    category TEXT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0)
);
CREATE INDEX ix_plan_cost_lines_action ON plan_cost_lines(action_id);
CREATE TABLE plan_adoptions (
    id {pk},
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    adopted_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_plan_adoptions ON plan_adoptions(plan_id, user_id);
CREATE TABLE court_budgets (
    id {pk},
    court_id BIGINT NOT NULL REFERENCES courts(id),
    year INTEGER NOT NULL,
    allocated_cents BIGINT NOT NULL,
    consumed_cents BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_court_budgets ON court_budgets(court_id, year);
CREATE TABLE allocations (
    id {pk},
    court_id BIGINT NOT NULL REFERENCES courts(id),
    year INTEGER NOT NULL,
    amount_cents BIGINT NOT NULL,
    board_opinion_date DATE NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_allocations_court ON allocations(court_id, year);
CREATE TABLE expenses (
    id {pk},
    court_id BIGINT NOT NULL REFERENCES courts(id),
    year INTEGER NOT NULL,
    session_id BIGINT REFERENCES sessions(id),
    category TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    kind TEXT NOT NULL,
    spent_on DATE NOT NULL,
    label TEXT NOT NULL,
    settles_expense_id BIGINT REFERENCES expenses(id),
    reverses_expense_id BIGINT REFERENCES expenses(id),
    forced BOOLEAN NOT NULL,
    force_reason TEXT,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_expenses_court ON expenses(court_id, year);
CREATE INDEX ix_expenses_year ON expenses(year, court_id, kind, session_id, settles_expense_id, amount_cents);
CREATE UNIQUE INDEX ux_expenses_reversal ON expenses(reverses_expense_id) WHERE reverses_expense_id IS NOT NULL
"#;

const DOWN: &str = r#"
DROP TABLE expenses; DROP TABLE allocations; DROP TABLE court_budgets; DROP TABLE plan_adoptions;
DROP TABLE plan_cost_lines; DROP TABLE plan_actions; DROP TABLE plans; DROP TABLE training_needs
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, DOWN).await
    }
}
