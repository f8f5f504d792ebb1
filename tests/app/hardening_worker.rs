//! Issue 15, the worker's part: slow mail never holds jobs back nor sends twice; the campaign
//! close renders its emails outside the write lock; the QR image is drawn off the async
//! threads; scheduled times and stays follow the right time zones; the in-flight gauge.

use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;
use passerelle::jobs::service;
use passerelle::mail::domain::{MailTemplate, OutgoingEmail};
use passerelle::mail::outbox;
use passerelle::web::i18n::Lang;
use sea_orm::{EntityTrait, TransactionTrait};
use serde_json::json;

use crate::helpers::{Options, TestApp};
use crate::smtp::SmtpSink;

/// Queues `n` emails, as a campaign close does for its members.
async fn queue_emails(app: &TestApp, n: usize) {
    let txn = app.db.begin().await.unwrap();
    for i in 0..n {
        let email = OutgoingEmail::new(
            MailTemplate::VerifyEmail,
            Lang::Fr,
            &format!("member{i}@example.org"),
            "Membre",
            json!({"link": "https://x.test/"}),
        );
        outbox::queue(&txn, &app.state.mailer, email, app.clock_now())
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
}

/// Asserts every message arrived exactly once and every row is recorded sent; returns the
/// number of duplicates.
fn duplicates(got: &[crate::smtp::Received]) -> usize {
    let mut ids: Vec<String> = got.iter().map(|m| m.message_id()).collect();
    ids.sort();
    let all = ids.len();
    ids.dedup();
    all - ids.len()
}

async fn all_sent_once(app: &TestApp) {
    let rows = entity::outbox_message::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    for r in rows {
        assert_eq!(
            (r.status.as_str(), r.attempts),
            ("sent", 1),
            "{}",
            r.to_email
        );
    }
}

#[tokio::test]
async fn hardening_worker_jobs_run_on_time_while_the_mail_server_is_slow() {
    // 7 s per message, and the third one's answer held until the test says so.
    let smtp = SmtpSink::start_slow(Duration::seconds(7), Some(3)).await;
    let app = TestApp::spawn_with(Options {
        smtp: Some(smtp.url()),
        background_worker: true,
        ..Default::default()
    })
    .await;
    smtp.attach(app.clock.clone(), app.db.clone());
    queue_emails(&app, 58).await;
    let due = app.clock_now();
    let job = service::schedule(
        &app.db,
        passerelle::accounts::purge::PURGE_TOKENS,
        json!({}),
        due,
        None,
        3,
        due,
    )
    .await
    .unwrap()
    .unwrap();
    let started = Instant::now();
    smtp.wait_holding().await;

    // The mail loop is stuck in the middle of its queue: the job still runs.
    let deadline = Instant::now() + StdDuration::from_secs(10);
    let done = loop {
        let row = entity::job::Entity::find_by_id(job)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        if row.status == entity::job::JobStatus::Done {
            break row;
        }
        assert!(
            Instant::now() < deadline,
            "the job waited behind the mail (status {})",
            row.status.as_str()
        );
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    };
    let late = done.updated_at - done.run_at;
    println!(
        "job delay: {} s of application time, {} ms of real time, while the mail server held message 3 of 58",
        late.num_seconds(),
        started.elapsed().as_millis()
    );
    assert!(late <= Duration::seconds(21), "the job ran {late} late");

    smtp.release();
    let got = smtp.wait_for(58).await;
    assert_eq!(duplicates(&got), 0);
    assert_eq!(smtp.late(), Vec::<String>::new());
}

#[tokio::test]
async fn hardening_worker_two_workers_behind_a_slow_mail_server_send_each_email_once() {
    // 58 emails at 7 s each take 406 s, far beyond one lease of the old 20-message batches.
    let smtp = SmtpSink::start_slow(Duration::seconds(7), None).await;
    let app = TestApp::spawn_with(Options {
        smtp: Some(smtp.url()),
        ..Default::default()
    })
    .await;
    smtp.attach(app.clock.clone(), app.db.clone());
    queue_emails(&app, 58).await;
    let (a, b) = (app.worker("a"), app.worker("b"));
    let (ra, rb) = tokio::join!(a.run_once(), b.run_once());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    let got = smtp.messages();
    println!(
        "two workers, 58 emails at 7 s each: {} received, {} duplicates, {} sent after their lease ran out",
        got.len(),
        duplicates(&got),
        smtp.late().len()
    );
    assert_eq!(
        smtp.late(),
        Vec::<String>::new(),
        "every message arrived while its sender still held its lease"
    );
    assert_eq!(duplicates(&got), 0, "no email sent twice");
    assert_eq!((got.len(), ra.sent + rb.sent), (58, 58));
    all_sent_once(&app).await;
}

#[tokio::test]
async fn hardening_worker_an_smtp_server_that_never_answers_is_given_up_at_the_timeout() {
    // Accepts connections and never says a word.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            open.push(stream);
        }
    });
    let app = TestApp::spawn_with(Options {
        smtp: Some(format!("smtp://127.0.0.1:{port}")),
        vars: vec![("PASSERELLE_SMTP_TIMEOUT_SECS", "1".into())],
        ..Default::default()
    })
    .await;
    queue_emails(&app, 1).await;
    let started = Instant::now();
    let report = tokio::time::timeout(StdDuration::from_secs(8), app.run_worker())
        .await
        .expect("the worker gave up on the silent server at its timeout");
    assert_eq!((report.sent, report.failed_attempts), (0, 1));
    assert!(started.elapsed() < StdDuration::from_secs(8));
    let row = entity::outbox_message::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, entity::outbox_message::OutboxStatus::Queued);
    assert!(row.last_error.is_some());
}

