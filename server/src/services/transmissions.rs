//! Year-end transmission of the training sheets (art. 136): to the magistrate, to their
//! evaluating authority and to the Ministry. Each transmission is recorded once; calling again
//! sends only what was not sent.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shared::{NotificationKind, Role, SheetRecipient};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::{magistrate, sheet_transmission};
use crate::error::{AppError, AppResult};

use super::audit::{self, Change};
use super::notifications::{self, Message};
use super::Env;

/// What a transmission did.
pub struct TransmissionOutcome {
    /// Magistrates with at least one new transmission.
    pub sheets: u32,
    /// Transmissions recorded by this call.
    pub transmissions: u32,
    /// Transmissions that had already been made and were not repeated.
    pub already_sent: u32,
}

/// Transmits the sheets of `year`, for one court or all, by the director.
pub async fn transmit(env: &Env<'_>, year: i32, court_id: Option<i64>) -> AppResult<TransmissionOutcome> {
    policy::ensure(policy::can_transmit_sheets(env.user))?;
    let txn = begin_write(env.db).await?;
    let mut query = magistrate::Entity::find();
    if let Some(court_id) = court_id {
        query = query.filter(magistrate::Column::CourtId.eq(court_id));
    }
    let people = query.all(&txn).await?;
    if let Some(court_id) = court_id {
        if people.is_empty() && crate::entities::court::Entity::find_by_id(court_id).one(&txn).await?.is_none() {
            return Err(AppError::not_found("Cour d’appel"));
        }
    }
    let done: HashSet<(i64, SheetRecipient)> = sheet_transmission::Entity::find()
        .filter(sheet_transmission::Column::Year.eq(year))
        .all(&txn)
        .await?
        .into_iter()
        .map(|t| (t.magistrate_id, t.recipient))
        .collect();
    let mut rows = Vec::new();
    let mut changes = Vec::new();
    let mut already_sent = 0;
    let mut sheets = 0;
    for person in &people {
        let mut recipients = vec![(SheetRecipient::Magistrate, Some(person.user_id)), (SheetRecipient::Ministry, None)];
        if let Some(evaluator) = person.evaluator_id {
            recipients.push((SheetRecipient::Evaluator, Some(evaluator)));
        }
        let mut new_for_person = Vec::new();
        for (recipient, user_id) in recipients {
            if done.contains(&(person.user_id, recipient)) {
                already_sent += 1;
                continue;
            }
            new_for_person.push(recipient.as_str());
            rows.push(sheet_transmission::ActiveModel {
                magistrate_id: sea_orm::Set(person.user_id),
                year: sea_orm::Set(year),
                recipient: sea_orm::Set(recipient),
                recipient_user_id: sea_orm::Set(user_id),
                transmitted_by: sea_orm::Set(Some(env.user.id)),
                transmitted_at: sea_orm::Set(env.now),
                ..Default::default()
            });
            if let Some(user_id) = user_id {
                let message = Message {
                    kind: NotificationKind::SheetTransmitted,
                    title: format!("Fiche-formation {year}"),
                    body: if recipient == SheetRecipient::Magistrate {
                        format!("Votre fiche-formation {year} vous est transmise par l’École (art. 136).")
                    } else {
                        format!(
                            "La fiche-formation {year} d’un magistrat que vous évaluez vous est transmise (art. 136)."
                        )
                    },
                    session_id: None,
                    application_id: None,
                };
                notifications::send(&txn, user_id, &message, env.now).await?;
            }
        }
        if !new_for_person.is_empty() {
            sheets += 1;
            changes.push(Change {
                actor_id: Some(env.user.id),
                at: env.now,
                action: "sheet.transmit",
                entity: "magistrate",
                entity_id: person.user_id,
                before: None,
                after: Some(serde_json::json!({ "year": year, "recipients": new_for_person })),
            });
        }
    }
    let transmissions = rows.len() as u32;
    for chunk in rows.chunks(500) {
        sheet_transmission::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    audit::record_many(&txn, changes).await?;
    if sheets > 0 {
        let message = Message {
            kind: NotificationKind::SheetTransmitted,
            title: format!("Fiches-formation {year} transmises"),
            body: format!("L’École transmet {sheets} fiche(s)-formation {year} à la direction des services judiciaires (art. 136)."),
            session_id: None,
            application_id: None,
        };
        notifications::send_to_role(&txn, Role::Ministry, None, &message, env.now).await?;
    }
    txn.commit().await?;
    Ok(TransmissionOutcome { sheets, transmissions, already_sent: already_sent as u32 })
}
