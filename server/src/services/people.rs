//! The administrator's work on people (issue 16): find a person, read their postings and roles,
//! grant and revoke a role with its scope, disable and enable an account, open an account for
//! someone the directory does not hold and give an account its HR identifier (single sign-on).
//! Every change is audited with its author; the rights are `policy::can_administer_people`.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use shared::rules::roles::check_grant;
use shared::search::fold_for_search;
use shared::values::{email_address, hr_identifier, required_text};
use shared::{ErrorCode, Role};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::{jurisdiction, magistrate, posting, role_assignment, user};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::Env;

/// Most people one search returns.
pub const MAX_FOUND: u64 = 50;

/// A person as the administrator sees them.
pub struct PersonRecord {
    pub user: user::Model,
    pub career: Option<magistrate::Model>,
    pub postings: Vec<posting::Model>,
    pub grants: Vec<role_assignment::Model>,
}

/// People whose name, e-mail or HR identifier matches `search`, by name.
pub async fn find(env: &Env<'_>, search: &str, first: u64) -> AppResult<Vec<user::Model>> {
    policy::ensure(policy::can_administer_people(env.user))?;
    let term = fold_for_search(search);
    let mut query = user::Entity::find();
    if !term.is_empty() {
        let pattern = format!("%{term}%");
        query = query.filter(
            Condition::any()
                .add(user::Column::SearchName.like(pattern.clone()))
                .add(user::Column::Email.like(format!("%{}%", search.trim().to_lowercase().replace(['%', '_'], ""))))
                .add(user::Column::HrId.eq(search.trim())),
        );
    }
    Ok(query
        .order_by_asc(user::Column::SearchName)
        .order_by_asc(user::Column::Id)
        .limit(first.clamp(1, MAX_FOUND))
        .all(env.db)
        .await?)
}

/// One person with their career, postings (oldest first) and grants.
pub async fn record(env: &Env<'_>, user_id: i64) -> AppResult<PersonRecord> {
    policy::ensure(policy::can_administer_people(env.user))?;
    let user = user::Entity::find_by_id(user_id).one(env.db).await?.ok_or_else(|| AppError::not_found("Personne"))?;
    let career = magistrate::Entity::find_by_id(user_id).one(env.db).await?;
    let postings = posting::Entity::find()
        .filter(posting::Column::UserId.eq(user_id))
        .order_by_asc(posting::Column::StartedOn)
        .order_by_asc(posting::Column::Id)
        .all(env.db)
        .await?;
    let grants = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .order_by_asc(role_assignment::Column::Id)
        .all(env.db)
        .await?;
    Ok(PersonRecord { user, career, postings, grants })
}

