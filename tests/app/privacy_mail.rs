//! Consent to optional emails: a member who withdrew it gets no news of an order window
//! opening but still their result with its payment request; the one-click link of an optional
//! email (read from the SMTP sink) withdraws without logging in, with the RFC 8058 headers;
//! a forged link is refused with a page that says so.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::group_orders::{cased, close_early, member, open_campaign, put_line, scene};
use crate::helpers::TestApp;
use crate::smtp::SmtpSink;

async fn sent(app: &TestApp, to: &str, template: &str) -> usize {
    entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::ToEmail.eq(to))
        .filter(entity::outbox_message::Column::Template.eq(template))
        .all(&app.db)
        .await
        .unwrap()
        .len()
}

async fn withdrawn(app: &TestApp, email: &str) -> bool {
    entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .optional_mail_withdrawn_at
        .is_some()
}

#[tokio::test]
async fn a_member_who_withdrew_gets_no_opening_email_but_still_their_payment_request() {
    let sink = SmtpSink::start().await;
    let s = scene(Some(&sink)).await;
    let app = &s.app;
    let amina = member(&s, "amina@example.org").await;
    let luc = member(&s, "luc@example.org").await;
    let res = app
        .client
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&luc)
        .json(&json!({"optional_emails": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["optional_emails"], false);
    let (_, me) = app.get_json("/api/v1/me", Some(&amina)).await;
    assert_eq!(me["optional_emails"], true, "consent until withdrawn");

    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let product = &cased(&c, 1)[0];
    let (p, size) = (
        product["product_id"].as_i64().unwrap(),
        product["case_size"].as_i64().unwrap(),
    );
    for who in [&amina, &luc] {
        assert_eq!(
            put_line(app, who, id, p, size, 0).await.status(),
            StatusCode::OK
        );
    }
    assert_eq!(close_early(&s, id).await.status(), StatusCode::OK);
    app.run_worker().await;

    assert_eq!(sent(app, "amina@example.org", "campaign_news").await, 1);
    assert_eq!(sent(app, "luc@example.org", "campaign_news").await, 0);
    for who in ["amina@example.org", "luc@example.org"] {
        let results: Vec<_> = sink
            .to(who)
            .into_iter()
            .filter(|m| m.text().contains("+++"))
            .collect();
        assert_eq!(
            results.len(),
            1,
            "{who}: the result with its payment request"
        );
        assert!(
            !results[0].header_text().contains("List-Unsubscribe"),
            "a payment request is not optional"
        );
    }
}

#[tokio::test]
async fn the_unsubscribe_link_of_an_optional_email_works_without_login_and_a_forged_one_is_refused()
{
    let sink = SmtpSink::start().await;
    let s = scene(Some(&sink)).await;
    let app = &s.app;
    member(&s, "amina@example.org").await;
    open_campaign(&s, json!({})).await;
    app.run_worker().await;
    let news: Vec<_> = sink
        .to("amina@example.org")
        .into_iter()
        .filter(|m| m.text().contains("/unsubscribe/"))
        .collect();
    assert_eq!(news.len(), 1, "the opening email carries the link");
    let headers = news[0].header_text();
    assert!(
        headers.contains("List-Unsubscribe: <http"),
        "RFC 2369 header: {headers}"
    );
    assert!(
        headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "RFC 8058 header: {headers}"
    );
    let token = news[0].link_path("/unsubscribe/");
    assert!(news[0].html().contains(&token), "the link in the HTML too");
    let path = format!("/unsubscribe/{token}");

    // Opening the link changes nothing (link checkers); the button does, with no session.
    let stranger = TestApp::new_client();
    let page = stranger.get(app.url(&path)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(!withdrawn(app, "amina@example.org").await);
    let done = stranger.post(app.url(&path)).send().await.unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    assert!(withdrawn(app, "amina@example.org").await);
    // A mail client's one-click POST (RFC 8058 body) is just as good, and twice is harmless.
    let again = stranger
        .post(app.url(&path))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::OK);

    // Another account's id with this signature, or a cut signature: refused, clearly.
    let (id, sig) = token.split_once('.').unwrap();
    let other: i64 = id.parse::<i64>().unwrap() + 1;
    for forged in [
        format!("/unsubscribe/{other}.{sig}"),
        format!("/unsubscribe/{id}.{}", &sig[1..]),
    ] {
        let res = stranger.post(app.url(&forged)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{forged}");
        let body = res.text().await.unwrap();
        let said = passerelle::web::i18n::translate(
            passerelle::web::i18n::Lang::Fr,
            "unsubscribe-invalid",
            &[],
        );
        assert!(
            body.contains(&said.replace('\'', "&#39;")),
            "the page says the link is not valid: {body}"
        );
        let res = stranger.get(app.url(&forged)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }

    // From the account page, the member gives the consent again.
    let amina = app
        .visitor("amina@example.org", crate::builders::PASSWORD)
        .await;
    let (_, account) = amina.page("/account").await;
    assert!(account.contains("id=\"optional_emails\""));
    assert!(!account.contains("value=\"on\" checked"), "shown withdrawn");
    let res = amina
        .submit(
            "/account",
            "/account/optional-emails",
            &[("optional_emails", "on")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(!withdrawn(app, "amina@example.org").await);
}
