//! The digest of new offers (art. 129): once a day, a magistrate who asked for it in « Mon compte »
//! receives one message listing the actions published since the last digest that are open to them
//! (national, or organised by their court, applications not closed), not one message per action.
//! Each action goes out once (`sessions.offers_announced_at`). Run by the deadline sweep, once a day
//! on the School's clock; the preference is set by `setOffersDigest`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use shared::rules::window::{offered_to_magistrate, Offer};
use shared::{dates, NotificationKind, SessionStatus};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::{magistrate, session, session_court, user};
use crate::error::{AppError, AppResult};

use super::audit::{self, Change};
use super::notifications::{self, Message};
use super::Env;

/// Sends today's digests unless they already went out today; returns how many were sent.
pub async fn send_due(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<u32> {
    if notifications::sent_today(db, NotificationKind::NewOffers, now).await? {
        return Ok(0);
    }
    let fresh: Vec<session::Model> = session::Entity::find()
        .filter(session::Column::Status.eq(SessionStatus::Published))
        .filter(session::Column::OffersAnnouncedAt.is_null())
        .order_by_asc(session::Column::StartDate)
        .all(db)
        .await?
        .into_iter()
        .filter(|s| s.today(now) <= s.applications_close)
        .collect();
    if fresh.is_empty() {
        return Ok(0);
    }
    let mut courts: HashMap<i64, Vec<i64>> = HashMap::new();
    for link in session_court::Entity::find()
        .filter(session_court::Column::SessionId.is_in(fresh.iter().map(|s| s.id)))
        .all(db)
        .await?
    {
        courts.entry(link.session_id).or_default().push(link.court_id);
    }
    let subscribers: Vec<i64> = user::Entity::find()
        .filter(user::Column::OffersDigest.eq(true))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let profiles = magistrate::Entity::find().filter(magistrate::Column::UserId.is_in(subscribers)).all(db).await?;
    let txn = begin_write(db).await?;
    // Each action marked by a conditional update of its own: a sweep running at the same time
    // announces none of the same, so no offer goes out twice.
    let mut announced = Vec::new();
    for s in fresh {
        let changed = session::Entity::update_many()
            .col_expr(session::Column::OffersAnnouncedAt, Expr::value(now))
            .filter(session::Column::Id.eq(s.id))
            .filter(session::Column::OffersAnnouncedAt.is_null())
            .exec(&txn)
            .await?;
        if changed.rows_affected == 1 {
            announced.push(s);
        }
    }
    let mut messages = Vec::new();
    for profile in &profiles {
        let offered: Vec<&session::Model> = announced
            .iter()
            .filter(|s| {
                let court_ids = courts.get(&s.id).map_or(&[][..], Vec::as_slice);
                let offer = Offer {
                    status: s.status,
                    scope: s.scope,
                    applications_open: s.applications_open,
                    applications_close: s.applications_close,
                    court_ids,
                };
                offered_to_magistrate(&offer, s.today(now), profile.court_id)
            })
            .collect();
        if !offered.is_empty() {
            messages.push((profile.user_id, digest(&offered)));
        }
    }
    notifications::send_many(&txn, &messages, now).await?;
    let changes = announced
        .iter()
        .map(|s| s.id)
        .map(|id| Change {
            actor_id: None,
            at: now,
            action: "session.offers_announced",
            entity: "session",
            entity_id: id,
            before: None,
            after: Some(serde_json::json!({ "offersAnnouncedAt": now, "digests": messages.len() })),
        })
        .collect();
    audit::record_many(&txn, changes).await?;
    txn.commit().await?;
    Ok(u32::try_from(messages.len()).unwrap_or(u32::MAX))
}

/// The message listing `offers` to one magistrate.
fn digest(offers: &[&session::Model]) -> Message {
    let title = match offers.len() {
        1 => format!("Nouvelle offre de formation : {}", offers[0].title),
        n => format!("{n} nouvelles offres de formation ouvertes à votre candidature"),
    };
    let lines: Vec<String> = offers
        .iter()
        .map(|s| {
            let place = s.location.as_deref().map(|l| format!(", {l}")).unwrap_or_default();
            format!(
                "– « {} » ({}), du {} au {}{place} — candidatures du {} au {}",
                s.title,
                s.code.as_deref().unwrap_or("sans code"),
                dates::long_fr(s.start_date),
                dates::long_fr(s.end_date),
                dates::long_fr(s.applications_open),
                dates::long_fr(s.applications_close)
            )
        })
        .collect();
    Message {
        kind: NotificationKind::NewOffers,
        title,
        body: format!(
            "{} au programme de formation continue et {} à votre candidature (art. 129 du règlement \
             intérieur de l’École) :\n\n{}\n\n\
             Vous recevez ce résumé parce que vous l’avez demandé dans « Mon compte », où vous pouvez \
             l’arrêter.",
            if offers.len() == 1 {
                "Cette action vient d’être publiée"
            } else {
                "Ces actions viennent d’être publiées"
            },
            if offers.len() == 1 { "est ouverte" } else { "sont ouvertes" },
            lines.join("\n")
        ),
        session_id: None,
        application_id: None,
    }
}

/// Asks for the daily digest of new offers, or stops it; the caller's own preference.
pub async fn set_preference(env: &Env<'_>, enabled: bool) -> AppResult<bool> {
    policy::ensure(policy::can_ask_offers_digest(env.user))?;
    let txn = begin_write(env.db).await?;
    let before = user::Entity::find_by_id(env.user.id).one(&txn).await?.ok_or_else(|| AppError::not_found("Compte"))?;
    if before.offers_digest != enabled {
        user::Entity::update_many()
            .col_expr(user::Column::OffersDigest, Expr::value(enabled))
            .filter(user::Column::Id.eq(env.user.id))
            .exec(&txn)
            .await?;
        audit::record(
            &txn,
            Change::by(
                env,
                "user.offers_digest",
                "user",
                env.user.id,
                Some(serde_json::json!({ "offersDigest": before.offers_digest })),
                Some(serde_json::json!({ "offersDigest": enabled })),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(enabled)
}
