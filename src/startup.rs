//! Building the application: database, templates, state, middleware and the one route table.

use std::net::TcpListener;
use std::sync::Arc;

use actix_session::SessionMiddleware;
use actix_session::config::PersistentSession;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use sea_orm::DatabaseConnection;
use tracing_actix_web::TracingLogger;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_actix_web::AppExt;

use crate::clock::Clock;
use crate::config::Config;
use crate::mail::outbox::Mailer;
use crate::shutdown::{Lifecycle, StopHandle};
use crate::state::AppState;
use crate::telemetry::Metrics;
use crate::web::forms;
use crate::web::limiter::Limiter;
use crate::web::middleware::{html_error_pages, remember_language, security_headers};
use crate::web::session_store::{DbSessionStore, Lifetimes};
use crate::web::templates::Templates;
use crate::worker::{AbortOnDrop, Worker};
use crate::{accounts, ops, territories};

/// The JSON API (and /healthz), collected into the OpenAPI document.
fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(ops::healthz).service(ops::ready).service(
        utoipa_actix_web::scope("/api/v1")
            .configure(accounts::api)
            .configure(territories::api)
            .configure(crate::catalog::api)
            .configure(crate::payments::api)
            .configure(crate::group_orders::api)
            .configure(crate::trips::api)
            .configure(crate::network::api)
            .configure(crate::fund::api)
            .configure(crate::payouts::api)
            .configure(crate::impact::api)
            .configure(crate::shipments::api)
            .default_service(web::to(ops::not_found)),
    );
}

/// The OpenAPI document of [`api`], generated from the handlers' annotations.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, mut spec) = App::new()
        .into_utoipa_app()
        .configure(api)
        .split_for_parts();
    spec.info.title = "Passerelle API".into();
    spec.info.version = "1".into();
    spec.info.description = Some(
        "Partnerships between Belgian and partner territories: solidarity trade, solidarity \
         tourism and the exchange of practices."
            .into(),
    );
    let components = spec.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
    );
    crate::web::openapi::complete(&mut spec);
    spec
}

/// Where payments meet the features: the handler each area registers for its purposes
/// (process-wide, installed once; the demo needs it too).
pub fn wire_payment_purposes() {
    use crate::payments::purposes::{Purpose, Purposes};
    Purposes::default()
        .on(Purpose::BookingDeposit, crate::trips::paid::BookingPayments)
        .on(Purpose::BookingBalance, crate::trips::paid::BookingPayments)
        .install();
}

/// Where jobs meet the features: the kinds each area owns, with their handlers.
pub fn job_kinds() -> crate::jobs::JobKinds {
    use crate::accounts::{erasure, purge, unverified};
    let kinds = crate::jobs::JobKinds::default()
        .daily(purge::PURGE_TOKENS, 3, purge::purge_job)
        .daily(unverified::JOB_DELETE, 3, unverified::delete_job)
        .daily(erasure::JOB_FORGET, 4, erasure::forget_job)
        .daily(
            crate::mail::retention::JOB_PURGE_BODIES,
            4,
            crate::mail::retention::purge_job,
        )
        .daily(
            crate::mail::retention::JOB_ERASE_RECIPIENTS,
            4,
            crate::mail::retention::erase_recipients_job,
        )
        .daily(
            crate::jobs::retention::JOB_ERASE_PAYLOADS,
            4,
            crate::jobs::retention::erase_payloads_job,
        );
    let kinds = crate::trips::jobs::register(kinds);
    crate::group_orders::jobs::register(kinds)
}

/// Everything the handlers and the worker share.
pub fn build_state(
    config: Config,
    clock: Arc<dyn Clock>,
    db: DatabaseConnection,
    templates: Arc<Templates>,
) -> anyhow::Result<AppState> {
    let metrics = Arc::new(Metrics::default());
    let mut db = db;
    let queries = metrics.db_queries.clone();
    db.set_metric_callback(move |_| {
        queries.inc();
    });
    wire_payment_purposes();
    let jobs = Arc::new(job_kinds());
    let catalog = Arc::new(crate::catalog::cache::CatalogCache::shared(
        config.cache_ttl,
        &db,
    ));
    Ok(AppState {
        storage: crate::media::storage::Storage::from_config(&config)?,
        jobs,
        db,
        mailer: Arc::new(Mailer::new(templates.clone(), &config)?),
        catalog,
        stripe: config
            .stripe
            .as_ref()
            .map(crate::payments::stripe::StripeGateway::from_config)
            .transpose()?
            .map(Arc::new),
        templates,
        clock,
        login_limiter: Arc::new(Limiter::new(
            "login",
            config.login_rate_ip,
            config.login_rate_account,
            config.secret_key.expose(),
        )),
        signup_limiter: Arc::new(Limiter::new(
            "signup",
            config.signup_rate_ip,
            config.signup_rate_address,
            config.secret_key.expose(),
        )),
        metrics,
        photos: Arc::new(crate::media::photos::PhotoDecoder::new(
            config.photo_max_pixels,
            config.photo_decodes,
        )),
        openapi_json: Arc::new(serde_json::to_string_pretty(&openapi_document())?),
        config: Arc::new(config),
    })
}

