//! Agreements with an outside body, public or private, for an action (art. 132): the partner,
//! what it is for, its amount in cents and its dates; recorded by whoever manages the action.

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::auth::policy::{self, SessionScope};
use crate::db::begin_write;
use crate::entities::session_agreement;
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::{lookup, Env};

/// An agreement as written.
pub struct AgreementInput {
    pub partner: String,
    pub object: String,
    pub amount_cents: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// Attaches an agreement to `session_id`.
pub async fn record(env: &Env<'_>, session_id: i64, input: AgreementInput) -> AppResult<session_agreement::Model> {
    if input.amount_cents < 0 {
        return Err(AppError::validation("amountCents", "un montant n’est jamais négatif"));
    }
    if input.ends_on < input.starts_on {
        return Err(AppError::validation("endsOn", "la fin de la convention suit son début"));
    }
    let txn = begin_write(env.db).await?;
    let session = lookup::session_for_update(&txn, session_id).await?;
    let courts = lookup::session_courts(&txn, session_id).await?;
    policy::ensure(policy::can_manage_session(env.user, &SessionScope { scope: session.scope, court_ids: &courts }))?;
    let row = session_agreement::ActiveModel {
        session_id: Set(session_id),
        partner: Set(input.partner),
        object: Set(input.object),
        amount_cents: Set(input.amount_cents),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        recorded_by: Set(Some(env.user.id)),
        recorded_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, Change::by(env, "agreement.record", "session_agreement", row.id, None, snapshot(&row))).await?;
    txn.commit().await?;
    Ok(row)
}

/// The agreements of an action, for those who manage it.
pub async fn of_session(env: &Env<'_>, session_id: i64) -> AppResult<Vec<session_agreement::Model>> {
    let session = lookup::session(env.db, session_id).await?;
    let courts = lookup::session_courts(env.db, session_id).await?;
    policy::ensure(policy::can_manage_session(env.user, &SessionScope { scope: session.scope, court_ids: &courts }))?;
    Ok(session_agreement::Entity::find()
        .filter(session_agreement::Column::SessionId.eq(session_id))
        .order_by_asc(session_agreement::Column::Id)
        .all(env.db)
        .await?)
}
