//! Graceful shutdown (issue 18): the real binary in a child process receives SIGTERM. It says
//! it is not ready while it drains, stops accepting connections, finishes the request in
//! flight, and exits 0 before its deadline; its worker finishes the email in hand, claims no
//! more and gives back what it still holds at the deadline.

use std::time::{Duration, Instant};

use entity::outbox_message::{self, Attachments, OutboxStatus};
use passerelle::mail::outbox;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, Database, DatabaseConnection, EntityTrait, QueryOrder, Set};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::hardening_uploads::server::Server;
use crate::helpers::{Options, TestApp};
use crate::smtp::SmtpSink;

/// Queues `n` plain emails straight into the outbox of the child's database.
pub(crate) async fn queue_emails(db: &DatabaseConnection, n: usize) -> Vec<i64> {
    let now = chrono::Utc::now();
    let mut ids = Vec::new();
    for i in 0..n {
        let row = outbox_message::ActiveModel {
            message_id: Set(format!(
                "<stop-{i}-{}@passerelle.test>",
                now.timestamp_micros()
            )),
            template: Set("verify_email".into()),
            locale: Set("fr".into()),
            to_email: Set(format!("member{i}@example.org")),
            to_name: Set("Membre".into()),
            reply_to: Set(None),
            subject: Set(format!("Message {i}")),
            body_text: Set("Bonjour".into()),
            body_html: Set("<p>Bonjour</p>".into()),
            attachments: Set(Attachments(Vec::new())),
            status: Set(OutboxStatus::Queued),
            attempts: Set(0),
            next_attempt_at: Set(now),
            locked_until: Set(None),
            locked_by: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            sent_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        ids.push(row.id);
    }
    ids
}

pub(crate) async fn outbox_rows(db: &DatabaseConnection) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .order_by_asc(outbox_message::Column::Id)
        .all(db)
        .await
        .unwrap()
}

/// Polls the readiness endpoint until it answers 503 (the stop has been taken in).
async fn wait_draining(server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let res = reqwest::get(server.url("/healthz/ready")).await;
        if let Ok(res) = res
            && res.status() == StatusCode::SERVICE_UNAVAILABLE
        {
            let body: serde_json::Value = res.json().await.unwrap();
            assert_eq!(body["status"], "draining", "{body}");
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the readiness endpoint never answered 503 after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Reads one HTTP/1.1 response (with a Content-Length) from `stream`: its status line and body.
async fn read_response(stream: &mut TcpStream) -> (String, String) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(20), stream.read(&mut chunk))
            .await
            .expect("the server answers in time")
            .unwrap();
        assert!(
            n > 0,
            "the connection closed before a full response: {buf:?}"
        );
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = &text[..end];
            let length: usize = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse().ok())?
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                let status = head.lines().next().unwrap_or("").to_owned();
                return (status, text[end + 4..].to_owned());
            }
        }
    }
}

#[tokio::test]
async fn a_stopped_instance_drains_then_finishes_the_request_in_flight_and_exits_0() {
    let mut server = Server::start(&[
        ("PASSERELLE_SHUTDOWN_DRAIN_SECONDS", "2"),
        ("PASSERELLE_SHUTDOWN_SECONDS", "10"),
    ])
    .await;
    let ready = reqwest::get(server.url("/healthz/ready")).await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK, "ready before the stop");

    // A connection the server has accepted (one request answered on it), then a login whose
    // body is only half sent when the stop comes.
    let mut stream = TcpStream::connect(&server.address).await.unwrap();
    let host = &server.address;
    stream
        .write_all(format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let (status, _) = read_response(&mut stream).await;
    assert!(status.contains(" 200 "), "{status}");
    let body = format!(
        r#"{{"email": "admin@demo.passerelle.test", "password": "{}"}}"#,
        crate::helpers::DEMO_PASSWORD
    );
    let (first, rest) = body.split_at(body.len() / 2);
    stream
        .write_all(
            format!(
                "POST /api/v1/tokens HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{first}",
                body.len()
            )
            .as_bytes(),
        )
        .await
        .unwrap();

    let stopped_at = Instant::now();
    server.terminate();
    wait_draining(&server).await;

    // After the drain the listener is closed: new connections are refused.
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(&server.address).await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "the server still accepts connections 10 s after SIGTERM (drain: 2 s)"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        stopped_at.elapsed() >= Duration::from_secs(2),
        "connections were refused before the drain ended ({:?})",
        stopped_at.elapsed()
    );

    // The request in flight is served to its end.
    stream.write_all(rest.as_bytes()).await.unwrap();
    let (status, answer) = read_response(&mut stream).await;
    assert!(
        status.contains(" 201 "),
        "the login in flight during the stop: {status} {answer}"
    );
    assert!(answer.contains("\"token\""), "{answer}");

    let exit = server
        .wait_exit(Duration::from_secs(14))
        .await
        .expect("the server exits before its deadline (2 s drain + 10 s)");
    assert!(
        exit.success(),
        "the server exits with 0 after SIGTERM: {exit}"
    );
    assert!(
        stopped_at.elapsed() < Duration::from_secs(12),
        "exit {:?} after SIGTERM, deadline 12 s",
        stopped_at.elapsed()
    );
}