pub struct Application {
    server: Server,
    port: u16,
    state: AppState,
    /// Hears the other instances' catalogue changes; stops with the server.
    peers: Option<AbortOnDrop>,
    /// Whether the instance drains (its readiness endpoint answers 503).
    lifecycle: Arc<Lifecycle>,
    /// The worker running inside `serve`, and how to stop it.
    worker: Option<(StopHandle, tokio::task::JoinHandle<()>)>,
}

impl Application {
    /// Connects and migrates the database, loads the demo when asked and the database is empty,
    /// binds the listener (port 0 picks a free port) and starts the worker unless told not to.
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        crate::security::install_crypto_provider();
        // Templates first: a broken template stops the start before anything is written.
        let templates = Arc::new(Templates::load()?);
        let listener = TcpListener::bind(config.bind).map_err(|e| {
            anyhow::anyhow!("PASSERELLE_BIND: cannot listen on {}: {e}", config.bind)
        })?;
        let mut config = config;
        if !config.public_url_explicit {
            // With port 0 the system picks the port: links must carry the real one.
            let bound = listener.local_addr()?;
            config.public_url = url::Url::parse(&format!("http://{bound}"))?;
        }
        let db = crate::db::connect(&config).await?;
        crate::db::migrate(&db).await?;
        // Uploads a crash left behind (never recent ones: another instance may be reading them).
        let spool = crate::web::uploads::spool_dir(&config.data_dir);
        let removed = tokio::task::spawn_blocking(move || {
            crate::web::uploads::remove_stale_spool_files(
                &spool,
                crate::web::uploads::STALE_SPOOL_AGE,
                std::time::SystemTime::now(),
            )
        })
        .await?;
        match removed {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "stale upload files removed"),
            Err(e) => tracing::warn!(error = %e, "stale upload files not removed"),
        }
        if config.load_demo {
            let report = crate::demo::load_if_empty(&db, &config, clock.now()).await?;
            if report.loaded {
                crate::demo::print_accounts(&report);
            }
        }
        let state = build_state(config, clock, db, templates)?;
        let worker = if state.config.run_worker {
            let (handle, stop) = crate::shutdown::stop_pair();
            // Named after the instance's port: the admin's outbox page and the claims in the
            // database say which instance holds a message.
            let name = format!("serve-{}", listener.local_addr()?.port());
            let worker = Worker::new(state.clone(), &name)?.with_stop(stop);
            Some((handle, tokio::spawn(worker.run())))
        } else {
            None
        };
        // The other instances' catalogue changes (PostgreSQL; nothing to hear on SQLite).
        let peers = AbortOnDrop(tokio::spawn(crate::catalog::cache_peers::listen(
            state.catalog.clone(),
        )));
        let mut app = Self::serve(state, listener)?;
        app.worker = worker;
        app.peers = Some(peers);
        Ok(app)
    }

    fn serve(state: AppState, listener: TcpListener) -> anyhow::Result<Self> {
        let port = listener.local_addr()?.port();
        let key = Key::try_from(&state.config.secret_key.expose()[..])
            .map_err(|e| anyhow::anyhow!("PASSERELLE_SECRET_KEY: {e}"))?;
        let secure = state.config.secure_cookies();
        let lifetimes = Lifetimes {
            idle: state.config.session_idle,
            absolute: state.config.session_lifetime,
        };
        let https = state.config.public_url.scheme() == "https";
        let data = web::Data::new(state.clone());
        let lifecycle = Arc::new(Lifecycle::default());
        let draining = web::Data::from(lifecycle.clone());
        let mut server = HttpServer::new(move || {
            let store = DbSessionStore::new(data.db.clone(), data.clock.clone(), lifetimes);
            let sessions = SessionMiddleware::builder(store, key.clone())
                .cookie_name("passerelle_session".into())
                .cookie_secure(secure)
                .cookie_http_only(true)
                .cookie_same_site(SameSite::Lax)
                .session_lifecycle(PersistentSession::default().session_ttl(lifetimes.cookie_ttl()))
                .build();
            let (app, _) = App::new()
                .app_data(data.clone())
                .app_data(draining.clone())
                .app_data(forms::json_config())
                .app_data(forms::form_config())
                .app_data(forms::path_config())
                .app_data(forms::query_config())
                .app_data(web::PayloadConfig::new(forms::BODY_LIMIT))
                .route("/api/v1/openapi.json", web::get().to(ops::openapi))
                .into_utoipa_app()
                .configure(api)
                .split_for_parts();
            app.route("/metrics", web::get().to(ops::metrics))
                .route(
                    "/static/{path:.*}",
                    web::get().to(crate::web::assets::serve),
                )
                .configure(accounts::routes)
                .configure(territories::routes)
                .configure(crate::mail::routes)
                .configure(crate::media::routes)
                .configure(crate::catalog::routes)
                .configure(crate::payments::routes)
                .configure(crate::group_orders::routes)
                .configure(crate::trips::routes)
                .configure(crate::network::routes)
                .configure(crate::fund::routes)
                .configure(crate::payouts::routes)
                .configure(crate::impact::routes)
                .configure(crate::shipments::routes)
                .configure(crate::space::routes)
                .default_service(web::to(ops::not_found))
                .wrap(from_fn(crate::web::text::clean_json_bodies))
                .wrap(from_fn(html_error_pages))
                .wrap(from_fn(remember_language))
                .wrap(sessions)
                .wrap(Compress::default())
                .wrap(security_headers(https))
                .wrap(from_fn(crate::telemetry::observe))
                .wrap(TracingLogger::<crate::web::log_span::RedactedRootSpan>::new())
        })
        .listen(listener)?
        // The process handles SIGTERM and SIGINT itself (see `run_until`): it drains first.
        .disable_signals()
        .shutdown_timeout(state.config.shutdown.deadline.as_secs());
        if state.config.workers > 0 {
            server = server.workers(state.config.workers);
        }
        if let Some(addr) = state.config.metrics_bind {
            let data = web::Data::new(state.clone());
            let metrics = HttpServer::new(move || {
                App::new()
                    .app_data(data.clone())
                    .route("/metrics", web::get().to(ops::local_metrics))
            })
            .bind(addr)
            .map_err(|e| anyhow::anyhow!("PASSERELLE_METRICS_BIND: cannot listen on {addr}: {e}"))?
            .workers(1)
            .disable_signals()
            .run();
            tokio::spawn(metrics);
        }
        Ok(Application {
            server: server.run(),
            port,
            state,
            peers: None,
            lifecycle,
            worker: None,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until the process ends (tests, benchmarks).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let stopped = self.server.await;
        drop(self.peers);
        stopped
    }

    /// Serves until `stop` resolves, then stops gracefully: answers "not ready" for the drain
    /// while still serving, stops accepting connections, lets the requests in flight finish
    /// within the deadline, and waits for the worker to let go of its claims.
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()>,
    ) -> anyhow::Result<()> {
        let settings = self.state.config.shutdown;
        let handle = self.server.handle();
        let mut server = tokio::spawn(self.server);
        tokio::select! {
            ended = &mut server => return Ok(ended??),
            _ = stop => {}
        }
        let deadline = tokio::time::Instant::now() + settings.drain + settings.deadline;
        if let Some((worker, _)) = &self.worker {
            worker.stop(deadline);
        }
        self.lifecycle.start_draining();
        tracing::info!(
            drain_s = settings.drain.as_secs(),
            deadline_s = settings.deadline.as_secs(),
            "stopping: not ready any more, draining"
        );
        tokio::time::sleep(settings.drain).await;
        tracing::info!("stopping: no new connections, finishing the requests in flight");
        handle.stop(true).await;
        server.await??;
        if let Some((_, task)) = self.worker {
            // The worker gives back what it holds at the deadline: a moment more to record it.
            let grace = deadline + std::time::Duration::from_secs(2);
            match tokio::time::timeout_at(grace, task).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::error!(error = %e, "the worker ended abnormally"),
                Err(_) => tracing::warn!("the worker did not stop by the deadline"),
            }
        }
        Ok(())
    }
}
