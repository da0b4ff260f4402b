//! The public page of the national selection's rules (CRPA L312-1-3: the rules of an algorithmic
//! treatment that decisions rest on are published): what the algorithm does, its criteria and
//! their order, the draw and its commitment for the programme years, and each magistrate's right
//! to have the rules and their application explained (L311-3-1, R311-3-1-2). Served by the server
//! as plain HTML at `/regles-de-selection`, readable without signing in and without JavaScript.

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Datelike;
use shared::dates::long_fr;
use shared::rules::allocation::Criterion;

use crate::services::selection_seed;
use crate::state::AppState;

/// The page's address.
pub const PATH: &str = "/regles-de-selection";

pub fn routes() -> Router<AppState> {
    Router::new().route(PATH, get(page)).route("/regles-de-selection.css", get(stylesheet))
}

async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("page.css")).into_response()
}

async fn page(State(state): State<AppState>) -> Response {
    let today = state.clock.today();
    let mut commitments = String::new();
    for year in [today.year(), today.year() + 1] {
        let line = match selection_seed::commitment(&state.db, year, today).await {
            Ok(Some(c)) => format!(
                "<li><strong>{year}</strong> : engagement du {} — empreinte SHA-256 de la graine <code>{}</code> ; graine : {}.</li>",
                long_fr(shared::rules::local_time::school_today(c.committed_at)),
                escape(&c.sha256),
                c.seed.map(|s| format!("<code>{}</code> (révélée, les vœux étant clos)", escape(&s))).unwrap_or_else(|| {
                    "tenue secrète jusqu’à la clôture des vœux".to_owned()
                })
            ),
            Ok(None) => format!("<li><strong>{year}</strong> : aucune action nationale publiée, pas encore de tirage engagé.</li>"),
            Err(error) => {
                tracing::error!(?error, year, "the rules page could not read the draw's commitment");
                format!("<li><strong>{year}</strong> : l’engagement n’a pu être lu ; réessayez plus tard.</li>")
            }
        };
        commitments.push_str(&line);
    }
    let criteria: String = [
        Criterion::StatutoryNeed,
        Criterion::Observation,
        Criterion::TargetsFunction,
        Criterion::RecentTraining,
        Criterion::Draw,
    ]
    .iter()
    .map(|c| format!("<li>{}</li>", c.label_fr()))
    .collect();
    let html = include_str!("page.html").replace("{criteria}", &criteria).replace("{commitments}", &commitments);
    ([(header::CACHE_CONTROL, "no-cache")], Html(html)).into_response()
}

/// Text made safe inside HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
