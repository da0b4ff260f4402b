//! Building and running the server: database, migrations, state, schema, router, background work.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use migrations::Migrator;
use sea_orm::DatabaseConnection;
use sea_orm_migration::MigratorTrait;
use tokio::net::TcpListener;

use crate::auth::JwtKeys;
use crate::clock::SharedClock;
use crate::events::Events;
use crate::services::wish_writer::WishWriter;
use crate::settings::Settings;
use crate::state::AppState;
use crate::visitor_limit::VisitorLimit;
use crate::{db, graphql, http, scheduler};

/// Opens the database and applies every pending migration.
pub async fn prepare_database(url: &str) -> anyhow::Result<DatabaseConnection> {
    let connection = db::connect(url).await?;
    Migrator::up(&connection, None).await?;
    Ok(connection)
}

/// A server bound to its address, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Application {
    /// Connects, migrates and binds; port 0 picks a free port.
    pub async fn build(mut settings: Settings, clock: SharedClock) -> anyhow::Result<Self> {
        let db = prepare_database(&settings.database_url).await?;
        let keys = JwtKeys::new(&settings.jwt_secret);
        let listener = TcpListener::bind(settings.bind).await?;
        if settings.public_url.is_empty() {
            settings.public_url = format!("http://{}", listener.local_addr()?);
        }
        let postgres = (db.get_database_backend() == sea_orm::DatabaseBackend::Postgres).then(|| db.clone());
        let wishes = WishWriter::start(db.clone());
        let visitors = Arc::new(VisitorLimit::new(settings.visitor_rate));
        let oidc = match settings.oidc.clone() {
            Some(oidc) => Some(Arc::new(crate::auth::oidc::OidcClient::new(oidc, &settings.jwt_secret)?)),
            None => None,
        };
        let state = AppState {
            db,
            clock,
            keys,
            settings,
            events: Events::new(postgres),
            catalogue: Default::default(),
            wishes,
            live: Default::default(),
            budget_fan_out: Default::default(),
            figures_computed: Default::default(),
            adoptions: Default::default(),
            metrics: Default::default(),
            visitors,
            oidc,
        };
        let schema = graphql::build_schema(state.clone());
        let router = http::router(state.clone(), schema);
        Ok(Self { listener, router, state })
    }

    pub fn address(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, with the sweep and the outbox running beside.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let sweeps = tokio::spawn(scheduler::run_sweeps(self.state.clone()));
        let outbox = tokio::spawn(scheduler::run_outbox(self.state.clone()));
        let events = self.state.events.clone();
        let listener = if self.state.settings.database_url.starts_with("postgres") {
            tokio::spawn(events.listen(self.state.settings.database_url.clone()))
        } else {
            tokio::spawn(events.follow_notifications(self.state.db.clone()))
        };
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, service).with_graceful_shutdown(shutdown).await;
        sweeps.abort();
        outbox.abort();
        listener.abort();
        Ok(served?)
    }
}
