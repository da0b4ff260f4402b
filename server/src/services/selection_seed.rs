//! The seed of a year's national selection draw (issue 17; CRPA L312-1-3, the rules published).
//! It is made once, when the year's first national action is published, from 32 random bytes; its
//! SHA-256 is public from then on (`allocationSeedCommitment`), and the seed itself only once the
//! year's national wishes have closed — so anyone can check that the draw
//! (`shared::rules::allocation::draw_number`) was not chosen after the wishes were known.

use chrono::{DateTime, NaiveDate, Utc};
use rand::RngCore;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use sha2::{Digest, Sha256};
use shared::{Scope, SessionStatus};

use crate::directory_upload::hex;
use crate::entities::{selection_seed, session};
use crate::error::AppResult;

use super::audit::{self, Change};
use super::Env;

/// A year's commitment: the seed's SHA-256, and the seed once it may be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedCommitment {
    pub year: i32,
    /// SHA-256 of the seed's bytes, in hexadecimal.
    pub sha256: String,
    pub committed_at: DateTime<Utc>,
    /// The seed in hexadecimal, once the year's national wishes have closed.
    pub seed: Option<String>,
}

/// The seed's bytes from its hexadecimal.
pub fn seed_bytes(seed: &str) -> Vec<u8> {
    (0..seed.len() / 2).filter_map(|i| u8::from_str_radix(seed.get(2 * i..2 * i + 2)?, 16).ok()).collect()
}

/// Makes `year`'s seed if it has none yet, in the caller's transaction (the publication of a
/// national action by `env.user`); audited once, when made.
pub async fn ensure(env: &Env<'_>, db: &impl ConnectionTrait, year: i32) -> AppResult<()> {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let seed = hex(&bytes);
    let row = selection_seed::ActiveModel { year: Set(year), seed: Set(seed), committed_at: Set(env.now) };
    let inserted = selection_seed::Entity::insert(row)
        .on_conflict(OnConflict::column(selection_seed::Column::Year).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if inserted == 1 {
        let after = serde_json::json!({ "year": year, "sha256": hex(&Sha256::digest(bytes)) });
        audit::record(
            db,
            Change::by(env, "selection.seed_commit", "selection_seed", i64::from(year), None, Some(after)),
        )
        .await?;
    }
    Ok(())
}

/// `year`'s commitment, if a national action of that year was ever published.
pub async fn commitment(db: &impl ConnectionTrait, year: i32, today: NaiveDate) -> AppResult<Option<SeedCommitment>> {
    let Some(found) = selection_seed::Entity::find_by_id(year).one(db).await? else {
        return Ok(None);
    };
    let revealed = wishes_closed(db, year, today).await?;
    Ok(Some(SeedCommitment {
        year,
        sha256: hex(&Sha256::digest(seed_bytes(&found.seed))),
        committed_at: found.committed_at,
        seed: revealed.then_some(found.seed),
    }))
}

/// Whether every published national action of `year` has closed its applications before `today`.
async fn wishes_closed(db: &impl ConnectionTrait, year: i32, today: NaiveDate) -> AppResult<bool> {
    let last_close: Option<NaiveDate> = session::Entity::find()
        .select_only()
        .column_as(session::Column::ApplicationsClose.max(), "last")
        .filter(session::Column::Year.eq(year))
        .filter(session::Column::Scope.eq(Scope::National))
        .filter(session::Column::Status.ne(SessionStatus::Draft))
        .into_tuple::<Option<NaiveDate>>()
        .one(db)
        .await?
        .flatten();
    Ok(last_close.is_some_and(|close| close < today))
}
