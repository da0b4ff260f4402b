//! `myData` (issue 16; GDPR art. 15, the right of access): everything Magistra holds on the person
//! who asks — profile, career and postings, roles, wishes with the opinions received and the
//! decisions, attendance, validations, training needs, notifications, and the audit entries about
//! their account and their wishes. Evaluations of trainings are anonymous (art. 135) and linked to no one,
//! so they cannot be part of it. Only ever the caller's own data: there is no argument.

use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};

use crate::entities::{
    application, attendance, audit_log, magistrate, notification, observation, posting, role_assignment, training_need,
    user, validation_request,
};
use crate::error::{AppError, AppResult};

use super::Env;

/// The caller's data, as one JSON document with French section names.
pub async fn my_data(env: &Env<'_>) -> AppResult<Value> {
    let me = env.user.id;
    let db = env.db;
    let account = user::Entity::find_by_id(me).one(db).await?.ok_or_else(AppError::unauthenticated)?;
    let career = magistrate::Entity::find_by_id(me).one(db).await?;
    let postings = posting::Entity::find()
        .filter(posting::Column::UserId.eq(me))
        .order_by_asc(posting::Column::StartedOn)
        .all(db)
        .await?;
    let roles = role_assignment::Entity::find().filter(role_assignment::Column::UserId.eq(me)).all(db).await?;
    let wishes = application::Entity::find()
        .filter(application::Column::MagistrateId.eq(me))
        .order_by_asc(application::Column::Id)
        .all(db)
        .await?;
    let wish_ids: Vec<i64> = wishes.iter().map(|a| a.id).collect();
    let opinions = observation::Entity::find()
        .filter(observation::Column::ApplicationId.is_in(wish_ids.clone()))
        .order_by_asc(observation::Column::Id)
        .all(db)
        .await?;
    let presence = attendance::Entity::find()
        .filter(attendance::Column::ApplicationId.is_in(wish_ids.clone()))
        .order_by_asc(attendance::Column::Day)
        .all(db)
        .await?;
    let validations = validation_request::Entity::find()
        .filter(validation_request::Column::MagistrateId.eq(me))
        .order_by_asc(validation_request::Column::Id)
        .all(db)
        .await?;
    let needs = training_need::Entity::find()
        .filter(training_need::Column::MagistrateId.eq(me))
        .order_by_asc(training_need::Column::Id)
        .all(db)
        .await?;
    let notifications = notification::Entity::find()
        .filter(notification::Column::UserId.eq(me))
        .order_by_asc(notification::Column::Id)
        .all(db)
        .await?;
    // Entries about the person only: what they did to others' records (an administrator's imports,
    // a head of court's observations) is those others' data, not theirs to export.
    let about_me = Condition::any()
        .add(Condition::all().add(audit_log::Column::Entity.eq("user")).add(audit_log::Column::EntityId.eq(me)))
        .add(
            Condition::all()
                .add(audit_log::Column::Entity.eq("application"))
                .add(audit_log::Column::EntityId.is_in(wish_ids)),
        );
    let audit = audit_log::Entity::find().filter(about_me).order_by_asc(audit_log::Column::Id).all(db).await?;
    Ok(json!({
        "extrait_le": env.now,
        "profil": {
            "id": account.id,
            "identifiant": account.hr_id,
            "nom": account.display_name,
            "courriel": account.email,
            "actif": account.active,
            "cree_le": account.created_at,
            "mot_de_passe_local": account.password_hash != super::directory_import::NO_LOCAL_PASSWORD,
        },
        "carriere": career,
        "affectations": postings,
        "roles": roles,
        "voeux_et_decisions": wishes,
        "avis_recus": opinions,
        "presences": presence,
        "validations": validations,
        "besoins_de_formation": needs,
        "notifications": notifications,
        "journal": audit,
    }))
}
