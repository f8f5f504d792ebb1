//! The network coordinator's week in a real browser, through the pages only, in French and in
//! Arabic: a Moroccan territory asks for help, a territory with the expertise follows the email's
//! link (logged out, logs in, comes back), answers and publishes a sheet, the requester resolves
//! the request with it and both pages link to each other; a coordinator registers participants
//! to a training and sees them listed. Also: a sheet's method keeps its lines, and the impact
//! page is readable and keyboard-reachable on a phone.

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::browser::{browser, click, fill, log_in, path, select, text, wait_for};
use crate::helpers::{DEMO_PASSWORD, Options, TestApp};
use crate::smtp::SmtpSink;

const JETTE: &str = "coordinator.jette-sidi-bibi@demo.passerelle.test";
const BRAINE: &str = "coordinator.braine-l-alleud-tafraout-ammelne@demo.passerelle.test";
const SCHAERBEEK: &str = "coordinator.schaerbeek-al-hoceima@demo.passerelle.test";

async fn log_out(c: &fantoccini::Client) {
    click(c, "form[action='/logout'] button[type='submit']").await;
    wait_for(c, "nav a[href='/login']").await;
}

/// Where the words of a sheet's method are drawn: (white-space, top of each word).
async fn method_lines(c: &fantoccini::Client, words: &[&str]) -> (String, Vec<f64>) {
    let got = c
        .execute(
            r#"const p = document.querySelector('.sheet-method');
               const t = p.firstChild, s = t.textContent;
               const top = w => { const r = document.createRange(); const i = s.indexOf(w);
                 if (i < 0) return -1; r.setStart(t, i); r.setEnd(t, i + w.length);
                 return r.getBoundingClientRect().top; };
               return [getComputedStyle(p).whiteSpace, arguments[0].map(top)];"#,
            vec![json!(words)],
        )
        .await
        .unwrap();
    let tops = got[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    (got[0].as_str().unwrap_or("").to_owned(), tops)
}

/// Each word starts a line below the previous one.
fn assert_separate_lines(white_space: &str, tops: &[f64]) {
    assert_eq!(white_space, "pre-line");
    assert!(tops.iter().all(|t| *t >= 0.0), "every step shown: {tops:?}");
    for pair in tops.windows(2) {
        assert!(pair[1] > pair[0] + 8.0, "one step per line: {tops:?}");
    }
}

async fn week(lang: &str) {
    let Some(b) = browser().await else { return };
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(Options {
        demo: true,
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    let l = passerelle::web::i18n::Lang::parse(lang).unwrap();
    let say = |key: &str| passerelle::web::i18n::translate(l, key, &[]);
    let c = &b.client;
    c.goto(&app.url(&format!("/?lang={lang}"))).await.unwrap();

    // Sidi Bibi's coordinator asks the network about its seniors.
    log_in(c, &app, JETTE).await;
    click(c, "nav a[href='/practices']").await;
    wait_for(c, "main a[href='/support']").await;
    click(c, "main a[href='/support']").await;
    wait_for(c, "form[action='/support']").await;
    select(c, "territory", "sidi-bibi").await;
    select(c, "topic", "seniors").await;
    fill(c, "title", "Un club des aînés au douar").await;
    fill(c, "need", "Comment lancer un club ?\nQui l'anime ?").await;
    click(c, "form[action='/support'] button[type='submit']").await;
    wait_for(c, "#request-status").await;
    let request = path(c).await;
    assert!(request.starts_with("/support/"), "{request}");
    assert_eq!(text(c, "#request-status").await, say("support-status-open"));
    let today = app
        .clock_now()
        .with_timezone(&chrono_tz::Europe::Brussels)
        .date_naive();
    let asked = passerelle::web::format::date(l, today);
    assert!(
        text(c, "main .meta").await.contains(&asked),
        "dates per language"
    );
    // Told that Pro Senectute Vaud has nobody here, and that it was passed on.
    let recipients = text(c, ".recipients").await;
    assert!(recipients.contains("Pro Senectute Vaud"), "{recipients}");
    assert_eq!(
        c.find_all(Locator::Css(".recipients .unreachable"))
            .await
            .unwrap()
            .len(),
        1
    );
    log_out(c).await;

    // Braine-l'Alleud's coordinator follows the email's link, logged out.
    app.run_worker().await;
    let mail = sink.to(BRAINE);
    assert_eq!(mail.len(), 1);
    let link = mail[0].link_path(&app.address);
    assert_eq!(link, request);
    c.goto(&app.url(&link)).await.unwrap();
    wait_for(c, "a[data-action='log-in']").await;
    click(c, "a[data-action='log-in']").await;
    wait_for(c, "form[action='/login']").await;
    fill(c, "email", BRAINE).await;
    fill(c, "password", DEMO_PASSWORD).await;
    click(c, "form[action='/login'] button[type='submit']").await;
    wait_for(c, "button[data-action='reply']").await;
    assert_eq!(path(c).await, request, "back to the request after login");
    fill(c, "body", "Nous avons un club depuis 2015.\nVenez le voir.").await;
    click(c, "button[data-action='reply']").await;
    wait_for(c, ".thread p.pre-line").await;
    assert!(text(c, ".thread").await.contains("Venez le voir."));

    // ... and publishes the sheet of its method, from the request's page.
    click(c, "a[data-action='publish-sheet']").await;
    wait_for(c, "form[action='/practices/new']").await;
    assert!(
        c.find(Locator::Id("topic-seniors"))
            .await
            .unwrap()
            .prop("checked")
            .await
            .unwrap()
            .as_deref()
            == Some("true"),
        "the request's topic is checked"
    );
    select(c, "territory", "braine-l-alleud").await;
    fill(c, "title", "Un club des aînés en trois étapes").await;
    fill(c, "summary", "Notre club, pas à pas.").await;
    fill(
        c,
        "method",
        "Réunir les aînés\nChoisir un lieu\nFixer un jour",
    )
    .await;
    click(c, "form[action='/practices/new'] button[type='submit']").await;
    wait_for(c, ".sheet-method").await;
    let sheet = path(c).await;
    let (ws, tops) = method_lines(c, &["Réunir", "Choisir", "Fixer"]).await;
    assert_separate_lines(&ws, &tops);
    log_out(c).await;

    // The requester resolves the request with that sheet.
    log_in(c, &app, JETTE).await;
    c.goto(&app.url("/support")).await.unwrap();
    wait_for(c, &format!("main a[href='{request}']")).await;
    click(c, &format!("main a[href='{request}']")).await;
    wait_for(c, "button[data-action='resolve']").await;
    assert!(
        text(c, ".thread")
            .await
            .contains("Nous avons un club depuis 2015.")
    );
    select(c, "practice_sheet", sheet.trim_start_matches("/practices/")).await;
    click(c, "button[data-action='resolve']").await;
    wait_for(c, ".support-sheet a").await;
    assert_eq!(
        text(c, "#request-status").await,
        say("support-status-resolved")
    );
    assert!(
        c.find_all(Locator::Css("[data-action]"))
            .await
            .unwrap()
            .is_empty(),
        "resolved is final"
    );
    // The request links to the sheet, which links back.
    click(c, ".support-sheet a").await;
    wait_for(c, ".sheet-answered").await;
    assert_eq!(path(c).await, sheet);
    let answered = text(c, ".sheet-answered").await;
    assert!(
        answered.contains("Un club des aînés au douar") && answered.contains("Sidi Bibi"),
        "{answered}"
    );
    click(c, &format!(".sheet-answered a[href='{request}']")).await;
    wait_for(c, ".support-sheet").await;
    log_out(c).await;

    // Al Hoceima's coordinator registers two participants to the June training.
    log_in(c, &app, SCHAERBEEK).await;
    click(c, "nav a[href='/practices']").await;
    wait_for(c, "main a[href='/trainings']").await;
    click(c, "main a[href='/trainings']").await;
    wait_for(c, "main ul.cards h2 a").await;
    click(c, "main ul.cards h2 a").await;
    wait_for(c, "form[action$='/register']").await;
    select(c, "territory", "al-hoceima").await;
    fill(c, "participants", "Fatima Zahra\nMohamed Amine").await;
    click(c, "form[action$='/register'] button[type='submit']").await;
    wait_for(c, ".registrations").await;
    let listed = text(c, ".registrations").await;
    assert!(
        listed.contains("Fatima Zahra") && listed.contains("Mohamed Amine"),
        "{listed}"
    );
    let plain = |s: &str| s.replace(['\u{2068}', '\u{2069}'], "");
    let count = passerelle::web::i18n::translate_args(
        l,
        "trainings-participants-count",
        &[("count", passerelle::web::i18n::Arg::Number(2))],
    );
    assert!(
        plain(&listed).contains(&plain(&count)),
        "{listed} / {count}"
    );
    assert!(
        c.find(Locator::Css(".registration button[data-action='cancel']"))
            .await
            .is_ok(),
        "it can be cancelled from here"
    );
    if lang == "ar" {
        assert_eq!(
            crate::browser::html_attr(c, "dir").await.as_deref(),
            Some("rtl")
        );
    }
    b.close().await;
}

#[tokio::test]
async fn a_network_coordinators_week_in_french() {
    week("fr").await;
}

#[tokio::test]
async fn a_network_coordinators_week_in_arabic() {
    week("ar").await;
}

/// What the impact page shows a phone: chart text smaller than 12 px as drawn, and scrolling
/// regions a keyboard cannot reach or a screen reader cannot name.
async fn impact_on_a_phone(c: &fantoccini::Client) -> Value {
    c.execute(
        r#"const small = [], unreachable = []; let texts = 0, scrollers = 0;
           for (const t of document.querySelectorAll('.chart text')) {
             if (!t.textContent.trim()) continue;
             texts++;
             const px = parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a;
             const h = t.getBoundingClientRect().height;
             if (px < 12 || h < 12) small.push([t.textContent, px, h]);
           }
           for (const el of document.querySelectorAll('body *')) {
             const cs = getComputedStyle(el);
             const scrolls = ['auto', 'scroll'].includes(cs.overflowX) || ['auto', 'scroll'].includes(cs.overflowY);
             if (!scrolls || (el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)) continue;
             scrollers++;
             const byId = (el.getAttribute('aria-labelledby') || '').split(' ')
               .map(id => (document.getElementById(id) || {}).textContent || '').join('').trim();
             const name = (el.getAttribute('aria-label') || '').trim() || byId;
             if (el.tabIndex < 0 || el.getAttribute('role') !== 'region' || !name)
               unreachable.push(el.outerHTML.slice(0, 120));
           }
           return {small, unreachable, texts, scrollers};"#,
        vec![],
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn the_impact_page_is_legible_and_reachable_by_keyboard_on_a_phone() {
    let Some(b) = browser().await else { return };
    b.phone().await;
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    for lang in ["fr", "ar"] {
        c.goto(&app.url(&format!("/impact?lang={lang}")))
            .await
            .unwrap();
        wait_for(c, ".impact-chart svg").await;
        let got = impact_on_a_phone(c).await;
        assert!(got["texts"].as_u64().unwrap() > 20, "{lang}: {got}");
        assert_eq!(got["small"], json!([]), "{lang}: text under 12 px");
        assert!(
            got["scrollers"].as_u64().unwrap() >= 4,
            "{lang}: the tables and charts scroll sideways on a phone: {got}"
        );
        assert_eq!(
            got["unreachable"],
            json!([]),
            "{lang}: scrolling regions need tabindex, role and name"
        );
        // The keyboard reaches the first chart's region.
        let focused = c
            .execute(
                "document.querySelector('.chart-scroll').focus();
                 return document.activeElement.classList.contains('chart-scroll')",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(focused, json!(true), "{lang}");
    }
    b.close().await;
}
