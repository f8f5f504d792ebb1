//! Issue 15, gaps left by the first wave: sign-up floods, secrets in Debug output, the
//! producer's photo form before the address is confirmed, and stale upload files.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::builders::PASSWORD;
use crate::helpers::{Options, TestApp, Visitor, location};

async fn account_exists_emails(app: &TestApp) -> i64 {
    app.count("outbox_messages WHERE template = 'account_exists'")
        .await
}

async fn api_sign_up(app: &TestApp, email: &str) -> (StatusCode, Option<String>) {
    let res = app
        .post_json(
            "/api/v1/accounts",
            &json!({"email": email, "password": "eve's own password", "display_name": "Eve"}),
            None,
        )
        .await;
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    (
        status,
        body["email"].as_str().map(|e| e.replace(email, "X")),
    )
}

#[tokio::test]
async fn hardening_left_many_sign_ups_for_an_address_email_its_owner_once_an_hour() {
    let app = TestApp::spawn().await;
    app.user_token("taken@example.org").await;
    assert_eq!(account_exists_emails(&app).await, 0);
    for i in 0..6 {
        let taken = api_sign_up(&app, "taken@example.org").await;
        let fresh = api_sign_up(&app, &format!("fresh{i}@example.org")).await;
        assert_eq!(taken.0, StatusCode::ACCEPTED);
        assert_eq!(taken, fresh, "the same answer as for a new address");
        // The pages too.
        let mut answers = Vec::new();
        for email in [
            "taken@example.org".to_owned(),
            format!("page{i}@example.org"),
        ] {
            let v = Visitor {
                app: &app,
                client: TestApp::new_client(),
            };
            let fields = [
                ("display_name", "Eve"),
                ("email", email.as_str()),
                ("password", "eve's own password"),
            ];
            let res = v.submit("/signup", "/signup", &fields).await;
            answers.push((res.status(), location(&res)));
        }
        assert_eq!(answers[0].0, StatusCode::SEE_OTHER);
        assert_eq!(answers[0], answers[1]);
    }
    assert_eq!(
        account_exists_emails(&app).await,
        1,
        "twelve sign-ups, one email to the owner"
    );
    // An hour later the owner may hear of it again, once.
    app.advance(chrono::Duration::minutes(61));
    for _ in 0..3 {
        api_sign_up(&app, "taken@example.org").await;
    }
    assert_eq!(account_exists_emails(&app).await, 2);
    // The owner's account is untouched.
    app.token("taken@example.org", "a long password").await;
}

#[tokio::test]
async fn hardening_left_too_many_sign_ups_from_one_client_are_refused() {
    let app = TestApp::spawn_with(Options {
        vars: vec![("PASSERELLE_SIGNUP_RATE_IP", "3".into())],
        ..Default::default()
    })
    .await;
    for i in 0..3 {
        let (status, _) = api_sign_up(&app, &format!("n{i}@example.org")).await;
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    let res = app
        .post_json(
            "/api/v1/accounts",
            &json!({"email": "n9@example.org", "password": "a long password", "display_name": "N"}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["status"], 429);
    // The form says so, in the page's language, and keeps what was typed.
    let res = app
        .submit(
            "/signup?lang=en",
            "/signup",
            &[
                ("display_name", "Nora"),
                ("email", "nora@example.org"),
                ("password", "a long password"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let body = res.text().await.unwrap();
    assert!(body.contains("Too many sign-ups"), "{body}");
    assert!(body.contains("nora@example.org"));
    assert_eq!(app.count("users").await, 3, "nothing more was created");
}

#[tokio::test]
async fn hardening_left_too_many_sign_ups_for_one_address_are_refused() {
    let app = TestApp::spawn_with(Options {
        vars: vec![("PASSERELLE_SIGNUP_RATE_ADDRESS", "2".into())],
        ..Default::default()
    })
    .await;
    for _ in 0..2 {
        let (status, _) = api_sign_up(&app, "target@example.org").await;
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    let (status, _) = api_sign_up(&app, "TARGET@example.org").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Other addresses from the same client are not affected.
    let (status, _) = api_sign_up(&app, "someone@example.org").await;
    assert_eq!(status, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn hardening_left_the_photo_form_asks_to_confirm_the_address_first() {
    let app = TestApp::spawn().await;
    app.partnership().await;
    let id = app.pending_producer("fatima@example.org").await.id;
    app.login("fatima@example.org", PASSWORD).await;
    let manage = format!("/producer/{id}");
    let upload = format!("action=\"/producer/{id}/photos\"");
    let (status, page) = app.page(&manage).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Avant d’ajouter des photos, confirmez votre adresse"),
        "said before any upload"
    );
    assert!(page.contains("action=\"/account/verification\""));
    assert!(!page.contains(&upload), "no upload form that would fail");
    let (_, new_product) = app.page(&format!("/producer/{id}/products/new")).await;
    assert!(new_product.contains("Avant d’ajouter des photos"));
    assert!(!new_product.contains("name=\"photo\""));
    // The button sends a new confirmation email and comes back to the page.
    let verifications = "outbox_messages WHERE template = 'verify_email' \
                         AND to_email = 'fatima@example.org'";
    assert_eq!(app.count(verifications).await, 1);
    let res = app
        .submit(
            &manage,
            "/account/verification",
            &[("next", manage.as_str())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), manage);
    assert_eq!(app.count(verifications).await, 2);
    let (_, page) = app.page(&manage).await;
    assert!(page.contains("Un nouvel e-mail de confirmation"), "said so");
    // Confirmed: the upload form is there, the notice gone.
    app.confirm_address("fatima@example.org").await;
    let (_, page) = app.page(&manage).await;
    assert!(page.contains(&upload));
    assert!(!page.contains("Avant d’ajouter des photos"));
    let (_, new_product) = app.page(&format!("/producer/{id}/products/new")).await;
    assert!(new_product.contains("name=\"photo\""));
}

#[tokio::test]
async fn hardening_left_stale_upload_files_are_removed_at_start_up() {
    let data = tempfile::tempdir().unwrap();
    let spool = data.path().join("uploads");
    std::fs::create_dir_all(&spool).unwrap();
    let old = spool.join(".upload-crashed.tmp");
    let fresh = spool.join(".upload-in-progress.tmp");
    let other = spool.join("keep-me.txt");
    for p in [&old, &fresh, &other] {
        std::fs::write(p, b"part of a photo").unwrap();
    }
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 86_400);
    for p in [&old, &other] {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(two_days_ago)
            .unwrap();
    }
    let _app = TestApp::spawn_with(Options {
        vars: vec![("PASSERELLE_DATA_DIR", data.path().display().to_string())],
        ..Default::default()
    })
    .await;
    assert!(!old.exists(), "a file a crash left a day ago is removed");
    assert!(
        fresh.exists(),
        "a recent one (maybe another instance's) stays"
    );
    assert!(other.exists(), "only spooled uploads are touched");
}

#[tokio::test]
async fn hardening_left_simultaneous_sign_ups_for_an_address_email_its_owner_once() {
    let app = TestApp::spawn().await;
    app.user_token("taken@example.org").await;
    let answers =
        futures_util::future::join_all((0..10).map(|_| api_sign_up(&app, "taken@example.org")))
            .await;
    for answer in answers {
        assert_eq!(answer, (StatusCode::ACCEPTED, Some("X".to_owned())));
    }
    assert_eq!(account_exists_emails(&app).await, 1);
}
