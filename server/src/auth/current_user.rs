//! The authenticated person for one request, loaded from the database on every request so that
//! a disabled account or a removed role takes effect at once.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::Role;

use crate::entities::{magistrate, role_assignment, user};
use crate::error::{AppError, AppResult};

/// One role with its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub court_id: Option<i64>,
    pub jurisdiction_id: Option<i64>,
}

/// Where a magistrate serves.
#[derive(Debug, Clone)]
pub struct MagistrateProfile {
    pub court_id: i64,
    pub jurisdiction_id: i64,
    pub evaluator_id: Option<i64>,
}

/// The person behind a valid token.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub grants: Vec<Grant>,
    pub magistrate: Option<MagistrateProfile>,
}

impl CurrentUser {
    /// Loads an active user with their roles; `None` if the user is unknown or disabled.
    pub async fn load(db: &impl ConnectionTrait, user_id: i64) -> AppResult<Option<Self>> {
        let Some(found) = user::Entity::find_by_id(user_id).one(db).await? else {
            return Ok(None);
        };
        if !found.active {
            return Ok(None);
        }
        let grants = role_assignment::Entity::find()
            .filter(role_assignment::Column::UserId.eq(user_id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| Grant { role: r.role, court_id: r.court_id, jurisdiction_id: r.jurisdiction_id })
            .collect();
        let magistrate = magistrate::Entity::find_by_id(user_id).one(db).await?.map(|m| MagistrateProfile {
            court_id: m.court_id,
            jurisdiction_id: m.jurisdiction_id,
            evaluator_id: m.evaluator_id,
        });
        Ok(Some(Self { id: found.id, email: found.email, display_name: found.display_name, grants, magistrate }))
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// Whether the user holds `role` for court `court_id`.
    pub fn has_role_in_court(&self, role: Role, court_id: i64) -> bool {
        self.grants.iter().any(|g| g.role == role && g.court_id == Some(court_id))
    }

    /// The courts in which the user holds any of `roles`.
    pub fn courts_with(&self, roles: &[Role]) -> Vec<i64> {
        let mut courts: Vec<i64> =
            self.grants.iter().filter(|g| roles.contains(&g.role)).filter_map(|g| g.court_id).collect();
        courts.sort_unstable();
        courts.dedup();
        courts
    }

    /// The magistrate profile, or `FORBIDDEN` for someone who is not a magistrate.
    pub fn require_magistrate(&self) -> AppResult<&MagistrateProfile> {
        match (&self.magistrate, self.has_role(Role::Magistrate)) {
            (Some(profile), true) => Ok(profile),
            _ => Err(AppError::forbidden()),
        }
    }

    /// `FORBIDDEN` unless the user holds one of `roles`, whatever the scope.
    pub fn require_any(&self, roles: &[Role]) -> AppResult<()> {
        if roles.iter().any(|r| self.has_role(*r)) {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }
}
