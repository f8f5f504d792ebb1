//! `passerelle worker` alone on SIGTERM (issue 18): it finishes the email in hand, claims no
//! other and exits 0.

use std::io::BufRead as _;
use std::process::{Command, Stdio};
use std::time::Duration;

use entity::outbox_message::OutboxStatus;
use sea_orm::Database;

use crate::hardening_uploads::server::Server;
use crate::shutdown::{outbox_rows, queue_emails};
use crate::smtp::SmtpSink;

#[tokio::test]
async fn a_worker_alone_finishes_the_email_in_hand_on_sigterm_and_claims_no_more() {
    let sink = SmtpSink::start_slow(chrono::Duration::zero(), Some(1)).await;
    // An instance without a worker makes the database; the worker process then works its outbox.
    let server = Server::start(&[("PASSERELLE_LOAD_DEMO", "false")]).await;
    let db = Database::connect(server.database_url.as_str())
        .await
        .unwrap();
    let mut worker = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("worker")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("PASSERELLE_DATA_DIR", server.data_dir.path())
        .env("DATABASE_URL", &server.database_url)
        .env("PASSERELLE_SMTP_URL", sink.url())
        .env("PASSERELLE_WORKER_POLL_MS", "100")
        .env("PASSERELLE_SHUTDOWN_SECONDS", "20")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("passerelle worker starts");
    // Tells when the worker has taken the stop in (its log, on standard output).
    let logs = worker.stdout.take().unwrap();
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(logs).lines().map_while(Result::ok) {
            if line.contains("stop asked") {
                let _ = stop_tx.send(());
            }
        }
    });
    queue_emails(&db, 3).await;
    sink.wait_holding().await;

    let sent = Command::new("kill")
        .args(["-TERM", &worker.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    tokio::task::spawn_blocking(move || stop_rx.recv_timeout(Duration::from_secs(10)))
        .await
        .unwrap()
        .expect("the worker says it is stopping");
    sink.release();
    let deadline = std::time::Instant::now() + Duration::from_secs(25);
    let exit = loop {
        if let Some(status) = worker.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = worker.kill();
            panic!("the worker did not exit within its deadline after SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        exit.success(),
        "the worker exits with 0 after SIGTERM: {exit}"
    );

    assert_eq!(sink.messages().len(), 1, "only the email in hand was sent");
    let rows = outbox_rows(&db).await;
    assert_eq!(rows[0].status, OutboxStatus::Sent, "the email in hand");
    for row in &rows[1..] {
        assert_eq!(
            (row.status, row.attempts, row.locked_by.as_deref()),
            (OutboxStatus::Queued, 0, None),
            "message {} was not claimed after the stop",
            row.id
        );
    }
}
