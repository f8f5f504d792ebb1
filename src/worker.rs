//! The worker: sends queued emails and runs due jobs. It runs inside `serve` by default and
//! alone as `passerelle worker`; several can share one PostgreSQL database.
//!
//! Mail and jobs run in two loops of their own, so a slow mail server never holds a job back
//! (a campaign close is not late because sixty emails are queued). Each claim covers one item
//! and its lease outlasts that item's work: a message is leased for the SMTP timeout plus a
//! margin and its sending is cut at that timeout; a job is leased for [`JOB_LEASE`] and the
//! lease is renewed while it runs. So no other worker takes over a message still being sent.
//!
//! Told to stop ([`crate::shutdown::Stop`]), a worker claims nothing more, finishes the item
//! in hand and gives back a claim it has not begun to work on; an item still unfinished at the
//! stop's deadline is given back too. Given back means waiting again with no lease, so another
//! worker takes it at once rather than when the lease would have run out.

use std::sync::Arc;

use chrono::Duration;

use crate::error::AppResult;
use crate::jobs;
use crate::mail::outbox;
use crate::mail::transport::MailTransport;
use crate::shutdown::Stop;
use crate::state::AppState;

/// How long a job's claim holds before another worker may take it over (renewed while it runs).
const JOB_LEASE: i64 = 120;
/// How often a running job's lease is renewed (well within [`JOB_LEASE`]).
const JOB_RENEW: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub sent: usize,
    pub failed_attempts: usize,
    pub jobs_done: usize,
    pub jobs_failed: usize,
}

impl std::ops::AddAssign for Report {
    fn add_assign(&mut self, o: Report) {
        self.sent += o.sent;
        self.failed_attempts += o.failed_attempts;
        self.jobs_done += o.jobs_done;
        self.jobs_failed += o.jobs_failed;
    }
}

pub struct Worker {
    state: AppState,
    id: String,
    transport: MailTransport,
    stop: Stop,
}

impl Worker {
    pub fn new(state: AppState, name: &str) -> anyhow::Result<Self> {
        let transport = MailTransport::from_config(&state.config, &state.storage)?;
        let id = format!("{name}-{}", crate::security::random_token(6));
        Ok(Worker {
            state,
            id,
            transport,
            stop: Stop::never(),
        })
    }

    /// The worker stops when `stop` is asked for (else it runs until the process ends).
    pub fn with_stop(mut self, stop: Stop) -> Self {
        self.stop = stop;
        self
    }

    /// Gives back a claim of `queue` as the worker stops (see the module's doc).
    async fn give_back(&self, queue: &crate::db::WorkQueue, id: i64, started: bool) {
        match queue
            .release(&self.state.db, id, &self.id, self.state.now(), started)
            .await
        {
            Ok(true) => tracing::info!(table = queue.table, id, started, "claim given back"),
            Ok(false) => {}
            Err(e) => tracing::warn!(table = queue.table, id, error = %e, "giving back a claim"),
        }
    }

    /// Sends every message and runs every job that is due now, then returns.
    pub async fn run_once(&self) -> AppResult<Report> {
        let mut report = self.send_due_mail().await?;
        report += self.run_due_jobs().await?;
        Ok(report)
    }

    /// A message's lease: longer than the longest sending (cut at the SMTP timeout).
    fn mail_lease(&self) -> Duration {
        let cfg = &self.state.config;
        Duration::from_std(cfg.smtp_timeout + cfg.mail_lease_margin)
            .unwrap_or(Duration::seconds(600))
    }

    /// Sends every message due now, one claim per message.
    pub async fn send_due_mail(&self) -> AppResult<Report> {
        let mut report = Report::default();
        let cfg = &self.state.config;
        while !self.stop.is_requested() {
            let claimed = outbox::claim(
                &self.state.db,
                &self.id,
                self.state.now(),
                self.mail_lease(),
                1,
            )
            .await?;
            let Some(msg) = claimed.into_iter().next() else {
                break;
            };
            if self.stop.is_requested() {
                self.give_back(&outbox::QUEUE, msg.id, false).await;
                break;
            }
            let sending = self
                .transport
                .send(&msg, &cfg.mail_from, cfg.mail_reply_to.as_ref());
            let sent = tokio::select! {
                sent = sending => sent,
                _ = self.stop.deadline() => {
                    self.give_back(&outbox::QUEUE, msg.id, true).await;
                    break;
                }
            };
            match sent {
                Ok(()) => {
                    if !outbox::QUEUE
                        .finish(&self.state.db, msg.id, &self.id, self.state.now())
                        .await?
                    {
                        tracing::warn!(id = msg.id, "message sent after its lease ran out");
                    }
                    report.sent += 1;
                }
                Err(e) => {
                    tracing::warn!(id = msg.id, attempt = msg.attempts, error = %e, "sending failed");
                    outbox::QUEUE
                        .fail(
                            &self.state.db,
                            msg.id,
                            &self.id,
                            self.state.now(),
                            (msg.attempts, cfg.mail_max_attempts),
                            &e,
                        )
                        .await?;
                    report.failed_attempts += 1;
                }
            }
        }
        Ok(report)
    }

