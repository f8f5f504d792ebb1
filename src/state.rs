//! What every request handler can reach.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::config::Config;
use crate::mail::outbox::Mailer;
use crate::telemetry::Metrics;
use crate::web::limiter::Limiter;
use crate::web::templates::Templates;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub templates: Arc<Templates>,
    pub catalog: Arc<crate::catalog::cache::CatalogCache>,
    /// Card payments; none when Stripe is not configured (bank transfer only).
    pub stripe: Option<Arc<crate::payments::stripe::StripeGateway>>,
    pub mailer: Arc<Mailer>,
    /// Where uploaded and generated files are kept (the data directory or an object store).
    pub storage: crate::media::storage::Storage,
    pub clock: Arc<dyn Clock>,
    /// Login attempts (and password-reset requests) per client address and per account,
    /// counted in the database for all instances.
    pub login_limiter: Arc<Limiter>,
    /// Sign-ups per client address and per email address (the same kind of limiter).
    pub signup_limiter: Arc<Limiter>,
    pub metrics: Arc<Metrics>,
    /// Decodes uploaded photos, a few at a time, within the pixel budget.
    pub photos: Arc<crate::media::photos::PhotoDecoder>,
    /// The job kinds the areas own, with their handlers.
    pub jobs: Arc<crate::jobs::JobKinds>,
    /// The OpenAPI document, generated from the API handlers once at start-up.
    pub openapi_json: Arc<String>,
}

impl AppState {
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }
}