/// The binary with its worker on, sending to an SMTP server that holds its answer to the first
/// message until released, stopping within `deadline` seconds; and its database.
async fn sending_server(deadline: &str) -> (SmtpSink, Server, DatabaseConnection) {
    let sink = SmtpSink::start_slow(chrono::Duration::zero(), Some(1)).await;
    let smtp = sink.url();
    let server = Server::start(&[
        ("PASSERELLE_LOAD_DEMO", "false"),
        ("PASSERELLE_RUN_WORKER", "true"),
        ("PASSERELLE_WORKER_POLL_MS", "100"),
        ("PASSERELLE_SMTP_URL", &smtp),
        ("PASSERELLE_SHUTDOWN_DRAIN_SECONDS", "1"),
        ("PASSERELLE_SHUTDOWN_SECONDS", deadline),
    ])
    .await;
    let db = Database::connect(server.database_url.as_str())
        .await
        .unwrap();
    (sink, server, db)
}

#[tokio::test]
async fn a_stopped_worker_finishes_the_email_in_hand_and_claims_no_more() {
    // The SMTP server holds its answer to the first message until released.
    let (sink, mut server, db) = sending_server("20").await;
    let ids = queue_emails(&db, 3).await;
    sink.wait_holding().await;

    server.terminate();
    wait_draining(&server).await;
    // Stopped before its first message is answered: it finishes that one, takes no other.
    sink.release();
    let exit = server
        .wait_exit(Duration::from_secs(25))
        .await
        .expect("the server exits before its deadline");
    assert!(exit.success(), "exit status after SIGTERM: {exit}");

    assert_eq!(sink.messages().len(), 1, "only the email in hand was sent");
    let rows = outbox_rows(&db).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].id, ids[0]);
    assert_eq!(
        rows[0].status,
        OutboxStatus::Sent,
        "the email in hand is recorded sent"
    );
    for row in &rows[1..] {
        assert_eq!(
            (row.status, row.attempts, row.locked_by.as_deref()),
            (OutboxStatus::Queued, 0, None),
            "message {} was not claimed after the stop",
            row.id
        );
    }
}

#[tokio::test]
async fn an_email_still_unanswered_at_the_deadline_is_given_back_to_the_other_workers() {
    // The SMTP server never answers the message (its timeout, 30 s, is past the deadline).
    let (sink, mut server, db) = sending_server("2").await;
    let ids = queue_emails(&db, 1).await;
    sink.wait_holding().await;
    let held = outbox_rows(&db).await;
    assert_eq!(
        held[0].status,
        OutboxStatus::Sending,
        "claimed before the stop"
    );

    let stopped_at = Instant::now();
    server.terminate();
    let exit = server
        .wait_exit(Duration::from_secs(10))
        .await
        .expect("the server exits at its deadline though the email is unanswered");
    assert!(exit.success(), "exit status after SIGTERM: {exit}");
    assert!(
        stopped_at.elapsed() < Duration::from_secs(8),
        "exit {:?} after SIGTERM (1 s drain + 2 s deadline)",
        stopped_at.elapsed()
    );

    let row = &outbox_rows(&db).await[0];
    assert_eq!(
        (
            row.status,
            row.locked_by.as_deref(),
            row.locked_until,
            row.attempts
        ),
        (OutboxStatus::Queued, None, None, 1),
        "given back with no lease, its attempt counted"
    );
    // Another worker takes it at once, not when the lease would have ended.
    let taken = outbox::claim(
        &db,
        "other",
        chrono::Utc::now(),
        chrono::Duration::seconds(60),
        1,
    )
    .await
    .unwrap();
    assert_eq!(taken.iter().map(|m| m.id).collect::<Vec<_>>(), ids);
    sink.release();
}

#[tokio::test]
async fn a_claim_given_back_unbegun_keeps_its_attempts_and_is_taken_at_once() {
    let app = TestApp::spawn_with(Options::default()).await;
    let db = &app.db;
    let ids = queue_emails(db, 1).await;
    let now = chrono::Utc::now();
    let lease = chrono::Duration::seconds(600);
    let claimed = outbox::claim(db, "stopping", now, lease, 1).await.unwrap();
    assert_eq!(claimed.len(), 1);
    // Nobody else can take it while the lease runs ...
    let none = outbox::claim(db, "other", now, lease, 1).await.unwrap();
    assert!(none.is_empty(), "a leased message is not claimed twice");
    // ... until its worker, stopping, gives it back without having begun.
    let given = outbox::QUEUE
        .release(db, ids[0], "stopping", now, false)
        .await
        .unwrap();
    assert!(given, "the holder gives its claim back");
    let again = outbox::QUEUE
        .release(db, ids[0], "stopping", now, false)
        .await
        .unwrap();
    assert!(!again, "a claim no longer held is not given back twice");
    let row = &outbox_rows(db).await[0];
    assert_eq!(
        (row.status, row.attempts, row.locked_by.as_deref()),
        (OutboxStatus::Queued, 0, None),
        "an unbegun claim does not count as an attempt"
    );
    let taken = outbox::claim(db, "other", now, lease, 1).await.unwrap();
    assert_eq!(taken.iter().map(|m| m.id).collect::<Vec<_>>(), ids);
}
