//! One's own page after login (/me), the account page's settings, and refusals that lead back
//! to the page they came from in its language.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::builders::{GROUP_COORDINATOR, PASSWORD};
use crate::helpers::{ADMIN, ADMIN_PASSWORD, DEMO_PASSWORD, TestApp, csrf_in, location};
use crate::smtp::SmtpSink;

#[tokio::test]
async fn logging_in_without_a_destination_lands_on_ones_own_space() {
    let app = TestApp::spawn().await;
    app.admin_token().await;
    app.verified_token("traveller@example.org").await;
    let res = app
        .submit(
            "/login",
            "/login",
            &[("email", ADMIN), ("password", ADMIN_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/me");
    let (status, page) = app.page("/me").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Bonjour"), "{page}");
    assert!(page.contains("href=\"/account\""));
    // The admin's pages answer (they answered 500).
    let (status, page) = app.page("/admin").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("/admin/outbox"));
    // A page asked for before logging in is where one lands, never another site.
    for (next, landing) in [
        ("/trips", "/trips"),
        ("/%09/evil.example", "/me"),
        ("//evil.example", "/me"),
        ("/%0A", "/me"),
    ] {
        let other = TestApp::new_client();
        let (_, login_page) = {
            let res = other
                .get(app.url(&format!("/login?next={next}")))
                .send()
                .await
                .unwrap();
            (res.status(), res.text().await.unwrap())
        };
        let token = csrf_in(&login_page).unwrap();
        let next_field = login_page
            .split("name=\"next\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("")
            .to_owned();
        let res = other
            .post(app.url("/login"))
            .form(&[
                ("email", "traveller@example.org"),
                ("password", PASSWORD),
                ("next", next_field.as_str()),
                ("csrf_token", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&res), landing, "next={next}");
    }
}

#[tokio::test]
async fn a_person_changes_name_language_address_and_password_from_the_account_page() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(crate::helpers::Options {
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    let token = app.verified_token("nadia@example.org").await;
    let me = app.visitor("nadia@example.org", "a long password").await;
    let other_browser = app.visitor("nadia@example.org", "a long password").await;

    // Name and language; a language we do not have is refused with the form kept.
    let res = me
        .submit(
            "/account",
            "/account/profile",
            &[("display_name", "Nadia B."), ("locale", "de")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("value=\"Nadia B.\""), "the input is kept");
    assert!(page.contains("Choisissez le français"), "{page}");
    let res = me
        .submit(
            "/account",
            "/account/profile",
            &[("display_name", "Nadia B."), ("locale", "ar")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/account?lang=ar");
    let (_, page) = me.page(&location(&res)).await;
    assert!(page.contains("dir=\"rtl\""), "the pages follow at once");
    assert!(page.contains("Nadia B."));
    let (_, api_me) = app.get_json("/api/v1/me", Some(&token)).await;
    assert_eq!(api_me["locale"], "ar");
    assert_eq!(api_me["display_name"], "Nadia B.");

    // A new address needs the current password; then it must be confirmed and the old one is told.
    let res = me
        .submit(
            "/account",
            "/account/email",
            &[
                ("email", "nadia@new.example"),
                ("email_password", "wrong one!"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("value=\"nadia@new.example\""));
    let res = me
        .submit(
            "/account",
            "/account/email",
            &[
                ("email", "Nadia@New.example"),
                ("email_password", "a long password"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    app.run_worker().await;
    let confirm = sink.to("nadia@new.example");
    assert_eq!(confirm.len(), 1);
    assert!(
        confirm[0]
            .link_path(&app.address)
            .starts_with("/verify-email/")
    );
    let notice: Vec<_> = sink
        .to("nadia@example.org")
        .into_iter()
        .filter(|m| m.text().contains("nadia@new.example"))
        .collect();
    assert_eq!(notice.len(), 1, "the old address is told");
    assert!(notice[0].text().contains("nadia@new.example"));
    let (_, api_me) = app.get_json("/api/v1/me", Some(&token)).await;
    assert_eq!(api_me["email"], "nadia@new.example");
    assert_eq!(api_me["email_verified"], false);

    // The password: the current one is checked, the new one typed twice; then every other
    // session ends and the API tokens are revoked, but this session goes on.
    let res = me
        .submit(
            "/account",
            "/account/password",
            &[
                ("current_password", "a long password"),
                ("password", "another long one"),
                ("password_confirm", "another long on"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = me
        .submit(
            "/account",
            "/account/password",
            &[
                ("current_password", "a long password"),
                ("password", "another long one"),
                ("password_confirm", "another long one"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(me.get("/account").await.status(), StatusCode::OK);
    let res = other_browser.get("/account").await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the other session ended"
    );
    assert!(location(&res).starts_with("/login"));
    let (status, _) = app.get_json("/api/v1/me", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the token was revoked");
    app.token("nadia@new.example", "another long one").await;
}

#[tokio::test]
async fn api_tokens_are_listed_and_revoked_from_the_account_page() {
    let app = TestApp::spawn().await;
    let mine = app.user_token("omar@example.org").await;
    let theirs = app.user_token("lina@example.org").await;
    let me = app.visitor("omar@example.org", "a long password").await;
    let (_, page) = me.page("/account").await;
    let ids: Vec<i64> = page
        .split("/account/tokens/")
        .skip(1)
        .filter_map(|s| s.split('/').next()?.parse().ok())
        .collect();
    assert_eq!(ids.len(), 1, "only my token is listed");
    // Someone else's token cannot be revoked from my page.
    let (_, lina) = app.get_json("/api/v1/me", Some(&theirs)).await;
    let lina_token_id: i64 = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        entity::api_token::Entity::find()
            .filter(entity::api_token::Column::UserId.eq(lina["id"].as_i64().unwrap()))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .id
    };
    let res = me
        .submit(
            "/account",
            &format!("/account/tokens/{lina_token_id}/revoke"),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get_json("/api/v1/me", Some(&theirs)).await.0,
        StatusCode::OK
    );
    let res = me
        .submit(
            "/account",
            &format!("/account/tokens/{}/revoke", ids[0]),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_json("/api/v1/me", Some(&mine)).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_refused_form_leads_back_to_its_page_with_the_reason_in_the_pages_language() {
    let app = TestApp::spawn().await;
    app.admin_token().await;
    app.login("root@example.org", "admin password").await;
    // A message that was sent cannot be retried: a conflict with its state.
    let email = passerelle::mail::domain::OutgoingEmail::new(
        passerelle::mail::domain::MailTemplate::VerifyEmail,
        passerelle::web::i18n::Lang::Fr,
        "someone@example.org",
        "Someone",
        json!({"link": "http://x/verify-email/abc", "changed": false}),
    );
    passerelle::mail::outbox::queue(&app.db, &app.state.mailer, email, app.clock_now())
        .await
        .unwrap();
    app.run_worker().await;
    let id: i64 = {
        use sea_orm::EntityTrait;
        entity::outbox_message::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .id
    };
    for (lang, reason) in [
        ("fr", "Seuls les messages en échec peuvent être renvoyés."),
        ("ar", "لا يمكن إعادة إرسال سوى الرسائل التي فشل إرسالها."),
    ] {
        let (_, page) = app.page(&format!("/admin/outbox?lang={lang}")).await;
        let token = csrf_in(&page).unwrap();
        let from = app.url("/admin/outbox?status=sent");
        let res = app
            .client
            .post(app.url(&format!("/admin/outbox/{id}/retry")))
            .header("referer", &from)
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{lang}");
        assert_eq!(location(&res), "/admin/outbox?status=sent");
        let (_, back) = app.page(&location(&res)).await;
        assert!(back.contains(reason), "{lang}: {back}");
        assert!(back.contains("flash-error"));
        // Without a page to go back to, the error page says why, in the page's language.
        let res = app
            .client
            .post(app.url(&format!("/admin/outbox/{id}/retry")))
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let body = res.text().await.unwrap();
        assert!(body.contains(reason), "{lang}: {body}");
        assert!(!body.contains("only failed messages"), "no English");
    }
    // A page of another site is never where one is sent back to.
    let (_, page) = app.page("/admin/outbox").await;
    let token = csrf_in(&page).unwrap();
    let res = app
        .client
        .post(app.url(&format!("/admin/outbox/{id}/retry")))
        .header("referer", "http://evil.example/admin/outbox")
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_member_who_signs_up_from_an_invitation_is_not_asked_to_confirm_the_address() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(crate::helpers::Options {
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    let partnership = app.partnership().await;
    app.group(&partnership, GROUP_COORDINATOR).await;
    let coordinator = app.visitor(GROUP_COORDINATOR, PASSWORD).await;
    let res = coordinator
        .submit(
            "/groups/gac-jette",
            "/groups/gac-jette/invite",
            &[("email", "sara+gac@example.org")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    app.run_worker().await;
    let path = sink.to("sara+gac@example.org")[0].link_path(&app.address);
    let (_, invitation) = app.page(&path).await;
    assert!(
        invitation.contains("email=sara%2Bgac%40example.org"),
        "the address travels intact to the sign-up form"
    );
    let res = app
        .submit(
            &format!("/signup?next={path}&email=sara%2Bgac%40example.org"),
            "/signup",
            &[
                ("display_name", "Sara"),
                ("email", "sara+gac@example.org"),
                ("password", "a long password"),
                ("next", &path),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/groups/gac-jette");
    app.run_worker().await;
    assert_eq!(
        sink.to("sara+gac@example.org").len(),
        1,
        "only the invitation: the address is proven"
    );
    let (_, me) = app.page("/me").await;
    assert!(!me.contains("Confirmer mon adresse"), "{me}");
    let token = app.token("sara+gac@example.org", "a long password").await;
    let (_, api_me) = app.get_json("/api/v1/me", Some(&token)).await;
    assert_eq!(api_me["email_verified"], true);
    let roles: Vec<&Value> = api_me["roles"].as_array().unwrap().iter().collect();
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0]["role"], "group_member");
}

#[tokio::test]
async fn after_login_the_pages_speak_the_accounts_language_unless_the_browser_chose_one() {
    let app = TestApp::spawn().await;
    let res = app
        .post_json(
            "/api/v1/accounts",
            &json!({"email": "els@example.org", "password": "a long password", "display_name": "Els", "locale": "nl"}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    // A browser that never chose: Dutch, the account's language.
    let v = app.visitor("els@example.org", "a long password").await;
    let (_, page) = v.page("/me").await;
    assert!(page.contains("<html lang=\"nl\""), "{page}");
    // A browser that chose French before logging in keeps it.
    let other = TestApp::new_client();
    let res = other.get(app.url("/login?lang=fr")).send().await.unwrap();
    let token = csrf_in(&res.text().await.unwrap()).unwrap();
    other
        .post(app.url("/login"))
        .form(&[
            ("email", "els@example.org"),
            ("password", "a long password"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let page = other
        .get(app.url("/me"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<html lang=\"fr\""));
}

#[tokio::test]
async fn each_demo_role_finds_what_it_has_to_do_on_its_own_page() {
    let app = TestApp::spawn_demo().await;
    for (who, expected) in [
        (
            "member1.jette-sidi-bibi@demo.passerelle.test",
            &["Commande d'hiver", "Votre panier", "Reste à payer"][..],
        ),
        (
            "group.jette-sidi-bibi@demo.passerelle.test",
            &[
                "Commande d'automne",
                "En attente d'un producteur",
                "Groupe coordonné",
            ][..],
        ),
        (
            "producer.jette-sidi-bibi@demo.passerelle.test",
            &[
                "Bon de commande à confirmer",
                "Coopérative féminine Tifawin",
            ][..],
        ),
        (
            "traveller@demo.passerelle.test",
            &["Solde de", "/calendar.ics"][..],
        ),
        (
            "host.jette-sidi-bibi@demo.passerelle.test",
            &["places prises", "Exporter la liste"][..],
        ),
    ] {
        let v = app.visitor(who, DEMO_PASSWORD).await;
        let (status, page) = v.page("/me?lang=fr").await;
        assert_eq!(status, StatusCode::OK, "{who}");
        let plain = page
            .replace(['\u{a0}', '\u{202f}'], " ")
            .replace("&#x27;", "'")
            .replace("&#39;", "'");
        for e in expected {
            assert!(plain.contains(e), "{who} should see {e:?}");
        }
        // The same page in Arabic, right to left, with the same lines.
        let (_, ar) = v.page("/me?lang=ar").await;
        assert!(ar.contains("dir=\"rtl\""), "{who}");
        assert_eq!(
            ar.matches("class=\"space-item\"").count(),
            page.matches("class=\"space-item\"").count(),
            "{who}"
        );
    }
}
