//! What happens in the area that owns a purpose when one of its requests is paid. Each feature
//! registers a handler for its own purposes, once, in `startup.rs`; payments calls it inside the
//! transaction that records the money, so the booking confirmed and the money received commit
//! together. Payments itself never names a feature.
//!
//! The table is process-wide (the wiring is the same for every server, worker and test app of
//! the process) because money is recorded deep inside services that hold a connection, not the
//! application's state: a statement import, a card webhook, a treasurer's form, the demo.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use entity::payment_request;
pub use entity::payment_request::Purpose;
use sea_orm::DatabaseExecutor;

use crate::db::Executor;
use crate::error::{AppError, AppResult};

/// The future a handler returns.
pub type HandlerFuture<'a> = Pin<Box<dyn Future<Output = AppResult<()>> + Send + 'a>>;

/// What the area owning a purpose does when money moves on one of its requests.
pub trait PurposeHandler: Send + Sync {
    /// Money was received: the request's totals, status and ledger have already moved, in the
    /// transaction `conn` belongs to.
    fn paid<'a>(
        &'a self,
        conn: &'a DatabaseExecutor<'a>,
        request: &'a payment_request::Model,
        now: DateTime<Utc>,
    ) -> HandlerFuture<'a>;
}

/// The handlers of the purposes, as `startup.rs` wires them.
#[derive(Default)]
pub struct Purposes {
    handlers: HashMap<Purpose, Box<dyn PurposeHandler>>,
}

impl Purposes {
    /// `handler` reacts to the requests of `purpose`.
    pub fn on(mut self, purpose: Purpose, handler: impl PurposeHandler + 'static) -> Self {
        self.handlers.insert(purpose, Box::new(handler));
        self
    }

    /// Makes this table the process's, unless one is already installed (the wiring is the same
    /// every time; the first one stays).
    pub fn install(self) {
        let _ = TABLE.set(self);
    }
}

static TABLE: OnceLock<Purposes> = OnceLock::new();

/// Tells the area owning `request`'s purpose that money was received on it. A purpose without a
/// handler needs nothing; a process that never wired its purposes is a programming error,
/// reported instead of silently leaving bookings unconfirmed.
pub(super) async fn paid(
    conn: &impl Executor,
    request: &payment_request::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let table = TABLE.get().ok_or_else(|| {
        AppError::Unexpected(anyhow::anyhow!(
            "payment purposes are not wired (startup::wire_payment_purposes)"
        ))
    })?;
    match table.handlers.get(&request.purpose_type) {
        Some(h) => h.paid(&conn.executor(), request, now).await,
        None => Ok(()),
    }
}
