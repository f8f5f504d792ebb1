//! The worker: sends queued emails and runs due jobs. It runs inside `serve` by default and
//! alone as `passerelle worker`; several can share one PostgreSQL database.

use chrono::Duration;

use crate::error::AppResult;
use crate::jobs;
use crate::mail::outbox;
use crate::mail::transport::MailTransport;
use crate::state::AppState;

/// How long a claim holds before another worker may take the row over.
const LEASE: i64 = 120;
const BATCH: u64 = 20;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub sent: usize,
    pub failed_attempts: usize,
    pub jobs_done: usize,
    pub jobs_failed: usize,
}

pub struct Worker {
    state: AppState,
    id: String,
    transport: MailTransport,
}

impl Worker {
    pub fn new(state: AppState, name: &str) -> anyhow::Result<Self> {
        let transport = MailTransport::from_config(&state.config)?;
        let id = format!("{name}-{}", crate::accounts::service::random_token(6));
        Ok(Worker {
            state,
            id,
            transport,
        })
    }

    /// Sends every message and runs every job that is due now, then returns.
    pub async fn run_once(&self) -> AppResult<Report> {
        let mut report = Report::default();
        let cfg = &self.state.config;
        loop {
            let batch = outbox::claim(
                &self.state.db,
                &self.id,
                self.state.now(),
                Duration::seconds(LEASE),
                BATCH,
            )
            .await?;
            if batch.is_empty() {
                break;
            }
            for msg in batch {
                match self
                    .transport
                    .send(&msg, &cfg.mail_from, cfg.mail_reply_to.as_ref())
                    .await
                {
                    Ok(()) => {
                        if !outbox::record_sent(&self.state.db, msg.id, &self.id, self.state.now())
                            .await?
                        {
                            tracing::warn!(id = msg.id, "message sent after its lease ran out");
                        }
                        report.sent += 1;
                    }
                    Err(e) => {
                        tracing::warn!(id = msg.id, attempt = msg.attempts, error = %e, "sending failed");
                        outbox::record_failure(
                            &self.state.db,
                            &msg,
                            &self.id,
                            self.state.now(),
                            &e,
                            cfg.mail_max_attempts,
                        )
                        .await?;
                        report.failed_attempts += 1;
                    }
                }
            }
        }
        loop {
            let batch = jobs::service::claim(
                &self.state.db,
                &self.id,
                self.state.now(),
                Duration::seconds(LEASE),
                BATCH,
            )
            .await?;
            if batch.is_empty() {
                break;
            }
            for j in batch {
                match jobs::dispatch(&self.state, &j).await {
                    Ok(()) => {
                        jobs::service::complete(&self.state.db, j.id, &self.id, self.state.now())
                            .await?;
                        report.jobs_done += 1;
                    }
                    Err(e) => {
                        tracing::warn!(id = j.id, kind = %j.kind, attempt = j.attempts, error = %e, "job failed");
                        jobs::service::fail(&self.state.db, &j, &self.id, self.state.now(), &e)
                            .await?;
                        report.jobs_failed += 1;
                    }
                }
            }
        }
        Ok(report)
    }

    /// Runs until the process stops, every `worker_poll`.
    pub async fn run(self) {
        if let Err(e) =
            jobs::ensure_recurring(&self.state.db, self.state.now(), self.state.now()).await
        {
            tracing::error!(error = %e, "scheduling recurring jobs");
        }
        let mut tick = tokio::time::interval(self.state.config.worker_poll);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = self.run_once().await {
                tracing::error!(error = %e, "worker round failed");
            }
        }
    }
}
