//! Issue 15, the API's part: webhooks that cannot pay with nothing or in dollars, statements and
//! webhooks delivered twice at once, statement errors by the file's line, 503 while the database
//! is away, and an OpenAPI document that says what the API answers.

use entity::payment_request::RequestStatus;
use futures_util::future::join_all;
use passerelle::money::Cents;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::PASSWORD;
use crate::helpers::TestApp;
use crate::payment_pages::TREASURER;
use crate::stripe::{WEBHOOK_SECRET, deliver, event, request_row, session_json, setup};

async fn stripe_payments(app: &TestApp) -> Vec<entity::payment::Model> {
    entity::payment::Entity::find()
        .filter(entity::payment::Column::Method.eq("stripe"))
        .all(&app.db)
        .await
        .unwrap()
}

async fn outcome_of(app: &TestApp, event_id: &str) -> String {
    entity::stripe_event::Entity::find_by_id(event_id.to_owned())
        .one(&app.db)
        .await
        .unwrap()
        .map(|e| e.outcome)
        .unwrap_or_default()
}

#[tokio::test]
async fn hardening_api_a_webhook_paying_nothing_or_in_dollars_is_refused_and_another_amount_flagged()
 {
    let s = setup().await;
    let app = &s.app;
    let now = app.clock_now().timestamp();
    let paid = |amount: i64, currency: &str| {
        let mut session = session_json("cs_test_1", &s.reference, amount, true, 0);
        session["currency"] = json!(currency);
        session
    };
    for (id, amount, currency, outcome) in [
        ("evt_zero", 0, "eur", "refused_amount"),
        ("evt_negative", -2500, "eur", "refused_amount"),
        ("evt_dollars", 2500, "usd", "refused_currency"),
    ] {
        let body = event(id, "checkout.session.completed", paid(amount, currency));
        let res = deliver(app, &body, now, WEBHOOK_SECRET).await;
        assert_eq!(res.status(), StatusCode::OK, "{id}: acknowledged");
        let ack: Value = res.json().await.unwrap();
        assert_eq!(ack["outcome"], outcome, "{id}");
        assert_eq!(outcome_of(app, id).await, outcome, "{id}: logged");
        assert!(stripe_payments(app).await.is_empty(), "{id}: nothing paid");
        let r = request_row(app, &s.reference).await;
        assert_eq!(
            (r.status, r.paid_cents.get()),
            (RequestStatus::Open, 0),
            "{id}"
        );
    }

    // 20 € where 25 € was asked: recorded, and flagged for the treasurer.
    let body = event("evt_less", "checkout.session.completed", paid(2000, "eur"));
    let res = deliver(app, &body, now, WEBHOOK_SECRET).await;
    assert_eq!(res.status(), StatusCode::OK);
    let payments = stripe_payments(app).await;
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].amount_cents, Cents(2000));
    assert!(payments[0].flagged, "an amount other than asked is flagged");
    assert_eq!(
        payments[0].flag_reason.as_deref(),
        Some("not the amount asked")
    );
    let r = request_row(app, &s.reference).await;
    assert_eq!(
        (r.status, r.paid_cents.get()),
        (RequestStatus::PartlyPaid, 2000)
    );

    // The treasurer sees it on the books, in their language.
    let treasurer = app.visitor(TREASURER, PASSWORD).await;
    let (status, page) = treasurer
        .page("/partnerships/jette-sidi-bibi/payments?lang=en")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Not the amount asked"), "flag shown");
}

#[tokio::test]
async fn hardening_api_the_same_webhook_ten_times_at_once_answers_200_each_and_pays_once() {
    let s = setup().await;
    let app = &s.app;
    let now = app.clock_now().timestamp();
    let body = event(
        "evt_burst",
        "checkout.session.completed",
        session_json("cs_test_1", &s.reference, 2500, true, 0),
    );
    let statuses: Vec<StatusCode> = join_all(
        (0..10).map(|_| async { deliver(app, &body, now, WEBHOOK_SECRET).await.status() }),
    )
    .await;
    assert_eq!(statuses, vec![StatusCode::OK; 10]);
    let r = request_row(app, &s.reference).await;
    assert_eq!((r.status, r.paid_cents.get()), (RequestStatus::Paid, 2500));
    assert_eq!(stripe_payments(app).await.len(), 1);
    assert_eq!(app.count("stripe_events").await, 1);
}

/// A statement paying the setup's request, with a blank line, a broken line and a stray quote.
fn statement(ogm: &str) -> String {
    format!(
        "Date;Montant;Communication;Contrepartie\n\
         \n\
         28/11/2026;10,00;{ogm};Payer\n\
         29/11/2026;douze;{ogm};Payer\n\
         29/11/2026;1,00;{ogm};\"Payer\n\
         30/11/2026;2,00;{ogm};Payer\n\
         30/11/2026;3,00;sans communication;Quelqu'un\n"
    )
}