    /// Runs every job due now, one claim per job, renewing its lease while it runs.
    pub async fn run_due_jobs(&self) -> AppResult<Report> {
        let mut report = Report::default();
        while !self.stop.is_requested() {
            let claimed = jobs::service::claim(
                &self.state.db,
                &self.id,
                self.state.now(),
                Duration::seconds(JOB_LEASE),
                1,
            )
            .await?;
            let Some(j) = claimed.into_iter().next() else {
                break;
            };
            if self.stop.is_requested() {
                self.give_back(&jobs::service::QUEUE, j.id, false).await;
                break;
            }
            let Some(done) = self.run_job(&j).await else {
                self.give_back(&jobs::service::QUEUE, j.id, true).await;
                break;
            };
            match done {
                Ok(()) => {
                    if !jobs::service::QUEUE
                        .finish(&self.state.db, j.id, &self.id, self.state.now())
                        .await?
                    {
                        tracing::warn!(id = j.id, kind = %j.kind, "job done after its lease ran out");
                    }
                    report.jobs_done += 1;
                }
                Err(e) => {
                    tracing::warn!(id = j.id, kind = %j.kind, attempt = j.attempts, error = %e, "job failed");
                    jobs::service::QUEUE
                        .fail(
                            &self.state.db,
                            j.id,
                            &self.id,
                            self.state.now(),
                            (j.attempts, j.max_attempts),
                            &e,
                        )
                        .await?;
                    report.jobs_failed += 1;
                }
            }
        }
        Ok(report)
    }

    /// Runs one job, renewing its lease every [`JOB_RENEW`] until it ends; none when it is
    /// cut at a stop's deadline.
    async fn run_job(&self, j: &entity::job::Model) -> Option<Result<(), String>> {
        let work = jobs::dispatch(&self.state, j);
        tokio::pin!(work);
        let mut renew = tokio::time::interval(JOB_RENEW);
        renew.tick().await; // the first tick is immediate: the claim has just set the lease
        loop {
            tokio::select! {
                done = &mut work => return Some(done),
                _ = self.stop.deadline() => return None,
                _ = renew.tick() => {
                    let until = self.state.now() + Duration::seconds(JOB_LEASE);
                    match jobs::service::renew(&self.state.db, j.id, &self.id, until).await {
                        Ok(true) => {}
                        Ok(false) => tracing::warn!(id = j.id, kind = %j.kind, "job lease lost while running"),
                        Err(e) => tracing::warn!(id = j.id, error = %e, "renewing a job lease"),
                    }
                }
            }
        }
    }

    /// Runs the mail loop and the jobs loop, each every `worker_poll`, until the worker is told
    /// to stop and both have let go of what they held.
    pub async fn run(self) {
        if let Err(e) = jobs::ensure_recurring(
            &self.state.db,
            &self.state.jobs,
            self.state.now(),
            self.state.now(),
        )
        .await
        {
            tracing::error!(error = %e, "scheduling recurring jobs");
        }
        let worker = Arc::new(self);
        let mut mail = {
            let w = worker.clone();
            AbortOnDrop(tokio::spawn(async move { w.every_poll(Loop::Mail).await }))
        };
        worker.every_poll(Loop::Jobs).await;
        if let Err(e) = (&mut mail.0).await {
            tracing::error!(error = %e, "the mail loop ended abnormally");
        }
        tracing::info!(worker = %worker.id, "worker stopped");
    }

    async fn every_poll(&self, which: Loop) {
        let mut tick = tokio::time::interval(self.state.config.worker_poll);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        while !self.stop.is_requested() {
            tokio::select! {
                _ = tick.tick() => {}
                _ = self.stop.requested() => break,
            }
            let round = match which {
                Loop::Mail => self.send_due_mail().await,
                Loop::Jobs => self.run_due_jobs().await,
            };
            if let Err(e) = round {
                tracing::error!(error = %e, round = ?which, "worker round failed");
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Loop {
    Mail,
    Jobs,
}

/// Stops a task when dropped: the mail loop with the worker, the catalogue listener with the
/// server.
pub(crate) struct AbortOnDrop(pub(crate) tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
