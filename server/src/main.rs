//! `magistra`: serve, seed, migrate, or print the GraphQL schema.

use std::sync::Arc;

use clap::{Parser, Subcommand};
use server::clock::SystemClock;
use server::settings::Settings;
use server::{app, graphql, seed, Application};

/// mimalloc rather than the system's allocator: a request allocates and frees many small objects
/// on two threads, where glibc's arenas spend a tenth of the server's time (measured with perf
/// under `scripts/bench-single-read`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "magistra", about = "Formation continue des magistrats (titre VII du RI de l’ENM)")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Load the deterministic demo data, unless the database already has it.
    Seed {
        /// Leave out the year in progress (credits, spending, requests, Lyon's plan): the bare
        /// programme and people, as the benchmarks start from.
        #[arg(long)]
        no_story: bool,
    },
    /// Load the 36 courts of appeal and their jurisdictions into an empty base, and no one: what a
    /// production base needs before its first `import-directory`.
    Reference,
    /// Apply pending migrations and stop.
    Migrate,
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Import the Ministry's directory file: all or nothing, every change audited; with
    /// `--dry-run`, only say what would change.
    ImportDirectory {
        file: std::path::PathBuf,
        /// Say what would change, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Copy the SQLite database to PATH while it serves (PostgreSQL: use pg_dump).
    Backup { path: std::path::PathBuf },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let filter = || {
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into())
    };
    // One JSON object per line for a log collector (`MAGISTRA_LOG_FORMAT=json`), else text; on stderr
    // either way, so that stdout keeps only what the commands print for a person.
    if std::env::var("MAGISTRA_LOG_FORMAT").is_ok_and(|f| f == "json") {
        tracing_subscriber::fmt().json().with_env_filter(filter()).with_writer(std::io::stderr).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter()).with_writer(std::io::stderr).init();
    }
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Schema => print!("{}", graphql::sdl()),
        Command::Backup { path } => {
            let db = server::db::connect(&Settings::from_env()?.database_url).await?;
            server::backup::backup_sqlite(&db, &path).await?;
            println!("Sauvegarde écrite dans {}.", path.display());
        }
        Command::ImportDirectory { file, dry_run } => {
            let db = app::prepare_database(&Settings::from_env()?.database_url).await?;
            let now = server::clock::Clock::now(&SystemClock);
            let outcome = server::directory_report::run(&db, &file, dry_run, now).await?;
            print!("{}", outcome.text);
            if !outcome.success {
                std::process::exit(1);
            }
        }
        Command::Reference => {
            let db = app::prepare_database(&Settings::from_env()?.database_url).await?;
            match seed::reference_data(&db).await? {
                Some((courts, jurisdictions)) => {
                    println!("{courts} cours d’appel et {jurisdictions} juridictions chargées.")
                }
                None => println!("Les cours d’appel sont déjà présentes : rien à faire."),
            }
        }
        Command::Migrate => {
            app::prepare_database(&Settings::from_env()?.database_url).await?;
            println!("Migrations appliquées.");
        }
        Command::Seed { no_story } => {
            let settings = Settings::from_env()?;
            let password = settings.demo_password_for_seed()?;
            let db = app::prepare_database(&settings.database_url).await?;
            let options = seed::SeedOptions { story: !no_story, ..seed::SeedOptions::demo(password) };
            let report = seed::seed(&db, &options).await?;
            println!("{report}");
        }
        Command::Serve => {
            let settings = Settings::from_env()?;
            let production = settings.environment.is_production();
            let application = Application::build(settings, Arc::new(SystemClock)).await?;
            let address = application.address()?;
            tracing::info!(%address, production, "serving");
            println!("Magistra écoute sur http://{address}/");
            if !production {
                println!("GraphiQL : http://{address}/graphiql");
                println!("Comptes de démonstration (mot de passe « magistra » sauf MAGISTRA_DEMO_PASSWORD) :");
                for account in seed::DEMO_ACCOUNTS {
                    println!("  {:<36} {}", account.email, account.label);
                }
            }
            application
                .run_until(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await?;
        }
    }
    Ok(())
}
