//! What every request shares: the database, the clock, the signing keys and the settings.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::JwtKeys;
use crate::clock::SharedClock;
use crate::events::Events;
use crate::live::{FanOut, LiveLimits};
use crate::metrics::Metrics;
use crate::services::catalogue::CataloguePages;
use crate::services::dashboard::CourtFigures;
use crate::services::wish_writer::WishWriter;
use crate::settings::Settings;
use crate::visitor_limit::VisitorLimit;

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
    /// Live connections and subscriptions held per person.
    pub live: LiveLimits,
    /// A court's figures computed once per change for all its dashboards' subscriptions.
    pub budget_fan_out: FanOut<u64, Option<Arc<CourtFigures>>>,
    /// How many times the figures were computed for subscribers (one per change, whatever the
    /// number of subscribers); read by the tests.
    pub figures_computed: Arc<AtomicU64>,
    /// Requests, latency and errors per GraphQL operation, for `/metrics`.
    pub metrics: Metrics,
    /// What each address has asked of the public reads without logging in.
    pub visitors: Arc<VisitorLimit>,
    /// The national adoptions in progress, for their progress bar.
    pub adoptions: Arc<crate::services::allocation::progress::Adoptions>,
    /// The OpenID relying party, when single sign-on is configured.
    pub oidc: Option<Arc<crate::auth::oidc::OidcClient>>,
}
