//! The main pages, as each role sees them, in a real browser: axe-core finds no WCAG 2.1 AA
//! violation, and the first load of a page (HTML, stylesheet, icon; photos aside) weighs under
//! 100 KB as sent over the wire.

use fantoccini::Locator;

use crate::browser::{Browser, browser, log_in, log_out};
use crate::helpers::TestApp;

/// The largest first load of a page, photos aside, in bytes sent.
const PAGE_BUDGET: u64 = 100 * 1024;

/// axe-core's source, installed by `.ci/run` (`npm ci` in tests/a11y); none when missing,
/// unless the browser test is required.
fn axe_source() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/a11y/node_modules/axe-core/axe.min.js"
    );
    match std::fs::read_to_string(path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var("PASSERELLE_REQUIRE_BROWSER").is_ok() => {
            panic!("axe-core is missing: run `npm ci` in tests/a11y")
        }
        Err(_) => {
            eprintln!("NOTICE: accessibility test skipped: run `npm ci` in tests/a11y");
            None
        }
    }
}

/// The WCAG 2.1 A and AA violations axe-core finds on the page the browser shows, one line each.
async fn violations(c: &fantoccini::Client, axe: &str) -> Vec<String> {
    c.execute(axe, vec![]).await.expect("axe-core loads");
    let found = c
        .execute(
            "return axe.run(document, {runOnly: {type: 'tag', values: \
             ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => r.violations.map(v => \
             v.id + ' (' + v.impact + '): ' + v.nodes.length + ' × ' + \
             v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))",
            vec![],
        )
        .await
        .expect("axe-core runs");
    found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// What the page's first load sent (compressed bodies of the page and its resources, photos aside).
async fn first_load_bytes(c: &fantoccini::Client) -> u64 {
    let v = c
        .execute(
            "const all = performance.getEntriesByType('navigation').concat(\
             performance.getEntriesByType('resource').filter(r => !r.name.includes('/photos/')));\
             return all.reduce((s, e) => s + (e.encodedBodySize || 0), 0);",
            vec![],
        )
        .await
        .expect("resource timing");
    v.as_u64().unwrap_or(u64::MAX)
}

/// Checks each page; returns the problems found.
async fn check(b: &Browser, app: &TestApp, axe: &str, pages: &[String]) -> Vec<String> {
    let c = &b.client;
    let mut problems = Vec::new();
    for path in pages {
        c.goto(&app.url(path)).await.unwrap();
        c.wait().for_element(Locator::Css("footer")).await.unwrap();
        for v in violations(c, axe).await {
            problems.push(format!("{path}: {v}"));
        }
        let bytes = first_load_bytes(c).await;
        if bytes > PAGE_BUDGET {
            problems.push(format!("{path}: first load {bytes} bytes > {PAGE_BUDGET}"));
        }
    }
    problems
}

/// The first link on `path` matching `css`, as a path.
async fn first_link(c: &fantoccini::Client, app: &TestApp, path: &str, css: &str) -> String {
    c.goto(&app.url(path)).await.unwrap();
    let href = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} on {path}: {e}"))
        .attr("href")
        .await
        .unwrap()
        .unwrap_or_default();
    href.split('#').next().unwrap_or("").to_owned()
}

#[tokio::test]
async fn the_main_pages_pass_axe_and_stay_light_in_french_and_arabic() {
    let Some(axe) = axe_source() else { return };
    let Some(b) = browser().await else { return };
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    let product = first_link(c, &app, "/catalogue", "a[href^='/products/']").await;
    let producer = first_link(c, &app, &product, "a[href^='/producers/']").await;
    let trip = first_link(c, &app, "/trips", "a[href^='/trips/']").await;
    let sheet = first_link(c, &app, "/practices", "a[href^='/practices/']").await;
    let training = first_link(c, &app, "/trainings", "a[href^='/trainings/']").await;
    let mut public: Vec<String> = [
        "/",
        "/catalogue",
        &product,
        &producer,
        "/groups",
        "/trips",
        &trip,
        "/practices",
        &sheet,
        "/trainings",
        &training,
        "/partnerships",
        "/partnerships/jette-sidi-bibi",
        "/partnerships/jette-sidi-bibi/fund",
        "/impact",
        "/partnerships/jette-sidi-bibi/impact",
        "/territories",
        "/territories/jette",
        "/login",
        "/signup",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut problems = check(&b, &app, &axe, &public).await;
    c.goto(&app.url("/?lang=ar")).await.unwrap();
    public.truncate(8);
    problems.extend(
        check(&b, &app, &axe, &public)
            .await
            .into_iter()
            .map(|p| format!("[ar] {p}")),
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    b.close().await;
}

#[tokio::test]
async fn the_pages_of_members_producers_and_coordinators_pass_axe() {
    let Some(axe) = axe_source() else { return };
    let Some(b) = browser().await else { return };
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    let mut problems = Vec::new();
    // A member: their space, the group, the open order, a payment; the account page.
    log_in(c, &app, "member1.jette-sidi-bibi@demo.passerelle.test").await;
    let campaign = first_link(c, &app, "/groups/gac-jette", "a[href^='/campaigns/']").await;
    problems.extend(
        check(
            &b,
            &app,
            &axe,
            &[
                "/me".into(),
                "/account".into(),
                "/groups/gac-jette".into(),
                campaign,
            ],
        )
        .await,
    );
    // A producer, in Arabic.
    log_out(c).await;
    log_in(c, &app, "producer.jette-sidi-bibi@demo.passerelle.test").await;
    c.goto(&app.url("/producer?lang=ar")).await.unwrap();
    let manage = first_link(c, &app, "/producer", "main a[href^='/producer/']").await;
    problems.extend(
        check(&b, &app, &axe, &["/me".into(), "/producer".into(), manage])
            .await
            .into_iter()
            .map(|p| format!("[ar] {p}")),
    );
    // The partnership's coordinator and treasurer, back in French.
    log_out(c).await;
    log_in(c, &app, "coordinator.jette-sidi-bibi@demo.passerelle.test").await;
    c.goto(&app.url("/me?lang=fr")).await.unwrap();
    problems.extend(
        check(
            &b,
            &app,
            &axe,
            &[
                "/me".into(),
                "/partnerships/jette-sidi-bibi/payments".into(),
                "/partnerships/jette-sidi-bibi/producers".into(),
                "/support".into(),
            ],
        )
        .await,
    );
    // A traveller and the host.
    log_out(c).await;
    log_in(c, &app, "traveller@demo.passerelle.test").await;
    problems.extend(check(&b, &app, &axe, &["/me".into()]).await);
    log_out(c).await;
    log_in(c, &app, "host.jette-sidi-bibi@demo.passerelle.test").await;
    problems.extend(check(&b, &app, &axe, &["/me".into(), "/host".into()]).await);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    b.close().await;
}
