//! End to end in a real headless Chromium: home page, switch to Arabic, log in as a demo account.
//! The helpers here (`browser`, `log_in`, `click`, `fill`, `text` ...) serve every journey test
//! (`journey_*.rs`).

use std::process::{Child, Command, Stdio};

use fantoccini::{ClientBuilder, Locator};

use crate::helpers::{DEMO_PASSWORD, TestApp};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A headless Chromium driven through chromedriver; none (with a notice) when they are not
/// installed, unless PASSERELLE_REQUIRE_BROWSER is set.
pub struct Browser {
    pub client: fantoccini::Client,
    _driver: Driver,
    pub _profile: tempfile::TempDir,
}

impl Browser {
    /// A phone-sized window (390×844 CSS pixels), as producers and members mostly use.
    pub async fn phone(&self) {
        self.client.set_window_size(390, 844).await.unwrap();
    }

    /// A file path in the browser's temporary profile, for uploads.
    pub fn temp_path(&self, name: &str) -> std::path::PathBuf {
        self._profile.path().join(name)
    }

    pub async fn close(self) {
        self.client.clone().close().await.unwrap();
    }
}

pub async fn browser() -> Option<Browser> {
    let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(chromedriver) = chromedriver else {
        if std::env::var("PASSERELLE_REQUIRE_BROWSER").is_ok() {
            panic!("PASSERELLE_REQUIRE_BROWSER is set but chromedriver is not installed");
        }
        eprintln!("NOTICE: browser test skipped: install chromium and chromium-driver to run it");
        return None;
    };
    let port = free_port();
    let driver = Driver(
        Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--lang=fr-BE", format!("--user-data-dir={}", profile.path().display())],
            "prefs": {"intl.accept_languages": "fr-BE,fr"}
        }),
    );
    // chromedriver takes a moment to listen: retry the session for up to ~10 s.
    for _ in 0..100 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => {
                return Some(Browser {
                    client,
                    _driver: driver,
                    _profile: profile,
                });
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    panic!("no WebDriver session");
}

#[tokio::test]
async fn a_visitor_switches_to_arabic_and_logs_in() {
    let Some(b) = browser().await else { return };
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    c.goto(&app.url("/")).await.unwrap();
    // The browser asks for French (Accept-Language), the default anyway.
    assert!(text(c, "h1").await.contains("territoires"));

    click(c, "a[hreflang='ar']").await;
    assert_eq!(html_attr(c, "dir").await.as_deref(), Some("rtl"));

    click(c, "a[href='/login']").await;
    assert_eq!(
        html_attr(c, "lang").await.as_deref(),
        Some("ar"),
        "the language choice is remembered"
    );
    let email = c.find(Locator::Id("email")).await.unwrap();
    email
        .send_keys("coordinator.jette-sidi-bibi@demo.passerelle.test")
        .await
        .unwrap();
    let password = c.find(Locator::Id("password")).await.unwrap();
    password.send_keys(DEMO_PASSWORD).await.unwrap();
    click(c, "form[action='/login'] button[type='submit']").await;

    wait_for(c, "form[action='/logout']").await;
    click(c, "a[href='/account']").await;
    assert_eq!(
        text(c, "h1").await,
        "حسابي",
        "the account page, still in Arabic"
    );
    let body = text(c, "main").await;
    assert!(
        body.contains("coordinator.jette-sidi-bibi@demo.passerelle.test"),
        "{body}"
    );
    assert!(
        body.contains("Jette – Sidi Bibi"),
        "the role's partnership is listed: {body}"
    );
    b.close().await;
}

/// Logs the browser in as a demo account through the login form.
pub async fn log_in(c: &fantoccini::Client, app: &TestApp, email: &str) {
    log_in_with(c, app, email, DEMO_PASSWORD).await;
}

/// Logs the browser in through the login form with `email` and `password` (a builder's account).
pub async fn log_in_with(c: &fantoccini::Client, app: &TestApp, email: &str, password: &str) {
    c.goto(&app.url("/login")).await.unwrap();
    fill(c, "email", email).await;
    fill(c, "password", password).await;
    click(c, "form[action='/login'] button[type='submit']").await;
    wait_for(c, "form[action='/logout']").await;
}

/// Sets a date field the way a date picker does (typing into one depends on the browser's
/// locale).
pub async fn set_date(c: &fantoccini::Client, id: &str, value: &str) {
    c.execute(
        "document.getElementById(arguments[0]).value = arguments[1];",
        vec![serde_json::json!(id), serde_json::json!(value)],
    )
    .await
    .unwrap();
}

/// Whether the page is wider than the window (a phone would scroll sideways).
pub async fn overflows(c: &fantoccini::Client) -> bool {
    c.execute(
        "return document.documentElement.scrollWidth > window.innerWidth;",
        vec![],
    )
    .await
    .unwrap()
    .as_bool()
    .unwrap_or(true)
}

