//! Local time and calendars (issue 18). Each court of appeal gets its time zone (the six overseas
//! courts their own, every other Europe/Paris), and each action the zone its dates and deadlines are
//! read in: the School's for the national programme, the organising court's for a deconcentrated
//! action. An application keeps the `SEQUENCE` of the last calendar invitation sent for it (RFC
//! 5546) and the last of the messages asking to confirm it sent (art. 131: the invitation, the
//! reminder a week before the due date, the one on its eve), an outbox message the calendar it
//! carries, and a person the hash of their secret calendar address and whether they asked for the
//! digest of new offers (art. 129).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The overseas courts' zones when this was written (`shared::rules::local_time`).
const OVERSEAS: [(&str, &str); 6] = [
    ("Basse-Terre", "America/Guadeloupe"),
    ("Cayenne", "America/Cayenne"),
    ("Fort-de-France", "America/Martinique"),
    ("Nouméa", "Pacific/Noumea"),
    ("Papeete", "Pacific/Tahiti"),
    ("Saint-Denis", "Indian/Reunion"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for statement in [
            "ALTER TABLE courts ADD COLUMN time_zone VARCHAR(64) NOT NULL DEFAULT 'Europe/Paris'",
            "ALTER TABLE sessions ADD COLUMN time_zone VARCHAR(64) NOT NULL DEFAULT 'Europe/Paris'",
            "ALTER TABLE applications ADD COLUMN calendar_sequence INTEGER NULL",
            "ALTER TABLE applications ADD COLUMN confirmation_notice_level INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE notifications ADD COLUMN calendar TEXT NULL",
            "ALTER TABLE users ADD COLUMN calendar_token_hash VARCHAR(64) NULL",
            "ALTER TABLE users ADD COLUMN offers_digest BOOLEAN NOT NULL DEFAULT FALSE",
            "CREATE UNIQUE INDEX idx_users_calendar_token ON users (calendar_token_hash)",
        ] {
            db.execute_unprepared(statement).await?;
        }
        for (court, zone) in OVERSEAS {
            db.execute_unprepared(&format!("UPDATE courts SET time_zone = '{zone}' WHERE name = '{court}'")).await?;
        }
        // The organising court with the smallest id, as `server::services::lookup::action_time_zone`.
        db.execute_unprepared(
            "UPDATE sessions SET time_zone = (SELECT courts.time_zone FROM session_courts \
             JOIN courts ON courts.id = session_courts.court_id WHERE session_courts.session_id = sessions.id \
             ORDER BY courts.id LIMIT 1) \
             WHERE scope = 'DECONCENTRATED' AND EXISTS (SELECT 1 FROM session_courts \
             WHERE session_courts.session_id = sessions.id)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX idx_users_calendar_token").await?;
        for (table, column) in [
            ("users", "offers_digest"),
            ("users", "calendar_token_hash"),
            ("notifications", "calendar"),
            ("applications", "confirmation_notice_level"),
            ("applications", "calendar_sequence"),
            ("sessions", "time_zone"),
            ("courts", "time_zone"),
        ] {
            db.execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN {column}")).await?;
        }
        Ok(())
    }
}
