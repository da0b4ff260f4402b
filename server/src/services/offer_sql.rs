//! The SQL twin of `shared::rules::open_to_magistrate`: what a magistrate may apply to today
//! (published, inside its window, national or organised by their own court; art. 129, 139, 140).
//!
//! Two queries need the rule inside the database, for speed: the programme's "open to me" filter
//! and the wish writer's conditional insert. Both take it from here, and
//! `tests/tests/rules_agree.rs` checks on generated sessions that this SQL and the Rust rule
//! give the same answer.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, CaseStatement, Expr, ExprTrait, Query, SimpleExpr};
use shared::rules::local_time;
use shared::{Scope, SessionStatus};

use crate::entities::{session, session_court};

/// The calendar day it is at `now` where each session is held (`session::Model::today`): the day
/// of its zone, the School's for a zone it does not know (`local_time::zone_named`).
fn session_today(sessions: &Alias, now: DateTime<Utc>) -> SimpleExpr {
    let mut days = local_time::days_in_every_zone(now).into_iter();
    let school = days.next().map(|(_, day)| day).unwrap_or_else(|| local_time::school_today(now));
    let mut case = CaseStatement::new();
    for (zone, day) in days {
        case = case.case(Expr::col((sessions.clone(), session::Column::TimeZone)).eq(zone.name()), Expr::val(day));
    }
    case.finally(Expr::val(school)).into()
}

/// Taking applications today where it is held: published and inside its window
/// (`taking_applications`), for the session table named `sessions` in the query.
pub fn taking_applications(sessions: &Alias, now: DateTime<Utc>) -> SimpleExpr {
    let today = session_today(sessions, now);
    Expr::col((sessions.clone(), session::Column::Status))
        .eq(Expr::val(SessionStatus::Published))
        .and(Expr::col((sessions.clone(), session::Column::ApplicationsOpen)).lte(today.clone()))
        .and(Expr::col((sessions.clone(), session::Column::ApplicationsClose)).gte(today))
}

/// National, or organised by `own_court` (the scope half of `open_to_magistrate`).
pub fn offered_to_court(sessions: &Alias, own_court: Option<i64>) -> SimpleExpr {
    let organised_by_own_court = Query::select()
        .expr(Expr::val(1))
        .from(session_court::Entity)
        .and_where(
            Expr::col((session_court::Entity, session_court::Column::SessionId))
                .equals((sessions.clone(), session::Column::Id)),
        )
        .and_where(Expr::col((session_court::Entity, session_court::Column::CourtId)).eq(own_court.unwrap_or(-1)))
        .to_owned();
    Expr::col((sessions.clone(), session::Column::Scope))
        .eq(Expr::val(Scope::National))
        .or(Expr::exists(organised_by_own_court))
}

/// The whole rule: open at `now` to a magistrate of `own_court`.
pub fn open_to_magistrate(sessions: &Alias, now: DateTime<Utc>, own_court: Option<i64>) -> SimpleExpr {
    taking_applications(sessions, now).and(offered_to_court(sessions, own_court))
}

/// The name under which the listing's `FROM sessions` is qualified.
pub fn sessions_table() -> Alias {
    Alias::new("sessions")
}
