//! Bad input to the JSON API: always a clear 4xx problem, never a 500, nothing saved.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;

async fn problem(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    assert_eq!(
        res.headers()["content-type"],
        "application/problem+json",
        "{status}"
    );
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/v1/accounts"))
        .header("content-type", "application/json")
        .body("{\"email\": \"a@b.c\", ")
        .send()
        .await
        .unwrap();
    let (status, body) = problem(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["detail"].as_str().unwrap().contains("malformed JSON"));
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn a_wrong_content_type_is_415_and_a_huge_body_413() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/v1/accounts"))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(res).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = json!({"email": "a@b.c", "password": "x".repeat(2 << 20), "display_name": "A"});
    let res = app.post_json("/api/v1/accounts", &huge, None).await;
    assert_eq!(problem(res).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn validation_failures_are_422_with_an_errors_map() {
    let app = TestApp::spawn().await;
    let res = app
        .post_json(
            "/api/v1/accounts",
            &json!({"email": "nope", "password": "short", "display_name": "x".repeat(81), "locale": "de"}),
            None,
        )
        .await;
    let (status, body) = problem(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = body["errors"].as_object().unwrap();
    let mut fields: Vec<&String> = errors.keys().collect();
    fields.sort();
    assert_eq!(fields, ["display_name", "email", "locale", "password"]);
    assert_eq!(
        errors["password"][0],
        "The password must have between 10 and 128 characters."
    );
    assert_eq!(errors["display_name"][0], "At most 80 characters.");

    // Missing fields are reported as required, wrong types as a shape problem.
    let (status, body) = problem(app.post_json("/api/v1/accounts", &json!({}), None).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"]["email"][0], "This field is required.");
    let (status, body) = problem(
        app.post_json("/api/v1/accounts", &json!({"email": 42}), None)
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["errors"]["body"][0]
            .as_str()
            .unwrap()
            .contains("invalid type")
    );
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn unknown_api_paths_and_slugs_are_404_problems() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/nothing-here",
        "/api/v1/territories/atlantis",
        "/api/v1/partnerships/nowhere",
    ] {
        let (status, body) = problem(app.get(path).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body["status"], 404);
    }
}