#[tokio::test]
async fn hardening_worker_a_stay_in_morocco_counts_its_days_in_casablanca_and_checks_at_eight_in_brussels()
 {
    use chrono::TimeZone;
    use reqwest::StatusCode;
    use sea_orm::{ColumnTrait, QueryFilter};
    let app = TestApp::spawn().await;
    let host = app.partnership().await.coordinator_token;
    let (_, departure) = app.summer_stay_in_morocco(&host, "Arganeraie").await;
    let id = departure["id"].as_i64().unwrap();

    // The minimum-group check runs on the balance date, at 08:00 in Brussels (06:00 UTC).
    let check = entity::job::Entity::find()
        .filter(entity::job::Column::Kind.eq("departure_check"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|j| j.payload["departure_id"].as_i64() == Some(id))
        .expect("the departure's check is scheduled");
    assert_eq!(check.run_at.to_rfc3339(), "2027-07-21T06:00:00+00:00");

    // 22:30 UTC on the 19th: already the 20th in Brussels, still the 19th in Sidi Bibi, so
    // the stay has not begun and can still be booked.
    app.clock.set(
        chrono::Utc
            .with_ymd_and_hms(2027, 8, 19, 22, 30, 0)
            .unwrap(),
    );
    let traveller = app.verified_token("late.evening@example.org").await;
    let res = app
        .post_json(
            &format!("/api/v1/departures/{id}/bookings"),
            &json!({"travellers": [{"name": "Lina"}], "contact_email": "lina@example.org"}),
            Some(&traveller),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
}

/// The in-flight gauge as /metrics would show it.
fn in_flight(app: &TestApp) -> i64 {
    app.state
        .metrics
        .render()
        .lines()
        .find_map(|l| l.strip_prefix("passerelle_http_requests_in_flight "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the in-flight gauge")
}

#[tokio::test]
async fn hardening_worker_a_client_that_disconnects_leaves_the_in_flight_gauge() {
    use sea_orm::ConnectionTrait;
    use tokio::io::AsyncWriteExt;
    let app = TestApp::spawn().await;
    assert_eq!(in_flight(&app), 0);
    // Someone else is writing to the accounts: a sign-up waits for them ...
    let lock = passerelle::db::begin_write(&app.db).await.unwrap();
    if app.db.get_database_backend() == sea_orm::DbBackend::Postgres {
        lock.execute_unprepared("LOCK TABLE users IN EXCLUSIVE MODE")
            .await
            .unwrap();
    }
    let port = app.address.rsplit(':').next().unwrap();
    let mut conn = tokio::net::TcpStream::connect(format!("127.0.0.1:{port}"))
        .await
        .unwrap();
    let body = r#"{"email":"gone@example.org","password":"a long password","display_name":"Gone"}"#;
    conn.write_all(
        format!(
            "POST /api/v1/accounts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let wait_for = |want: i64| {
        let app = &app;
        async move {
            // Well within the 10 s a writer waits for its turn.
            let deadline = Instant::now() + StdDuration::from_secs(5);
            while in_flight(app) != want {
                assert!(
                    Instant::now() < deadline,
                    "in flight: {} (expected {want})",
                    in_flight(app)
                );
                tokio::time::sleep(StdDuration::from_millis(10)).await;
            }
        }
    };
    wait_for(1).await;
    // ... and its client goes away, resetting the connection (as a lost phone network does).
    #[expect(
        deprecated,
        reason = "a zero linger resets the connection at once: nothing blocks"
    )]
    conn.set_linger(Some(StdDuration::ZERO)).unwrap();
    drop(conn);
    wait_for(0).await;
    lock.rollback().await.unwrap();
    // The gauge still counts the requests that follow.
    let (status, _) = app.page("/").await;
    assert!(status.is_success());
    assert_eq!(in_flight(&app), 0);
}
