//! The administrator's week, in a real browser: from the login to a new partnership with its
//! coordinator, who follows the invitation's email in Arabic and lands on the partnership as its
//! coordinator; the account page and the personal space along the way.

use fantoccini::Locator;

use crate::browser::{browser, click, fill, log_in, log_out, path, select, text, wait_for};
use crate::helpers::{Options, TestApp};
use crate::smtp::SmtpSink;

#[tokio::test]
async fn an_admin_pairs_two_territories_and_their_coordinator_takes_over_in_arabic() {
    let Some(b) = browser().await else { return };
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(Options {
        demo: true,
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    let c = &b.client;

    // French: the login lands on the admin's own space, which leads to the administration.
    log_in(c, &app, "admin@demo.passerelle.test").await;
    assert_eq!(path(c).await, "/me");
    click(c, "nav a[href='/admin']").await;
    wait_for(c, "a[href='/admin/territories']").await;
    assert_eq!(text(c, "h1").await, "Administration");

    // Two territories, then their partnership.
    for (name, slug, country) in [("Forest", "forest", "BE"), ("Jerada", "jerada", "MA")] {
        c.goto(&app.url("/admin/territories/new")).await.unwrap();
        fill(c, "name", name).await;
        fill(c, "slug", slug).await;
        select(c, "country", country).await;
        click(c, "form[action='/admin/territories'] button[type='submit']").await;
        wait_for(c, "h1[dir='auto']").await;
        assert_eq!(path(c).await, format!("/territories/{slug}"));
    }
    c.goto(&app.url("/admin/partnerships/new")).await.unwrap();
    select(c, "belgian_territory", "forest").await;
    select(c, "partner_territory", "jerada").await;
    fill(c, "since", "2008").await;
    click(
        c,
        "form[action='/admin/partnerships'] button[type='submit']",
    )
    .await;
    wait_for(c, ".flash-success").await;
    let slug = "forest-jerada";
    assert_eq!(path(c).await, format!("/partnerships/{slug}"));

    // Back in the administration, the partnership's coordinators.
    click(c, "nav a[href='/admin']").await;
    wait_for(c, "a[href='/admin/partnerships']")
        .await
        .click()
        .await
        .unwrap();
    wait_for(c, &format!("a[href='/admin/partnerships/{slug}/edit']"))
        .await
        .click()
        .await
        .unwrap();
    wait_for(c, "form[action$='/coordinators']").await;

    // A coordinator who has no account yet is invited by email.
    fill(c, "email", "karima@jerada.example").await;
    click(c, "form[action$='/coordinators'] button[type='submit']").await;
    wait_for(c, ".flash-success, .flash-info").await;
    app.run_worker().await;
    let mail = sink.to("karima@jerada.example");
    assert_eq!(mail.len(), 1, "the invitation was sent");
    let link = mail[0].link_path(&app.address);
    assert!(link.starts_with("/invitations/"), "{link}");
    log_out(c).await;

    // Arabic: Karima follows the link, signs up with the invited address, and is the
    // partnership's coordinator at once (no confirmation email: the invitation proved it).
    c.goto(&app.url(&format!("{link}?lang=ar"))).await.unwrap();
    assert_eq!(
        c.find(Locator::Css("html"))
            .await
            .unwrap()
            .attr("dir")
            .await
            .unwrap()
            .as_deref(),
        Some("rtl")
    );
    click(c, "a.button[href^='/signup']").await;
    wait_for(c, "form[action='/signup']").await;
    fill(c, "display_name", "كريمة").await;
    fill(c, "password", "une phrase de passe").await;
    click(c, "form[action='/signup'] button[type='submit']").await;
    wait_for(c, ".flash-success").await;
    assert_eq!(path(c).await, format!("/partnerships/{slug}"));
    assert!(
        c.find(Locator::Css(&format!(
            "a[href='/partnerships/{slug}/edit']"
        )))
        .await
        .is_ok(),
        "she can edit the partnership she coordinates"
    );
    app.run_worker().await;
    assert_eq!(
        sink.to("karima@jerada.example").len(),
        1,
        "nothing else to confirm"
    );

    // Her own space lists her role; the account page speaks Arabic.
    click(c, "nav a[href='/me']").await;
    wait_for(c, "#todo-heading").await;
    let space = text(c, "main").await;
    assert!(space.contains("Forest"), "{space}");
    click(c, "nav a[href='/account']").await;
    wait_for(c, "form[action='/account/profile']").await;
    assert_eq!(text(c, "h1").await, "حسابي");
    b.close().await;
}