/// Grants `role` to a person with its scope (`shared::rules::roles`).
pub async fn grant(
    env: &Env<'_>,
    user_id: i64,
    role: Role,
    court_id: Option<i64>,
    jurisdiction_id: Option<i64>,
) -> AppResult<role_assignment::Model> {
    policy::ensure(policy::can_administer_people(env.user))?;
    check_grant(role, court_id, jurisdiction_id).map_err(|reason| AppError::validation("role", reason))?;
    let txn = begin_write(env.db).await?;
    user::Entity::find_by_id(user_id).one(&*txn).await?.ok_or_else(|| AppError::not_found("Personne"))?;
    // A jurisdiction's role carries its court too, as the policy reads scopes by court.
    let court_id = match jurisdiction_id {
        Some(id) => Some(
            jurisdiction::Entity::find_by_id(id)
                .one(&*txn)
                .await?
                .ok_or_else(|| AppError::validation("jurisdiction", "Juridiction inconnue."))?
                .court_id,
        ),
        None => court_id,
    };
    if let Some(id) = court_id {
        crate::entities::court::Entity::find_by_id(id)
            .one(&*txn)
            .await?
            .ok_or_else(|| AppError::validation("court", "Cour d’appel inconnue."))?;
    }
    let mut same = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .filter(role_assignment::Column::Role.eq(role));
    same = match court_id {
        Some(id) => same.filter(role_assignment::Column::CourtId.eq(id)),
        None => same.filter(role_assignment::Column::CourtId.is_null()),
    };
    same = match jurisdiction_id {
        Some(id) => same.filter(role_assignment::Column::JurisdictionId.eq(id)),
        None => same.filter(role_assignment::Column::JurisdictionId.is_null()),
    };
    if same.one(&*txn).await?.is_some() {
        return Err(AppError::client(ErrorCode::Conflict, "Cette personne a déjà ce rôle à cet endroit."));
    }
    let created = role_assignment::Entity::insert(role_assignment::ActiveModel {
        user_id: Set(user_id),
        role: Set(role),
        court_id: Set(court_id),
        jurisdiction_id: Set(jurisdiction_id),
        ..Default::default()
    })
    .exec_with_returning(&*txn)
    .await?;
    audit::record(
        &*txn,
        Change::by(env, "role.grant", "role_assignment", created.id, None, snapshot(&grant_facts(&created))),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Revokes one grant.
pub async fn revoke(env: &Env<'_>, grant_id: i64) -> AppResult<role_assignment::Model> {
    policy::ensure(policy::can_administer_people(env.user))?;
    let txn = begin_write(env.db).await?;
    let grant =
        role_assignment::Entity::find_by_id(grant_id).one(&*txn).await?.ok_or_else(|| AppError::not_found("Rôle"))?;
    if !policy::may_change_own_access(env.user, grant.user_id, Some(grant.role)) {
        return Err(AppError::validation("grant", "Vous ne pouvez pas retirer votre propre rôle d’administrateur."));
    }
    role_assignment::Entity::delete_by_id(grant_id).exec(&*txn).await?;
    audit::record(
        &*txn,
        Change::by(env, "role.revoke", "role_assignment", grant_id, snapshot(&grant_facts(&grant)), None),
    )
    .await?;
    txn.commit().await?;
    Ok(grant)
}

/// Disables or enables an account; a disabled person can no longer sign in, their history stays.
pub async fn set_active(env: &Env<'_>, user_id: i64, active: bool) -> AppResult<user::Model> {
    policy::ensure(policy::can_administer_people(env.user))?;
    if !policy::may_change_own_access(env.user, user_id, None) {
        return Err(AppError::validation("userId", "Vous ne pouvez pas désactiver votre propre compte."));
    }
    let txn = begin_write(env.db).await?;
    let before = user::Entity::find_by_id(user_id).one(&*txn).await?.ok_or_else(|| AppError::not_found("Personne"))?;
    if before.active != active {
        user::Entity::update_many()
            .col_expr(user::Column::Active, Expr::value(active))
            .filter(user::Column::Id.eq(user_id))
            .exec(&*txn)
            .await?;
        let action = if active { "user.enable" } else { "user.disable" };
        audit::record(
            &*txn,
            Change::by(
                env,
                action,
                "user",
                user_id,
                Some(serde_json::json!({ "active": before.active })),
                Some(serde_json::json!({ "active": active })),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(user::Model { active, ..before })
}

/// Opens an account for someone the directory does not hold (the School's staff, the Ministry): no
/// local password — its owner signs in through the single sign-on with `identifier` — and no role
/// until one is granted.
pub async fn create_account(
    env: &Env<'_>,
    display_name: &str,
    email: &str,
    identifier: Option<&str>,
) -> AppResult<user::Model> {
    policy::ensure(policy::can_administer_people(env.user))?;
    let display_name = required_text("displayName", display_name, 200)?;
    let email = email_address("email", email)?;
    let identifier = identifier.filter(|i| !i.trim().is_empty()).map(|i| hr_identifier("identifier", i)).transpose()?;
    let txn = begin_write(env.db).await?;
    if user::Entity::find().filter(user::Column::Email.eq(email.clone())).one(&*txn).await?.is_some() {
        return Err(AppError::client(ErrorCode::Conflict, "Cette adresse électronique est déjà celle d’un compte."));
    }
    if let Some(identifier) = &identifier {
        ensure_identifier_free(&txn, identifier).await?;
    }
    let created = user::ActiveModel {
        hr_id: Set(identifier),
        email: Set(email),
        password_hash: Set(super::directory_import::NO_LOCAL_PASSWORD.to_owned()),
        search_name: Set(fold_for_search(&display_name)),
        display_name: Set(display_name),
        active: Set(true),
        created_at: Set(env.now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(&*txn, Change::by(env, "user.create", "user", created.id, None, account_facts(&created))).await?;
    txn.commit().await?;
    Ok(created)
}

/// Gives an account its HR identifier, so that its owner signs in through the single sign-on. An
/// identifier once given, by the directory or here, is not changed here: the directory keys on it.
pub async fn set_identifier(env: &Env<'_>, user_id: i64, identifier: &str) -> AppResult<user::Model> {
    policy::ensure(policy::can_administer_people(env.user))?;
    let identifier = hr_identifier("identifier", identifier)?;
    let txn = begin_write(env.db).await?;
    let before = user::Entity::find_by_id(user_id).one(&*txn).await?.ok_or_else(|| AppError::not_found("Personne"))?;
    if before.hr_id.is_some() {
        return Err(AppError::validation(
            "identifier",
            "Ce compte a déjà un identifiant RH : l’annuaire s’y réfère, il ne se change pas ici.",
        ));
    }
    ensure_identifier_free(&txn, &identifier).await?;
    user::Entity::update_many()
        .col_expr(user::Column::HrId, Expr::value(identifier.clone()))
        .filter(user::Column::Id.eq(user_id))
        .exec(&*txn)
        .await?;
    let after = user::Model { hr_id: Some(identifier), ..before.clone() };
    audit::record(
        &*txn,
        Change::by(env, "user.identifier", "user", user_id, account_facts(&before), account_facts(&after)),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

async fn ensure_identifier_free(db: &impl sea_orm::ConnectionTrait, identifier: &str) -> AppResult<()> {
    if user::Entity::find().filter(user::Column::HrId.eq(identifier)).one(db).await?.is_some() {
        return Err(AppError::client(ErrorCode::Conflict, "Cet identifiant RH est déjà celui d’un autre compte."));
    }
    Ok(())
}

/// An account's facts for the audit log (never its password).
fn account_facts(account: &user::Model) -> Option<serde_json::Value> {
    Some(serde_json::json!({
        "hr_id": account.hr_id,
        "email": account.email,
        "display_name": account.display_name,
        "active": account.active,
    }))
}

/// A grant's facts for the audit log.
fn grant_facts(grant: &role_assignment::Model) -> serde_json::Value {
    serde_json::json!({
        "user_id": grant.user_id,
        "role": grant.role.as_str(),
        "court_id": grant.court_id,
        "jurisdiction_id": grant.jurisdiction_id,
    })
}
