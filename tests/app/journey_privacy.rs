//! A traveller's personal data, in a real browser at phone size, through the pages only: the
//! demo traveller downloads their data (the file holds their bookings) and is told that their
//! stays to come keep the account open, with the link to each; a traveller with only past stays
//! closes their account in French, another person in Arabic (right to left); neither can log
//! in again.

use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::browser::{browser, click, fill, log_in, log_in_with, log_out, overflows, wait_for};
use crate::helpers::TestApp;
use crate::personal::{DEMO_TRAVELLER, Marks, demo_with_history, hand_past_stay, sign_up};

const PASSWORD: &str = "a long password";

/// Switches the pages to `lang` with the language menu.
async fn speak(c: &Client, lang: &str) {
    click(c, &format!("a[hreflang='{lang}']")).await;
    wait_for(c, &format!("html[lang='{lang}']")).await;
}

/// The data file, as the browser downloads it: (Content-Disposition, document).
async fn fetch_data(c: &Client) -> (String, Value) {
    let got = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/account/data.json').then(r => r.text().then(body =>
               done(JSON.stringify({disposition: r.headers.get('content-disposition'), body}))),
               e => done('ERROR ' + e));",
            vec![],
        )
        .await
        .unwrap();
    let got: Value = serde_json::from_str(got.as_str().unwrap()).expect("the fetch answered");
    (
        got["disposition"].as_str().unwrap_or_default().to_owned(),
        serde_json::from_str(got["body"].as_str().unwrap()).expect("JSON"),
    )
}

/// From the account page: closes the account with the password, then finds the login refused.
async fn close_and_stay_out(c: &Client, app: &TestApp, email: &str, refused: &str) {
    click(c, "a[href='/account/close']").await;
    wait_for(c, "form[action='/account/close']").await;
    assert!(
        c.find(Locator::Css("#close-blockers")).await.is_err(),
        "nothing blocks"
    );
    fill(c, "password", "not my password").await;
    click(c, "form[action='/account/close'] button[type='submit']").await;
    wait_for(c, "#password[aria-invalid='true']").await;
    fill(c, "password", PASSWORD).await;
    click(c, "form[action='/account/close'] button[type='submit']").await;
    wait_for(c, "#account-closed").await;
    wait_for(c, "nav a[href='/login']").await;
    assert!(!overflows(c).await, "the closed page fits a phone");

    c.goto(&app.url("/login")).await.unwrap();
    fill(c, "email", email).await;
    fill(c, "password", PASSWORD).await;
    click(c, "form[action='/login'] button[type='submit']").await;
    let alert = wait_for(c, ".form-errors[role='alert']").await;
    assert!(
        alert.text().await.unwrap().contains(refused),
        "the login is refused"
    );
    assert!(
        c.find(Locator::Css("form[action='/logout']"))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_traveller_downloads_their_data_and_closes_their_account() {
    let Some(b) = browser().await else { return };
    b.phone().await;
    let app = demo_with_history().await;
    let c = &b.client;

    // The demo traveller: their data, then the closing held by the stays to come.
    log_in(c, &app, DEMO_TRAVELLER).await;
    speak(c, "fr").await;
    c.goto(&app.url("/account")).await.unwrap();
    let link = wait_for(c, "a[href='/account/data']").await;
    assert_eq!(link.text().await.unwrap(), "Télécharger mes données");
    link.click().await.unwrap();
    wait_for(c, "a[href='/account/data.json'][download]").await;
    let shown = c
        .find_all(Locator::Css("li.data-booking"))
        .await
        .unwrap()
        .len();
    assert!(!overflows(c).await, "the data page fits a phone");
    let (disposition, data) = fetch_data(c).await;
    assert!(disposition.starts_with("attachment; filename=\"passerelle-data-"));
    assert_eq!(data["account"]["email"], DEMO_TRAVELLER);
    let bookings = data["bookings"].as_array().unwrap();
    assert!(bookings.len() > 4, "the file holds the bookings");
    assert_eq!(bookings.len(), shown, "the page shows every booking");
    assert!(
        bookings
            .iter()
            .all(|b| b["travellers"].as_array().is_some_and(|t| !t.is_empty()))
    );

    click(c, "a[href='/account/close']").await;
    let blockers = wait_for(c, "#close-blockers").await;
    assert!(
        blockers
            .text()
            .await
            .unwrap()
            .contains("est encore à venir")
    );
    let stay = wait_for(c, ".blocker-stay_to_come a[href^='/bookings/']").await;
    assert!(
        c.find(Locator::Id("password")).await.is_err(),
        "no form while blocked"
    );
    stay.click().await.unwrap();
    wait_for(c, "main").await;
    assert!(crate::browser::path(c).await.starts_with("/bookings/"));
    log_out(c).await;

    // A traveller whose stays are all past closes their account, in French.
    let m = Marks::new("jp61");
    let (_, _) = sign_up(&app, &m).await;
    let me = crate::personal::user_id(&app, &m.email).await;
    hand_past_stay(&app, me, &m).await;
    log_in_with(c, &app, &m.email, PASSWORD).await;
    speak(c, "fr").await;
    c.goto(&app.url("/account")).await.unwrap();
    close_and_stay_out(c, &app, &m.email, "mot de passe").await;
    let left = crate::personal::scan(&app, &[&m.name, &m.phone, &m.dietary]).await;
    assert!(left.is_empty(), "{left:?}");

    // Another person, in Arabic, right to left.
    let a = Marks::new("ar83");
    sign_up(&app, &a).await;
    log_in_with(c, &app, &a.email, PASSWORD).await;
    speak(c, "ar").await;
    wait_for(c, "html[dir='rtl']").await;
    c.goto(&app.url("/account")).await.unwrap();
    wait_for(c, "html[dir='rtl']").await;
    let link = wait_for(c, "a[href='/account/data']").await;
    assert_eq!(link.text().await.unwrap(), "تنزيل بياناتي");
    link.click().await.unwrap();
    wait_for(c, "a[href='/account/data.json'][download]").await;
    let (_, data) = fetch_data(c).await;
    assert_eq!(data["account"]["email"], a.email.as_str());
    c.goto(&app.url("/account")).await.unwrap();
    close_and_stay_out(c, &app, &a.email, "").await;
    wait_for(c, "html[dir='rtl']").await;
    b.close().await;
}