async fn import(app: &TestApp, token: &str, csv: &str) -> (StatusCode, Value) {
    let res = app
        .client
        .post(app.url("/api/v1/partnerships/jette-sidi-bibi/statements?name=novembre.csv"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn hardening_api_statement_errors_name_the_files_line_and_a_stray_quote_spoils_only_its_own()
{
    let s = setup().await;
    let app = &s.app;
    let token = app.token(TREASURER, PASSWORD).await;
    let ogm = request_row(app, &s.reference).await.ogm;
    let (status, report) = import(app, &token, &statement(&ogm)).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let errors: Vec<(i64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line_no"].as_i64().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, [(4, "amount"), (5, "unreadable")], "{report}");
    assert_eq!(
        (report["applied"].as_i64(), report["unmatched"].as_i64()),
        (Some(2), Some(1)),
        "the lines after the stray quote are applied: {report}"
    );
    assert_eq!(request_row(app, &s.reference).await.paid_cents, Cents(1200));
    let lines: Vec<i32> = entity::statement_line::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|l| l.line_no)
        .collect();
    let mut lines = lines;
    lines.sort();
    assert_eq!(
        lines,
        [3, 6, 7],
        "lines are kept with their number in the file"
    );
}

#[tokio::test]
async fn hardening_api_the_same_statement_imported_twice_at_once_says_already_imported() {
    let s = setup().await;
    let app = &s.app;
    let token = app.token(TREASURER, PASSWORD).await;
    let ogm = request_row(app, &s.reference).await.ogm;
    let csv = statement(&ogm);
    let reports = join_all((0..4).map(|_| import(app, &token, &csv))).await;
    for (status, report) in &reports {
        assert_eq!(*status, StatusCode::OK, "{report}");
    }
    let applied: i64 = reports
        .iter()
        .map(|(_, r)| r["applied"].as_i64().unwrap())
        .sum();
    let already: i64 = reports
        .iter()
        .map(|(_, r)| r["already_imported"].as_i64().unwrap())
        .sum();
    assert_eq!((applied, already), (2, 3 * 3), "{reports:?}");
    assert_eq!(request_row(app, &s.reference).await.paid_cents, Cents(1200));
    assert_eq!(app.count("statement_lines").await, 3);
}

#[tokio::test]
async fn hardening_api_data_endpoints_answer_503_with_retry_after_while_the_database_is_away() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let (status, _) = app.get_json("/api/v1/territories", None).await;
    assert_eq!(status, StatusCode::OK);
    // The database goes away: every connection of the pool is gone and none can be made.
    app.db.close_by_ref().await.unwrap();
    for (path, bearer) in [
        ("/api/v1/territories", None),
        ("/api/v1/me", Some(token.as_str())),
        ("/api/v1/products?page=2", None),
        ("/practices", None),
        ("/healthz", None),
    ] {
        let mut req = app.client.get(app.url(path));
        if let Some(t) = bearer {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
        if path != "/healthz" {
            assert_eq!(
                res.headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok()),
                Some("5"),
                "{path}"
            );
        }
        if path.starts_with("/api/") {
            assert_eq!(
                res.headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok()),
                Some("application/problem+json"),
                "{path}"
            );
        }
    }
}

/// The responses the document gives `method` on `path`.
fn documented<'a>(spec: &'a Value, path: &str, method: &str) -> &'a serde_json::Map<String, Value> {
    spec["paths"][path][method]["responses"]
        .as_object()
        .unwrap_or_else(|| panic!("{method} {path} is documented"))
}

#[tokio::test]
async fn hardening_api_the_openapi_document_gives_every_error_as_problem_json() {
    let app = TestApp::spawn().await;
    let (status, spec) = app.get_json("/api/v1/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let mut operations = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        if !path.starts_with("/api/") {
            continue;
        }
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let responses = op["responses"].as_object().unwrap();
            for (code, r) in responses {
                if code.starts_with('2') {
                    continue;
                }
                let types: Vec<&String> = r["content"]
                    .as_object()
                    .map(|c| c.keys().collect())
                    .unwrap_or_default();
                assert_eq!(
                    types,
                    ["application/problem+json"],
                    "{method} {path} {code}"
                );
            }
            let has = |code: &str| responses.contains_key(code);
            assert!(has("503"), "{method} {path}: 503");
            assert!(
                responses["503"]["headers"]["Retry-After"].is_object(),
                "{method} {path}: Retry-After"
            );
            if op["security"].as_array().is_some_and(|s| !s.is_empty()) {
                assert!(has("401"), "{method} {path}: 401");
            }
            if op.get("requestBody").is_some() {
                for code in ["400", "413", "415"] {
                    assert!(has(code), "{method} {path}: {code}");
                }
            }
        }
    }
    assert!(operations > 50, "{operations} operations");

    // What the plumbing answers is what the document says.
    let tokens = documented(&spec, "/api/v1/tokens", "post");
    let res = app
        .client
        .post(app.url("/api/v1/tokens"))
        .header("content-type", "text/plain")
        .body("email=x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(tokens.contains_key("415"));
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let res = app
        .client
        .post(app.url("/api/v1/tokens"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(tokens.contains_key("400"));
    let me = documented(&spec, "/api/v1/me", "get");
    let res = app.get("/api/v1/me").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(me.contains_key("401"));
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
}

/// On PostgreSQL, the server really goes away: the test database refuses connections and
/// every connection of the app is cut. Data endpoints answer 503, and 200 once it is back.
#[tokio::test]
async fn hardening_api_postgres_cut_off_answers_503_then_recovers() {
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
    let Ok(server) = std::env::var("PASSERELLE_TEST_POSTGRES") else {
        return;
    };
    if server.is_empty() {
        return;
    }
    let app = TestApp::spawn_demo().await;
    assert_eq!(app.db.get_database_backend(), DbBackend::Postgres);
    let name: String = app
        .db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT current_database() AS name",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "name")
        .unwrap();
    let admin = Database::connect(server.as_str()).await.unwrap();
    admin
        .execute_unprepared(&format!(
            "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap();
    for path in ["/api/v1/territories", "/api/v1/partnerships"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert_eq!(
            res.headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok()),
            Some("5"),
            "{path}"
        );
    }
    admin
        .execute_unprepared(&format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true"))
        .await
        .unwrap();
    let (status, _) = app.get_json("/api/v1/territories", None).await;
    assert_eq!(status, StatusCode::OK, "back when the database is");
}
