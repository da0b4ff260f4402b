//! Magistra's database schema as sea-orm migrations, the same on SQLite and PostgreSQL.
//!
//! The DDL is written once as SQL; only the auto-increment primary key differs between the two
//! backends. Partial unique indexes (same syntax on both) carry the rules the database must hold
//! whatever the concurrency: one live application per magistrate and session, unique ranks per
//! magistrate and year, unique waitlist positions per session.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;
/// Running the migrations (`Migrator::up`, `down`) needs the trait in scope.
pub use sea_orm_migration::MigratorTrait;

mod m20261123_000001_national_cycle;
mod m20261124_000001_attendance_and_sheets;
mod m20261125_000001_deconcentrated_budget;
mod m20261126_000001_login_failures;
mod m20261127_000001_catalogue_revision;
mod m20261129_000001_revoked_tokens;
mod m20261129_000002_anonymous_evaluations;
mod m20261129_000003_outbox_retries;
mod m20261130_000001_careers;
mod m20261130_000002_session_functions;
mod m20261130_000003_selection_seeds;
mod m20261130_000004_allocation_runs;
mod m20261201_000001_time_zones_and_calendars;
mod m20261202_000001_observation_notices;
mod m20261203_000001_plan_cycle;
mod m20261204_000001_trainers;
mod m20261205_000001_action_costs;
mod m20261206_000001_reports;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_national_cycle::Migration),
            Box::new(m20261124_000001_attendance_and_sheets::Migration),
            Box::new(m20261125_000001_deconcentrated_budget::Migration),
            Box::new(m20261126_000001_login_failures::Migration),
            Box::new(m20261127_000001_catalogue_revision::Migration),
            Box::new(m20261129_000001_revoked_tokens::Migration),
            Box::new(m20261129_000002_anonymous_evaluations::Migration),
            Box::new(m20261129_000003_outbox_retries::Migration),
            Box::new(m20261130_000001_careers::Migration),
            Box::new(m20261130_000002_session_functions::Migration),
            Box::new(m20261130_000003_selection_seeds::Migration),
            Box::new(m20261130_000004_allocation_runs::Migration),
            Box::new(m20261201_000001_time_zones_and_calendars::Migration),
            Box::new(m20261202_000001_observation_notices::Migration),
            Box::new(m20261203_000001_plan_cycle::Migration),
            Box::new(m20261204_000001_trainers::Migration),
            Box::new(m20261205_000001_action_costs::Migration),
            Box::new(m20261206_000001_reports::Migration),
        ]
    }
}

/// Runs each `;`-separated statement of `sql` after replacing `{pk}` by the backend's
/// auto-increment primary key.
pub(crate) async fn run_script(manager: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    let pk = match manager.get_database_backend() {
        DatabaseBackend::Postgres => "BIGSERIAL PRIMARY KEY",
        _ => "INTEGER PRIMARY KEY AUTOINCREMENT",
    };
    let db = manager.get_connection();
    for statement in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        db.execute_unprepared(&statement.replace("{pk}", pk)).await?;
    }
    Ok(())
}
