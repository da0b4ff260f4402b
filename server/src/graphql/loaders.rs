//! Per-request DataLoaders: one `IN (…)` query per access path, so a list of applications never
//! costs one query per row.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::Context;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect};
use shared::ApplicationStatus;

use crate::entities::{
    application, court, function, jurisdiction, magistrate, observation, session, session_court, user,
};
use crate::error::AppError;

/// Loads rows by key for one request.
pub struct DbLoader {
    db: DatabaseConnection,
}

/// The loader as stored in a request's data.
pub type Loaders = DataLoader<DbLoader>;

/// A DataLoader over `db`, for one request.
pub fn for_request(db: DatabaseConnection) -> Loaders {
    DataLoader::new(DbLoader { db }, tokio::spawn)
}

/// The request's loader.
pub fn get<'a>(ctx: &async_graphql::Context<'a>) -> async_graphql::Result<&'a Loaders> {
    ctx.data::<Loaders>().map_err(|_| AppError::internal("loaders missing from request data").into())
}

/// Loads one value through the request's loader, turning database errors into `INTERNAL`.
pub async fn load<K>(ctx: &Context<'_>, key: K) -> async_graphql::Result<Option<<DbLoader as Loader<K>>::Value>>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    DbLoader: Loader<K, Error = Arc<DbErr>>,
{
    get(ctx)?.load_one(key).await.map_err(|e| AppError::internal(e).into())
}

macro_rules! key {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name(pub i64);
    };
}

key!(/// A session by id.
    SessionKey);
key!(/// A user by id.
    UserKey);
key!(/// A magistrate's profile by user id.
    MagistrateKey);
key!(/// A court by id.
    CourtKey);
key!(/// A person's postings, oldest first.
    HistoryKey);
key!(/// A jurisdiction by id.
    JurisdictionKey);
key!(/// A function of the reference list by id.
    FunctionKey);
key!(/// The jurisdictions of a court.
    CourtJurisdictionsKey);
key!(/// The observations on an application.
    ObservationsKey);
key!(/// The courts of a session.
    SessionCourtsKey);
key!(/// How many applications wait on a session's waitlist.
    WaitlistLengthKey);

fn ids<K: Copy>(keys: &[K], f: impl Fn(K) -> i64) -> Vec<i64> {
    keys.iter().map(|k| f(*k)).collect()
}

impl Loader<SessionKey> for DbLoader {
    type Value = session::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[SessionKey]) -> Result<HashMap<SessionKey, Self::Value>, Self::Error> {
        let rows = session::Entity::find().filter(session::Column::Id.is_in(ids(keys, |k| k.0))).all(&self.db).await?;
        Ok(rows.into_iter().map(|r| (SessionKey(r.id), r)).collect())
    }
}

impl Loader<UserKey> for DbLoader {
    type Value = user::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[UserKey]) -> Result<HashMap<UserKey, Self::Value>, Self::Error> {
        let rows = user::Entity::find().filter(user::Column::Id.is_in(ids(keys, |k| k.0))).all(&self.db).await?;
        Ok(rows.into_iter().map(|r| (UserKey(r.id), r)).collect())
    }
}

impl Loader<MagistrateKey> for DbLoader {
    type Value = magistrate::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[MagistrateKey]) -> Result<HashMap<MagistrateKey, Self::Value>, Self::Error> {
        let rows = magistrate::Entity::find()
            .filter(magistrate::Column::UserId.is_in(ids(keys, |k| k.0)))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|r| (MagistrateKey(r.user_id), r)).collect())
    }
}

impl Loader<HistoryKey> for DbLoader {
    type Value = Vec<shared::rules::careers::PostingSpan>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[HistoryKey]) -> Result<HashMap<HistoryKey, Self::Value>, Self::Error> {
        let histories = crate::services::careers::histories(&self.db, &ids(keys, |k| k.0))
            .await
            .map_err(|e| Arc::new(DbErr::Custom(format!("{e:?}"))))?;
        Ok(histories.into_iter().map(|(id, history)| (HistoryKey(id), history)).collect())
    }
}