/// Logs the browser out with the menu's button and waits for the signed-out page.
pub async fn log_out(c: &fantoccini::Client) {
    click(c, "form[action='/logout'] button[type='submit']").await;
    wait_for(c, "nav a[href='/login']").await;
}

pub async fn click(c: &fantoccini::Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

pub async fn text(c: &fantoccini::Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

pub async fn html_attr(c: &fantoccini::Client, name: &str) -> Option<String> {
    c.find(Locator::Css("html"))
        .await
        .unwrap()
        .attr(name)
        .await
        .unwrap()
}

pub async fn fill(c: &fantoccini::Client, id: &str, value: &str) {
    let field = c
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"));
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

/// Waits for an element to be on the page (after a click that loads another page).
pub async fn wait_for(c: &fantoccini::Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waiting for {css}: {e}"))
}

/// Waits until the element `css` says `needle`: after a click that leads to a page showing the
/// same element as the page before it (a flash, a heading), with another text.
pub async fn wait_for_text(c: &fantoccini::Client, css: &str, needle: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await
            && let Ok(t) = e.text().await
            && t.contains(needle)
        {
            return t;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "waiting for {css} to say {needle:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Chooses `value` in the select box with id `id`.
pub async fn select(c: &fantoccini::Client, id: &str, value: &str) {
    click(c, &format!("#{id} option[value='{value}']")).await;
}

/// The path of the page the browser shows.
pub async fn path(c: &fantoccini::Client) -> String {
    c.current_url().await.unwrap().path().to_owned()
}

#[tokio::test]
async fn a_producer_adds_a_product_with_a_photo_and_it_appears_in_the_catalogue() {
    let Some(b) = browser().await else { return };
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    let photo = b.temp_path("amlou.png");
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(800, 600, |x, y| {
        image::Rgb([(x / 4) as u8, (y / 3) as u8, 120])
    }))
    .save(&photo)
    .unwrap();

    log_in(c, &app, "producer.jette-sidi-bibi@demo.passerelle.test").await;
    c.goto(&app.url("/producer")).await.unwrap();
    click(c, "main ul.rows a").await;
    click(c, "a.button[href$='/products/new']").await;
    fill(c, "name_fr", "Amlou aux noix").await;
    select(c, "category", "preserves").await;
    fill(c, "unit_fr", "pot de 200 g").await;
    fill(c, "price", "6,40").await;
    fill(c, "case_size", "12").await;
    fill(c, "weight_grams", "320").await;
    click(c, "form[action$='/products/new'] button[type='submit']").await;
    wait_for(c, ".flash-success").await;

    // Open the new product's edit page and send a photo from the file picker.
    let link = c
        .find(Locator::XPath(
            "//li[a[normalize-space(.)='Amlou aux noix']]/a[contains(@href, '/edit')]",
        ))
        .await
        .unwrap();
    link.click().await.unwrap();
    c.find(Locator::Id("photo"))
        .await
        .unwrap()
        .send_keys(&photo.display().to_string())
        .await
        .unwrap();
    click(
        c,
        "form[enctype='multipart/form-data'] button[type='submit']",
    )
    .await;
    wait_for(c, ".photo-list img").await;

    c.goto(&app.url("/catalogue?q=noix")).await.unwrap();
    let card = c.find(Locator::Css(".product-card")).await.unwrap();
    assert!(card.text().await.unwrap().contains("Amlou aux noix"));
    let src = card
        .find(Locator::Css("img.thumb"))
        .await
        .unwrap()
        .attr("src")
        .await
        .unwrap()
        .unwrap();
    assert!(
        src.starts_with("/photos/") && src.ends_with("-thumb.jpg"),
        "{src}"
    );
    let loaded = c
        .execute(
            "return document.querySelector('.product-card img.thumb').naturalWidth",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        loaded,
        serde_json::json!(480),
        "the browser shows the thumbnail"
    );
    b.close().await;
}

#[tokio::test]
async fn a_member_fills_a_basket_and_sees_the_case_fill() {
    let Some(b) = browser().await else { return };
    b.phone().await;
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    log_in(c, &app, "member1.jette-sidi-bibi@demo.passerelle.test").await;
    // From the menu to the group, then to its open order window.
    click(c, "nav a[href='/groups']").await;
    click(c, "a[href='/groups/gac-jette']").await;
    c.find(Locator::XPath("//a[bdi=\"Commande d'hiver\"]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let offer = wait_for(c, "form#basket li.offer").await;
    let id = offer.attr("id").await.unwrap().unwrap();
    let gauge = offer.find(Locator::Css("progress")).await.unwrap();
    let size: i64 = gauge.attr("max").await.unwrap().unwrap().parse().unwrap();
    let before: i64 = gauge.attr("value").await.unwrap().unwrap().parse().unwrap();
    let field = offer
        .find(Locator::Css("input[name^='quantity[']"))
        .await
        .unwrap();
    let mine: i64 = field.prop("value").await.unwrap().unwrap().parse().unwrap();
    field.clear().await.unwrap();
    field.send_keys(&(mine + 1).to_string()).await.unwrap();
    // One button saves the whole basket; it sits in the bar with the running total.
    assert_eq!(
        c.find_all(Locator::Css("form#basket button[type='submit']"))
            .await
            .unwrap()
            .len(),
        1,
        "one form, one button"
    );
    click(c, "#basket-bar button[type='submit']").await;
    let saved = wait_for(c, "#basket-saved").await;
    // The confirmation is where the member is, not at the top of a long page.
    let seen = c
        .execute(
            "const r = document.getElementById('basket-saved').getBoundingClientRect(); \
             return r.top >= 0 && r.bottom <= window.innerHeight;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        seen,
        serde_json::json!(true),
        "{}",
        saved.text().await.unwrap()
    );
    let offer = c.find(Locator::Id(&id)).await.unwrap();
    let after: i64 = offer
        .find(Locator::Css("progress"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        after,
        (before + 1) % size,
        "the case fills by the unit added"
    );
    let fill_text = offer
        .find(Locator::Css(".fill-text"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        fill_text.contains(&format!("{after} sur {size}")),
        "{fill_text}"
    );
    let total = text(c, "#basket-total").await;
    assert!(total.contains('€'), "the running total: {total}");
    let basket = text(c, ".basket-summary").await;
    assert!(basket.contains(&format!("× {}", mine + 1)), "{basket}");
    b.close().await;
}

#[tokio::test]
async fn a_traveller_books_a_stay() {
    let Some(b) = browser().await else { return };
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    log_in(c, &app, "traveller@demo.passerelle.test").await;
    click(c, "nav a[href='/trips']").await;
    click(
        c,
        "a[href='/trips/six-jours-dans-la-reserve-de-biosphere-de-l-arganeraie']",
    )
    .await;
    let departure = c.find(Locator::Css("section.departure")).await.unwrap();
    let left_before = departure
        .find(Locator::Css(".places-left"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let names = departure
        .find(Locator::Css("textarea[name='travellers']"))
        .await
        .unwrap();
    names.clear().await.unwrap();
    names
        .send_keys("Anna Janssens\nBen Janssens")
        .await
        .unwrap();
    departure
        .find(Locator::Css("button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("booking-status"))
        .await
        .unwrap();
    assert!(path(c).await.starts_with("/bookings/"));
    let body = text(c, "main").await;
    assert!(
        body.contains("Anna Janssens") && body.contains("Ben Janssens"),
        "{body}"
    );
    assert!(
        c.find(Locator::Css("a.button[href^='/pay/']"))
            .await
            .is_ok(),
        "a link to pay"
    );
    // Back on the trip page, two places fewer.
    c.back().await.unwrap();
    c.refresh().await.unwrap();
    let left_after = text(c, "section.departure .places-left").await;
    assert_ne!(left_before, left_after, "{left_before} / {left_after}");
    b.close().await;
}

#[tokio::test]
async fn a_coordinator_publishes_a_practice_sheet_and_a_visitor_finds_it() {
    let Some(b) = browser().await else { return };
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    c.goto(&app.url("/login")).await.unwrap();
    fill(
        c,
        "email",
        "coordinator.schaerbeek-al-hoceima@demo.passerelle.test",
    )
    .await;
    fill(c, "password", DEMO_PASSWORD).await;
    click(c, "form[action='/login'] button[type='submit']").await;
    wait_for(c, "form[action='/logout']").await;
    click(c, "nav a[href='/practices']").await;
    click(c, "a[href='/practices/new']").await;
    select(c, "territory", "schaerbeek").await;
    click(c, "#topic-water").await;
    fill(c, "title", "Fontaines publiques partagées").await;
    fill(
        c,
        "summary",
        "Comment Schaerbeek a remis en service ses fontaines avec les habitants.",
    )
    .await;
    fill(
        c,
        "method",
        "1. Inventaire\n2. Parrainage par les riverains",
    )
    .await;
    click(c, "form[action='/practices/new'] button[type='submit']").await;
    wait_for(c, ".flash-success").await;
    assert_eq!(text(c, "h1").await, "Fontaines publiques partagées");
    // Log out, then find it as a visitor.
    log_out(c).await;
    c.goto(&app.url("/practices")).await.unwrap();
    fill(c, "q", "fontaines").await;
    select(c, "topic", "water").await;
    click(c, "form.filters button[type='submit']").await;
    // The filtered page has loaded when the search box comes back holding the words.
    wait_for(c, "input#q[value='fontaines']").await;
    click(c, "main ul.cards a[href^='/practices/fontaines']").await;
    wait_for(c, "p.pre-line").await;
    let body = text(c, "main").await;
    assert!(body.contains("Parrainage par les riverains"), "{body}");
    b.close().await;
}
