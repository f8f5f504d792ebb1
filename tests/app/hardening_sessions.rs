//! Issue 15, sessions and tokens: redirects that stay on the site, the client's address behind
//! proxies, tokens that expire and end with the password, sessions that end on the server, and
//! what the site tells (or hides) about itself.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Options, TestApp, location};
use crate::smtp::SmtpSink;

const PASSWORD: &str = "a long password";

#[tokio::test]
async fn hardening_sessions_next_never_leads_off_the_site() {
    let app = TestApp::spawn().await;
    app.user_token("nadia@example.org").await;
    // Tab, newline, NUL, backslash, scheme-relative and absolute targets all land on the site
    // (a path such as /evil.example is a page of this site: harmless).
    let evil = [
        "/%09/evil.example",
        "/%0A/evil.example",
        "/%0D%0A/evil.example",
        "/%00",
        "//evil.example",
        "/%5Cevil.example",
        "%2F%2Fevil.example",
        "https://evil.example/",
        "/./..//evil.example",
        "%09/evil.example",
    ];
    // Anonymous: the login page renders (never 500) and carries a safe target.
    for next in evil {
        let (status, body) = app.page(&format!("/login?next={next}")).await;
        assert_eq!(status, StatusCode::OK, "/login?next={next}");
        let marker = "name=\"next\" value=\"";
        let start = body.find(marker).expect("the next field") + marker.len();
        let kept = &body[start..start + body[start..].find('"').expect("end")];
        assert!(
            kept.starts_with('/') && !kept.starts_with("//") && !kept.contains('\\'),
            "next={next} kept as {kept:?}"
        );
    }
    // Logging in with such a target leads home.
    let res = app
        .submit(
            "/login",
            "/login",
            &[
                ("email", "nadia@example.org"),
                ("password", PASSWORD),
                ("next", "/\t/evil.example"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/");
    // Signed in, /login sends straight to the target: only to this site's pages.
    for next in evil {
        let res = app.get(&format!("/login?next={next}")).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "next={next}");
        let to = location(&res);
        assert!(
            to.starts_with('/') && !to.starts_with("//"),
            "next={next} led to {to:?}"
        );
        assert!(!to.chars().any(|c| c.is_control() || c == '\\'), "{to:?}");
    }
    let res = app.get("/login?next=/account%3Flang%3Dnl").await;
    assert_eq!(
        location(&res),
        "/account?lang=nl",
        "a page of the site is kept"
    );
}

/// A login attempt with a wrong password, its request carrying `forwarded` as X-Forwarded-For.
async fn attempt(app: &TestApp, forwarded: &str) -> StatusCode {
    app.client
        .post(app.url("/api/v1/tokens"))
        .header("x-forwarded-for", forwarded)
        .json(&json!({"email": "nobody@example.org", "password": "nope"}))
        .send()
        .await
        .expect("POST /api/v1/tokens")
        .status()
}

#[tokio::test]
async fn hardening_sessions_the_client_cannot_choose_its_address_behind_a_proxy() {
    for vars in [
        vec![("PASSERELLE_TRUSTED_PROXIES", "1".to_owned())],
        vec![("PASSERELLE_TRUST_PROXY", "true".to_owned())],
        vec![("PASSERELLE_TRUSTED_PROXIES", "127.0.0.1".to_owned())],
    ] {
        let mut all = vars.clone();
        all.push(("PASSERELLE_LOGIN_RATE_IP", "3".into()));
        let app = TestApp::spawn_with(Options {
            vars: all,
            ..Default::default()
        })
        .await;
        // One client, 203.0.113.7, writes a new address on every attempt; the proxy appends the
        // real one.
        let mut statuses = Vec::new();
        for i in 0..6 {
            statuses.push(attempt(&app, &format!("198.51.100.{i}, 203.0.113.7")).await);
        }
        assert_eq!(
            statuses
                .iter()
                .filter(|s| **s == StatusCode::UNAUTHORIZED)
                .count(),
            3,
            "{vars:?}: {statuses:?}"
        );
        assert_eq!(
            statuses
                .iter()
                .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
                .count(),
            3,
            "{vars:?}: {statuses:?}"
        );
        // Another client behind the same proxy still gets in.
        assert_eq!(
            attempt(&app, "203.0.113.8").await,
            StatusCode::UNAUTHORIZED,
            "{vars:?}"
        );
    }
}

async fn token_with_expiry(app: &TestApp, email: &str) -> (String, Value) {
    let res = app
        .post_json(
            "/api/v1/tokens",
            &json!({"email": email, "password": PASSWORD, "name": "script"}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.expect("token json");
    (body["token"].as_str().expect("token").to_owned(), body)
}

#[tokio::test]
async fn hardening_sessions_tokens_expire_and_are_listed_and_revoked() {
    let app = TestApp::spawn_with(Options {
        vars: vec![
            ("PASSERELLE_TOKEN_DAYS", "30".into()),
            ("PASSERELLE_SESSION_IDLE_MINUTES", "10080".into()),
            ("PASSERELLE_SESSION_MAX_DAYS", "30".into()),
        ],
        ..Default::default()
    })
    .await;
    app.user_token("amal@example.org").await;
    let (token, created) = token_with_expiry(&app, "amal@example.org").await;
    // The expiry is shown at creation: 30 days from now.
    let expires: chrono::DateTime<chrono::Utc> = created["expires_at"]
        .as_str()
        .expect("expires_at")
        .parse()
        .expect("a date");
    assert_eq!(expires, app.clock_now() + chrono::Duration::days(30));
    let (status, list) = app.get_json("/api/v1/me/tokens", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    let list = list.as_array().expect("a list").clone();
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0]["name"], "script");
    assert!(list[0].get("token").is_none() && list[0].get("token_hash").is_none());
    assert_eq!(list[0]["expired"], false);
    // Someone else's token cannot be revoked (404), one's own can.
    let other = app.user_token("other@example.org").await;
    let mine = list[1]["id"].as_i64().expect("id");
    let res = app
        .delete(&format!("/api/v1/me/tokens/{mine}"), Some(&other))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .delete(&format!("/api/v1/me/tokens/{mine}"), Some(&token))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (_, list) = app.get_json("/api/v1/me/tokens", Some(&token)).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    // The account page lists it with its expiry.
    app.login("amal@example.org", PASSWORD).await;
    let (_, page) = app.page("/account").await;
    assert!(
        page.contains("script") && page.contains("valable jusqu"),
        "{page}"
    );
    // A day before the end it works; after, 401.
    app.advance(chrono::Duration::days(29));
    assert_eq!(
        app.get_json("/api/v1/me", Some(&token)).await.0,
        StatusCode::OK
    );
    app.advance(chrono::Duration::days(1) + chrono::Duration::seconds(1));
    assert_eq!(
        app.get_json("/api/v1/me", Some(&token)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get_json("/api/v1/me", Some(&other)).await.0,
        StatusCode::UNAUTHORIZED,
        "the default lifetime applies to every token"
    );
    // (The browser session has ended meanwhile, idle for a month.)
    assert_eq!(app.get("/account").await.status(), StatusCode::SEE_OTHER);
    app.login("amal@example.org", PASSWORD).await;
    let (_, page) = app.page("/account").await;
    assert!(page.contains("expiré le"), "{page}");
    // Revoking them all.
    let (fresh, _) = token_with_expiry(&app, "amal@example.org").await;
    assert_eq!(
        app.delete("/api/v1/me/tokens", Some(&fresh)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get_json("/api/v1/me", Some(&fresh)).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn hardening_sessions_a_password_reset_ends_every_token_and_session() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(Options {
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    app.user_token("amal@example.org").await;
    let (token, _) = token_with_expiry(&app, "amal@example.org").await;
    let browser = app.visitor("amal@example.org", PASSWORD).await;
    assert_eq!(browser.get("/account").await.status(), StatusCode::OK);
    let res = app
        .post_json(
            "/api/v1/password-resets",
            &json!({"email": "amal@example.org"}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    app.run_worker().await;
    let mails = sink.to("amal@example.org");
    let path = mails
        .last()
        .expect("the reset email")
        .link_path(&app.address);
    let res = app
        .post_json(
            &format!(
                "/api/v1/password-resets/{}",
                path.trim_start_matches("/reset-password/")
            ),
            &json!({"password": "a brand new secret"}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get_json("/api/v1/me", Some(&token)).await.0,
        StatusCode::UNAUTHORIZED,
        "a token from before the reset"
    );
    assert_eq!(app.count("api_tokens").await, 0);
    assert_eq!(
        browser.get("/account").await.status(),
        StatusCode::SEE_OTHER,
        "a session from before the reset"
    );
    assert_eq!(
        sessions_of(&app, "amal@example.org").await,
        0,
        "no session row is left"
    );
}

#[tokio::test]
async fn hardening_sessions_a_password_change_ends_the_other_sessions_and_tokens() {
    let app = TestApp::spawn().await;
    app.user_token("amal@example.org").await;
    let (token, _) = token_with_expiry(&app, "amal@example.org").await;
    let other = app.visitor("amal@example.org", PASSWORD).await;
    app.login("amal@example.org", PASSWORD).await;
    let res = app
        .submit(
            "/account",
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", "a brand new secret"),
                ("password_confirm", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/account").await.status(),
        StatusCode::OK,
        "this one"
    );
    assert_eq!(other.get("/account").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_json("/api/v1/me", Some(&token)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(sessions_of(&app, "amal@example.org").await, 1);
}

/// The session rows of an account.
async fn sessions_of(app: &TestApp, email: &str) -> usize {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let user = passerelle::accounts::service::find_by_email(&app.db, email)
        .await
        .expect("query")
        .expect("the account");
    entity::session::Entity::find()
        .filter(entity::session::Column::UserId.eq(user.id))
        .all(&app.db)
        .await
        .expect("sessions")
        .len()
}

/// Logs in on a client without a cookie jar and returns the session cookie it was given.
async fn login_cookie(app: &TestApp, email: &str) -> String {
    let bare = crate::helpers::http()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let res = bare
        .get(app.url("/login"))
        .send()
        .await
        .expect("GET /login");
    let anon = cookie_of(&res).expect("a session for the login form's token");
    let token = crate::helpers::csrf_in(&res.text().await.expect("body")).expect("csrf");
    let res = bare
        .post(app.url("/login"))
        .header("cookie", &anon)
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("next", "/account"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("POST /login");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = cookie_of(&res).expect("a new session at login");
    assert_ne!(cookie, anon, "the session key changes at login");
    cookie
}

fn cookie_of(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("passerelle_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

async fn status_with(app: &TestApp, cookie: &str, path: &str) -> StatusCode {
    crate::helpers::http()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .expect("GET")
        .status()
}

#[tokio::test]
async fn hardening_sessions_a_copied_cookie_stops_working_after_logout() {
    let app = TestApp::spawn().await;
    app.user_token("amal@example.org").await;
    let cookie = login_cookie(&app, "amal@example.org").await;
    assert_eq!(status_with(&app, &cookie, "/account").await, StatusCode::OK);
    // The cookie carries only a key: no account id, nothing readable.
    assert!(cookie.len() < 200, "{cookie}");
    // Log out with that cookie (a form needs its CSRF token).
    let bare = crate::helpers::http().build().expect("client");
    let page = bare
        .get(app.url("/account"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    let token = crate::helpers::csrf_in(&page).expect("csrf");
    let res = crate::helpers::http()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url("/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .expect("POST /logout");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The copy kept before logging out no longer works.
    assert_eq!(
        status_with(&app, &cookie, "/account").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(sessions_of(&app, "amal@example.org").await, 0);
}

#[tokio::test]
async fn hardening_sessions_sessions_end_when_idle_and_after_their_lifetime() {
    let app = TestApp::spawn_with(Options {
        vars: vec![
            ("PASSERELLE_SESSION_IDLE_MINUTES", "60".into()),
            ("PASSERELLE_SESSION_MAX_DAYS", "1".into()),
        ],
        ..Default::default()
    })
    .await;
    app.user_token("amal@example.org").await;
    // Idle: used every 50 minutes it lasts; left 61 minutes it ends.
    let cookie = login_cookie(&app, "amal@example.org").await;
    for _ in 0..3 {
        app.advance(chrono::Duration::minutes(50));
        assert_eq!(status_with(&app, &cookie, "/account").await, StatusCode::OK);
    }
    app.advance(chrono::Duration::minutes(61));
    assert_eq!(
        status_with(&app, &cookie, "/account").await,
        StatusCode::SEE_OTHER
    );
    // Lifetime: used every 50 minutes, it still ends after a day.
    let cookie = login_cookie(&app, "amal@example.org").await;
    let mut worked = 0;
    for _ in 0..30 {
        app.advance(chrono::Duration::minutes(50));
        if status_with(&app, &cookie, "/account").await == StatusCode::OK {
            worked += 1;
        }
    }
    assert_eq!(worked, 28, "24 h / 50 min: the 29th use is past the day");
    // last_seen is written at most once a minute: reading pages does not write every time.
    let cookie = login_cookie(&app, "amal@example.org").await;
    let before = app.state.metrics.db_queries.get();
    for _ in 0..5 {
        assert_eq!(status_with(&app, &cookie, "/account").await, StatusCode::OK);
    }
    let per_page = (app.state.metrics.db_queries.get() - before) / 5;
    app.advance(chrono::Duration::minutes(2));
    let before = app.state.metrics.db_queries.get();
    assert_eq!(status_with(&app, &cookie, "/account").await, StatusCode::OK);
    assert_eq!(
        app.state.metrics.db_queries.get() - before,
        per_page + 1,
        "one write after a minute"
    );
}

#[tokio::test]
async fn hardening_sessions_sign_up_does_not_tell_whether_an_address_has_an_account() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(Options {
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    app.user_token("taken@example.org").await;
    app.run_worker().await;
    let form = |email: &'static str| {
        [
            ("display_name", "Eve"),
            ("email", email),
            ("password", "eve's own password"),
        ]
    };
    // The page: the same redirect and the same next page.
    let mut answers = Vec::new();
    for email in ["taken@example.org", "fresh@example.org"] {
        let v = crate::helpers::Visitor {
            app: &app,
            client: TestApp::new_client(),
        };
        let res = v.submit("/signup", "/signup", &form(email)).await;
        let status = res.status();
        let to = location(&res);
        let (_, next) = v.page(&to).await;
        let csrf = crate::helpers::csrf_in(&next).expect("a form");
        answers.push((status, to, next.replace(email, "X").replace(&csrf, "T")));
    }
    assert_eq!(answers[0].0, StatusCode::SEE_OTHER);
    assert_eq!(answers[0], answers[1], "the same answer either way");
    // The API: the same status and body.
    let mut api = Vec::new();
    for email in ["TAKEN@example.org", "other@example.org"] {
        let res = app
            .post_json(
                "/api/v1/accounts",
                &json!({"email": email, "password": "eve's own password", "display_name": "Eve"}),
                None,
            )
            .await;
        let status = res.status();
        let body: Value = res.json().await.expect("json");
        api.push((
            status,
            body["email"]
                .as_str()
                .map(|e| e.replace(email.to_lowercase().as_str(), "X")),
        ));
    }
    assert_eq!(api[0].0, StatusCode::ACCEPTED);
    assert_eq!(api[0], api[1]);
    assert_eq!(app.count("users").await, 3);
    // The owner is told, once (at most one notice an hour: see hardening_left); the account
    // and its password are unchanged.
    app.run_worker().await;
    let told = sink.to("taken@example.org");
    assert_eq!(told.len(), 2, "verification, then one notice");
    assert!(
        told[1].text().contains("/forgot-password"),
        "{}",
        told[1].text()
    );
    app.token("taken@example.org", PASSWORD).await;
    let res = app
        .post_json(
            "/api/v1/tokens",
            &json!({"email": "taken@example.org", "password": "eve's own password"}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn hardening_sessions_metrics_need_the_token_or_the_local_address() {
    // Without a token: not served on the public address.
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);
    // With one: only for its bearer.
    let local = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let local_addr = local.local_addr().expect("address");
    drop(local);
    let app = TestApp::spawn_with(Options {
        vars: vec![
            (
                "PASSERELLE_METRICS_TOKEN",
                "a-metrics-token-of-24-ch".into(),
            ),
            ("PASSERELLE_METRICS_BIND", local_addr.to_string()),
        ],
        ..Default::default()
    })
    .await;
    let get = |token: Option<&'static str>| {
        let mut req = app.client.get(app.url("/metrics"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    assert_eq!(
        get(None).await.expect("GET").status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(Some("a-metrics-token-of-24-cx"))
            .await
            .expect("GET")
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let res = get(Some("a-metrics-token-of-24-ch")).await.expect("GET");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("passerelle_http_requests_total")
    );
    // The separate local address serves them without a token, and nothing else.
    let res = reqwest::get(format!("http://{local_addr}/metrics"))
        .await
        .expect("GET local metrics");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("passerelle_http_requests_total")
    );
    let res = reqwest::get(format!("http://{local_addr}/"))
        .await
        .expect("GET local /");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hardening_sessions_https_sites_send_strict_transport_security() {
    let app = TestApp::spawn().await;
    let res = app.get("/").await;
    assert!(res.headers().get("strict-transport-security").is_none());
    let app = TestApp::spawn_with(Options {
        vars: vec![(
            "PASSERELLE_PUBLIC_URL",
            "https://passerelle.example.org".into(),
        )],
        ..Default::default()
    })
    .await;
    for path in ["/", "/api/v1/territories", "/nowhere"] {
        let res = app.get(path).await;
        assert_eq!(
            res.headers()
                .get("strict-transport-security")
                .and_then(|v| v.to_str().ok()),
            Some("max-age=31536000; includeSubDomains"),
            "{path}"
        );
    }
}