impl Loader<CourtKey> for DbLoader {
    type Value = court::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[CourtKey]) -> Result<HashMap<CourtKey, Self::Value>, Self::Error> {
        let rows = court::Entity::find().filter(court::Column::Id.is_in(ids(keys, |k| k.0))).all(&self.db).await?;
        Ok(rows.into_iter().map(|r| (CourtKey(r.id), r)).collect())
    }
}

impl Loader<FunctionKey> for DbLoader {
    type Value = function::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[FunctionKey]) -> Result<HashMap<FunctionKey, Self::Value>, Self::Error> {
        let rows =
            function::Entity::find().filter(function::Column::Id.is_in(ids(keys, |k| k.0))).all(&self.db).await?;
        Ok(rows.into_iter().map(|r| (FunctionKey(r.id), r)).collect())
    }
}

impl Loader<JurisdictionKey> for DbLoader {
    type Value = jurisdiction::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[JurisdictionKey]) -> Result<HashMap<JurisdictionKey, Self::Value>, Self::Error> {
        let rows = jurisdiction::Entity::find()
            .filter(jurisdiction::Column::Id.is_in(ids(keys, |k| k.0)))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|r| (JurisdictionKey(r.id), r)).collect())
    }
}

impl Loader<CourtJurisdictionsKey> for DbLoader {
    type Value = Vec<jurisdiction::Model>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[CourtJurisdictionsKey],
    ) -> Result<HashMap<CourtJurisdictionsKey, Self::Value>, Self::Error> {
        let rows = jurisdiction::Entity::find()
            .filter(jurisdiction::Column::CourtId.is_in(ids(keys, |k| k.0)))
            .all(&self.db)
            .await?;
        let mut out: HashMap<_, Vec<_>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for row in rows {
            out.entry(CourtJurisdictionsKey(row.court_id)).or_default().push(row);
        }
        for list in out.values_mut() {
            list.sort_by(|a, b| a.name.cmp(&b.name));
        }
        Ok(out)
    }
}

impl Loader<ObservationsKey> for DbLoader {
    type Value = Vec<observation::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[ObservationsKey]) -> Result<HashMap<ObservationsKey, Self::Value>, Self::Error> {
        let rows = observation::Entity::find()
            .filter(observation::Column::ApplicationId.is_in(ids(keys, |k| k.0)))
            .all(&self.db)
            .await?;
        let mut out: HashMap<_, Vec<_>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for row in rows {
            out.entry(ObservationsKey(row.application_id)).or_default().push(row);
        }
        Ok(out)
    }
}

impl Loader<SessionCourtsKey> for DbLoader {
    type Value = Vec<i64>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[SessionCourtsKey]) -> Result<HashMap<SessionCourtsKey, Self::Value>, Self::Error> {
        let rows = session_court::Entity::find()
            .filter(session_court::Column::SessionId.is_in(ids(keys, |k| k.0)))
            .all(&self.db)
            .await?;
        let mut out: HashMap<_, Vec<_>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for row in rows {
            out.entry(SessionCourtsKey(row.session_id)).or_default().push(row.court_id);
        }
        Ok(out)
    }
}

impl Loader<WaitlistLengthKey> for DbLoader {
    type Value = i64;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[WaitlistLengthKey]) -> Result<HashMap<WaitlistLengthKey, Self::Value>, Self::Error> {
        let counts: Vec<(i64, i64)> = application::Entity::find()
            .select_only()
            .column(application::Column::SessionId)
            .column_as(application::Column::Id.count(), "n")
            .filter(application::Column::SessionId.is_in(ids(keys, |k| k.0)))
            .filter(application::Column::Status.eq(ApplicationStatus::Waitlisted))
            .group_by(application::Column::SessionId)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut out: HashMap<_, i64> = keys.iter().map(|k| (*k, 0)).collect();
        for (session_id, n) in counts {
            out.insert(WaitlistLengthKey(session_id), n);
        }
        Ok(out)
    }
}
