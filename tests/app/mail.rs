use chrono::Duration;
use entity::outbox_message::OutboxStatus;
use passerelle::mail::domain::{MailTemplate, OutgoingEmail};
use passerelle::mail::outbox;
use passerelle::web::i18n::Lang;
use passerelle::web::i18n::translate;
use reqwest::StatusCode;
use sea_orm::{EntityTrait, TransactionTrait};
use serde_json::{Value, json};

use crate::helpers::{Options, TestApp, location};
use crate::smtp::SmtpSink;

async fn app_with(sink: &SmtpSink) -> TestApp {
    TestApp::spawn_with(Options {
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await
}

async fn sign_up(app: &TestApp, email: &str, locale: &str) {
    let res = app
        .post_json(
            "/api/v1/accounts",
            &json!({"email": email, "password": "a long password", "display_name": "Noor", "locale": locale}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
}

async fn rows(app: &TestApp) -> Vec<entity::outbox_message::Model> {
    entity::outbox_message::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn signing_up_sends_a_verification_email_in_the_users_language_whose_link_verifies() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    sign_up(&app, "noor@example.org", "nl").await;
    assert_eq!(app.run_worker().await.sent, 1);

    let got = sink.messages();
    assert_eq!(got.len(), 1);
    let mail = &got[0];
    assert_eq!(mail.rcpt, ["noor@example.org"]);
    let dutch = translate(Lang::Nl, "mail-verify-subject", &[]);
    assert_ne!(dutch, translate(Lang::Fr, "mail-verify-subject", &[]));
    assert_eq!(mail.subject(), dutch);
    let headers = mail.header_text();
    assert!(headers.contains("multipart/alternative"), "{headers}");
    assert!(
        headers.contains("From: Passerelle <noreply@localhost>"),
        "{headers}"
    );
    assert!(headers.contains("Date: "), "{headers}");
    let stored = rows(&app).await;
    assert_eq!(format!("<{}>", mail.message_id()), stored[0].message_id);
    assert_eq!(stored[0].status, OutboxStatus::Sent);
    let path = mail.link_path(&app.address);
    assert!(path.starts_with("/verify-email/"), "{path}");
    assert!(
        mail.html().contains(&format!("{}{path}", app.address)),
        "the HTML part carries the link too"
    );
    assert!(mail.html().contains("lang=\"nl\""));

    let (status, page) = app.page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("noor@example.org"));
    let token = app.token("noor@example.org", "a long password").await;
    let (_, me) = app.get_json("/api/v1/me", Some(&token)).await;
    assert_eq!(me["email_verified"], true);
    // The link works once.
    assert_eq!(app.get(&path).await.status(), StatusCode::GONE);
    assert_eq!(
        app.get("/verify-email/made-up").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_verification_link_of_another_account_is_refused() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    sign_up(&app, "first@example.org", "fr").await;
    sign_up(&app, "second@example.org", "fr").await;
    app.run_worker().await;
    let path = sink.to("first@example.org")[0].link_path(&app.address);
    app.login("second@example.org", "a long password").await;
    let (status, page) = app.page(&path).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("un autre compte"));
    let user = passerelle::accounts::service::find_by_email(&app.db, "first@example.org")
        .await
        .unwrap()
        .unwrap();
    assert!(user.email_verified_at.is_none());
}

#[tokio::test]
async fn a_password_reset_works_once_within_the_hour_and_says_nothing_about_unknown_addresses() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    sign_up(&app, "amal@example.org", "en").await;
    app.run_worker().await;
    // Another browser stays logged in: the reset must end that session.
    let other = TestApp::new_client();
    let token = crate::helpers::csrf_in(
        &other
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let res = other
        .post(app.url("/login"))
        .form(&[
            ("email", "amal@example.org"),
            ("password", "a long password"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let known = app
        .submit(
            "/forgot-password?lang=en",
            "/forgot-password",
            &[("email", "amal@example.org")],
        )
        .await;
    let unknown = app
        .submit(
            "/forgot-password",
            "/forgot-password",
            &[("email", "ghost@example.org")],
        )
        .await;
    assert_eq!(known.status(), StatusCode::OK);
    assert_eq!(unknown.status(), StatusCode::OK);
    let (known, unknown) = (known.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(
        known.replace("amal@example.org", "X"),
        unknown.replace("ghost@example.org", "X"),
        "the same answer either way"
    );
    assert_eq!(app.run_worker().await.sent, 1);
    let mails = sink.to("amal@example.org");
    assert_eq!(mails.len(), 2, "verification, then reset");
    assert_eq!(sink.to("ghost@example.org").len(), 0);
    let reset = &mails[1];
    assert_eq!(
        reset.subject(),
        translate(Lang::En, "mail-reset-subject", &[])
    );
    let path = reset.link_path(&app.address);

    let res = app
        .submit(
            &path,
            &path,
            &[
                ("password", "a brand new secret"),
                ("password_confirm", "a different one"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .submit(
            &path,
            &path,
            &[
                ("password", "a brand new secret"),
                ("password_confirm", "a brand new secret"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login");
    app.token("amal@example.org", "a brand new secret").await;
    let res = app
        .post_json(
            "/api/v1/tokens",
            &json!({"email": "amal@example.org", "password": "a long password"}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        other
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER,
        "other sessions ended"
    );
    // Used once.
    assert_eq!(app.get(&path).await.status(), StatusCode::GONE);
    let api_reuse = app
        .post_json(
            &format!(
                "/api/v1/password-resets/{}",
                path.trim_start_matches("/reset-password/")
            ),
            &json!({"password": "yet another secret"}),
            None,
        )
        .await;
    assert_eq!(api_reuse.status(), StatusCode::GONE);

    // A new link expires after an hour.
    let res = app
        .post_json(
            "/api/v1/password-resets",
            &json!({"email": "amal@example.org"}),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    app.run_worker().await;
    let path = sink.to("amal@example.org")[2].link_path(&app.address);
    app.advance(Duration::minutes(61));
    let (status, page) = app.page(&path).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("expir"));
}

#[tokio::test]
async fn an_invitation_reaches_a_newcomer_who_signs_up_and_accepts_it() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(Options {
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    app.partnership().await;
    let admin = app.admin_token().await;
    let roles_before = app.count("role_assignments").await;
    let res = app
        .client
        .post(app.url("/api/v1/partnerships/jette-sidi-bibi/coordinators"))
        .header("accept-language", "ar")
        .bearer_auth(&admin)
        .json(&json!({"email": "Rachida@Example.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["invited"], "rachida@example.org");
    app.run_worker().await;
    let invitation = &sink.to("rachida@example.org")[0];
    assert!(
        invitation.subject().contains("Jette – Sidi Bibi"),
        "{}",
        invitation.subject()
    );
    assert!(
        invitation.html().contains("dir=\"rtl\""),
        "Arabic, right to left"
    );
    let path = invitation.link_path(&app.address);

    // An anonymous visitor is asked to sign up with that address, and comes back.
    let (status, page) = app.page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("/signup?next={path}")));
    let res = app
        .submit(
            &format!("/signup?next={path}&email=rachida@example.org"),
            "/signup",
            &[
                ("display_name", "Rachida"),
                ("email", "rachida@example.org"),
                ("password", "a long password"),
                ("next", &path),
            ],
        )
        .await;
    // Signing up from the invitation accepts it at once: straight to the partnership.
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/partnerships/jette-sidi-bibi");
    app.run_worker().await;
    assert_eq!(
        sink.to("rachida@example.org").len(),
        1,
        "the invitation proved the address: no confirmation email"
    );
    let token = app.token("rachida@example.org", "a long password").await;
    let (_, me) = app.get_json("/api/v1/me", Some(&token)).await;
    assert_eq!(me["roles"][0]["role"], "partnership_coordinator");
    assert_eq!(
        me["email_verified"], true,
        "the invitation reached the address"
    );
    assert_eq!(app.get(&path).await.status(), StatusCode::GONE);

    // An invitation for someone else cannot be taken by the signed-in account.
    app.post_json(
        "/api/v1/partnerships/jette-sidi-bibi/coordinators",
        &json!({"email": "omar@example.org"}),
        Some(&admin),
    )
    .await;
    app.run_worker().await;
    let other_path = sink.to("omar@example.org")[0].link_path(&app.address);
    let (_, page) = app.page(&other_path).await;
    assert!(page.contains("omar@example.org"));
    let res = app
        .submit(&other_path, &format!("{other_path}/accept"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .post_json(
            &format!(
                "/api/v1/invitations/{}/accept",
                other_path.trim_start_matches("/invitations/")
            ),
            &json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.count("role_assignments").await,
        roles_before + 1,
        "only Rachida's role was added"
    );
}

#[tokio::test]
async fn messages_queued_while_the_smtp_server_is_down_are_delivered_once_it_is_back() {
    let sink = SmtpSink::start().await;
    sink.set_accepting(false);
    let app = app_with(&sink).await;
    for i in 0..3 {
        sign_up(&app, &format!("m{i}@example.org"), "fr").await;
    }
    let report = app.run_worker().await;
    assert_eq!((report.sent, report.failed_attempts), (0, 3));
    for row in rows(&app).await {
        assert_eq!(row.status, OutboxStatus::Queued);
        assert_eq!(row.attempts, 1);
        assert!(row.last_error.is_some());
        assert!(row.next_attempt_at > app.clock_now());
    }
    // Nothing is retried before its backoff.
    assert_eq!(app.run_worker().await.failed_attempts, 0);
    sink.set_accepting(true);
    app.advance(Duration::minutes(1));
    assert_eq!(app.run_worker().await.sent, 3);
    assert_eq!(app.run_worker().await.sent, 0);
    let got = sink.messages();
    assert_eq!(got.len(), 3);
    let mut ids: Vec<String> = got.iter().map(|m| m.message_id()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "none twice");
}

#[tokio::test]
async fn a_message_failing_every_attempt_is_marked_failed_and_an_admin_can_retry_it() {
    let sink = SmtpSink::start().await;
    sink.set_accepting(false);
    let app = TestApp::spawn_with(Options {
        smtp: Some(sink.url()),
        vars: vec![("PASSERELLE_MAIL_MAX_ATTEMPTS", "2".into())],
        ..Default::default()
    })
    .await;
    sign_up(&app, "unlucky@example.org", "fr").await;
    app.run_worker().await;
    app.advance(Duration::hours(1));
    app.run_worker().await;
    let row = &rows(&app).await[0];
    assert_eq!((row.status, row.attempts), (OutboxStatus::Failed, 2));
    app.advance(Duration::hours(1));
    assert_eq!(
        app.run_worker().await.failed_attempts,
        0,
        "failed messages stay failed"
    );

    app.admin_token().await;
    app.login("root@example.org", "admin password").await;
    let (status, page) = app.page("/admin/outbox?status=failed").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("unlucky@example.org"));
    assert!(page.contains(&format!("/admin/outbox/{}/retry", row.id)));
    let res = app
        .submit(
            "/admin/outbox?status=failed",
            &format!("/admin/outbox/{}/retry", row.id),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    sink.set_accepting(true);
    assert_eq!(app.run_worker().await.sent, 1);
    assert_eq!(sink.to("unlucky@example.org").len(), 1);
    // Retrying a message that is not failed is refused.
    let res = app
        .submit(
            "/admin/outbox",
            &format!("/admin/outbox/{}/retry", row.id),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_rolled_back_transaction_leaves_no_message_and_bad_recipients_are_refused() {
    let app = TestApp::spawn().await;
    let txn = app.db.begin().await.unwrap();
    let email = OutgoingEmail::new(
        MailTemplate::VerifyEmail,
        Lang::Fr,
        "someone@example.org",
        "Someone",
        json!({"link": "https://x.test/"}),
    );
    outbox::queue(&txn, &app.state.mailer, email.clone(), chrono::Utc::now())
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    assert_eq!(app.count("outbox_messages").await, 0);

    for (to, name) in [
        ("someone@example.org", "Someone\r\nBcc: victim@example.org"),
        ("someone@example.org\r\nBcc: victim@example.org", "Someone"),
        ("not an address", "Someone"),
    ] {
        let bad = OutgoingEmail {
            to_email: to.into(),
            to_name: name.into(),
            ..email.clone()
        };
        let res = outbox::queue(&app.db, &app.state.mailer, bad, chrono::Utc::now()).await;
        assert!(
            matches!(res, Err(passerelle::error::AppError::Validation(_))),
            "{to:?} {name:?}"
        );
    }
    assert_eq!(app.count("outbox_messages").await, 0);
}

#[tokio::test]
async fn two_workers_send_every_message_exactly_once() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    for i in 0..30 {
        let email = OutgoingEmail::new(
            MailTemplate::VerifyEmail,
            Lang::En,
            &format!("r{i}@example.org"),
            "R",
            json!({"link": "https://x.test/"}),
        );
        outbox::queue(&app.db, &app.state.mailer, email, app.clock_now())
            .await
            .unwrap();
    }
    let (a, b) = (app.worker("a"), app.worker("b"));
    let (ra, rb) = tokio::join!(a.run_once(), b.run_once());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.sent + rb.sent, 30, "{ra:?} {rb:?}");
    let got = sink.messages();
    assert_eq!(got.len(), 30);
    let mut ids: Vec<String> = got.iter().map(|m| m.message_id()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30);
    assert!(
        rows(&app)
            .await
            .iter()
            .all(|r| r.status == OutboxStatus::Sent && r.attempts == 1)
    );
}

#[tokio::test]
async fn a_message_whose_worker_died_after_sending_is_sent_again_with_the_same_message_id() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    sign_up(&app, "twice@example.org", "fr").await;
    // A worker claims the message, sends it, and dies before recording it.
    let claimed = outbox::claim(&app.db, "doomed", app.clock_now(), Duration::minutes(2), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let transport =
        passerelle::mail::transport::MailTransport::from_config(&app.config, &app.state.storage)
            .unwrap();
    transport
        .send(&claimed[0], &app.config.mail_from, None)
        .await
        .unwrap();
    // While its lease holds, nobody else takes it.
    assert_eq!(app.run_worker().await.sent, 0);
    app.advance(Duration::minutes(3));
    assert_eq!(app.run_worker().await.sent, 1);
    let got = sink.to("twice@example.org");
    assert_eq!(got.len(), 2, "at least once");
    assert_eq!(
        got[0].message_id(),
        got[1].message_id(),
        "recognisably the same message"
    );
    assert_eq!(rows(&app).await[0].status, OutboxStatus::Sent);
}

#[tokio::test]
async fn without_smtp_the_embedded_default_writes_eml_files() {
    let app = TestApp::spawn().await;
    sign_up(&app, "files@example.org", "ar").await;
    assert_eq!(app.run_worker().await.sent, 1);
    let files = app.state.storage.list("mail").await.unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0].0.ends_with(".eml"), "{files:?}");
    let raw = app.state.storage.get(&files[0].0).await.unwrap();
    let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        parsed.subject().unwrap(),
        translate(Lang::Ar, "mail-verify-subject", &[])
    );
}

#[tokio::test]
async fn the_worker_inside_serve_delivers_without_being_asked() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(Options {
        smtp: Some(sink.url()),
        background_worker: true,
        ..Default::default()
    })
    .await;
    sign_up(&app, "prompt@example.org", "fr").await;
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].rcpt, ["prompt@example.org"]);
}

#[tokio::test]
async fn attachments_and_reply_to_travel_with_the_message() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    let mut email = OutgoingEmail::new(
        MailTemplate::VerifyEmail,
        Lang::Fr,
        "guest@example.org",
        "Guest",
        json!({"link": "https://x.test/"}),
    )
    .attach(passerelle::mail::domain::Attachment {
        filename: "sejour.ics".into(),
        content_type: "text/calendar; charset=utf-8".into(),
        bytes: ics.as_bytes().to_vec(),
    });
    email.reply_to = Some("Coordination Jette <jette@example.org>".into());
    outbox::queue(&app.db, &app.state.mailer, email, app.clock_now())
        .await
        .unwrap();
    assert_eq!(app.run_worker().await.sent, 1);
    let got = &sink.messages()[0];
    assert!(
        got.header_text().contains("multipart/mixed"),
        "{}",
        got.header_text()
    );
    assert!(
        got.header_text()
            .contains("Reply-To: \"Coordination Jette\" <jette@example.org>")
            || got
                .header_text()
                .contains("Reply-To: Coordination Jette <jette@example.org>"),
        "{}",
        got.header_text()
    );
    let parsed = got.parsed();
    let attachment = parsed.attachments().next().expect("an attachment");
    use mail_parser::MimeHeaders;
    assert_eq!(attachment.attachment_name(), Some("sejour.ics"));
    assert_eq!(attachment.contents(), ics.as_bytes());
    assert!(parsed.body_text(0).unwrap().contains("https://x.test/"));
}
