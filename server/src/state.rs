//! What every request shares: the database, the clock, the signing keys and the settings.

use sea_orm::DatabaseConnection;

use crate::auth::JwtKeys;
use crate::clock::SharedClock;
use crate::events::Events;
use crate::services::catalogue::CataloguePages;
use crate::services::wish_writer::WishWriter;
use crate::settings::Settings;

/// The server's shared state; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: SharedClock,
    pub keys: JwtKeys,
    pub settings: Settings,
    pub events: Events,
    /// Programme pages kept in memory, checked against the database's revision.
    pub catalogue: CataloguePages,
    /// Writes the wishes arriving together in one transaction.
    pub wishes: WishWriter,
}
