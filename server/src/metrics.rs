//! `/metrics` in the Prometheus text format (version 0.0.4): GraphQL requests and their latency per
//! operation, errors by code, the database pool, the outbox's backlog, live connections and
//! subscriptions. Counters are kept in memory by a schema extension ([`MetricsExtension`]); gauges
//! are read when scraped. Operation names come from clients, so at most [`MAX_OPERATION_NAMES`]
//! are kept apart and the rest counted as `other`; requests without a login count as [`VISITORS`].

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute, NextRequest};
use async_graphql::Response;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use crate::entities::notification;
use crate::graphql::context::RequestUser;
use crate::live::{LiveLimits, SlotKind};

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
/// Distinct operation names kept; later ones are counted as `other`.
pub const MAX_OPERATION_NAMES: usize = 200;
/// The one name under which requests without a login are counted.
pub const VISITORS: &str = "visitor";

/// Requests and latency of one operation.
#[derive(Default, Clone)]
struct OperationFigures {
    count: u64,
    /// Requests at or under each bound of [`BUCKETS`] (cumulative, as Prometheus reads them).
    buckets: [u64; BUCKETS.len()],
    sum_seconds: f64,
}

#[derive(Default)]
struct Registry {
    operations: HashMap<String, OperationFigures>,
    errors: BTreeMap<String, u64>,
}

/// The server's counters; cheap to clone.
#[derive(Clone, Default)]
pub struct Metrics {
    registry: Arc<Mutex<Registry>>,
}

impl Metrics {
    /// Counts one GraphQL request named `operation` that took `elapsed` and failed with `codes`.
    pub fn record(&self, operation: Option<&str>, elapsed: Duration, codes: &[String]) {
        let Ok(mut registry) = self.registry.lock() else { return };
        let name = label(operation);
        let known = registry.operations.contains_key(&name);
        let key = if known || registry.operations.len() < MAX_OPERATION_NAMES { name } else { "other".to_owned() };
        let figures = registry.operations.entry(key).or_default();
        let seconds = elapsed.as_secs_f64();
        figures.count += 1;
        figures.sum_seconds += seconds;
        for (bucket, bound) in figures.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        for code in codes {
            *registry.errors.entry(label(Some(code))).or_default() += 1;
        }
    }

    /// The counters in the text format, followed by the gauges read now.
    pub async fn render(&self, db: &DatabaseConnection, live: &LiveLimits) -> String {
        let mut out = String::new();
        if let Ok(registry) = self.registry.lock() {
            write_operations(&mut out, &registry);
        }
        write_pool(&mut out, db);
        write_outbox(&mut out, db).await;
        let _ = writeln!(out, "# HELP magistra_live_connections WebSocket connections open.");
        let _ = writeln!(out, "# TYPE magistra_live_connections gauge");
        let _ = writeln!(out, "magistra_live_connections {}", live.held(SlotKind::Connection));
        let _ = writeln!(out, "# HELP magistra_live_subscriptions Live subscriptions running.");
        let _ = writeln!(out, "# TYPE magistra_live_subscriptions gauge");
        let _ = writeln!(out, "magistra_live_subscriptions {}", live.held(SlotKind::Subscription));
        out
    }
}

/// A label value: GraphQL names and error codes are `[A-Za-z0-9_]`; anything else is replaced.
fn label(name: Option<&str>) -> String {
    match name.filter(|n| !n.is_empty()) {
        None => "anonymous".to_owned(),
        Some(name) => name.chars().take(64).map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect(),
    }
}

fn write_operations(out: &mut String, registry: &Registry) {
    let mut names: Vec<_> = registry.operations.keys().collect();
    names.sort();
    let _ = writeln!(out, "# HELP magistra_graphql_requests_total GraphQL requests per operation.");
    let _ = writeln!(out, "# TYPE magistra_graphql_requests_total counter");
    for name in &names {
        let _ = writeln!(
            out,
            "magistra_graphql_requests_total{{operation=\"{name}\"}} {}",
            registry.operations[*name].count
        );
    }
    let _ = writeln!(out, "# HELP magistra_graphql_request_seconds Time to answer a GraphQL request.");
    let _ = writeln!(out, "# TYPE magistra_graphql_request_seconds histogram");
    for name in &names {
        let figures = &registry.operations[*name];
        for (bound, count) in BUCKETS.iter().zip(figures.buckets) {
            let _ =
                writeln!(out, "magistra_graphql_request_seconds_bucket{{operation=\"{name}\",le=\"{bound}\"}} {count}");
        }
        let _ = writeln!(
            out,
            "magistra_graphql_request_seconds_bucket{{operation=\"{name}\",le=\"+Inf\"}} {}",
            figures.count
        );
        let _ = writeln!(out, "magistra_graphql_request_seconds_sum{{operation=\"{name}\"}} {}", figures.sum_seconds);
        let _ = writeln!(out, "magistra_graphql_request_seconds_count{{operation=\"{name}\"}} {}", figures.count);
    }
    let _ = writeln!(out, "# HELP magistra_graphql_errors_total GraphQL errors by code.");
    let _ = writeln!(out, "# TYPE magistra_graphql_errors_total counter");
    for (code, count) in &registry.errors {
        let _ = writeln!(out, "magistra_graphql_errors_total{{code=\"{code}\"}} {count}");
    }
}

