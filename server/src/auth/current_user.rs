//! The authenticated person for one request, loaded from the database on every request so that
//! a disabled account, a removed role or a revoked token takes effect at once.

use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, JoinType, Query, SubQueryStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use shared::Role;

use super::VerifiedToken;
use crate::entities::{magistrate, revoked_token, role_assignment, user};
use crate::error::{AppError, AppResult};

/// One role with its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub court_id: Option<i64>,
    pub jurisdiction_id: Option<i64>,
}

/// Where a magistrate serves: a court of appeal's territory (and a jurisdiction in it), or neither
/// at the Cour de cassation or in another body.
#[derive(Debug, Clone)]
pub struct MagistrateProfile {
    pub court_id: Option<i64>,
    pub jurisdiction_id: Option<i64>,
    pub evaluator_id: Option<i64>,
}

impl From<&magistrate::Model> for MagistrateProfile {
    fn from(row: &magistrate::Model) -> Self {
        Self { court_id: row.court_id, jurisdiction_id: row.jurisdiction_id, evaluator_id: row.evaluator_id }
    }
}

/// The programme's revision, as a column of the caller's statement.
const PROGRAMME_REVISION: &str = "(SELECT revision FROM catalogue_revision WHERE id = 1)";

/// One row of [`CurrentUser::load`]'s join: the user, their profile if any, one of their roles if any.
#[derive(FromQueryResult)]
struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    active: bool,
    profile_user_id: Option<i64>,
    profile_court_id: Option<i64>,
    profile_jurisdiction_id: Option<i64>,
    evaluator_id: Option<i64>,
    role: Option<String>,
    role_court_id: Option<i64>,
    role_jurisdiction_id: Option<i64>,
    programme_revision: i64,
    token_revoked: i64,
}

/// The person behind a valid token.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub grants: Vec<Grant>,
    pub magistrate: Option<MagistrateProfile>,
    /// The token this request came with, if it came with one.
    pub token: Option<VerifiedToken>,
}

/// Whether the request's token was revoked, as a column of the caller's statement.
fn token_revoked(jti: String) -> Expr {
    let listed = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from(revoked_token::Entity)
        .and_where(Expr::col(revoked_token::Column::Jti).eq(jti))
        .to_owned();
    Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(listed)))
}

impl CurrentUser {
    /// The visitor's id: no account has it (ids start at 1 on both databases).
    pub const VISITOR_ID: i64 = 0;

    /// Whether this is someone who has not logged in.
    pub fn is_visitor(&self) -> bool {
        self.id == Self::VISITOR_ID
    }

    /// Someone who has not logged in: no account, no role, no court. Only what the regulation
    /// makes public is open to them (the programme, art. 129), and every right is refused.
    pub fn visitor() -> Self {
        Self {
            id: Self::VISITOR_ID,
            email: String::new(),
            display_name: "Visiteur".to_owned(),
            grants: Vec::new(),
            magistrate: None,
            token: None,
        }
    }

    /// Loads an active user with their roles, without a token (the login that is about to issue
    /// one); `None` if the user is unknown or disabled.
    pub async fn load(db: &impl ConnectionTrait, user_id: i64) -> AppResult<Option<Self>> {
        Ok(Self::load_inner(db, user_id, None).await?.map(|(user, _)| user))
    }

    /// Loads the user a verified token names; `None` if the user is unknown or disabled or the
    /// token was revoked.
    pub async fn load_for_token(db: &impl ConnectionTrait, token: &VerifiedToken) -> AppResult<Option<Self>> {
        Ok(Self::load_with_programme_revision(db, token).await?.map(|(user, _)| user))
    }

    /// Loads an active user with their roles, and the programme's revision as committed now
    /// (see [`crate::services::catalogue`]); `None` if the user is unknown or disabled. One
    /// statement (the user joined to their magistrate profile and roles): it runs on every
    /// request, and a programme page kept in memory then costs no second one.
    pub async fn load_with_programme_revision(
        db: &impl ConnectionTrait,
        token: &VerifiedToken,
    ) -> AppResult<Option<(Self, i64)>> {
        Self::load_inner(db, token.user_id, Some(token)).await
    }

    async fn load_inner(
        db: &impl ConnectionTrait,
        user_id: i64,
        token: Option<&VerifiedToken>,
    ) -> AppResult<Option<(Self, i64)>> {
        let jti = token.map(|t| t.id.clone()).unwrap_or_default();
        let users = Alias::new("u");
        let profiles = Alias::new("m");
        let roles = Alias::new("r");
        let query = Query::select()
            .expr_as(Expr::col((users.clone(), user::Column::Id)), Alias::new("id"))
            .expr_as(Expr::col((users.clone(), user::Column::Email)), Alias::new("email"))
            .expr_as(Expr::col((users.clone(), user::Column::DisplayName)), Alias::new("display_name"))
            .expr_as(Expr::col((users.clone(), user::Column::Active)), Alias::new("active"))
            .expr_as(Expr::col((profiles.clone(), magistrate::Column::UserId)), Alias::new("profile_user_id"))
            .expr_as(Expr::col((profiles.clone(), magistrate::Column::CourtId)), Alias::new("profile_court_id"))
            .expr_as(
                Expr::col((profiles.clone(), magistrate::Column::JurisdictionId)),
                Alias::new("profile_jurisdiction_id"),
            )
            .expr_as(Expr::col((profiles.clone(), magistrate::Column::EvaluatorId)), Alias::new("evaluator_id"))
            .expr_as(Expr::col((roles.clone(), role_assignment::Column::Role)), Alias::new("role"))
            .expr_as(Expr::col((roles.clone(), role_assignment::Column::CourtId)), Alias::new("role_court_id"))
            .expr_as(
                Expr::col((roles.clone(), role_assignment::Column::JurisdictionId)),
                Alias::new("role_jurisdiction_id"),
            )
            .expr_as(Expr::cust(PROGRAMME_REVISION), Alias::new("programme_revision"))
            .expr_as(token_revoked(jti), Alias::new("token_revoked"))
            .from_as(user::Entity, users.clone())
            .join_as(
                JoinType::LeftJoin,
                magistrate::Entity,
                profiles.clone(),
                Expr::col((profiles, magistrate::Column::UserId)).equals((users.clone(), user::Column::Id)),
            )
            .join_as(
                JoinType::LeftJoin,
                role_assignment::Entity,
                roles.clone(),
                Expr::col((roles, role_assignment::Column::UserId)).equals((users.clone(), user::Column::Id)),
            )
            .and_where(Expr::col((users, user::Column::Id)).eq(user_id))
            .to_owned();
        let rows = UserRow::find_by_statement(db.get_database_backend().build(&query)).all(db).await?;
        let Some(first) = rows.first() else { return Ok(None) };
        if !first.active || first.token_revoked > 0 {
            return Ok(None);
        }
        let magistrate = first.profile_user_id.map(|_| MagistrateProfile {
            court_id: first.profile_court_id,
            jurisdiction_id: first.profile_jurisdiction_id,
            evaluator_id: first.evaluator_id,
        });
        let grants = rows
            .iter()
            .filter_map(|r| {
                let role = r.role.as_deref().and_then(Role::parse)?;
                Some(Grant { role, court_id: r.role_court_id, jurisdiction_id: r.role_jurisdiction_id })
            })
            .collect();
        let user = Self {
            id: first.id,
            email: first.email.clone(),
            display_name: first.display_name.clone(),
            grants,
            magistrate,
            token: token.cloned(),
        };
        Ok(Some((user, first.programme_revision)))
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
