//! Stopping without losing anything: on SIGTERM or SIGINT an instance first says it is not
//! ready (the proxy's health check takes it out during the drain), then stops accepting
//! connections and lets the requests in flight finish within the deadline; its worker claims
//! nothing more, finishes the message or job in hand and gives back any claim it has not
//! worked on, so another worker takes it at once instead of after the lease.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

/// The drain and the deadline of a stop (`PASSERELLE_SHUTDOWN_DRAIN_SECONDS`,
/// `PASSERELLE_SHUTDOWN_SECONDS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShutdownSettings {
    /// How long the instance answers "not ready" while still serving, before it stops
    /// accepting connections: long enough for the proxy's health check to take it out.
    pub drain: Duration,
    /// How long requests in flight and the worker's item in hand may take after the drain.
    pub deadline: Duration,
}

/// Whether the instance is draining: the readiness endpoint answers 503 from then on.
#[derive(Default)]
pub struct Lifecycle {
    draining: AtomicBool,
}

impl Lifecycle {
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }
}

/// Tells a worker to stop, with the moment by which it must have let go of everything.
pub struct StopHandle(watch::Sender<Option<Instant>>);

/// What a worker watches: whether it has been told to stop, and by when.
#[derive(Clone)]
pub struct Stop(watch::Receiver<Option<Instant>>);

/// A handle and the [`Stop`] it controls.
pub fn stop_pair() -> (StopHandle, Stop) {
    let (tx, rx) = watch::channel(None);
    (StopHandle(tx), Stop(rx))
}

impl StopHandle {
    /// From now on the worker claims nothing; what it holds at `deadline` it gives back.
    pub fn stop(&self, deadline: Instant) {
        self.0.send_replace(Some(deadline));
    }
}

impl Stop {
    /// A stop that never comes (a worker run by hand, or in tests).
    pub fn never() -> Stop {
        let (tx, rx) = watch::channel(None);
        // The sender may go: a closed channel keeps its last value, and `requested` then waits forever.
        drop(tx);
        Stop(rx)
    }

    pub fn is_requested(&self) -> bool {
        self.0.borrow().is_some()
    }

    /// Resolves once the stop is asked for (never, for [`Stop::never`]).
    pub async fn requested(&self) {
        let mut rx = self.0.clone();
        if rx.wait_for(Option::is_some).await.is_err() {
            std::future::pending::<()>().await;
        }
    }

    /// Resolves at the deadline of a stop, once one is asked for.
    pub async fn deadline(&self) {
        self.requested().await;
        let at = *self.0.borrow();
        if let Some(at) = at {
            tokio::time::sleep_until(at).await;
        }
    }
}

/// Resolves on the first SIGTERM or SIGINT (the process's own handling, replacing actix's).
pub async fn signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
            },
            _ => {
                tracing::warn!("cannot listen for SIGTERM: only Ctrl-C stops the process");
                let _ = tokio::signal::ctrl_c().await;
                "SIGINT"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}