fn write_pool(out: &mut String, db: &DatabaseConnection) {
    let (size, idle) = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
    };
    let _ = writeln!(out, "# HELP magistra_db_pool_connections Database connections open in the pool.");
    let _ = writeln!(out, "# TYPE magistra_db_pool_connections gauge");
    let _ = writeln!(out, "magistra_db_pool_connections {size}");
    let _ = writeln!(out, "# HELP magistra_db_pool_idle Database connections idle in the pool.");
    let _ = writeln!(out, "# TYPE magistra_db_pool_idle gauge");
    let _ = writeln!(out, "magistra_db_pool_idle {idle}");
}

async fn write_outbox(out: &mut String, db: &DatabaseConnection) {
    let waiting = notification::Entity::find()
        .filter(notification::Column::DeliveredAt.is_null())
        .filter(notification::Column::AbandonedAt.is_null())
        .count(db)
        .await;
    let given_up = notification::Entity::find()
        .filter(notification::Column::DeliveredAt.is_null())
        .filter(notification::Column::AbandonedAt.is_not_null())
        .count(db)
        .await;
    let (Ok(waiting), Ok(given_up)) = (waiting, given_up) else {
        tracing::warn!("metrics: the outbox could not be counted");
        return;
    };
    let _ = writeln!(out, "# HELP magistra_outbox_waiting E-mails waiting to be sent (retries included).");
    let _ = writeln!(out, "# TYPE magistra_outbox_waiting gauge");
    let _ = writeln!(out, "magistra_outbox_waiting {waiting}");
    let _ = writeln!(out, "# HELP magistra_outbox_given_up E-mails the outbox gave up on.");
    let _ = writeln!(out, "# TYPE magistra_outbox_given_up gauge");
    let _ = writeln!(out, "magistra_outbox_given_up {given_up}");
}

/// The schema extension that counts each request.
pub struct MetricsExtension(pub Metrics);

impl ExtensionFactory for MetricsExtension {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestMetrics { metrics: self.0.clone(), operation: Mutex::new(None) })
    }
}

struct RequestMetrics {
    metrics: Metrics,
    operation: Mutex<Option<String>>,
}

#[async_trait::async_trait]
impl Extension for RequestMetrics {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let started = Instant::now();
        let response = next.run(ctx).await;
        let codes: Vec<String> =
            response.errors.iter().map(|e| crate::graphql::guard::code_of(e).as_str().to_owned()).collect();
        let operation = self.operation.lock().ok().and_then(|o| o.clone());
        self.metrics.record(operation.as_deref(), started.elapsed(), &codes);
        response
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        // Anyone may name an operation; only logged-in callers' names are kept apart, so that
        // visitors of the public programme cannot fill the names kept with their own.
        let logged_in = ctx.data_opt::<RequestUser>().is_some_and(|user| user.0.is_some());
        if let Ok(mut slot) = self.operation.lock() {
            *slot = if logged_in { operation_name.map(str::to_owned) } else { Some(VISITORS.to_owned()) };
        }
        next.run(ctx, operation_name).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_cumulative_and_names_are_capped() {
        let metrics = Metrics::default();
        metrics.record(Some("Programme"), Duration::from_millis(30), &[]);
        metrics.record(Some("Programme"), Duration::from_millis(3), &["FORBIDDEN".to_owned()]);
        for n in 0..MAX_OPERATION_NAMES + 10 {
            metrics.record(Some(&format!("op{n}")), Duration::from_millis(1), &[]);
        }
        let Ok(registry) = metrics.registry.lock() else { panic!("the registry is poisoned") };
        let programme = &registry.operations["Programme"];
        assert_eq!(programme.count, 2);
        assert_eq!(programme.buckets[0], 1, "3 ms is under 5 ms");
        assert_eq!(programme.buckets[3], 2, "both under 50 ms");
        assert_eq!(registry.operations.len(), MAX_OPERATION_NAMES + 1, "the rest go to `other`");
        assert_eq!(registry.operations["other"].count, 11);
        assert_eq!(registry.errors["FORBIDDEN"], 1);
    }

    #[test]
    fn labels_never_break_the_format() {
        assert_eq!(label(Some("a\"b}\nc")), "a_b__c");
        assert_eq!(label(None), "anonymous");
    }
}
