//! The command line: `serve` (default), `migrate`, `demo`, `worker`, `create-admin`,
//! `storage copy`, `backup`, `restore`.

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::accounts::domain::{NewAccount, SignUp};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::startup::Application;

#[derive(Parser)]
#[command(
    name = "passerelle",
    version,
    about = "Passerelle: partnerships between Belgian and partner territories"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (the default): migrates, loads the demo into an empty
    /// database outside production, and listens on PASSERELLE_BIND.
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Load the demo partnerships and accounts into an empty database (also in production).
    Demo,
    /// Send queued emails and run scheduled jobs without serving pages (several may run
    /// side by side on PostgreSQL).
    Worker,
    /// Create an administrator, or make an existing account one. The password comes from
    /// PASSERELLE_ADMIN_PASSWORD when set, else it is asked for.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Admin")]
        name: String,
    },
    /// Take a consistent backup while the site serves: the database (SQLite copy, or pg_dump
    /// of one snapshot on PostgreSQL), every stored file and a manifest with row counts and
    /// checksums, in a new directory `passerelle-<UTC time>` under DIR.
    Backup { dir: std::path::PathBuf },
    /// Restore a backup (a `passerelle-<time>` directory) into an empty database
    /// (DATABASE_URL) and the storage, checking every checksum and the row counts.
    Restore { dir: std::path::PathBuf },
    /// The files storage (photos, attachments, proofs, .eml copies).
    Storage {
        #[command(subcommand)]
        action: StorageAction,
    },
}

#[derive(Subcommand)]
enum StorageAction {
    /// Copy the files kept under a data directory into the storage PASSERELLE_STORAGE_URL
    /// names (an S3 bucket before several instances share it). Files already there are left
    /// alone: run it again to resume or to copy what was uploaded since.
    Copy {
        /// The directory to copy from (default: PASSERELLE_DATA_DIR).
        #[arg(long)]
        from: Option<std::path::PathBuf>,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::security::install_crypto_provider();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("Passerelle cannot start: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("Passerelle cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Passerelle stopped: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match command {
        Command::Serve => {
            let started = std::time::Instant::now();
            let app = Application::build(config, clock).await?;
            let cfg = &app.state().config;
            tracing::info!(
                url = %cfg.public_url,
                database = %crate::security::redact_url(&cfg.database_url),
                ready_in_ms = started.elapsed().as_millis() as u64,
                "Passerelle is serving"
            );
            println!("Passerelle is ready at {}", cfg.public_url);
            app.run_until(async {
                let signal = crate::shutdown::signal().await;
                tracing::info!(signal, "stop asked");
            })
            .await?;
            println!("Passerelle stopped");
        }
        Command::Worker => {
            let templates = Arc::new(crate::web::templates::Templates::load()?);
            let db = crate::db::connect(&config).await?;
            crate::db::migrate(&db).await?;
            let state = crate::startup::build_state(config, clock, db, templates)?;
            let deadline = state.config.shutdown.deadline;
            let (handle, stop) = crate::shutdown::stop_pair();
            let worker = crate::worker::Worker::new(state, "worker")?.with_stop(stop);
            let task = tokio::spawn(worker.run());
            println!("Passerelle worker running (SIGTERM or Ctrl-C stops it)");
            let signal = crate::shutdown::signal().await;
            tracing::info!(signal, "stop asked: finishing the item in hand");
            let at = tokio::time::Instant::now() + deadline;
            handle.stop(at);
            // A moment past the deadline to record what is given back.
            let grace = at + std::time::Duration::from_secs(2);
            if tokio::time::timeout_at(grace, task).await.is_err() {
                tracing::warn!("the worker did not stop by the deadline");
            }
            println!("worker stopped");
        }
        Command::Migrate => {
            let db = crate::db::connect(&config).await?;
            crate::db::migrate(&db).await?;
            println!(
                "Migrations applied to {}",
                crate::security::redact_url(&config.database_url)
            );
        }
        Command::Demo => {
            let db = crate::db::connect(&config).await?;
            crate::db::migrate(&db).await?;
            let report = crate::demo::load_if_empty(&db, &config, clock.now()).await?;
            if report.loaded {
                crate::demo::print_accounts(&report);
            } else {
                println!(
                    "The database already holds data: the demo was not loaded (nothing changed)."
                );
            }
        }
        Command::Backup { dir } => {
            let storage = crate::media::storage::Storage::from_config(&config)?;
            let (path, manifest) =
                crate::backup::backup(&config, &storage, &dir, clock.now()).await?;
            println!(
                "Backup written to {}: {} tables, {} rows, {} files.",
                path.display(),
                manifest.tables.len(),
                manifest.tables.values().sum::<i64>(),
                manifest.files.len()
            );
        }
        Command::Restore { dir } => {
            let storage = crate::media::storage::Storage::from_config(&config)?;
            let report = crate::backup::restore(&config, &storage, &dir).await?;
            println!(
                "Restored into {}: {} tables, {} rows, {} files; the row counts match the backup's.",
                crate::security::redact_url(&config.database_url),
                report.tables.len(),
                report.tables.values().sum::<i64>(),
                report.files
            );
        }
        Command::Storage {
            action: StorageAction::Copy { from },
        } => copy_files(&config, from).await?,
        Command::CreateAdmin { email, name } => {
            let password = match std::env::var("PASSERELLE_ADMIN_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => rpassword::prompt_password(format!("Password for {email}: "))?,
            };
            let account = NewAccount::try_from(SignUp {
                email,
                password,
                display_name: name,
                locale: None,
            })
            .map_err(|e| {
                let msgs: Vec<String> = e
                    .messages(crate::web::i18n::Lang::En)
                    .into_iter()
                    .map(|(f, m)| format!("{f}: {}", m.join("; ")))
                    .collect();
                anyhow::anyhow!("{}", msgs.join(", "))
            })?;
            let db = crate::db::connect(&config).await?;
            crate::db::migrate(&db).await?;
            let (user, created) =
                crate::accounts::service::create_or_promote_admin(&db, account, clock.now())
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
            if created {
                println!("Administrator {} created.", user.email);
            } else {
                println!(
                    "{} already had an account: it is now an administrator (its password is unchanged).",
                    user.email
                );
            }
        }
    }
    Ok(())
}

async fn copy_files(config: &Config, from: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    use crate::config::StorageConfig;
    let from = from.unwrap_or_else(|| config.data_dir.clone());
    let same = match &config.storage {
        StorageConfig::DataDir => Some(config.data_dir.clone()),
        StorageConfig::Directory(dir) => Some(dir.clone()),
        StorageConfig::S3 { .. } => None,
    };
    if same.is_some_and(|dir| dir.canonicalize().ok() == from.canonicalize().ok()) {
        anyhow::bail!(
            "PASSERELLE_STORAGE_URL names {} itself: set it to the target (s3://bucket/prefix)",
            from.display()
        );
    }
    let target = crate::media::storage::Storage::from_config(config)?;
    println!(
        "Copying the files of {} into {}",
        from.display(),
        target.description
    );
    let report = crate::media::storage_copy::copy_from_directory(&from, &target, |key, r| {
        if r.copied % 100 == 0 {
            println!("  {} copied ({key})", r.copied);
        }
    })
    .await?;
    println!(
        "{} files copied ({} bytes), {} already there.",
        report.copied, report.bytes, report.already
    );
    Ok(())
}
