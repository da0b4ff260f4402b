//! `grantRole`, `revokeRole`, `setAccountActive`, `saveFunction`, `saveJurisdiction`,
//! `renameCourt`: the administrator's changes, each audited by its service.

use async_graphql::{Context, Object, ID};
use shared::Role;

use crate::graphql::context::{env, parse_id};
use crate::graphql::types::people::{Account, Function, Grant};
use crate::graphql::types::{Court, Jurisdiction};
use crate::services::{people, reference};

#[derive(Default)]
pub struct PeopleMutation;

fn optional_id(id: Option<ID>, what: &str) -> async_graphql::Result<Option<i64>> {
    id.as_ref().map(|id| parse_id(id, what)).transpose()
}

#[Object]
impl PeopleMutation {
    /// Grants a role with its scope: a court for a court's role, a jurisdiction for a head of
    /// jurisdiction, neither for a national role.
    async fn grant_role(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        role: Role,
        court_id: Option<ID>,
        jurisdiction_id: Option<ID>,
    ) -> async_graphql::Result<Grant> {
        let env = env(ctx)?;
        let user_id = parse_id(&user_id, "Personne")?;
        let court_id = optional_id(court_id, "Cour d’appel")?;
        let jurisdiction_id = optional_id(jurisdiction_id, "Juridiction")?;
        Ok(Grant(people::grant(&env, user_id, role, court_id, jurisdiction_id).await?))
    }

    /// Revokes one grant; the revoked grant comes back.
    async fn revoke_role(&self, ctx: &Context<'_>, grant_id: ID) -> async_graphql::Result<Grant> {
        let env = env(ctx)?;
        Ok(Grant(people::revoke(&env, parse_id(&grant_id, "Rôle")?).await?))
    }

    /// Disables or enables an account.
    async fn set_account_active(&self, ctx: &Context<'_>, user_id: ID, active: bool) -> async_graphql::Result<Account> {
        let env = env(ctx)?;
        Ok(Account(people::set_active(&env, parse_id(&user_id, "Personne")?, active).await?))
    }

    /// Opens an account for someone the directory does not hold (the School's staff, the Ministry):
    /// no local password, it signs in through the single sign-on with `identifier`; no role yet.
    async fn create_account(
        &self,
        ctx: &Context<'_>,
        display_name: String,
        email: String,
        identifier: Option<String>,
    ) -> async_graphql::Result<Account> {
        let env = env(ctx)?;
        Ok(Account(people::create_account(&env, &display_name, &email, identifier.as_deref()).await?))
    }

    /// Gives an account without one its HR identifier (the single sign-on matches on it); an
    /// identifier once given is not changed here.
    async fn set_account_identifier(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        identifier: String,
    ) -> async_graphql::Result<Account> {
        let env = env(ctx)?;
        Ok(Account(people::set_identifier(&env, parse_id(&user_id, "Personne")?, &identifier).await?))
    }

    /// Adds a function to the reference list, or renames one (`id`).
    async fn save_function(&self, ctx: &Context<'_>, id: Option<ID>, name: String) -> async_graphql::Result<Function> {
        let env = env(ctx)?;
        Ok(reference::save_function(&env, optional_id(id, "Fonction")?, &name).await?.into())
    }

    /// Adds a jurisdiction to a court's territory, or renames one (`id`).
    async fn save_jurisdiction(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        court_id: ID,
        name: String,
    ) -> async_graphql::Result<Jurisdiction> {
        let env = env(ctx)?;
        let court_id = parse_id(&court_id, "Cour d’appel")?;
        Ok(Jurisdiction(reference::save_jurisdiction(&env, optional_id(id, "Juridiction")?, court_id, &name).await?))
    }

    /// Renames a court of appeal.
    async fn rename_court(&self, ctx: &Context<'_>, id: ID, name: String) -> async_graphql::Result<Court> {
        let env = env(ctx)?;
        Ok(Court(reference::rename_court(&env, parse_id(&id, "Cour d’appel")?, &name).await?))
    }
}
