//! Applies every pending migration to `DATABASE_URL` (the server also does this at start).

use migrations::Migrator;
use sea_orm_migration::prelude::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), DbErr> {
    let url = std::env::var("DATABASE_URL")
        .map_err(|_| DbErr::Custom("DATABASE_URL must name the database to migrate".into()))?;
    let db = sea_orm_migration::sea_orm::Database::connect(url).await?;
    Migrator::up(&db, None).await?;
    println!("migrations applied");
    Ok(())
}
