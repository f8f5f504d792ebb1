//! Several instances of the server on one database (as behind a proxy): the login and sign-up
//! limits hold whatever the instance an attempt reaches, and on PostgreSQL a catalogue change
//! made through one instance empties the other's caches at once.

use std::time::{Duration, Instant};

use chrono::{DurationRound, TimeDelta, Utc};
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::builders::PASSWORD;
use crate::catalog::argan_oil;
use crate::helpers::{Options, TestApp};

async fn two_instances(vars: Vec<(&'static str, String)>) -> (TestApp, TestApp) {
    let a = TestApp::spawn_with(Options {
        vars,
        ..Default::default()
    })
    .await;
    // Ten seconds into a minute: the windows' arithmetic is the same on every run.
    let minute = Utc::now().duration_trunc(TimeDelta::minutes(1)).unwrap();
    a.clock.set(minute + TimeDelta::seconds(10));
    let b = a.spawn_sibling().await;
    (a, b)
}

async fn token_attempt(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/tokens",
        &json!({"email": email, "password": password}),
        None,
    )
    .await
}

#[tokio::test]
async fn the_login_limit_per_account_holds_across_instances() {
    let (a, b) = two_instances(vec![("PASSERELLE_LOGIN_RATE_ACCOUNT", "4".into())]).await;
    a.account("target@example.org").await;
    // Four wrong guesses spread over both instances are answered; the fifth, on either, is not.
    for app in [&a, &b, &a, &b] {
        let res = token_attempt(app, "target@example.org", "guess").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = token_attempt(&b, "TARGET@example.org", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Five attempts 10 s into the minute: one more fits once they weigh three at most, 24 s
    // into the next minute (1 + 5 x 36/60 = 4).
    assert_eq!(res.headers()["retry-after"], "74");
    let res = token_attempt(&a, "target@example.org", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another account is not affected.
    a.account("other@example.org").await;
    assert_eq!(
        token_attempt(&b, "other@example.org", PASSWORD)
            .await
            .status(),
        StatusCode::CREATED
    );
    // Seven attempts now: waiting as told lets the owner in, through the other instance's form.
    let res = token_attempt(&b, "target@example.org", PASSWORD).await;
    assert_eq!(res.headers()["retry-after"], "85", "1 + 7 x 25/60 <= 4");
    a.advance(TimeDelta::seconds(85));
    b.login("target@example.org", PASSWORD).await;
}

#[tokio::test]
async fn the_login_limit_per_client_holds_across_instances() {
    let (a, b) = two_instances(vec![("PASSERELLE_LOGIN_RATE_IP", "3".into())]).await;
    let statuses = [
        token_attempt(&a, "one@example.org", "guess").await.status(),
        token_attempt(&b, "two@example.org", "guess").await.status(),
        token_attempt(&b, "three@example.org", "guess")
            .await
            .status(),
        token_attempt(&a, "four@example.org", "guess")
            .await
            .status(),
        token_attempt(&b, "five@example.org", "guess")
            .await
            .status(),
    ];
    use StatusCode as S;
    assert_eq!(
        statuses,
        [
            S::UNAUTHORIZED,
            S::UNAUTHORIZED,
            S::UNAUTHORIZED,
            S::TOO_MANY_REQUESTS,
            S::TOO_MANY_REQUESTS
        ]
    );
    // Two minutes later the client starts afresh.
    a.advance(TimeDelta::minutes(2));
    assert_eq!(
        token_attempt(&b, "six@example.org", "guess").await.status(),
        S::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_sign_up_limit_per_client_holds_across_instances() {
    let (a, b) = two_instances(vec![("PASSERELLE_SIGNUP_RATE_IP", "3".into())]).await;
    let sign_up = |app: &TestApp, email: &str| {
        let body = json!({"email": email, "password": "a long password", "display_name": "N"});
        let req = app.client.post(app.url("/api/v1/accounts")).json(&body);
        async move { req.send().await.unwrap().status() }
    };
    for (app, email) in [
        (&a, "n1@example.org"),
        (&b, "n2@example.org"),
        (&a, "n3@example.org"),
    ] {
        assert_eq!(sign_up(app, email).await, StatusCode::ACCEPTED);
    }
    assert_eq!(
        sign_up(&b, "n4@example.org").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(a.count("users").await, 3);
}

#[tokio::test]
async fn an_attempt_costs_one_statement_and_old_counts_are_deleted() {
    let (a, _b) = two_instances(vec![("PASSERELLE_LOGIN_RATE_IP", "1".into())]).await;
    let queries = || a.state.metrics.db_queries.get();
    // The first attempt of a minute on an instance also deletes the old minutes.
    let before = queries();
    assert_eq!(
        token_attempt(&a, "x@example.org", "guess").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let first = queries() - before;
    // A refused attempt is the counting statement alone.
    let before = queries();
    assert_eq!(
        token_attempt(&a, "x@example.org", "guess").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(queries() - before, 1, "one statement per attempt");
    assert!(
        first >= 2,
        "the purge and the count, then the login: {first}"
    );
    assert_eq!(
        a.count("rate_counters").await,
        2,
        "the address and the account"
    );
    // Nothing in the table names who tried.
    let rows =
        a.db.query_all_raw(sea_orm::Statement::from_string(
            a.db.get_database_backend(),
            "SELECT limiter_key FROM rate_counters",
        ))
        .await
        .unwrap();
    for row in rows {
        let key: String = row.try_get("", "limiter_key").unwrap();
        assert!(
            !key.contains("x@example") && !key.contains("127.0.0.1"),
            "{key}"
        );
    }
    // Minutes no estimate reads any more are deleted by the next minute's first attempt.
    a.advance(TimeDelta::minutes(3));
    let before = queries();
    token_attempt(&a, "y@example.org", "guess").await;
    assert!(queries() - before >= 2);
    assert_eq!(
        a.count("rate_counters").await,
        2,
        "only this minute's counts"
    );
}

/// Polls `path` on `app` until its body contains `text`, for at most `within`.
async fn shows_within(app: &TestApp, path: &str, text: &str, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    loop {
        let (_, body) = app.page(path).await;
        if body.contains(text) {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_product_renamed_through_one_instance_shows_on_the_other_at_once() {
    if std::env::var("PASSERELLE_TEST_POSTGRES").map_or(true, |v| v.is_empty()) {
        return; // One instance on SQLite: nobody else to tell.
    }
    // A time to live far longer than the test: only the notification can refresh the pages.
    let a = TestApp::spawn_with(Options {
        vars: vec![("PASSERELLE_CACHE_TTL_SECS", "600".into())],
        ..Default::default()
    })
    .await;
    let b = a.spawn_sibling().await;
    let partnership = a.partnership().await;
    let (producer, token) = a.approved_producer(&partnership, "amina@example.org").await;
    let product = a
        .product(producer.id, &token, "Huile d'argan alimentaire")
        .await;
    let pid = product["id"].as_i64().unwrap();
    let path = format!("/products/{pid}");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !(a.state.catalog.is_listening() && b.state.catalog.is_listening()) {
        assert!(
            Instant::now() < deadline,
            "the instances listen to each other"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // B keeps the page (once the notifications of A's earlier writes have all arrived).
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (status, before) = b.page(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(before.contains("argan alimentaire"), "{before}");
        if b.state.catalog.page_count().await == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "B keeps the page");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Renamed through A: B shows the new name within a second.
    let mut body = argan_oil();
    body["name"] = json!({"fr": "Huile d'argan torréfiée"});
    let res = a
        .put_json(&format!("/api/v1/products/{pid}"), &body, Some(&token))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        shows_within(&b, &path, "argan torréfiée", Duration::from_secs(1)).await,
        "B still shows the old name"
    );

    // A change B cannot have heard of (written behind the instances' backs), then B's
    // listening connection is cut: back, it forgets what it kept.
    let (_, kept) = b.page(&path).await;
    assert!(kept.contains("torréfiée"));
    b.db.execute_unprepared(&format!(
        "UPDATE products SET name = '{{\"fr\": \"Huile d''argan vierge\"}}' WHERE id = {pid}"
    ))
    .await
    .unwrap();
    b.db.execute_unprepared(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE query LIKE 'LISTEN%' AND datname = current_database()",
    )
    .await
    .unwrap();
    assert!(
        shows_within(&b, &path, "argan vierge", Duration::from_secs(5)).await,
        "B forgot its pages when it listened again"
    );
}
