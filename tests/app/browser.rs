//! End to end in a real headless Chromium: home page, switch to Arabic, log in as a demo account.

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

#[tokio::test]
async fn a_visitor_switches_to_arabic_and_logs_in() {
    let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(chromedriver) = chromedriver else {
        if std::env::var("PASSERELLE_REQUIRE_BROWSER").is_ok() {
            panic!("PASSERELLE_REQUIRE_BROWSER is set but chromedriver is not installed");
        }
        eprintln!("NOTICE: browser test skipped: install chromium and chromium-driver to run it");
        return;
    };
    let app = TestApp::spawn_demo().await;
    let port = free_port();
    let _driver = Driver(
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
    let mut client = None;
    for _ in 0..100 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    let c = client.expect("a WebDriver session");

    c.goto(&app.url("/")).await.unwrap();
    // The browser asks for French (Accept-Language), the default anyway.
    assert!(text(&c, "h1").await.contains("territoires"));

    click(&c, "a[hreflang='ar']").await;
    assert_eq!(html_attr(&c, "dir").await.as_deref(), Some("rtl"));

    click(&c, "a[href='/login']").await;
    assert_eq!(
        html_attr(&c, "lang").await.as_deref(),
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
    click(&c, "form[action='/login'] button[type='submit']").await;

    c.wait()
        .for_element(Locator::Css("form[action='/logout']"))
        .await
        .unwrap();
    click(&c, "a[href='/account']").await;
    assert_eq!(
        text(&c, "h1").await,
        "حسابي",
        "the account page, still in Arabic"
    );
    let body = text(&c, "main").await;
    assert!(
        body.contains("coordinator.jette-sidi-bibi@demo.passerelle.test"),
        "{body}"
    );
    assert!(
        body.contains("Jette – Sidi Bibi"),
        "the role's partnership is listed: {body}"
    );
    c.close().await.unwrap();
}

async fn click(c: &fantoccini::Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn text(c: &fantoccini::Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

async fn html_attr(c: &fantoccini::Client, name: &str) -> Option<String> {
    c.find(Locator::Css("html"))
        .await
        .unwrap()
        .attr(name)
        .await
        .unwrap()
}
