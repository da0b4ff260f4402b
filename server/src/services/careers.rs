//! People's careers as stored: each person's postings, read as the pure rules of
//! `shared::rules::careers` need them (art. 126).

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::rules::careers::{art_126_period, current, function_taken_up_on, never_held_before, PostingSpan};

use crate::entities::posting;
use crate::error::AppResult;

/// People per `IN (…)` list.
const BATCH: usize = 500;

/// The postings of each of `ids`, oldest first; a person without postings is absent.
pub async fn histories(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<HashMap<i64, Vec<PostingSpan>>> {
    let mut out: HashMap<i64, Vec<PostingSpan>> = HashMap::new();
    for chunk in ids.chunks(BATCH) {
        let rows = posting::Entity::find()
            .filter(posting::Column::UserId.is_in(chunk.to_vec()))
            .order_by_asc(posting::Column::StartedOn)
            .order_by_asc(posting::Column::Id)
            .all(db)
            .await?;
        for row in rows {
            out.entry(row.user_id).or_default().push(PostingSpan {
                function_id: row.function_id,
                started_on: row.started_on,
                ended_on: row.ended_on,
            });
        }
    }
    Ok(out)
}

/// Art. 126 as the history says: when the present function was taken up, and whether it had
/// never been held before. `None` without postings.
pub fn present_function(history: &[PostingSpan]) -> Option<(NaiveDate, bool)> {
    let now = current(history)?;
    Some((function_taken_up_on(history, now), never_held_before(history, now)))
}

/// Whether, on `today`, the person's present function was never held before and its art. 126
/// period has not ended (a function taken up next September counts: its training is ahead).
pub fn in_new_function_period(history: &[PostingSpan], today: NaiveDate) -> bool {
    match present_function(history) {
        Some((taken_up, true)) => today < art_126_period(taken_up).1,
        _ => false,
    }
}
