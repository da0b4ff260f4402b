//! The demo magistrates' postings (art. 126): a current posting for each, and an earlier one when
//! the function was taken up after the nomination — in the same function when the demo says it
//! was held before, in another one when it is held for the first time.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::Assignment;

use super::people::bench_of;
use super::Career;
use crate::entities::{function, posting};

/// The function the demo gives a magistrate's earlier posting when their present one is new.
const EARLIER_FUNCTION: &str = "Juge";
const EARLIER_FUNCTION_IF_JUGE: &str = "Substitut du procureur";

/// The id of every function `names` uses, adding those the reference list lacks.
pub async fn functions<'a>(
    db: &impl ConnectionTrait,
    names: impl Iterator<Item = &'a str>,
) -> anyhow::Result<HashMap<String, i64>> {
    let mut wanted: Vec<String> = names.map(str::to_owned).collect();
    wanted.extend([EARLIER_FUNCTION.to_owned(), EARLIER_FUNCTION_IF_JUGE.to_owned()]);
    wanted.sort();
    wanted.dedup();
    let known: HashMap<String, i64> =
        function::Entity::find().all(db).await?.into_iter().map(|f| (f.name, f.id)).collect();
    let missing: Vec<function::ActiveModel> = wanted
        .iter()
        .filter(|name| !known.contains_key(*name))
        .map(|name| function::ActiveModel { name: Set(name.clone()), ..Default::default() })
        .collect();
    if !missing.is_empty() {
        function::Entity::insert_many(missing).exec_without_returning(db).await?;
    }
    Ok(function::Entity::find()
        .filter(function::Column::Name.is_in(wanted))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.name, f.id))
        .collect())
}

/// The postings of one demo magistrate at `(court, jurisdiction)`.
pub fn postings(
    user_id: i64,
    (court_id, jurisdiction_id): (i64, i64),
    career: &Career,
    ids: &HashMap<String, i64>,
) -> Vec<posting::ActiveModel> {
    let row = |function: &str, from, to| posting::ActiveModel {
        user_id: Set(user_id),
        assignment: Set(Assignment::Jurisdiction),
        court_id: Set(Some(court_id)),
        jurisdiction_id: Set(Some(jurisdiction_id)),
        other_body: Set(None),
        function_id: Set(ids.get(function).copied().unwrap_or_default()),
        bench: Set(bench_of(function)),
        started_on: Set(from),
        ended_on: Set(to),
        import_id: Set(None),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(2);
    if career.function_since > career.appointed_on {
        let earlier = match (career.first_time_in_function, career.function.as_str()) {
            (false, same) => same,
            (true, EARLIER_FUNCTION) => EARLIER_FUNCTION_IF_JUGE,
            (true, _) => EARLIER_FUNCTION,
        };
        out.push(row(earlier, career.appointed_on, Some(career.function_since)));
    }
    out.push(row(&career.function, career.function_since, None));
    out
}
