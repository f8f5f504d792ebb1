use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Options, TestApp, location};

#[tokio::test]
async fn sign_up_then_token_then_me() {
    let app = TestApp::spawn().await;
    let res = app
        .post_json(
            "/api/v1/accounts",
            &json!({"email": " Amina@Example.ORG ", "password": "argan oil 250ml", "display_name": "Amina", "locale": "ar"}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let accepted: Value = res.json().await.unwrap();
    assert_eq!(accepted["email"], "amina@example.org");

    let token = app.token("amina@example.org", "argan oil 250ml").await;
    assert!(token.starts_with("psl_"));
    let (status, me) = app.get_json("/api/v1/me", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["display_name"], "Amina");
    assert_eq!(me["locale"], "ar");
    assert_eq!(me["email_verified"], false);
    assert_eq!(me["roles"], json!([]));

    // Only digests are stored: neither the password nor the token appear in the database.
    let user = passerelle::accounts::service::find_by_email(&app.db, "amina@example.org")
        .await
        .unwrap()
        .unwrap();
    assert!(
        user.password_hash.starts_with("$argon2id$"),
        "{}",
        user.password_hash
    );
    assert_eq!(app.count("api_tokens").await, 1);
    let stored: Vec<entity::api_token::Model> =
        <entity::api_token::Entity as sea_orm::EntityTrait>::find()
            .all(&app.db)
            .await
            .unwrap();
    assert_ne!(stored[0].token_hash, token);
    assert_eq!(stored[0].token_hash.len(), 64);
}

#[tokio::test]
async fn signing_up_twice_with_one_email_keeps_one_account_and_tells_nothing() {
    let app = TestApp::spawn().await;
    let body = json!({"email": "karim@example.org", "password": "a long password", "display_name": "Karim"});
    let first = app.post_json("/api/v1/accounts", &body, None).await;
    assert_eq!(first.status(), StatusCode::ACCEPTED);
    let first: Value = first.json().await.unwrap();
    let again =
        json!({"email": "KARIM@example.org", "password": "another password", "display_name": "K"});
    let res = app.post_json("/api/v1/accounts", &again, None).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED, "the same answer");
    assert_eq!(res.json::<Value>().await.unwrap(), first);
    assert_eq!(app.count("users").await, 1);
    // The first password still works, the second does not.
    app.token("karim@example.org", "a long password").await;
}

#[tokio::test]
async fn wrong_password_and_unknown_account_are_both_401() {
    let app = TestApp::spawn().await;
    app.user_token("sara@example.org").await;
    for (email, password) in [
        ("sara@example.org", "not the password"),
        ("nobody@example.org", "a long password"),
    ] {
        let res = app
            .post_json(
                "/api/v1/tokens",
                &json!({"email": email, "password": password}),
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{email}");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["status"], 401);
    }
    assert_eq!(app.count("api_tokens").await, 1);
}

#[tokio::test]
async fn me_needs_a_valid_token_and_a_revoked_token_stops_working() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.get_json("/api/v1/me", None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get_json("/api/v1/me", Some("psl_forged")).await.0,
        StatusCode::UNAUTHORIZED
    );
    let token = app.user_token("yassine@example.org").await;
    assert_eq!(
        app.get_json("/api/v1/me", Some(&token)).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.delete("/api/v1/tokens/current", Some(&token))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get_json("/api/v1/me", Some(&token)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.count("api_tokens").await, 0);
}

#[tokio::test]
async fn the_sign_up_form_creates_the_account_then_leads_to_the_login() {
    let app = TestApp::spawn().await;
    let res = app
        .submit(
            "/signup",
            "/signup",
            &[
                ("display_name", "Lotfi"),
                ("email", "lotfi@example.org"),
                ("password", "a long password"),
                ("locale", "nl"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        "/login",
        "the same answer whether the address had an account or not: log in next"
    );
    let (status, body) = app.page("/login").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("Un message est parti vers"),
        "the message is shown once: {body}"
    );
    let (_, again) = app.page("/login").await;
    assert!(
        !again.contains("Un message est parti vers"),
        "flash messages are shown once"
    );
    app.login("lotfi@example.org", "a long password").await;
    let (status, body) = app.page("/me").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("lotfi@example.org"),
        "the address to confirm is the first thing to do"
    );
    let user = passerelle::accounts::service::find_by_email(&app.db, "lotfi@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.locale, "nl");
}

#[tokio::test]
async fn a_sign_up_form_with_errors_is_shown_again_with_each_message_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let res = app
        .submit(
            "/signup",
            "/signup",
            &[
                ("display_name", "Lotfi <b>"),
                ("email", "not-an-email"),
                ("password", "short"),
                ("locale", "fr"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("value=\"not-an-email\""), "the input is kept");
    assert!(
        body.contains("Lotfi &lt;b&gt;"),
        "the input is kept, escaped"
    );
    assert!(body.contains("id=\"email-error\""));
    assert!(body.contains("id=\"password-error\""));
    assert!(
        body.contains("Ce n&#39;est pas une adresse e-mail valide")
            || body.contains("Ce n'est pas une adresse e-mail valide")
    );
    assert!(!body.contains("short\""), "the password is never sent back");
    assert_eq!(app.count("users").await, 0);

    // An existing email is not reported (its owner is emailed instead): see hardening_sessions.
}

#[tokio::test]
async fn a_form_without_the_right_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let _ = app.csrf("/signup").await; // the session has a token, the forms below do not send it
    for token in [None, Some("forged-token")] {
        let mut fields = vec![
            ("display_name", "Eve"),
            ("email", "eve@example.org"),
            ("password", "a long password"),
        ];
        if let Some(t) = token {
            fields.push(("csrf_token", t));
        }
        let res = app
            .client
            .post(app.url("/signup"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "token {token:?}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    }
    // A token from another session does not work either.
    let other = TestApp::new_client();
    let (_, page) = (
        StatusCode::OK,
        other
            .get(app.url("/signup"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let stolen = crate::helpers::csrf_in(&page).unwrap();
    let res = app
        .client
        .post(app.url("/signup"))
        .form(&[
            ("display_name", "Eve"),
            ("email", "eve@example.org"),
            ("password", "a long password"),
            ("csrf_token", &stolen),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn logging_in_and_out_through_the_pages() {
    let app = TestApp::spawn().await;
    app.user_token("nadia@example.org").await;

    // A protected page sends to the login page, which comes back to it.
    let res = app.get("/account").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login?next=%2Faccount");

    let res = app
        .submit(
            "/login",
            "/login",
            &[
                ("email", "nadia@example.org"),
                ("password", "wrong password"),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Adresse e-mail ou mot de passe incorrect")
    );

    let res = app
        .submit(
            "/login",
            "/login",
            &[
                ("email", "NADIA@example.org"),
                ("password", "a long password"),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/", "never redirected off-site");
    let (status, body) = app.page("/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("nadia@example.org"));

    let res = app.submit("/account", "/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/account").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn login_attempts_are_limited_per_account() {
    let app = TestApp::spawn_with(Options {
        vars: vec![("PASSERELLE_LOGIN_RATE_ACCOUNT", "3".into())],
        ..Default::default()
    })
    .await;
    app.user_token("target@example.org").await; // one attempt
    for _ in 0..2 {
        let res = app
            .post_json(
                "/api/v1/tokens",
                &json!({"email": "target@example.org", "password": "guess"}),
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app
        .post_json(
            "/api/v1/tokens",
            &json!({"email": "target@example.org", "password": "a long password"}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    // The form says so too, in the page's language.
    let res = app
        .submit(
            "/login?lang=en",
            "/login",
            &[
                ("email", "target@example.org"),
                ("password", "a long password"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.text().await.unwrap().contains("Too many attempts"));
    // Another account is not affected.
    app.user_token("other@example.org").await;
}
