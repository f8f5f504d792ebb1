//! A person closes their account: what blocks it is said with the way out (409 and on the
//! page); when nothing does, no personal value of theirs is left in any table, the books still
//! agree with the payment requests, a last email goes to the old address, and the account
//! cannot be logged into again.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{DEMO_PASSWORD, TestApp, location};
use crate::personal::{
    DEMO_TRAVELLER, Marks, demo_with_history, give_everything_else, hand_past_stay, scan, sign_up,
    user_id,
};

const PASSWORD: &str = "a long password";

async fn close_api(app: &TestApp, token: &str, password: &str) -> (StatusCode, Value) {
    let res = app
        .post_json(
            "/api/v1/me/close",
            &json!({ "password": password }),
            Some(token),
        )
        .await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn closing_leaves_no_personal_value_anywhere_and_keeps_the_books() {
    let app = demo_with_history().await;
    let m = Marks::new("cl73");
    let (me, token) = sign_up(&app, &m).await;
    hand_past_stay(&app, me, &m).await;
    give_everything_else(&app, me, &m).await;
    let before = scan(&app, &m.all()).await;
    for mark in m.all() {
        assert!(
            before.iter().any(|(_, _, n)| n == mark),
            "{mark} is seeded: {before:?}"
        );
    }
    let requests_before = app.count("payment_requests").await;
    let ledger_before = app.count("ledger_entries").await;
    app.login(&m.email, PASSWORD).await;

    // A wrong password: the form again, with the error.
    let res = app
        .submit(
            "/account/close",
            "/account/close",
            &[("password", "not mine")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("votre mot de passe actuel"), "{html}");
    assert_eq!(user_id(&app, &m.email).await, me, "nothing changed");

    let res = app
        .submit(
            "/account/close",
            "/account/close",
            &[("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/account/closed"));
    // Logged out: the account page asks to log in.
    assert_eq!(app.get("/account").await.status(), StatusCode::SEE_OTHER);

    // The last email waits for the old address; nothing else names the person.
    let last: Vec<entity::outbox_message::Model> = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Template.eq("account_closed"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].to_email, m.email);
    assert!(!last[0].body_text.contains(&m.name));
    let left = scan(&app, &m.all()).await;
    assert_eq!(
        left,
        vec![("outbox_messages".into(), "to_email".into(), m.email.clone())],
        "only the last email's address is left"
    );
    app.run_worker().await;
    passerelle::accounts::erasure::forget_sent_last_mails(&app.db)
        .await
        .unwrap();
    let left = scan(&app, &m.all()).await;
    assert!(
        left.is_empty(),
        "personal values left after closing: {left:?}"
    );

    // The books: every request and entry is still there, and they agree.
    assert_eq!(app.count("payment_requests").await, requests_before);
    assert_eq!(app.count("ledger_entries").await, ledger_before);
    let problems = passerelle::ledger::disagreements(&app.db).await.unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let payer: Vec<entity::payment_request::Model> = entity::payment_request::Entity::find()
        .filter(entity::payment_request::Column::PayerUserId.eq(me))
        .all(&app.db)
        .await
        .unwrap();
    assert!(!payer.is_empty());
    assert!(
        payer
            .iter()
            .all(|r| r.payer_name == format!("former member #{me}"))
    );
    // The treasurer reads the request in their own language, not the stored English words.
    let partnership = entity::partnership::Entity::find_by_id(payer[0].partnership_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let treasurer = app
        .visitor(
            &format!("coordinator.{}@demo.passerelle.test", partnership.slug),
            crate::helpers::DEMO_PASSWORD,
        )
        .await;
    for (lang, shown) in [
        ("fr", format!("ancien membre n° {me}")),
        ("ar", "عضو سابق رقم".to_owned()),
    ] {
        let (status, html) = treasurer
            .page(&format!(
                "/payments/requests/{}?lang={lang}",
                payer[0].reference
            ))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&shown), "{lang}: {shown} in {html}");
        assert!(!html.contains("former member"), "{lang}: {html}");
    }

    // No way back in.
    let res = app
        .post_json(
            "/api/v1/tokens",
            &json!({"email": m.email, "password": PASSWORD}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = app.get_json("/api/v1/me", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_blocker_is_said_with_its_way_out() {
    let app = TestApp::spawn_demo().await;
    let open = entity::payment_request::Entity::find()
        .filter(
            entity::payment_request::Column::Status
                .eq(entity::payment_request::RequestStatus::Open),
        )
        .filter(entity::payment_request::Column::PayerUserId.is_not_null())
        .one(&app.db)
        .await
        .unwrap()
        .expect("an open request in the demo");
    let payer = entity::user::Entity::find_by_id(open.payer_user_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .email;
    let cases = [
        (
            DEMO_TRAVELLER.to_owned(),
            "stay_to_come",
            "/bookings/",
            "est encore à venir",
        ),
        (payer, "open_payment", "/pay/", "pas entièrement payée"),
        (
            "group.jette-sidi-bibi@demo.passerelle.test".to_owned(),
            "sole_group_coordinator",
            "/groups/",
            "Nommer un autre coordinateur",
        ),
        (
            "producer.jette-sidi-bibi@demo.passerelle.test".to_owned(),
            "sole_producer_member",
            "/producer/",
            "Inviter un autre membre",
        ),
    ];
    for (email, kind, link, said) in cases {
        let token = app.token(&email, DEMO_PASSWORD).await;
        let (status, body) = close_api(&app, &token, DEMO_PASSWORD).await;
        assert_eq!(status, StatusCode::CONFLICT, "{email}: {body}");
        let blocker = body["blockers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["kind"] == kind)
            .unwrap_or_else(|| panic!("{email}: {kind} in {body}"))
            .clone();
        assert!(
            blocker["url"].as_str().unwrap().starts_with(link),
            "{blocker}"
        );
        let visitor = app.visitor(&email, DEMO_PASSWORD).await;
        let (status, html) = visitor.page("/account/close?lang=fr").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(said), "{email}: {said} in {html}");
        assert!(html.contains(&format!("href=\"{}\"", blocker["url"].as_str().unwrap())));
        assert!(!html.contains("name=\"password\""), "no form while blocked");
        // Posting anyway changes nothing.
        let res = visitor
            .submit(
                "/account/data",
                "/account/close",
                &[("password", DEMO_PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert!(
            !app.token(&email, DEMO_PASSWORD).await.is_empty(),
            "still open"
        );
    }
}

#[tokio::test]
async fn a_newcomer_closes_through_the_api() {
    let app = TestApp::spawn().await;
    let token = app.verified_token("leaving@example.org").await;
    let (status, body) = close_api(&app, &token, "wrong password").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["errors"]["password"].is_array(), "{body}");
    let (status, body) = close_api(&app, &token, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["closed"], true);
    let (status, _) = app.get_json("/api/v1/me", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let res = app
        .post_json(
            "/api/v1/tokens",
            &json!({"email": "leaving@example.org", "password": PASSWORD}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let left = scan(&app, &["leaving@example.org"]).await;
    assert_eq!(
        left,
        vec![(
            "outbox_messages".into(),
            "to_email".into(),
            "leaving@example.org".into()
        )]
    );
}
